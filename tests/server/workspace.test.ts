// The workspace extensions on the real server and database: splitting an item
// group (sums, refusals, events, vendors' limits, all or nothing), saved views
// kept per user, the vendors list and its scoping, and each schedule row's risk.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { utcToday } from '../../server/domain/item-group-risk.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface ItemGroup {
  sid: string;
  itemSid: string;
  orderSid: string;
  quantity: string;
  dueDate: string | null;
  shipDate: string | null;
  estimatedArrivalDate: string | null;
  uniqueName: string | null;
  confirmed: boolean;
  status: string;
  version: number;
  context?: { risk: string | null };
}
interface PageInfo {
  previousPageToken: string | null;
  nextPageToken: string | null;
}
type Page<K extends string, T> = Record<K, T[]> & { page: PageInfo };
interface Failure {
  code: string;
  message: string;
  field?: string;
  current?: ItemGroup;
}
interface HistoryEvent {
  eventType: string;
  event: { actor: { sid: string } | null; before: Record<string, unknown> | null; after: Record<string, unknown> };
}
interface SavedView {
  sid: string;
  page: 'orders' | 'schedule';
  name: string;
  search: string;
}
interface Vendor {
  sid: string;
  name: string;
  email: string | null;
}

let counter = 0;

/** An order of the tenant's vendor (or its other vendor) with one item of 40 and one item group of all 40. */
async function line(t: Tenant, vendor: 'mine' | 'other' = 'mine', group: Record<string, unknown> = {}) {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-W-${Date.now().toString(36)}-${counter++}`,
    vendorName: vendor === 'mine' ? t.vendorName : t.otherVendorName,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '40',
  });
  const created = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    uniqueName: 'ship-1',
    quantity: '40',
    dueDate: '2030-06-01',
    shipDate: '2030-05-20',
    ...group,
  });
  expect([order.status, item.status, created.status], JSON.stringify(created.body)).toEqual([201, 201, 201]);
  return created.body;
}

/** Every item group and event of the organization: equal snapshots, nothing written. */
async function snapshot(t: Tenant): Promise<string> {
  const { db } = await server();
  const groups = await sql<{ sid: string; quantity: string; version: number; unique_name: string | null }>`
    select sid, quantity::text as quantity, version, unique_name from item_groups
    where organization_sid = ${t.organizationSid} order by sid`.execute(db);
  const events = await sql<{ n: number }>`
    select count(*)::int as n from events where organization_sid = ${t.organizationSid}`.execute(db);
  return JSON.stringify({ groups: groups.rows, events: events.rows[0].n });
}

async function history(t: Tenant, sid: string): Promise<HistoryEvent[]> {
  const r = await t.buyer.request<Page<'itemGroupEvents', HistoryEvent>>('GET', `/v1/itemGroups/${sid}/events`);
  expect(r.status).toBe(200);
  return r.body.itemGroupEvents;
}

const splitPath = (sid: string) => `/v1/itemGroups/${sid}/split`;

describe('splitItemGroup', () => {
  it('keeps the original first, adds the others, and the quantities add up to the original', async () => {
    const t = await createTenant();
    const g = await line(t);
    const r = await t.buyer.request<{ itemGroups: ItemGroup[] }>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [
        { quantity: '25.5', shipDate: '2030-05-10', estimatedArrivalDate: '2030-05-15' },
        { quantity: '10', dueDate: '2030-07-01', uniqueName: 'ship-2' },
        { quantity: '4.5' },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [first, second, third] = r.body.itemGroups;
    expect(r.body.itemGroups).toHaveLength(3);
    expect(first).toMatchObject({
      sid: g.sid,
      version: g.version + 1,
      quantity: '25.5',
      dueDate: '2030-06-01',
      shipDate: '2030-05-10',
      estimatedArrivalDate: '2030-05-15',
      uniqueName: 'ship-1',
    });
    expect(second).toMatchObject({
      itemSid: g.itemSid,
      orderSid: g.orderSid,
      quantity: '10',
      dueDate: '2030-07-01',
      shipDate: '2030-05-20',
      uniqueName: 'ship-2',
      confirmed: false,
      status: 'active',
      version: 1,
    });
    // Defaults: the original's dates, no name.
    expect(third).toMatchObject({ quantity: '4.5', dueDate: '2030-06-01', shipDate: '2030-05-20', uniqueName: null });
    expect(new Set([first.sid, second.sid, third.sid]).size).toBe(3);
    // Each answered as getItemGroup answers it.
    for (const group of r.body.itemGroups) {
      const one = await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${group.sid}`);
      expect(one.body).toEqual(group);
    }
    const listed = await t.buyer.request<Page<'itemGroups', ItemGroup>>('GET', `/v1/itemGroups?itemSid=${g.itemSid}`);
    expect(listed.body.itemGroups.map((x) => x.sid)).toEqual([first.sid, second.sid, third.sid]);
    const { db } = await server();
    const sum = await sql<{ total: string }>`
      select sum(quantity)::text as total from item_groups where item_sid = ${g.itemSid}`.execute(db);
    expect(Number(sum.rows[0].total)).toBe(40);
  });

  it('writes an event to each item group’s history, with the actor, before and after', async () => {
    const t = await createTenant();
    const g = await line(t);
    const r = await t.buyer.request<{ itemGroups: ItemGroup[] }>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '30' }, { quantity: '10', shipDate: '2030-06-15' }],
    });
    expect(r.status).toBe(200);
    const [original, added] = r.body.itemGroups;
    const updated = (await history(t, original.sid)).filter((e) => e.eventType === 'itemGroup.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0].event.actor?.sid).toBe(t.buyer.userSid);
    expect(updated[0].event.before).toEqual({ quantity: '40' });
    expect(updated[0].event.after).toEqual({ quantity: '30' });
    const created = await history(t, added.sid);
    expect(created.map((e) => e.eventType)).toEqual(['itemGroup.created']);
    expect(created[0].event.actor?.sid).toBe(t.buyer.userSid);
    expect(created[0].event.after).toMatchObject({ sid: added.sid, quantity: '10', shipDate: '2030-06-15' });
  });

  it('refuses quantities that do not add up, or a zero one, with 422 split_quantity_mismatch, writing nothing', async () => {
    const t = await createTenant();
    const g = await line(t);
    const before = await snapshot(t);
    const cases: [{ quantity: string }[], string][] = [
      [[{ quantity: '30' }, { quantity: '9.999999' }], 'shipments'],
      [[{ quantity: '30' }, { quantity: '10.000001' }], 'shipments'],
      [[{ quantity: '40' }, { quantity: '0' }], 'shipments.1.quantity'],
      [[{ quantity: '20' }, { quantity: '20' }, { quantity: '0.000000' }], 'shipments.2.quantity'],
    ];
    for (const [shipments, field] of cases) {
      const r = await t.buyer.request<Failure>('POST', splitPath(g.sid), { version: g.version, shipments });
      expect(r.status, JSON.stringify(shipments)).toBe(422);
      expect(r.body).toMatchObject({ code: 'split_quantity_mismatch', field });
    }
    expect(await snapshot(t)).toBe(before);
    // Exactly equal in another spelling is fine.
    const ok = await t.buyer.request('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '39.000000' }, { quantity: '1.0' }],
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a stale version with 409 version_conflict and the current record, writing nothing', async () => {
    const t = await createTenant();
    const g = await line(t);
    const patched = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      shipDate: '2030-05-25',
      version: g.version,
    });
    expect(patched.status).toBe(200);
    const before = await snapshot(t);
    const r = await t.buyer.request<Failure>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '20' }, { quantity: '20' }],
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('version_conflict');
    expect(r.body.current).toMatchObject({ sid: g.sid, version: g.version + 1, shipDate: '2030-05-25' });
    expect(await snapshot(t)).toBe(before);
  });

  it('lets a vendor split its own line but not move the due date', async () => {
    const t = await createTenant();
    const g = await line(t);
    const before = await snapshot(t);
    const moved = await t.vendor.request<Failure>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '20' }, { quantity: '20', dueDate: '2030-08-01' }],
    });
    expect(moved.status).toBe(403);
    expect(moved.body).toMatchObject({ code: 'forbidden', field: 'shipments.1.dueDate' });
    const cleared = await t.vendor.request<Failure>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '20', dueDate: null }, { quantity: '20' }],
    });
    expect(cleared.status).toBe(403);
    expect(await snapshot(t)).toBe(before);
    // The due date it already has, or none given, is no move.
    const ok = await t.vendor.request<{ itemGroups: ItemGroup[] }>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [
        { quantity: '20', dueDate: '2030-06-01' },
        { quantity: '20', shipDate: '2030-06-20', estimatedArrivalDate: '2030-06-25' },
      ],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.itemGroups.map((x) => x.dueDate)).toEqual(['2030-06-01', '2030-06-01']);
    const events = await history(t, ok.body.itemGroups[1].sid);
    expect(events[0].event.actor?.sid).toBe(t.vendor.userSid);
  });

  it('answers a vendor 404 for another vendor’s line, and another organization 404, writing nothing', async () => {
    const t = await createTenant();
    const stranger = await createTenant();
    const g = await line(t, 'other');
    const before = await snapshot(t);
    const body = { version: g.version, shipments: [{ quantity: '20' }, { quantity: '20' }] };
    const vendor = await t.vendor.request<Failure>('POST', splitPath(g.sid), body);
    expect(vendor.status).toBe(404);
    expect(vendor.body.code).toBe('not_found');
    expect((await stranger.admin.request('POST', splitPath(g.sid), body)).status).toBe(404);
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses a canceled or delivered item group with 422', async () => {
    const t = await createTenant();
    const canceled = await line(t, 'mine', { status: 'canceled' });
    const delivered = await line(t, 'mine', { delivered: true });
    const before = await snapshot(t);
    for (const g of [canceled, delivered]) {
      const r = await t.buyer.request<Failure>('POST', splitPath(g.sid), {
        version: g.version,
        shipments: [{ quantity: '20' }, { quantity: '20' }],
      });
      expect(r.status).toBe(422);
    }
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses a unique name the item already has, or twice in one split, with 409, writing nothing', async () => {
    const t = await createTenant();
    const g = await line(t, 'mine', { quantity: '30' });
    const sibling = await t.buyer.request('POST', '/v1/itemGroups', {
      itemSid: g.itemSid,
      uniqueName: 'ship-9',
      quantity: '10',
    });
    expect(sibling.status).toBe(201);
    const before = await snapshot(t);
    const taken = await t.buyer.request<Failure>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '20' }, { quantity: '10', uniqueName: 'ship-9' }],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe('shipments.1.uniqueName');
    const twice = await t.buyer.request<Failure>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '10' }, { quantity: '10', uniqueName: 'a' }, { quantity: '10', uniqueName: 'a' }],
    });
    expect(twice.status).toBe(409);
    // The original's own name, kept by the original, is no clash with itself.
    const ownName = await t.buyer.request<Failure>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [{ quantity: '10' }, { quantity: '20', uniqueName: 'ship-1' }],
    });
    expect(ownName.status).toBe(409);
    expect(await snapshot(t)).toBe(before);
    const renamed = await t.buyer.request<{ itemGroups: ItemGroup[] }>('POST', splitPath(g.sid), {
      version: g.version,
      shipments: [
        { quantity: '10', uniqueName: 'ship-1a' },
        { quantity: '20', uniqueName: 'ship-1' },
      ],
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.itemGroups.map((x) => x.uniqueName)).toEqual(['ship-1a', 'ship-1']);
  });
});

describe('saved views', () => {
  const create = (t: Tenant, who: 'admin' | 'buyer' | 'vendor', body: Partial<SavedView>) =>
    t[who].request<SavedView & Failure>('POST', '/v1/savedViews', { page: 'schedule', search: '', ...body });
  const list = async (t: Tenant, who: 'admin' | 'buyer' | 'vendor', query = '') => {
    const r = await t[who].request<Page<'savedViews', SavedView>>('GET', `/v1/savedViews${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  it('keeps each user’s views to that user, within one organization', async () => {
    const t = await createTenant();
    const mine = await create(t, 'buyer', { name: 'Past due', search: '?pastDue=true' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ page: 'schedule', name: 'Past due', search: 'pastDue=true' });
    // The same name is free for another user, and for the same user on another page.
    expect((await create(t, 'admin', { name: 'Past due' })).status).toBe(201);
    expect((await create(t, 'buyer', { name: 'Past due', page: 'orders' })).status).toBe(201);
    expect((await create(t, 'vendor', { name: 'My lines' })).status).toBe(201);

    // Both of the buyer's, by name (the tie in either order).
    expect((await list(t, 'buyer')).savedViews.map((v) => `${v.name} (${v.page})`).sort()).toEqual([
      'Past due (orders)',
      'Past due (schedule)',
    ]);
    expect((await list(t, 'admin')).savedViews.map((v) => v.name)).toEqual(['Past due']);
    expect((await list(t, 'vendor')).savedViews.map((v) => v.name)).toEqual(['My lines']);

    // Another user's view is as missing as one that never was.
    const patch = await t.admin.request<Failure>('PATCH', `/v1/savedViews/${mine.body.sid}`, { name: 'Hijacked' });
    expect(patch.status).toBe(404);
    expect((await t.vendor.request('DELETE', `/v1/savedViews/${mine.body.sid}`)).status).toBe(404);
    expect((await list(t, 'buyer', '?page=schedule')).savedViews).toEqual([mine.body]);
  });

  it('refuses a taken name with 409 name_taken, on create and on rename', async () => {
    const t = await createTenant();
    const a = await create(t, 'buyer', { name: 'Acme' });
    const b = await create(t, 'buyer', { name: 'Bolts' });
    const again = await create(t, 'buyer', { name: ' Acme ' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'name_taken', field: 'name' });
    const rename = await t.buyer.request<Failure>('PATCH', `/v1/savedViews/${b.body.sid}`, { name: 'Acme' });
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({ code: 'name_taken', field: 'name' });
    const blank = await create(t, 'buyer', { name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe('name');
    // Renaming to its own name, or changing the search only, is fine.
    const same = await t.buyer.request<SavedView>('PATCH', `/v1/savedViews/${a.body.sid}`, {
      name: 'Acme',
      search: 'q=acme',
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ sid: a.body.sid, name: 'Acme', search: 'q=acme' });
    expect((await list(t, 'buyer')).savedViews.map((v) => [v.name, v.search])).toEqual([
      ['Acme', 'q=acme'],
      ['Bolts', ''],
    ]);
  });

  it('lists by name in cursor pages, filters by page, and deletes', async () => {
    const t = await createTenant();
    for (const name of ['Charlie', 'Alpha', 'Bravo']) expect((await create(t, 'buyer', { name })).status).toBe(201);
    expect((await create(t, 'buyer', { name: 'Delta', page: 'orders' })).status).toBe(201);
    const first = await list(t, 'buyer', '?page=schedule&pageSize=2');
    expect(first.savedViews.map((v) => v.name)).toEqual(['Alpha', 'Bravo']);
    expect(first.page.nextPageToken).not.toBeNull();
    const second = await list(t, 'buyer', `?page=schedule&pageSize=2&pageToken=${first.page.nextPageToken}`);
    expect(second.savedViews.map((v) => v.name)).toEqual(['Charlie']);
    expect(second.page.nextPageToken).toBeNull();
    expect((await list(t, 'buyer', '?page=orders')).savedViews.map((v) => v.name)).toEqual(['Delta']);
    const bad = await t.buyer.request<Failure>('GET', '/v1/savedViews?page=elsewhere');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('page');

    const alpha = first.savedViews[0];
    expect((await t.buyer.request('DELETE', `/v1/savedViews/${alpha.sid}`)).status).toBe(204);
    expect((await t.buyer.request('DELETE', `/v1/savedViews/${alpha.sid}`)).status).toBe(404);
    expect((await t.buyer.request('PATCH', `/v1/savedViews/${alpha.sid}`, { name: 'Back' })).status).toBe(404);
    expect((await list(t, 'buyer', '?page=schedule')).savedViews.map((v) => v.name)).toEqual(['Bravo', 'Charlie']);
  });

  it('never shows or changes another organization’s views', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const view = await create(a, 'buyer', { name: 'Ours' });
    expect((await list(b, 'admin')).savedViews).toEqual([]);
    expect((await b.admin.request('PATCH', `/v1/savedViews/${view.body.sid}`, { search: 'x=1' })).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/savedViews/${view.body.sid}`)).status).toBe(404);
    expect((await list(a, 'buyer')).savedViews).toEqual([view.body]);
  });
});

describe('listVendors', () => {
  const vendors = async (t: Tenant, who: 'admin' | 'buyer' | 'vendor', query = '') => {
    const r = await t[who].request<Page<'vendors', Vendor>>('GET', `/v1/vendors${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it('lists the organization’s vendors by name to staff, with a case-insensitive q', async () => {
    const t = await createTenant();
    await createTenant();
    expect((await vendors(t, 'buyer')).vendors.map((v) => v.sid)).toEqual([t.vendorSid, t.otherVendorSid]);
    expect((await vendors(t, 'admin', '?q=OTHER%20supply')).vendors.map((v) => v.name)).toEqual([t.otherVendorName]);
    expect((await vendors(t, 'buyer', '?q=%25')).vendors).toEqual([]);
    const first = await vendors(t, 'buyer', '?pageSize=1');
    expect(first.vendors.map((v) => v.sid)).toEqual([t.vendorSid]);
    const next = await vendors(t, 'buyer', `?pageSize=1&pageToken=${first.page.nextPageToken}`);
    expect(next.vendors.map((v) => v.sid)).toEqual([t.otherVendorSid]);
    expect(next.page.nextPageToken).toBeNull();
  });

  it('shows a vendor user only the vendors it is linked to', async () => {
    const t = await createTenant();
    const own = await vendors(t, 'vendor');
    expect(own.vendors).toEqual([expect.objectContaining({ sid: t.vendorSid, name: t.vendorName, email: null })]);
    expect((await vendors(t, 'vendor', '?q=acme')).vendors.map((v) => v.sid)).toEqual([t.vendorSid]);
    expect((await vendors(t, 'vendor', '?q=other')).vendors).toEqual([]);
  });
});

/** A calendar date some days from today (UTC). */
function fromToday(days: number): string {
  const d = new Date(`${utcToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('listItemGroups risk', () => {
  it('answers each row’s risk in its context, for staff and vendors', async () => {
    const t = await createTenant();
    const g = await line(t, 'mine', { quantity: '10', dueDate: fromToday(-3), shipDate: null });
    const { db } = await server();
    const plans: [string, Record<string, unknown>, boolean, string | null][] = [
      ['pastDue', { dueDate: fromToday(-3) }, true, 'pastDue'],
      ['pastDueUnconfirmed', { dueDate: fromToday(-1) }, false, 'pastDue'],
      ['promisedLate', { dueDate: fromToday(40), shipDate: fromToday(45) }, true, 'promiseAfterDue'],
      ['dueToday', { dueDate: fromToday(0) }, false, 'unconfirmedDueSoon'],
      ['due14', { dueDate: fromToday(14) }, false, 'unconfirmedDueSoon'],
      ['due15', { dueDate: fromToday(15) }, false, null],
      ['due14Confirmed', { dueDate: fromToday(14) }, true, null],
      ['noDueDate', { dueDate: null, shipDate: fromToday(3) }, false, null],
      ['delivered', { dueDate: fromToday(-5), delivered: true }, true, null],
      ['canceled', { dueDate: fromToday(-5), status: 'canceled' }, false, null],
    ];
    const expected = new Map<string, string | null>();
    for (const [name, fields, confirmed, risk] of plans) {
      const r = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
        itemSid: g.itemSid,
        uniqueName: name,
        quantity: '1',
        ...fields,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      if (confirmed)
        await db.updateTable('itemGroups').set({ confirmed: true }).where('sid', '=', r.body.sid).execute();
      expected.set(name, risk);
    }
    // The estimated arrival comes before the ship date: promised on time although shipping late, and the reverse.
    const arrival = async (name: string, fields: Record<string, string>, risk: string | null) => {
      const r = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
        itemSid: g.itemSid,
        uniqueName: name,
        quantity: '1',
        dueDate: fromToday(30),
        shipDate: fields.shipDate,
      });
      await db
        .updateTable('itemGroups')
        .set({ confirmed: true, estimatedArrivalDate: fields.estimatedArrivalDate })
        .where('sid', '=', r.body.sid)
        .execute();
      expected.set(name, risk);
    };
    await arrival('arrivesOnTime', { shipDate: fromToday(31), estimatedArrivalDate: fromToday(30) }, null);
    await arrival('arrivesLate', { shipDate: fromToday(20), estimatedArrivalDate: fromToday(32) }, 'promiseAfterDue');
    expected.set('ship-1', 'pastDue');

    for (const who of ['buyer', 'vendor'] as const) {
      const r = await t[who].request<Page<'itemGroups', ItemGroup>>(
        'GET',
        `/v1/itemGroups?itemSid=${g.itemSid}&pageSize=100`,
      );
      expect(r.status).toBe(200);
      const risks = new Map(r.body.itemGroups.map((x) => [x.uniqueName ?? '', x.context?.risk]));
      expect(Object.fromEntries(risks)).toEqual(Object.fromEntries(expected));
    }
  });
});
