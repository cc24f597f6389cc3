// The figures the BOM line lists read (bom_part_stock and bom_line_stock,
// migrations 0017 and 0031: parts keyed by part_key, case, spaces and dashes ignored) are kept by triggers, folded in at commit. After every kind
// of write they come from (item groups, items, orders, inventory counts, BOM
// lines, BOMs), in one transaction or several, rolled back or side by side,
// they must equal the figures computed afresh from the records; and the list,
// walked both ways, must answer what reading each line alone does.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, engine, server, type Tenant } from './support/harness.ts';

interface BomLine {
  sid: string;
  uniqueName: string;
  bomSid: string;
  requiredQuantity: string;
  inventoryQuantity: number;
  orderedQuantity: number;
  ctb: number | null;
}
interface ListPage {
  bomLines: BomLine[];
  page: { nextPageToken: string | null; previousPageToken: string | null };
  totalCount?: number;
}

let t: Tenant;
let part: (n: number) => string;

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await t.buyer.request<T>(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

/** Rows of the kept figures that differ from the figures computed afresh (none when all is well). */
async function drift(): Promise<{ parts: unknown[]; lines: unknown[] }> {
  const { db } = await server();
  const org = t.organizationSid;
  const parts = await sql`
    with truth as (
      select part, sum(inventory) as inventory, sum(ordered) as ordered, sum(lines) as lines from (
        (select distinct on (part_key(unique_name)) part_key(unique_name) as part, count as inventory, 0 as ordered,
            0 as lines
          from inventory_counts where organization_sid = ${org}
          order by part_key(unique_name), recording_date desc, created desc, sid desc)
        union all
        select part_key(it.manufacturer_part_number), 0, ig.quantity, 0 from items it join item_groups ig on ig.item_sid = it.sid
        where it.organization_sid = ${org} and ig.status = 'active' and not ig.delivered
          and it.manufacturer_part_number is not null
        union all
        select part_key(coalesce(l.mpn, l.unique_name)), 0, 0, 1 from bom_lines l join boms b on b.sid = l.bom_sid
        where l.organization_sid = ${org} and b.archived is null
      ) f group by part
    ),
    kept as (select * from bom_part_stock where organization_sid = ${org})
    select coalesce(t.part, k.part) as part, t.inventory, k.inventory_quantity, t.ordered, k.ordered_quantity,
      t.lines, k.line_count
    from truth t full join kept k on k.part = t.part
    where coalesce(t.inventory, 0) <> coalesce(k.inventory_quantity, 0)
      or coalesce(t.ordered, 0) <> coalesce(k.ordered_quantity, 0)
      or coalesce(t.lines, 0) <> coalesce(k.line_count, 0)`.execute(db);
  // A line draws on its own part and its alternatives, each once (written out here, not through bom_line_part_keys).
  const lines = await sql`
    with listed as (
      select l.* from bom_lines l join boms b on b.sid = l.bom_sid
      where l.organization_sid = ${org} and b.archived is null
    ),
    line_parts as (
      select distinct l.sid, part_key(p) as part
      from listed l cross join unnest(array[coalesce(l.mpn, l.unique_name)] || l.alternative_mpns) as p
      where part_key(p) <> ''
    ),
    part_figures as (
      select lp.sid, lp.part,
        coalesce((select ic.count from inventory_counts ic
          where ic.organization_sid = ${org} and part_key(ic.unique_name) = lp.part
          order by ic.recording_date desc, ic.created desc, ic.sid desc limit 1), 0) as inventory,
        coalesce((select sum(ig.quantity) from items it join item_groups ig on ig.item_sid = it.sid
          where it.organization_sid = ${org} and part_key(it.manufacturer_part_number) = lp.part
            and ig.status = 'active' and not ig.delivered), 0) as ordered
      from line_parts lp
    ),
    truth as (
      select l.sid, l.bom_sid, part_key(coalesce(l.mpn, l.unique_name)) as part, l.required_quantity, l.do_not_place,
        coalesce(f.inventory, 0) as inventory, coalesce(f.ordered, 0) as ordered,
        coalesce(floor(coalesce(f.inventory, 0)::numeric / nullif(l.required_quantity, 0)), 1e30) as ctb
      from listed l
      left join (select sid, sum(inventory) as inventory, sum(ordered) as ordered from part_figures group by sid) f
        on f.sid = l.sid
    ),
    kept as (select * from bom_line_stock where organization_sid = ${org})
    select coalesce(t.sid, k.line_sid) as sid, t.part, k.part as kept_part, t.inventory, k.inventory_quantity,
      t.ordered, k.ordered_quantity, t.ctb, k.ctb as kept_ctb
    from truth t full join kept k on k.line_sid = t.sid
    where t.sid is null or k.line_sid is null
      or (t.bom_sid, t.part, t.required_quantity, t.do_not_place, t.inventory, t.ordered, t.ctb)
        is distinct from (k.bom_sid, k.part, k.required_quantity, k.do_not_place, k.inventory_quantity,
          k.ordered_quantity, k.ctb)`.execute(db);
  return { parts: parts.rows, lines: lines.rows };
}

/** Every page of a list, pageSize 2, forward; then back from the last page, which must give the same lines. */
async function walk(query: string): Promise<{ lines: BomLine[]; totals: (number | undefined)[] }> {
  const pages: ListPage[] = [];
  let token: string | null = null;
  do {
    const page: ListPage = await ok<ListPage>(
      'GET',
      `/v1/bomLines?pageSize=2&includeTotalCount=true&${query}${token ? `&pageToken=${token}` : ''}`,
    );
    pages.push(page);
    token = page.page.nextPageToken;
  } while (token);
  const lines = pages.flatMap((p) => p.bomLines);
  const back: BomLine[] = [...(pages.at(-1)?.bomLines ?? [])];
  token = pages.at(-1)?.page.previousPageToken ?? null;
  while (token) {
    const page: ListPage = await ok<ListPage>('GET', `/v1/bomLines?pageSize=2&${query}&pageToken=${token}`);
    back.unshift(...page.bomLines);
    token = page.page.previousPageToken;
  }
  expect(
    back.map((l) => l.sid),
    `${query} walked back`,
  ).toEqual(lines.map((l) => l.sid));
  return { lines, totals: pages.map((p) => p.totalCount) };
}

const keyOf: Record<string, (l: BomLine) => number> = {
  ctb: (l) => l.ctb ?? 1e30,
  orderedQuantity: (l) => l.orderedQuantity,
  inventoryQuantity: (l) => l.inventoryQuantity,
  requiredQuantity: (l) => Number(l.requiredQuantity),
};

/** The kept figures match the records, and the lists (some filters and every order) the lines read alone. */
async function agrees(label: string): Promise<void> {
  expect(await drift(), label).toEqual({ parts: [], lines: [] });
  const all = await ok<ListPage>('GET', '/v1/bomLines?pageSize=500');
  const expected = await Promise.all(all.bomLines.map((l) => ok<BomLine>('GET', `/v1/bomLines/${l.sid}`)));
  const filters: [string, (l: BomLine) => boolean][] = [
    ['', () => true],
    ['inventoryCountLessThanEqualTo=4.5', (l) => l.inventoryQuantity <= 4.5],
    ['orderedQuantityLessThanEqualTo=0', (l) => l.orderedQuantity <= 0],
  ];
  const orders = ['', 'orderBy=ctb', 'orderBy=orderedQuantity', 'orderBy=inventoryQuantity&sortOrder=Desc'];
  for (const [filter, keep] of filters) {
    for (const order of orders) {
      const query = [filter, order].filter(Boolean).join('&');
      const { lines, totals } = await walk(query);
      const want = expected.filter(keep);
      expect(lines, `${label}: ${query}`).toEqual(expect.arrayContaining(want));
      expect(lines.map((l) => l.sid).sort(), `${label}: ${query}`).toEqual(want.map((l) => l.sid).sort());
      for (const total of totals) expect(total, `${label}: ${query}`).toBe(want.length);
      const [, orderBy] = /orderBy=(\w+)/.exec(order) ?? [];
      if (orderBy) {
        const keys = lines.map(keyOf[orderBy]);
        expect(keys, `${label}: ${query}`).toEqual([...keys].sort((a, b) => (order.includes('Desc') ? b - a : a - b)));
      }
    }
  }
}

let boms: { sid: string }[];
let order: { sid: string };
const items: { sid: string }[] = [];
const groups: { sid: string }[] = [];

beforeAll(async () => {
  t = await createTenant('BOM stock');
  const suffix = t.organizationSid.slice(-6);
  part = (n: number) => `S${n}-${suffix}`;
  boms = await Promise.all(['A', 'B'].map((n) => ok<{ sid: string }>('POST', '/v1/boms', { uniqueName: n })));
  for (const [bom, n, requiredQuantity] of [
    [0, 1, '2'],
    [0, 2, '3'],
    [0, 3, '0'],
    [1, 1, '1'],
    [1, 4, '2.5'],
  ] as const) {
    await ok('POST', '/v1/bomLines', { bomSid: boms[bom].sid, uniqueName: part(n), requiredQuantity });
  }
  order = await ok<{ sid: string }>('POST', '/v1/orders', { uniqueName: `PO-${suffix}`, vendorName: t.vendorName });
  for (const n of [1, 2, 4]) {
    items.push(
      await ok<{ sid: string }>('POST', '/v1/items', {
        orderSid: order.sid,
        uniqueName: `line-${n}`,
        quantity: '100',
        manufacturerPartNumber: part(n),
      }),
    );
  }
});

describe('the figures BOM line lists read', () => {
  it('follow item groups created, changed, delivered, canceled and deleted', async () => {
    await agrees('before any order');
    for (const [item, quantity] of [
      [0, '10'],
      [0, '2.5'],
      [1, '7'],
      [2, '4'],
    ] as const) {
      groups.push(await ok<{ sid: string }>('POST', '/v1/itemGroups', { itemSid: items[item].sid, quantity }));
    }
    await agrees('groups created');
    await ok('PATCH', `/v1/itemGroups/${groups[0].sid}`, { quantity: '12' });
    await ok('PATCH', `/v1/itemGroups/${groups[1].sid}`, { delivered: true });
    await ok('PATCH', `/v1/itemGroups/${groups[2].sid}`, { status: 'canceled' });
    await agrees('groups changed, delivered and canceled');
    await ok('PATCH', `/v1/itemGroups/${groups[2].sid}`, { status: 'active' });
    await ok('DELETE', `/v1/itemGroups/${groups[3].sid}`);
    await agrees('a group back and one deleted');
  });

  it('follow inventory counts recorded, changed and deleted', async () => {
    for (const [n, count, recordingDate] of [
      [1, 9, '2025-01-01T00:00:00Z'],
      [1, 4, '2025-02-01T00:00:00Z'],
      [2, 30, '2025-01-01T00:00:00Z'],
      [4, 5, '2025-01-01T00:00:00Z'],
    ] as const) {
      await ok('POST', '/v1/inventoryCounts', { uniqueName: part(n), count, recordingDate });
    }
    await agrees('counts recorded');
    const { db } = await server();
    // As an inventory import does: a count changed in place, another moved to a later date; then one deleted.
    await sql`update inventory_counts set count = count + 1 where organization_sid = ${t.organizationSid}
      and unique_name = ${part(2)}`.execute(db);
    await sql`update inventory_counts set recording_date = '2025-03-01' where organization_sid = ${t.organizationSid}
      and unique_name = ${part(1)} and count = 9`.execute(db);
    await agrees('counts changed');
    await sql`delete from inventory_counts where organization_sid = ${t.organizationSid}
      and unique_name = ${part(1)} and count = 9`.execute(db);
    await agrees('a count deleted');
  });

  it('follow items whose part changes, and items and orders deleted', async () => {
    await ok('PATCH', `/v1/items/${items[0].sid}`, { manufacturerPartNumber: part(3) });
    await agrees('an item to another part');
    await ok('PATCH', `/v1/items/${items[0].sid}`, { manufacturerPartNumber: null });
    await agrees('an item to no part');
    await ok('PATCH', `/v1/items/${items[0].sid}`, { manufacturerPartNumber: part(1) });
    await ok('DELETE', `/v1/items/${items[1].sid}`);
    await agrees('an item deleted');
    const { db } = await server();
    // In one transaction: a part change and group changes of the item, and another item changed then deleted.
    await db.transaction().execute(async (tx) => {
      await sql`update items set manufacturer_part_number = ${part(4)} where sid = ${items[0].sid}`.execute(tx);
      await sql`update item_groups set quantity = quantity + 1 where item_sid = ${items[0].sid}`.execute(tx);
      await sql`update items set manufacturer_part_number = ${part(1)} where sid = ${items[2].sid}`.execute(tx);
      await sql`delete from items where sid = ${items[2].sid}`.execute(tx);
    });
    await agrees('part changes and deletes in one transaction');
    const second = await ok<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: `PO2-${t.organizationSid.slice(-6)}`,
      vendorName: t.vendorName,
    });
    const item = await ok<{ sid: string }>('POST', '/v1/items', {
      orderSid: second.sid,
      uniqueName: '1',
      quantity: '5',
      manufacturerPartNumber: part(2),
    });
    await ok('POST', '/v1/itemGroups', { itemSid: item.sid, quantity: '3' });
    await agrees('a second order');
    await ok('DELETE', `/v1/orders/${second.sid}`);
    await agrees('an order deleted');
  });

  it('follow BOM lines and BOMs: created, changed, replaced, archived and deleted', async () => {
    const line = await ok<{ sid: string }>('POST', '/v1/bomLines', {
      bomSid: boms[1].sid,
      uniqueName: part(2),
      requiredQuantity: '4',
    });
    await agrees('a line created');
    await ok('PATCH', `/v1/bomLines/${line.sid}`, { requiredQuantity: '0' });
    const { db } = await server();
    await sql`update bom_lines set mpn = ${part(4)}, do_not_place = true where sid = ${line.sid}`.execute(db);
    await agrees('a line changed');
    await ok('DELETE', `/v1/bomLines/${line.sid}`);
    await agrees('a line deleted');

    const job = await ok<{ sid: string }>('PUT', '/v1/bomUpserts', {
      uniqueName: 'A',
      lines: [
        { mpn: part(1), quantity: 3, referenceDesignators: ['R1'] },
        { mpn: part(5), quantity: 1, referenceDesignators: ['R2'] },
        { customId: part(2), quantity: 2, doNotPlace: true, referenceDesignators: ['R3'] },
      ],
    });
    await expect
      .poll(async () => (await ok<{ status: string }>('GET', `/v1/bomUpserts/${job.sid}`)).status)
      .toBe('completed');
    await agrees('a BOM replaced');

    const archived = await ok<{ sid: string }>('POST', '/v1/boms', { uniqueName: 'C' });
    await ok('POST', '/v1/bomLines', { bomSid: archived.sid, uniqueName: part(1), requiredQuantity: '1' });
    await ok('POST', `/v1/boms/${archived.sid}/approve`);
    await ok('DELETE', `/v1/boms/${archived.sid}`);
    await agrees('a BOM archived');
    await ok('DELETE', `/v1/boms/${boms[1].sid}`);
    await agrees('a BOM deleted');
  });

  it('keep nothing of a transaction rolled back', async () => {
    const { db } = await server();
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`update item_groups set quantity = quantity + 100 where organization_sid = ${t.organizationSid}`.execute(
          tx,
        );
        await sql`delete from bom_lines where organization_sid = ${t.organizationSid}`.execute(tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await agrees('after a rollback');
  });

  // An item's part changes while another transaction changes and adds to its groups; whichever commits first,
  // the other folds in after it and reads what it committed. On PostgreSQL's two connections the second starts
  // while the first is open, and waits for it: a line keeps its item's part (migration 0047), so a part change
  // and a line written under the item take their locks in turn, and a line added under the item takes its part
  // as committed. On PGlite's one connection the transactions can only run one after the other, in either order.
  it('hold when transactions that share an item commit in either order', async () => {
    const { db } = await server();
    const item = await ok<{ sid: string }>('POST', '/v1/items', {
      orderSid: order.sid,
      uniqueName: 'shared',
      quantity: '50',
      manufacturerPartNumber: part(1),
    });
    const group = await ok<{ sid: string }>('POST', '/v1/itemGroups', { itemSid: item.sid, quantity: '6' });
    const gate = () => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      return { open, opened };
    };
    /** The item's lines whose part is not the item's. */
    const staleParts = async () =>
      (
        await sql<{ sid: string }>`select g.sid from item_groups g join items i on i.sid = g.item_sid
          where i.sid = ${item.sid} and g.mpn_key is distinct from coalesce(i.mpn_key, '')`.execute(db)
      ).rows;
    for (const [partFirst, to] of [
      [true, part(2)],
      [false, part(4)],
    ] as const) {
      const writePart = (tx: Transaction<Database>) =>
        sql`update items set manufacturer_part_number = ${to} where sid = ${item.sid}`.execute(tx);
      // A line added first: read while a part change is open, it would keep the part before (staleParts).
      const writeGroups = async (tx: Transaction<Database>) => {
        await sql`insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity)
          select 'IG' || substr(md5(random()::text), 1, 28), organization_sid, order_sid, sid, ${String(partFirst)}, 2
          from items where sid = ${item.sid}`.execute(tx);
        await sql`update item_groups set quantity = quantity + 1 where sid = ${group.sid}`.execute(tx);
      };
      const [first, second] = partFirst ? [writePart, writeGroups] : [writeGroups, writePart];
      const order = partFirst ? 'part change committed first' : 'group change committed first';
      if (engine !== 'postgres') {
        for (const write of [first, second]) {
          await db.transaction().execute(async (tx) => {
            await write(tx);
          });
        }
      } else {
        const [firstWritten, secondSent] = [gate(), gate()];
        const firstDone = db.transaction().execute(async (tx) => {
          await first(tx);
          firstWritten.open();
          // Open until the second has sent its writes (which wait for this one where they share a row).
          await secondSent.opened;
          await sql`select pg_sleep(0.2)`.execute(tx);
        });
        await firstWritten.opened;
        const secondDone = db.transaction().execute(async (tx) => {
          const written = second(tx);
          secondSent.open();
          await written;
        });
        await Promise.all([firstDone, secondDone]);
      }
      expect(await drift(), order).toEqual({ parts: [], lines: [] });
      expect(await staleParts(), order).toEqual([]);
    }
  });

  it('match a part under any spelling: the latest count of any spelling, and the items of every spelling', async () => {
    const suffix = t.organizationSid.slice(-6);
    const line = await ok<BomLine>('POST', '/v1/bomLines', {
      bomSid: boms[0].sid,
      uniqueName: `K-${suffix}-R10K`,
      requiredQuantity: '2',
    });
    await ok('POST', '/v1/inventoryCounts', {
      uniqueName: `k ${suffix} r10k`,
      count: 7,
      recordingDate: '2025-01-01T00:00:00Z',
    });
    // A recount under another spelling replaces the count, rather than adding to it.
    await ok('POST', '/v1/inventoryCounts', {
      uniqueName: `K${suffix}R10K`,
      count: 11,
      recordingDate: '2025-02-01T00:00:00Z',
    });
    const item = await ok<{ sid: string }>('POST', '/v1/items', {
      orderSid: order.sid,
      uniqueName: `spelled-${suffix}`,
      quantity: '6',
      manufacturerPartNumber: `k-${suffix}-r-10k`,
    });
    await ok('POST', '/v1/itemGroups', { itemSid: item.sid, quantity: '6' });
    const listed = async () =>
      (await ok<ListPage>('GET', `/v1/bomLines?uniqueName=${encodeURIComponent(line.uniqueName)}`)).bomLines;
    expect(await listed()).toEqual([
      expect.objectContaining({ inventoryQuantity: 11, orderedQuantity: 6, unconfirmedQuantity: 6, ctb: 5 }),
    ]);
    expect(await ok<BomLine>('GET', `/v1/bomLines/${line.sid}`)).toMatchObject({
      inventoryQuantity: 11,
      orderedQuantity: 6,
      ctb: 5,
    });
    // A respelling that names the same part changes nothing; one that names another part takes its quantity away.
    await ok('PATCH', `/v1/items/${item.sid}`, { manufacturerPartNumber: `K ${suffix} R10K` });
    expect((await listed())[0]).toMatchObject({ orderedQuantity: 6 });
    await ok('PATCH', `/v1/items/${item.sid}`, { manufacturerPartNumber: `K-${suffix}-R10K-X` });
    expect((await listed())[0]).toMatchObject({ orderedQuantity: 0 });
    await agrees('parts under several spellings');
  });

  it("count a line's alternative MPNs: their stock and orders add to its own, each part once", async () => {
    const suffix = t.organizationSid.slice(-6);
    const [own, alternative, other] = ['OWN', 'ALT', 'OTHER'].map((n) => `A-${suffix}-${n}`);
    const line = await ok<BomLine>('POST', '/v1/bomLines', {
      bomSid: boms[0].sid,
      uniqueName: own,
      requiredQuantity: '4',
      // The second spelling of the alternative is the same part: counted once.
      alternativeMpns: [alternative.toLowerCase(), alternative.replaceAll('-', ' ')],
    });
    await ok('POST', '/v1/inventoryCounts', { uniqueName: own, count: 3, recordingDate: '2025-01-01T00:00:00Z' });
    await ok('POST', '/v1/inventoryCounts', {
      uniqueName: alternative,
      count: 6,
      recordingDate: '2025-01-01T00:00:00Z',
    });
    const item = await ok<{ sid: string }>('POST', '/v1/items', {
      orderSid: order.sid,
      uniqueName: `alternative-${suffix}`,
      quantity: '5',
      manufacturerPartNumber: alternative,
    });
    await ok('POST', '/v1/itemGroups', { itemSid: item.sid, quantity: '5' });
    const listed = async () =>
      (await ok<ListPage>('GET', `/v1/bomLines?uniqueName=${encodeURIComponent(own)}`)).bomLines;
    // 3 of its own and 6 of the alternative: 9 on hand, two builds of 4.
    expect(await listed()).toEqual([
      expect.objectContaining({ inventoryQuantity: 9, orderedQuantity: 5, unconfirmedQuantity: 5, ctb: 2 }),
    ]);
    expect(await ok<BomLine>('GET', `/v1/bomLines/${line.sid}`)).toMatchObject({
      inventoryQuantity: 9,
      orderedQuantity: 5,
      ctb: 2,
    });
    await agrees('a line with alternatives');

    // A recount of the alternative moves the line; so does changing the alternatives themselves.
    await ok('POST', '/v1/inventoryCounts', {
      uniqueName: alternative,
      count: 14,
      recordingDate: '2025-02-01T00:00:00Z',
    });
    expect((await listed())[0]).toMatchObject({ inventoryQuantity: 17, ctb: 4 });
    await ok('POST', '/v1/inventoryCounts', { uniqueName: other, count: 40, recordingDate: '2025-01-01T00:00:00Z' });
    await ok('PATCH', `/v1/bomLines/${line.sid}`, { alternativeMpns: [other] });
    expect((await listed())[0]).toMatchObject({ inventoryQuantity: 43, orderedQuantity: 0, ctb: 10 });
    await agrees('alternatives changed');
    await ok('PATCH', `/v1/bomLines/${line.sid}`, { alternativeMpns: [] });
    expect((await listed())[0]).toMatchObject({ inventoryQuantity: 3, orderedQuantity: 0, ctb: 0 });
    await agrees('alternatives removed');
  });
});
