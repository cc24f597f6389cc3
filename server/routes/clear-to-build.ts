// Clear-to-build records (how many of a BOM or BOM line can be built on a date)
// and clear-to-build targets (how many of a BOM to build over a period)
// (tags: clearToBuilds, clearToBuildTargets). Staff only.
import type { Hono } from 'hono';
import { sql } from 'kysely';
import {
  CreateClearToBuildTargetBody,
  ListClearToBuildTargetsQueryParams,
  UpdateClearToBuildTargetBody,
} from '../../src/api/generated/zod/clear-to-build-targets/clear-to-build-targets.zod.ts';
import {
  CreateClearToBuildBody,
  ListClearToBuildsQueryParams,
  UpdateClearToBuildBody,
} from '../../src/api/generated/zod/clear-to-builds/clear-to-builds.zod.ts';
import type { Row } from '../db/schema.ts';
import { toMicros } from '../../src/lib/decimal.ts';
import { newSid } from '../domain/sid.ts';
import { LAST_TARGET_DATE, targetFallsDue, type DurationType } from '../domain/bom/forecast.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import {
  canonicalDecimal,
  changedFields,
  clientSid,
  type Db,
  dbOf,
  decimal,
  instant,
  isoRequired,
  keyString,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  replayCreate,
  requireStaff,
  unchanged,
} from './support.ts';

type ClearToBuildRow = Row<'clearToBuilds'>;
type TargetRow = Row<'clearToBuildTargets'>;

const EMPTY_PAGE = { previousPageToken: null, nextPageToken: null };

export function serializeClearToBuild(b: ClearToBuildRow) {
  return {
    sid: b.sid,
    created: isoRequired(b.created),
    updated: isoRequired(b.updated),
    organizationSid: b.organizationSid,
    referenceSid: b.referenceSid,
    buildDate: isoRequired(b.buildDate),
    buildQuantity: decimal(b.buildQuantity) ?? '0',
    type: b.type,
  };
}

export function serializeClearToBuildTarget(t: TargetRow) {
  return {
    sid: t.sid,
    created: isoRequired(t.created),
    updated: isoRequired(t.updated),
    organizationSid: t.organizationSid,
    bomSid: t.bomSid,
    quantity: decimal(t.quantity),
    durationLength: t.durationLength,
    durationType: t.durationType,
    startDate: isoRequired(t.startDate),
  };
}

function nonNegative(value: string, field: string): string {
  if (toMicros(value) < 0n) throw badRequest(`${field} cannot be negative.`, field);
  return value;
}

function positiveLength(value: number): number {
  if (value < 1) throw badRequest('durationLength must be at least 1.', 'durationLength');
  if (value > 2_147_483_647) throw badRequest('durationLength is too large.', 'durationLength');
  return value;
}

/** Refuses a target whose duration ends past the last date a forecast counts to (LAST_TARGET_DATE). */
function assertFallsDue(target: { startDate: string | Date; durationLength: number; durationType: DurationType }) {
  const start = new Date(target.startDate).toISOString();
  if (!targetFallsDue(start, target.durationLength, target.durationType)) {
    throw badRequest(
      `durationLength puts the target's end past ${LAST_TARGET_DATE}: give a shorter duration.`,
      'durationLength',
    );
  }
}

async function findClearToBuild(db: Db, p: Principal, sid: string): Promise<ClearToBuildRow> {
  const row = await db
    .selectFrom('clearToBuilds')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('clear to build');
  return row;
}

async function findTarget(db: Db, p: Principal, sid: string): Promise<TargetRow> {
  const row = await db
    .selectFrom('clearToBuildTargets')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('clear to build target');
  return row;
}

/** Whether sid is a BOM (not archived) or a line of one, in the caller's organization. */
async function isBomOrLine(db: Db, p: Principal, sid: string): Promise<boolean> {
  const bom = await db
    .selectFrom('boms')
    .select('sid')
    .where('organizationSid', '=', p.organizationSid)
    .where('archived', 'is', null)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (bom) return true;
  const line = await db
    .selectFrom('bomLines')
    .innerJoin('boms', 'boms.sid', 'bomLines.bomSid')
    .select('bomLines.sid')
    .where('bomLines.organizationSid', '=', p.organizationSid)
    .where('boms.archived', 'is', null)
    .where('bomLines.sid', '=', sid)
    .executeTakeFirst();
  return line !== undefined;
}

function registerClearToBuilds(app: Hono<AppEnv>): void {
  app.get('/v1/clearToBuilds', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListClearToBuildsQueryParams, ['sid']);
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ clearToBuilds: [], page: EMPTY_PAGE });
    }
    let q = dbOf(c).selectFrom('clearToBuilds').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.startDate) q = q.where('buildDate', '>=', new Date(params.startDate));
    if (params.endDate) q = q.where('buildDate', '<=', new Date(params.endDate));
    if (params.sid?.length) q = q.where('referenceSid', 'in', params.sid);
    if (params.buildQuantityLessThanEqualTo !== undefined) {
      q = q.where(sql<boolean>`build_quantity <= ${params.buildQuantityLessThanEqualTo}::numeric`);
    }
    const { rows, page } = await pageOf(q, params);
    return c.json({ clearToBuilds: rows.map(serializeClearToBuild), page });
  });

  app.post('/v1/clearToBuilds', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateClearToBuildBody);
    const db = dbOf(c);
    if (body.organizationSid && body.organizationSid !== p.organizationSid) {
      throw badRequest('organizationSid is only for internal robots.', 'organizationSid');
    }
    const sid = clientSid(body.sid, 'CB');
    const buildQuantity = nonNegative(body.buildQuantity, 'buildQuantity');
    if (sid) {
      const existing = await db.selectFrom('clearToBuilds').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            referenceSid: [body.referenceSid, row.referenceSid],
            buildDate: [instant(body.buildDate), row.buildDate],
            buildQuantity: [canonicalDecimal(buildQuantity), canonicalDecimal(row.buildQuantity)],
            type: [body.type, row.type],
          }),
          serializeClearToBuild,
        );
      }
    }
    const row = await db.transaction().execute(async (tx) => {
      if (!(await isBomOrLine(tx, p, body.referenceSid))) {
        throw badRequest('referenceSid names no BOM or BOM line of your organization.', 'referenceSid');
      }
      const now = new Date();
      const created = await tx
        .insertInto('clearToBuilds')
        .values({
          sid: sid ?? newSid('CB'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          referenceSid: body.referenceSid,
          buildDate: new Date(body.buildDate),
          buildQuantity,
          type: body.type,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, p, { type: 'clearToBuild.created', after: serializeClearToBuild(created) });
      return created;
    });
    return c.json(serializeClearToBuild(row), 201);
  });

  app.patch('/v1/clearToBuilds/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateClearToBuildBody);
    const buildQuantity =
      body.buildQuantity === undefined ? undefined : nonNegative(body.buildQuantity, 'buildQuantity');
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const current = await findClearToBuild(tx, p, c.req.param('sid'));
        if (leavesAsIs(current, { buildQuantity }, ['buildQuantity'])) return unchanged(c, current);
        const updated = await tx
          .updateTable('clearToBuilds')
          .set({ buildQuantity, updated: new Date() })
          .where('sid', '=', current.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeClearToBuild(current), serializeClearToBuild(updated));
        if (Object.keys(diff.after).length) await recordEvent(tx, p, { type: 'clearToBuild.updated', ...diff });
        return updated;
      });
    return c.json(serializeClearToBuild(row));
  });

  app.delete('/v1/clearToBuilds/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const current = await findClearToBuild(tx, p, c.req.param('sid'));
        await tx.deleteFrom('clearToBuilds').where('sid', '=', current.sid).execute();
        await recordEvent(tx, p, { type: 'clearToBuild.deleted', before: serializeClearToBuild(current) });
      });
    return c.body(null, 204);
  });
}

/** Columns a target list may be ordered by (startDate as the parameter's description offers). */
const TARGET_ORDER = { created: 'created', quantity: 'quantity', startDate: 'startDate' } as const;

function registerTargets(app: Hono<AppEnv>): void {
  app.get('/v1/clearToBuildTargets', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListClearToBuildTargetsQueryParams, ['bomSid']);
    const orderBy = params.orderBy ?? 'created';
    if (!Object.hasOwn(TARGET_ORDER, orderBy)) {
      throw badRequest('orderBy must be created, quantity or startDate.', 'orderBy');
    }
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ clearToBuildTargets: [], page: EMPTY_PAGE });
    }
    let q = dbOf(c).selectFrom('clearToBuildTargets').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.bomSid?.length) q = q.where('bomSid', 'in', params.bomSid);
    const column = TARGET_ORDER[orderBy as keyof typeof TARGET_ORDER];
    const { rows, page } = await pageOf(q, params, {
      key: sql.ref(column),
      sid: sql.ref('sid'),
      descending: params.sortOrder === 'Desc',
      keyOf: (row) => keyString(row[column]),
    });
    return c.json({ clearToBuildTargets: rows.map(serializeClearToBuildTarget), page });
  });

  app.post('/v1/clearToBuildTargets', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateClearToBuildTargetBody);
    const db = dbOf(c);
    if (body.organizationSid && body.organizationSid !== p.organizationSid) {
      throw badRequest('organizationSid is only for internal robots.', 'organizationSid');
    }
    const sid = clientSid(body.sid, 'CT');
    const quantity = nonNegative(body.quantity, 'quantity');
    const durationLength = positiveLength(body.durationLength);
    assertFallsDue({ startDate: body.startDate, durationLength, durationType: body.durationType });
    if (sid) {
      const existing = await db.selectFrom('clearToBuildTargets').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            bomSid: [body.bomSid, row.bomSid],
            quantity: [canonicalDecimal(quantity), canonicalDecimal(row.quantity)],
            durationLength: [durationLength, row.durationLength],
            durationType: [body.durationType, row.durationType],
            startDate: [instant(body.startDate), row.startDate],
          }),
          serializeClearToBuildTarget,
        );
      }
    }
    const row = await db.transaction().execute(async (tx) => {
      const bom = await tx
        .selectFrom('boms')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('archived', 'is', null)
        .where('sid', '=', body.bomSid)
        .executeTakeFirst();
      if (!bom) throw badRequest('bomSid names no BOM of your organization.', 'bomSid');
      const now = new Date();
      const created = await tx
        .insertInto('clearToBuildTargets')
        .values({
          sid: sid ?? newSid('CT'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          bomSid: bom.sid,
          quantity,
          durationLength,
          durationType: body.durationType,
          startDate: new Date(body.startDate),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, p, { type: 'clearToBuildTarget.created', after: serializeClearToBuildTarget(created) });
      return created;
    });
    return c.json(serializeClearToBuildTarget(row), 201);
  });

  app.get('/v1/clearToBuildTargets/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeClearToBuildTarget(await findTarget(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/clearToBuildTargets/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateClearToBuildTargetBody);
    for (const field of ['quantity', 'durationLength', 'durationType'] as const) {
      if (body[field] === null) throw badRequest(`${field} cannot be null.`, field);
    }
    const quantity = body.quantity == null ? undefined : nonNegative(body.quantity, 'quantity');
    const durationLength = body.durationLength == null ? undefined : positiveLength(body.durationLength);
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const current = await findTarget(tx, p, c.req.param('sid'));
        const changes = {
          quantity,
          durationLength,
          durationType: body.durationType ?? undefined,
          startDate: body.startDate === undefined ? undefined : new Date(body.startDate),
        };
        if (leavesAsIs(current, changes, ['quantity'])) return unchanged(c, current);
        const updated = await tx
          .updateTable('clearToBuildTargets')
          .set({ ...changes, updated: new Date() })
          .where('sid', '=', current.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        // Checked on what the target becomes: a new start can push an unchanged duration past the end too.
        assertFallsDue(updated);
        const diff = changedFields(serializeClearToBuildTarget(current), serializeClearToBuildTarget(updated));
        if (Object.keys(diff.after).length) {
          await recordEvent(tx, p, { type: 'clearToBuildTarget.updated', ...diff });
        }
        return updated;
      });
    return c.json(serializeClearToBuildTarget(row));
  });

  app.delete('/v1/clearToBuildTargets/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const current = await findTarget(tx, p, c.req.param('sid'));
        await tx.deleteFrom('clearToBuildTargets').where('sid', '=', current.sid).execute();
        await recordEvent(tx, p, { type: 'clearToBuildTarget.deleted', before: serializeClearToBuildTarget(current) });
      });
    return c.body(null, 204);
  });
}

export function registerClearToBuild(app: Hono<AppEnv>): void {
  registerClearToBuilds(app);
  registerTargets(app);
}
