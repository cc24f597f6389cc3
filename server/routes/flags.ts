// Flags raised on order lines (tag: flags): a delay, a past due line, an
// unresponsive vendor or a direct reply, for the buyer to resolve or dismiss.
// The follow-up engine raises and resolves them (server/jobs/follow-up-run.ts);
// here users list, count, read and resolve, dismiss or reopen them with a note.
import type { Hono } from 'hono';
import { type RawBuilder, sql } from 'kysely';
import { BulkUpdateFlagsBody, CountFlagsQueryParams } from '../../src/api/generated/zod/flag-triage/flag-triage.zod.ts';
import { ListFlagsQueryParams, UpdateFlagBody } from '../../src/api/generated/zod/flags/flags.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import {
  changedFields,
  type Db,
  dbOf,
  iso,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvents,
  requireStaff,
  unchanged,
} from './support.ts';

type FlagStatus = 'open' | 'resolved' | 'dismissed';
const FLAG_TYPES = ['newDelay', 'pastDue', 'unresponsiveVendor', 'directReply', 'cannotSupply'] as const;

/** A flag with the names of its line, order and vendor, so a list can say which line and link to it. */
type FlagWithContext = Row<'flags'> & {
  orderUniqueName: string | null;
  itemUniqueName: string | null;
  itemGroupUniqueName: string | null;
  vendorSid: string | null;
  vendorName: string | null;
  dueDate: string | null;
};

export function serializeFlag(f: FlagWithContext) {
  return {
    sid: f.sid,
    created: isoRequired(f.created),
    updated: isoRequired(f.updated),
    dismissed: iso(f.dismissed),
    resolved: iso(f.resolved),
    status: f.status,
    itemGroupSid: f.itemGroupSid,
    itemSid: f.itemSid,
    orderSid: f.orderSid,
    message: f.message,
    note: f.note,
    cause: f.cause,
    eventSid: f.eventSid,
    type: f.type,
    orderUniqueName: f.orderUniqueName,
    itemUniqueName: f.itemUniqueName,
    itemGroupUniqueName: f.itemGroupUniqueName,
    vendorSid: f.vendorSid,
    vendorName: f.vendorName,
    dueDate: f.dueDate,
  };
}

/** The organization's flags with their context, as `f`. */
function flagsWithContext(db: Db, organizationSid: string) {
  return db
    .selectFrom('flags as f')
    .leftJoin('orders as o', 'o.sid', 'f.orderSid')
    .leftJoin('vendors as v', 'v.sid', 'o.vendorSid')
    .leftJoin('items as i', 'i.sid', 'f.itemSid')
    .leftJoin('itemGroups as g', 'g.sid', 'f.itemGroupSid')
    .selectAll('f')
    .select([
      'o.uniqueName as orderUniqueName',
      'i.uniqueName as itemUniqueName',
      'g.uniqueName as itemGroupUniqueName',
      'o.vendorSid as vendorSid',
      sql<string | null>`coalesce(v.name, o.vendor_name)`.as('vendorName'),
      sql<string | null>`g.due_date::text`.as('dueDate'),
    ])
    .where('f.organizationSid', '=', organizationSid);
}

/** The filters the list and the counts share, as one condition on `f`. */
function flagFilter(params: { vendorSid?: string; orderSid?: string; status?: FlagStatus }): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`true`];
  if (params.status) conditions.push(sql<boolean>`f.status = ${params.status}`);
  if (params.orderSid) conditions.push(sql<boolean>`f.order_sid = ${params.orderSid}`);
  if (params.vendorSid) {
    conditions.push(
      sql<boolean>`f.order_sid in (select o2.sid from orders o2 where o2.vendor_sid = ${params.vendorSid})`,
    );
  }
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

async function findFlags(db: Db, p: Principal, sids: readonly string[]): Promise<FlagWithContext[]> {
  if (!sids.length) return [];
  return flagsWithContext(db, p.organizationSid)
    .where(sql<boolean>`f.sid = any(${[...sids]}::text[])`)
    .execute();
}

/**
 * Sets the status of the organization's flags with these sids, with a note,
 * and records an event per changed flag. All or nothing: a sid that is not
 * one of the organization's refuses the whole change (404 for one flag, 400
 * naming `sids` for several). Reopening a flag whose line has another open
 * flag of its type is a conflict.
 */
async function setFlagStatus(
  db: Db,
  p: Principal,
  sids: readonly string[],
  change: { status?: FlagStatus; note?: string | null; message?: string | null; dismissed?: Date | null },
  single: boolean,
): Promise<{ flags: FlagWithContext[]; changed: boolean }> {
  return db.transaction().execute(async (tx) => {
    const unique = [...new Set(sids)];
    const before = await findFlags(tx, p, unique);
    if (before.length !== unique.length) {
      if (single) throw notFound('flag');
      const known = new Set(before.map((f) => f.sid));
      const missing = unique.filter((s) => !known.has(s));
      throw badRequest(`sids names no flag of your organization: ${missing.slice(0, 5).join(', ')}.`, 'sids');
    }
    const now = new Date();
    let changed = false;
    for (const flag of before) {
      const status = change.status ?? flag.status;
      let dismissed = change.dismissed === undefined ? flag.dismissed : change.dismissed;
      let resolved = flag.resolved;
      if (status === 'dismissed')
        dismissed = flag.status === 'dismissed' && flag.dismissed ? flag.dismissed : (dismissed ?? now);
      if (status === 'resolved') resolved = flag.status === 'resolved' && flag.resolved ? flag.resolved : now;
      if (status === 'open') {
        dismissed = null;
        resolved = null;
      }
      // A note belongs to a resolve or dismiss; reopening clears the last one unless a new one is given.
      const note =
        change.note !== undefined ? change.note : status === 'open' && flag.status !== 'open' ? null : flag.note;
      if (status === 'open' && flag.status !== 'open') {
        const other = await tx
          .selectFrom('flags')
          .select('sid')
          .where('itemGroupSid', '=', flag.itemGroupSid)
          .where('type', '=', flag.type)
          .where('status', '=', 'open')
          .where('sid', '!=', flag.sid)
          .executeTakeFirst();
        if (other) throw conflict(`This line has another open flag of this type (${other.sid}); resolve that one.`);
      }
      const written = { status, dismissed, resolved, note, message: change.message };
      if (leavesAsIs(flag, written)) continue;
      changed = true;
      await tx
        .updateTable('flags')
        .set({ ...written, updated: now })
        .where('sid', '=', flag.sid)
        .execute();
    }
    const after = await findFlags(tx, p, unique);
    const bySid = new Map(before.map((f) => [f.sid, f]));
    const events = after.flatMap((row) => {
      const diff = changedFields(serializeFlag(bySid.get(row.sid)!), serializeFlag(row));
      // The flag's type on both sides, unchanged: the history names which flag was resolved or dismissed.
      return Object.keys(diff.after).length
        ? [
            {
              type: 'flag.updated',
              orderSid: row.orderSid,
              itemSid: row.itemSid,
              itemGroupSid: row.itemGroupSid,
              before: { type: row.type, ...diff.before },
              after: { type: row.type, ...diff.after },
            },
          ]
        : [];
    });
    await recordEvents(tx, p, events);
    const order = new Map(unique.map((s, i) => [s, i]));
    return { flags: after.sort((a, b) => order.get(a.sid)! - order.get(b.sid)!), changed };
  });
}

export function registerFlags(app: Hono<AppEnv>): void {
  app.get('/v1/flags', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListFlagsQueryParams, ['itemGroupSid']);
    let q = flagsWithContext(dbOf(c), p.organizationSid).where(flagFilter(params));
    if (params.itemGroupSid?.length) q = q.where('f.itemGroupSid', 'in', params.itemGroupSid);
    if (params.flag) q = q.where('f.type', '=', params.flag);
    if (params.raisedBefore) {
      const before = new Date(params.raisedBefore);
      if (Number.isNaN(before.getTime())) throw badRequest('raisedBefore is not a date-time.', 'raisedBefore');
      q = q.where('f.created', '<', before);
    }
    const { rows, page } = await pageOf(q, params, {
      key: 'f.created',
      sid: 'f.sid',
      descending: params.sortOrder !== 'Asc',
    });
    return c.json({ flags: rows.map(serializeFlag), page });
  });

  // Before /v1/flags/:sid, which would take "counts" for a sid.
  app.get('/v1/flags/counts', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, CountFlagsQueryParams);
    const rows = await dbOf(c)
      .selectFrom('flags as f')
      .select(['f.type', (eb) => eb.fn.countAll<string>().as('n')])
      .where('f.organizationSid', '=', p.organizationSid)
      .where(flagFilter({ ...params, status: params.status ?? 'open' }))
      .groupBy('f.type')
      .execute();
    const byType = Object.fromEntries(FLAG_TYPES.map((t) => [t, 0])) as Record<(typeof FLAG_TYPES)[number], number>;
    for (const r of rows) byType[r.type] = Number(r.n);
    return c.json({ total: Object.values(byType).reduce((a, b) => a + b, 0), byType });
  });

  app.post('/v1/flags/bulkUpdate', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, BulkUpdateFlagsBody);
    const { flags, changed } = await setFlagStatus(
      dbOf(c),
      p,
      body.sids,
      { status: body.status, note: body.note ?? null },
      false,
    );
    return c.json({ flags: (changed ? flags : unchanged(c, flags)).map(serializeFlag) });
  });

  app.get('/v1/flags/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const [flag] = await findFlags(dbOf(c), p, [c.req.param('sid')]);
    if (!flag) throw notFound('flag');
    return c.json(serializeFlag(flag));
  });

  app.patch('/v1/flags/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateFlagBody);
    if (body.status === null) throw badRequest('status cannot be null.', 'status');
    const {
      flags: [flag],
      changed,
    } = await setFlagStatus(
      dbOf(c),
      p,
      [c.req.param('sid')],
      {
        status: body.status,
        note: body.note,
        message: body.message,
        dismissed: body.dismissed === undefined ? undefined : body.dismissed === null ? null : new Date(body.dismissed),
      },
      true,
    );
    return c.json(serializeFlag(changed ? flag : unchanged(c, flag)));
  });
}
