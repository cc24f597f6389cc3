// Raw inbound email (receiveRawInboundEmail) with real .eml fixtures: a reply
// found by its reply token or by the email it answers becomes a message on
// the same records, trimmed of its quoted history; anything that cannot be
// matched, or comes from someone who is not a contact, is held with its
// reason and attached to nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withOneCharacterChanged } from '../support/tamper.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine, type MadeLine } from './support/lines.ts';

interface InboundEmail {
  sid: string;
  status: string;
  holdReason: string | null;
  messageSid: string | null;
  fromEmail: string;
  subject?: string;
}
interface Message {
  sid: string;
  content: string;
  authorRole: string | null;
  concerns: { itemGroupSid: string | null }[];
  attachments: { name: string; contentType: string; size: number; url: string }[];
}

const fixture = (name: string, values: Record<string, string>) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'latin1').replace(
    /\{\{(\w+)\}\}/g,
    (_, key: string) => values[key] ?? '',
  );

async function receive(t: Tenant, raw: string | Buffer, type = 'message/rfc822') {
  const { app } = await server();
  const response = await app.request('http://127.0.0.1/v1/inboundEmails/raw', {
    method: 'POST',
    headers: { authorization: `Bearer ${t.buyer.token}`, 'content-type': type },
    body: new Uint8Array(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw),
  });
  return { status: response.status, body: (await response.json()) as InboundEmail & { field?: string } };
}

async function emailOf(userSid: string): Promise<string> {
  const { db } = await server();
  return (await db.selectFrom('users').select('email').where('sid', '=', userSid).executeTakeFirstOrThrow()).email;
}

/** A line with the buyer's question about it, and the notice emailed to the vendor. */
async function conversation(
  t: Tenant,
): Promise<{ line: MadeLine; replyTo: string; outboxSid: string; vendor: string }> {
  const line = await makeLine(t, { prefix: 'inbound' });
  const asked = await t.buyer.request('POST', '/v1/messages', {
    content: 'Can you ship early?',
    itemGroupSids: [line.sid],
  });
  expect(asked.status).toBe(201);
  const { db } = await server();
  const notice = await db
    .selectFrom('outboxEmails')
    .select(['sid', 'replyTo'])
    .where('organizationSid', '=', t.organizationSid)
    .where('kind', '=', 'messageNotice')
    .executeTakeFirstOrThrow();
  return { line, replyTo: notice.replyTo ?? '', outboxSid: notice.sid, vendor: await emailOf(t.vendor.userSid) };
}

async function messageOf(t: Tenant, sid: string | null): Promise<Message> {
  const r = await t.buyer.request<Message>('GET', `/v1/messages/${sid ?? ''}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** The attachment.eml fixture's PDF, on the message for both sides, downloadable. */
async function expectPackingList(t: Tenant, messageSid: string | null) {
  const message = await messageOf(t, messageSid);
  expect(message.attachments.map((a) => [a.name, a.contentType, a.size])).toEqual([
    ['packing-list.pdf', 'application/pdf', 65],
  ]);
  const seen = await t.vendor.request<Message>('GET', `/v1/messages/${messageSid ?? ''}`);
  expect(seen.body.attachments.map((a) => a.name)).toEqual(['packing-list.pdf']);
  const { app } = await server();
  const { pathname, search } = new URL(message.attachments[0]?.url ?? '');
  const download = await app.request(`http://127.0.0.1${pathname}${search}`);
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).toString('latin1')).toMatch(/^%PDF-1\.4\n% packing list/);
}

describe('raw inbound email', () => {
  it('makes a Gmail reply to the reply address a message on the line, trimmed, and an answer', async () => {
    const t = await createTenant('Inbound gmail');
    const { line, replyTo, vendor } = await conversation(t);
    const raw = fixture('gmail-reply.eml', { FROM: vendor, FROM_NAME: 'Mara Stein', TO: replyTo, SUBJECT: 'PO' });
    const r = await receive(t, raw);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'matched', holdReason: null, fromEmail: vendor });
    const message = await messageOf(t, r.body.messageSid);
    expect(message.content).toBe('We can ship all 40 on Friday.\n\nBest regards,\nMara');
    expect(message.authorRole).toBe('vendor');
    expect(message.concerns.map((c) => c.itemGroupSid)).toEqual([line.sid]);
    // An answer: the buyer has an unread reply.
    const counts = await t.buyer.request<{ unread: number }>('GET', '/v1/messages/counts');
    expect(counts.body.unread).toBe(1);
    // The original is kept as a file.
    const { db } = await server();
    const file = await db.selectFrom('files').select('name').where('name', '=', `${r.body.sid}.eml`).executeTakeFirst();
    expect(file).toBeDefined();
  });

  it('finds an Outlook reply by the email it answers (In-Reply-To) and trims its original', async () => {
    const t = await createTenant('Inbound outlook');
    const { line, outboxSid, vendor } = await conversation(t);
    const raw = fixture('outlook-reply.eml', {
      FROM: vendor.toUpperCase(),
      FROM_NAME: 'Mara Stein',
      IN_REPLY_TO: `<${outboxSid}@factor.example>`,
      SUBJECT: 'PO',
    });
    const r = await receive(t, raw);
    expect(r.body.status, JSON.stringify(r.body)).toBe('matched');
    const message = await messageOf(t, r.body.messageSid);
    expect(message.content).toBe(
      'Confirmed for the 10th, the truck leaves at noon.\n\nMara Stein\nVoltaris Components',
    );
    expect(message.concerns.map((c) => c.itemGroupSid)).toEqual([line.sid]);
  });

  it('reads HTML-only, ISO-8859-1 and Shift_JIS replies, and keeps attachments', async () => {
    const t = await createTenant('Inbound charsets');
    const { replyTo, vendor } = await conversation(t);
    const values = { FROM: vendor, FROM_NAME: 'Mara', TO: replyTo, SUBJECT: 'PO' };
    const html = await receive(t, fixture('html-only.eml', values));
    expect((await messageOf(t, html.body.messageSid)).content).toBe('Half now, half on the 20th & no extra freight.');
    const latin = await receive(t, fixture('latin1.eml', values));
    expect((await messageOf(t, latin.body.messageSid)).content).toBe('Liefertermin bestätigt: Größe und Menge passen.');
    const sjis = await receive(t, fixture('shift-jis.eml', values));
    expect(sjis.body.status).toBe('matched');
    expect((await messageOf(t, sjis.body.messageSid)).content).toBe('納期は12月10日です。');
    const attached = await receive(t, fixture('attachment.eml', values));
    expect(attached.body.status).toBe('matched');
    const list = await t.buyer.request<{ inboundEmailAttachments: { name: string; mimeType: string }[] }>(
      'GET',
      `/v1/inboundEmailAttachments?inboundEmailSid=${attached.body.sid}`,
    );
    expect(list.body.inboundEmailAttachments.map((a) => [a.name, a.mimeType])).toEqual([
      ['packing-list.pdf', 'application/pdf'],
    ]);
    // The message carries the file, for the buyer and for the vendor, and its link downloads the bytes sent.
    await expectPackingList(t, attached.body.messageSid);
  });

  it('gives a held email matched by hand the files it carried', async () => {
    const t = await createTenant('Inbound held attachment');
    const line = await makeLine(t, { prefix: 'heldfile' });
    const vendor = await emailOf(t.vendor.userSid);
    const held = await receive(
      t,
      fixture('attachment.eml', { FROM: vendor, FROM_NAME: 'Mara', TO: 'purchasing@northwind.example', SUBJECT: 'PO' }),
    );
    expect(held.body.status).toBe('held');
    const matched = await t.buyer.request<InboundEmail>('POST', `/v1/inboundEmails/${held.body.sid}/match`, {
      itemGroupSids: [line.sid],
    });
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    await expectPackingList(t, matched.body.messageSid);
  });

  it('raises a Direct Reply flag on the line and relates its history event to the email and the message', async () => {
    const t = await createTenant('Inbound direct reply');
    const { line, replyTo, vendor } = await conversation(t);
    const reply = (body: string) =>
      receive(t, fixture('gmail-reply.eml', { FROM: vendor, FROM_NAME: 'Mara Stein', TO: replyTo, SUBJECT: body }));
    type Flag = { sid: string; type: string; status: string; message: string | null; itemGroupSid: string };
    const directReplies = async () =>
      (
        await t.buyer.request<{ flags: Flag[] }>(
          'GET',
          `/v1/flags?itemGroupSid=${line.sid}&flag=directReply&pageSize=50`,
        )
      ).body.flags;

    const first = await reply('PO');
    expect(first.body.status).toBe('matched');
    const [flag, ...others] = await directReplies();
    expect(others).toEqual([]);
    expect(flag).toMatchObject({ status: 'open', itemGroupSid: line.sid });
    expect(flag.message).toBe('Mara Stein replied by email: “We can ship all 40 on Friday. Best regards, Mara”');

    // The line's history names the reply, related to the inbound email and the message it became.
    const events = await t.buyer.request<{ itemGroupEvents: { sid: string; eventType: string }[] }>(
      'GET',
      `/v1/itemGroups/${line.sid}/events?pageSize=100`,
    );
    const replied = events.body.itemGroupEvents.find((e) => e.eventType === 'itemGroup.emailReply');
    expect(replied).toBeDefined();
    const relations = await t.buyer.request<{ eventRelationList: { relation: string }[] }>(
      'GET',
      `/v1/eventRelations?eventSid=${replied?.sid ?? ''}`,
    );
    expect(relations.body.eventRelationList.map((r) => r.relation).sort()).toEqual(
      [`factor:inboundEmail:${first.body.sid}`, `factor:message:${first.body.messageSid ?? ''}`].sort(),
    );

    // A second reply keeps the one open flag; once dismissed, the next reply raises it again.
    await reply('PO again');
    expect((await directReplies()).map((f) => f.status)).toEqual(['open']);
    const dismissed = await t.buyer.request('PATCH', `/v1/flags/${flag.sid}`, { status: 'dismissed' });
    expect(dismissed.status).toBe(200);
    await reply('PO once more');
    expect((await directReplies()).map((f) => f.status).sort()).toEqual(['dismissed', 'open']);

    // Held mail raises nothing.
    const held = await receive(
      t,
      fixture('gmail-reply.eml', { FROM: 'someone@elsewhere.example', FROM_NAME: 'X', TO: replyTo, SUBJECT: 'PO' }),
    );
    expect(held.body.status).toBe('held');
    expect(await directReplies()).toHaveLength(2);
  });

  it('holds a forged token, an email that names no conversation, and a sender who is not a contact', async () => {
    const t = await createTenant('Inbound held');
    const { replyTo, vendor } = await conversation(t);
    const forged = withOneCharacterChanged(replyTo, replyTo.indexOf('.', replyTo.indexOf('+')) + 1);
    const cases = [
      { TO: forged, FROM: vendor, reason: /token that is not valid/ },
      { TO: 'purchasing@northwind.example', FROM: vendor, reason: /names no conversation/ },
      { TO: replyTo, FROM: 'someone@elsewhere.example', reason: /someone@elsewhere\.example is not a contact/ },
    ];
    const { db } = await server();
    const before = await db
      .selectFrom('messages')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    for (const { reason, ...c } of cases) {
      const r = await receive(t, fixture('gmail-reply.eml', { ...c, FROM_NAME: 'X', SUBJECT: 'PO' }));
      expect(r.status).toBe(201);
      expect(r.body.status).toBe('held');
      expect(r.body.messageSid).toBeNull();
      expect(r.body.holdReason).toMatch(reason);
    }
    const after = await db
      .selectFrom('messages')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(after.length).toBe(before.length);
    // Another organization's valid token is not valid here.
    const other = await createTenant('Inbound other');
    const r = await receive(
      other,
      fixture('gmail-reply.eml', { TO: replyTo, FROM: vendor, FROM_NAME: 'X', SUBJECT: 'PO' }),
    );
    expect(r.body.status).toBe('held');
  });

  it('refuses what is not an email, and callers who may not send one', async () => {
    const t = await createTenant('Inbound refused');
    const json = await receive(t, '{"a":1}', 'application/json');
    expect(json.status).toBe(400);
    expect(json.body.field).toBe('content');
    const empty = await receive(t, '');
    expect(empty.status).toBe(400);
    const vendor = await call(t.vendor.token, 'POST', '/v1/inboundEmails/raw', 'From: a@b\r\n\r\nhi', {
      'content-type': 'message/rfc822',
    });
    expect(vendor.status).toBe(403);
    const anonymous = await call(null, 'POST', '/v1/inboundEmails/raw', 'From: a@b\r\n\r\nhi', {
      'content-type': 'message/rfc822',
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('held inbound email, matched or dismissed by hand', () => {
  /** A vendor's reply that names no conversation (sent to the buyers' shared address): held. */
  async function held(t: Tenant, from: string) {
    const r = await receive(
      t,
      fixture('gmail-reply.eml', {
        FROM: from,
        FROM_NAME: 'Mara Stein',
        TO: 'purchasing@northwind.example',
        SUBJECT: 'PO',
      }),
    );
    expect(r.body.status).toBe('held');
    return r.body;
  }

  it('lists held mail, and a buyer matches it to a line: a message, an answer, a Direct Reply flag', async () => {
    const t = await createTenant('Held match');
    const line = await makeLine(t, { prefix: 'held' });
    const email = await held(t, await emailOf(t.vendor.userSid));
    const list = await t.buyer.request<{ inboundEmails: (InboundEmail & { subject: string })[] }>(
      'GET',
      '/v1/inboundEmails?status=held',
    );
    expect(list.status).toBe(200);
    expect(list.body.inboundEmails.map((e) => [e.sid, e.subject])).toEqual([[email.sid, 'Re: PO']]);

    const matched = await t.buyer.request<InboundEmail>('POST', `/v1/inboundEmails/${email.sid}/match`, {
      itemGroupSids: [line.sid],
    });
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    expect(matched.body.status).toBe('matched');
    const message = await messageOf(t, matched.body.messageSid);
    expect(message.content).toBe('We can ship all 40 on Friday.\n\nBest regards,\nMara');
    expect(message.authorRole).toBe('vendor');
    expect(message.concerns.map((c) => c.itemGroupSid)).toEqual([line.sid]);
    const flags = await t.buyer.request<{ flags: { status: string }[] }>(
      'GET',
      `/v1/flags?itemGroupSid=${line.sid}&flag=directReply`,
    );
    expect(flags.body.flags.map((f) => f.status)).toEqual(['open']);
    expect((await t.buyer.request<{ unread: number }>('GET', '/v1/messages/counts')).body.unread).toBe(1);
    expect(
      (await t.buyer.request<{ inboundEmails: unknown[] }>('GET', '/v1/inboundEmails?status=held')).body.inboundEmails,
    ).toEqual([]);

    // Matched once: again is a conflict, as is dismissing it.
    const again = await t.buyer.request<{ code: string; message: string }>(
      'POST',
      `/v1/inboundEmails/${email.sid}/match`,
      { itemGroupSids: [line.sid] },
    );
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('This email is matched, not held.');
    expect((await t.buyer.request('POST', `/v1/inboundEmails/${email.sid}/dismiss`)).status).toBe(409);
  });

  it('refuses a match to nothing or to a record of another organization, writing nothing', async () => {
    const t = await createTenant('Held refused');
    const other = await createTenant('Held other');
    const theirs = await makeLine(other, { prefix: 'held-theirs' });
    const email = await held(t, 'someone@elsewhere.example');
    const { db } = await server();
    const messagesBefore = await db
      .selectFrom('messages')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    const none = await t.buyer.request<{ field: string }>('POST', `/v1/inboundEmails/${email.sid}/match`, {});
    expect(none.status).toBe(400);
    expect(none.body.field).toBe('orderSids');
    const foreign = await t.buyer.request<{ field: string }>('POST', `/v1/inboundEmails/${email.sid}/match`, {
      itemGroupSids: [theirs.sid],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.field).toBe('itemGroupSids');
    const messagesAfter = await db
      .selectFrom('messages')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(messagesAfter).toEqual(messagesBefore);
    // Another organization's user cannot see, match or dismiss it; a vendor may not; nobody signed out may.
    expect(
      (await other.buyer.request('POST', `/v1/inboundEmails/${email.sid}/match`, { itemGroupSids: [theirs.sid] }))
        .status,
    ).toBe(404);
    expect((await other.buyer.request('POST', `/v1/inboundEmails/${email.sid}/dismiss`)).status).toBe(404);
    expect((await t.vendor.request('GET', '/v1/inboundEmails?status=held')).status).toBe(403);
    expect((await call(null, 'GET', '/v1/inboundEmails')).status).toBe(401);
    const status = await t.buyer.request<{ field: string }>('GET', '/v1/inboundEmails?status=lost');
    expect(status.status).toBe(400);
    expect(status.body.field).toBe('status');

    // Mail that concerns no order is dismissed: still listed, under its own status.
    const dismissed = await t.buyer.request<InboundEmail>('POST', `/v1/inboundEmails/${email.sid}/dismiss`);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.status).toBe('dismissed');
    const listed = await t.buyer.request<{ inboundEmails: InboundEmail[] }>(
      'GET',
      '/v1/inboundEmails?status=dismissed',
    );
    expect(listed.body.inboundEmails.map((e) => e.sid)).toEqual([email.sid]);
  });
});
