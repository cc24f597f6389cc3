// What the clear-to-build forecast reads (server/domain/bom/forecast.ts does
// the arithmetic): the BOMs that take shared parts before a BOM, their lines
// and targets, the latest inventory count of each part, and the open order
// lines of those parts. Parts are compared normalized (upper case, without
// spaces or dashes), in SQL as in the domain's normalizePartNumber.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import {
  currentTargets,
  linePartNumbers,
  normalizedPartNumbers,
  type ForecastBom,
  type CountedSupply,
  type StockCount,
  type SupplyLine,
} from '../domain/bom/forecast.ts';
import { applySupplyLinks, type PartSupply } from '../domain/bom/supply-links.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** A part number as the domain normalizes it, in SQL (part_key, migration 0031). */
export const normalizedPartNumber = (column: Expression<string | null>): RawBuilder<string> =>
  sql<string>`part_key(${column})`;

/**
 * The parts as a set to look rows up in: a subquery the planner hashes, where `= any(array)` compared each row with
 * every part in turn (a 2,000-line BOM against 25,000 items was 50 million comparisons).
 */
const partsIn = (parts: readonly string[]) => sql<string>`(select unnest(${sql.val(parts)}::text[]))`;

/** Parts named in SQL (partsOfBoms), or listed. */
type Parts = RawBuilder<string> | readonly string[];

/** The parts as a set to look rows up in: as named in SQL, or listed (partsIn). */
const partSet = (parts: Parts): RawBuilder<string> => ('isRawBuilder' in parts ? parts : partsIn(parts));

export interface PrioritizedBom extends ForecastBom {
  uniqueName: string;
  /** The target the forecast measures against: the earliest not yet due. */
  targetSid: string | null;
}

/**
 * The organization's BOMs (not archived) in the order they take shared parts: earliest target first, then those
 * without a target, oldest first; each with the target that counts (the earliest due today or later). Only the BOMs
 * up to `bomSid` are given: those after it take nothing from it.
 */
async function bomsTakingBefore(db: Db, organizationSid: string, bomSid: string, today: string) {
  const [boms, targetOf] = await Promise.all([
    db
      .selectFrom('boms')
      .select(['sid', 'uniqueName', 'created'])
      .where('organizationSid', '=', organizationSid)
      .where('archived', 'is', null)
      .execute(),
    targetsOf(db, organizationSid, today),
  ]);
  const ordered = [...boms].sort((a, b) => {
    const ta = targetOf.get(a.sid)?.date ?? '9999-12-31';
    const tb = targetOf.get(b.sid)?.date ?? '9999-12-31';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return new Date(a.created).getTime() - new Date(b.created).getTime() || a.sid.localeCompare(b.sid);
  });
  const position = ordered.findIndex((b) => b.sid === bomSid);
  return {
    priority: position + 1,
    taking: ordered.slice(0, position + 1).map((b) => ({
      sid: b.sid,
      uniqueName: b.uniqueName,
      targetSid: targetOf.get(b.sid)?.sid ?? null,
      target: targetOf.get(b.sid) ?? null,
    })),
  };
}

/** The lines of these BOMs, in the order they were added. */
async function linesOfBoms(db: Db, organizationSid: string, bomSids: readonly string[]) {
  if (bomSids.length === 0) return [];
  return db
    .selectFrom('bomLines')
    .select(['sid', 'bomSid', 'uniqueName', 'mpn', 'alternativeMpns', 'requiredQuantity', 'doNotPlace'])
    .where('organizationSid', '=', organizationSid)
    .where('bomSid', 'in', bomSids)
    .orderBy('created')
    .orderBy('sid')
    .execute();
}

/**
 * The normalized part numbers the lines of these BOMs use, in SQL: bom_line_parts (migration 0040) keeps each listed
 * line's parts by the rule of linePartNumbers and normalizePartNumber. Read as a subquery, so the stock and supply
 * of the parts are read beside the lines rather than after them.
 */
const partsOfBoms = (organizationSid: string, bomSids: readonly string[]) =>
  sql<string>`(select lp.part from bom_line_parts lp join bom_lines l on l.sid = lp.line_sid
    where lp.organization_sid = ${organizationSid} and l.organization_sid = ${organizationSid}
      and l.bom_sid in (select unnest(${sql.val(bomSids)}::text[])))`;

/** Each BOM's target that counts today (the domain's currentTargets), by BOM sid. */
export async function targetsOf(db: Db, organizationSid: string, today: string) {
  const targets = await db
    .selectFrom('clearToBuildTargets')
    .select(['sid', 'bomSid', 'quantity', 'durationLength', 'durationType', 'startDate'])
    .where('organizationSid', '=', organizationSid)
    .execute();
  return currentTargets(targets, today);
}

/**
 * The latest inventory count of each of the parts, counted under any spelling of its number (a recount as "r10k"
 * replaces a count as "R-10K"): bom_part_stock keeps it per normalized part (migration 0031, folded at commit), so
 * it is read by key rather than worked out again from every count of the parts (3,000 counts of a 2,000-line BOM's
 * parts were 20 ms of the database's time, beside the supply read).
 */
async function stockOf(db: Db, organizationSid: string, parts: RawBuilder<string>): Promise<StockCount[]> {
  const rows = await sql<{ part: string; count: number }>`select part, inventory_quantity as count
    from bom_part_stock
    where organization_sid = ${organizationSid} and part in ${parts} and inventory_quantity <> 0`.execute(db);
  return rows.rows.map((r) => ({ partNumber: r.part, quantity: r.count }));
}

/**
 * An open order line as listed (getBomLineSupply): the supply line with its dates (partNumber: the item's MPN, ''
 * without one) and its order's sid, whose name and vendor listedOrders reads for the few listed; set `linked` when
 * linked by hand (server/domain/bom/supply-links.ts; absent as read).
 */
export interface OpenOrderLine extends SupplyLine {
  orderSid: string;
  linked?: boolean;
}

/** An open order line named by a link, as the forecast counts it: with its sid, and whether its part is a BOM's. */
export interface LinkedCountedOrderLine extends CountedSupply {
  itemGroupSid: string;
  /** Its part is one of the BOMs' (read by part, it would have counted). */
  matched: boolean;
  linked?: boolean;
}

type OpenLinesNarrowing = { parts: Parts } | { itemGroupSids: readonly string[] };

/** Open order lines (active, not delivered) of the parts (normalized; named in SQL or listed), or these. */
function openLinesOf(organizationSid: string, narrow: OpenLinesNarrowing) {
  const narrowing =
    'parts' in narrow
      ? sql`g.mpn_key in ${partSet(narrow.parts)}`
      : sql`g.sid in (select unnest(${sql.val(narrow.itemGroupSids)}::text[]))`;
  // Unordered: sorting 50,000 rows cost more than the read (the forecast sums them; lists sort their few).
  return sql`g.organization_sid = ${organizationSid} and g.status = 'active' and not g.delivered and ${narrowing}`;
}

/** The most units of an order line whose millionths a number holds exactly: 2^53 - 1 millionths. */
const MAX_SAFE_UNITS = '9007199254.740991';

/**
 * An open order line as the forecast counts it (countedSupply's rule, server/domain/bom/forecast.ts): its part (the
 * line's own mpn_key, migration 0047: no join to its item; '' without one), the day it arrives (arrivalDay: the
 * delivery date, else the estimated arrival, else the due date, never before the ship date; greatest skips nulls as
 * the rule does) and its open quantity in millionths (null past 2^53).
 */
const countedColumns = sql`coalesce(g.mpn_key, '') as "partNumber", g.confirmed,
  greatest(g.ship_date, coalesce(g.delivery_date, g.estimated_arrival_date, g.due_date)) - date '1970-01-01'
    as "arrivalDay",
  case when g.quantity <= ${sql.lit(MAX_SAFE_UNITS)}::numeric then (g.quantity * 1000000)::int8 end as "openMicros"`;

/**
 * The open order lines of the parts as the forecast counts them, but those named (the order lines links name, which
 * linkedCountedOrderLines reads for the links to be applied to). Read past the camel-case plugin, in their final
 * shape and without their sids: tens of thousands of rows, each field parsed and kept until counted.
 */
export async function countedOpenOrderLines(
  db: Db,
  organizationSid: string,
  parts: Parts,
  except: readonly string[] = [],
): Promise<CountedSupply[]> {
  const { rows } = await sql<CountedSupply>`select ${countedColumns}
    from item_groups g
    where ${openLinesOf(organizationSid, { parts })}
      ${except.length ? sql`and g.sid not in (select unnest(${sql.val(except)}::text[]))` : sql``}`.execute(
    db.withoutPlugins(),
  );
  return rows;
}

/** These open order lines (named by links) as the forecast counts them, with their sids and whether of the parts. */
export async function linkedCountedOrderLines(
  db: Db,
  organizationSid: string,
  itemGroupSids: readonly string[],
  parts: Parts,
): Promise<LinkedCountedOrderLine[]> {
  const { rows } = await sql<LinkedCountedOrderLine>`select g.sid as "itemGroupSid", ${countedColumns},
      coalesce(g.mpn_key in ${partSet(parts)}, false) as matched
    from item_groups g
    where ${openLinesOf(organizationSid, { itemGroupSids })}`.execute(db.withoutPlugins());
  return rows;
}

/**
 * The open order lines as listed (OpenOrderLine): the lines countedOpenOrderLines counts, with their dates and their
 * items' MPNs as written.
 */
export async function openOrderLines(
  db: Db,
  organizationSid: string,
  narrow: OpenLinesNarrowing,
): Promise<OpenOrderLine[]> {
  const { rows } = await sql<OpenOrderLine>`select g.sid as "itemGroupSid",
      coalesce(i.manufacturer_part_number, '') as "partNumber",
      g.quantity as "openQuantity", g.confirmed, g.due_date as "dueDate", g.ship_date as "shipDate",
      g.delivery_date as "deliveryDate", g.estimated_arrival_date as "estimatedArrivalDate", g.order_sid as "orderSid"
    from item_groups g
    join items i on i.sid = g.item_sid
    where ${openLinesOf(organizationSid, narrow)}`.execute(db.withoutPlugins());
  return rows;
}

/** A listed order line's order: its name and vendor. */
export interface ListedOrder {
  uniqueName: string | null;
  vendorName: string | null;
}

/**
 * These orders of the organization, by sid: the orders of the listed order lines, read by the order sids the lines
 * carry (a few thousand lines name fewer orders, each one index lookup).
 */
export async function listedOrders(
  db: Db,
  organizationSid: string,
  orderSids: readonly string[],
): Promise<Map<string, ListedOrder>> {
  if (orderSids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['sid', 'uniqueName', 'vendorName'])
    .where('organizationSid', '=', organizationSid)
    .where('sid', 'in', sql<string>`(select unnest(${sql.val([...new Set(orderSids)])}::text[]))`)
    .execute();
  return new Map(rows.map((r) => [r.sid, { uniqueName: r.uniqueName, vendorName: r.vendorName }]));
}

/** The links made by hand to the lines of these BOMs. */
async function linksOfBoms(db: Db, organizationSid: string, bomSids: readonly string[]) {
  if (bomSids.length === 0) return [];
  return db
    .selectFrom('bomSupplyLinks as k')
    .innerJoin('bomLines as l', 'l.sid', 'k.bomLineSid')
    .select(['k.bomLineSid', 'k.itemGroupSid', 'k.linked', 'k.created'])
    .where('k.organizationSid', '=', organizationSid)
    .where('l.organizationSid', '=', organizationSid)
    .where('l.bomSid', 'in', bomSids)
    .execute();
}

/** The BOMs whose claims and links count for `bomSid` (itself last; itself alone with `alone`), and its priority. */
async function bomsInPlay(db: Db, organizationSid: string, bomSid: string, today: string, alone: boolean) {
  const inPriority = await bomsTakingBefore(db, organizationSid, bomSid, today);
  const taking = alone ? inPriority.taking.filter((b) => b.sid === bomSid) : inPriority.taking;
  return { taking, bomSids: taking.map((b) => b.sid), priority: alone ? 1 : inPriority.priority };
}

/** The open order lines the links name, with the links applied to `matched` (server/domain/bom/supply-links.ts). */
async function withLinksApplied<S extends PartSupply>(
  matched: S[],
  links: Awaited<ReturnType<typeof linksOfBoms>>,
  lines: readonly { sid: string; partNumbers: readonly string[] }[],
  read: (narrow: { itemGroupSids: readonly string[] }) => Promise<S[]>,
) {
  const linkedRows = links.length ? await read({ itemGroupSids: [...new Set(links.map((l) => l.itemGroupSid))] }) : [];
  return applySupplyLinks(matched, linkedRows, links, lines);
}

/**
 * What a forecast of `bomSid` reads: the BOMs that take shared parts before it and itself last (itself alone with
 * `alone`), its priority, and the stock and open order lines of their parts with the links made by hand applied
 * (server/domain/bom/supply-links.ts). Once the BOMs are known, their lines, stock, supply and links are read side
 * by side: the parts are named in SQL (partsOfBoms). A link changes only the order line it names, so the lines no
 * link names are read without their sids, and those the links name are read by sid and the links applied to them.
 */
export async function forecastInputs(
  db: Db,
  organizationSid: string,
  bomSid: string,
  today: string,
  options: { alone?: boolean } = {},
) {
  const { taking, bomSids, priority } = await bomsInPlay(db, organizationSid, bomSid, today, options.alone === true);
  const parts = partsOfBoms(organizationSid, bomSids);
  // The links first: the order lines they name are left out of the read by part and read by sid, both as of them.
  const links = await linksOfBoms(db, organizationSid, bomSids);
  const named = [...new Set(links.map((l) => l.itemGroupSid))];
  const [lines, stock, supply, linkedRows] = await Promise.all([
    linesOfBoms(db, organizationSid, bomSids),
    stockOf(db, organizationSid, parts),
    countedOpenOrderLines(db, organizationSid, parts, named),
    named.length ? linkedCountedOrderLines(db, organizationSid, named, parts) : [],
  ]);
  const boms = taking.map((b): PrioritizedBom => ({
    ...b,
    lines: lines
      .filter((l) => l.bomSid === b.sid)
      .map((l) => ({
        sid: l.sid,
        partNumbers: linePartNumbers(l),
        quantity: l.requiredQuantity,
        doNotPlace: l.doNotPlace,
      })),
  }));
  const { supply: linked } = applySupplyLinks(
    linkedRows.filter((r) => r.matched),
    linkedRows,
    links,
    boms.flatMap((b) => b.lines),
  );
  // The few lines the links name join the many read by part: appended, not copied with them.
  for (const row of linked) supply.push(row);
  return { boms, self: boms[boms.length - 1], priority, stock, supply };
}

/**
 * What listing the supply of some of `bomSid`'s lines reads: those lines (of the BOM; others left out), and the open
 * order lines of their parts only, with the links of the BOMs in play applied as the forecast applies them. Exact for
 * those parts: an order line counts for a part by its own number unless a link says otherwise, and the links are all
 * read.
 */
export async function lineSupplyInputs(
  db: Db,
  organizationSid: string,
  bomSid: string,
  today: string,
  lineSids: readonly string[],
  options: { alone?: boolean } = {},
) {
  const { bomSids } = await bomsInPlay(db, organizationSid, bomSid, today, options.alone === true);
  const [lines, links] = await Promise.all([
    linesOfBoms(db, organizationSid, bomSids),
    linksOfBoms(db, organizationSid, bomSids),
  ]);
  const linked = lines.map((l) => ({ sid: l.sid, bomSid: l.bomSid, partNumbers: linePartNumbers(l) }));
  const bySid = new Map(linked.filter((l) => l.bomSid === bomSid).map((l) => [l.sid, l]));
  const named = [...new Set(lineSids)].flatMap((sid) => bySid.get(sid) ?? []);
  const parts = [...new Set(named.flatMap((l) => normalizedPartNumbers(l.partNumbers)))];
  const matched = parts.length ? await openOrderLines(db, organizationSid, { parts }) : [];
  const { supply, excluded } = await withLinksApplied(matched, links, linked, (narrow) =>
    openOrderLines(db, organizationSid, narrow),
  );
  return { lines: named, supply, excluded };
}

/**
 * Each part's usual vendor: the vendor of its latest order line (any status),
 * by normalized part number.
 */
export async function usualVendors(
  db: Db,
  organizationSid: string,
  parts: readonly string[],
): Promise<Map<string, string>> {
  if (parts.length === 0) return new Map();
  const rows = await sql<{ part: string; vendorName: string | null }>`select distinct on (part)
      i.mpn_key as part, coalesce(v.name, o.vendor_name) as vendor_name
    from items i
    join orders o on o.sid = i.order_sid
    left join vendors v on v.sid = o.vendor_sid
    where i.organization_sid = ${organizationSid}
      and i.mpn_key in ${partsIn(parts)}
    order by part, i.created desc, i.sid desc`.execute(db);
  return new Map(rows.rows.flatMap((r) => (r.vendorName ? [[r.part, r.vendorName] as const] : [])));
}
