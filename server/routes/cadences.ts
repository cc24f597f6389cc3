// Follow-up cadences, the transitions between them and the trackers that follow
// a record along one (tags: cadences, cadenceTransition, cadenceTracker).
// Running cadences on schedule is not done here: these operations store the
// records and answer them.
import type { Hono } from 'hono';
import { webhookUrlRefusal } from '../jobs/webhook-relay.ts';
import {
  CreateCadenceTrackerBody,
  GetCadenceTrackerQueryParams,
  ListCadenceTrackersQueryParams,
  UpdateCadenceTrackerBody,
} from '../../src/api/generated/zod/cadence-tracker/cadence-tracker.zod.ts';
import {
  CreateCadenceTransitionBody,
  GetCadenceTransitionQueryParams,
  ListCadenceTransitionsQueryParams,
  UpdateCadenceTransitionBody,
} from '../../src/api/generated/zod/cadence-transition/cadence-transition.zod.ts';
import {
  CreateCadenceBody,
  GetCadenceQueryParams,
  ListCadencesQueryParams,
  UpdateCadenceBody,
} from '../../src/api/generated/zod/cadences/cadences.zod.ts';
import type { Row } from '../db/schema.ts';
import { CADENCE_MESSAGE_TYPES } from '../domain/follow-up/cadence.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound, unprocessable, versionConflict } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import {
  clientSid,
  type Db,
  dbOf,
  instant,
  iso,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  replayCreate,
  requireAdmin,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';

type CadenceRow = Row<'cadences'>;
type TransitionRow = Row<'cadenceTransitions'>;
type TrackerRow = Row<'cadenceTrackers'>;
type Condition = TransitionRow['condition'];
type Action = TransitionRow['action'];

const EMPTY_PAGE = { previousPageToken: null, nextPageToken: null };
const MAX_INT4 = 2_147_483_647;

// ---------------------------------------------------------------- serializing

export function serializeCadence(c: CadenceRow) {
  return {
    sid: c.sid,
    created: isoRequired(c.created),
    updated: isoRequired(c.updated),
    organizationSid: c.organizationSid,
    delaySeconds: String(c.delaySeconds),
    unresponsiveAfterBusinessDays:
      c.unresponsiveAfterBusinessDays === null ? null : String(c.unresponsiveAfterBusinessDays),
    maxAttempts: c.maxAttempts === null ? null : String(c.maxAttempts),
    messageType: c.messageType,
    title: c.title,
  };
}

/** jsonb parameters as the object they are; anything else stored there reads as an empty object. */
function parameters(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function serializeTransition(t: TransitionRow) {
  return {
    sid: t.sid,
    created: isoRequired(t.created),
    updated: isoRequired(t.updated),
    version: t.version,
    organizationSid: t.organizationSid,
    cadenceSid: t.cadenceSid,
    condition: t.condition,
    conditionParameters: parameters(t.conditionParameters),
    action: t.action,
    actionParameters: parameters(t.actionParameters),
    title: t.title,
  };
}

export function serializeTracker(t: TrackerRow) {
  return {
    sid: t.sid,
    created: isoRequired(t.created),
    updated: isoRequired(t.updated),
    version: t.version,
    organizationSid: t.organizationSid,
    referenceSid: t.referenceSid,
    cadenceSid: t.cadenceSid,
    lastUpdateDate: iso(t.lastUpdateDate),
    nextUpdateDate: iso(t.nextUpdateDate),
    attempts: t.attempts,
  };
}

// ---------------------------------------------------------------- validation

/** A count given as a decimal string ("3600"): a non-negative whole number no larger than `max`. */
function wholeNumber(value: string, field: string, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > max) {
    throw badRequest(`${field} must be a whole number from 0 to ${max}, written as a string (e.g. "3600").`, field);
  }
  return Number(trimmed);
}

/** wholeNumber for an optional field: null and undefined pass through. */
function optionalWholeNumber(value: string | null | undefined, field: string, max?: number) {
  return value === null || value === undefined ? value : wholeNumber(value, field, max);
}

/** currentVersion as the integer it must be. */
export function versionOf(currentVersion: string): number {
  const trimmed = currentVersion.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_INT4) {
    throw badRequest('currentVersion must be the version number of the record you read.', 'currentVersion');
  }
  return Number(trimmed);
}

function assertOwnOrganization(p: Principal, organizationSid: string | null | undefined): void {
  if (organizationSid && organizationSid !== p.organizationSid) {
    throw badRequest('organizationSid is not your organization.', 'organizationSid');
  }
}

function requireText(value: string, field: string): string {
  if (!value.trim()) throw badRequest(`${field} cannot be empty.`, field);
  return value;
}

/** A message type the engine sends by (CADENCE_MESSAGE_TYPES), else 400 naming messageType. */
function messageTypeOf(value: string): string {
  const type = requireText(value, 'messageType').trim();
  if (!CADENCE_MESSAGE_TYPES.includes(type)) {
    throw badRequest(
      `messageType must be ${CADENCE_MESSAGE_TYPES.join(' or ')}: update requests are sent by email only.`,
      'messageType',
    );
  }
  return type;
}

// ---------------------------------------------------------------- lookups

async function findCadence(db: Db, p: Principal, sid: string): Promise<CadenceRow> {
  const row = await db
    .selectFrom('cadences')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('cadence');
  return row;
}

/** A cadence named in a body: missing or another organization's is the client's mistake (400). */
async function referencedCadence(db: Db, p: Principal, sid: string, field: string): Promise<CadenceRow> {
  const row = await db
    .selectFrom('cadences')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw badRequest(`${field} names no cadence of your organization.`, field);
  return row;
}

async function findTransition(db: Db, p: Principal, sid: string): Promise<TransitionRow> {
  const row = await db
    .selectFrom('cadenceTransitions')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('cadence transition');
  return row;
}

async function findTracker(db: Db, p: Principal, sidOrReferenceSid: string): Promise<TrackerRow> {
  const rows = await db
    .selectFrom('cadenceTrackers')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where((eb) => eb.or([eb('sid', '=', sidOrReferenceSid), eb('referenceSid', '=', sidOrReferenceSid)]))
    .execute();
  // A sid match wins over a referenceSid match.
  const row = rows.find((r) => r.sid === sidOrReferenceSid) ?? rows[0];
  if (!row) throw notFound('cadence tracker');
  return row;
}

/**
 * The parameters an action needs: SwitchCadence names a cadence of the
 * organization in actionParameters.cadenceSid; CallWebhook an http(s) url in
 * actionParameters.url (https; http only to localhost outside production). Wrong ones are 422: well-formed JSON that cannot be acted on.
 */
async function checkActionParameters(
  db: Db,
  p: Principal,
  action: Action,
  actionParameters: Record<string, unknown>,
): Promise<void> {
  if (action === 'SwitchCadence') {
    const target = actionParameters.cadenceSid;
    const found =
      typeof target === 'string' &&
      (await db
        .selectFrom('cadences')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('sid', '=', target)
        .executeTakeFirst());
    if (!found) {
      throw unprocessable(
        'A SwitchCadence action needs actionParameters.cadenceSid naming a cadence of your organization.',
        'actionParameters.cadenceSid',
      );
    }
  } else {
    const url = actionParameters.url;
    if (typeof url !== 'string') {
      throw unprocessable('A CallWebhook action needs actionParameters.url, an https URL.', 'actionParameters.url');
    }
    // The relay would refuse it at every attempt: refused here, where the rule is written.
    const refusal = webhookUrlRefusal(url);
    if (refusal) throw unprocessable(refusal, 'actionParameters.url');
  }
}

// ---------------------------------------------------------------- routes

export function registerCadences(app: Hono<AppEnv>): void {
  // ---- cadences

  app.get('/v1/cadences', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListCadencesQueryParams));
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ cadences: [], page: EMPTY_PAGE });
    }
    const q = dbOf(c).selectFrom('cadences').selectAll().where('organizationSid', '=', p.organizationSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ cadences: rows.map(serializeCadence), page });
  });

  app.post('/v1/cadences', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, CreateCadenceBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'CA');
    assertOwnOrganization(p, body.organizationSid);
    const delaySeconds = wholeNumber(body.delaySeconds, 'delaySeconds');
    const unresponsiveAfterBusinessDays = optionalWholeNumber(
      body.unresponsiveAfterBusinessDays,
      'unresponsiveAfterBusinessDays',
      MAX_INT4,
    );
    const maxAttempts = optionalWholeNumber(body.maxAttempts, 'maxAttempts', MAX_INT4);
    const messageType = messageTypeOf(body.messageType);
    if (sid) {
      const existing = await db.selectFrom('cadences').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            delaySeconds: [delaySeconds, row.delaySeconds],
            unresponsiveAfterBusinessDays: [unresponsiveAfterBusinessDays ?? null, row.unresponsiveAfterBusinessDays],
            maxAttempts: [maxAttempts ?? null, row.maxAttempts],
            messageType: [messageType, row.messageType],
            title: [body.title ?? null, row.title],
          }),
          serializeCadence,
        );
      }
    }
    const now = new Date();
    const row = await db
      .insertInto('cadences')
      .values({
        sid: sid ?? newSid('CA'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        delaySeconds,
        unresponsiveAfterBusinessDays: unresponsiveAfterBusinessDays ?? null,
        maxAttempts: maxAttempts ?? null,
        messageType,
        title: body.title ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeCadence(row), 201);
  });

  app.get('/v1/cadences/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetCadenceQueryParams));
    return c.json(serializeCadence(await findCadence(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/cadences/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateCadenceBody);
    if (body.delaySeconds === null) throw badRequest('delaySeconds cannot be null.', 'delaySeconds');
    if (body.messageType === null) throw badRequest('messageType cannot be null.', 'messageType');
    const delaySeconds = optionalWholeNumber(body.delaySeconds, 'delaySeconds') ?? undefined;
    const maxAttempts = optionalWholeNumber(body.maxAttempts, 'maxAttempts', MAX_INT4);
    const messageType = body.messageType === undefined ? undefined : messageTypeOf(body.messageType);
    const db = dbOf(c);
    const cadence = await findCadence(db, p, c.req.param('sid'));
    const changes = { delaySeconds, maxAttempts, messageType, title: body.title };
    if (leavesAsIs(cadence, changes)) return c.json(serializeCadence(unchanged(c, cadence)));
    const row = await db
      .updateTable('cadences')
      .set({ ...changes, updated: new Date() })
      .where('sid', '=', cadence.sid)
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeCadence(row));
  });

  app.delete('/v1/cadences/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const cadence = await findCadence(tx, p, c.req.param('sid'));
        // Settings and other cadences' transitions name cadences without a foreign key: refuse
        // rather than leave them pointing at nothing. Its own transitions and trackers go with it.
        const settings = await tx
          .selectFrom('organizationSettings')
          .select('sid')
          .where('organizationSid', '=', p.organizationSid)
          .where((eb) =>
            eb.or([eb('defaultItemGroupCadence', '=', cadence.sid), eb('defaultPastDueCadenceSid', '=', cadence.sid)]),
          )
          .executeTakeFirst();
        if (settings) {
          throw conflict('This cadence is a default in the organization settings; choose another default first.');
        }
        const switching = await tx
          .selectFrom('cadenceTransitions')
          .select(['sid', 'actionParameters'])
          .where('organizationSid', '=', p.organizationSid)
          .where('action', '=', 'SwitchCadence')
          .where('cadenceSid', '!=', cadence.sid)
          .execute();
        const referrer = switching.find((t) => parameters(t.actionParameters).cadenceSid === cadence.sid);
        if (referrer) {
          throw conflict(`The cadence transition ${referrer.sid} switches to this cadence; change or delete it first.`);
        }
        await tx.deleteFrom('cadences').where('sid', '=', cadence.sid).execute();
      });
    return c.body(null, 204);
  });

  // ---- cadence transitions

  app.get('/v1/cadenceTransitions', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListCadenceTransitionsQueryParams));
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ cadenceTransitions: [], page: EMPTY_PAGE });
    }
    let q = dbOf(c).selectFrom('cadenceTransitions').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.cadenceSid) q = q.where('cadenceSid', '=', params.cadenceSid);
    if (params.condition) q = q.where('condition', '=', params.condition);
    const { rows, page } = await pageOf(q, params);
    return c.json({ cadenceTransitions: rows.map(serializeTransition), page });
  });

  app.post('/v1/cadenceTransitions', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, CreateCadenceTransitionBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'TR');
    assertOwnOrganization(p, body.organizationSid);
    if (sid) {
      const existing = await db.selectFrom('cadenceTransitions').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            cadenceSid: [body.cadenceSid, row.cadenceSid],
            condition: [body.condition, row.condition],
            conditionParameters: [body.conditionParameters ?? {}, row.conditionParameters],
            action: [body.action, row.action],
            actionParameters: [body.actionParameters ?? {}, row.actionParameters],
          }),
          serializeTransition,
        );
      }
    }
    const cadence = await referencedCadence(db, p, body.cadenceSid, 'cadenceSid');
    const conditionParameters = body.conditionParameters ?? {};
    const actionParameters = body.actionParameters ?? {};
    await checkActionParameters(db, p, body.action, actionParameters);
    const now = new Date();
    const row = await db
      .insertInto('cadenceTransitions')
      .values({
        sid: sid ?? newSid('TR'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        cadenceSid: cadence.sid,
        condition: body.condition,
        conditionParameters: JSON.stringify(conditionParameters),
        action: body.action,
        actionParameters: JSON.stringify(actionParameters),
        title: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeTransition(row), 201);
  });

  app.get('/v1/cadenceTransitions/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetCadenceTransitionQueryParams));
    return c.json(serializeTransition(await findTransition(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/cadenceTransitions/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateCadenceTransitionBody);
    const expected = versionOf(body.currentVersion);
    if (body.condition === null) throw badRequest('condition cannot be null.', 'condition');
    if (body.action === null) throw badRequest('action cannot be null.', 'action');
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const transition = await findTransition(tx, p, c.req.param('sid'));
        if (transition.version !== expected) throw versionConflict(serializeTransition(transition));
        const condition: Condition = body.condition ?? transition.condition;
        const action: Action = body.action ?? transition.action;
        // null clears parameters (stored as an empty object); absent keeps them.
        const conditionParameters =
          body.conditionParameters === undefined
            ? parameters(transition.conditionParameters)
            : (body.conditionParameters ?? {});
        const actionParameters =
          body.actionParameters === undefined ? parameters(transition.actionParameters) : (body.actionParameters ?? {});
        await checkActionParameters(tx, p, action, actionParameters);
        const changes = {
          condition,
          conditionParameters: JSON.stringify(conditionParameters),
          action,
          actionParameters: JSON.stringify(actionParameters),
          title: body.title,
        };
        if (leavesAsIs(transition, changes)) return unchanged(c, transition);
        const row = await tx
          .updateTable('cadenceTransitions')
          .set({
            ...changes,
            version: transition.version + 1,
            updated: new Date(),
          })
          .where('sid', '=', transition.sid)
          .where('version', '=', transition.version)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw versionConflict(serializeTransition(await findTransition(tx, p, transition.sid)));
        return row;
      });
    return c.json(serializeTransition(updated));
  });

  app.delete('/v1/cadenceTransitions/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const db = dbOf(c);
    const transition = await findTransition(db, p, c.req.param('sid'));
    await db.deleteFrom('cadenceTransitions').where('sid', '=', transition.sid).execute();
    return c.body(null, 204);
  });

  // ---- cadence trackers

  app.get('/v1/cadenceTrackers', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListCadenceTrackersQueryParams));
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ cadenceTrackers: [], page: EMPTY_PAGE });
    }
    let q = dbOf(c).selectFrom('cadenceTrackers').selectAll().where('organizationSid', '=', p.organizationSid);
    // Paused trackers (no next update) are never due.
    if (params.nextUpdateDateBefore) q = q.where('nextUpdateDate', '<', new Date(params.nextUpdateDateBefore));
    const { rows, page } = await pageOf(q, params);
    return c.json({ cadenceTrackers: rows.map(serializeTracker), page });
  });

  app.post('/v1/cadenceTrackers', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateCadenceTrackerBody);
    const sid = clientSid(body.sid, 'TK');
    assertOwnOrganization(p, body.organizationSid);
    if (body.attempts !== undefined && (body.attempts < 0 || body.attempts > MAX_INT4)) {
      throw badRequest('attempts must be a whole number from 0.', 'attempts');
    }
    const referenceSid = requireText(body.referenceSid, 'referenceSid');
    const db = dbOf(c);
    if (sid) {
      const existing = await db.selectFrom('cadenceTrackers').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            referenceSid: [referenceSid, row.referenceSid],
            cadenceSid: [body.cadenceSid, row.cadenceSid],
            lastUpdateDate: [instant(body.lastUpdateDate), row.lastUpdateDate],
            nextUpdateDate: [instant(body.nextUpdateDate), row.nextUpdateDate],
            attempts: [body.attempts ?? 0, row.attempts],
          }),
          serializeTracker,
        );
      }
    }
    const row = await db.transaction().execute(async (tx) => {
      const cadence = await referencedCadence(tx, p, body.cadenceSid, 'cadenceSid');
      const taken = await tx
        .selectFrom('cadenceTrackers')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('referenceSid', '=', referenceSid)
        .executeTakeFirst();
      if (taken) throw conflict(`A cadence tracker for "${referenceSid}" already exists.`, 'referenceSid');
      const now = new Date();
      return tx
        .insertInto('cadenceTrackers')
        .values({
          sid: sid ?? newSid('TK'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          referenceSid,
          cadenceSid: cadence.sid,
          lastUpdateDate: body.lastUpdateDate ? new Date(body.lastUpdateDate) : null,
          nextUpdateDate: body.nextUpdateDate ? new Date(body.nextUpdateDate) : null,
          attempts: body.attempts ?? 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return c.json(serializeTracker(row), 201);
  });

  app.get('/v1/cadenceTrackers/:sidOrReferenceSid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetCadenceTrackerQueryParams));
    return c.json(serializeTracker(await findTracker(dbOf(c), p, c.req.param('sidOrReferenceSid'))));
  });

  app.patch('/v1/cadenceTrackers/:sidOrReferenceSid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateCadenceTrackerBody);
    const expected = versionOf(body.currentVersion);
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const tracker = await findTracker(tx, p, c.req.param('sidOrReferenceSid'));
        const cadence =
          body.cadenceSid === undefined ? undefined : await referencedCadence(tx, p, body.cadenceSid, 'cadenceSid');
        if (tracker.version !== expected) throw versionConflict(serializeTracker(tracker));
        const changes = {
          cadenceSid: cadence?.sid,
          // null pauses the tracker; absent leaves the date as it is.
          nextUpdateDate:
            body.nextUpdateDate === undefined ? undefined : body.nextUpdateDate && new Date(body.nextUpdateDate),
        };
        if (leavesAsIs(tracker, changes)) return unchanged(c, tracker);
        const row = await tx
          .updateTable('cadenceTrackers')
          .set({
            ...changes,
            version: tracker.version + 1,
            updated: new Date(),
          })
          .where('sid', '=', tracker.sid)
          .where('version', '=', tracker.version)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw versionConflict(serializeTracker(await findTracker(tx, p, tracker.sid)));
        return row;
      });
    return c.json(serializeTracker(updated));
  });

  app.delete('/v1/cadenceTrackers/:sidOrReferenceSid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const tracker = await findTracker(db, p, c.req.param('sidOrReferenceSid'));
    await db.deleteFrom('cadenceTrackers').where('sid', '=', tracker.sid).execute();
    return c.body(null, 204);
  });
}
