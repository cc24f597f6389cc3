// A raw email received (receiveRawInboundEmail): parsed, stored with its
// original and attachments, and matched to its conversation by the signed
// token of a reply address or by the email it answers (In-Reply-To,
// References). A match from a contact becomes a message on the same records;
// anything else is held with its reason and attached to nothing.
import PostalMime, { type Address, type Email } from 'postal-mime';
import { storeFile } from '../db/files.ts';
import { publishChanges, vendorsOfRecords } from '../db/live-bus.ts';
import { concernsOf, linksToSids, openLinesOf } from '../db/messages.ts';
import type { Db, Row } from '../db/schema.ts';
import { messageLineLabel } from '../domain/messages/line-label.ts';
import { tokenOfAddress } from '../domain/messages/reply-address.ts';
import { trimQuotedReply } from '../domain/messages/reply-text.ts';
import { newSid } from '../domain/sid.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { directReplyChange, directReplyMessage } from '../domain/follow-up/flags.ts';
import { afterLineChanges } from './follow-up-lines.ts';
import { applyFlagChanges } from './follow-up-run.ts';
import { isReplyToken, queueMessageNotices } from './message-notices.ts';

/** At most this many attachments are kept; an email with more is held. */
export const MAX_INBOUND_ATTACHMENTS = 10;

type LinkRow = { orderSid: string | null; itemSid: string | null; itemGroupSid: string | null };

interface Thread {
  /** The records the reply belongs to, as the message it answers was linked. */
  links: LinkRow[];
  /** The outbox email it answers, when matched by its headers. */
  outboxSid: string | null;
}

const mailboxes = (list: readonly Address[] | undefined): { name: string; address: string }[] =>
  (list ?? []).flatMap((a) => (a.group ? a.group : [a])).filter((m) => m.address !== '');

/** The Message-IDs an email names as the ones it answers. */
function answeredIds(email: Email): string[] {
  return `${email.inReplyTo ?? ''} ${email.references ?? ''}`.match(/<[^<>\s]+>/g) ?? [];
}

/** Parses a raw email; MIME it cannot read is a 400 naming the content. */
export async function parseRawEmail(raw: Uint8Array): Promise<Email> {
  try {
    return await PostalMime.parse(raw, { maxNestingDepth: 50, attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    throw badRequest(`The email cannot be read: ${error instanceof Error ? error.message : String(error)}.`, 'content');
  }
}

async function threadOf(db: Db, organizationSid: string, email: Email): Promise<Thread | string> {
  const recipients = [...mailboxes(email.to), ...mailboxes(email.cc)].map((m) => m.address);
  if (email.deliveredTo) recipients.push(email.deliveredTo);
  const tokens = recipients.map(tokenOfAddress).filter((t) => t !== null);
  if (tokens.length) {
    const valid = tokens.find((t) => isReplyToken(organizationSid, t.messageSid, t.signature));
    if (!valid) return 'Its reply address carries a token that is not valid.';
    const links = await db
      .selectFrom('messageLinks')
      .innerJoin('messages', 'messages.sid', 'messageLinks.messageSid')
      .select(['messageLinks.orderSid', 'messageLinks.itemSid', 'messageLinks.itemGroupSid'])
      .where('messages.organizationSid', '=', organizationSid)
      .where('messageLinks.messageSid', '=', valid.messageSid)
      .execute();
    return links.length ? { links, outboxSid: null } : 'The conversation of its reply address is gone.';
  }
  // A reply to one of the organization's emails: its Message-ID is <outbox sid@host>.
  const outboxSids = answeredIds(email).flatMap((id) => /^<(EM[a-z0-9]+)@/.exec(id)?.[1] ?? []);
  if (outboxSids.length) {
    const sent = await db
      .selectFrom('outboxEmails')
      .select(['sid', 'messageSid', 'updateRequestSid'])
      .where('organizationSid', '=', organizationSid)
      .where('sid', 'in', outboxSids)
      .orderBy('created', 'desc')
      .executeTakeFirst();
    if (sent?.messageSid) {
      const links = await db
        .selectFrom('messageLinks')
        .select(['orderSid', 'itemSid', 'itemGroupSid'])
        .where('messageSid', '=', sent.messageSid)
        .execute();
      if (links.length) return { links, outboxSid: sent.sid };
    }
    if (sent?.updateRequestSid) {
      const lines = await db
        .selectFrom('updateRequestLines')
        .select('itemGroupSid')
        .where('updateRequestSid', '=', sent.updateRequestSid)
        .execute();
      if (lines.length)
        return {
          links: lines.map((l) => ({ orderSid: null, itemSid: null, itemGroupSid: l.itemGroupSid })),
          outboxSid: sent.sid,
        };
    }
  }
  return 'It names no conversation: no reply token and no email of this organization it answers.';
}

/** The users an address belongs to: this organization's staff member, and vendor users (of any vendor). */
async function usersOfAddress(db: Db, organizationSid: string, from: string) {
  const address = from.trim().toLowerCase();
  const users = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', address))
    .execute();
  return {
    staff: users.find((u) => u.organizationSid === organizationSid && u.role !== 'vendor'),
    vendorUsers: users.filter((u) => u.role === 'vendor'),
  };
}

/** Who may write into a thread by email: the vendor's contacts and the organization's users. */
async function senderOf(
  db: Db,
  organizationSid: string,
  orderSids: readonly string[],
  from: string,
): Promise<{ user: Row<'users'> | null; vendorName: string | null } | string> {
  const address = from.trim().toLowerCase();
  const orders = await db
    .selectFrom('orders')
    .leftJoin('vendors', 'vendors.sid', 'orders.vendorSid')
    .select(['orders.vendorSid', 'vendors.name', 'vendors.email'])
    .where('orders.organizationSid', '=', organizationSid)
    .where('orders.sid', 'in', [...orderSids])
    .execute();
  const vendorSids = orders.flatMap((o) => (o.vendorSid ? [o.vendorSid] : []));
  const { staff, vendorUsers: users } = await usersOfAddress(db, organizationSid, address);
  if (staff) return { user: staff, vendorName: null };
  if (vendorSids.length) {
    const vendorUsers = users.map((u) => u.sid);
    const linked = vendorUsers.length
      ? await db
          .selectFrom('userVendors')
          .select('userSid')
          .where('userSid', 'in', vendorUsers)
          .where('vendorSid', 'in', vendorSids)
          .executeTakeFirst()
      : undefined;
    const vendorName = orders[0]?.name ?? null;
    if (linked) return { user: users.find((u) => u.sid === linked.userSid) ?? null, vendorName };
    if (orders.some((o) => o.email?.trim().toLowerCase() === address)) return { user: null, vendorName };
  }
  return `The sender ${from} is not a contact of ${orders[0]?.name ?? 'the vendor'}.`;
}

/** The files an email carried become the message's attachments, downloaded like any other. */
async function attachEmailFiles(
  tx: Db,
  inboundEmailSid: string,
  message: { sid: string; authorSid: string | null },
  now: Date,
): Promise<void> {
  const files = await tx
    .selectFrom('inboundEmailAttachments')
    .select(['organizationSid', 'fileSid'])
    .where('inboundEmailSid', '=', inboundEmailSid)
    .where('fileSid', 'is not', null)
    .orderBy('created')
    .orderBy('sid')
    .execute();
  if (!files.length) return;
  await tx
    .insertInto('messageAttachments')
    .values(
      files.map((f) => ({
        sid: newSid('MA'),
        organizationSid: f.organizationSid,
        messageSid: message.sid,
        fileSid: f.fileSid ?? '',
        // Not a user's upload: the sender's user when known, else the email's sid.
        uploadedBy: message.authorSid ?? inboundEmailSid,
        created: now,
      })),
    )
    .execute();
}

/** Stores a raw email, matched or held; answers the stored row. */
export async function receiveRawEmail(
  tx: Db,
  p: Principal,
  raw: Uint8Array,
  origin: string,
): Promise<Row<'inboundEmails'>> {
  const email = await parseRawEmail(raw);
  const now = new Date();
  const organizationSid = p.organizationSid;
  const from = email.from && !email.from.group ? email.from : null;
  const text = (email.text ?? htmlToText(email.html ?? '')).trim();
  const sid = newSid('IE');
  const sentAt = email.date ? new Date(email.date) : now;

  let holdReason: string | null = null;
  let messageSid: string | null = null;
  let senderSid: string | null = null;
  const attachments = email.attachments.filter((a) => a.disposition !== 'inline' || a.filename);
  if (!from?.address) holdReason = 'It has no sender address.';
  else if (attachments.length > MAX_INBOUND_ATTACHMENTS)
    holdReason = `It has ${attachments.length} attachments; at most ${MAX_INBOUND_ATTACHMENTS} are taken.`;
  let thread: Thread | null = null;
  if (holdReason === null) {
    const found = await threadOf(tx, organizationSid, email);
    if (typeof found === 'string') holdReason = found;
    else thread = found;
  }
  if (thread && from) {
    const lineOrders = await orderSidsOf(tx, thread.links);
    const sender = await senderOf(tx, organizationSid, lineOrders, from.address);
    if (typeof sender === 'string') holdReason = sender;
    else {
      senderSid = sender.user?.sid ?? null;
      messageSid = await replyToMessage(
        tx,
        { p, origin, now },
        {
          inboundEmailSid: sid,
          from,
          sender: sender.user,
          content: trimQuotedReply(text) || email.subject?.trim() || '(no text)',
          outboxSid: thread.outboxSid,
          links: thread.links,
        },
      );
    }
  }

  const row = await tx
    .insertInto('inboundEmails')
    .values({
      sid,
      organizationSid,
      created: now,
      updated: now,
      fromEmail: from?.address ?? '',
      toEmails: mailboxes(email.to).map((m) => m.address),
      ccEmails: mailboxes(email.cc).map((m) => m.address),
      subject: email.subject ?? '',
      content: text,
      date: Number.isNaN(sentAt.getTime()) ? now : sentAt,
      s3Bucket: null,
      s3Key: null,
      frontUrl: null,
      status: holdReason === null ? 'matched' : 'held',
      holdReason,
      messageSid,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await storeFile(
    tx,
    { organizationSid, name: `${sid}.eml`, contentType: 'message/rfc822', content: Buffer.from(raw) },
    now,
  );
  for (const attachment of attachments.slice(0, MAX_INBOUND_ATTACHMENTS)) {
    const content = Buffer.from(attachment.content as ArrayBuffer);
    const name = attachment.filename ?? 'attachment';
    const fileSid = await storeFile(tx, { organizationSid, name, contentType: attachment.mimeType, content }, now);
    await tx
      .insertInto('inboundEmailAttachments')
      .values({
        sid: newSid('IA'),
        organizationSid,
        created: now,
        updated: now,
        inboundEmailSid: sid,
        s3Bucket: null,
        s3Key: null,
        mimeType: attachment.mimeType,
        size: content.length,
        name,
        fileSid,
      })
      .execute();
  }
  if (messageSid) await attachEmailFiles(tx, sid, { sid: messageSid, authorSid: senderSid }, now);
  return row;
}

/**
 * What a vendor's reply by email leaves on each open line it concerns: a
 * Direct Reply flag (raised, or the open one moved to this reply), and a
 * history event related to the inbound email and the message it became.
 */
async function recordDirectReply(
  tx: Db,
  ctx: { organizationSid: string; now: Date; publicUrl: string },
  reply: { inboundEmailSid: string; messageSid: string; authorSid: string | null; author: string; content: string },
  lines: readonly Row<'itemGroups'>[],
): Promise<void> {
  if (!lines.length) return;
  const { organizationSid, now } = ctx;
  const flags = await tx
    .selectFrom('flags')
    .select(['sid', 'type', 'status', 'cause', 'itemGroupSid'])
    .where('organizationSid', '=', organizationSid)
    .where('type', '=', 'directReply')
    .where(
      'itemGroupSid',
      'in',
      lines.map((l) => l.sid),
    )
    .orderBy('created')
    .orderBy('sid')
    .execute();
  // The latest flag of each line decides.
  const latest = new Map(flags.map((f) => [f.itemGroupSid, f]));
  const occurrence = { cause: reply.inboundEmailSid, message: directReplyMessage(reply.author, reply.content) };
  await applyFlagChanges(
    tx,
    ctx,
    lines.map((line) => ({
      line: { itemGroupSid: line.sid, itemSid: line.itemSid, orderSid: line.orderSid },
      change: directReplyChange(latest.get(line.sid), occurrence),
    })),
  );

  const eventType = 'itemGroup.emailReply';
  const events = lines.map((line) => ({
    sid: newSid('EV'),
    organizationSid,
    created: now,
    updated: now,
    eventTime: now,
    eventType,
    orderSid: line.orderSid,
    itemSid: line.itemSid,
    itemGroupSid: line.sid,
    actorSid: reply.authorSid,
    actorName: reply.author,
    after: JSON.stringify({ inboundEmailSid: reply.inboundEmailSid, messageSid: reply.messageSid }),
  }));
  await tx.insertInto('events').values(events).execute();
  await tx
    .insertInto('eventRelations')
    .values(
      events.flatMap((event) =>
        [`factor:inboundEmail:${reply.inboundEmailSid}`, `factor:message:${reply.messageSid}`].map((relation) => ({
          sid: newSid('VR'),
          organizationSid,
          created: now,
          updated: now,
          eventSid: event.sid,
          eventType,
          relation,
        })),
      ),
    )
    .execute();
}

/**
 * Makes a reply a message on the records it concerns (by its sender; a sender without an account writes on the
 * vendor's side), tells the other side and open pages, and for a vendor's reply counts it as an answer on the open
 * lines, raises Direct Reply and relates their history to the email. Answers the message's sid.
 */
async function replyToMessage(
  tx: Db,
  ctx: { p: Principal; origin: string; now: Date },
  reply: {
    inboundEmailSid: string;
    from: { name: string; address: string };
    sender: Row<'users'> | null;
    content: string;
    outboxSid: string | null;
    links: readonly LinkRow[];
  },
): Promise<string> {
  const { p, origin, now } = ctx;
  const organizationSid = p.organizationSid;
  const messageSid = newSid('MS');
  const role = reply.sender?.role ?? 'vendor';
  const name = reply.from.name.trim() || reply.from.address;
  await tx
    .insertInto('messages')
    .values({
      sid: messageSid,
      organizationSid,
      created: now,
      updated: now,
      outboundEmailReplySid: reply.outboxSid,
      author: name,
      authorSid: reply.sender?.sid ?? null,
      authorRole: role,
      content: reply.content,
    })
    .execute();
  await tx
    .insertInto('messageLinks')
    .values(reply.links.map((link) => ({ messageSid, ...link })))
    .execute();
  const author: Principal = { ...p, userSid: reply.sender?.sid ?? '', role, vendorSids: [], name };
  const concerns = (await concernsOf(tx, [messageSid])).get(messageSid) ?? [];
  await queueMessageNotices(
    tx,
    { author, origin, now },
    { sid: messageSid, content: reply.content },
    concerns.map((c) => ({ orderSid: c.orderSid, itemGroupSid: c.itemGroupSid, label: messageLineLabel(c) })),
  );
  // Open pages hear of the new message (its writer is a mail provider or the user matching it, not a page).
  await publishChanges(tx, [
    {
      organizationSid,
      resource: 'messages',
      sids: [messageSid],
      vendorSids: await vendorsOfRecords(tx, organizationSid, 'messages', [messageSid]),
    },
  ]);
  if (role === 'vendor') {
    const lines = await openLinesOf(tx, organizationSid, linksToSids(reply.links));
    await afterLineChanges(
      tx,
      { organizationSid, byVendor: true, now, publicUrl: origin },
      lines.map((line) => ({ before: line, after: line })),
    );
    await recordDirectReply(
      tx,
      { organizationSid, now, publicUrl: origin },
      {
        inboundEmailSid: reply.inboundEmailSid,
        messageSid,
        authorSid: reply.sender?.sid ?? null,
        author: name,
        content: reply.content,
      },
      lines,
    );
  }
  return messageSid;
}

/**
 * Matches a held email by hand to the records `links` names (the caller has checked them): it becomes a message
 * as a reply matched on arrival does, and is marked matched. Answers the updated row, or the email's status when
 * it is not held (matched or dismissed, perhaps meanwhile).
 */
export async function matchHeldEmail(
  tx: Db,
  ctx: { p: Principal; origin: string },
  email: Row<'inboundEmails'>,
  links: readonly LinkRow[],
): Promise<Row<'inboundEmails'> | Row<'inboundEmails'>['status']> {
  const now = new Date();
  // Locked: two users matching the same email at once make one message.
  const held = await tx
    .selectFrom('inboundEmails')
    .select('status')
    .where('sid', '=', email.sid)
    .forUpdate()
    .executeTakeFirst();
  if (held?.status !== 'held') return held?.status ?? email.status;
  const { staff, vendorUsers } = await usersOfAddress(tx, ctx.p.organizationSid, email.fromEmail);
  const text = email.content ?? '';
  const messageSid = await replyToMessage(
    tx,
    { ...ctx, now },
    {
      inboundEmailSid: email.sid,
      from: { name: '', address: email.fromEmail },
      sender: staff ?? vendorUsers[0] ?? null,
      content: trimQuotedReply(text) || email.subject.trim() || '(no text)',
      outboxSid: null,
      links,
    },
  );
  await attachEmailFiles(tx, email.sid, { sid: messageSid, authorSid: (staff ?? vendorUsers[0])?.sid ?? null }, now);
  return tx
    .updateTable('inboundEmails')
    .set({ status: 'matched', messageSid, updated: now, version: email.version + 1 })
    .where('sid', '=', email.sid)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function orderSidsOf(db: Db, links: readonly LinkRow[]): Promise<string[]> {
  const { orderSids: direct, itemSids: items, itemGroupSids: groups } = linksToSids(links);
  const viaItems = items.length
    ? (await db.selectFrom('items').select('orderSid').where('sid', 'in', items).execute()).map((r) => r.orderSid)
    : [];
  const viaGroups = groups.length
    ? (await db.selectFrom('itemGroups').select('orderSid').where('sid', 'in', groups).execute()).map((r) => r.orderSid)
    : [];
  return [...new Set([...direct, ...viaItems, ...viaGroups])];
}

/** The text of an HTML-only email: tags out, breaks kept, entities of the common kind read. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n');
}
