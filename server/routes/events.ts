// The event history (tag: events) and its shape, shared by the order, item and item group histories.
import type { Hono } from 'hono';
import { GetEventQueryParams, ListEventsQueryParams } from '../../src/api/generated/zod/events/events.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import {
  type Db,
  dbOf,
  isoRequired,
  pageOf,
  type PageParams,
  principalOf,
  requireStaff,
  strictQuery,
} from './support.ts';

export function serializeEvent(e: Row<'events'>) {
  return {
    sid: e.sid,
    eventTime: isoRequired(e.eventTime),
    organizationSid: e.organizationSid,
    eventType: e.eventType,
    event: {
      actor: e.actorSid ? { sid: e.actorSid, name: e.actorName } : null,
      before: e.before ?? null,
      after: e.after ?? null,
    },
    orderSid: e.orderSid,
    itemSid: e.itemSid,
    itemGroupSid: e.itemGroupSid,
  };
}

export interface EventPageParams extends PageParams {
  eventTimeOnOrAfter?: string;
  sortOrder?: 'Asc' | 'Desc';
}

/**
 * A record whose history is asked, by its path: an order; an item and its order; an item group, its item and its
 * order. Every event of an item group names its item and order, and every event of an item its order (migration
 * 0046 checks it), so one index (events_record: order, item) finds the three.
 */
export type EventRecord =
  | { orderSid: string; itemSid?: undefined; itemGroupSid?: undefined }
  | { orderSid: string; itemSid: string; itemGroupSid?: string };

/**
 * One page of the organization's history, oldest first (newest with sortOrder Desc), from eventTimeOnOrAfter
 * on; `record` narrows it to one order's, item's or item group's events.
 */
export async function eventPage(db: Db, p: Principal, params: EventPageParams, record?: EventRecord) {
  let q = db.selectFrom('events').selectAll().where('organizationSid', '=', p.organizationSid);
  if (record) {
    q = q.where('orderSid', '=', record.orderSid);
    if (record.itemSid !== undefined) q = q.where('itemSid', '=', record.itemSid);
    if (record.itemGroupSid !== undefined) q = q.where('itemGroupSid', '=', record.itemGroupSid);
  }
  if (params.eventTimeOnOrAfter) q = q.where('eventTime', '>=', new Date(params.eventTimeOnOrAfter));
  const { rows, page } = await pageOf(q, params, { key: 'eventTime', descending: params.sortOrder === 'Desc' });
  return { events: rows.map(serializeEvent), page };
}

export function registerEvents(app: Hono<AppEnv>): void {
  app.get('/v1/events', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListEventsQueryParams);
    return c.json(await eventPage(dbOf(c), p, params));
  });

  app.get('/v1/events/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    // fromWriter is a hint for a replicated database; there is one database here.
    queryParams(c, strictQuery(GetEventQueryParams));
    const event = await dbOf(c)
      .selectFrom('events')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (!event) throw notFound('event');
    return c.json(serializeEvent(event));
  });
}
