// The inbox: messages across orders, newest first, and what each user has
// read. Staff read the vendors' side as news, a vendor user the staff's, on
// its own lines only; a new user is not handed the past as unread.
import { describe, expect, it } from 'vitest';
import { addUser, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface Message {
  sid: string;
  content: string;
  authorRole: string | null;
  read: boolean;
  concerns: { orderSid: string; itemGroupSid: string | null }[];
}
type Caller = Tenant['buyer'];

async function post(as: Caller, content: string, itemGroupSid: string): Promise<Message> {
  const r = await as.request<Message>('POST', '/v1/messages', { content, itemGroupSids: [itemGroupSid] });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
async function unread(as: Caller): Promise<number> {
  const r = await as.request<{ unread: number }>('GET', '/v1/messages/counts');
  expect(r.status).toBe(200);
  return r.body.unread;
}
async function inbox(as: Caller, query = ''): Promise<Message[]> {
  const r = await as.request<{ messages: Message[] }>('GET', `/v1/messages${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.messages;
}

describe('the inbox', () => {
  it("counts the other side's messages as unread until read, for each user", async () => {
    const t = await createTenant('Inbox');
    const line = await makeLine(t, { prefix: 'inbox' });
    const question = await post(t.buyer, 'Can you ship on Friday?', line.sid);
    expect(question.authorRole).toBe('buyer');
    expect(question.read).toBe(true);
    // The buyer's own side: nothing new for staff; one for the vendor.
    expect([await unread(t.buyer), await unread(t.admin), await unread(t.vendor)]).toEqual([0, 0, 1]);
    const vendorInbox = await inbox(t.vendor, '?unread=true');
    expect(vendorInbox.map((m) => [m.content, m.read])).toEqual([['Can you ship on Friday?', false]]);
    expect(vendorInbox[0].concerns).toMatchObject([{ orderSid: line.orderSid, itemGroupSid: line.sid }]);

    const marked = await t.vendor.request<{ unread: number }>('POST', '/v1/messages/reads', {
      messageSids: [question.sid],
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body.unread).toBe(0);
    expect(await inbox(t.vendor, '?unread=true')).toEqual([]);
    expect((await inbox(t.vendor)).map((m) => m.read)).toEqual([true]);
    // Reading it again changes nothing.
    expect(
      (await t.vendor.request('POST', '/v1/messages/reads', { messageSids: [question.sid, question.sid] })).status,
    ).toBe(200);

    // The vendor answers: news for every staff user, each reading it on their own.
    const answer = await post(t.vendor, 'Friday works.', line.sid);
    expect(answer.authorRole).toBe('vendor');
    expect([await unread(t.buyer), await unread(t.admin), await unread(t.vendor)]).toEqual([1, 1, 0]);
    await t.buyer.request('POST', '/v1/messages/reads', { messageSids: [answer.sid] });
    expect([await unread(t.buyer), await unread(t.admin)]).toEqual([0, 1]);
    // Newest first.
    expect((await inbox(t.admin)).map((m) => [m.content, m.read])).toEqual([
      ['Friday works.', false],
      ['Can you ship on Friday?', true],
    ]);
  });

  it('shows a vendor user only its own lines, and another organization nothing', async () => {
    const t = await createTenant('Inbox scope');
    const other = await createTenant('Inbox other');
    const mine = await makeLine(t, { prefix: 'inbox-mine' });
    const theirs = await makeLine(t, { prefix: 'inbox-theirs', vendorSid: t.otherVendorSid });
    await post(t.buyer, 'About your line', mine.sid);
    const hidden = await post(t.buyer, 'About the other vendor', theirs.sid);
    expect((await inbox(t.vendor)).map((m) => m.content)).toEqual(['About your line']);
    expect(await unread(t.vendor)).toBe(1);
    expect(await inbox(other.buyer)).toEqual([]);
    expect(await unread(other.buyer)).toBe(0);

    // Marking a message the caller cannot read is refused, naming the field, and marks nothing.
    const refused = await t.vendor.request<{ code: string; field: string }>('POST', '/v1/messages/reads', {
      messageSids: [hidden.sid],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'invalid_request', field: 'messageSids' });
    const { db } = await server();
    const reads = await db.selectFrom('messageReads').selectAll().where('messageSid', '=', hidden.sid).execute();
    expect(reads).toEqual([]);
    expect((await other.buyer.request('POST', '/v1/messages/reads', { messageSids: [hidden.sid] })).status).toBe(400);
  });

  it('does not hand a new user the messages written before it joined', async () => {
    const t = await createTenant('Inbox new user');
    const line = await makeLine(t, { prefix: 'inbox-new' });
    await post(t.vendor, 'Before you joined', line.sid);
    // Timestamps are to the millisecond: the new user is made a little later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newcomer = await addUser(t, 'buyer');
    expect(await unread(newcomer)).toBe(0);
    expect((await inbox(newcomer)).map((m) => m.read)).toEqual([true]);
    await post(t.vendor, 'After you joined', line.sid);
    expect(await unread(newcomer)).toBe(1);
  });

  it('refuses bad input naming the field', async () => {
    const t = await createTenant('Inbox bad');
    for (const [body, field] of [
      [{ messageSids: [] }, 'messageSids'],
      [{}, 'messageSids'],
      [{ messageSids: 'MS1' }, 'messageSids'],
    ] as const) {
      const r = await t.buyer.request<{ field: string }>('POST', '/v1/messages/reads', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    const bad = await t.buyer.request<{ field: string }>('GET', '/v1/messages?unread=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('unread');
  });
});
