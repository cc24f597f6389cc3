// Order items and their history (tags: items, itemEvents).
import type { Hono } from 'hono';
import { ListItemEventsQueryParams } from '../../src/api/generated/zod/item-events/item-events.zod.ts';
import {
  CreateItemBody,
  GetItemQueryParams,
  ListItemsQueryParams,
  UpdateItemBody,
} from '../../src/api/generated/zod/items/items.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { eventPage } from './events.ts';
import { findOrder } from './orders.ts';
import {
  canonicalDecimal,
  changedFields,
  clientSid,
  type Ctx,
  type Db,
  dbOf,
  decimal,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  replayCreate,
  requireStaff,
  unchanged,
} from './support.ts';

type ItemRow = Row<'items'>;

export function serializeItem(i: ItemRow) {
  return {
    sid: i.sid,
    created: isoRequired(i.created),
    updated: isoRequired(i.updated),
    orderSid: i.orderSid,
    uniqueName: i.uniqueName,
    title: i.title,
    status: i.status,
    quantity: decimal(i.quantity) ?? '0',
    pricePerUnit: decimal(i.pricePerUnit),
    nonRecurringCost: decimal(i.nonRecurringCost),
    leadTime: i.leadTime,
    shipTime: i.shipTime,
    organizationSid: i.organizationSid,
    lineNumber: i.lineNumber,
    description: i.description,
    manufacturerPartNumber: i.manufacturerPartNumber,
    revision: i.revision,
  };
}

export interface ItemRef {
  orderSid?: string | null;
  orderUniqueName?: string | null;
}

/**
 * The item by sid, or by unique name within the order given by orderSid or
 * orderUniqueName; scoped to the organization and, for vendors, their orders.
 */
export async function findItem(db: Db, p: Principal, sidOrUniqueName: string, ref: ItemRef = {}): Promise<ItemRow> {
  let q = db.selectFrom('items').selectAll('items').where('items.organizationSid', '=', p.organizationSid);
  if (ref.orderSid || ref.orderUniqueName) {
    const order = await findOrder(db, p, ref.orderSid ?? ref.orderUniqueName ?? '');
    if (ref.orderSid && ref.orderUniqueName && order.uniqueName !== ref.orderUniqueName) {
      throw badRequest('orderSid and orderUniqueName name different orders.', 'orderUniqueName');
    }
    q = q
      .where('items.orderSid', '=', order.sid)
      .where((eb) => eb.or([eb('items.sid', '=', sidOrUniqueName), eb('items.uniqueName', '=', sidOrUniqueName)]));
  } else {
    q = q.where('items.sid', '=', sidOrUniqueName);
  }
  if (p.role === 'vendor') {
    q = q
      .innerJoin('orders', 'orders.sid', 'items.orderSid')
      .where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
  }
  const rows = await q.execute();
  const item = rows.find((r) => r.sid === sidOrUniqueName) ?? rows[0];
  if (!item) throw notFound('item');
  return item;
}

/** The unique name of the item's order. */
async function orderName(db: Db, item: ItemRow): Promise<string | null> {
  const order = await db.selectFrom('orders').select('uniqueName').where('sid', '=', item.orderSid).executeTakeFirst();
  return order?.uniqueName ?? null;
}

function itemRefFrom(c: Ctx): ItemRef {
  return queryParams(c, GetItemQueryParams);
}

export function registerItems(app: Hono<AppEnv>): void {
  app.get('/v1/items', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListItemsQueryParams);
    let q = dbOf(c)
      .selectFrom('items')
      .innerJoin('orders', 'orders.sid', 'items.orderSid')
      .selectAll('items')
      .where('items.organizationSid', '=', p.organizationSid);
    if (params.orderSid) q = q.where('items.orderSid', '=', params.orderSid);
    if (params.vendorSid) q = q.where('orders.vendorSid', '=', params.vendorSid);
    if (p.role === 'vendor') q = q.where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    if (params.buyerSid && params.buyerSid !== p.organizationSid) q = q.where('items.sid', '=', '');
    const { rows, page } = await pageOf(q, params, { key: 'items.created', sid: 'items.sid' });
    return c.json({ items: rows.map(serializeItem), page });
  });

  app.post('/v1/items', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateItemBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'IT');
    if (!body.orderSid && !body.orderUniqueName) throw badRequest('Give orderSid or orderUniqueName.', 'orderSid');
    if (sid) {
      const existing = await db.selectFrom('items').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          async (row) => ({
            orderSid: [body.orderSid ?? undefined, row.orderSid],
            orderUniqueName: [body.orderUniqueName ?? undefined, body.orderUniqueName && (await orderName(db, row))],
            uniqueName: [body.uniqueName ?? null, row.uniqueName],
            title: [body.title ?? null, row.title],
            status: [body.status ?? 'active', row.status],
            quantity: [canonicalDecimal(body.quantity), canonicalDecimal(row.quantity)],
            pricePerUnit: [canonicalDecimal(body.pricePerUnit), canonicalDecimal(row.pricePerUnit)],
            nonRecurringCost: [canonicalDecimal(body.nonRecurringCost), canonicalDecimal(row.nonRecurringCost)],
            leadTime: [body.leadTime ?? null, row.leadTime],
            shipTime: [body.shipTime ?? null, row.shipTime],
            lineNumber: [body.lineNumber ?? null, row.lineNumber],
            description: [body.description ?? null, row.description],
            manufacturerPartNumber: [body.manufacturerPartNumber ?? null, row.manufacturerPartNumber],
            revision: [body.revision ?? null, row.revision],
          }),
          serializeItem,
        );
      }
    }
    const item = await db.transaction().execute(async (tx) => {
      const order = await findOrder(tx, p, body.orderSid ?? body.orderUniqueName ?? '').catch(() => {
        throw badRequest(
          'orderSid or orderUniqueName names no order of yours.',
          body.orderSid ? 'orderSid' : 'orderUniqueName',
        );
      });
      if (body.orderSid && body.orderUniqueName && order.uniqueName !== body.orderUniqueName) {
        throw badRequest('orderSid and orderUniqueName name different orders.', 'orderUniqueName');
      }
      if (body.uniqueName) {
        const taken = await tx
          .selectFrom('items')
          .select('sid')
          .where('orderSid', '=', order.sid)
          .where('uniqueName', '=', body.uniqueName)
          .executeTakeFirst();
        if (taken) throw conflict(`This order already has an item named "${body.uniqueName}".`, 'uniqueName');
      }
      const now = new Date();
      const row = await tx
        .insertInto('items')
        .values({
          sid: sid ?? newSid('IT'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          orderSid: order.sid,
          uniqueName: body.uniqueName ?? null,
          title: body.title ?? null,
          ...(body.status ? { status: body.status } : {}),
          quantity: body.quantity,
          pricePerUnit: body.pricePerUnit ?? null,
          nonRecurringCost: body.nonRecurringCost ?? null,
          leadTime: body.leadTime ?? null,
          shipTime: body.shipTime ?? null,
          lineNumber: body.lineNumber ?? null,
          description: body.description ?? null,
          manufacturerPartNumber: body.manufacturerPartNumber ?? null,
          revision: body.revision ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, p, {
        type: 'item.created',
        orderSid: order.sid,
        itemSid: row.sid,
        after: serializeItem(row),
      });
      return row;
    });
    return c.json(serializeItem(item), 201);
  });

  app.get('/v1/items/:sidOrUniqueName', async (c) => {
    const item = await findItem(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'), itemRefFrom(c));
    return c.json(serializeItem(item));
  });

  app.patch('/v1/items/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = itemRefFrom(c);
    const body = await jsonBody(c, UpdateItemBody);
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const item = await findItem(tx, p, c.req.param('sidOrUniqueName'), ref);
        if (body.uniqueName && body.uniqueName !== item.uniqueName) {
          const taken = await tx
            .selectFrom('items')
            .select('sid')
            .where('orderSid', '=', item.orderSid)
            .where('uniqueName', '=', body.uniqueName)
            .executeTakeFirst();
          if (taken) throw conflict(`This order already has an item named "${body.uniqueName}".`, 'uniqueName');
        }
        const { eventRelations: _relations, ...changes } = body;
        if (changes.quantity === null) throw badRequest('quantity cannot be null.', 'quantity');
        if (changes.status === null) throw badRequest('status cannot be null.', 'status');
        const written = { ...changes, quantity: changes.quantity ?? undefined, status: changes.status ?? undefined };
        if (leavesAsIs(item, written, ['quantity'])) return unchanged(c, item);
        const row = await tx
          .updateTable('items')
          .set({ ...written, updated: new Date() })
          .where('sid', '=', item.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeItem(item), serializeItem(row));
        if (Object.keys(diff.after).length) {
          await recordEvent(tx, p, { type: 'item.updated', orderSid: row.orderSid, itemSid: row.sid, ...diff });
        }
        return row;
      });
    return c.json(serializeItem(updated));
  });

  app.delete('/v1/items/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = itemRefFrom(c);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const item = await findItem(tx, p, c.req.param('sidOrUniqueName'), ref);
        await tx.deleteFrom('items').where('sid', '=', item.sid).execute();
        await recordEvent(tx, p, { type: 'item.deleted', orderSid: item.orderSid, before: serializeItem(item) });
      });
    return c.body(null, 204);
  });

  app.get('/v1/items/:sidOrUniqueName/events', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListItemEventsQueryParams);
    const db = dbOf(c);
    const item = await findItem(db, p, c.req.param('sidOrUniqueName'), params);
    const { events, page } = await eventPage(db, p, params, { orderSid: item.orderSid, itemSid: item.sid });
    return c.json({ itemEvents: events, page });
  });
}
