// What the clear-to-build forecast reads (server/domain/bom/forecast.ts does
// the arithmetic): the BOMs that take shared parts before a BOM, their lines
// and targets, the latest inventory count of each part, and the open order
// lines of those parts. Parts are compared normalized (upper case, without
// spaces or dashes), in SQL as in the domain's normalizePartNumber.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import {
  currentTargets,
  linePartNumbers,
  normalizePartNumber,
  type ForecastBom,
  type StockCount,
  type SupplyLine,
} from '../domain/bom/forecast.ts';
import { applySupplyLinks } from '../domain/bom/supply-links.ts';
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

export interface PrioritizedBom extends ForecastBom {
  uniqueName: string;
  /** The target the forecast measures against: the earliest not yet due. */
  targetSid: string | null;
}

/**
 * The organization's BOMs (not archived) in the order they take shared parts: earliest target first, then those
 * without a target, oldest first; each with its lines and the target that counts (the earliest due today or later).
 * Only the BOMs up to `bomSid` are read with their lines: those after it take nothing from it.
 */
export async function bomsInPriority(db: Db, organizationSid: string, bomSid: string, today: string) {
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
  const taking = ordered.slice(0, position + 1);
  const lines = taking.length
    ? await db
        .selectFrom('bomLines')
        .select(['sid', 'bomSid', 'uniqueName', 'mpn', 'alternativeMpns', 'requiredQuantity', 'doNotPlace', 'created'])
        .where('organizationSid', '=', organizationSid)
        .where(
          'bomSid',
          'in',
          taking.map((b) => b.sid),
        )
        .orderBy('created')
        .orderBy('sid')
        .execute()
    : [];
  return {
    priority: position + 1,
    boms: taking.map((b): PrioritizedBom => ({
      sid: b.sid,
      uniqueName: b.uniqueName,
      targetSid: targetOf.get(b.sid)?.sid ?? null,
      target: targetOf.get(b.sid) ?? null,
      lines: lines
        .filter((l) => l.bomSid === b.sid)
        .map((l) => ({
          sid: l.sid,
          partNumbers: linePartNumbers(l),
          quantity: l.requiredQuantity,
          doNotPlace: l.doNotPlace,
        })),
    })),
  };
}

/** Each BOM's target that counts today (the domain's currentTargets), by BOM sid. */
export async function targetsOf(db: Db, organizationSid: string, today: string) {
  const targets = await db
    .selectFrom('clearToBuildTargets')
    .select(['sid', 'bomSid', 'quantity', 'durationLength', 'durationType', 'startDate'])
    .where('organizationSid', '=', organizationSid)
    .execute();
  return currentTargets(targets, today);
}

/** The normalized part numbers the BOMs' lines use. */
export function partsOf(boms: readonly ForecastBom[]): string[] {
  return [...new Set(boms.flatMap((b) => b.lines.flatMap((l) => l.partNumbers.map(normalizePartNumber))))];
}

/**
 * The latest inventory count of each of the parts, counted under any spelling
 * of its number: a recount as "r10k" replaces a count as "R-10K".
 */
export async function stockOf(db: Db, organizationSid: string, parts: readonly string[]): Promise<StockCount[]> {
  if (parts.length === 0) return [];
  const rows = await sql<{ part: string; count: number | string }>`select distinct on (part)
      ${normalizedPartNumber(sql.ref('unique_name'))} as part, count
    from inventory_counts
    where organization_sid = ${organizationSid} and ${normalizedPartNumber(sql.ref('unique_name'))} in ${partsIn(parts)}
    order by part, recording_date desc, created desc, sid desc`.execute(db);
  return rows.rows.map((r) => ({ partNumber: r.part, quantity: r.count }));
}

/**
 * An open order line as the forecast reads it: the supply line (partNumber: the item's MPN, '' without one) with its
 * order (orderNames has the order's name).
 */
export interface OpenOrderLine extends SupplyLine {
  orderSid: string;
  /** False as read (server/domain/bom/supply-links.ts marks those linked by hand). */
  linked: boolean;
}

/**
 * Open order lines (active, not delivered): of the parts (normalized), or these. Read in their final shape, past
 * the camel-case plugin, and without their orders' names (the few listed ask orderNames): tens of thousands of
 * rows, each field parsed and each row copied, cost the forecast more than the query did.
 */
async function openOrderLines(
  db: Db,
  organizationSid: string,
  narrow: { parts: readonly string[] } | { itemGroupSids: readonly string[] },
): Promise<OpenOrderLine[]> {
  const narrowing =
    'parts' in narrow
      ? sql`i.mpn_key in ${partsIn(narrow.parts)}`
      : sql`g.sid in (select unnest(${sql.val(narrow.itemGroupSids)}::text[]))`;
  // Unordered: sorting 50,000 rows cost more than the read (the forecast sums them; lists sort their few).
  const { rows } = await sql<OpenOrderLine>`select g.sid as "itemGroupSid",
      g.order_sid as "orderSid", coalesce(i.manufacturer_part_number, '') as "partNumber",
      g.quantity as "openQuantity", g.confirmed, g.due_date as "dueDate", g.ship_date as "shipDate",
      g.delivery_date as "deliveryDate", g.estimated_arrival_date as "estimatedArrivalDate", false as linked
    from item_groups g
    join items i on i.sid = g.item_sid
    where g.organization_sid = ${organizationSid} and g.status = 'active' and not g.delivered
      and ${narrowing}`.execute(db.withoutPlugins());
  return rows;
}

/** The name and vendor of each of these orders of the organization, by sid. */
export async function orderNames(
  db: Db,
  organizationSid: string,
  orderSids: readonly string[],
): Promise<Map<string, { uniqueName: string | null; vendorName: string | null }>> {
  if (orderSids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['sid', 'uniqueName', 'vendorName'])
    .where('organizationSid', '=', organizationSid)
    .where('sid', 'in', sql<string>`(select unnest(${sql.val([...new Set(orderSids)])}::text[]))`)
    .execute();
  return new Map(rows.map((r) => [r.sid, { uniqueName: r.uniqueName, vendorName: r.vendorName }]));
}

/** The open order lines of the parts, by the item's MPN, with their order and vendor. */
export async function supplyOf(db: Db, organizationSid: string, parts: readonly string[]): Promise<OpenOrderLine[]> {
  return parts.length ? openOrderLines(db, organizationSid, { parts }) : [];
}

/**
 * The open order lines of the BOMs' parts with the links made by hand applied
 * (server/domain/bom/supply-links.ts): those read by part number and those
 * linked to the BOMs' lines, and per line the ones unlinked from it.
 */
export async function linkedSupplyOf(db: Db, organizationSid: string, boms: readonly ForecastBom[]) {
  const lines = boms.flatMap((b) => b.lines);
  const [matched, links] = await Promise.all([
    supplyOf(db, organizationSid, partsOf(boms)),
    lines.length
      ? db
          .selectFrom('bomSupplyLinks')
          .select(['bomLineSid', 'itemGroupSid', 'linked', 'created'])
          .where('organizationSid', '=', organizationSid)
          .where(
            'bomLineSid',
            'in',
            lines.map((l) => l.sid),
          )
          .execute()
      : Promise.resolve([]),
  ]);
  const linkedRows = links.length
    ? await openOrderLines(db, organizationSid, { itemGroupSids: [...new Set(links.map((l) => l.itemGroupSid))] })
    : [];
  return applySupplyLinks(matched, linkedRows, links, lines);
}

/**
 * What a forecast of `bomSid` reads: the BOMs that take shared parts before it
 * and itself last (itself alone with `alone`), its priority, and the stock and
 * open order lines of their parts (links made by hand applied; `excluded`: per
 * line, those unlinked from it).
 */
export async function forecastInputs(
  db: Db,
  organizationSid: string,
  bomSid: string,
  today: string,
  options: { alone?: boolean } = {},
) {
  const inPriority = await bomsInPriority(db, organizationSid, bomSid, today);
  const boms = options.alone ? inPriority.boms.filter((b) => b.sid === bomSid) : inPriority.boms;
  const [stock, { supply, excluded }] = await Promise.all([
    stockOf(db, organizationSid, partsOf(boms)),
    linkedSupplyOf(db, organizationSid, boms),
  ]);
  return {
    boms,
    self: boms[boms.length - 1],
    priority: options.alone ? 1 : inPriority.priority,
    stock,
    supply,
    excluded,
  };
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
