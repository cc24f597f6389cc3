// The follow-up of an order and of a vendor through the API, on the real
// server and database: what applies to an order's lines (most specific
// first), pausing and resuming an order or a vendor and choosing their
// cadence (a cadence of the organization only, nothing written on bad input),
// the history event, the list of vendors that differ, who may do it, and the
// engine honouring it: a paused order or vendor is not asked, and what fell
// due is asked once it is resumed.
import { describe, expect, it } from 'vitest';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { berlinTenant, morning } from './support/berlin.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';
import { updateOrganizationSettings } from './support/settings.ts';

interface Applies {
  state: 'paused' | 'custom' | 'default';
  pausedBy: 'order' | 'vendor' | null;
  cadenceSid: string | null;
  cadenceTitle: string | null;
  cadenceFrom: 'order' | 'vendor' | 'organization' | null;
}
interface VendorFollowUp {
  vendorSid: string;
  vendorName: string;
  paused: boolean;
  cadenceSid: string | null;
  cadenceTitle: string | null;
}
interface OrderFollowUp {
  orderSid: string;
  orderUniqueName: string;
  paused: boolean;
  cadenceSid: string | null;
  cadenceTitle: string | null;
  vendor: VendorFollowUp | null;
  applies: Applies;
}
interface Failure {
  code: string;
  field?: string;
  message: string;
}

let counter = 0;

async function makeOrder(t: Tenant, vendorSid = t.vendorSid) {
  const order = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-CH-${String(++counter)}-${Date.now().toString(36)}`,
    vendorSid,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '4',
  });
  const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity: '4',
    dueDate: '2027-06-01',
  });
  expect([order.status, item.status, group.status]).toEqual([201, 201, 201]);
  return { sid: order.body.sid, uniqueName: order.body.uniqueName, itemGroupSid: group.body.sid };
}

async function makeCadence(t: Tenant, title: string): Promise<string> {
  const r = await t.admin.request<{ sid: string }>('POST', '/v1/cadences', {
    delaySeconds: String(7 * 86_400),
    messageType: 'email',
    title,
  });
  expect(r.status).toBe(201);
  return r.body.sid;
}

const followUpOf = async (t: Tenant, orderSid: string) =>
  (await t.buyer.request<OrderFollowUp>('GET', `/v1/orders/${orderSid}/followUp`)).body;

describe('the follow-up of an order and a vendor', () => {
  it('says what applies to an order: a pause of it or its vendor, else the cadence of the order, vendor or organization', async () => {
    const t = await createTenant('Choices');
    const po = await makeOrder(t);
    const initial = await followUpOf(t, po.sid);
    expect(initial).toEqual({
      orderSid: po.sid,
      orderUniqueName: po.uniqueName,
      paused: false,
      cadenceSid: null,
      cadenceTitle: null,
      vendor: { vendorSid: t.vendorSid, vendorName: t.vendorName, paused: false, cadenceSid: null, cadenceTitle: null },
      applies: { state: 'default', pausedBy: null, cadenceSid: null, cadenceTitle: null, cadenceFrom: null },
    });
    // By unique name too.
    expect((await followUpOf(t, po.uniqueName)).orderSid).toBe(po.sid);

    const orgCadence = await makeCadence(t, 'Organization weekly');
    const vendorCadence = await makeCadence(t, 'Vendor weekly');
    const orderCadence = await makeCadence(t, 'Order weekly');
    await updateOrganizationSettings(t, { cadenceSid: orgCadence });
    expect((await followUpOf(t, po.sid)).applies).toMatchObject({
      state: 'custom',
      cadenceSid: orgCadence,
      cadenceTitle: 'Organization weekly',
      cadenceFrom: 'organization',
    });

    const vendor = await t.buyer.request<VendorFollowUp>('PATCH', `/v1/vendors/${t.vendorSid}/followUp`, {
      cadenceSid: vendorCadence,
    });
    expect(vendor.status).toBe(200);
    expect(vendor.body).toMatchObject({ cadenceSid: vendorCadence, cadenceTitle: 'Vendor weekly', paused: false });
    expect((await followUpOf(t, po.sid)).applies).toMatchObject({ cadenceSid: vendorCadence, cadenceFrom: 'vendor' });

    const own = await t.buyer.request<OrderFollowUp>('PATCH', `/v1/orders/${po.sid}/followUp`, {
      cadenceSid: orderCadence,
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ cadenceSid: orderCadence, cadenceTitle: 'Order weekly' });
    expect(own.body.applies).toMatchObject({ state: 'custom', cadenceSid: orderCadence, cadenceFrom: 'order' });

    // A vendor's pause stops every order of it; the order's own pause is named first.
    await t.buyer.request('PATCH', `/v1/vendors/${t.vendorSid}/followUp`, { paused: true });
    expect((await followUpOf(t, po.sid)).applies).toEqual({
      state: 'paused',
      pausedBy: 'vendor',
      cadenceSid: null,
      cadenceTitle: null,
      cadenceFrom: null,
    });
    const paused = await t.buyer.request<OrderFollowUp>('PATCH', `/v1/orders/${po.sid}/followUp`, { paused: true });
    expect(paused.body).toMatchObject({ paused: true, cadenceSid: orderCadence, applies: { pausedBy: 'order' } });

    // Null goes back to the next level.
    await t.buyer.request('PATCH', `/v1/vendors/${t.vendorSid}/followUp`, { paused: false, cadenceSid: null });
    const back = await t.buyer.request<OrderFollowUp>('PATCH', `/v1/orders/${po.sid}/followUp`, {
      paused: false,
      cadenceSid: null,
    });
    expect(back.body.applies).toMatchObject({ state: 'custom', cadenceSid: orgCadence, cadenceFrom: 'organization' });
  });

  it('keeps the change in the order history, with who made it', async () => {
    const t = await createTenant('Choices');
    const po = await makeOrder(t);
    await t.buyer.request('PATCH', `/v1/orders/${po.sid}/followUp`, { paused: true });
    // The same again changes nothing and writes no event.
    await t.buyer.request('PATCH', `/v1/orders/${po.sid}/followUp`, { paused: true });
    const { db } = await server();
    const events = await db
      .selectFrom('events')
      .select(['eventType', 'actorSid', 'before', 'after'])
      .where('orderSid', '=', po.sid)
      .where('eventType', '=', 'order.followUpChanged')
      .execute();
    expect(events).toEqual([
      {
        eventType: 'order.followUpChanged',
        actorSid: t.buyer.userSid,
        before: { followUpPaused: false, cadenceSid: null, cadenceTitle: null },
        after: { followUpPaused: true, cadenceSid: null, cadenceTitle: null },
      },
    ]);
    const cadence = await makeCadence(t, 'Fortnightly');
    await t.buyer.request('PATCH', `/v1/orders/${po.sid}/followUp`, { paused: false, cadenceSid: cadence });
    const last = await db
      .selectFrom('events')
      .select(['before', 'after'])
      .where('orderSid', '=', po.sid)
      .where('eventType', '=', 'order.followUpChanged')
      .orderBy('eventTime', 'desc')
      .orderBy('sid', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({
      before: { followUpPaused: true, cadenceSid: null, cadenceTitle: null },
      after: { followUpPaused: false, cadenceSid: cadence, cadenceTitle: 'Fortnightly' },
    });
  });

  it('refuses what is not a change or not a cadence of the organization, and writes nothing', async () => {
    const t = await createTenant('Choices');
    const other = await createTenant('Choices');
    const po = await makeOrder(t);
    const foreignCadence = await makeCadence(other, 'Theirs');
    const cases: [unknown, string][] = [
      [{}, 'paused'],
      [{ paused: 'yes' }, 'paused'],
      [{ paused: true, cadenceSid: foreignCadence }, 'cadenceSid'],
      [{ paused: true, cadenceSid: 'CAnope' }, 'cadenceSid'],
      [{ paused: true, cadenceSid: 'x'.repeat(256) }, 'cadenceSid'],
      [{ paused: true, title: 'extra' }, 'title'],
    ];
    for (const [body, field] of cases) {
      for (const path of [`/v1/orders/${po.sid}/followUp`, `/v1/vendors/${t.vendorSid}/followUp`]) {
        const r = await t.buyer.request<Failure>('PATCH', path, body);
        expect([r.status, r.body.code, r.body.field], `${path} ${JSON.stringify(body)}`).toEqual([
          400,
          'invalid_request',
          field,
        ]);
      }
    }
    const after = await followUpOf(t, po.sid);
    expect(after).toMatchObject({ paused: false, cadenceSid: null, vendor: { paused: false, cadenceSid: null } });
  });

  it('keeps orders and vendors to their organization, and from vendors', async () => {
    const a = await createTenant('Choices');
    const b = await createTenant('Choices');
    const po = await makeOrder(a);
    expect((await b.buyer.request('GET', `/v1/orders/${po.sid}/followUp`)).status).toBe(404);
    expect((await b.buyer.request('PATCH', `/v1/orders/${po.sid}/followUp`, { paused: true })).status).toBe(404);
    expect((await b.buyer.request('GET', `/v1/vendors/${a.vendorSid}/followUp`)).status).toBe(404);
    expect((await b.buyer.request('PATCH', `/v1/vendors/${a.vendorSid}/followUp`, { paused: true })).status).toBe(404);
    // A vendor may not pause its own follow-up, nor read it.
    expect((await a.vendor.request('GET', `/v1/orders/${po.sid}/followUp`)).status).toBe(403);
    expect((await a.vendor.request('PATCH', `/v1/orders/${po.sid}/followUp`, { paused: true })).status).toBe(403);
    expect((await a.vendor.request('PATCH', `/v1/vendors/${a.vendorSid}/followUp`, { paused: true })).status).toBe(403);
    expect((await a.vendor.request('GET', '/v1/vendorFollowUps')).status).toBe(403);
    expect(await followUpOf(a, po.sid)).toMatchObject({ paused: false, vendor: { paused: false } });
  });

  it('lists the vendors that are paused or follow a cadence of their own, by name', async () => {
    const t = await createTenant('Choices');
    const cadence = await makeCadence(t, 'Slow');
    expect(
      (await t.buyer.request<{ vendorFollowUps: VendorFollowUp[] }>('GET', '/v1/vendorFollowUps')).body.vendorFollowUps,
    ).toEqual([]);
    await t.buyer.request('PATCH', `/v1/vendors/${t.otherVendorSid}/followUp`, { paused: true });
    await t.buyer.request('PATCH', `/v1/vendors/${t.vendorSid}/followUp`, { cadenceSid: cadence });
    const list = await t.buyer.request<{ vendorFollowUps: VendorFollowUp[] }>('GET', '/v1/vendorFollowUps');
    expect(list.body.vendorFollowUps).toEqual(
      [
        { vendorSid: t.vendorSid, vendorName: t.vendorName, paused: false, cadenceSid: cadence, cadenceTitle: 'Slow' },
        {
          vendorSid: t.otherVendorSid,
          vendorName: t.otherVendorName,
          paused: true,
          cadenceSid: null,
          cadenceTitle: null,
        },
      ].sort((x, y) => (x.vendorName < y.vendorName ? -1 : 1)),
    );
    // Back to the organization's: off the list.
    await t.buyer.request('PATCH', `/v1/vendors/${t.otherVendorSid}/followUp`, { paused: false });
    const after = await t.buyer.request<{ vendorFollowUps: VendorFollowUp[] }>('GET', '/v1/vendorFollowUps');
    expect(after.body.vendorFollowUps.map((v) => v.vendorSid)).toEqual([t.vendorSid]);
  });

  it('stops the engine asking about a paused order or vendor, and asks once either is resumed', async () => {
    const t = await berlinTenant('Choices');
    const { db } = await server();
    const pausedOrder = await makeOrder(t);
    const pausedVendorOrder = await makeOrder(t);
    await t.buyer.request('PATCH', `/v1/orders/${pausedOrder.sid}/followUp`, { paused: true });
    await t.buyer.request('PATCH', `/v1/vendors/${t.vendorSid}/followUp`, { paused: true });
    const run = (date: string) =>
      runFollowUp(db, { now: morning(date), publicUrl: 'https://factor.example', organizationSid: t.organizationSid });
    const asked = async () =>
      (
        await db
          .selectFrom('updateRequests')
          .select('orderSid')
          .where('organizationSid', '=', t.organizationSid)
          .orderBy('created')
          .execute()
      ).map((r) => r.orderSid);

    expect(await run('2026-12-07')).toMatchObject({ updateRequests: 0 });
    // The vendor resumed: its order that is not paused itself is asked; the paused order still is not.
    await t.buyer.request('PATCH', `/v1/vendors/${t.vendorSid}/followUp`, { paused: false });
    expect(await run('2026-12-08')).toMatchObject({ updateRequests: 1 });
    expect(await asked()).toEqual([pausedVendorOrder.sid]);
    await t.buyer.request('PATCH', `/v1/orders/${pausedOrder.sid}/followUp`, { paused: false });
    // The order resumed is asked (the other order's request of yesterday is reminded besides).
    expect(await run('2026-12-09')).toMatchObject({ requestedLines: 1, remindedLines: 1 });
    expect(new Set(await asked())).toEqual(new Set([pausedVendorOrder.sid, pausedOrder.sid]));
  });

  it('raises no Unresponsive Vendor flag on a paused order, nor resolves one, while the pause lasts', async () => {
    const t = await berlinTenant('Choices');
    const { db } = await server();
    const paused = await makeOrder(t);
    const asked = await makeOrder(t);
    const run = (date: string) =>
      runFollowUp(db, { now: morning(date), publicUrl: 'https://factor.example', organizationSid: t.organizationSid });
    const unresponsive = async () =>
      (
        await db
          .selectFrom('flags')
          .select(['orderSid', 'status'])
          .where('organizationSid', '=', t.organizationSid)
          .where('type', '=', 'unresponsiveVendor')
          .execute()
      ).map((f) => `${f.orderSid === paused.sid ? 'paused' : 'asked'} ${f.status}`);
    // Both asked on Monday; the first is paused before the vendor's five business days to answer run out.
    await run('2026-12-07');
    await t.buyer.request('PATCH', `/v1/orders/${paused.sid}/followUp`, { paused: true });
    await run('2026-12-15');
    expect(await unresponsive()).toEqual(['asked open']);

    // A flag raised before the pause stays as it is.
    await t.buyer.request('PATCH', `/v1/orders/${asked.sid}/followUp`, { paused: true });
    await run('2026-12-16');
    expect(await unresponsive()).toEqual(['asked open']);
  });
});
