// Bills of materials and their lines, approval and the background upsert
// (tags: boms, bomLines, bomApproval, bomUpserts). Staff only throughout.
import type { Hono } from 'hono';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import * as z from 'zod/mini';
import {
  CreateBomLineBody,
  GetBomLineQueryParams,
  ListBomLinesQueryParams,
  UpdateBomLineBody,
} from '../../src/api/generated/zod/bom-lines/bom-lines.zod.ts';
import { UpsertBomAsyncBody } from '../../src/api/generated/zod/bom-upserts/bom-upserts.zod.ts';
import { CreateBomBody, ListBomsQueryParams } from '../../src/api/generated/zod/boms/boms.zod.ts';
import type { Database, Row } from '../db/schema.ts';
import { toMicros } from '../../src/lib/decimal.ts';
import { lineClearToBuild } from '../domain/clear-to-build.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { finishPage, planPage } from '../http/pagination.ts';
import { jsonBody, parseWith, queryParams } from '../http/validate.ts';
import {
  canonicalDecimal,
  changedFields,
  clientSid,
  type Ctx,
  dbOf,
  type Db,
  decimal,
  isoRequired,
  keyString,
  pageOf,
  type PageParams,
  principalOf,
  recordEvent,
  replayCreate,
  requireStaff,
  strictQuery,
} from './support.ts';

type BomRow = Row<'boms'>;
type BomLineRow = Row<'bomLines'>;
type JobRow = Row<'bomUpsertJobs'>;

/** A bom line with what the clear to build needs: its part's on-hand inventory and quantity on order. */
export interface BomLineView extends BomLineRow {
  inventoryQuantity: number | string;
  orderedQuantity: string;
}

/** numeric(21, 6): 15 digits before the point. */
const MAX_QUANTITY = 10n ** 15n * 10n ** 6n;

// ---------------------------------------------------------------------------
// SQL for inventory, quantity on order and clear to build (the arithmetic of server/domain/clear-to-build.ts)

/** The part a line stands for: its MPN, else its unique name. */
const partOf = (alias: string) => sql`coalesce(${sql.raw(alias)}.mpn, ${sql.raw(alias)}.unique_name)`;

/** On-hand inventory of a line's part: its latest inventory count, 0 when never counted. */
const inventoryOf = (alias: string) => sql<number | string>`coalesce((
  select ic.count from inventory_counts ic
  where ic.organization_sid = ${sql.raw(alias)}.organization_sid and ic.unique_name = ${partOf(alias)}
  order by ic.recording_date desc, ic.created desc, ic.sid desc
  limit 1), 0)`;

/** Quantity on order for a line's part: active, undelivered item groups of items with that MPN. */
const orderedOf = (alias: string) => sql<string>`(
  select coalesce(sum(ig.quantity), 0) from item_groups ig
  inner join items it on it.sid = ig.item_sid
  where ig.organization_sid = ${sql.raw(alias)}.organization_sid
    and it.organization_sid = ${sql.raw(alias)}.organization_sid
    and it.manufacturer_part_number = ${partOf(alias)}
    and ig.status = 'active' and not ig.delivered)`;

/** Bom lines of the organization (of BOMs not archived), with inventory and ordered quantity. */
function linesWithMetrics(db: Db, organizationSid: string) {
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
async function pageOfLines(
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

// ---------------------------------------------------------------------------
// Serialization and lookups

export function serializeBom(b: BomRow) {
  return {
    sid: b.sid,
    created: isoRequired(b.created),
    updated: isoRequired(b.updated),
    uniqueName: b.uniqueName,
    version: String(b.version),
  };
}

/** The spec's bom line, plus inventoryQuantity, orderedQuantity and ctb (null when the line needs nothing). */
export function serializeBomLine(l: BomLineView) {
  const inventoryQuantity = Number(l.inventoryQuantity);
  return {
    sid: l.sid,
    created: isoRequired(l.created),
    updated: isoRequired(l.updated),
    bomSid: l.bomSid,
    organizationSid: l.organizationSid,
    uniqueName: l.uniqueName,
    requiredQuantity: decimal(l.requiredQuantity) ?? '0',
    version: String(l.version),
    inventoryQuantity,
    orderedQuantity: Number(l.orderedQuantity),
    ctb: lineClearToBuild(inventoryQuantity, l.requiredQuantity),
  };
}

function serializeJob(j: JobRow) {
  return {
    sid: j.sid,
    created: isoRequired(j.created),
    updated: isoRequired(j.updated),
    status: j.status,
    activityState: j.status === 'processing' ? ('PROCESSING' as const) : ('IDLE' as const),
    bomSid: j.bomSid,
    lineCount: j.lineCount,
    error: j.error,
  };
}

/** The BOM by sid or unique name in the caller's organization; archived BOMs are gone. */
export async function findBom(db: Db, p: Principal, sidOrUniqueName: string): Promise<BomRow> {
  const rows = await db
    .selectFrom('boms')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('archived', 'is', null)
    .where((eb) => eb.or([eb('sid', '=', sidOrUniqueName), eb('uniqueName', '=', sidOrUniqueName)]))
    .execute();
  const bom = rows.find((r) => r.sid === sidOrUniqueName) ?? rows[0];
  if (!bom) throw notFound('bom');
  return bom;
}

interface BomRef {
  bomSid?: string | null;
  bomUniqueName?: string | null;
}

/** The BOM a body or query names by bomSid and/or bomUniqueName; undefined when it names none of the caller's. */
async function bomByRef(db: Db, p: Principal, ref: BomRef): Promise<{ bom?: BomRow; field: string }> {
  let q = db
    .selectFrom('boms')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('archived', 'is', null);
  if (ref.bomSid) q = q.where('sid', '=', ref.bomSid);
  if (ref.bomUniqueName) q = q.where('uniqueName', '=', ref.bomUniqueName);
  const bom = await q.executeTakeFirst();
  if (bom) return { bom, field: 'bomSid' };
  if (ref.bomSid && ref.bomUniqueName) {
    const bySid = await db
      .selectFrom('boms')
      .select('sid')
      .where('organizationSid', '=', p.organizationSid)
      .where('archived', 'is', null)
      .where('sid', '=', ref.bomSid)
      .executeTakeFirst();
    return { field: bySid ? 'bomUniqueName' : 'bomSid' };
  }
  return { field: ref.bomSid ? 'bomSid' : 'bomUniqueName' };
}

async function lineView(db: Db, p: Principal, sid: string): Promise<BomLineView | undefined> {
  return linesWithMetrics(db, p.organizationSid).where('bomLines.sid', '=', sid).executeTakeFirst();
}

/** The bom line by sid, or by unique name within the BOM the query names. */
export async function findBomLine(db: Db, p: Principal, sidOrUniqueName: string, ref: BomRef): Promise<BomLineView> {
  let q = linesWithMetrics(db, p.organizationSid);
  if (ref.bomSid || ref.bomUniqueName) {
    const { bom } = await bomByRef(db, p, ref);
    if (!bom) throw notFound('bom line');
    q = q
      .where('bomLines.bomSid', '=', bom.sid)
      .where((eb) =>
        eb.or([eb('bomLines.sid', '=', sidOrUniqueName), eb('bomLines.uniqueName', '=', sidOrUniqueName)]),
      );
  } else {
    q = q.where('bomLines.sid', '=', sidOrUniqueName);
  }
  const rows = await q.execute();
  const line = rows.find((r) => r.sid === sidOrUniqueName) ?? rows[0];
  if (!line) throw notFound('bom line');
  return line;
}

/** A non-negative decimal within numeric(21, 6), or 400 naming the field. */
function nonNegative(value: string, field: string): string {
  const micros = toMicros(value);
  if (micros < 0n) throw badRequest(`${field} cannot be negative.`, field);
  return value;
}

/**
 * Clear-to-build records go with what they reflect: those of the given lines,
 * or of all lines of a BOM, and with `withBom` those of the BOM itself.
 */
async function deleteClearToBuildsOf(
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

// ---------------------------------------------------------------------------
// Upsert from raw lines

type UpsertBody = z.infer<typeof UpsertBomAsyncBody>;
type RawLine = UpsertBody['lines'][number];

/** Lines of one upsert, after merging: what gets written. */
export interface MergedLine {
  uniqueName: string;
  customId: string | null;
  mpn: string | null;
  alternativeMpns: string[];
  manufacturerName: string | null;
  referenceDesignators: string[];
  description: string | null;
  doNotPlace: boolean;
  lineNumber: string | null;
  quantity: number;
}

/** At most this many designators per line once ranges are expanded. */
const MAX_DESIGNATORS = 5000;

class LineError extends Error {
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/** "C1-C4" → C1, C2, C3, C4 (also "C1-4" and descending "C4-C1"); anything else as is. */
function expandRange(token: string): string[] {
  const m = /^([A-Za-z_]+)(\d+)-([A-Za-z_]*)(\d+)$/.exec(token);
  if (!m) return [token];
  const [, prefix, a, secondPrefix, b] = m;
  if (secondPrefix && secondPrefix.toUpperCase() !== prefix.toUpperCase()) return [token];
  const from = Number(a);
  const to = Number(b);
  if (Math.abs(to - from) + 1 > MAX_DESIGNATORS) {
    throw new RangeError(`The range "${token}" has more than ${MAX_DESIGNATORS} designators.`);
  }
  const width = a.startsWith('0') && a.length > 1 ? a.length : 0;
  const step = to >= from ? 1 : -1;
  const out: string[] = [];
  for (let n = from; step > 0 ? n <= to : n >= to; n += step) out.push(prefix + String(n).padStart(width, '0'));
  return out;
}

/** Reference designators of a raw line: the list and the string, split on commas, spaces and semicolons, ranges expanded, each once. */
export function parseDesignators(list: readonly string[] | undefined, text: string | undefined): string[] {
  const tokens = [...(list ?? []), text ?? '']
    .flatMap((s) => s.replace(/\s*-\s*/g, '-').split(/[\s,;]+/))
    .filter((s) => s.length > 0);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const token of tokens) {
    for (const designator of expandRange(token)) {
      if (seen.has(designator)) continue;
      seen.add(designator);
      out.push(designator);
      if (out.length > MAX_DESIGNATORS) throw new RangeError(`More than ${MAX_DESIGNATORS} reference designators.`);
    }
  }
  return out;
}

const blankToNull = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/**
 * Merges raw lines: the same part (MPN, else custom id) with the same reference
 * designators is one line with the quantities summed. Unique name: the MPN, else
 * the custom id, else line-<n> (n: the raw line's position from 1); a name
 * already taken gets " #2", " #3"…. Throws LineError naming the raw line's field.
 */
export function mergeRawLines(lines: readonly RawLine[]): MergedLine[] {
  const merged: MergedLine[] = [];
  const byKey = new Map<string, MergedLine>();
  const taken = new Set<string>();
  lines.forEach((raw, index) => {
    let designators: string[];
    try {
      designators = parseDesignators(raw.referenceDesignators, raw.referenceDesignatorsString);
    } catch (e) {
      const field = raw.referenceDesignatorsString ? 'referenceDesignatorsString' : 'referenceDesignators';
      throw new LineError(e instanceof Error ? e.message : String(e), `lines.${index}.${field}`);
    }
    const mpn = blankToNull(raw.mpn);
    const customId = blankToNull(raw.customId);
    const part = mpn ?? customId;
    const key = part === null ? null : JSON.stringify([part, [...designators].sort()]);
    const same = key === null ? undefined : byKey.get(key);
    if (same) {
      same.quantity += raw.quantity;
      for (const alt of raw.alternativeMpns ?? [])
        if (!same.alternativeMpns.includes(alt)) same.alternativeMpns.push(alt);
      if (toMicros(same.quantity) >= MAX_QUANTITY) {
        throw new LineError('The summed quantity is too large.', `lines.${index}.quantity`);
      }
      return;
    }
    const base = part ?? `line-${index + 1}`;
    let uniqueName = base;
    for (let n = 2; taken.has(uniqueName); n++) uniqueName = `${base} #${n}`;
    taken.add(uniqueName);
    if (toMicros(raw.quantity) >= MAX_QUANTITY)
      throw new LineError('quantity is too large.', `lines.${index}.quantity`);
    const line: MergedLine = {
      uniqueName,
      customId,
      mpn,
      alternativeMpns: [...new Set(raw.alternativeMpns ?? [])],
      manufacturerName: blankToNull(raw.manufacturerName),
      referenceDesignators: designators,
      description: raw.description ?? null,
      doNotPlace: raw.doNotPlace,
      lineNumber: raw.lineNumber ?? null,
      quantity: raw.quantity,
    };
    merged.push(line);
    if (key !== null) byKey.set(key, line);
  });
  return merged;
}

function mergeOrReject(lines: readonly RawLine[]): MergedLine[] {
  try {
    return mergeRawLines(lines);
  } catch (e) {
    if (e instanceof LineError) throw badRequest(e.message, e.field);
    throw e;
  }
}

const INSERT_CHUNK = 500;

/** The upsert itself, in one transaction; the job records how it ended. Never rejects. */
export async function runBomUpsert(db: Kysely<Database>, p: Principal, jobSid: string): Promise<void> {
  try {
    const job = await db.selectFrom('bomUpsertJobs').selectAll().where('sid', '=', jobSid).executeTakeFirstOrThrow();
    const body = parseWith(UpsertBomAsyncBody, job.payload);
    const lines = mergeRawLines(body.lines);
    await db.transaction().execute(async (tx) => {
      const now = new Date();
      const metadata = body.version != null ? { ...body.metadata, version: body.version } : body.metadata;
      const existing = await tx
        .selectFrom('boms')
        .selectAll()
        .where('organizationSid', '=', job.organizationSid)
        .where('uniqueName', '=', body.uniqueName)
        .forUpdate()
        .executeTakeFirst();
      if (existing?.archived) throw new Error(`The BOM "${body.uniqueName}" is archived.`);
      let bom: BomRow;
      if (existing) {
        // The BOM's own clear-to-build records stay: only those of the replaced lines go.
        await deleteClearToBuildsOf(tx, job.organizationSid, { bomSid: existing.sid, withBom: false });
        await tx.deleteFrom('bomLines').where('bomSid', '=', existing.sid).execute();
        bom = await tx
          .updateTable('boms')
          .set({
            ...(body.partNumber !== undefined ? { partNumber: body.partNumber } : {}),
            ...(body.approved ? { approved: true } : {}),
            ...(metadata !== undefined ? { metadata: JSON.stringify(metadata) } : {}),
            version: existing.version + 1,
            updated: now,
          })
          .where('sid', '=', existing.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        bom = await tx
          .insertInto('boms')
          .values({
            sid: newSid('BO'),
            organizationSid: job.organizationSid,
            created: now,
            updated: now,
            uniqueName: body.uniqueName,
            partNumber: body.partNumber ?? null,
            approved: body.approved,
            archived: null,
            metadata: JSON.stringify(metadata ?? {}),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
        await tx
          .insertInto('bomLines')
          .values(
            lines.slice(i, i + INSERT_CHUNK).map((l) => ({
              sid: newSid('BL'),
              organizationSid: job.organizationSid,
              created: now,
              updated: now,
              bomSid: bom.sid,
              uniqueName: l.uniqueName,
              requiredQuantity: String(l.quantity),
              customId: l.customId,
              mpn: l.mpn,
              alternativeMpns: l.alternativeMpns,
              manufacturerName: l.manufacturerName,
              referenceDesignators: l.referenceDesignators,
              description: l.description,
              doNotPlace: l.doNotPlace,
              lineNumber: l.lineNumber,
            })),
          )
          .execute();
      }
      await recordEvent(tx, p, {
        type: existing ? 'bom.replaced' : 'bom.created',
        before: existing ? serializeBom(existing) : undefined,
        after: { ...serializeBom(bom), lineCount: lines.length, bomUpsertJobSid: jobSid },
      });
      await tx
        .updateTable('bomUpsertJobs')
        .set({ status: 'completed', bomSid: bom.sid, lineCount: lines.length, error: null, updated: new Date() })
        .where('sid', '=', jobSid)
        .execute();
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('bomUpsertJobs')
      .set({ status: 'failed', error: message || 'The upsert failed.', updated: new Date() })
      .where('sid', '=', jobSid)
      .execute()
      .catch((e: unknown) => {
        console.error('bom upsert: could not record the failure of', jobSid, e);
      });
  }
}

// ---------------------------------------------------------------------------
// Routes

/** The create body as the spec has it, plus bomUniqueName, which its bomSid description promises. */
const CreateBomLineRequest = z.extend(CreateBomLineBody, {
  bomUniqueName: z.nullish(z.string().check(z.maxLength(255))),
});

function includeTotalCount(c: Ctx): boolean {
  const value = new URL(c.req.url).searchParams.get('includeTotalCount');
  return value === 'true' || value === '1';
}

function registerBomRoutes(app: Hono<AppEnv>): void {
  app.get('/v1/boms', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListBomsQueryParams, ['sid', 'uniqueName']);
    let q = dbOf(c)
      .selectFrom('boms')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('archived', 'is', null);
    if (params.sid?.length) q = q.where('sid', 'in', params.sid);
    if (params.uniqueName?.length) q = q.where('uniqueName', 'in', params.uniqueName);
    const ctbAtMost = params.ctbLessThanEqualTo;
    if (ctbAtMost !== undefined) {
      // A BOM's clear to build: the least of its counted lines' (one index read), 0 when it has none.
      q = q.where(
        sql<boolean>`coalesce((select min(s.ctb) from bom_line_stock s
          where s.bom_sid = boms.sid and s.required_quantity > 0 and not s.do_not_place), 0) <= ${ctbAtMost}::numeric`,
      );
    }
    const { rows, page } = await pageOf(q, params);
    return c.json({ boms: rows.map(serializeBom), page });
  });

  app.post('/v1/boms', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateBomBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'BO');
    if (sid) {
      const existing = await db.selectFrom('boms').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing.archived ? null : existing,
          (row) => ({ uniqueName: [body.uniqueName, row.uniqueName] }),
          serializeBom,
        );
      }
    }
    const bom = await db.transaction().execute(async (tx) => {
      const taken = await tx
        .selectFrom('boms')
        .select(['sid', 'archived'])
        .where('organizationSid', '=', p.organizationSid)
        .where('uniqueName', '=', body.uniqueName)
        .executeTakeFirst();
      if (taken) {
        const archived = taken.archived ? ' (archived)' : '';
        throw conflict(`A BOM named "${body.uniqueName}" already exists${archived}.`, 'uniqueName');
      }
      const now = new Date();
      const row = await tx
        .insertInto('boms')
        .values({
          sid: sid ?? newSid('BO'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          uniqueName: body.uniqueName,
          partNumber: null,
          archived: null,
          metadata: '{}',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, p, { type: 'bom.created', after: serializeBom(row) });
      return row;
    });
    return c.json(serializeBom(bom), 201);
  });

  app.get('/v1/boms/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeBom(await findBom(dbOf(c), p, c.req.param('sidOrUniqueName'))));
  });

  app.delete('/v1/boms/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const bom = await findBom(tx, p, c.req.param('sidOrUniqueName'));
        if (bom.approved) {
          // An approved BOM is a record of what was built: archived, never deleted.
          const now = new Date();
          const row = await tx
            .updateTable('boms')
            .set({ archived: now, updated: now, version: bom.version + 1 })
            .where('sid', '=', bom.sid)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordEvent(tx, p, { type: 'bom.archived', before: serializeBom(bom), after: serializeBom(row) });
          return;
        }
        await deleteClearToBuildsOf(tx, p.organizationSid, { bomSid: bom.sid, withBom: true });
        await tx.deleteFrom('boms').where('sid', '=', bom.sid).execute();
        await recordEvent(tx, p, { type: 'bom.deleted', before: serializeBom(bom) });
      });
    return c.body(null, 204);
  });

  app.post('/v1/boms/:sidOrUniqueName/approve', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const bom = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const current = await findBom(tx, p, c.req.param('sidOrUniqueName'));
        if (current.approved) throw conflict('This BOM is already approved.');
        const row = await tx
          .updateTable('boms')
          .set({ approved: true, updated: new Date(), version: current.version + 1 })
          .where('sid', '=', current.sid)
          .where('approved', '=', false)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw conflict('This BOM is already approved.');
        await recordEvent(tx, p, { type: 'bom.approved', before: serializeBom(current), after: serializeBom(row) });
        return row;
      });
    return c.json(serializeBom(bom));
  });
}

function registerBomLineRoutes(app: Hono<AppEnv>): void {
  app.get('/v1/bomLines', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListBomLinesQueryParams));
    const { rows, page, totalCount } = await pageOfLines(
      dbOf(c),
      p.organizationSid,
      {
        bomSid: params.bomSid,
        uniqueName: params.uniqueName,
        inventoryAtMost: params.inventoryCountLessThanEqualTo,
        orderedAtMost: params.orderedQuantityLessThanEqualTo,
        orderBy: params.orderBy ?? 'created',
        descending: params.sortOrder === 'Desc',
      },
      params,
      includeTotalCount(c),
    );
    return c.json({
      bomLines: rows.map(serializeBomLine),
      page,
      ...(totalCount === undefined ? {} : { totalCount }),
    });
  });

  app.post('/v1/bomLines', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateBomLineRequest);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'BL');
    if (!body.bomSid && !body.bomUniqueName) throw badRequest('Give bomSid or bomUniqueName.', 'bomSid');
    const required = nonNegative(body.requiredQuantity, 'requiredQuantity');
    if (sid) {
      const existing = await db
        .selectFrom('bomLines')
        .select('organizationSid')
        .where('sid', '=', sid)
        .executeTakeFirst();
      if (existing) {
        // A line of an archived BOM is out of sight, as another organization's is.
        const view = existing.organizationSid === p.organizationSid ? await lineView(db, p, sid) : undefined;
        return replayCreate(
          c,
          view ?? null,
          async (row) => ({
            bomSid: [(await bomByRef(db, p, body)).bom?.sid ?? null, row.bomSid],
            uniqueName: [body.uniqueName, row.uniqueName],
            requiredQuantity: [canonicalDecimal(required), canonicalDecimal(row.requiredQuantity)],
          }),
          serializeBomLine,
        );
      }
    }
    const { line, created } = await db.transaction().execute(async (tx) => {
      const { bom, field } = await bomByRef(tx, p, body);
      if (!bom) throw badRequest(`${field} names no BOM of your organization.`, field);
      const now = new Date();
      const same = await tx
        .selectFrom('bomLines')
        .selectAll()
        .where('bomSid', '=', bom.sid)
        .where('uniqueName', '=', body.uniqueName)
        .forUpdate()
        .executeTakeFirst();
      if (same) {
        // A create naming its own sid asks for that line: another line of the name is a conflict, not the answer.
        if (sid) throw conflict(`This BOM already has a line named "${body.uniqueName}".`, 'uniqueName');
        // As the Cofactr API does: the same part again adds to the line's quantity.
        const before = await lineView(tx, p, same.sid);
        await tx
          .updateTable('bomLines')
          .set((eb) => ({
            requiredQuantity: sql<string>`${eb.ref('requiredQuantity')} + ${required}::numeric`,
            version: eb('version', '+', 1),
            updated: now,
          }))
          .where('sid', '=', same.sid)
          .execute();
        const after = (await lineView(tx, p, same.sid))!;
        if (before) {
          const diff = changedFields(serializeBomLine(before), serializeBomLine(after));
          await recordEvent(tx, p, { type: 'bomLine.updated', ...diff });
        }
        return { line: after, created: false };
      }
      const lineSid = sid ?? newSid('BL');
      await tx
        .insertInto('bomLines')
        .values({
          sid: lineSid,
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          bomSid: bom.sid,
          uniqueName: body.uniqueName,
          requiredQuantity: required,
          customId: null,
          mpn: null,
          manufacturerName: null,
          description: null,
          lineNumber: null,
        })
        .execute();
      const row = (await lineView(tx, p, lineSid))!;
      await recordEvent(tx, p, { type: 'bomLine.created', after: serializeBomLine(row) });
      return { line: row, created: true };
    });
    return c.json(serializeBomLine(line), created ? 201 : 200);
  });

  app.get('/v1/bomLines/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = queryParams(c, GetBomLineQueryParams);
    return c.json(serializeBomLine(await findBomLine(dbOf(c), p, c.req.param('sidOrUniqueName'), ref)));
  });

  app.patch('/v1/bomLines/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = queryParams(c, GetBomLineQueryParams);
    const body = await jsonBody(c, UpdateBomLineBody);
    const required =
      body.requiredQuantity === undefined ? undefined : nonNegative(body.requiredQuantity, 'requiredQuantity');
    const line = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const current = await findBomLine(tx, p, c.req.param('sidOrUniqueName'), ref);
        if (required === undefined) return current;
        await tx
          .updateTable('bomLines')
          .set((eb) => ({ requiredQuantity: required, version: eb('version', '+', 1), updated: new Date() }))
          .where('sid', '=', current.sid)
          .execute();
        const after = (await lineView(tx, p, current.sid))!;
        const diff = changedFields(serializeBomLine(current), serializeBomLine(after));
        await recordEvent(tx, p, { type: 'bomLine.updated', ...diff });
        return after;
      });
    return c.json(serializeBomLine(line));
  });

  app.delete('/v1/bomLines/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = queryParams(c, GetBomLineQueryParams);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const line = await findBomLine(tx, p, c.req.param('sidOrUniqueName'), ref);
        await deleteClearToBuildsOf(tx, p.organizationSid, { lineSids: [line.sid] });
        await tx.deleteFrom('bomLines').where('sid', '=', line.sid).execute();
        await recordEvent(tx, p, { type: 'bomLine.deleted', before: serializeBomLine(line) });
      });
    return c.body(null, 204);
  });
}

function registerBomUpsertRoutes(app: Hono<AppEnv>): void {
  app.put('/v1/bomUpserts', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpsertBomAsyncBody);
    mergeOrReject(body.lines);
    const db = dbOf(c);
    const existing = await db
      .selectFrom('boms')
      .select(['sid', 'archived'])
      .where('organizationSid', '=', p.organizationSid)
      .where('uniqueName', '=', body.uniqueName)
      .executeTakeFirst();
    if (existing?.archived) throw conflict(`The BOM "${body.uniqueName}" is archived.`, 'uniqueName');
    const now = new Date();
    const job = await db
      .insertInto('bomUpsertJobs')
      .values({
        sid: newSid('BJ'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        bomSid: existing?.sid ?? null,
        error: null,
        payload: JSON.stringify(body),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // In process, once the answer is out; a durable queue replaces this later.
    setTimeout(() => {
      void runBomUpsert(db, p, job.sid);
    }, 0);
    return c.json(serializeJob(job), 202);
  });

  app.get('/v1/bomUpserts/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const job = await dbOf(c)
      .selectFrom('bomUpsertJobs')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (!job) throw notFound('bom upsert job');
    return c.json(serializeJob(job));
  });
}

export function registerBoms(app: Hono<AppEnv>): void {
  registerBomRoutes(app);
  registerBomLineRoutes(app);
  registerBomUpsertRoutes(app);
}
