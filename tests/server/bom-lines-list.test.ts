// The BOM lines list computes inventory and quantity on order per part, for
// every part at once (server/db/bom-metrics.ts); reading one line computes them
// for that line alone. Across the organization and within one BOM, every
// filter, sort and total count of the list must agree with the lines read one
// by one, page after page; and the BOM list's clear-to-build filter with the
// clear to build of their lines.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from './support/harness.ts';

interface BomLine {
  sid: string;
  bomSid: string;
  uniqueName: string;
  requiredQuantity: string;
  inventoryQuantity: number;
  orderedQuantity: number;
  ctb: number | null;
}
interface ListPage {
  bomLines: BomLine[];
  page: { nextPageToken: string | null };
  totalCount?: number;
}

let t: Tenant;
/** Every listed line (BOMs not archived) as reading it alone answers. */
let expected: BomLine[];
let bomSids: string[];

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await t.buyer.request<T>(method, path, body);
  expect(r.status, `${method} ${path}`).toBeLessThan(300);
  return r.body;
}

beforeAll(async () => {
  t = await createTenant('BOM list');
  const suffix = t.organizationSid.slice(-6);
  const part = (n: number) => `P${n}-${suffix}`;
  // Three BOMs over six parts, each part in several of them; the third is archived and listed nowhere.
  const boms = await Promise.all(
    ['A', 'B', 'C'].map((n) => ok<{ sid: string }>('POST', '/v1/boms', { uniqueName: n })),
  );
  const lines: [bom: number, part: number, required: string][] = [
    [0, 1, '2'],
    [0, 2, '4'],
    [0, 3, '1'],
    [0, 4, '0'],
    [0, 5, '3'],
    [1, 1, '5'],
    [1, 2, '1.5'],
    [1, 6, '2'],
    [1, 5, '0'],
    [2, 1, '1'],
    [2, 6, '7'],
  ];
  for (const [bom, n, requiredQuantity] of lines) {
    await ok('POST', '/v1/bomLines', { bomSid: boms[bom].sid, uniqueName: part(n), requiredQuantity });
  }
  await ok('POST', `/v1/boms/${boms[2].sid}/approve`);
  await ok('DELETE', `/v1/boms/${boms[2].sid}`);
  bomSids = [boms[0].sid, boms[1].sid];

  // Inventory: the latest count of a part counts, a later record breaking a tie of dates.
  const counts: [part: number, count: number, date: string][] = [
    [1, 99, '2024-01-01T00:00:00Z'],
    [1, 10, '2025-01-01T00:00:00Z'],
    [2, 40, '2025-01-01T00:00:00Z'],
    [2, 3, '2025-01-01T00:00:00Z'],
    [5, 0, '2025-01-01T00:00:00Z'],
    [6, 12, '2025-02-01T00:00:00Z'],
  ];
  for (const [n, count, recordingDate] of counts) {
    await ok('POST', '/v1/inventoryCounts', { uniqueName: part(n), count, recordingDate });
  }
  // On order: active and undelivered item groups count, delivered and canceled ones do not.
  const orders: [part: number, groups: { quantity: string; delivered?: boolean; status?: 'canceled' }[]][] = [
    [1, [{ quantity: '30' }, { quantity: '5', delivered: true }, { quantity: '7', status: 'canceled' }]],
    [2, [{ quantity: '2.5' }]],
    [3, [{ quantity: '4' }, { quantity: '6' }]],
    [6, [{ quantity: '1', delivered: true }]],
  ];
  for (const [n, groups] of orders) {
    const order = await ok<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: `PO-${n}-${suffix}`,
      vendorName: t.vendorName,
    });
    const item = await ok<{ sid: string }>('POST', '/v1/items', {
      orderSid: order.sid,
      uniqueName: '10',
      quantity: '1000',
      manufacturerPartNumber: part(n),
    });
    for (const g of groups) await ok('POST', '/v1/itemGroups', { itemSid: item.sid, ...g });
  }

  const listed = await ok<ListPage>('GET', '/v1/bomLines?pageSize=500');
  expected = [];
  for (const line of listed.bomLines) expected.push(await ok<BomLine>('GET', `/v1/bomLines/${line.sid}`));
  expect(expected).toHaveLength(9);
  expect(expected.every((l) => bomSids.includes(l.bomSid))).toBe(true);
});

/** Every page of a list, walked with pageSize 2, and the total count each page gave. */
async function walk(query: string): Promise<{ lines: BomLine[]; totals: (number | undefined)[] }> {
  const lines: BomLine[] = [];
  const totals: (number | undefined)[] = [];
  let token: string | null = null;
  do {
    const page: ListPage = await ok<ListPage>(
      'GET',
      `/v1/bomLines?pageSize=2&includeTotalCount=true&${query}${token ? `&pageToken=${token}` : ''}`,
    );
    lines.push(...page.bomLines);
    totals.push(page.totalCount);
    token = page.page.nextPageToken;
  } while (token);
  return { lines, totals };
}

const sortKeys: Record<string, (l: BomLine) => number> = {
  ctb: (l) => l.ctb ?? 1e30,
  orderedQuantity: (l) => l.orderedQuantity,
  inventoryQuantity: (l) => l.inventoryQuantity,
  requiredQuantity: (l) => Number(l.requiredQuantity),
};

describe('the BOM lines list', () => {
  const scopes = [
    ['the organization', () => ''],
    ['one BOM', () => `bomSid=${bomSids[1]}`],
  ] as const;
  const filters: [query: string, keep: (l: BomLine) => boolean][] = [
    ['', () => true],
    ['inventoryCountLessThanEqualTo=0', (l) => l.inventoryQuantity <= 0],
    ['inventoryCountLessThanEqualTo=10', (l) => l.inventoryQuantity <= 10],
    ['inventoryCountLessThanEqualTo=-1', () => false],
    ['orderedQuantityLessThanEqualTo=0', (l) => l.orderedQuantity <= 0],
    ['orderedQuantityLessThanEqualTo=2.5', (l) => l.orderedQuantity <= 2.5],
    ['orderedQuantityLessThanEqualTo=-1', () => false],
    [
      'inventoryCountLessThanEqualTo=10&orderedQuantityLessThanEqualTo=2.5',
      (l) => l.inventoryQuantity <= 10 && l.orderedQuantity <= 2.5,
    ],
  ];
  const sorts = ['', 'orderBy=ctb', 'orderBy=orderedQuantity&sortOrder=Desc', 'orderBy=inventoryQuantity'];

  for (const [scopeName, scope] of scopes) {
    it(`agrees with the lines read one by one across ${scopeName}: filters, sorts, pages and total counts`, async () => {
      const inScope = expected.filter((l) => scope() === '' || l.bomSid === bomSids[1]);
      for (const [filter, keep] of filters) {
        for (const sort of sorts) {
          const query = [scope(), filter, sort].filter(Boolean).join('&');
          const { lines, totals } = await walk(query);
          const want = inScope.filter(keep);
          // The figures of each listed line are the line's own; each wanted line comes once.
          expect(lines, query).toEqual(expect.arrayContaining(want));
          expect(lines.map((l) => l.sid).sort(), query).toEqual(want.map((l) => l.sid).sort());
          for (const total of totals) expect(total, query).toBe(want.length);
          const [, orderBy] = /orderBy=(\w+)/.exec(sort) ?? [];
          if (orderBy) {
            const keys = lines.map(sortKeys[orderBy]);
            const sorted = [...keys].sort((a, b) => (sort.includes('Desc') ? b - a : a - b));
            expect(keys, query).toEqual(sorted);
          }
        }
      }
    });
  }
});

describe('the BOM list by clear to build', () => {
  it('keeps the BOMs whose smallest line clear to build is at most the figure', async () => {
    // A BOM's clear to build: the least of its lines that need something, 0 when none does.
    const bomCtb = (sid: string) => {
      const ctbs = expected.filter((l) => l.bomSid === sid && l.ctb !== null).map((l) => l.ctb ?? 0);
      return ctbs.length ? Math.min(...ctbs) : 0;
    };
    const empty = await ok<{ sid: string }>('POST', '/v1/boms', { uniqueName: 'Empty' });
    const all = [...bomSids, empty.sid];
    for (const atMost of ['-1', '0', '1', '2', '5', '100']) {
      const r = await ok<{ boms: { sid: string }[] }>('GET', `/v1/boms?pageSize=100&ctbLessThanEqualTo=${atMost}`);
      const want = all.filter((sid) => (sid === empty.sid ? 0 : bomCtb(sid)) <= Number(atMost));
      expect(r.boms.map((b) => b.sid).sort(), atMost).toEqual(want.sort());
    }
  });
});
