// The workspace filters and sorts of listOrders and listItemGroups: each
// filter's rows, each sort walked in cursor pages both ways against the same
// rows sorted in memory, the item groups' context, vendor scoping and bad values.
import { beforeAll, describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface Order {
  sid: string;
  created: string;
  uniqueName: string | null;
  summary: { nextDueDate: string | null };
}
interface ItemGroup {
  sid: string;
  created: string;
  dueDate: string | null;
  shipDate: string | null;
  context?: {
    orderUniqueName: string | null;
    vendorSid: string | null;
    vendorName: string | null;
    itemUniqueName: string | null;
    manufacturerPartNumber: string | null;
    description: string | null;
    openFlagCount: number;
    risk: string | null;
  };
}
interface PageInfo {
  previousPageToken: string | null;
  nextPageToken: string | null;
}
type Page<K extends string, T> = Record<K, T[]> & { page: PageInfo };
type ListKey = 'orders' | 'itemGroups';
interface Failure {
  code: string;
  field?: string;
}

// The fixture: orders A–F, their items and item groups. Dates in 2020 are past, 2029 and later to come.
interface GroupPlan {
  name: string;
  item: string;
  dueDate: string | null;
  shipDate: string | null;
  confirmed: boolean;
  delivered?: boolean;
  status?: 'active' | 'canceled';
}
interface OrderPlan {
  name: string;
  uniqueName: string | null;
  title: string | null;
  other: boolean;
  items: { name: string; uniqueName: string; mpn: string | null; description: string | null }[];
  groups: GroupPlan[];
}
const PLAN: OrderPlan[] = [
  {
    name: 'A',
    uniqueName: 'PO-A-100',
    title: 'Brackets',
    other: false,
    items: [
      { name: 'A1', uniqueName: '10', mpn: 'RES-10K', description: 'Resistor 10k' },
      { name: 'A2', uniqueName: '20', mpn: 'CAP-1U', description: 'Capacitor' },
    ],
    groups: [
      { name: 'gA1', item: 'A1', dueDate: '2030-03-01', shipDate: '2030-02-20', confirmed: true },
      { name: 'gA2', item: 'A1', dueDate: '2020-01-15', shipDate: null, confirmed: false },
      { name: 'gA3', item: 'A2', dueDate: '2030-03-01', shipDate: null, confirmed: false, status: 'canceled' },
    ],
  },
  {
    name: 'B',
    uniqueName: 'po-b-200',
    title: 'Cables',
    other: true,
    items: [{ name: 'B1', uniqueName: '10', mpn: 'CBL-7', description: 'Cable harness' }],
    groups: [
      { name: 'gB1', item: 'B1', dueDate: null, shipDate: '2030-01-01', confirmed: true },
      { name: 'gB2', item: 'B1', dueDate: '2020-06-01', shipDate: '2020-05-20', confirmed: true, delivered: true },
    ],
  },
  {
    name: 'C',
    uniqueName: null,
    title: 'Spare zinc',
    other: false,
    items: [{ name: 'C1', uniqueName: '1', mpn: null, description: 'Zinc plate' }],
    groups: [{ name: 'gC1', item: 'C1', dueDate: '2030-05-05', shipDate: '2030-05-01', confirmed: true }],
  },
  {
    name: 'D',
    uniqueName: 'PO-D-300',
    title: null,
    other: true,
    items: [{ name: 'D1', uniqueName: '1', mpn: 'RES-22K', description: null }],
    groups: [
      { name: 'gD1', item: 'D1', dueDate: '2030-03-01', shipDate: '2030-02-20', confirmed: false },
      { name: 'gD2', item: 'D1', dueDate: null, shipDate: null, confirmed: false },
    ],
  },
  { name: 'E', uniqueName: 'PO-E_%', title: 'Wildcards', other: false, items: [], groups: [] },
  {
    name: 'F',
    uniqueName: null,
    title: null,
    other: false,
    items: [{ name: 'F1', uniqueName: '5', mpn: 'MPN-F', description: 'Fan' }],
    groups: [{ name: 'gF1', item: 'F1', dueDate: '2029-12-31', shipDate: null, confirmed: false, status: 'canceled' }],
  },
];
const VENDOR_ORDERS = new Set(PLAN.filter((o) => !o.other).map((o) => o.name));
const ORDER_OF_GROUP = new Map(PLAN.flatMap((o) => o.groups.map((g) => [g.name, o.name] as const)));

interface World {
  t: Tenant;
  /** Fixture name → sid, and back. */
  sid: Map<string, string>;
  name: Map<string, string>;
}

async function build(): Promise<World> {
  const t = await createTenant('Filters');
  const sid = new Map<string, string>();
  const post = async <T extends { sid: string }>(path: string, body: unknown) => {
    const r = await t.buyer.request<T>('POST', path, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const confirmed: string[] = [];
  for (const o of PLAN) {
    const order = await post('/v1/orders', {
      uniqueName: o.uniqueName,
      title: o.title,
      vendorName: o.other ? t.otherVendorName : t.vendorName,
    });
    sid.set(o.name, order.sid);
    for (const i of o.items) {
      const item = await post('/v1/items', {
        orderSid: order.sid,
        uniqueName: i.uniqueName,
        quantity: '10',
        manufacturerPartNumber: i.mpn,
        description: i.description,
      });
      sid.set(i.name, item.sid);
    }
    for (const g of o.groups) {
      const group = await post('/v1/itemGroups', {
        itemSid: sid.get(g.item),
        quantity: '5',
        dueDate: g.dueDate,
        shipDate: g.shipDate,
        delivered: g.delivered ?? false,
        status: g.status ?? 'active',
      });
      sid.set(g.name, group.sid);
      if (g.confirmed) confirmed.push(group.sid);
    }
  }
  const bulk = await t.buyer.request(
    'PATCH',
    '/v1/itemGroups/bulk',
    confirmed.map((s) => ({ sid: s, confirmed: true })),
  );
  expect(bulk.status).toBe(200);

  // Open flags on gA2 (one) and gD1 (two, of two types), a resolved one on gB1, and an open one on order C itself.
  const { db } = await server();
  const flag = (
    status: 'open' | 'resolved',
    order: string,
    group: string | null,
    item: string | null,
    type: 'pastDue' | 'newDelay' = 'pastDue',
  ) => {
    const now = new Date();
    return {
      sid: newSid('FL'),
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      type,
      status,
      message: null,
      dismissed: null,
      orderSid: sid.get(order)!,
      itemSid: item ? sid.get(item)! : null,
      itemGroupSid: group ? sid.get(group)! : null,
    };
  };
  await db
    .insertInto('flags')
    .values([
      flag('open', 'A', 'gA2', 'A1'),
      flag('open', 'D', 'gD1', 'D1'),
      // One open flag per type and line: the second is of another type.
      flag('open', 'D', 'gD1', 'D1', 'newDelay'),
      flag('resolved', 'B', 'gB1', 'B1'),
      flag('open', 'C', null, null),
    ])
    .execute();
  return { t, sid, name: new Map([...sid].map(([k, v]) => [v, k])) };
}

let w: World;
beforeAll(async () => {
  w = await build();
});

type As = 'buyer' | 'vendor';

async function all<T extends { sid: string }>(key: ListKey, query: string, as: As = 'buyer'): Promise<T[]> {
  const path = key === 'orders' ? '/v1/orders' : '/v1/itemGroups';
  const r = await w.t[as].request<Page<ListKey, T>>('GET', `${path}?pageSize=500${query ? `&${query}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.page.nextPageToken).toBeNull();
  return r.body[key];
}

const names = (rows: { sid: string }[]) => rows.map((r) => w.name.get(r.sid) ?? r.sid).sort();

const ORDER_FILTERS: [string, string[]][] = [
  ['q=po-', ['A', 'B', 'D', 'E']],
  ['q=ZINC', ['C']],
  ['q=other%20supply', ['B', 'D']],
  ['q=_', ['E']],
  ['q=%25', ['E']],
  ['q=%20%20', ['A', 'B', 'C', 'D', 'E', 'F']],
  ['dueDateFrom=2030-03-01&dueDateTo=2030-03-01', ['A', 'D']],
  ['dueDateFrom=2030-01-01', ['A', 'C', 'D']],
  ['dueDateTo=2020-12-31', ['A']],
  ['confirmed=true', ['B', 'C']],
  ['confirmed=false', ['A', 'D']],
  ['hasOpenFlags=true', ['A', 'C', 'D']],
  ['hasOpenFlags=false', ['B', 'E', 'F']],
  ['confirmed=false&hasOpenFlags=true&q=PO-A', ['A']],
  ['orderBy=nextDueDate&sortOrder=Desc&confirmed=true', ['B', 'C']],
];

const ALL_GROUPS = [...ORDER_OF_GROUP.keys()];
const except = (...out: string[]) => ALL_GROUPS.filter((g) => !out.includes(g));
const GROUP_FILTERS: [string, string[]][] = [
  ['orderSid=A', ['gA1', 'gA2', 'gA3']],
  ['vendorSid=OTHER', ['gB1', 'gB2', 'gD1', 'gD2']],
  ['vendorSid=VENDOR', ['gA1', 'gA2', 'gA3', 'gC1', 'gF1']],
  ['q=res-', ['gA1', 'gA2', 'gD1', 'gD2']],
  // A part number as parts are matched: case, spaces and dashes ignored (RES-10K).
  ['q=res10k', ['gA1', 'gA2']],
  ['q=res%2010', ['gA1', 'gA2']],
  ['q=zinc', ['gC1']],
  ['q=PO-B', ['gB1', 'gB2']],
  ['q=10', ['gA1', 'gA2', 'gA3', 'gB1', 'gB2']],
  ['q=capacitor', ['gA3']],
  ['dueDateFrom=2030-03-01&dueDateTo=2030-03-01', ['gA1', 'gA3', 'gD1']],
  ['dueDateFrom=2030-01-01', ['gA1', 'gA3', 'gC1', 'gD1']],
  ['dueDateTo=2029-12-31', ['gA2', 'gB2', 'gF1']],
  ['confirmed=true', ['gA1', 'gB1', 'gB2', 'gC1']],
  ['confirmed=false', ['gA2', 'gA3', 'gD1', 'gD2', 'gF1']],
  ['pastDue=true', ['gA2']],
  ['pastDue=false', except('gA2')],
  ['hasOpenFlags=true', ['gA2', 'gD1']],
  ['hasOpenFlags=false', except('gA2', 'gD1')],
  ['orderSid=D&confirmed=false&hasOpenFlags=false', ['gD2']],
  ['statusNot=canceled&confirmed=false&orderBy=dueDate', ['gA2', 'gD1', 'gD2']],
];

/** Puts fixture sids into a query: order names after orderSid=, and the two vendors. */
function resolveQuery(query: string): string {
  return query
    .replace(/orderSid=([A-F])\b/, (_m, n: string) => `orderSid=${w.sid.get(n)}`)
    .replace('vendorSid=OTHER', `vendorSid=${w.t.otherVendorSid}`)
    .replace('vendorSid=VENDOR', `vendorSid=${w.t.vendorSid}`);
}

describe('listOrders filters', () => {
  it.each(ORDER_FILTERS)('%s', async (query, expected) => {
    expect(names(await all('orders', resolveQuery(query)))).toEqual(expected);
    // A vendor sees the same filter's rows among its own orders only.
    const mine = expected.filter((n) => VENDOR_ORDERS.has(n));
    expect(names(await all('orders', resolveQuery(query), 'vendor'))).toEqual(mine);
  });

  it('reads confirmed=false as false, not as a truthy text', async () => {
    const t = await all<Order>('orders', 'confirmed=true');
    const f = await all<Order>('orders', 'confirmed=false');
    expect(names(t).filter((n) => names(f).includes(n))).toEqual([]);
  });
});

describe('listItemGroups filters', () => {
  it.each(GROUP_FILTERS)('%s', async (query, expected) => {
    expect(names(await all('itemGroups', resolveQuery(query)))).toEqual([...expected].sort());
    const mine = expected.filter((g) => VENDOR_ORDERS.has(ORDER_OF_GROUP.get(g)!)).sort();
    expect(names(await all('itemGroups', resolveQuery(query), 'vendor'))).toEqual(mine);
  });

  it('gives a vendor nothing for another vendor or another vendor’s order', async () => {
    expect(await all('itemGroups', `vendorSid=${w.t.otherVendorSid}`, 'vendor')).toEqual([]);
    expect(await all('itemGroups', `orderSid=${w.sid.get('D')}&confirmed=false`, 'vendor')).toEqual([]);
    expect(await all('orders', `vendorSid=${w.t.otherVendorSid}&confirmed=false`, 'vendor')).toEqual([]);
  });

  it('fetches rows by a repeated sid, with their context, and a vendor only its own', async () => {
    const query = ['gA1', 'gD2', 'gF1'].map((n) => `sid=${w.sid.get(n)}`).join('&');
    const rows = await all<ItemGroup>('itemGroups', query);
    expect(names(rows)).toEqual(['gA1', 'gD2', 'gF1']);
    expect(rows.every((r) => r.context !== undefined)).toBe(true);
    expect(names(await all('itemGroups', query, 'vendor'))).toEqual(['gA1', 'gF1']);
  });

  it('answers each row’s order, item and open flag count as its context', async () => {
    const rows = await all<ItemGroup>('itemGroups', '');
    const bySid = new Map(rows.map((r) => [w.name.get(r.sid), r.context]));
    expect(bySid.get('gA1')).toEqual({
      orderUniqueName: 'PO-A-100',
      vendorSid: w.t.vendorSid,
      vendorName: w.t.vendorName,
      itemUniqueName: '10',
      manufacturerPartNumber: 'RES-10K',
      description: 'Resistor 10k',
      openFlagCount: 0,
      // No follow-up run has made its tracker yet.
      nextUpdateRequestAt: null,
      risk: null,
      pendingProposal: null,
    });
    expect(bySid.get('gA2')).toMatchObject({ openFlagCount: 1, risk: 'pastDue' });
    expect(bySid.get('gD1')).toEqual({
      orderUniqueName: 'PO-D-300',
      vendorSid: w.t.otherVendorSid,
      vendorName: w.t.otherVendorName,
      itemUniqueName: '1',
      manufacturerPartNumber: 'RES-22K',
      description: null,
      openFlagCount: 2,
      nextUpdateRequestAt: null,
      risk: null,
      pendingProposal: null,
    });
    // A resolved flag and a flag on the order itself count for no item group.
    expect(bySid.get('gB1')?.openFlagCount).toBe(0);
    expect(bySid.get('gC1')).toMatchObject({ orderUniqueName: null, description: 'Zinc plate', openFlagCount: 0 });
    // The same on a small page, and for a vendor.
    const page = await w.t.vendor.request<Page<'itemGroups', ItemGroup>>(
      'GET',
      `/v1/itemGroups?pageSize=1&orderSid=${w.sid.get('A')}&hasOpenFlags=true`,
    );
    expect(page.body.itemGroups.map((g) => [w.name.get(g.sid), g.context?.openFlagCount])).toEqual([['gA2', 1]]);
    // Only the list answers it.
    const one = await w.t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${w.sid.get('gA1')}`);
    expect(one.body.context).toBeUndefined();
  });
});

/** Walks every page forward, then every page back from the last, with pageSize 2. */
async function walk<T extends { sid: string }>(
  key: ListKey,
  query: string,
  as: As = 'buyer',
): Promise<{ forward: T[]; backward: T[]; pages: number }> {
  const path = key === 'orders' ? '/v1/orders' : '/v1/itemGroups';
  const get = async (token: string | null) => {
    const r = await w.t[as].request<Page<ListKey, T>>(
      'GET',
      `${path}?pageSize=2&${query}${token ? `&pageToken=${token}` : ''}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body[key].length).toBeLessThanOrEqual(2);
    return r.body;
  };
  const forward: T[] = [];
  let page = await get(null);
  expect(page.page.previousPageToken).toBeNull();
  let pages = 1;
  forward.push(...page[key]);
  let last = page;
  while (page.page.nextPageToken) {
    page = await get(page.page.nextPageToken);
    expect(page[key]).toHaveLength(page.page.nextPageToken ? 2 : page[key].length);
    forward.push(...page[key]);
    last = page;
    pages += 1;
  }
  const backward: T[] = [...last[key]];
  page = last;
  while (page.page.previousPageToken) {
    page = await get(page.page.previousPageToken);
    expect(page[key]).toHaveLength(2);
    backward.unshift(...page[key]);
  }
  return { forward, backward, pages };
}

/** Ascending by key (null last), then sid; descending is the exact reverse. */
function sortedInMemory<T extends { sid: string }>(rows: T[], key: (row: T) => string | null, desc: boolean): string[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return cmp(ka, kb);
    }
    return cmp(a.sid, b.sid);
  });
  if (desc) sorted.reverse();
  return sorted.map((r) => r.sid);
}

const ORDER_SORTS: [string, (o: Order) => string | null][] = [
  ['created', (o) => o.created],
  ['uniqueName', (o) => o.uniqueName],
  ['nextDueDate', (o) => o.summary.nextDueDate],
];
const GROUP_SORTS: [string, (g: ItemGroup) => string | null][] = [
  ['created', (g) => g.created],
  ['dueDate', (g) => g.dueDate],
  ['shipDate', (g) => g.shipDate],
];

describe('listOrders sorts', () => {
  for (const [orderBy, key] of ORDER_SORTS) {
    for (const sortOrder of ['Asc', 'Desc'] as const) {
      it(`orderBy=${orderBy}&sortOrder=${sortOrder} pages like the rows sorted in memory`, async () => {
        const rows = await all<Order>('orders', '');
        expect(rows).toHaveLength(6);
        const expected = sortedInMemory(rows, key, sortOrder === 'Desc');
        const { forward, backward, pages } = await walk<Order>('orders', `orderBy=${orderBy}&sortOrder=${sortOrder}`);
        expect(pages).toBe(3);
        expect(forward.map((o) => o.sid)).toEqual(expected);
        expect(backward.map((o) => o.sid)).toEqual(expected);
        // A vendor's walk is the same order over its own orders.
        const mine = await walk<Order>('orders', `orderBy=${orderBy}&sortOrder=${sortOrder}`, 'vendor');
        const vendorSids = new Set(rows.filter((o) => VENDOR_ORDERS.has(w.name.get(o.sid)!)).map((o) => o.sid));
        expect(mine.forward.map((o) => o.sid)).toEqual(expected.filter((s) => vendorSids.has(s)));
        expect(mine.backward.map((o) => o.sid)).toEqual(expected.filter((s) => vendorSids.has(s)));
      });
    }
  }

  it('sorts unique names byte by byte with the orders lacking one last, and the next due date likewise', async () => {
    const byName = await all<Order>('orders', 'orderBy=uniqueName');
    expect(byName.map((o) => o.uniqueName).slice(0, 4)).toEqual(['PO-A-100', 'PO-D-300', 'PO-E_%', 'po-b-200']);
    expect(byName.slice(4).map((o) => o.uniqueName)).toEqual([null, null]);
    const byDue = await all<Order>('orders', 'orderBy=nextDueDate');
    expect(byDue.map((o) => w.name.get(o.sid)).slice(0, 3)).toEqual(['A', 'D', 'C']);
    expect(byDue.map((o) => o.summary.nextDueDate)).toEqual([
      '2020-01-15',
      '2030-03-01',
      '2030-05-05',
      null,
      null,
      null,
    ]);
  });
});

describe('listItemGroups sorts', () => {
  for (const [orderBy, key] of GROUP_SORTS) {
    for (const sortOrder of ['Asc', 'Desc'] as const) {
      it(`orderBy=${orderBy}&sortOrder=${sortOrder} pages like the rows sorted in memory`, async () => {
        const rows = await all<ItemGroup>('itemGroups', '');
        expect(rows).toHaveLength(9);
        const expected = sortedInMemory(rows, key, sortOrder === 'Desc');
        const { forward, backward, pages } = await walk<ItemGroup>(
          'itemGroups',
          `orderBy=${orderBy}&sortOrder=${sortOrder}`,
        );
        expect(pages).toBe(5);
        expect(forward.map((g) => g.sid)).toEqual(expected);
        expect(backward.map((g) => g.sid)).toEqual(expected);
        // With a filter, and as a vendor.
        const unconfirmed = sortedInMemory(
          rows.filter((g) => GROUP_FILTERS.find(([q]) => q === 'confirmed=false')![1].includes(w.name.get(g.sid)!)),
          key,
          sortOrder === 'Desc',
        );
        const filtered = await walk<ItemGroup>(
          'itemGroups',
          `confirmed=false&orderBy=${orderBy}&sortOrder=${sortOrder}`,
        );
        expect(filtered.forward.map((g) => g.sid)).toEqual(unconfirmed);
        expect(filtered.backward.map((g) => g.sid)).toEqual(unconfirmed);
        const mine = await walk<ItemGroup>('itemGroups', `orderBy=${orderBy}&sortOrder=${sortOrder}`, 'vendor');
        const isMine = (sid: string) => VENDOR_ORDERS.has(ORDER_OF_GROUP.get(w.name.get(sid)!)!);
        expect(mine.forward.map((g) => g.sid)).toEqual(expected.filter(isMine));
        expect(mine.backward.map((g) => g.sid)).toEqual(expected.filter(isMine));
      });
    }
  }

  it('puts item groups without the date last when ascending and first when descending', async () => {
    const asc = await all<ItemGroup>('itemGroups', 'orderBy=dueDate');
    expect(asc.slice(-2).map((g) => g.dueDate)).toEqual([null, null]);
    const desc = await all<ItemGroup>('itemGroups', 'orderBy=shipDate&sortOrder=Desc');
    expect(desc.slice(0, 4).map((g) => g.shipDate)).toEqual([null, null, null, null]);
  });
});

describe('bad list parameters', () => {
  const CASES: [string, string, string][] = [
    ['/v1/orders', 'orderBy=nonsense', 'orderBy'],
    ['/v1/orders', 'orderBy=dueDate', 'orderBy'],
    ['/v1/orders', 'sortOrder=up', 'sortOrder'],
    ['/v1/orders', 'confirmed=maybe', 'confirmed'],
    ['/v1/orders', 'hasOpenFlags=1', 'hasOpenFlags'],
    ['/v1/orders', 'dueDateFrom=2026-13-40', 'dueDateFrom'],
    ['/v1/orders', 'dueDateTo=tomorrow', 'dueDateTo'],
    ['/v1/orders', `q=${'x'.repeat(101)}`, 'q'],
    ['/v1/itemGroups', 'orderBy=nonsense', 'orderBy'],
    ['/v1/itemGroups', 'orderBy=nextDueDate', 'orderBy'],
    ['/v1/itemGroups', 'sortOrder=asc', 'sortOrder'],
    ['/v1/itemGroups', 'confirmed=maybe', 'confirmed'],
    ['/v1/itemGroups', 'pastDue=yes', 'pastDue'],
    ['/v1/itemGroups', 'hasOpenFlags=', 'hasOpenFlags'],
    ['/v1/itemGroups', 'dueDateFrom=2026-13-40', 'dueDateFrom'],
    ['/v1/itemGroups', 'dueDateTo=2026-02-30', 'dueDateTo'],
    ['/v1/itemGroups', `q=${'x'.repeat(101)}`, 'q'],
  ];
  it.each(CASES)('%s?%s answers 400 naming %s', async (path, query, field) => {
    for (const as of ['buyer', 'vendor'] as const) {
      const r = await w.t[as].request<Failure>('GET', `${path}?${query}`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_request', field });
    }
  });

  it('accepts a q of exactly 100 characters', async () => {
    expect(await all('orders', `q=${'x'.repeat(100)}`)).toEqual([]);
    expect(await all('itemGroups', `q=${'x'.repeat(100)}`)).toEqual([]);
  });

  it('refuses a page token of another sort as a bad token', async () => {
    const byDue = await w.t.buyer.request<Page<'itemGroups', ItemGroup>>(
      'GET',
      '/v1/itemGroups?pageSize=2&orderBy=dueDate',
    );
    const token = byDue.body.page.nextPageToken;
    expect(token).not.toBeNull();
    const r = await w.t.buyer.request<Failure>('GET', `/v1/itemGroups?pageSize=2&orderBy=created&pageToken=${token}`);
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('pageToken');
    const byCreated = await w.t.buyer.request<Page<'orders', Order>>('GET', '/v1/orders?pageSize=2');
    const o = await w.t.buyer.request<Failure>(
      'GET',
      `/v1/orders?pageSize=2&orderBy=nextDueDate&pageToken=${byCreated.body.page.nextPageToken}`,
    );
    expect(o.status).toBe(400);
    expect(o.body.field).toBe('pageToken');
  });
});
