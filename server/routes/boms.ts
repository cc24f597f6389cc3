// Bills of materials and their lines, approval and the background upsert
// (tags: boms, bomLines, bomApproval, bomUpserts). Staff only throughout. The
// figures and pages of lines are SQL of server/db/bom-metrics.ts; the upsert
// itself is the job of server/jobs/bom-upsert.ts.
import type { Hono } from 'hono';
import { sql } from 'kysely';
import * as z from 'zod/mini';
import {
  CreateBomLineBody,
  GetBomLineQueryParams,
  ListBomLinesQueryParams,
  UpdateBomLineBody,
} from '../../src/api/generated/zod/bom-lines/bom-lines.zod.ts';
import { UpsertBomAsyncBody } from '../../src/api/generated/zod/bom-upserts/bom-upserts.zod.ts';
import { CreateBomBody, ListBomsQueryParams } from '../../src/api/generated/zod/boms/boms.zod.ts';
import {
  type BomFigures,
  bomFigures,
  type BomLineView,
  deleteClearToBuildsOf,
  linesWithMetrics,
  type OrderedSplit,
  orderedSplit,
  pageOfLines,
} from '../db/bom-metrics.ts';
import type { Row } from '../db/schema.ts';
import { toMicros } from '../../src/lib/decimal.ts';
import { linePartNumbers } from '../domain/bom/forecast.ts';
import { lineClearToBuild } from '../domain/clear-to-build.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { mergeOrReject, runBomUpsert } from '../jobs/bom-upsert.ts';
import { organizationToday } from '../jobs/clock.ts';
import {
  canonicalDecimal,
  changedFields,
  clientSid,
  type Ctx,
  type Db,
  dbOf,
  decimal,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  replayCreate,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';

type BomRow = Row<'boms'>;
type JobRow = Row<'bomUpsertJobs'>;

// ---------------------------------------------------------------------------
// Serialization and lookups

/** The spec's BOM, with its approval, and its figures when the caller read them (bomFigures). */
export function serializeBom(b: BomRow, figures?: BomFigures) {
  return {
    sid: b.sid,
    created: isoRequired(b.created),
    updated: isoRequired(b.updated),
    uniqueName: b.uniqueName,
    version: String(b.version),
    approved: b.approved,
    ...figures,
  };
}

/** BOMs serialized with their figures, read for all of them at once. */
async function serializeBoms(db: Db, boms: readonly BomRow[]) {
  const figures = await bomFigures(
    db,
    boms.map((b) => b.sid),
  );
  return boms.map((b) => serializeBom(b, figures.get(b.sid)));
}

/**
 * The spec's bom line, plus its part (MPN or value and footprint, designators,
 * do-not-place), inventoryQuantity, orderedQuantity, ctb (null when the line
 * needs nothing) and, when the caller read it (orderedSplit), what is on
 * order split by confirmation and due date.
 */
export function serializeBomLine(l: BomLineView, split?: OrderedSplit) {
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
    mpn: l.mpn,
    alternativeMpns: l.alternativeMpns,
    manufacturerName: l.manufacturerName,
    description: l.description,
    referenceDesignators: l.referenceDesignators,
    value: l.value,
    footprint: l.footprint,
    doNotPlace: l.doNotPlace,
    lineNumber: l.lineNumber,
    inventoryQuantity,
    orderedQuantity: Number(l.orderedQuantity),
    ...(split
      ? {
          confirmedQuantity: split.confirmed,
          unconfirmedQuantity: split.unconfirmed,
          pastDueQuantity: split.pastDue,
        }
      : {}),
    ctb: lineClearToBuild(inventoryQuantity, l.requiredQuantity),
  };
}

/** Lines serialized with what is on order for their parts, split (one query for all of them). */
async function serializeBomLines(db: Db, organizationSid: string, lines: readonly BomLineView[]) {
  const split = await orderedSplit(
    db,
    organizationSid,
    lines.map((l) => ({ sid: l.sid, partNumbers: linePartNumbers(l) })),
    await organizationToday(db, organizationSid),
  );
  const none: OrderedSplit = { confirmed: 0, unconfirmed: 0, pastDue: 0 };
  return lines.map((l) => serializeBomLine(l, split.get(l.sid) ?? none));
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

/** The part columns a create or an update gives: blank text is none, lists are trimmed and without blanks. */
function partFields(body: {
  mpn?: string | null;
  alternativeMpns?: string[];
  manufacturerName?: string | null;
  description?: string | null;
  referenceDesignators?: string[];
  value?: string | null;
  footprint?: string | null;
  doNotPlace?: boolean;
}) {
  const text = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
  const list = (v: string[] | undefined) => v?.map((x) => x.trim()).filter((x) => x !== '');
  const fields = {
    mpn: text(body.mpn),
    alternativeMpns: list(body.alternativeMpns),
    manufacturerName: text(body.manufacturerName),
    description: text(body.description),
    referenceDesignators: list(body.referenceDesignators),
    value: text(body.value),
    footprint: text(body.footprint),
    doNotPlace: body.doNotPlace,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<{
    [K in keyof typeof fields]: Exclude<(typeof fields)[K], undefined>;
  }>;
}

/** A non-negative decimal within numeric(21, 6), or 400 naming the field. */
function nonNegative(value: string, field: string): string {
  const micros = toMicros(value);
  if (micros < 0n) throw badRequest(`${field} cannot be negative.`, field);
  return value;
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
    return c.json({ boms: await serializeBoms(dbOf(c), rows), page });
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
          async (row) => (await serializeBoms(db, [row]))[0],
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
    return c.json((await serializeBoms(db, [bom]))[0], 201);
  });

  app.get('/v1/boms/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    return c.json((await serializeBoms(db, [await findBom(db, p, c.req.param('sidOrUniqueName'))]))[0]);
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
    return c.json((await serializeBoms(dbOf(c), [bom]))[0]);
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
      bomLines: await serializeBomLines(dbOf(c), p.organizationSid, rows),
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
          async (row) => (await serializeBomLines(db, p.organizationSid, [row]))[0],
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
          lineNumber: null,
          mpn: null,
          manufacturerName: null,
          description: null,
          ...partFields(body),
        })
        .execute();
      const row = (await lineView(tx, p, lineSid))!;
      await recordEvent(tx, p, { type: 'bomLine.created', after: serializeBomLine(row) });
      return { line: row, created: true };
    });
    return c.json((await serializeBomLines(db, p.organizationSid, [line]))[0], created ? 201 : 200);
  });

  app.get('/v1/bomLines/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = queryParams(c, GetBomLineQueryParams);
    const db = dbOf(c);
    const line = await findBomLine(db, p, c.req.param('sidOrUniqueName'), ref);
    return c.json((await serializeBomLines(db, p.organizationSid, [line]))[0]);
  });

  app.patch('/v1/bomLines/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = queryParams(c, GetBomLineQueryParams);
    const body = await jsonBody(c, UpdateBomLineBody);
    const required =
      body.requiredQuantity === undefined ? undefined : nonNegative(body.requiredQuantity, 'requiredQuantity');
    const part = partFields(body);
    const db = dbOf(c);
    const line = await db.transaction().execute(async (tx) => {
      const current = await findBomLine(tx, p, c.req.param('sidOrUniqueName'), ref);
      if (leavesAsIs(current, { requiredQuantity: required, ...part }, ['requiredQuantity']))
        return unchanged(c, current);
      await tx
        .updateTable('bomLines')
        .set((eb) => ({
          ...(required === undefined ? {} : { requiredQuantity: required }),
          ...part,
          version: eb('version', '+', 1),
          updated: new Date(),
        }))
        .where('sid', '=', current.sid)
        .execute();
      const after = (await lineView(tx, p, current.sid))!;
      const diff = changedFields(serializeBomLine(current), serializeBomLine(after));
      await recordEvent(tx, p, { type: 'bomLine.updated', ...diff });
      return after;
    });
    return c.json((await serializeBomLines(db, p.organizationSid, [line]))[0]);
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
