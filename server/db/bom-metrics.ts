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

/**
 * The parts a line draws on: its MPN (else its unique name) and its alternatives, each once, as parts are matched
 * (bom_line_part_keys and part_key, migrations 0031 and 0040; an item's is its mpn_key, 0039).
 */
const partsOf = (alias: string) =>
  sql`bom_line_part_keys(${sql.raw(alias)}.mpn, ${sql.raw(alias)}.unique_name, ${sql.raw(alias)}.alternative_mpns)`;

/** On-hand inventory of a line's parts: the sum of each part's latest count under any spelling, 0 when never counted. */
const inventoryOf = (alias: string) => sql<number | string>`(
  select coalesce(sum((select ic.count from inventory_counts ic
    where ic.organization_sid = ${sql.raw(alias)}.organization_sid and part_key(ic.unique_name) = k.part
    order by ic.recording_date desc, ic.created desc, ic.sid desc
    limit 1)), 0)
  from ${partsOf(alias)} as k(part))`;

/** Quantity on order for a line's parts: active, undelivered item groups of items with one of their MPNs (any spelling). */
const orderedOf = (alias: string) => sql<string>`(
  select coalesce(sum(ig.quantity), 0) from item_groups ig
  inner join items it on it.sid = ig.item_sid
  where ig.organization_sid = ${sql.raw(alias)}.organization_sid
    and it.organization_sid = ${sql.raw(alias)}.organization_sid
    and it.mpn_key in (select k.part from ${partsOf(alias)} as k(part))
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

// Lists read the figures migrations 0017 and 0040 keep (server/db/migrations.ts), not
// the counts and item groups themselves: 100,000 lines name a few thousand
// parts. bom_line_stock has a row per listed line (lines of BOMs not archived)
// with its inventory and quantity on order (sums over its parts and their
// alternatives) and its clear to build; bom_part_stock has each part's figures
// and the number of listed lines that are its own. Triggers keep both as of
// each commit, so a list sees what every committed write left. A page is found
// on sort keys and sids alone (an index in the order of each key) and only its
// own lines are read whole; the total count over the organization is a sum
// over its parts.

/** How a list of lines is narrowed and ordered. */
interface LineList {
  bomSid?: string;
  uniqueName?: string;
  inventoryAtMost?: string;
  orderedAtMost?: string;
  orderBy: 'created' | 'ctb' | 'requiredQuantity' | 'orderedQuantity' | 'inventoryQuantity';
  descending: boolean;
}

const STOCK_KEYS = {
  ctb: sql`s.ctb`,
  orderedQuantity: sql`s.ordered_quantity`,
  inventoryQuantity: sql`s.inventory_quantity`,
  created: sql`l.created`,
  requiredQuantity: sql`l.required_quantity`,
};

/**
 * The listed lines as FROM and WHERE over s (bom_line_stock) and l (bom_lines, when the list needs it), with the
 * order's key and tie-breaking sid. Inventory counts are whole: at most x is at most floor(x).
 */
function listedLines(organizationSid: string, list: LineList) {
  const byLine = list.orderBy === 'created' || list.orderBy === 'requiredQuantity';
  const where: RawBuilder<unknown>[] = [sql`s.organization_sid = ${organizationSid}`];
  if (list.inventoryAtMost !== undefined) {
    where.push(sql`s.inventory_quantity <= floor(${list.inventoryAtMost}::numeric)::bigint`);
  }
  if (list.orderedAtMost !== undefined) where.push(sql`s.ordered_quantity <= ${list.orderedAtMost}::numeric`);
  const joinsLine = byLine || list.bomSid !== undefined || list.uniqueName !== undefined;
  if (byLine) where.push(sql`l.organization_sid = ${organizationSid}`);
  if (list.bomSid) where.push(sql`l.bom_sid = ${list.bomSid}`);
  if (list.uniqueName) where.push(sql`l.unique_name = ${list.uniqueName}`);
  return {
    from: joinsLine ? sql`bom_line_stock s join bom_lines l on l.sid = s.line_sid` : sql`bom_line_stock s`,
    where,
    key: STOCK_KEYS[list.orderBy],
    sid: byLine ? sql`l.sid` : sql`s.line_sid`,
  };
}

/** How many lines the list has: over the whole organization, a sum of its parts' line counts. */
function lineCount(organizationSid: string, list: LineList) {
  const whole =
    !list.bomSid && !list.uniqueName && list.inventoryAtMost === undefined && list.orderedAtMost === undefined;
  if (whole) {
    return sql<number | string>`(select coalesce(sum(p.line_count), 0) from bom_part_stock p
      where p.organization_sid = ${organizationSid} and p.line_count > 0)`;
  }
  const { from, where } = listedLines(organizationSid, { ...list, orderBy: 'ctb' });
  return sql<number | string>`(select count(*) from ${from} where ${sql.join(where, sql` and `)})`;
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
  const plan = planPage(page.pageToken, page.pageSize, `bomLines.${list.orderBy}`);
  // Backward pages are fetched in reverse and turned around by finishPage.
  const ascending = list.descending ? plan.cursor?.d === 'p' : plan.cursor?.d !== 'p';
  const order = ascending ? 'asc' : 'desc';
  const { from, where: conditions, key, sid } = listedLines(organizationSid, list);
  if (plan.cursor) {
    const after = sql.raw(ascending ? '>' : '<');
    conditions.push(sql`(${key}, ${sid}) ${after} (${plan.cursor.k}, ${plan.cursor.s})`);
  }
  // The page's sids first, from the sort keys alone; then those lines whole.
  const keys = sql<{
    sid: string;
    inventoryQuantity: number | string;
    orderedQuantity: string;
    sortKey: unknown;
  }>`(select ${sid} as sid, s.inventory_quantity, s.ordered_quantity, ${key} as sort_key
    from ${from}
    where ${sql.join(conditions, sql` and `)}
    order by ${key} ${sql.raw(order)}, ${sid} ${sql.raw(order)}
    limit ${plan.size + 1})`;
  const fetched = await db
    .selectFrom(keys.as('k'))
    .innerJoin('bomLines', 'bomLines.sid', 'k.sid')
    .selectAll('bomLines')
    .select([
      'k.inventoryQuantity',
      'k.orderedQuantity',
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
  /**
   * Units expected by its target's date, from its latest expected record (the daily job's,
   * server/jobs/clear-to-build-snapshot.ts, as the home page reads it too); null before any.
   */
  expectedClearToBuild: { date: string; quantity: number } | null;
}

/** The figures of these BOMs, by sid: each one index read into bom_line_stock for its least ctb. */
export async function bomFigures(db: Db, bomSids: readonly string[]): Promise<Map<string, BomFigures>> {
  if (!bomSids.length) return new Map();
  // The part as the line writes it (bom_line_stock keeps it normalized).
  const rows = await sql<{
    sid: string;
    lineCount: number;
    ctb: string | null;
    part: string | null;
    expectedDate: string | null;
    expectedQuantity: string | null;
  }>`select b.sid,
      (select count(*)::int from bom_lines l where l.bom_sid = b.sid) as line_count, s.ctb::text as ctb,
      (select coalesce(l.mpn, l.unique_name) from bom_lines l where l.sid = s.line_sid) as part,
      to_char(e.build_date at time zone 'UTC', 'YYYY-MM-DD') as expected_date, e.build_quantity::text as expected_quantity
    from unnest(${sql.val(bomSids)}::text[]) as b(sid)
    left join lateral (select s.ctb, s.part, s.line_sid from bom_line_stock s
      where s.bom_sid = b.sid and s.required_quantity > 0 and not s.do_not_place
      order by s.ctb, s.part limit 1) s on true
    left join lateral (select c.build_date, c.build_quantity from clear_to_builds c
      where c.reference_sid = b.sid and c.type = 'expected'
      order by c.created desc, c.sid desc limit 1) e on true`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      r.sid,
      {
        lineCount: r.lineCount,
        clearToBuild: r.ctb === null ? 0 : Math.floor(Number(r.ctb)),
        limitingPart: r.part,
        expectedClearToBuild:
          r.expectedDate === null || r.expectedQuantity === null
            ? null
            : { date: r.expectedDate, quantity: Math.floor(Number(r.expectedQuantity)) },
      },
    ]),
  );
}

/** What is on order for a line's parts, split: confirmed or not, and past due (either way). */
export interface OrderedSplit {
  confirmed: number;
  unconfirmed: number;
  pastDue: number;
}

/**
 * The open order lines of each line's parts (its part numbers: an item's MPN
 * matched as orderedQuantity matches it, case, spaces and dashes ignored, each
 * part once), split by confirmation and by due date against `today` (the
 * organization's date, server/jobs/clock.ts organizationToday). Keyed by line sid.
 */
export async function orderedSplit(
  db: Db,
  organizationSid: string,
  lines: readonly { sid: string; partNumbers: readonly string[] }[],
  today: string,
): Promise<Map<string, OrderedSplit>> {
  const keysOf = new Map(
    lines.map((l) => [l.sid, [...new Set(l.partNumbers.map(normalizePartNumber).filter((k) => k !== ''))]]),
  );
  const parts = [...new Set([...keysOf.values()].flat())];
  const byPart = new Map<string, OrderedSplit>();
  if (parts.length) {
    const rows = await sql<{ part: string; confirmed: string; unconfirmed: string; pastDue: string }>`select
        it.mpn_key as part,
        coalesce(sum(ig.quantity) filter (where ig.confirmed), 0)::text as confirmed,
        coalesce(sum(ig.quantity) filter (where not ig.confirmed), 0)::text as unconfirmed,
        coalesce(sum(ig.quantity) filter (where ig.due_date < ${today}::date), 0)::text as past_due
      from item_groups ig
      join items it on it.sid = ig.item_sid
      where ig.organization_sid = ${organizationSid} and it.organization_sid = ${organizationSid}
        and it.mpn_key in (select unnest(${sql.val(parts)}::text[]))
        and ig.status = 'active' and not ig.delivered
      group by 1`.execute(db);
    for (const r of rows.rows) {
      byPart.set(r.part, {
        confirmed: Number(r.confirmed),
        unconfirmed: Number(r.unconfirmed),
        pastDue: Number(r.pastDue),
      });
    }
  }
  const split = new Map<string, OrderedSplit>();
  for (const [sid, keys] of keysOf) {
    const sum: OrderedSplit = { confirmed: 0, unconfirmed: 0, pastDue: 0 };
    for (const key of keys) {
      const part = byPart.get(key);
      if (!part) continue;
      sum.confirmed += part.confirmed;
      sum.unconfirmed += part.unconfirmed;
      sum.pastDue += part.pastDue;
    }
    split.set(sid, sum);
  }
  return split;
}
