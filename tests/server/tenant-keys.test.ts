// The database's own guard on orders → items → item groups (migration
// 0008): an item belongs to its order's organization, an item group to its
// item's order and organization, and deleting an order takes its lines along.
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server } from './support/harness.ts';

interface Created {
  sid: string;
}

async function line(t: Awaited<ReturnType<typeof createTenant>>) {
  const order = await t.buyer.request<Created>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName: t.vendorName,
  });
  const item = await t.buyer.request<Created>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '5',
  });
  const group = await t.buyer.request<Created>('POST', '/v1/itemGroups', { itemSid: item.body.sid, quantity: '5' });
  expect([order.status, item.status, group.status]).toEqual([201, 201, 201]);
  return { orderSid: order.body.sid, itemSid: item.body.sid, groupSid: group.body.sid };
}

const owned = (organizationSid: string) => ({ organizationSid, created: new Date(), updated: new Date() });

function insertItem(db: Kysely<Database>, organizationSid: string, orderSid: string) {
  return db
    .insertInto('items')
    .values({ ...owned(organizationSid), sid: newSid('IT'), orderSid, uniqueName: 'x', quantity: '1' })
    .execute();
}

function insertGroup(db: Kysely<Database>, organizationSid: string, orderSid: string, itemSid: string) {
  return db
    .insertInto('itemGroups')
    .values({ ...owned(organizationSid), sid: newSid('IG'), orderSid, itemSid, uniqueName: 'x', quantity: '1' })
    .execute();
}

/** Resolves with the error's SQLSTATE (23503: a foreign key violation), whichever driver threw it. */
async function sqlState(write: Promise<unknown>): Promise<unknown> {
  try {
    await write;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'written';
}

describe('orders, items and item groups keep to their organization', () => {
  it("refuses an item of another organization's order", async () => {
    const { db } = await server();
    const [a, b] = [await createTenant(), await createTenant()];
    const { orderSid } = await line(a);
    expect(await sqlState(insertItem(db, b.organizationSid, orderSid))).toBe('23503');
    expect(await sqlState(insertItem(db, a.organizationSid, 'OR-no-such-order'))).toBe('23503');
    await insertItem(db, a.organizationSid, orderSid);
  });

  it("refuses an item group whose order or organization is not its item's", async () => {
    const { db } = await server();
    const [a, b] = [await createTenant(), await createTenant()];
    const first = await line(a);
    const second = await line(a);
    expect(await sqlState(insertGroup(db, a.organizationSid, second.orderSid, first.itemSid))).toBe('23503');
    expect(await sqlState(insertGroup(db, b.organizationSid, first.orderSid, first.itemSid))).toBe('23503');
    await insertGroup(db, a.organizationSid, first.orderSid, first.itemSid);
    const groups = await db.selectFrom('itemGroups').select('sid').where('itemSid', '=', first.itemSid).execute();
    expect(groups).toHaveLength(2);
  });

  it("deleting an order deletes its items and item groups and keeps the order's history", async () => {
    const { db } = await server();
    const t = await createTenant();
    const { orderSid, itemSid, groupSid } = await line(t);
    expect((await t.buyer.request('DELETE', `/v1/orders/${orderSid}`)).status).toBe(204);
    const items = await db.selectFrom('items').select('sid').where('sid', '=', itemSid).execute();
    const groups = await db.selectFrom('itemGroups').select('sid').where('sid', '=', groupSid).execute();
    expect({ items, groups }).toEqual({ items: [], groups: [] });
    const events = await db.selectFrom('events').select('eventType').where('orderSid', '=', orderSid).execute();
    expect(events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['order.created', 'item.created', 'itemGroup.created']),
    );
  });
});

// Migration 0044: an update request's order and organization are one key, so its organization stays checked.
describe('update requests keep to their order', () => {
  const insertRequest = (db: Kysely<Database>, organizationSid: string, orderSid: string, itemGroupSid: string) =>
    db
      .insertInto('updateRequests')
      .values({ ...owned(organizationSid), sid: newSid('UR'), orderSid, itemGroupSid })
      .execute();

  it("refuses an update request of another organization's order, and goes with its order", async () => {
    const { db } = await server();
    const [a, b] = [await createTenant(), await createTenant()];
    const { orderSid, groupSid } = await line(a);
    expect(await sqlState(insertRequest(db, b.organizationSid, orderSid, groupSid))).toBe('23503');
    expect(await sqlState(insertRequest(db, a.organizationSid, 'OR-no-such-order', groupSid))).toBe('23503');
    expect(await sqlState(insertRequest(db, a.organizationSid, orderSid, groupSid))).toBe('written');
    expect((await a.buyer.request('DELETE', `/v1/orders/${orderSid}`)).status).toBe(204);
    const left = await db.selectFrom('updateRequests').select('sid').where('orderSid', '=', orderSid).execute();
    expect(left).toEqual([]);
  });
});
