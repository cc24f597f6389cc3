// Order members and order invites: membership rules, all-or-none bulk delete,
// vendor scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface OrderMember {
  sid: string;
  orderSid: string | null;
  memberSid: string | null;
  type: 'tracking' | 'updating';
  created: string;
}
interface OrderInvite {
  sid: string;
  organizationSid: string;
  orderSid: string;
  email: string;
  type: 'tracking' | 'updating';
  accepted: string | null;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function makeOrder(t: Tenant, vendorName = t.vendorName): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName,
  });
  expect(r.status).toBe(201);
  return r.body.sid;
}

async function memberRows(organizationSid: string) {
  const { db } = await server();
  return db.selectFrom('orderMembers').selectAll().where('organizationSid', '=', organizationSid).execute();
}

async function addMember(t: Tenant, orderSid: string, memberSid: string, type?: 'tracking' | 'updating') {
  const r = await t.buyer.request<OrderMember>('POST', '/v1/orderMembers', { orderSid, memberSid, type });
  expect(r.status).toBe(201);
  return r.body;
}

describe('order members', () => {
  it('adds members (tracking by default), lists them by order and member, and records the change', async () => {
    const t = await createTenant();
    const orderA = await makeOrder(t);
    const orderB = await makeOrder(t);
    const tracking = await addMember(t, orderA, t.buyer.userSid);
    expect(tracking.sid).toMatch(/^OM[0-9a-z]{28}$/);
    expect(tracking).toMatchObject({ orderSid: orderA, memberSid: t.buyer.userSid, type: 'tracking' });
    const updating = await addMember(t, orderA, t.admin.userSid, 'updating');
    expect(updating.type).toBe('updating');
    await addMember(t, orderB, t.admin.userSid);

    const stored = await memberRows(t.organizationSid);
    expect(stored).toHaveLength(3);
    expect(stored.find((m) => m.sid === updating.sid)?.type).toBe('updating');

    const byOrder = await t.buyer.request<Page<'orderMembers', OrderMember>>(
      'GET',
      `/v1/orderMembers?orderSid=${orderA}`,
    );
    expect(byOrder.status).toBe(200);
    expect(byOrder.body.orderMembers.map((m) => m.sid).sort()).toEqual([tracking.sid, updating.sid].sort());
    const both = await t.buyer.request<Page<'orderMembers', OrderMember>>(
      'GET',
      `/v1/orderMembers?orderSid=${orderA}&orderSid=${orderB}`,
    );
    expect(both.body.orderMembers).toHaveLength(3);
    const byMember = await t.buyer.request<Page<'orderMembers', OrderMember>>(
      'GET',
      `/v1/orderMembers?memberSid=${t.admin.userSid}`,
    );
    expect(byMember.body.orderMembers.map((m) => m.orderSid).sort()).toEqual([orderA, orderB].sort());
    const paged = await t.buyer.request<Page<'orderMembers', OrderMember>>('GET', '/v1/orderMembers?pageSize=2');
    expect(paged.body.orderMembers).toHaveLength(2);
    expect(paged.body.page.nextPageToken).not.toBeNull();

    const events = await t.buyer.request<Page<'orderEvents', { eventType: string }>>(
      'GET',
      `/v1/orders/${orderA}/events`,
    );
    expect(events.body.orderEvents.filter((e) => e.eventType === 'orderMember.created')).toHaveLength(2);
  });

  it('refuses a duplicate member with 409, and answers a repeated client sid with the first result', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const order = await makeOrder(t);
    await addMember(t, order, t.buyer.userSid);
    const duplicate = await t.buyer.request<ApiError>('POST', '/v1/orderMembers', {
      orderSid: order,
      memberSid: t.buyer.userSid,
      type: 'updating',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.field).toBe('memberSid');

    const sid = newSid('OM');
    const first = await t.buyer.request<OrderMember>('POST', '/v1/orderMembers', {
      sid,
      orderSid: order,
      memberSid: t.admin.userSid,
    });
    expect(first.status).toBe(201);
    expect(first.body.sid).toBe(sid);
    const again = await t.buyer.request<OrderMember>('POST', '/v1/orderMembers', {
      sid,
      orderSid: order,
      memberSid: t.admin.userSid,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const elsewhere = await other.buyer.request<ApiError>('POST', '/v1/orderMembers', {
      sid,
      orderSid: await makeOrder(other),
      memberSid: other.buyer.userSid,
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.field).toBe('sid');
    expect(await memberRows(t.organizationSid)).toHaveLength(2);
    expect(await memberRows(other.organizationSid)).toHaveLength(0);
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const order = await makeOrder(t);
    const foreignOrder = await makeOrder(other);
    const cases: [unknown, string][] = [
      [{ orderSid: order }, 'memberSid'],
      [{ memberSid: t.buyer.userSid }, 'orderSid'],
      [{ orderSid: order, memberSid: t.buyer.userSid, type: 'watching' }, 'type'],
      [{ orderSid: order, memberSid: t.buyer.userSid, sid: 'OR123' }, 'sid'],
      [{ orderSid: order, memberSid: t.buyer.userSid, role: 'owner' }, 'role'],
      [{ orderSid: foreignOrder, memberSid: t.buyer.userSid }, 'orderSid'],
      [{ orderSid: order, memberSid: other.buyer.userSid }, 'memberSid'],
      [{ orderSid: order, memberSid: 'USnosuchuser000000000000000000' }, 'memberSid'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/orderMembers', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    expect(await memberRows(t.organizationSid)).toHaveLength(0);
  });

  it('lets vendors see the members of their own vendor’s orders only, and change none', async () => {
    const t = await createTenant();
    const own = await makeOrder(t, t.vendorName);
    const foreign = await makeOrder(t, t.otherVendorName);
    const visible = await addMember(t, own, t.buyer.userSid);
    const hidden = await addMember(t, foreign, t.buyer.userSid);
    const list = await t.vendor.request<Page<'orderMembers', OrderMember>>('GET', '/v1/orderMembers');
    expect(list.body.orderMembers.map((m) => m.sid)).toEqual([visible.sid]);
    const asked = await t.vendor.request<Page<'orderMembers', OrderMember>>(
      'GET',
      `/v1/orderMembers?orderSid=${foreign}`,
    );
    expect(asked.body.orderMembers).toEqual([]);
    expect(
      (await t.vendor.request('POST', '/v1/orderMembers', { orderSid: own, memberSid: t.vendor.userSid })).status,
    ).toBe(403);
    expect((await t.vendor.request('DELETE', `/v1/orderMembers/${visible.sid}`)).status).toBe(403);
    expect((await t.vendor.request('DELETE', `/v1/orderMembers?orderMemberSid=${hidden.sid}`)).status).toBe(403);
    expect(await memberRows(t.organizationSid)).toHaveLength(2);
  });

  it('deletes one member; another organization’s member is 404 and stays', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const order = await makeOrder(t);
    const member = await addMember(t, order, t.buyer.userSid);
    expect((await other.admin.request('DELETE', `/v1/orderMembers/${member.sid}`)).status).toBe(404);
    expect(await memberRows(t.organizationSid)).toHaveLength(1);
    expect((await t.buyer.request('DELETE', `/v1/orderMembers/${member.sid}`)).status).toBe(204);
    expect(await memberRows(t.organizationSid)).toHaveLength(0);
    expect((await t.buyer.request('DELETE', `/v1/orderMembers/${member.sid}`)).status).toBe(404);
    const events = await t.buyer.request<
      Page<'orderEvents', { eventType: string; event: { before: unknown; after: unknown } }>
    >('GET', `/v1/orders/${order}/events`);
    // Each event names the member, so the history reads who was added and taken off.
    const name = `Buyer ${t.organizationSid.slice(-8)}`;
    const added = events.body.orderEvents.find((e) => e.eventType === 'orderMember.created');
    const removed = events.body.orderEvents.find((e) => e.eventType === 'orderMember.deleted');
    expect(added?.event.after).toMatchObject({ memberSid: t.buyer.userSid, memberName: name });
    expect(removed?.event.before).toMatchObject({ memberSid: t.buyer.userSid, memberName: name });
  });

  it('bulk deletes all or none', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const order = await makeOrder(t);
    const a = await addMember(t, order, t.buyer.userSid);
    const b = await addMember(t, order, t.admin.userSid);
    const c = await addMember(t, order, t.vendor.userSid);
    const foreign = await addMember(other, await makeOrder(other), other.buyer.userSid);

    const missing = await t.buyer.request(
      'DELETE',
      `/v1/orderMembers?orderMemberSid=${a.sid}&orderMemberSid=OMnosuchmember0000000000000000`,
    );
    expect(missing.status).toBe(404);
    const crossing = await t.buyer.request(
      'DELETE',
      `/v1/orderMembers?orderMemberSid=${a.sid}&orderMemberSid=${foreign.sid}`,
    );
    expect(crossing.status).toBe(404);
    expect(await memberRows(t.organizationSid)).toHaveLength(3);
    expect(await memberRows(other.organizationSid)).toHaveLength(1);

    const none = await t.buyer.request<ApiError>('DELETE', '/v1/orderMembers');
    expect(none.status).toBe(400);
    expect(none.body.field).toBe('orderMemberSid');

    const done = await t.buyer.request(
      'DELETE',
      `/v1/orderMembers?orderMemberSid=${a.sid}&orderMemberSid=${b.sid}&orderMemberSid=${a.sid}`,
    );
    expect(done.status).toBe(204);
    expect((await memberRows(t.organizationSid)).map((m) => m.sid)).toEqual([c.sid]);
  });
});

describe('order invites', () => {
  async function invite(t: Tenant, orderSid: string, email: string, accepted: Date | null = null) {
    const { db } = await server();
    const now = new Date();
    const sid = newSid('OI');
    await db
      .insertInto('orderInvites')
      .values({ sid, organizationSid: t.organizationSid, created: now, updated: now, orderSid, email, accepted })
      .execute();
    return sid;
  }

  it('lists invites filtered by order and email, scoped to the organization and the vendor’s orders', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const own = await makeOrder(t, t.vendorName);
    const foreign = await makeOrder(t, t.otherVendorName);
    const acceptedAt = new Date('2026-03-01T10:00:00.000Z');
    const first = await invite(t, own, 'Planner@Example.test', acceptedAt);
    const second = await invite(t, foreign, 'planner@example.test');
    const third = await invite(t, foreign, 'buyer2@example.test');
    await invite(other, await makeOrder(other), 'planner@example.test');

    const all = await t.buyer.request<Page<'orderInvites', OrderInvite>>('GET', '/v1/orderInvites');
    expect(all.status).toBe(200);
    expect(all.body.orderInvites.map((i) => i.sid).sort()).toEqual([first, second, third].sort());
    const firstInvite = all.body.orderInvites.find((i) => i.sid === first);
    expect(firstInvite).toMatchObject({
      organizationSid: t.organizationSid,
      orderSid: own,
      email: 'Planner@Example.test',
      type: 'tracking',
      accepted: acceptedAt.toISOString(),
    });
    const byOrder = await t.buyer.request<Page<'orderInvites', OrderInvite>>(
      'GET',
      `/v1/orderInvites?orderSid=${foreign}`,
    );
    expect(byOrder.body.orderInvites.map((i) => i.sid).sort()).toEqual([second, third].sort());
    const byEmail = await t.buyer.request<Page<'orderInvites', OrderInvite>>(
      'GET',
      `/v1/orderInvites?email=${encodeURIComponent('PLANNER@example.test')}`,
    );
    expect(byEmail.body.orderInvites.map((i) => i.sid).sort()).toEqual([first, second].sort());
    const both = await t.buyer.request<Page<'orderInvites', OrderInvite>>(
      'GET',
      `/v1/orderInvites?orderSid=${own}&email=planner%40example.test`,
    );
    expect(both.body.orderInvites.map((i) => i.sid)).toEqual([first]);

    const vendor = await t.vendor.request<Page<'orderInvites', OrderInvite>>('GET', '/v1/orderInvites');
    expect(vendor.body.orderInvites.map((i) => i.sid)).toEqual([first]);
    const otherView = await other.buyer.request<Page<'orderInvites', OrderInvite>>(
      'GET',
      `/v1/orderInvites?orderSid=${own}`,
    );
    expect(otherView.body.orderInvites).toEqual([]);
    expect((await t.buyer.request<ApiError>('GET', '/v1/orderInvites?pageSize=abc')).body.field).toBe('pageSize');
  });
});
