// Telling the other side of a new message, through the outbox, in the
// transaction that writes the message: the buyer's message goes to the
// contacts of each order's vendor (its vendor users and the order's updating
// members), the vendor's to the order's tracking members. Addresses that
// opted out and the author are left out. The Reply-To carries a signed token
// naming the message, so a plain email reply finds the conversation.
import type { Db } from '../db/schema.ts';
import { renderMessageNoticeEmail } from '../domain/messages/notice-email.ts';
import { replyAddress } from '../domain/messages/reply-address.ts';
import { newSids } from '../domain/sid.ts';
import type { Principal } from '../http/context.ts';
import { signHexFor } from '../http/signed-url.ts';

/** The signed token of a message's reply address. */
export function replyToken(organizationSid: string, messageSid: string): string {
  return `${messageSid.toLowerCase()}.${signHexFor('message-reply', `${organizationSid}\n${messageSid}`)}`;
}

/** Whether a token's signature is the one made for this message of this organization. */
export function isReplyToken(organizationSid: string, messageSid: string, signature: string): boolean {
  return replyToken(organizationSid, messageSid) === `${messageSid.toLowerCase()}.${signature}`;
}

interface NoticeMessage {
  sid: string;
  content: string;
}

interface Recipient {
  orderSid: string;
  email: string;
  firstName: string | null;
}

/** Writes the notices of a new message; answers how many. */
export async function queueMessageNotices(
  tx: Db,
  ctx: { author: Principal; origin: string; now: Date },
  message: NoticeMessage,
  lines: readonly { orderSid: string; itemGroupSid: string | null; label: string | null }[],
): Promise<number> {
  const { author } = ctx;
  const organizationSid = author.organizationSid;
  const orderSids = [...new Set(lines.map((l) => l.orderSid))];
  if (!orderSids.length) return 0;
  const orders = await tx
    .selectFrom('orders')
    .select(['sid', 'uniqueName', 'vendorSid', 'vendorName'])
    .where('organizationSid', '=', organizationSid)
    .where('sid', 'in', orderSids)
    .execute();
  // The order's members of one kind: who tracks it (told of a vendor's message), who updates it (told of staff's).
  const members = (type: 'tracking' | 'updating') =>
    tx
      .selectFrom('orderMembers as m')
      .innerJoin('users as u', 'u.sid', 'm.memberSid')
      .select(['m.orderSid', 'u.email', 'u.firstName'])
      .where('m.organizationSid', '=', organizationSid)
      .where('m.type', '=', type)
      .where('m.orderSid', 'in', orderSids)
      .where('u.sid', '!=', author.userSid)
      .execute();
  const byVendor = author.role === 'vendor';
  const recipients: Recipient[] = byVendor
    ? await members('tracking')
    : [
        ...(await tx
          .selectFrom('orders as o')
          .innerJoin('userVendors as uv', 'uv.vendorSid', 'o.vendorSid')
          .innerJoin('users as u', 'u.sid', 'uv.userSid')
          .select(['o.sid as orderSid', 'u.email', 'u.firstName'])
          .where('o.sid', 'in', orderSids)
          .where('u.role', '=', 'vendor')
          .execute()),
        ...(await members('updating')),
      ];
  const optedOut = new Set(
    (
      await tx
        .selectFrom('emailOptOuts')
        .select('email')
        .where('organizationSid', '=', organizationSid)
        .where('optOut', '=', true)
        .execute()
    ).map((o) => o.email.trim().toLowerCase()),
  );
  const settings = await tx
    .selectFrom('organizations as o')
    .leftJoin('organizationSettings as s', 's.organizationSid', 'o.sid')
    .select(['o.name', 's.replyTo'])
    .where('o.sid', '=', organizationSid)
    .executeTakeFirstOrThrow();
  const replyTo = replyAddress(
    settings.replyTo ?? new URL(ctx.origin).hostname,
    replyToken(organizationSid, message.sid),
  );

  // One email per address and order: a contact listed twice (vendor user and member) gets one.
  const seen = new Set<string>();
  const emails = recipients.flatMap((r) => {
    const address = r.email.trim().toLowerCase();
    const key = `${r.orderSid}\n${address}`;
    if (seen.has(key) || optedOut.has(address)) return [];
    seen.add(key);
    const order = orders.find((o) => o.sid === r.orderSid);
    if (!order) return [];
    const orderNumber = order.uniqueName ?? order.sid;
    const labels = lines.filter((l) => l.orderSid === r.orderSid && l.label !== null).map((l) => l.label ?? '');
    const rendered = renderMessageNoticeEmail({
      organizationName: settings.name,
      recipientName: r.firstName,
      authorName: author.name,
      authorSide: byVendor ? (order.vendorName ?? 'the vendor') : settings.name,
      orderNumber,
      lines: labels,
      content: message.content,
      link: byVendor ? `${ctx.origin}/orders/${encodeURIComponent(order.sid)}#messages` : `${ctx.origin}/portal`,
      why: byVendor
        ? `You receive this as a member tracking ${orderNumber} at ${settings.name}.`
        : `You receive this as a contact of ${order.vendorName ?? 'the vendor'} for ${settings.name}.`,
    });
    return [{ toAddress: r.email, ...rendered }];
  });
  if (!emails.length) return 0;
  const sids = newSids('EM', emails.length);
  await tx
    .insertInto('outboxEmails')
    .values(
      emails.map((e, i) => ({
        sid: sids[i],
        organizationSid,
        created: ctx.now,
        updated: ctx.now,
        updateRequestSid: null,
        messageSid: message.sid,
        kind: 'messageNotice',
        toAddress: e.toAddress,
        replyTo,
        subject: e.subject,
        textBody: e.text,
        htmlBody: e.html,
        headers: JSON.stringify(e.headers),
        lastError: null,
        nextAttemptAt: null,
        sent: null,
      })),
    )
    .execute();
  // The relay sends what is pending on its next pass (every minute with SMTP).
  return emails.length;
}
