// The home page's figures (getAttention) on the real database: each equals
// what the list it opens counts, delays are dates moved later since
// yesterday, and the read is staff-only and scoped to the organization.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/follow-up/calendar.ts';
import { utcToday } from '../../server/domain/item-group-risk.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';

interface Attention {
  today: string;
  pastDue: number;
  dueSoonUnconfirmed: number;
  dueSoonFrom: string;
  dueSoonTo: string;
  delays: number;
  latestDelays: { itemGroupSid: string; field: string; before: string; after: string; partNumber: string | null }[];
  requestsSent: number;
  requestsReminded: number;
  openFlags: number;
  unreadReplies: number;
  bomsShort: { sid: string; expected: string; target: string }[];
  latestAnswers: { itemGroupSid: string | null; changes: string[] }[];
  requestsToday: number;
  latestRequestsToday: { sid: string; lineCount: number; status: string }[];
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

async function ok<T>(t: Tenant, method: string, path: string, body?: unknown): Promise<T> {
  const r = await t.buyer.request<T>(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

async function attention(t: Tenant): Promise<Attention> {
  return ok<Attention>(t, 'GET', '/v1/attention');
}

/** A shipment of the tenant's vendor due `dueDate`. */
async function shipment(t: Tenant, dueDate: string, extra: Record<string, unknown> = {}) {
  const order = await ok<{ sid: string }>(t, 'POST', '/v1/orders', {
    uniqueName: unique('PO'),
    vendorSid: t.vendorSid,
  });
  const item = await ok<{ sid: string }>(t, 'POST', '/v1/items', {
    orderSid: order.sid,
    uniqueName: '10',
    quantity: '5',
    manufacturerPartNumber: unique('MPN'),
  });
  return ok<{ sid: string; version: number }>(t, 'POST', '/v1/itemGroups', {
    itemSid: item.sid,
    quantity: '5',
    dueDate,
    ...extra,
  });
}

/** Every shipment the schedule lists with these filters (all pages). */
async function listed(t: Tenant, query: string): Promise<number> {
  let n = 0;
  let token: string | null = null;
  do {
    const page: { itemGroups: unknown[]; page: { nextPageToken: string | null } } = await ok(
      t,
      'GET',
      `/v1/itemGroups?statusNot=canceled&pageSize=200&${query}${token ? `&pageToken=${token}` : ''}`,
    );
    n += page.itemGroups.length;
    token = page.page.nextPageToken;
  } while (token);
  return n;
}

describe('what needs attention today', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant('Attention');
  });

  it('starts at nothing for a new organization', async () => {
    const a = await attention(t);
    expect(a).toMatchObject({
      pastDue: 0,
      dueSoonUnconfirmed: 0,
      delays: 0,
      latestDelays: [],
      requestsSent: 0,
      requestsReminded: 0,
      openFlags: 0,
      unreadReplies: 0,
      bomsShort: [],
      latestAnswers: [],
      requestsToday: 0,
    });
    expect(a.dueSoonTo).toBe(addDays(a.dueSoonFrom, 14));
  });

  it('counts as the lists it opens count, and lists the delays and answers of vendors', async () => {
    const today = utcToday();
    await shipment(t, addDays(today, -3));
    await shipment(t, addDays(today, -1), { delivered: true });
    await shipment(t, addDays(today, 5));
    const confirmed = await shipment(t, addDays(today, 6));
    const { db } = await server();
    await sql`update item_groups set confirmed = true where sid = ${confirmed.sid}`.execute(db);
    await shipment(t, addDays(today, 40));
    const a = await attention(t);
    expect(a.pastDue).toBe(1);
    expect(a.pastDue).toBe(await listed(t, 'pastDue=true'));
    expect(a.dueSoonUnconfirmed).toBe(1);
    expect(a.dueSoonUnconfirmed).toBe(
      await listed(t, `dueDateFrom=${a.dueSoonFrom}&dueDateTo=${a.dueSoonTo}&confirmed=false`),
    );

    // The vendor moves a delivery date later, and another earlier: one delay, two answers.
    const later = await shipment(t, addDays(today, 20), { deliveryDate: addDays(today, 20) });
    const earlier = await shipment(t, addDays(today, 30), { deliveryDate: addDays(today, 30) });
    const moved = await t.vendor.request('PATCH', `/v1/itemGroups/${later.sid}`, {
      version: later.version,
      deliveryDate: addDays(today, 27),
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const sooner = await t.vendor.request('PATCH', `/v1/itemGroups/${earlier.sid}`, {
      version: earlier.version,
      deliveryDate: addDays(today, 25),
    });
    expect(sooner.status, JSON.stringify(sooner.body)).toBe(200);
    const after = await attention(t);
    expect(after.delays).toBe(1);
    expect(after.latestDelays).toEqual([
      expect.objectContaining({
        itemGroupSid: later.sid,
        field: 'deliveryDate',
        before: addDays(today, 20),
        after: addDays(today, 27),
      }),
    ]);
    expect(after.latestAnswers.map((e) => e.itemGroupSid)).toEqual([earlier.sid, later.sid]);
    expect(after.latestAnswers[0].changes).toContain('deliveryDate');

    // An update request asked now: sent, unanswered, and one of today's.
    const asked = await ok<{ sid: string }>(t, 'POST', '/v1/updateRequests', { itemGroupSid: later.sid });
    const withRequest = await attention(t);
    expect(withRequest.requestsSent).toBe(1);
    expect(withRequest.requestsToday).toBe(1);
    expect(withRequest.latestRequestsToday).toEqual([expect.objectContaining({ sid: asked.sid, status: 'sent' })]);
    const sentList = await ok<{ updateRequests: unknown[] }>(t, 'GET', '/v1/updateRequests?status=sent');
    expect(withRequest.requestsSent).toBe(sentList.updateRequests.length);

    // The vendor's message: an unread reply for the buyer, as the inbox counts it.
    const reply = await t.vendor.request('POST', '/v1/messages', {
      content: 'Shipping Monday.',
      itemGroupSids: [later.sid],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const withReply = await attention(t);
    expect(withReply.unreadReplies).toBe(1);
    expect(withReply.unreadReplies).toBe((await ok<{ unread: number }>(t, 'GET', '/v1/messages/counts')).unread);
  });

  it('names the BOMs whose latest expected clear to build is below their target', async () => {
    const short = await ok<{ sid: string }>(t, 'POST', '/v1/boms', { uniqueName: unique('SHORT') });
    const enough = await ok<{ sid: string }>(t, 'POST', '/v1/boms', { uniqueName: unique('ENOUGH') });
    for (const bom of [short, enough]) {
      await ok(t, 'POST', '/v1/clearToBuildTargets', {
        bomSid: bom.sid,
        quantity: '20',
        durationLength: 4,
        durationType: 'week',
        startDate: new Date().toISOString(),
      });
    }
    const record = (bom: { sid: string }, quantity: string) =>
      ok(t, 'POST', '/v1/clearToBuilds', {
        referenceSid: bom.sid,
        buildDate: new Date().toISOString(),
        buildQuantity: quantity,
        type: 'expected',
      });
    await record(short, '25');
    await record(enough, '8');
    // The latest record counts.
    await record(short, '12');
    await record(enough, '20');
    const { bomsShort } = await attention(t);
    expect(bomsShort).toEqual([expect.objectContaining({ sid: short.sid, expected: '12', target: '20' })]);
  });

  it('is refused without a session and to a vendor, and counts nothing of another organization', async () => {
    expect((await call(null, 'GET', '/v1/attention')).status).toBe(401);
    expect((await t.vendor.request('GET', '/v1/attention')).status).toBe(403);
    const other = await createTenant('Attention other');
    const theirs = await attention(other);
    expect(theirs).toMatchObject({ pastDue: 0, delays: 0, requestsSent: 0, bomsShort: [], latestAnswers: [] });
  });
});
