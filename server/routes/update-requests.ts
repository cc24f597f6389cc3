// Update requests (asking a vendor for news on an item group) and the
// configurations that schedule them (tags: updateRequests, updateRequestConfigs).
import type { Hono } from 'hono';
import { sql } from 'kysely';
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
import { RequestUpdatesNowBody } from '../../src/api/generated/zod/follow-up/follow-up.zod.ts';
import { PORTAL_LINK_DAYS, runFollowUp } from '../jobs/follow-up-run.ts';
import { findItemGroup } from './item-groups.ts';
import {
  type Db,
  dbOf,
  iso,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  requireStaff,
  unchanged,
} from './support.ts';

type UpdateRequestRow = Row<'updateRequests'>;
type UpdateRequestConfigRow = Row<'updateRequestConfigs'>;

const PORTAL_LINK_MS = PORTAL_LINK_DAYS * 86_400_000;

type UpdateRequestWithContext = UpdateRequestRow & {
  orderUniqueName: string | null;
  vendorName: string | null;
  lines: { itemGroupSid: string; kind: 'request' | 'reminder'; dueAt: Date }[];
};

/** A request sent or reminded whose portal links have run out unanswered is expired. */
function statusAt(r: UpdateRequestRow, now: Date) {
  if ((r.status === 'sent' || r.status === 'reminded') && r.created.getTime() + PORTAL_LINK_MS < now.getTime()) {
    return 'expired' as const;
  }
  return r.status;
}

export function serializeUpdateRequest(r: UpdateRequestWithContext, now = new Date()) {
  return {
    sid: r.sid,
    created: isoRequired(r.created),
    updated: isoRequired(r.updated),
    itemGroupSid: r.itemGroupSid,
    organizationSid: r.organizationSid,
    note: r.note,
    orderSid: r.orderSid,
    orderUniqueName: r.orderUniqueName,
    vendorSid: r.vendorSid,
    vendorName: r.vendorName,
    status: statusAt(r, now),
    skipReason: r.skipReason,
    recipients: r.recipients,
    requestedBy: r.requestedByUserSid,
    answered: iso(r.answered),
    lines: r.lines.map((l) => ({ itemGroupSid: l.itemGroupSid, kind: l.kind, dueAt: isoRequired(l.dueAt) })),
  };
}

/** The organization's update requests with their order's and vendor's names, as `ur`. */
function requestsWithContext(db: Db, organizationSid: string) {
  return db
    .selectFrom('updateRequests as ur')
    .leftJoin('orders as o', 'o.sid', 'ur.orderSid')
    .leftJoin('vendors as v', 'v.sid', 'ur.vendorSid')
    .selectAll('ur')
    .select(['o.uniqueName as orderUniqueName', sql<string | null>`coalesce(v.name, o.vendor_name)`.as('vendorName')])
    .where('ur.organizationSid', '=', organizationSid);
}

/** The requests with their lines, read in one query. */
async function withLines(
  db: Db,
  rows: (UpdateRequestRow & { orderUniqueName: string | null; vendorName: string | null })[],
): Promise<UpdateRequestWithContext[]> {
  const lines = rows.length
    ? await db
        .selectFrom('updateRequestLines')
        .selectAll()
        .where(sql<boolean>`update_request_sid = any(${rows.map((r) => r.sid)}::text[])`)
        .orderBy('dueAt')
        .orderBy('itemGroupSid')
        .execute()
    : [];
  const byRequest = new Map<string, UpdateRequestWithContext['lines']>();
  for (const l of lines) byRequest.set(l.updateRequestSid, [...(byRequest.get(l.updateRequestSid) ?? []), l]);
  return rows.map((r) => ({
    ...r,
    // A request written through the API names one item group and has no line rows.
    lines:
      byRequest.get(r.sid) ??
      (r.itemGroupSid ? [{ itemGroupSid: r.itemGroupSid, kind: 'request' as const, dueAt: r.created }] : []),
  }));
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
    const now = new Date();
    const expiredBefore = new Date(now.getTime() - PORTAL_LINK_MS);
    let q = requestsWithContext(dbOf(c), p.organizationSid);
    if (params.itemGroupSid) {
      const sid = params.itemGroupSid;
      q = q.where(
        sql<boolean>`(ur.item_group_sid = ${sid} or exists (select 1 from update_request_lines l where l.update_request_sid = ur.sid and l.item_group_sid = ${sid}))`,
      );
    }
    if (params.orderSid) q = q.where('ur.orderSid', '=', params.orderSid);
    if (params.vendorSid) q = q.where('ur.vendorSid', '=', params.vendorSid);
    if (params.status === 'expired') {
      q = q.where('ur.status', 'in', ['sent', 'reminded']).where('ur.created', '<', expiredBefore);
    } else if (params.status === 'sent' || params.status === 'reminded') {
      q = q.where('ur.status', '=', params.status).where('ur.created', '>=', expiredBefore);
    } else if (params.status) {
      q = q.where('ur.status', '=', params.status);
    }
    if (p.role === 'vendor') q = q.where('ur.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    const { rows, page } = await pageOf(q, params, {
      descending: params.sortOrder === 'Desc',
      key: 'ur.created',
      sid: 'ur.sid',
    });
    const full = await withLines(dbOf(c), rows);
    return c.json({ updateRequests: full.map((r) => serializeUpdateRequest(r, now)), page });
  });

  app.get('/v1/updateRequests/:sid', async (c) => {
    const p = principalOf(c);
    let q = requestsWithContext(dbOf(c), p.organizationSid).where('ur.sid', '=', c.req.param('sid'));
    if (p.role === 'vendor') q = q.where('ur.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('update request');
    const [full] = await withLines(dbOf(c), [row]);
    return c.json(serializeUpdateRequest(full));
  });

  app.post('/v1/updateRequests/now', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, RequestUpdatesNowBody);
    const db = dbOf(c);
    // Whatever is given counts as named, an empty string too: it names nothing, and is refused below, rather than
    // falling through as "no filter" and asking about every line of the organization.
    const named = [body.itemGroupSids, body.orderSid, body.vendorSid].filter((v) => v !== undefined).length;
    if (named !== 1) {
      throw badRequest(
        'Name exactly one of itemGroupSids, orderSid and vendorSid.',
        body.itemGroupSids ? 'orderSid' : 'itemGroupSids',
      );
    }
    let lines = db
      .selectFrom('itemGroups as g')
      .select('g.sid')
      .where('g.organizationSid', '=', p.organizationSid)
      .where('g.status', '=', 'active')
      .where('g.delivered', '=', false);
    if (body.itemGroupSids !== undefined) {
      const wanted = [...new Set(body.itemGroupSids)];
      const known = await db
        .selectFrom('itemGroups')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where(sql<boolean>`sid = any(${wanted}::text[])`)
        .execute();
      if (known.length !== wanted.length) {
        throw badRequest('itemGroupSids names an item group that is not one of your organization.', 'itemGroupSids');
      }
      lines = lines.where(sql<boolean>`g.sid = any(${wanted}::text[])`);
    } else if (body.orderSid !== undefined) {
      const order = await db
        .selectFrom('orders')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('sid', '=', body.orderSid)
        .executeTakeFirst();
      if (!order) throw badRequest('orderSid names no order of your organization.', 'orderSid');
      lines = lines.where('g.orderSid', '=', order.sid);
    } else {
      const vendor = await db
        .selectFrom('vendors')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('sid', '=', body.vendorSid ?? '')
        .executeTakeFirst();
      if (!vendor) throw badRequest('vendorSid names no vendor of your organization.', 'vendorSid');
      lines = lines.where(sql<boolean>`g.order_sid in (select o.sid from orders o where o.vendor_sid = ${vendor.sid})`);
    }
    const itemGroupSids = (await lines.execute()).map((r) => r.sid);
    const written: string[] = [];
    if (itemGroupSids.length) {
      await runFollowUp(db, {
        now: new Date(),
        publicUrl: c.get('publicOrigin'),
        organizationSid: p.organizationSid,
        askNow: { itemGroupSids, userSid: p.userSid ?? '', userName: p.name, written },
      });
    }
    const rows = written.length
      ? await requestsWithContext(db, p.organizationSid)
          .where(sql<boolean>`ur.sid = any(${written}::text[])`)
          .orderBy('ur.sid')
          .execute()
      : [];
    const full = await withLines(db, rows);
    return c.json({ updateRequests: full.map((r) => serializeUpdateRequest(r)), lineCount: itemGroupSids.length });
  });

  app.post('/v1/updateRequests', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateUpdateRequestBody);
    const request = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const group = await bodyItemGroup(tx, p, body.itemGroupSid);
        const order = await tx
          .selectFrom('orders as o')
          .leftJoin('vendors as v', 'v.sid', 'o.vendorSid')
          .select(['o.vendorSid', 'o.uniqueName', sql<string | null>`coalesce(v.name, o.vendor_name)`.as('vendorName')])
          .where('o.sid', '=', group.orderSid)
          .executeTakeFirst();
        const now = new Date();
        const row = await tx
          .insertInto('updateRequests')
          .values({
            sid: newSid('UR'),
            organizationSid: p.organizationSid,
            created: now,
            updated: now,
            itemGroupSid: group.sid,
            orderSid: group.orderSid,
            vendorSid: order?.vendorSid ?? null,
            note: body.note ?? null,
            requestedBy: 'user',
            requestedByUserSid: p.userSid,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const [full] = await withLines(tx, [
          { ...row, orderUniqueName: order?.uniqueName ?? null, vendorName: order?.vendorName ?? null },
        ]);
        await recordEvent(tx, p, {
          type: 'updateRequest.created',
          orderSid: group.orderSid,
          itemSid: group.itemSid,
          itemGroupSid: group.sid,
          after: serializeUpdateRequest(full),
        });
        return full;
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
        // A new cadence starts the count again (the one it has, named again, does not); an attempt counts on top.
        const newCadence = body.cadenceSid !== undefined && body.cadenceSid !== config.cadenceSid;
        const cadenceChange = newCadence ? { cadenceSid: body.cadenceSid, attempts: 0, lastAttempt: null } : {};
        const attempt = body.incrementAttempts
          ? { attempts: (newCadence ? 0 : config.attempts) + 1, lastAttempt: now }
          : {};
        const changes = {
          nextUpdate,
          startDate:
            body.startDate === undefined ? undefined : body.startDate === null ? null : new Date(body.startDate),
          ...cadenceChange,
          ...attempt,
        };
        if (leavesAsIs(config, changes)) return unchanged(c, config);
        const row = await tx
          .updateTable('updateRequestConfigs')
          .set({
            ...changes,
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
