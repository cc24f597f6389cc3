// Inventory counts: what is on hand of each part, as recorded over time
// (tag: inventoryCounts). The latest count of a part is its on-hand quantity
// for clear to build. Staff only.
import type { Hono } from 'hono';
import { sql } from 'kysely';
import {
  CreateInventoryCountBody,
  ListInventoryCountsQueryParams,
} from '../../src/api/generated/zod/inventory-counts/inventory-counts.zod.ts';
import { normalizedPartNumber } from '../db/bom-forecast.ts';
import type { Row } from '../db/schema.ts';
import { countDateRefusal } from '../domain/bom/count-date.ts';
import { normalizePartNumber } from '../domain/bom/forecast.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { clientSid, dbOf, instant, isoRequired, pageOf, principalOf, replayCreate, requireStaff } from './support.ts';

type InventoryCountRow = Row<'inventoryCounts'>;

export function serializeInventoryCount(i: InventoryCountRow) {
  return {
    sid: i.sid,
    created: isoRequired(i.created),
    recordingDate: isoRequired(i.recordingDate),
    count: i.count,
    uniqueName: i.uniqueName,
    title: i.title,
  };
}

export function registerInventoryCounts(app: Hono<AppEnv>): void {
  app.get('/v1/inventoryCounts', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListInventoryCountsQueryParams);
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ inventoryCounts: [], page: { previousPageToken: null, nextPageToken: null } });
    }
    let q = dbOf(c).selectFrom('inventoryCounts').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.dateBefore) q = q.where('recordingDate', '<=', new Date(params.dateBefore));
    if (params.dateAfter) q = q.where('recordingDate', '>', new Date(params.dateAfter));
    // One part's history, newest first: matched as parts are matched (server/domain/bom/forecast.ts).
    const part = params.uniqueName?.trim();
    if (part) q = q.where(normalizedPartNumber(sql.ref('uniqueName')), '=', normalizePartNumber(part));
    const { rows, page } = await pageOf(q, params, part ? { key: 'recordingDate', descending: true } : {});
    return c.json({ inventoryCounts: rows.map(serializeInventoryCount), page });
  });

  app.post('/v1/inventoryCounts', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateInventoryCountBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'IC');
    if (body.count < 0) throw badRequest('count cannot be negative.', 'count');
    if (!body.uniqueName.trim()) throw badRequest('uniqueName cannot be blank.', 'uniqueName');
    const refusal = body.recordingDate ? countDateRefusal(new Date(body.recordingDate), new Date()) : null;
    if (refusal) throw badRequest(`recordingDate ${refusal}`, 'recordingDate');
    if (sid) {
      const existing = await db.selectFrom('inventoryCounts').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            uniqueName: [body.uniqueName, row.uniqueName],
            title: [body.title ?? null, row.title],
            count: [body.count, row.count],
            // Left out, the recording date is the moment of the create.
            recordingDate: [body.recordingDate ? instant(body.recordingDate) : row.created, row.recordingDate],
          }),
          serializeInventoryCount,
        );
      }
    }
    const now = new Date();
    const row = await db
      .insertInto('inventoryCounts')
      .values({
        sid: sid ?? newSid('IC'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        uniqueName: body.uniqueName,
        title: body.title ?? null,
        count: body.count,
        recordingDate: body.recordingDate ? new Date(body.recordingDate) : now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeInventoryCount(row), 201);
  });

  // A sid, or a part's unique name: then its latest count.
  app.get('/v1/inventoryCounts/:sidOrName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const key = c.req.param('sidOrName');
    const db = dbOf(c);
    const bySid = await db
      .selectFrom('inventoryCounts')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', key)
      .executeTakeFirst();
    const row =
      bySid ??
      (await db
        .selectFrom('inventoryCounts')
        .selectAll()
        .where('organizationSid', '=', p.organizationSid)
        .where('uniqueName', '=', key)
        .orderBy('recordingDate', 'desc')
        .orderBy('created', 'desc')
        .orderBy('sid', 'desc')
        .limit(1)
        .executeTakeFirst());
    if (!row) throw notFound('inventory count');
    return c.json(serializeInventoryCount(row));
  });
}
