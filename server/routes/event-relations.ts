// Relations from history events to what caused them, e.g.
// factor:createdByAiParse:<sid> (tag: eventRelations).
import type { Hono } from 'hono';
import {
  CreateEventRelationBody,
  GetEventRelationQueryParams,
  ListEventRelationsQueryParams,
} from '../../src/api/generated/zod/event-relations/event-relations.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import {
  clientSid,
  dbOf,
  type Db,
  isoRequired,
  pageOf,
  principalOf,
  replayCreate,
  requireStaff,
  strictQuery,
} from './support.ts';

type EventRelationRow = Row<'eventRelations'>;

export function serializeEventRelation(r: EventRelationRow) {
  return {
    sid: r.sid,
    created: isoRequired(r.created),
    updated: isoRequired(r.updated),
    version: String(r.version),
    organizationSid: r.organizationSid,
    eventSid: r.eventSid,
    eventType: r.eventType,
    relation: r.relation,
  };
}

async function findEventRelation(db: Db, p: Principal, sid: string): Promise<EventRelationRow> {
  const relation = await db
    .selectFrom('eventRelations')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!relation) throw notFound('event relation');
  return relation;
}

export function registerEventRelations(app: Hono<AppEnv>): void {
  app.get('/v1/eventRelations', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListEventRelationsQueryParams));
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ eventRelationList: [], page: { previousPageToken: null, nextPageToken: null } });
    }
    // fromWriter is a hint for a replicated database; there is one database here.
    let q = dbOf(c).selectFrom('eventRelations').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.eventSid) q = q.where('eventSid', '=', params.eventSid);
    if (params.eventType) q = q.where('eventType', '=', params.eventType);
    if (params.relation) q = q.where('relation', '=', params.relation);
    const { rows, page } = await pageOf(q, params, { descending: params.sortOrder === 'Desc' });
    return c.json({ eventRelationList: rows.map(serializeEventRelation), page });
  });

  app.post('/v1/eventRelations', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateEventRelationBody);
    const db = dbOf(c);
    // The table's sids carry ER (the spec's description says VR; the schema decides).
    const sid = clientSid(body.sid, 'VR');
    if (sid) {
      const existing = await db.selectFrom('eventRelations').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            eventSid: [body.eventSid, row.eventSid],
            eventType: [body.eventType, row.eventType],
            relation: [body.relation, row.relation],
          }),
          serializeEventRelation,
        );
      }
    }
    const event = await db
      .selectFrom('events')
      .select('sid')
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', body.eventSid)
      .executeTakeFirst();
    if (!event) throw badRequest('eventSid names no event of your organization.', 'eventSid');
    const now = new Date();
    const row = await db
      .insertInto('eventRelations')
      .values({
        sid: sid ?? newSid('VR'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        eventSid: event.sid,
        eventType: body.eventType,
        relation: body.relation,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeEventRelation(row), 201);
  });

  app.get('/v1/eventRelations/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetEventRelationQueryParams));
    return c.json(serializeEventRelation(await findEventRelation(dbOf(c), p, c.req.param('sid'))));
  });

  app.delete('/v1/eventRelations/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const relation = await findEventRelation(db, p, c.req.param('sid'));
    await db.deleteFrom('eventRelations').where('sid', '=', relation.sid).execute();
    return c.body(null, 204);
  });
}
