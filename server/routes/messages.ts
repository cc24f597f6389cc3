// Messages on orders, items and item groups (tags: messages, messagesForOrders,
// messagesForItems, messagesForItemGroups, messageInbox). A message is linked to
// the records it concerns; an order's thread holds the messages about it and its
// lines, an item's those about it and its shipments. Reads and the inbox are
// scoped in server/db/messages.ts.
import type { Hono } from 'hono';
import { CreateMessageBody } from '../../src/api/generated/zod/messages/messages.zod.ts';
import { ListItemGroupMessagesQueryParams } from '../../src/api/generated/zod/messages-for-item-groups/messages-for-item-groups.zod.ts';
import { ListItemMessagesQueryParams } from '../../src/api/generated/zod/messages-for-items/messages-for-items.zod.ts';
import { ListOrderMessagesQueryParams } from '../../src/api/generated/zod/messages-for-orders/messages-for-orders.zod.ts';
import {
  ListMessagesQueryParams,
  MarkMessagesReadBody,
} from '../../src/api/generated/zod/message-inbox/message-inbox.zod.ts';
import {
  concernsOf,
  itemGroupThreadSids,
  itemThreadSids,
  markRead,
  type MessageRow,
  openLinesOf,
  orderThreadSids,
  readableMessages,
  readSids,
  unreadCount,
  unreadOnly,
} from '../db/messages.ts';
import {
  ALLOWED_ATTACHMENTS,
  attachmentContentType,
  attachmentName,
  MAX_ATTACHMENT_BYTES,
} from '../domain/messages/attachment-type.ts';
import { newSid } from '../domain/sid.ts';
import { storeFile } from '../db/files.ts';
import { readOneFile } from '../http/multipart.ts';
import { signedFileUrl } from '../http/signed-url.ts';
import { messageLineLabel } from '../domain/messages/line-label.ts';
import { afterLineChanges } from '../jobs/follow-up-lines.ts';
import { queueMessageNotices } from '../jobs/message-notices.ts';
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
  strictQuery,
} from './support.ts';

type LinkColumn = 'orderSid' | 'itemSid' | 'itemGroupSid';

/** The files attached to these messages, each with a download link signed now. */
async function attachmentsOf(db: Db, messageSids: readonly string[], origin: string) {
  const out = new Map<string, ReturnType<typeof serializeAttachment>[]>();
  if (!messageSids.length) return out;
  const rows = await db
    .selectFrom('messageAttachments as a')
    .innerJoin('files as f', 'f.sid', 'a.fileSid')
    .select(['a.sid', 'a.messageSid', 'a.fileSid', 'f.name', 'f.size', 'f.contentType'])
    .where('a.messageSid', 'in', [...messageSids])
    .orderBy('a.created')
    .orderBy('a.sid')
    .execute();
  for (const row of rows) {
    const list = out.get(row.messageSid ?? '') ?? [];
    list.push(serializeAttachment(row, origin));
    out.set(row.messageSid ?? '', list);
  }
  return out;
}

function serializeAttachment(
  a: { sid: string; fileSid: string; name: string; size: number; contentType: string },
  origin: string,
) {
  const { url, expires } = signedFileUrl(origin, a.fileSid);
  return { sid: a.sid, name: a.name, size: a.size, contentType: a.contentType, url, expires };
}

/** Messages as the caller sees them: what each concerns, whether the caller has read it, and its files. */
export async function serializeMessages(db: Db, p: Principal, rows: readonly MessageRow[], origin: string) {
  const sids = rows.map((m) => m.sid);
  const [concerns, read, attachments] = await Promise.all([
    concernsOf(db, sids),
    readSids(db, p, rows),
    attachmentsOf(db, sids, origin),
  ]);
  return rows.map((m) => ({
    sid: m.sid,
    organizationSid: m.organizationSid,
    outboundEmailReplySid: m.outboundEmailReplySid,
    created: isoRequired(m.created),
    updated: isoRequired(m.updated),
    author: m.author,
    content: m.content,
    authorSid: m.authorSid,
    authorRole: m.authorRole,
    concerns: concerns.get(m.sid) ?? [],
    read: read.has(m.sid),
    attachments: attachments.get(m.sid) ?? [],
  }));
}

async function serializeMessage(db: Db, p: Principal, row: MessageRow, origin: string) {
  const [one] = await serializeMessages(db, p, [row], origin);
  return one;
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

/**
 * Attaches the caller's own uploads, not attached yet, to a new message: any other sid (someone else's, one
 * already attached) is a 400 naming attachmentSids, and the message is not written.
 */
async function attachUploads(tx: Db, p: Principal, messageSid: string, sids: readonly string[]): Promise<void> {
  if (!sids.length) return;
  const attached = await tx
    .updateTable('messageAttachments')
    .set({ messageSid })
    .where('organizationSid', '=', p.organizationSid)
    .where('uploadedBy', '=', p.userSid)
    .where('messageSid', 'is', null)
    .where('sid', 'in', [...sids])
    .returning('sid')
    .execute();
  const missing = sids.filter((sid) => !attached.some((a) => a.sid === sid));
  if (missing.length) {
    throw badRequest(
      `attachmentSids names no upload of yours waiting for a message: ${missing.slice(0, 5).join(', ')}.`,
      'attachmentSids',
    );
  }
}

/** A message's links as a request names them. */
interface LinksBody {
  orderSids?: readonly string[] | null;
  itemSids?: readonly string[] | null;
  itemGroupSids?: readonly string[] | null;
}

/**
 * The records a request links a message to, each checked against what the caller may see (a 400 naming its list
 * for one it may not), and at least one (a 400 naming orderSids).
 */
export async function checkedLinks(tx: Db, p: Principal, body: LinksBody) {
  const orderSids = distinct(body.orderSids);
  const itemSids = distinct(body.itemSids);
  const itemGroupSids = distinct(body.itemGroupSids);
  if (!orderSids.length && !itemSids.length && !itemGroupSids.length) {
    throw badRequest('Link the message to at least one order, item or item group.', 'orderSids');
  }
  for (const s of orderSids) await mustSee(findOrder(tx, p, s), s, 'orderSids', 'order');
  for (const s of itemSids) await mustSee(findItem(tx, p, s), s, 'itemSids', 'item');
  for (const s of itemGroupSids) await mustSee(findItemGroup(tx, p, s), s, 'itemGroupSids', 'item group');
  const none = { orderSid: null, itemSid: null, itemGroupSid: null };
  return {
    orderSids,
    itemSids,
    itemGroupSids,
    links: [
      ...orderSids.map((s) => ({ ...none, orderSid: s })),
      ...itemSids.map((s) => ({ ...none, itemSid: s })),
      ...itemGroupSids.map((s) => ({ ...none, itemGroupSid: s })),
    ],
  };
}

/** One page of a thread, oldest first: the readable messages among `threadSids`. */
async function threadPage(c: Ctx, threadSids: ReturnType<typeof orderThreadSids>, params: PageParams) {
  const p = principalOf(c);
  const db = dbOf(c);
  const q = readableMessages(db, p).where('m.sid', 'in', threadSids);
  const { rows, page } = await pageOf(q, params, { key: 'm.created', sid: 'm.sid' });
  return c.json({ messages: await serializeMessages(db, p, rows, c.get('publicOrigin')), page });
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
        const hidden = !(await readableMessages(db, p).where('m.sid', '=', existing.sid).executeTakeFirst());
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
          (row) => serializeMessage(db, p, row, c.get('publicOrigin')),
        );
      }
    }
    const message = await db.transaction().execute(async (tx) => {
      // Every link is checked (and scoped to what the caller may see) before anything is written.
      const { orderSids, itemSids, itemGroupSids, links: linked } = await checkedLinks(tx, p, body);
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
          authorRole: p.role,
          content: body.content,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const links = linked.map((link) => ({ messageSid: row.sid, ...link }));
      await tx.insertInto('messageLinks').values(links).execute();
      await attachUploads(tx, p, row.sid, distinct(body.attachmentSids));
      // The other side hears of it by email, with a reply address that finds this conversation.
      const concerns = (await concernsOf(tx, [row.sid])).get(row.sid) ?? [];
      await queueMessageNotices(
        tx,
        { author: p, origin: c.get('publicOrigin'), now },
        row,
        concerns.map((concern) => ({
          orderSid: concern.orderSid,
          itemGroupSid: concern.itemGroupSid,
          label: messageLineLabel(concern),
        })),
      );
      // A vendor's message is an answer on the open lines it concerns (an order's or an item's: all of theirs).
      if (p.role === 'vendor') {
        const lines = await openLinesOf(tx, p.organizationSid, { orderSids, itemSids, itemGroupSids });
        await afterLineChanges(
          tx,
          { organizationSid: p.organizationSid, byVendor: true, now, publicUrl: c.get('publicOrigin') },
          lines.map((line) => ({ before: line, after: line })),
        );
      }
      return row;
    });
    return c.json(await serializeMessage(db, p, message, c.get('publicOrigin')), 201);
  });

  app.get('/v1/messages', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const params = queryParams(c, strictQuery(ListMessagesQueryParams));
    const readable = readableMessages(db, p);
    const q = params.unread ? await unreadOnly(db, p, readable) : readable;
    const { rows, page } = await pageOf(q, params, { key: 'm.created', sid: 'm.sid', descending: true });
    return c.json({ messages: await serializeMessages(db, p, rows, c.get('publicOrigin')), page });
  });

  app.post('/v1/messageAttachments', async (c) => {
    const p = principalOf(c);
    const file = await readOneFile(c, MAX_ATTACHMENT_BYTES);
    const name = attachmentName(file.name);
    const { content } = file;
    const contentType = attachmentContentType(content, name);
    if (!contentType) throw badRequest(`${name} is not ${ALLOWED_ATTACHMENTS}.`, 'file');
    const db = dbOf(c);
    const now = new Date();
    const row = await db.transaction().execute(async (tx) => {
      const fileSid = await storeFile(
        tx,
        { organizationSid: p.organizationSid, name, contentType, content, sha256: file.sha256 },
        now,
      );
      const sid = newSid('MA');
      await tx
        .insertInto('messageAttachments')
        .values({
          sid,
          organizationSid: p.organizationSid,
          messageSid: null,
          fileSid,
          uploadedBy: p.userSid,
          created: now,
        })
        .execute();
      return { sid, fileSid, name, size: content.length, contentType };
    });
    return c.json(serializeAttachment(row, c.get('publicOrigin')), 201);
  });

  app.get('/v1/messages/counts', async (c) => {
    const p = principalOf(c);
    return c.json({ unread: await unreadCount(dbOf(c), p) });
  });

  app.post('/v1/messages/reads', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const body = await jsonBody(c, MarkMessagesReadBody);
    const sids = distinct(body.messageSids);
    const found = await readableMessages(db, p).clearSelect().select('m.sid').where('m.sid', 'in', sids).execute();
    const missing = sids.filter((sid) => !found.some((row) => row.sid === sid));
    if (missing.length)
      throw badRequest(`messageSids names no message of yours: ${missing.slice(0, 5).join(', ')}.`, 'messageSids');
    await markRead(db, p.userSid, sids);
    return c.json({ unread: await unreadCount(db, p) });
  });

  app.get('/v1/messages/:sid', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const message = await readableMessages(db, p).where('m.sid', '=', c.req.param('sid')).executeTakeFirst();
    if (!message) throw notFound('message');
    return c.json(await serializeMessage(db, p, message, c.get('publicOrigin')));
  });

  app.get('/v1/orders/:sidOrUniqueName/messages', async (c) => {
    const params = queryParams(c, ListOrderMessagesQueryParams);
    const order = await findOrder(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'));
    return threadPage(c, orderThreadSids(dbOf(c), order.sid), params);
  });

  app.get('/v1/items/:sidOrUniqueName/messages', async (c) => {
    const params = queryParams(c, ListItemMessagesQueryParams);
    const item = await findItem(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'), params);
    return threadPage(c, itemThreadSids(dbOf(c), item.sid), params);
  });

  app.get('/v1/itemGroups/:sidOrUniqueName/messages', async (c) => {
    const params = queryParams(c, ListItemGroupMessagesQueryParams);
    const group = await findItemGroup(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'), params);
    return threadPage(c, itemGroupThreadSids(dbOf(c), group.sid), params);
  });
}
