// The event history (tag: events) and its shape, shared by the order, item and item group histories.
import type { Hono } from 'hono';
import { sql } from 'kysely';
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
      // The follow-up, and an emailed reply from an unknown address, write a name without a user.
      actor: e.actorSid !== null || e.actorName !== null ? { sid: e.actorSid, name: e.actorName } : null,
      before: e.before ?? null,
      after: e.after ?? null,
    },
    orderSid: e.orderSid,
    itemSid: e.itemSid,
    itemGroupSid: e.itemGroupSid,
  };
}

/**
 * The follow-up's history event of one update request, on its order: its `after` names the request, its recipients
 * (and why it was skipped) and `lines`, each `{ itemGroupSid, itemSid, kind }`. One event per request rather than
 * per line: a morning asks about tens of thousands of lines, and their events were a seventh of its time.
 */
export const UPDATE_REQUESTED_EVENT = 'order.updateRequested';

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
    const { itemSid, itemGroupSid } = record;
    if (itemSid !== undefined) {
      // The record's own events, and the order's update requests that asked about it.
      const asked = JSON.stringify([itemGroupSid === undefined ? { itemSid } : { itemGroupSid }]);
      q = q.where((eb) =>
        eb.or([
          eb.and([
            eb('itemSid', '=', itemSid),
            ...(itemGroupSid === undefined ? [] : [eb('itemGroupSid', '=', itemGroupSid)]),
          ]),
          eb.and([
            eb('itemSid', 'is', null),
            eb('eventType', '=', UPDATE_REQUESTED_EVENT),
            sql<boolean>`after -> 'lines' @> ${asked}::jsonb`,
          ]),
        ]),
      );
    }
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
