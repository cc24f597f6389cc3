// Confirming a shipment records what was confirmed, on the real server and
// database: confirming one without a ship or delivery date makes its due date
// the delivery date (single and bulk update), a date given is kept, no due
// date invents none; and a delivered or canceled shipment is never split.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface ItemGroup {
  sid: string;
  itemSid: string;
  quantity: string;
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
  confirmed: boolean;
  status: string;
  delivered: boolean;
  version: number;
}
interface Failure {
  code: string;
  message: string;
  field?: string;
}
interface HistoryEvent {
  eventType: string;
  event: { before: Record<string, unknown> | null; after: Record<string, unknown> };
}

let counter = 0;

/** A new shipment of 40 on its own order line; `fields` are sent on create (dueDate 2030-06-01 unless given). */
async function shipment(t: Tenant, fields: Record<string, unknown> = {}): Promise<ItemGroup> {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-C-${Date.now().toString(36)}-${String(counter++)}`,
    vendorName: t.vendorName,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '40',
  });
  const created = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity: '40',
    dueDate: '2030-06-01',
    ...fields,
  });
  expect([order.status, item.status, created.status], JSON.stringify(created.body)).toEqual([201, 201, 201]);
  return created.body;
}

async function get(t: Tenant, sid: string): Promise<ItemGroup> {
  const r = await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${sid}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** Every item group and event of the organization: equal snapshots, nothing written. */
async function snapshot(t: Tenant): Promise<string> {
  const { db } = await server();
  const groups = await sql<Record<string, unknown>>`
    select sid, quantity::text as quantity, version, status, delivered, confirmed,
      due_date::text as due_date, ship_date::text as ship_date, delivery_date::text as delivery_date
    from item_groups where organization_sid = ${t.organizationSid} order by sid`.execute(db);
  const events = await sql<{ n: number }>`
    select count(*)::int as n from events where organization_sid = ${t.organizationSid}`.execute(db);
  return JSON.stringify({ groups: groups.rows, events: events.rows[0].n });
}

describe('confirming an item group without dates (updateItemGroup)', () => {
  it('records the due date as the delivery date, in the answer, the record and its history', async () => {
    const t = await createTenant();
    const g = await shipment(t);
    expect(g).toMatchObject({ shipDate: null, deliveryDate: null, confirmed: false });
    const r = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      confirmed: true,
      version: g.version,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      confirmed: true,
      deliveryDate: '2030-06-01',
      shipDate: null,
      version: g.version + 1,
    });
    expect(await get(t, g.sid)).toEqual(r.body);
    const events = await t.buyer.request<{ itemGroupEvents: HistoryEvent[] }>('GET', `/v1/itemGroups/${g.sid}/events`);
    const updated = events.body.itemGroupEvents.filter((e) => e.eventType === 'itemGroup.updated');
    expect(updated.map((e) => e.event.after)).toEqual([{ confirmed: true, deliveryDate: '2030-06-01' }]);
    expect(updated[0].event.before).toEqual({ confirmed: false, deliveryDate: null });
  });

  it('does the same for a vendor confirming its own line', async () => {
    const t = await createTenant();
    const g = await shipment(t, { dueDate: '2030-09-15' });
    const r = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, { confirmed: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ confirmed: true, deliveryDate: '2030-09-15' });
  });

  it('keeps a date given with the confirmation, or one the group already has', async () => {
    const t = await createTenant();
    const withDelivery = await shipment(t);
    const a = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${withDelivery.sid}`, {
      confirmed: true,
      deliveryDate: '2030-07-04',
    });
    expect(a.body).toMatchObject({ confirmed: true, deliveryDate: '2030-07-04', shipDate: null });

    const withShip = await shipment(t);
    const b = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${withShip.sid}`, {
      confirmed: true,
      shipDate: '2030-05-20',
    });
    expect(b.body).toMatchObject({ confirmed: true, shipDate: '2030-05-20', deliveryDate: null });

    const shipOnFile = await shipment(t, { shipDate: '2030-05-25' });
    const c = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${shipOnFile.sid}`, { confirmed: true });
    expect(c.body).toMatchObject({ confirmed: true, shipDate: '2030-05-25', deliveryDate: null });

    const deliveryOnFile = await shipment(t, { deliveryDate: '2030-06-10' });
    const d = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${deliveryOnFile.sid}`, { confirmed: true });
    expect(d.body).toMatchObject({ confirmed: true, deliveryDate: '2030-06-10' });

    // A due date moved in the same request is the one recorded.
    const moved = await shipment(t);
    const e = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${moved.sid}`, {
      confirmed: true,
      dueDate: '2030-08-01',
    });
    expect(e.body).toMatchObject({ confirmed: true, dueDate: '2030-08-01', deliveryDate: '2030-08-01' });
  });

  it('invents no date without a due date', async () => {
    const t = await createTenant();
    const g = await shipment(t, { dueDate: null });
    const r = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, { confirmed: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ confirmed: true, dueDate: null, shipDate: null, deliveryDate: null });
  });

  it('leaves the delivery date alone on changes that do not confirm', async () => {
    const t = await createTenant();
    const g = await shipment(t);
    const unconfirm = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, { confirmed: false });
    expect(unconfirm.body).toMatchObject({ confirmed: false, deliveryDate: null });
    const other = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, { quantity: '41' });
    expect(other.body).toMatchObject({ quantity: '41', deliveryDate: null });
  });
});

describe('confirming item groups in bulk (bulkUpdateItemGroups)', () => {
  it('records the due date for each one without dates, keeps given dates, invents none', async () => {
    const t = await createTenant();
    const bare = await shipment(t, { dueDate: '2030-06-01' });
    const bare2 = await shipment(t, { dueDate: '2030-06-02' });
    const given = await shipment(t);
    const shipped = await shipment(t, { shipDate: '2030-05-28' });
    const undated = await shipment(t, { dueDate: null });
    const r = await t.buyer.request<ItemGroup[]>('PATCH', '/v1/itemGroups/bulk', [
      { sid: bare.sid, version: bare.version, confirmed: true },
      { sid: bare2.sid, version: bare2.version, confirmed: true },
      { sid: given.sid, version: given.version, confirmed: true, deliveryDate: '2030-07-01' },
      { sid: shipped.sid, version: shipped.version, confirmed: true },
      { sid: undated.sid, version: undated.version, confirmed: true },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.map((g) => [g.confirmed, g.shipDate, g.deliveryDate])).toEqual([
      [true, null, '2030-06-01'],
      [true, null, '2030-06-02'],
      [true, null, '2030-07-01'],
      [true, '2030-05-28', null],
      [true, null, null],
    ]);
    for (const saved of r.body) expect(await get(t, saved.sid)).toEqual(saved);
  });

  it('reverts through the same endpoint with the new versions, and refuses a stale batch whole', async () => {
    const t = await createTenant();
    const a = await shipment(t);
    const b = await shipment(t);
    const confirmed = await t.buyer.request<ItemGroup[]>('PATCH', '/v1/itemGroups/bulk', [
      { sid: a.sid, version: a.version, confirmed: true },
      { sid: b.sid, version: b.version, confirmed: true },
    ]);
    expect(confirmed.status).toBe(200);
    // Someone changes b meanwhile: an undo with the versions of the first save writes nothing.
    const [savedA, savedB] = confirmed.body;
    await t.buyer.request('PATCH', `/v1/itemGroups/${b.sid}`, { quantity: '39', version: savedB.version });
    const before = await snapshot(t);
    const stale = await t.buyer.request<Failure>('PATCH', '/v1/itemGroups/bulk', [
      { sid: a.sid, version: savedA.version, confirmed: false, deliveryDate: null },
      { sid: b.sid, version: savedB.version, confirmed: false, deliveryDate: null },
    ]);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(await snapshot(t)).toBe(before);
    // The undo of a alone goes through: confirmed: false does not set a date.
    const undone = await t.buyer.request<ItemGroup[]>('PATCH', '/v1/itemGroups/bulk', [
      { sid: a.sid, version: savedA.version, confirmed: false, deliveryDate: null },
    ]);
    expect(undone.status).toBe(200);
    expect(undone.body[0]).toMatchObject({ confirmed: false, deliveryDate: null, version: savedA.version + 1 });
  });
});

describe('splitting a closed item group', () => {
  it('is refused for a delivered or a canceled one, naming why, writing nothing', async () => {
    const t = await createTenant();
    const delivered = await shipment(t, { delivered: true });
    const canceled = await shipment(t, { status: 'canceled' });
    const before = await snapshot(t);
    const cases: [ItemGroup, string, RegExp][] = [
      [delivered, 'delivered', /delivered/],
      [canceled, 'status', /canceled/],
    ];
    for (const [g, field, words] of cases) {
      for (const who of [t.buyer, t.vendor]) {
        const r = await who.request<Failure>('POST', `/v1/itemGroups/${g.sid}/split`, {
          version: g.version,
          shipments: [{ quantity: '20' }, { quantity: '20' }],
        });
        expect(r.status, JSON.stringify(r.body)).toBe(422);
        expect(r.body).toMatchObject({ code: 'unprocessable', field });
        expect(r.body.message).toMatch(words);
        expect(Object.keys(r.body).sort()).toEqual(['code', 'field', 'message']);
      }
    }
    expect(await snapshot(t)).toBe(before);
    // An open one of the same kind splits.
    const open = await shipment(t);
    const ok = await t.buyer.request('POST', `/v1/itemGroups/${open.sid}/split`, {
      version: open.version,
      shipments: [{ quantity: '20' }, { quantity: '20' }],
    });
    expect(ok.status).toBe(200);
  });
});

describe('a new ship date past the old arrival dates', () => {
  it('clears the arrival dates it passes, so the new date is the promise and raises New Delay', async () => {
    const t = await createTenant('StaleArrival');
    const { db } = await server();
    // An import's promised arrival and a confirmation's delivery date, both before the due date.
    const g = await shipment(t, { shipDate: '2030-05-10', deliveryDate: '2030-05-20' });
    await db.updateTable('itemGroups').set({ estimatedArrivalDate: '2030-05-22' }).where('sid', '=', g.sid).execute();
    const moved = await t.vendor.request<ItemGroup & { estimatedArrivalDate: string | null }>(
      'PATCH',
      `/v1/itemGroups/${g.sid}`,
      { shipDate: '2030-07-01', confirmed: true, version: g.version },
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ shipDate: '2030-07-01', deliveryDate: null, estimatedArrivalDate: null });
    const flags = await db.selectFrom('flags').select(['type', 'status']).where('itemGroupSid', '=', g.sid).execute();
    expect(flags).toContainEqual({ type: 'newDelay', status: 'open' });

    // A split whose later shipment ships after the arrival estimate does not inherit it.
    const h = await shipment(t, { shipDate: '2030-05-10' });
    await db.updateTable('itemGroups').set({ estimatedArrivalDate: '2030-05-15' }).where('sid', '=', h.sid).execute();
    const split = await t.buyer.request<{ itemGroups: (ItemGroup & { estimatedArrivalDate: string | null })[] }>(
      'POST',
      `/v1/itemGroups/${h.sid}/split`,
      { version: h.version, shipments: [{ quantity: '30' }, { quantity: '10', shipDate: '2030-05-30' }] },
    );
    expect(split.body.itemGroups.map((x) => [x.shipDate, x.estimatedArrivalDate])).toEqual([
      ['2030-05-10', '2030-05-15'],
      ['2030-05-30', null],
    ]);
  });
});
