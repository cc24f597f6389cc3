// Orders, items and item groups: persistence, events, version conflicts,
// vendor scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { call, createTenant, server } from './support/harness.ts';

interface Order {
  sid: string;
  uniqueName: string | null;
  vendorSid: string | null;
  vendorName: string | null;
}
interface Item {
  sid: string;
  orderSid: string;
  quantity: string;
}
interface ItemGroup {
  sid: string;
  version: number;
  quantity: string;
  dueDate: string | null;
  shipDate: string | null;
  confirmed: boolean;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function orderWithGroup(t: Awaited<ReturnType<typeof createTenant>>, vendorName = t.vendorName) {
  const order = await t.buyer.request<Order>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName,
  });
  expect(order.status).toBe(201);
  const { item, group } = await itemWithGroup(t, order.body.sid, '10', '100', '2027-01-15');
  return { order: order.body, item, group };
}

/** An item of the order and one item group of all its quantity. */
async function itemWithGroup(
  t: Awaited<ReturnType<typeof createTenant>>,
  orderSid: string,
  uniqueName: string,
  quantity: string,
  dueDate: string,
) {
  const item = await t.buyer.request<Item>('POST', '/v1/items', { orderSid, uniqueName, quantity });
  expect(item.status).toBe(201);
  const group = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity,
    dueDate,
  });
  expect(group.status).toBe(201);
  return { item: item.body, group: group.body };
}

describe('orders', () => {
  it('creates, reads by sid and unique name, updates and lists with cursor pages', async () => {
    const t = await createTenant();
    const created = await t.buyer.request<Order>('POST', '/v1/orders', {
      uniqueName: 'PO-1',
      vendorName: t.vendorName,
      title: 'Brackets',
    });
    expect(created.status).toBe(201);
    expect(created.body.sid).toMatch(/^OR[0-9a-z]{28}$/);
    expect(created.body.vendorSid).toBe(t.vendorSid);
    expect((await t.buyer.request<Order>('GET', '/v1/orders/PO-1')).body.sid).toBe(created.body.sid);
    const patched = await t.buyer.request<Order & { title: string }>('PATCH', `/v1/orders/${created.body.sid}`, {
      title: 'Brackets, zinc',
    });
    expect(patched.body.title).toBe('Brackets, zinc');

    for (let i = 2; i <= 5; i++)
      await t.buyer.request('POST', '/v1/orders', { uniqueName: `PO-${i}`, vendorName: t.vendorName });
    const first = await t.buyer.request<Page<'orders', Order>>('GET', '/v1/orders?pageSize=2');
    expect(first.body.orders.map((o) => o.uniqueName)).toEqual(['PO-1', 'PO-2']);
    expect(first.body.page.previousPageToken).toBeNull();
    const second = await t.buyer.request<Page<'orders', Order>>(
      'GET',
      `/v1/orders?pageSize=2&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.orders.map((o) => o.uniqueName)).toEqual(['PO-3', 'PO-4']);
    const back = await t.buyer.request<Page<'orders', Order>>(
      'GET',
      `/v1/orders?pageSize=2&pageToken=${second.body.page.previousPageToken}`,
    );
    expect(back.body.orders.map((o) => o.uniqueName)).toEqual(['PO-1', 'PO-2']);
    const last = await t.buyer.request<Page<'orders', Order>>(
      'GET',
      `/v1/orders?pageSize=2&pageToken=${second.body.page.nextPageToken}`,
    );
    expect(last.body.orders.map((o) => o.uniqueName)).toEqual(['PO-5']);
    expect(last.body.page.nextPageToken).toBeNull();
  });

  it('refuses a duplicate unique name with 409 and writes nothing', async () => {
    const t = await createTenant();
    await t.buyer.request('POST', '/v1/orders', { uniqueName: 'PO-9', vendorName: t.vendorName });
    const again = await t.buyer.request<{ code: string; field: string }>('POST', '/v1/orders', {
      uniqueName: 'PO-9',
      vendorName: 'Somebody Else',
    });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('uniqueName');
    const { db } = await server();
    const vendors = await db
      .selectFrom('vendors')
      .select('name')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(vendors.map((v) => v.name)).not.toContain('Somebody Else');
  });

  it('answers bad input with 400 naming the field', async () => {
    const t = await createTenant();
    const cases: [unknown, string][] = [
      [{ uniqueName: 5, vendorName: 'x' }, 'uniqueName'],
      [{ vendorName: 'x', colour: 'red' }, 'colour'],
      [{ vendorName: 'x'.repeat(300) }, 'vendorName'],
      [{ uniqueName: 'PO-x' }, 'vendorName'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<{ code: string; field: string; message: string }>('POST', '/v1/orders', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const malformed = await t.buyer.request<{ code: string }>('POST', '/v1/orders', '{"uniqueName": ');
    expect(malformed.status).toBe(400);
    const list = await t.buyer.request<Page<'orders', Order>>('GET', '/v1/orders');
    expect(list.body.orders).toEqual([]);
  });

  it('answers 401 without credentials and 404 for another organization’s order', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { order } = await orderWithGroup(a);
    expect((await call(null, 'GET', `/v1/orders/${order.sid}`)).status).toBe(401);
    expect((await call('fs_not-a-token', 'GET', `/v1/orders/${order.sid}`)).status).toBe(401);
    expect((await b.admin.request('GET', `/v1/orders/${order.sid}`)).status).toBe(404);
    expect((await b.admin.request('PATCH', `/v1/orders/${order.sid}`, { title: 'hijack' })).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/orders/${order.sid}`)).status).toBe(404);
    expect(
      (await a.buyer.request<Order & { title: string | null }>('GET', `/v1/orders/${order.sid}`)).body.title,
    ).toBeNull();
  });
});

describe('item groups', () => {
  it('records an event with actor, before and after for every change', async () => {
    const t = await createTenant();
    const { order, group } = await orderWithGroup(t);
    const r = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${group.sid}`, {
      shipDate: '2027-01-10',
      version: group.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(group.version + 1);
    const events = await t.buyer.request<
      Page<'itemGroupEvents', { eventType: string; event: { actor: { sid: string }; before: unknown; after: unknown } }>
    >('GET', `/v1/itemGroups/${group.sid}/events`);
    const update = events.body.itemGroupEvents.find((e) => e.eventType === 'itemGroup.updated');
    expect(update?.event.actor.sid).toBe(t.buyer.userSid);
    expect(update?.event.before).toEqual({ shipDate: null });
    expect(update?.event.after).toEqual({ shipDate: '2027-01-10' });
    const orderEvents = await t.buyer.request<Page<'orderEvents', { eventType: string }>>(
      'GET',
      `/v1/orders/${order.sid}/events`,
    );
    expect(orderEvents.body.orderEvents.map((e) => e.eventType)).toEqual([
      'order.created',
      'item.created',
      'itemGroup.created',
      'itemGroup.updated',
    ]);
    // Newest first for a timeline, paged the same way.
    const newest = await t.buyer.request<Page<'orderEvents', { eventType: string }>>(
      'GET',
      `/v1/orders/${order.sid}/events?sortOrder=Desc&pageSize=3`,
    );
    expect(newest.body.orderEvents.map((e) => e.eventType)).toEqual([
      'itemGroup.updated',
      'itemGroup.created',
      'item.created',
    ]);
    const older = await t.buyer.request<Page<'orderEvents', { eventType: string }>>(
      'GET',
      `/v1/orders/${order.sid}/events?sortOrder=Desc&pageSize=3&pageToken=${newest.body.page.nextPageToken ?? ''}`,
    );
    expect(older.body.orderEvents.map((e) => e.eventType)).toEqual(['order.created']);
  });

  it('gives each record the history of itself and its parts, not of the records beside it', async () => {
    const t = await createTenant();
    const { order, item, group } = await orderWithGroup(t);
    const sibling = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
      itemSid: item.sid,
      quantity: '5',
      dueDate: '2027-02-01',
    });
    const other = await itemWithGroup(t, order.sid, '20', '7', '2027-03-01');
    for (const g of [group, sibling.body, other.group]) {
      const r = await t.buyer.request('PATCH', `/v1/itemGroups/${g.sid}`, {
        shipDate: '2027-01-10',
        version: g.version,
      });
      expect(r.status).toBe(200);
    }
    const history = async (path: string, key: string) => {
      const r = await t.buyer.request<
        Record<string, { eventType: string; itemSid: string | null; itemGroupSid: string | null }[]>
      >('GET', `${path}/events?pageSize=100`);
      expect(r.status).toBe(200);
      return r.body[key].map((e) => `${e.eventType} ${e.itemGroupSid ?? e.itemSid ?? ''}`.trim());
    };
    expect(await history(`/v1/itemGroups/${group.sid}`, 'itemGroupEvents')).toEqual([
      `itemGroup.created ${group.sid}`,
      `itemGroup.updated ${group.sid}`,
    ]);
    expect(await history(`/v1/items/${item.sid}`, 'itemEvents')).toEqual([
      `item.created ${item.sid}`,
      `itemGroup.created ${group.sid}`,
      `itemGroup.created ${sibling.body.sid}`,
      `itemGroup.updated ${group.sid}`,
      `itemGroup.updated ${sibling.body.sid}`,
    ]);
    expect(await history(`/v1/orders/${order.sid}`, 'orderEvents')).toHaveLength(9);
    // Every event of an item group names its item and order, which the history of each reads by (migration 0046).
    const { db } = await server();
    await expect(
      db
        .insertInto('events')
        .values({
          sid: `EV${'0'.repeat(27)}1`,
          organizationSid: t.organizationSid,
          created: new Date(),
          updated: new Date(),
          eventTime: new Date(),
          eventType: 'itemGroup.updated',
          orderSid: order.sid,
          itemSid: null,
          itemGroupSid: group.sid,
          actorSid: null,
          actorName: null,
        })
        .execute(),
    ).rejects.toThrow(/events_item_group_path/);
  });

  it('refuses a stale version with 409 version_conflict and the current record', async () => {
    const t = await createTenant();
    const { group } = await orderWithGroup(t);
    await t.buyer.request('PATCH', `/v1/itemGroups/${group.sid}`, { quantity: '90', version: group.version });
    const stale = await t.buyer.request<{ code: string; current: ItemGroup }>('PATCH', `/v1/itemGroups/${group.sid}`, {
      quantity: '80',
      version: group.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(stale.body.current.quantity).toBe('90');
    expect((await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${group.sid}`)).body.quantity).toBe('90');
  });

  it('bulk-updates all or nothing', async () => {
    const t = await createTenant();
    const a = await orderWithGroup(t);
    const b = await orderWithGroup(t);
    const ok = await t.buyer.request<ItemGroup[]>('PATCH', '/v1/itemGroups/bulk', [
      { sid: a.group.sid, confirmed: true },
      { sid: b.group.sid, confirmed: true, shipDate: '2027-01-02' },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body.map((g) => g.confirmed)).toEqual([true, true]);
    const failed = await t.buyer.request<{ code: string }>('PATCH', '/v1/itemGroups/bulk', [
      { sid: a.group.sid, quantity: '1' },
      { sid: b.group.sid, quantity: '2', version: 1 },
    ]);
    expect(failed.status).toBe(409);
    expect((await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${a.group.sid}`)).body.quantity).toBe('100');
  });

  it('lets a vendor see and confirm only its own lines, never change the due date', async () => {
    const t = await createTenant();
    const mine = await orderWithGroup(t, t.vendorName);
    const theirs = await orderWithGroup(t, t.otherVendorName);
    const list = await t.vendor.request<Page<'itemGroups', ItemGroup>>('GET', '/v1/itemGroups');
    expect(list.body.itemGroups.map((g) => g.sid)).toEqual([mine.group.sid]);
    expect((await t.vendor.request('GET', `/v1/itemGroups/${theirs.group.sid}`)).status).toBe(404);
    expect((await t.vendor.request('GET', `/v1/orders/${theirs.order.sid}`)).status).toBe(404);
    expect((await t.vendor.request('PATCH', `/v1/itemGroups/${theirs.group.sid}`, { confirmed: true })).status).toBe(
      404,
    );
    const confirm = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${mine.group.sid}`, {
      confirmed: true,
      shipDate: '2027-01-12',
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.confirmed).toBe(true);
    const due = await t.vendor.request<{ code: string }>('PATCH', `/v1/itemGroups/${mine.group.sid}`, {
      dueDate: '2027-03-01',
    });
    expect(due.status).toBe(403);
    expect((await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${mine.group.sid}`)).body.dueDate).toBe(
      '2027-01-15',
    );
  });

  it('replays a POST with the same Idempotency-Key instead of creating twice', async () => {
    const t = await createTenant();
    const headers = { 'idempotency-key': 'create-po-77' };
    const first = await t.buyer.request<Order>(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-77', vendorName: t.vendorName },
      headers,
    );
    const again = await t.buyer.request<Order>(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-77', vendorName: t.vendorName },
      headers,
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.sid).toBe(first.body.sid);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('order summaries', () => {
  it('counts items, active item groups, open flags, the next due date and the confirmed share', async () => {
    const t = await createTenant();
    const { order, item, group } = await orderWithGroup(t);
    const { item: second, group: early } = await itemWithGroup(t, order.sid, '20', '5', '2027-01-05');
    await t.buyer.request('POST', '/v1/itemGroups', {
      itemSid: second.sid,
      quantity: '0',
      dueDate: '2026-12-01',
      status: 'canceled',
    });
    await t.buyer.request('PATCH', `/v1/itemGroups/${group.sid}`, { confirmed: true });
    const { db } = await server();
    const now = new Date();
    await db
      .insertInto('flags')
      .values({
        sid: `FL${'0'.repeat(20)}${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}`,
        organizationSid: t.organizationSid,
        type: 'pastDue',
        message: null,
        dismissed: null,
        orderSid: order.sid,
        itemSid: item.sid,
        itemGroupSid: early.sid,
        created: now,
        updated: now,
      })
      .execute();
    const expected = {
      itemCount: 2,
      itemGroupCount: 2,
      openFlagCount: 1,
      nextDueDate: '2027-01-05',
      confirmedShare: 0.5,
    };
    const list = await t.buyer.request<Page<'orders', Order & { summary: unknown }>>('GET', '/v1/orders');
    expect(list.body.orders[0].summary).toEqual(expected);
    const one = await t.buyer.request<Order & { summary: unknown }>('GET', `/v1/orders/${order.sid}`);
    expect(one.body.summary).toEqual(expected);
  });
});
