// Flags raised on order lines (tag: flags): a delay, a past due line, an
// unresponsive vendor or a direct reply, for the buyer to resolve or dismiss.
// Raising them is the automation's work; the API lists, reads and updates them.
import type { Hono } from 'hono';
import { ListFlagsQueryParams, UpdateFlagBody } from '../../src/api/generated/zod/flags/flags.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import {
  changedFields,
  dbOf,
  type Db,
  iso,
  isoRequired,
  pageOf,
  principalOf,
  recordEvent,
  requireStaff,
} from './support.ts';

type FlagRow = Row<'flags'>;

export function serializeFlag(f: FlagRow) {
  return {
    sid: f.sid,
    created: isoRequired(f.created),
    updated: isoRequired(f.updated),
    dismissed: iso(f.dismissed),
    status: f.status,
    itemGroupSid: f.itemGroupSid,
    itemSid: f.itemSid,
    orderSid: f.orderSid,
    message: f.message,
    type: f.type,
  };
}

async function findFlag(db: Db, p: Principal, sid: string): Promise<FlagRow> {
  const flag = await db
    .selectFrom('flags')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!flag) throw notFound('flag');
  return flag;
}

export function registerFlags(app: Hono<AppEnv>): void {
  app.get('/v1/flags', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListFlagsQueryParams, ['itemGroupSid']);
    let q = dbOf(c).selectFrom('flags').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.itemGroupSid?.length) q = q.where('itemGroupSid', 'in', params.itemGroupSid);
    if (params.status) q = q.where('status', '=', params.status);
    if (params.flag) q = q.where('type', '=', params.flag);
    const { rows, page } = await pageOf(q, params);
    return c.json({ flags: rows.map(serializeFlag), page });
  });

  app.get('/v1/flags/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeFlag(await findFlag(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/flags/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateFlagBody);
    if (body.status === null) throw badRequest('status cannot be null.', 'status');
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const flag = await findFlag(tx, p, c.req.param('sid'));
        const now = new Date();
        let dismissed: Date | null | undefined =
          body.dismissed === undefined ? undefined : body.dismissed === null ? null : new Date(body.dismissed);
        // Dismissing without saying when means now (a flag already dismissed keeps its time).
        if (body.status === 'dismissed' && !dismissed) {
          dismissed = flag.status === 'dismissed' && flag.dismissed ? undefined : now;
        }
        const row = await tx
          .updateTable('flags')
          .set({
            ...(body.message !== undefined ? { message: body.message } : {}),
            ...(body.status ? { status: body.status } : {}),
            ...(dismissed !== undefined ? { dismissed } : {}),
            updated: now,
          })
          .where('sid', '=', flag.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeFlag(flag), serializeFlag(row));
        if (Object.keys(diff.after).length) {
          await recordEvent(tx, p, {
            type: 'flag.updated',
            orderSid: row.orderSid,
            itemSid: row.itemSid,
            itemGroupSid: row.itemGroupSid,
            ...diff,
          });
        }
        return row;
      });
    return c.json(serializeFlag(updated));
  });
}
