// Update requests (asking a vendor for news on an item group) and the
// configurations that schedule them (tags: updateRequests, updateRequestConfigs).
import type { Hono } from 'hono';
import {
  CreateUpdateRequestConfigBody,
  ListUpdateRequestConfigsQueryParams,
  UpdateUpdateRequestConfigBody,
} from '../../src/api/generated/zod/update-request-configs/update-request-configs.zod.ts';
import {
  CreateUpdateRequestBody,
  ListUpdateRequestsQueryParams,
} from '../../src/api/generated/zod/update-requests/update-requests.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, HttpError, notFound, versionConflict } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { findItemGroup } from './item-groups.ts';
import { dbOf, type Db, iso, isoRequired, pageOf, principalOf, recordEvent, requireStaff } from './support.ts';

type UpdateRequestRow = Row<'updateRequests'>;
type UpdateRequestConfigRow = Row<'updateRequestConfigs'>;

export function serializeUpdateRequest(r: UpdateRequestRow) {
  return {
    sid: r.sid,
    created: isoRequired(r.created),
    updated: isoRequired(r.updated),
    itemGroupSid: r.itemGroupSid,
    organizationSid: r.organizationSid,
    note: r.note,
  };
}

export function serializeUpdateRequestConfig(u: UpdateRequestConfigRow) {
  return {
    sid: u.sid,
    created: isoRequired(u.created),
    updated: isoRequired(u.updated),
    itemGroupSid: u.itemGroupSid,
    organizationSid: u.organizationSid,
    startDate: iso(u.startDate),
    nextUpdate: iso(u.nextUpdate),
    cadenceSid: u.cadenceSid,
    attempts: u.attempts,
    lastAttempt: iso(u.lastAttempt),
    version: String(u.version),
  };
}

/** The item group named in a body: one of the organization's, else bad input for that field. */
async function bodyItemGroup(db: Db, p: Principal, sid: string) {
  const group = await findItemGroup(db, p, sid).catch((e: unknown) => {
    if (e instanceof HttpError && e.status === 404) return null;
    throw e;
  });
  if (!group) throw badRequest('itemGroupSid names no item group of your organization.', 'itemGroupSid');
  return group;
}

async function assertCadence(db: Db, p: Principal, cadenceSid: string) {
  const cadence = await db
    .selectFrom('cadences')
    .select('sid')
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', cadenceSid)
    .executeTakeFirst();
  if (!cadence) throw badRequest('cadenceSid names no cadence of your organization.', 'cadenceSid');
}

/** The configuration by its own sid or by the sid of its item group. */
async function findConfig(db: Db, p: Principal, sidOrItemGroupSid: string): Promise<UpdateRequestConfigRow> {
  const rows = await db
    .selectFrom('updateRequestConfigs')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where((eb) => eb.or([eb('sid', '=', sidOrItemGroupSid), eb('itemGroupSid', '=', sidOrItemGroupSid)]))
    .orderBy('created')
    .execute();
  const config = rows.find((r) => r.sid === sidOrItemGroupSid) ?? rows[0];
  if (!config) throw notFound('update request config');
  return config;
}

export function registerUpdateRequests(app: Hono<AppEnv>): void {
  app.get('/v1/updateRequests', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListUpdateRequestsQueryParams);
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ updateRequests: [], page: { previousPageToken: null, nextPageToken: null } });
    }
    let q = dbOf(c)
      .selectFrom('updateRequests')
      .innerJoin('itemGroups', 'itemGroups.sid', 'updateRequests.itemGroupSid')
      .innerJoin('orders', 'orders.sid', 'itemGroups.orderSid')
      .selectAll('updateRequests')
      .where('updateRequests.organizationSid', '=', p.organizationSid);
    if (params.itemGroupSid) q = q.where('updateRequests.itemGroupSid', '=', params.itemGroupSid);
    if (p.role === 'vendor') q = q.where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    const { rows, page } = await pageOf(q, params, {
      descending: params.sortOrder === 'Desc',
      key: 'updateRequests.created',
      sid: 'updateRequests.sid',
    });
    return c.json({ updateRequests: rows.map(serializeUpdateRequest), page });
  });

  app.post('/v1/updateRequests', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateUpdateRequestBody);
    const request = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const group = await bodyItemGroup(tx, p, body.itemGroupSid);
        const now = new Date();
        const row = await tx
          .insertInto('updateRequests')
          .values({
            sid: newSid('UR'),
            organizationSid: p.organizationSid,
            created: now,
            updated: now,
            itemGroupSid: group.sid,
            note: body.note ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(tx, p, {
          type: 'updateRequest.created',
          orderSid: group.orderSid,
          itemSid: group.itemSid,
          itemGroupSid: group.sid,
          after: serializeUpdateRequest(row),
        });
        return row;
      });
    return c.json(serializeUpdateRequest(request), 201);
  });

  app.get('/v1/updateRequestConfigs', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListUpdateRequestConfigsQueryParams);
    let q = dbOf(c)
      .selectFrom('updateRequestConfigs')
      .innerJoin('itemGroups', 'itemGroups.sid', 'updateRequestConfigs.itemGroupSid')
      .innerJoin('orders', 'orders.sid', 'itemGroups.orderSid')
      .selectAll('updateRequestConfigs')
      .where('updateRequestConfigs.organizationSid', '=', p.organizationSid);
    if (params.nextUpdateOnOrBefore) {
      q = q.where('updateRequestConfigs.nextUpdate', '<=', new Date(params.nextUpdateOnOrBefore));
    }
    if (params.cadenceSid) q = q.where('updateRequestConfigs.cadenceSid', '=', params.cadenceSid);
    if (params.vendorSid) q = q.where('orders.vendorSid', '=', params.vendorSid);
    const { rows, page } = await pageOf(q, params, {
      key: 'updateRequestConfigs.created',
      sid: 'updateRequestConfigs.sid',
    });
    return c.json({ updateRequestConfigs: rows.map(serializeUpdateRequestConfig), page });
  });

  app.post('/v1/updateRequestConfigs', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateUpdateRequestConfigBody);
    const config = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const group = await bodyItemGroup(tx, p, body.itemGroupSid);
        if (body.cadenceSid) await assertCadence(tx, p, body.cadenceSid);
        // One schedule per item group: the configuration is also found by its item group's sid.
        const existing = await tx
          .selectFrom('updateRequestConfigs')
          .select('sid')
          .where('organizationSid', '=', p.organizationSid)
          .where('itemGroupSid', '=', group.sid)
          .executeTakeFirst();
        if (existing) throw conflict('This item group already has an update request config.', 'itemGroupSid');
        const now = new Date();
        return tx
          .insertInto('updateRequestConfigs')
          .values({
            sid: newSid('UC'),
            organizationSid: p.organizationSid,
            created: now,
            updated: now,
            itemGroupSid: group.sid,
            nextUpdate: new Date(body.nextUpdate),
            startDate: body.startDate ? new Date(body.startDate) : null,
            cadenceSid: body.cadenceSid ?? null,
            lastAttempt: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    return c.json(serializeUpdateRequestConfig(config), 201);
  });

  app.get('/v1/updateRequestConfigs/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeUpdateRequestConfig(await findConfig(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/updateRequestConfigs/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateUpdateRequestConfigBody);
    if (!/^\d{1,9}$/.test(body.currentVersion)) {
      throw badRequest('currentVersion must be the version number read from the record.', 'currentVersion');
    }
    const expected = Number(body.currentVersion);
    if (body.nextUpdate === null) throw badRequest('nextUpdate cannot be null.', 'nextUpdate');
    const nextUpdate = body.nextUpdate === undefined ? undefined : new Date(body.nextUpdate);
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const config = await findConfig(tx, p, c.req.param('sid'));
        if (config.version !== expected) throw versionConflict(serializeUpdateRequestConfig(config));
        if (body.cadenceSid) await assertCadence(tx, p, body.cadenceSid);
        const now = new Date();
        // A new cadence starts the count again; an attempt counts on top of that.
        const cadenceChange =
          body.cadenceSid !== undefined ? { cadenceSid: body.cadenceSid, attempts: 0, lastAttempt: null } : {};
        const attempt = body.incrementAttempts
          ? { attempts: (body.cadenceSid !== undefined ? 0 : config.attempts) + 1, lastAttempt: now }
          : {};
        const row = await tx
          .updateTable('updateRequestConfigs')
          .set({
            ...(nextUpdate ? { nextUpdate } : {}),
            ...(body.startDate !== undefined
              ? { startDate: body.startDate === null ? null : new Date(body.startDate) }
              : {}),
            ...cadenceChange,
            ...attempt,
            version: config.version + 1,
            updated: now,
          })
          .where('sid', '=', config.sid)
          .where('version', '=', config.version)
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          const current = await tx
            .selectFrom('updateRequestConfigs')
            .selectAll()
            .where('sid', '=', config.sid)
            .executeTakeFirstOrThrow();
          throw versionConflict(serializeUpdateRequestConfig(current));
        }
        return row;
      });
    return c.json(serializeUpdateRequestConfig(updated));
  });
}
