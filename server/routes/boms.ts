// Bills of materials and their lines, approval and the background upsert
// (tags: boms, bomLines, bomApproval, bomUpserts). Staff only throughout.
import type { Hono } from 'hono';
import { sql, type Expression, type Kysely, type QueryCreator } from 'kysely';
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

// Lists read inventory and quantity on order per part, not per line: 100,000
// lines name a few thousand parts. When a list filters or sorts on one of
// them, it is computed for every part at once (one pass over the counts or the
// open item groups, hashed): a filter reads it from a WITH query, which a
// total count in the same statement shares, as two hash lookups of the line's
// part; a sort joins it. Otherwise the page's own lines look their figures up
// after the limit (inventoryOf, orderedOf: a few index reads per line).

/** Names of the WITH queries below; the list statement declares them, the lines read them. */
const PART_INVENTORY = 'part_inventory';
const PART_ON_ORDER = 'part_on_order';

interface LineScope {
  bomSid?: string;
  uniqueName?: string;
}

/** The parts of the listed lines, when a BOM or a unique name narrows them; null for the whole organization. */
function listedParts(organizationSid: string, scope: LineScope) {
  if (!scope.bomSid && !scope.uniqueName) return null;
  return sql`select coalesce(s.mpn, s.unique_name) from bom_lines s
    where s.organization_sid = ${organizationSid}
    ${scope.bomSid ? sql`and s.bom_sid = ${scope.bomSid}` : sql``}
    ${scope.uniqueName ? sql`and s.unique_name = ${scope.uniqueName}` : sql``}`;
}

/** Each part's latest inventory count (inventoryOf's order), for the parts of `parts` or all. */
function partInventory(organizationSid: string, parts: ReturnType<typeof listedParts>) {
  return sql<{
    part: string;
    count: number | string;
  }>`(select distinct on (ic.unique_name) ic.unique_name as part, ic.count
    from inventory_counts ic
    where ic.organization_sid = ${organizationSid} ${parts ? sql`and ic.unique_name in (${parts})` : sql``}
    order by ic.unique_name, ic.recording_date desc, ic.created desc, ic.sid desc)`;
}

/** Each part's quantity on order (orderedOf's item groups), for the parts of `parts` or all. */
function partOnOrder(organizationSid: string, parts: ReturnType<typeof listedParts>) {
  return sql<{
    part: string;
    quantity: string;
  }>`(select it.manufacturer_part_number as part, sum(ig.quantity) as quantity
    from items it inner join item_groups ig on ig.item_sid = it.sid
    where it.organization_sid = ${organizationSid} and ig.organization_sid = ${organizationSid}
      and ig.status = 'active' and not ig.delivered
      ${parts ? sql`and it.manufacturer_part_number in (${parts})` : sql`and it.manufacturer_part_number is not null`}
    group by it.manufacturer_part_number)`;
}

/** Name of the WITH query of each BOM's clear to build, which the BOM list's filter reads. */
const BOM_CTB = 'bom_ctb';

/**
 * Clear to build of every BOM of the organization with counted lines (required, to be placed): the
 * minimum over them of floor(inventory / required), in one pass over the lines. A BOM without any has 0.
 */
function bomsCtb(organizationSid: string) {
  return sql<{ bomSid: string; ctb: string }>`(select bl.bom_sid,
      min(floor(coalesce(pi.count, 0)::numeric / bl.required_quantity)) as ctb
    from bom_lines bl left join ${partInventory(organizationSid, null)} pi on pi.part = ${partOf('bl')}
    where bl.organization_sid = ${organizationSid} and bl.required_quantity > 0 and not bl.do_not_place
    group by bl.bom_sid)`;
}

/**
 * The line's part has at most `atMost` in the WITH query's column, a part not
 * in it counting 0: IN and NOT IN over the WITH query, which PostgreSQL
 * hashes once, where a join would hash the lines.
 */
function partAtMost(withQuery: string, column: 'count' | 'quantity', atMost: string) {
  const part = partOf('bom_lines');
  return sql<boolean>`(${part} in (select m.part from ${sql.table(withQuery)} m where ${sql.ref(`m.${column}`)} <= ${atMost}::numeric)
    or (0 <= ${atMost}::numeric and ${part} not in (select m.part from ${sql.table(withQuery)} m)))`;
}

interface LineMetricsUse {
  /** Sorted on: each line's figure joined from the WITH query. */
  inventorySort: boolean;
  orderedSort: boolean;
  /** Filters, as the query has them. */
  inventoryAtMost?: string;
  orderedAtMost?: string;
}

/**
 * The listed lines with inventoryQuantity and orderedQuantity, filtered. A
 * statement running it must declare the WITH queries (withPartMetrics): the
 * filters read them, so a count in the same statement shares them.
 */
function listedLines(db: Db, organizationSid: string, scope: LineScope, use: LineMetricsUse) {
  const parts = listedParts(organizationSid, scope);
  let q = db
    .selectFrom('bomLines')
    .innerJoin('boms', 'boms.sid', 'bomLines.bomSid')
    // Joined as subqueries, not the WITH queries: PostgreSQL knows a subquery has one row per part and
    // hashes it, where it would hash the lines against a WITH query it knows nothing about.
    .$if(use.inventorySort, (qb) =>
      qb.leftJoin(partInventory(organizationSid, parts).as('pi'), (join) =>
        join.on(sql<boolean>`pi.part = ${partOf('bom_lines')}`),
      ),
    )
    .$if(use.orderedSort, (qb) =>
      qb.leftJoin(partOnOrder(organizationSid, parts).as('po'), (join) =>
        join.on(sql<boolean>`po.part = ${partOf('bom_lines')}`),
      ),
    )
    .selectAll('bomLines')
    .select([
      (use.inventorySort ? sql<number | string>`coalesce(pi.count, 0)` : inventoryOf('bom_lines')).as(
        'inventoryQuantity',
      ),
      (use.orderedSort ? sql<string>`coalesce(po.quantity, 0)` : orderedOf('bom_lines')).as('orderedQuantity'),
    ])
    .where('bomLines.organizationSid', '=', organizationSid)
    .where('boms.archived', 'is', null);
  if (scope.bomSid) q = q.where('bomLines.bomSid', '=', scope.bomSid);
  if (scope.uniqueName) q = q.where('bomLines.uniqueName', '=', scope.uniqueName);
  if (use.inventoryAtMost !== undefined) q = q.where(partAtMost(PART_INVENTORY, 'count', use.inventoryAtMost));
  if (use.orderedAtMost !== undefined) q = q.where(partAtMost(PART_ON_ORDER, 'quantity', use.orderedAtMost));
  return q;
}

/** A query creator that declares the per-part WITH queries (PostgreSQL runs only those a statement reads). */
function withPartMetrics(db: Db, organizationSid: string, scope: LineScope) {
  const parts = listedParts(organizationSid, scope);
  return db
    .with(PART_INVENTORY, () => partInventory(organizationSid, parts))
    .with(PART_ON_ORDER, () => partOnOrder(organizationSid, parts));
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
      .with(BOM_CTB, () => bomsCtb(p.organizationSid))
      .selectFrom('boms')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('archived', 'is', null);
    if (params.sid?.length) q = q.where('sid', 'in', params.sid);
    if (params.uniqueName?.length) q = q.where('uniqueName', 'in', params.uniqueName);
    const ctbAtMost = params.ctbLessThanEqualTo;
    if (ctbAtMost !== undefined) {
      // A BOM missing from bom_ctb has no counted lines: its clear to build is 0.
      const ctb = sql.table(BOM_CTB);
      q = q.where(
        sql<boolean>`(boms.sid in (select c.bom_sid from ${ctb} c where c.ctb <= ${ctbAtMost}::numeric)
          or (0 <= ${ctbAtMost}::numeric and boms.sid not in (select c.bom_sid from ${ctb} c)))`,
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
    const db = dbOf(c);
    const scope: LineScope = { bomSid: params.bomSid, uniqueName: params.uniqueName };
    const inner = listedLines(db, p.organizationSid, scope, {
      inventorySort: params.orderBy === 'inventoryQuantity' || params.orderBy === 'ctb',
      orderedSort: params.orderBy === 'orderedQuantity',
      inventoryAtMost: params.inventoryCountLessThanEqualTo,
      orderedAtMost: params.orderedQuantityLessThanEqualTo,
    });
    /** How many lines are listed, from a creator that may declare the WITH queries. */
    const counted = (from: QueryCreator<Database>) =>
      from.selectFrom(inner.as('l')).select((eb) => eb.fn.countAll<number | string>().as('n'));
    const withMetrics = withPartMetrics(db, p.organizationSid, scope);
    // A line that needs nothing has no clear to build: it limits nothing, so it sorts as the largest.
    const keys: Record<string, Expression<unknown>> = {
      ctb: sql`coalesce(floor(${sql.ref('l.inventoryQuantity')}::numeric / nullif(${sql.ref('l.requiredQuantity')}, 0)), 1e30)`,
      requiredQuantity: sql.ref('l.requiredQuantity'),
      orderedQuantity: sql.ref('l.orderedQuantity'),
      inventoryQuantity: sql.ref('l.inventoryQuantity'),
    };
    const key = params.orderBy ? keys[params.orderBy] : sql.ref('l.created');
    const withCount = includeTotalCount(c);
    // The count rides in the page's statement, so the per-part figures are computed once for both.
    const paged = withMetrics
      .selectFrom(inner.as('l'))
      .selectAll('l')
      .select(sql`${key}`.as('sortKey'))
      .select(sql<number | string | null>`${withCount ? sql`(${counted(db)})` : sql`null`}`.as('totalCount'));
    const { rows, page } = await pageOf(paged, params, {
      key,
      sid: sql.ref('l.sid'),
      descending: params.sortOrder === 'Desc',
      keyOf: (row) => keyString(row.sortKey),
    });
    const body: Record<string, unknown> = {
      bomLines: rows.map(({ sortKey: _key, totalCount: _count, ...line }) => serializeBomLine(line)),
      page,
    };
    if (withCount) {
      // An empty page carries no count: then it is asked alone.
      const total = rows.length ? rows[0].totalCount : (await counted(withMetrics).executeTakeFirst())?.n;
      body.totalCount = Number(total ?? 0);
    }
    return c.json(body);
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
