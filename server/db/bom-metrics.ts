// SQL for inventory, quantity on order and clear to build (the arithmetic of
// server/domain/clear-to-build.ts): bom lines with their part's figures, the
// pages of the BOM lines list, and the clear-to-build records that go with
// deleted lines and BOMs.
import { sql, type RawBuilder } from 'kysely';
import { finishPage, keyString, type PageParams, planPage } from '../http/pagination.ts';
import { normalizePartNumber } from '../domain/bom/forecast.ts';
import type { Db, Row } from './schema.ts';

/** A bom line with what the clear to build needs: its part's on-hand inventory and quantity on order. */
export interface BomLineView extends Row<'bomLines'> {
  inventoryQuantity: number | string;
  orderedQuantity: string;
}

/** The part a line stands for: its MPN, else its unique name, as parts are matched (part_key, migration 0031). */
const partOf = (alias: string) => sql`part_key(coalesce(${sql.raw(alias)}.mpn, ${sql.raw(alias)}.unique_name))`;

/** On-hand inventory of a line's part: its latest inventory count under any spelling, 0 when never counted. */
const inventoryOf = (alias: string) => sql<number | string>`coalesce((
  select ic.count from inventory_counts ic
  where ic.organization_sid = ${sql.raw(alias)}.organization_sid and part_key(ic.unique_name) = ${partOf(alias)}
  order by ic.recording_date desc, ic.created desc, ic.sid desc
  limit 1), 0)`;

/** Quantity on order for a line's part: active, undelivered item groups of items with that MPN (any spelling). */
const orderedOf = (alias: string) => sql<string>`(
  select coalesce(sum(ig.quantity), 0) from item_groups ig
  inner join items it on it.sid = ig.item_sid
  where ig.organization_sid = ${sql.raw(alias)}.organization_sid
    and it.organization_sid = ${sql.raw(alias)}.organization_sid
    and part_key(it.manufacturer_part_number) = ${partOf(alias)}
    and ig.status = 'active' and not ig.delivered)`;

/** Bom lines of the organization (of BOMs not archived), with inventory and ordered quantity. */
export function linesWithMetrics(db: Db, organizationSid: string) {
  return db
    .selectFrom('bomLines')
    .innerJoin('boms', 'boms.sid', 'bomLines.bomSid')
    .selectAll('bomLines')
    .select([inventoryOf('bom_lines').as('inventoryQuantity'), orderedOf('bom_lines').as('orderedQuantity')])
    .where('bomLines.organizationSid', '=', organizationSid)
    .where('boms.archived', 'is', null);
}

// Lists read the figures migration 0017 keeps (server/db/migrations.ts), not
// the counts and item groups themselves: 100,000 lines name a few thousand
// parts. bom_part_stock has each part's inventory, quantity on order and
// number of listed lines (lines of BOMs not archived); bom_line_stock has a
// row per listed line with its clear to build. Triggers keep both as of each
// commit, so a list sees what every committed write left. A page is found on
// sort keys and sids alone (an index in the order of the line's own keys;
// for a part's figure, the organization's parts sorted, then their lines) and
// only its own lines are read whole; the total count over the organization is
// a sum over its parts.

/** How a list of lines is narrowed and ordered. */
interface LineList {
  bomSid?: string;
  uniqueName?: string;
  inventoryAtMost?: string;
  orderedAtMost?: string;
  orderBy: 'created' | 'ctb' | 'requiredQuantity' | 'orderedQuantity' | 'inventoryQuantity';
  descending: boolean;
}

/**
 * The organization's parts with listed lines and the figures the list asks for (as p). Inventory counts are
 * whole: at most x is at most floor(x), compared as the column's own type.
 */
function partsWhere(organizationSid: string, list: LineList) {
  const conditions = [sql`p.organization_sid = ${organizationSid}`, sql`p.line_count > 0`];
  if (list.inventoryAtMost !== undefined) {
    conditions.push(sql`p.inventory_quantity <= floor(${list.inventoryAtMost}::numeric)::bigint`);
  }
  if (list.orderedAtMost !== undefined) conditions.push(sql`p.ordered_quantity <= ${list.orderedAtMost}::numeric`);
  return sql.join(conditions, sql` and `);
}

const PART_KEYS = { orderedQuantity: sql`p.ordered_quantity`, inventoryQuantity: sql`p.inventory_quantity` };

/**
 * The listed lines as FROM and WHERE over s (bom_line_stock), l (bom_lines) and p (bom_part_stock), the ones
 * the list needs, with the order's key and tie-breaking sid (`direction`: the order the page is read in).
 */
function listedLines(organizationSid: string, list: LineList, direction: 'asc' | 'desc') {
  const filtered = list.inventoryAtMost !== undefined || list.orderedAtMost !== undefined;
  const from: RawBuilder<unknown>[] = [];
  const where: RawBuilder<unknown>[] = [];
  let key: RawBuilder<unknown>;
  let sid = sql`s.line_sid`;
  if (list.orderBy === 'orderedQuantity' || list.orderBy === 'inventoryQuantity') {
    // The parts in key order, then each one's lines: only lines of equal key are sorted.
    key = PART_KEYS[list.orderBy];
    from.push(sql`(select p.organization_sid, p.part, p.inventory_quantity, p.ordered_quantity
      from bom_part_stock p where ${partsWhere(organizationSid, list)}
      order by ${key} ${sql.raw(direction)}) p
      join bom_line_stock s on s.organization_sid = p.organization_sid and s.part = p.part`);
    where.push(sql`s.organization_sid = ${organizationSid}`);
  } else {
    if (list.orderBy === 'ctb') {
      key = sql`s.ctb`;
      from.push(sql`bom_line_stock s`);
      where.push(sql`s.organization_sid = ${organizationSid}`);
    } else {
      key = list.orderBy === 'created' ? sql`l.created` : sql`l.required_quantity`;
      sid = sql`l.sid`;
      from.push(sql`bom_lines l join bom_line_stock s on s.line_sid = l.sid`);
      where.push(sql`l.organization_sid = ${organizationSid}`);
    }
    if (filtered) {
      from.push(sql`join bom_part_stock p on p.organization_sid = s.organization_sid and p.part = s.part`);
      where.push(partsWhere(organizationSid, list));
    }
  }
  if (list.bomSid || list.uniqueName) {
    if (list.orderBy !== 'created' && list.orderBy !== 'requiredQuantity') {
      from.push(sql`join bom_lines l on l.sid = s.line_sid`);
    }
    if (list.bomSid) where.push(sql`l.bom_sid = ${list.bomSid}`);
    if (list.uniqueName) where.push(sql`l.unique_name = ${list.uniqueName}`);
  }
  return { from: sql.join(from, sql` `), where, key, sid };
}

/** How many lines the list has: over the organization, a sum of its parts' line counts. */
function lineCount(organizationSid: string, list: LineList) {
  if (list.bomSid || list.uniqueName) {
    const { from, where } = listedLines(organizationSid, { ...list, orderBy: 'created' }, 'asc');
    return sql<number | string>`(select count(*) from ${from} where ${sql.join(where, sql` and `)})`;
  }
  return sql<number | string>`(select coalesce(sum(p.line_count), 0) from bom_part_stock p
    where ${partsWhere(organizationSid, list)})`;
}

/**
 * One page of the list (keyset on the order's key and the line's sid, either
 * way), with each line's inventory and quantity on order, and the total count
 * when asked (in the same statement, so from the same snapshot).
 */
export async function pageOfLines(
  db: Db,
  organizationSid: string,
  list: LineList,
  page: PageParams,
  withCount: boolean,
): Promise<{
  rows: BomLineView[];
  page: { previousPageToken: string | null; nextPageToken: string | null };
  totalCount?: number;
}> {
  const plan = planPage(page.pageToken, page.pageSize);
  // Backward pages are fetched in reverse and turned around by finishPage.
  const ascending = list.descending ? plan.cursor?.d === 'p' : plan.cursor?.d !== 'p';
  const order = ascending ? 'asc' : 'desc';
  const { from, where: conditions, key, sid } = listedLines(organizationSid, list, order);
  if (plan.cursor) {
    const after = sql.raw(ascending ? '>' : '<');
    // The key alone too: for a part's figure the row comparison spans two tables, and this bounds the parts.
    conditions.push(sql`(${key}, ${sid}) ${after} (${plan.cursor.k}, ${plan.cursor.s})`);
    conditions.push(sql`${key} ${sql.raw(ascending ? '>=' : '<=')} ${plan.cursor.k}`);
  }
  // The page's sids first, from the sort keys alone; then those lines whole.
  const keys = sql<{ sid: string; part: string; sortKey: unknown }>`(select ${sid} as sid, s.part, ${key} as sort_key
    from ${from}
    where ${sql.join(conditions, sql` and `)}
    order by ${key} ${sql.raw(order)}, ${sid} ${sql.raw(order)}
    limit ${plan.size + 1})`;
  // The figures by one index read per line each, whatever the planner thinks of the page's size.
  const figure = (
    column: 'inventory_quantity' | 'ordered_quantity',
  ) => sql`coalesce((select ${sql.ref(`p.${column}`)} from bom_part_stock p
    where p.organization_sid = ${organizationSid} and p.part = k.part), 0)`;
  const fetched = await db
    .selectFrom(keys.as('k'))
    .innerJoin('bomLines', 'bomLines.sid', 'k.sid')
    .selectAll('bomLines')
    .select([
      sql<number | string>`${figure('inventory_quantity')}`.as('inventoryQuantity'),
      sql<string>`${figure('ordered_quantity')}`.as('orderedQuantity'),
      'k.sortKey',
      sql<number | string | null>`${withCount ? lineCount(organizationSid, list) : sql`null`}`.as('totalCount'),
    ])
    .orderBy('k.sortKey', order)
    .orderBy('k.sid', order)
    .execute();
  const { rows, page: tokens } = finishPage(
    plan,
    fetched,
    (row) => keyString(row.sortKey),
    (row) => row.sid,
  );
  let totalCount: number | undefined;
  if (withCount) {
    // An empty page carries no count: then it is asked alone.
    const total = fetched.length
      ? fetched[0].totalCount
      : (await sql<{ n: number | string }>`select ${lineCount(organizationSid, list)} as n`.execute(db)).rows[0]?.n;
    totalCount = Number(total ?? 0);
  }
  return {
    rows: rows.map(({ sortKey: _key, totalCount: _count, ...line }) => line),
    page: tokens,
    ...(totalCount === undefined ? {} : { totalCount }),
  };
}

/**
 * Clear-to-build records go with what they reflect: those of the given lines,
 * or of all lines of a BOM, and with `withBom` those of the BOM itself.
 */
export async function deleteClearToBuildsOf(
  tx: Db,
  organizationSid: string,
  target: { lineSids: string[] } | { bomSid: string; withBom: boolean },
): Promise<void> {
  const q = tx.deleteFrom('clearToBuilds').where('organizationSid', '=', organizationSid);
  if ('lineSids' in target) {
    if (target.lineSids.length) await q.where('referenceSid', 'in', target.lineSids).execute();
    return;
  }
  const { bomSid, withBom } = target;
  await q
    .where((eb) => {
      const ofLines = eb(
        'referenceSid',
        'in',
        eb.selectFrom('bomLines').select('bomLines.sid').where('bomLines.bomSid', '=', bomSid),
      );
      return withBom ? eb.or([eb('referenceSid', '=', bomSid), ofLines]) : ofLines;
    })
    .execute();
}

/** A BOM's figures as the BOM list shows them. */
export interface BomFigures {
  lineCount: number;
  /** Units its stock builds today: the least ctb of its counted lines, 0 without any. */
  clearToBuild: number;
  /** The part of the line that sets it (the first by part when several do); null without counted lines. */
  limitingPart: string | null;
}

/** The figures of these BOMs, by sid: each one index read into bom_line_stock for its least ctb. */
export async function bomFigures(db: Db, bomSids: readonly string[]): Promise<Map<string, BomFigures>> {
  if (!bomSids.length) return new Map();
  // The part as the line writes it (bom_line_stock keeps it normalized).
  const rows = await sql<{ sid: string; lineCount: number; ctb: string | null; part: string | null }>`select b.sid,
      (select count(*)::int from bom_lines l where l.bom_sid = b.sid) as line_count, s.ctb::text as ctb,
      (select coalesce(l.mpn, l.unique_name) from bom_lines l where l.sid = s.line_sid) as part
    from unnest(${sql.val(bomSids)}::text[]) as b(sid)
    left join lateral (select s.ctb, s.part, s.line_sid from bom_line_stock s
      where s.bom_sid = b.sid and s.required_quantity > 0 and not s.do_not_place
      order by s.ctb, s.part limit 1) s on true`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      r.sid,
      { lineCount: r.lineCount, clearToBuild: r.ctb === null ? 0 : Math.floor(Number(r.ctb)), limitingPart: r.part },
    ]),
  );
}

/** What is on order for a part, split: confirmed or not, and past due (either way). */
export interface OrderedSplit {
  confirmed: number;
  unconfirmed: number;
  pastDue: number;
}

/**
 * The open order lines of these parts (an item's MPN, as orderedQuantity
 * counts them: case, spaces and dashes ignored), split by confirmation and by
 * due date against `today` (the organization's date, server/jobs/clock.ts
 * organizationToday). Keyed by the part as given.
 */
export async function orderedSplit(
  db: Db,
  organizationSid: string,
  parts: readonly string[],
  today: string,
): Promise<Map<string, OrderedSplit>> {
  if (!parts.length) return new Map();
  const spellings = new Map<string, string[]>();
  for (const part of parts) {
    const key = normalizePartNumber(part);
    spellings.set(key, [...(spellings.get(key) ?? []), part]);
  }
  const rows = await sql<{ part: string; confirmed: string; unconfirmed: string; pastDue: string }>`select
      part_key(it.manufacturer_part_number) as part,
      coalesce(sum(ig.quantity) filter (where ig.confirmed), 0)::text as confirmed,
      coalesce(sum(ig.quantity) filter (where not ig.confirmed), 0)::text as unconfirmed,
      coalesce(sum(ig.quantity) filter (where ig.due_date < ${today}::date), 0)::text as past_due
    from item_groups ig
    join items it on it.sid = ig.item_sid
    where ig.organization_sid = ${organizationSid} and it.organization_sid = ${organizationSid}
      and part_key(it.manufacturer_part_number) in (select unnest(${sql.val([...spellings.keys()])}::text[]))
      and ig.status = 'active' and not ig.delivered
    group by 1`.execute(db);
  const split = new Map<string, OrderedSplit>();
  for (const r of rows.rows) {
    const figures = { confirmed: Number(r.confirmed), unconfirmed: Number(r.unconfirmed), pastDue: Number(r.pastDue) };
    for (const part of spellings.get(r.part) ?? []) split.set(part, figures);
  }
  return split;
}
