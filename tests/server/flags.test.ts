// Flags: listing with filters, reading, updating (dismissal time, events),
// tenancy, vendors and bad input. Flags are inserted directly: raising them is
// the automation's work.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface Flag {
  sid: string;
  created: string;
  updated: string;
  dismissed: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  itemGroupSid: string | null;
  itemSid: string | null;
  orderSid: string | null;
  message: string | null;
  type: string;
}
interface Failure {
  code: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};
type FlagType = 'newDelay' | 'pastDue' | 'unresponsiveVendor' | 'directReply';

async function line(t: Tenant) {
  const order = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName: t.vendorName,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    quantity: '5',
  });
  const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity: '5',
  });
  return {
    orderSid: order.body.sid,
    itemSid: item.body.sid,
    itemGroupSid: group.body.sid,
    orderUniqueName: order.body.uniqueName,
  };
}

let tick = 0;
async function insertFlag(
  t: Tenant,
  l: Awaited<ReturnType<typeof line>>,
  values: { type?: FlagType; status?: 'open' | 'resolved' | 'dismissed'; message?: string } = {},
) {
  const { db } = await server();
  // Distinct creation times keep the list order stable.
  const created = new Date(Date.now() - 60_000 + tick++);
  return db
    .insertInto('flags')
    .values({
      sid: newSid('FL'),
      organizationSid: t.organizationSid,
      created,
      updated: created,
      type: values.type ?? 'pastDue',
      status: values.status ?? 'open',
      message: values.message ?? 'Past due',
      dismissed: null,
      orderSid: l.orderSid,
      itemSid: l.itemSid,
      itemGroupSid: l.itemGroupSid,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('flags', () => {
  it('lists flags with the itemGroupSid, status and flag filters', async () => {
    const t = await createTenant();
    const a = await line(t);
    const b = await line(t);
    const c = await line(t);
    const f1 = await insertFlag(t, a, { type: 'pastDue' });
    const f2 = await insertFlag(t, b, { type: 'newDelay', status: 'resolved' });
    const f3 = await insertFlag(t, c, { type: 'newDelay' });
    const list = async (query: string) => {
      const r = await t.buyer.request<Page<'flags', Flag>>('GET', `/v1/flags${query}`);
      expect(r.status, query).toBe(200);
      return r.body.flags.map((f) => f.sid);
    };
    // Newest first unless asked otherwise.
    expect(await list('')).toEqual([f3.sid, f2.sid, f1.sid]);
    expect(await list('?sortOrder=Asc')).toEqual([f1.sid, f2.sid, f3.sid]);
    expect(await list(`?itemGroupSid=${a.itemGroupSid}&itemGroupSid=${b.itemGroupSid}`)).toEqual([f2.sid, f1.sid]);
    expect(await list(`?itemGroupSid=${c.itemGroupSid}`)).toEqual([f3.sid]);
    expect(await list('?status=open')).toEqual([f3.sid, f1.sid]);
    expect(await list('?flag=newDelay')).toEqual([f3.sid, f2.sid]);
    expect(await list('?flag=newDelay&status=open')).toEqual([f3.sid]);
    expect(await list('?pageSize=2')).toEqual([f3.sid, f2.sid]);
    expect(await list(`?orderSid=${b.orderSid}`)).toEqual([f2.sid]);
    expect(await list(`?vendorSid=${t.vendorSid}`)).toEqual([f3.sid, f2.sid, f1.sid]);
    expect(await list(`?vendorSid=${t.otherVendorSid}`)).toEqual([]);
    // Age: raised before a time.
    expect(await list(`?raisedBefore=${encodeURIComponent(f2.created.toISOString())}`)).toEqual([f1.sid]);
    const bad = await t.buyer.request<Failure>('GET', '/v1/flags?status=closed');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('status');
  });

  it('reads a flag with every field', async () => {
    const t = await createTenant();
    const l = await line(t);
    const flag = await insertFlag(t, l, { type: 'unresponsiveVendor', message: 'No answer' });
    const r = await t.admin.request<Flag>('GET', `/v1/flags/${flag.sid}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sid: flag.sid,
      created: flag.created.toISOString(),
      updated: flag.updated.toISOString(),
      dismissed: null,
      status: 'open',
      itemGroupSid: l.itemGroupSid,
      itemSid: l.itemSid,
      orderSid: l.orderSid,
      message: 'No answer',
      type: 'unresponsiveVendor',
      note: null,
      resolved: null,
      cause: null,
      eventSid: null,
      orderUniqueName: l.orderUniqueName,
      itemUniqueName: null,
      itemGroupUniqueName: null,
      vendorSid: t.vendorSid,
      vendorName: t.vendorName,
      dueDate: null,
    });
  });

  it('dismisses a flag now when no time is given, and records the change as an event', async () => {
    const t = await createTenant();
    const l = await line(t);
    const flag = await insertFlag(t, l);
    const before = Date.now();
    const r = await t.buyer.request<Flag>('PATCH', `/v1/flags/${flag.sid}`, {
      status: 'dismissed',
      message: 'Vendor called',
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('dismissed');
    expect(r.body.message).toBe('Vendor called');
    expect(r.body.dismissed).not.toBeNull();
    const dismissedAt = Date.parse(r.body.dismissed ?? '');
    expect(dismissedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(dismissedAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(Date.parse(r.body.updated)).toBeGreaterThan(flag.updated.getTime());

    const { db } = await server();
    const stored = await db.selectFrom('flags').selectAll().where('sid', '=', flag.sid).executeTakeFirstOrThrow();
    expect(stored.status).toBe('dismissed');
    expect(stored.dismissed?.toISOString()).toBe(r.body.dismissed);

    const events = await db
      .selectFrom('events')
      .selectAll()
      .where('organizationSid', '=', t.organizationSid)
      .where('eventType', '=', 'flag.updated')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      orderSid: l.orderSid,
      itemSid: l.itemSid,
      itemGroupSid: l.itemGroupSid,
      actorSid: t.buyer.userSid,
    });
    // The flag's type on both sides, so the history can say which flag was dismissed.
    expect(events[0].before).toEqual({ type: flag.type, status: 'open', message: 'Past due', dismissed: null });
    expect(events[0].after).toEqual({
      type: flag.type,
      status: 'dismissed',
      message: 'Vendor called',
      dismissed: r.body.dismissed,
    });
    const groupEvents = await t.buyer.request<Page<'itemGroupEvents', { eventType: string }>>(
      'GET',
      `/v1/itemGroups/${l.itemGroupSid}/events`,
    );
    expect(groupEvents.body.itemGroupEvents.map((e) => e.eventType)).toContain('flag.updated');
  });

  it('keeps a dismissal time given, and resolves without one', async () => {
    const t = await createTenant();
    const l = await line(t);
    const flag = await insertFlag(t, l);
    const r = await t.buyer.request<Flag>('PATCH', `/v1/flags/${flag.sid}`, {
      status: 'dismissed',
      dismissed: '2026-03-01T10:00:00Z',
    });
    expect(r.body.dismissed).toBe('2026-03-01T10:00:00.000Z');
    const other = await insertFlag(t, l);
    const resolved = await t.buyer.request<Flag>('PATCH', `/v1/flags/${other.sid}`, { status: 'resolved' });
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.dismissed).toBeNull();
    const cleared = await t.buyer.request<Flag>('PATCH', `/v1/flags/${other.sid}`, { message: null });
    expect(cleared.body.message).toBeNull();
  });

  it('refuses bad input with 400 naming the field and changes nothing', async () => {
    const t = await createTenant();
    const l = await line(t);
    const flag = await insertFlag(t, l);
    const cases: [unknown, string][] = [
      [{ status: null }, 'status'],
      [{ status: 'closed' }, 'status'],
      [{ dismissed: 'yesterday' }, 'dismissed'],
      [{ message: 5 }, 'message'],
      [{ message: 'x'.repeat(5001) }, 'message'],
      [{ type: 'pastDue' }, 'type'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<Failure>('PATCH', `/v1/flags/${flag.sid}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const { db } = await server();
    const stored = await db.selectFrom('flags').selectAll().where('sid', '=', flag.sid).executeTakeFirstOrThrow();
    expect(stored).toEqual(flag);
  });

  it('answers another organization 404 and a vendor 403', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const flag = await insertFlag(a, await line(a));
    expect((await b.admin.request('GET', `/v1/flags/${flag.sid}`)).status).toBe(404);
    expect((await b.admin.request('PATCH', `/v1/flags/${flag.sid}`, { status: 'resolved' })).status).toBe(404);
    expect((await b.admin.request<Page<'flags', Flag>>('GET', '/v1/flags')).body.flags).toEqual([]);
    expect((await a.vendor.request('GET', '/v1/flags')).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/flags/${flag.sid}`)).status).toBe(403);
    expect((await a.vendor.request('PATCH', `/v1/flags/${flag.sid}`, { status: 'resolved' })).status).toBe(403);
    const { db } = await server();
    const stored = await db.selectFrom('flags').selectAll().where('sid', '=', flag.sid).executeTakeFirstOrThrow();
    expect(stored.status).toBe('open');
  });
});
