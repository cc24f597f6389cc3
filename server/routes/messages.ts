// Messages on orders, items and item groups (tags: messages, messagesForOrders,
// messagesForItems, messagesForItemGroups). A message is linked to the records
// it concerns; each list shows the messages linked directly to its record.
import type { Hono } from 'hono';
import { CreateMessageBody } from '../../src/api/generated/zod/messages/messages.zod.ts';
import { ListItemGroupMessagesQueryParams } from '../../src/api/generated/zod/messages-for-item-groups/messages-for-item-groups.zod.ts';
import { ListItemMessagesQueryParams } from '../../src/api/generated/zod/messages-for-items/messages-for-items.zod.ts';
import { ListOrderMessagesQueryParams } from '../../src/api/generated/zod/messages-for-orders/messages-for-orders.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { findItemGroup } from './item-groups.ts';
import { findItem } from './items.ts';
import { findOrder } from './orders.ts';
import {
  clientSid,
  type Ctx,
  dbOf,
  type Db,
  isoRequired,
  pageOf,
  type PageParams,
  principalOf,
  replayCreate,
} from './support.ts';

type MessageRow = Row<'messages'>;
type LinkColumn = 'orderSid' | 'itemSid' | 'itemGroupSid';

export function serializeMessage(m: MessageRow) {
  return {
    sid: m.sid,
    organizationSid: m.organizationSid,
    outboundEmailReplySid: m.outboundEmailReplySid,
    created: isoRequired(m.created),
    updated: isoRequired(m.updated),
    author: m.author,
    content: m.content,
  };
}

/** A record the caller cannot see, named in the body, is bad input for that field rather than a missing page. */
async function mustSee<T extends { sid: string }>(lookup: Promise<T>, sid: string, field: string, what: string) {
  const found = await lookup.catch((e: unknown) => {
    if (e instanceof HttpError && e.status === 404) return null;
    throw e;
  });
  // findOrder also matches unique names: a link must name the record by its sid.
  if (!found || found.sid !== sid) throw badRequest(`${field} names no ${what} of yours: ${sid}.`, field);
  return found;
}

/** True when one of the message's links is on a line of the vendor user's vendors. */
async function vendorCanSee(db: Db, p: Principal, messageSid: string): Promise<boolean> {
  const row = await db
    .selectFrom('messageLinks')
    .leftJoin('items', 'items.sid', 'messageLinks.itemSid')
    .leftJoin('itemGroups', 'itemGroups.sid', 'messageLinks.itemGroupSid')
    .innerJoin('orders', (join) =>
      join.on((eb) =>
        eb('orders.sid', '=', eb.fn.coalesce('messageLinks.orderSid', 'items.orderSid', 'itemGroups.orderSid')),
      ),
    )
    .select('messageLinks.messageSid')
    .where('messageLinks.messageSid', '=', messageSid)
    .where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : [''])
    .executeTakeFirst();
  return row !== undefined;
}

/** One page of the messages linked directly to the record (already found, so already scoped). */
async function linkedMessages(c: Ctx, column: LinkColumn, sid: string, params: PageParams) {
  const p = principalOf(c);
  const q = dbOf(c)
    .selectFrom('messages')
    .innerJoin('messageLinks', 'messageLinks.messageSid', 'messages.sid')
    .selectAll('messages')
    .where('messages.organizationSid', '=', p.organizationSid)
    .where(`messageLinks.${column}`, '=', sid);
  const { rows, page } = await pageOf(q, params, { key: 'messages.created', sid: 'messages.sid' });
  return c.json({ messages: rows.map(serializeMessage), page });
}

const distinct = (values: readonly string[] | null | undefined): string[] => [...new Set(values ?? [])];

export function registerMessages(app: Hono<AppEnv>): void {
  app.post('/v1/messages', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, CreateMessageBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'MS');
    if (sid) {
      const existing = await db.selectFrom('messages').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        // A message a vendor may not see is out of its sight, as another organization's is.
        const hidden = p.role === 'vendor' && !(await vendorCanSee(db, p, existing.sid));
        return replayCreate(
          c,
          hidden ? null : existing,
          async (row) => {
            const links = await db.selectFrom('messageLinks').selectAll().where('messageSid', '=', row.sid).execute();
            const linked = (column: LinkColumn) => links.flatMap((link) => (link[column] ? [link[column]] : [])).sort();
            return {
              content: [body.content, row.content],
              orderSids: [distinct(body.orderSids).sort(), linked('orderSid')],
              itemSids: [distinct(body.itemSids).sort(), linked('itemSid')],
              itemGroupSids: [distinct(body.itemGroupSids).sort(), linked('itemGroupSid')],
            };
          },
          serializeMessage,
        );
      }
    }
    const orderSids = distinct(body.orderSids);
    const itemSids = distinct(body.itemSids);
    const itemGroupSids = distinct(body.itemGroupSids);
    if (!orderSids.length && !itemSids.length && !itemGroupSids.length) {
      throw badRequest('Link the message to at least one order, item or item group.', 'orderSids');
    }
    const message = await db.transaction().execute(async (tx) => {
      // Every link is checked (and scoped to what the caller may see) before anything is written.
      for (const s of orderSids) await mustSee(findOrder(tx, p, s), s, 'orderSids', 'order');
      for (const s of itemSids) await mustSee(findItem(tx, p, s), s, 'itemSids', 'item');
      for (const s of itemGroupSids) await mustSee(findItemGroup(tx, p, s), s, 'itemGroupSids', 'item group');
      const now = new Date();
      const row = await tx
        .insertInto('messages')
        .values({
          sid: sid ?? newSid('MS'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          outboundEmailReplySid: null,
          author: p.name,
          authorSid: p.userSid,
          content: body.content,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const none = { orderSid: null, itemSid: null, itemGroupSid: null };
      const links = [
        ...orderSids.map((s) => ({ ...none, orderSid: s })),
        ...itemSids.map((s) => ({ ...none, itemSid: s })),
        ...itemGroupSids.map((s) => ({ ...none, itemGroupSid: s })),
      ].map((link) => ({ messageSid: row.sid, ...link }));
      await tx.insertInto('messageLinks').values(links).execute();
      return row;
    });
    return c.json(serializeMessage(message), 201);
  });

  app.get('/v1/messages/:sid', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const message = await db
      .selectFrom('messages')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (!message) throw notFound('message');
    if (p.role === 'vendor' && !(await vendorCanSee(db, p, message.sid))) throw notFound('message');
    return c.json(serializeMessage(message));
  });

  app.get('/v1/orders/:sidOrUniqueName/messages', async (c) => {
    const params = queryParams(c, ListOrderMessagesQueryParams);
    const order = await findOrder(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'));
    return linkedMessages(c, 'orderSid', order.sid, params);
  });

  app.get('/v1/items/:sidOrUniqueName/messages', async (c) => {
    const params = queryParams(c, ListItemMessagesQueryParams);
    const item = await findItem(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'), params);
    return linkedMessages(c, 'itemSid', item.sid, params);
  });

  app.get('/v1/itemGroups/:sidOrUniqueName/messages', async (c) => {
    const params = queryParams(c, ListItemGroupMessagesQueryParams);
    const group = await findItemGroup(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'), params);
    return linkedMessages(c, 'itemGroupSid', group.sid, params);
  });
}
