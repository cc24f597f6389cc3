// Idempotency keys belong to whoever sent them: another user, another role or
// another API key never gets the first answer, the route's own checks run for
// every caller, and a key sent again with a different request is refused.
import { describe, expect, it } from 'vitest';
import { addUser, call, createTenant, server } from './support/harness.ts';

interface Order {
  sid: string;
  uniqueName: string;
}

async function orderCount(organizationSid: string): Promise<number> {
  const { db } = await server();
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organizationSid', '=', organizationSid)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const key = (name: string) => ({ 'idempotency-key': name });

describe('Idempotency-Key', () => {
  it('never hands one role’s answer to another: a vendor with the admin’s key is refused by the route', async () => {
    const t = await createTenant();
    const body = { uniqueName: 'PO-ADMIN', vendorName: t.vendorName };
    const first = await t.admin.request<Order>('POST', '/v1/orders', body, key('shared-1'));
    expect(first.status).toBe(201);
    const vendor = await t.vendor.request('POST', '/v1/orders', body, key('shared-1'));
    expect(vendor.status).toBe(403);
    expect(vendor.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.stringify(vendor.body)).not.toContain(first.body.sid);
    expect(await orderCount(t.organizationSid)).toBe(1);
  });

  it('keeps two users of one role apart: the second buyer’s request runs as its own', async () => {
    const t = await createTenant();
    const second = await addUser(t, 'buyer');
    const a = await t.buyer.request<Order>(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-A', vendorName: t.vendorName },
      key('k'),
    );
    const b = await second.request<Order>(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-B', vendorName: t.vendorName },
      key('k'),
    );
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.uniqueName).toBe('PO-B');
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    // And the same body from the second buyer is its own request too (a conflict on the name, not a replay).
    const same = await second.request(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-A', vendorName: t.vendorName },
      key('k2'),
    );
    expect(same.headers.get('idempotent-replayed')).toBeNull();
    expect(await orderCount(t.organizationSid)).toBe(2);
  });

  it('keeps an API key apart from the user who made it', async () => {
    const t = await createTenant();
    const created = await t.admin.request<{ secret: string }>('POST', '/v1/apiKeys', { name: 'ERP' });
    const body = { uniqueName: 'PO-KEY', vendorName: t.vendorName };
    const byUser = await t.admin.request<Order>('POST', '/v1/orders', body, key('erp-1'));
    expect(byUser.status).toBe(201);
    const byKey = await call(created.body.secret, 'POST', '/v1/orders', body, key('erp-1'));
    expect(byKey.headers.get('idempotent-replayed')).toBeNull();
    expect(byKey.status).toBe(409);
  });

  it('replays the same request and refuses the same key with a different body (422), writing nothing', async () => {
    const t = await createTenant();
    const body = { uniqueName: 'PO-1', vendorName: t.vendorName };
    const first = await t.buyer.request<Order>('POST', '/v1/orders', body, key('retry'));
    const again = await t.buyer.request<Order>('POST', '/v1/orders', body, key('retry'));
    expect(again.status).toBe(201);
    expect(again.body.sid).toBe(first.body.sid);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await t.buyer.request('POST', '/v1/orders', { ...body, uniqueName: 'PO-2' }, key('retry'));
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
    expect(await orderCount(t.organizationSid)).toBe(1);
  });

  it('scopes a key to its path: the same key on another operation is a new request', async () => {
    const t = await createTenant();
    const order = await t.buyer.request<Order>(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-9', vendorName: t.vendorName },
      key('one'),
    );
    const item = await t.buyer.request<{ sid: string }>(
      'POST',
      '/v1/items',
      { orderSid: order.body.sid, uniqueName: '10', quantity: '1' },
      key('one'),
    );
    expect(item.status).toBe(201);
    expect(item.headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets a refused request be corrected and sent again with the same key', async () => {
    const t = await createTenant();
    const bad = await t.buyer.request('POST', '/v1/orders', { uniqueName: 5, vendorName: t.vendorName }, key('fix'));
    expect(bad.status).toBe(400);
    const good = await t.buyer.request(
      'POST',
      '/v1/orders',
      { uniqueName: 'PO-FIXED', vendorName: t.vendorName },
      key('fix'),
    );
    expect(good.status).toBe(201);
  });

  it('refuses a second request with the key while the first is still at work, and malformed keys', async () => {
    const t = await createTenant();
    const body = { uniqueName: 'PO-RACE', vendorName: t.vendorName };
    const answers = await Promise.all([1, 2, 3].map(() => t.buyer.request('POST', '/v1/orders', body, key('race'))));
    const statuses = answers.map((a) => a.status).sort();
    // One creates; the others either replay it or are told it is at work. Never two orders.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    for (const s of statuses) expect([201, 409]).toContain(s);
    expect(await orderCount(t.organizationSid)).toBe(1);
    for (const bad of ['', 'x'.repeat(256), 'a\tb']) {
      const r = await t.buyer.request('POST', '/v1/orders', { ...body, uniqueName: 'PO-X' }, key(bad));
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_request', field: 'Idempotency-Key' });
    }
  });
});
