// Orders and their history (tags: orders, orderEvents).
import type { Hono } from 'hono';
import { sql, type ExpressionBuilder } from 'kysely';
import {
  CreateOrderBody,
  ListOrdersQueryParams,
  UpdateOrderBody,
} from '../../src/api/generated/zod/orders/orders.zod.ts';
import { ListOrderEventsQueryParams } from '../../src/api/generated/zod/order-events/order-events.zod.ts';
import { LAST_DATE, LAST_TEXT } from '../db/migrations.ts';
import type { Database, Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { decodeToken } from '../http/pagination.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { eventPage } from './events.ts';
import {
  changedFields,
  clientSid,
  type Db,
  dbOf,
  isoRequired,
  keyString,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  replayCreate,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';

type OrderRow = Row<'orders'>;

// ---------------------------------------------------------------------------
// List filters and sorts shared by the order and item group lists.

/** A free-text filter as an ILIKE pattern (substring, LIKE's wildcards taken literally), or null when blank. */
export function containsPattern(text: string | undefined): string | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  return `%${trimmed.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The sort key kinds a page token may carry. */
type KeyKind = 'timestamp' | 'date' | 'text';

/**
 * A page token issued for another sort would compare the wrong kind of value
 * (a database error): refuse it as a bad token instead.
 */
export function assertTokenFits(token: string | undefined, kind: KeyKind): void {
  const cursor = decodeToken(token);
  if (!cursor) return;
  const fits =
    kind === 'date'
      ? /^\d{4}-\d{2}-\d{2}$/.test(cursor.k)
      : kind === 'timestamp'
        ? /^\d{4}-\d{2}-\d{2}T/.test(cursor.k) && !Number.isNaN(Date.parse(cursor.k))
        : true;
  if (!fits) throw badRequest('pageToken belongs to another sort order; start again from the first page.', 'pageToken');
}

/** The list query of orders with the workspace's additions (booleans read as the text they are). */
export const ListOrdersQuery = strictQuery(ListOrdersQueryParams);

/** The next due date as the summary has it (earliest active, undelivered due date), last when there is none. */
const nextDueDateKey = sql<string>`coalesce((
  select min(g.due_date) from item_groups g
  where g.order_sid = orders.sid and g.status = 'active' and not g.delivered
), ${sql.raw(LAST_DATE)})`;

/** The unique name in the "C" collation (the same on every engine and locale), orders without one last. */
const uniqueNameKey = sql<string>`coalesce(${sql.ref('orders.uniqueName')}, ${sql.raw(LAST_TEXT)}) collate "C"`;

export function serializeOrder(o: OrderRow) {
  return {
    sid: o.sid,
    created: isoRequired(o.created),
    updated: isoRequired(o.updated),
    vendorSid: o.vendorSid,
    vendorName: o.vendorName,
    organizationSid: o.organizationSid,
    uniqueName: o.uniqueName,
    title: o.title,
  };
}

export interface OrderSummary {
  itemCount: number;
  itemGroupCount: number;
  openFlagCount: number;
  nextDueDate: string | null;
  confirmedShare: number;
}

/** Figures about each order's lines, for a page of orders in three grouped queries (never one per row). */
export async function orderSummaries(
  db: Db,
  organizationSid: string,
  orderSids: string[],
): Promise<Map<string, OrderSummary>> {
  const out = new Map<string, OrderSummary>(
    orderSids.map((sid) => [
      sid,
      { itemCount: 0, itemGroupCount: 0, openFlagCount: 0, nextDueDate: null, confirmedShare: 0 },
    ]),
  );
  if (orderSids.length === 0) return out;
  const items = await db
    .selectFrom('items')
    .select((eb) => ['orderSid', eb.fn.countAll<number>().as('n')])
    .where('organizationSid', '=', organizationSid)
    .where('orderSid', 'in', orderSids)
    .groupBy('orderSid')
    .execute();
  for (const r of items) out.get(r.orderSid)!.itemCount = r.n;
  const groups = await db
    .selectFrom('itemGroups')
    .select((eb) => [
      'orderSid',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(sql`case when confirmed then 1 else 0 end`).as('confirmed'),
      eb.fn.min<string | null>(sql`case when not delivered then due_date end`).as('nextDue'),
    ])
    .where('organizationSid', '=', organizationSid)
    .where('orderSid', 'in', orderSids)
    .where('status', '=', 'active')
    .groupBy('orderSid')
    .execute();
  for (const r of groups) {
    const summary = out.get(r.orderSid)!;
    // count and sum are bigints, which connect.ts turns into numbers on both engines.
    summary.itemGroupCount = r.n;
    summary.confirmedShare = r.n ? r.confirmed / r.n : 0;
    summary.nextDueDate = r.nextDue;
  }
  const flags = await db
    .selectFrom('flags')
    .select((eb) => ['orderSid', eb.fn.countAll<number>().as('n')])
    .where('organizationSid', '=', organizationSid)
    .where('orderSid', 'in', orderSids)
    .where('status', '=', 'open')
    .groupBy('orderSid')
    .execute();
  for (const r of flags) if (r.orderSid) out.get(r.orderSid)!.openFlagCount = r.n;
  return out;
}

/** The order by sid or unique name, in the caller's organization and (for vendors) among its vendors' orders. */
export async function findOrder(db: Db, p: Principal, sidOrUniqueName: string): Promise<OrderRow> {
  let q = db
    .selectFrom('orders')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where((eb) => eb.or([eb('sid', '=', sidOrUniqueName), eb('uniqueName', '=', sidOrUniqueName)]));
  if (p.role === 'vendor') q = q.where('vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
  const rows = await q.execute();
  // A sid match wins over a unique-name match.
  const order = rows.find((r) => r.sid === sidOrUniqueName) ?? rows[0];
  if (!order) throw notFound('order');
  return order;
}

/** Resolves vendorSid / vendorName to a vendor of the organization, creating one by name when needed. */
async function resolveVendor(
  db: Db,
  p: Principal,
  vendorSid: string | null | undefined,
  vendorName: string | null | undefined,
): Promise<{ vendorSid: string | null; vendorName: string | null }> {
  if (vendorSid) {
    const vendor = await db
      .selectFrom('vendors')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', vendorSid)
      .executeTakeFirst();
    if (!vendor) throw badRequest('vendorSid names no vendor of your organization.', 'vendorSid');
    if (vendorName && vendorName !== vendor.name) {
      throw badRequest('vendorName does not match the vendor named by vendorSid.', 'vendorName');
    }
    return { vendorSid: vendor.sid, vendorName: vendor.name };
  }
  if (vendorName) {
    const existing = await db
      .selectFrom('vendors')
      .select(['sid', 'name'])
      .where('organizationSid', '=', p.organizationSid)
      .where('name', '=', vendorName)
      .executeTakeFirst();
    if (existing) return { vendorSid: existing.sid, vendorName: existing.name };
    const now = new Date();
    const sid = newSid('VE');
    await db
      .insertInto('vendors')
      .values({ sid, organizationSid: p.organizationSid, name: vendorName, email: null, created: now, updated: now })
      .execute();
    return { vendorSid: sid, vendorName };
  }
  return { vendorSid: null, vendorName: null };
}

async function assertUniqueName(db: Db, p: Principal, uniqueName: string | null | undefined, exceptSid?: string) {
  if (!uniqueName) return;
  let q = db
    .selectFrom('orders')
    .select('sid')
    .where('organizationSid', '=', p.organizationSid)
    .where('uniqueName', '=', uniqueName);
  if (exceptSid) q = q.where('sid', '!=', exceptSid);
  if (await q.executeTakeFirst()) throw conflict(`An order named "${uniqueName}" already exists.`, 'uniqueName');
}

export function registerOrders(app: Hono<AppEnv>): void {
  app.get('/v1/orders', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListOrdersQuery, ['sid']);
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ orders: [], page: { previousPageToken: null, nextPageToken: null } });
    }
    const db = dbOf(c);
    let q = db.selectFrom('orders').selectAll('orders').where('orders.organizationSid', '=', p.organizationSid);
    if (p.role === 'vendor') q = q.where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    if (params.sid?.length) q = q.where('orders.sid', 'in', params.sid);
    if (params.vendorSid) q = q.where('orders.vendorSid', '=', params.vendorSid);
    const pattern = containsPattern(params.q);
    if (pattern) {
      q = q.where((eb) =>
        eb.or([
          eb('orders.uniqueName', 'ilike', pattern),
          eb('orders.title', 'ilike', pattern),
          eb('orders.vendorName', 'ilike', pattern),
        ]),
      );
    }
    // The order's active item groups; the filters below ask whether some exist.
    const activeGroups = (eb: ExpressionBuilder<Database, 'orders'>) =>
      eb
        .selectFrom('itemGroups as g')
        .select('g.sid')
        .whereRef('g.orderSid', '=', 'orders.sid')
        .where('g.status', '=', 'active');
    const { dueDateFrom, dueDateTo, confirmed, hasOpenFlags } = params;
    if (dueDateFrom || dueDateTo) {
      q = q.where((eb) => {
        let due = activeGroups(eb).where('g.delivered', '=', false);
        if (dueDateFrom) due = due.where('g.dueDate', '>=', dueDateFrom);
        if (dueDateTo) due = due.where('g.dueDate', '<=', dueDateTo);
        return eb.exists(due);
      });
    }
    if (confirmed === true) {
      q = q.where((eb) =>
        eb.and([eb.exists(activeGroups(eb)), eb.not(eb.exists(activeGroups(eb).where('g.confirmed', '=', false)))]),
      );
    } else if (confirmed === false) {
      q = q.where((eb) => eb.exists(activeGroups(eb).where('g.confirmed', '=', false)));
    }
    if (hasOpenFlags !== undefined) {
      q = q.where((eb) => {
        const openFlags = eb
          .selectFrom('flags as f')
          .select('f.sid')
          .whereRef('f.orderSid', '=', 'orders.sid')
          .where('f.status', '=', 'open');
        return hasOpenFlags ? eb.exists(openFlags) : eb.not(eb.exists(openFlags));
      });
    }
    const descending = params.sortOrder === 'Desc';
    const orderBy = params.orderBy ?? 'created';
    let found;
    if (orderBy === 'created') {
      assertTokenFits(params.pageToken, 'timestamp');
      found = await pageOf(q, params, { key: 'orders.created', sid: 'orders.sid', descending });
    } else {
      const key = orderBy === 'uniqueName' ? uniqueNameKey : nextDueDateKey;
      assertTokenFits(params.pageToken, orderBy === 'uniqueName' ? 'text' : 'date');
      found = await pageOf(q.select(key.as('sortKey')), params, {
        key,
        sid: sql.ref('orders.sid'),
        descending,
        keyOf: (row) => keyString(row.sortKey),
      });
    }
    const { rows, page } = found;
    const summaries = await orderSummaries(
      db,
      p.organizationSid,
      rows.map((o) => o.sid),
    );
    return c.json({ orders: rows.map((o) => ({ ...serializeOrder(o), summary: summaries.get(o.sid) })), page });
  });

  app.post('/v1/orders', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateOrderBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'OR');
    if (!body.vendorSid && !body.vendorName) throw badRequest('Give vendorSid or vendorName.', 'vendorName');
    if (sid) {
      // The client's sid is an idempotency token: the same create twice answers the first result.
      const existing = await db.selectFrom('orders').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            vendorSid: [body.vendorSid ?? undefined, row.vendorSid],
            vendorName: [body.vendorName ?? undefined, row.vendorName],
            uniqueName: [body.uniqueName ?? null, row.uniqueName],
            title: [body.title ?? null, row.title],
          }),
          serializeOrder,
        );
      }
    }
    const order = await db.transaction().execute(async (tx) => {
      await assertUniqueName(tx, p, body.uniqueName);
      const vendor = await resolveVendor(tx, p, body.vendorSid, body.vendorName);
      const now = new Date();
      const row = await tx
        .insertInto('orders')
        .values({
          sid: sid ?? newSid('OR'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          ...vendor,
          uniqueName: body.uniqueName ?? null,
          title: body.title ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, p, { type: 'order.created', orderSid: row.sid, after: serializeOrder(row) });
      return row;
    });
    return c.json(serializeOrder(order), 201);
  });

  app.get('/v1/orders/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const order = await findOrder(db, p, c.req.param('sidOrUniqueName'));
    const summaries = await orderSummaries(db, p.organizationSid, [order.sid]);
    return c.json({ ...serializeOrder(order), summary: summaries.get(order.sid) });
  });

  app.patch('/v1/orders/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateOrderBody);
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const order = await findOrder(tx, p, c.req.param('sidOrUniqueName'));
        if (body.uniqueName !== undefined) await assertUniqueName(tx, p, body.uniqueName, order.sid);
        const vendorChange =
          body.vendorSid !== undefined || body.vendorName !== undefined
            ? await resolveVendor(
                tx,
                p,
                body.vendorSid,
                body.vendorName ?? (body.vendorSid ? undefined : order.vendorName),
              )
            : {};
        const changes = { ...vendorChange, uniqueName: body.uniqueName, title: body.title };
        if (leavesAsIs(order, changes)) return unchanged(c, order);
        const row = await tx
          .updateTable('orders')
          .set({ ...changes, updated: new Date() })
          .where('sid', '=', order.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeOrder(order), serializeOrder(row));
        if (Object.keys(diff.after).length)
          await recordEvent(tx, p, { type: 'order.updated', orderSid: row.sid, ...diff });
        return row;
      });
    return c.json(serializeOrder(updated));
  });

  app.delete('/v1/orders/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const order = await findOrder(tx, p, c.req.param('sidOrUniqueName'));
        await tx.deleteFrom('orders').where('sid', '=', order.sid).execute();
        // The order's own events go with it; this one records who deleted what.
        await recordEvent(tx, p, { type: 'order.deleted', before: serializeOrder(order) });
      });
    return c.body(null, 204);
  });

  app.get('/v1/orders/:sidOrUniqueName/events', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListOrderEventsQueryParams);
    const db = dbOf(c);
    const order = await findOrder(db, p, c.req.param('sidOrUniqueName'));
    const { events, page } = await eventPage(db, p, params, { orderSid: order.sid });
    return c.json({ orderEvents: events, page });
  });
}
