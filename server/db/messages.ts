// Message threads and the inbox: which messages a caller can read, what each
// concerns, and which the caller has read. Staff read the vendors' side as
// replies (and emails from outside); a vendor user reads the staff's, on its
// own vendors' orders only.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { isOtherSide, STAFF_ROLES } from '../domain/messages/reader-side.ts';
import type { Principal } from '../http/context.ts';
import type { Database, Db, Row } from './schema.ts';

export type MessageRow = Row<'messages'>;

export interface MessageConcern {
  orderSid: string;
  orderUniqueName: string | null;
  vendorName: string | null;
  itemSid: string | null;
  itemUniqueName: string | null;
  itemGroupSid: string | null;
  itemGroupUniqueName: string | null;
}

type MessagesEb = ExpressionBuilder<Database & { m: Database['messages'] }, 'm'>;

/** The order a link names, directly or through its item or item group. */
const linkedOrder = sql`coalesce(l.order_sid, li.order_sid, lg.order_sid)`;

/** Messages a vendor user may read: at least one link on an order of its vendors. */
function onVendorsOrders(eb: MessagesEb, vendorSids: readonly string[]): Expression<SqlBool> {
  return eb.exists(
    sql`(select 1 from message_links l
      left join items li on li.sid = l.item_sid
      left join item_groups lg on lg.sid = l.item_group_sid
      join orders lo on lo.sid = coalesce(l.order_sid, li.order_sid, lg.order_sid)
      where l.message_sid = m.sid and lo.vendor_sid in (${sql.join(vendorSids.length ? vendorSids : [''])}))`,
  );
}

/** The messages the caller reads as the other side's, as `isOtherSide` says. */
function otherSide(p: Principal): (eb: MessagesEb) => Expression<SqlBool> {
  return (eb) =>
    p.role === 'vendor'
      ? eb('m.authorRole', 'in', STAFF_ROLES)
      : eb.or([eb('m.authorRole', 'is', null), eb('m.authorRole', 'not in', STAFF_ROLES)]);
}

/** The messages the caller can read, as `m`: its organization's, and for a vendor user those on its lines. */
export function readableMessages(db: Db, p: Principal) {
  let q = db.selectFrom('messages as m').selectAll('m').where('m.organizationSid', '=', p.organizationSid);
  if (p.role === 'vendor') q = q.where((eb) => onVendorsOrders(eb, p.vendorSids));
  return q;
}

/** When the caller's account was made: messages before it are not news to them. */
async function joinedAt(db: Db, userSid: string): Promise<Date> {
  const user = await db.selectFrom('users').select('created').where('sid', '=', userSid).executeTakeFirst();
  return user?.created ?? new Date(0);
}

/** Narrows readable messages to those the caller has not read. */
export async function unreadOnly(db: Db, p: Principal, q: ReturnType<typeof readableMessages>) {
  const since = await joinedAt(db, p.userSid);
  return q
    .where(otherSide(p))
    .where('m.created', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('messageReads as r')
            .select('r.messageSid')
            .whereRef('r.messageSid', '=', 'm.sid')
            .where('r.userSid', '=', p.userSid),
        ),
      ),
    );
}

/** The caller's unread messages. */
export async function unreadCount(db: Db, p: Principal): Promise<number> {
  const q = await unreadOnly(db, p, readableMessages(db, p));
  const row = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  // count(*) is a bigint: a number from both engines here (connect.ts), typed as either to stay honest.
  return Number(row.count);
}

/** The sids of messages linked to the order, one of its items, or one of their item groups. */
export function orderThreadSids(db: Db, orderSid: string) {
  return db
    .selectFrom('messageLinks')
    .select('messageSid')
    .where('orderSid', '=', orderSid)
    .union(
      db
        .selectFrom('messageLinks as l')
        .innerJoin('items', 'items.sid', 'l.itemSid')
        .select('l.messageSid')
        .where('items.orderSid', '=', orderSid),
    )
    .union(
      db
        .selectFrom('messageLinks as l')
        .innerJoin('itemGroups', 'itemGroups.sid', 'l.itemGroupSid')
        .select('l.messageSid')
        .where('itemGroups.orderSid', '=', orderSid),
    );
}

/** The sids of messages linked to the item or one of its item groups. */
export function itemThreadSids(db: Db, itemSid: string) {
  return db
    .selectFrom('messageLinks')
    .select('messageSid')
    .where('itemSid', '=', itemSid)
    .union(
      db
        .selectFrom('messageLinks as l')
        .innerJoin('itemGroups', 'itemGroups.sid', 'l.itemGroupSid')
        .select('l.messageSid')
        .where('itemGroups.itemSid', '=', itemSid),
    );
}

/** The sids of messages linked to the item group. */
export function itemGroupThreadSids(db: Db, itemGroupSid: string) {
  return db.selectFrom('messageLinks').select('messageSid').where('itemGroupSid', '=', itemGroupSid);
}

/** What each message concerns, in link order: order, then item, then item group links. */
export async function concernsOf(db: Db, messageSids: readonly string[]): Promise<Map<string, MessageConcern[]>> {
  const out = new Map<string, MessageConcern[]>();
  if (messageSids.length === 0) return out;
  const rows = await db
    .selectFrom('messageLinks as l')
    .leftJoin('itemGroups as lg', 'lg.sid', 'l.itemGroupSid')
    .leftJoin('items as li', (join) => join.on(sql.ref('li.sid'), '=', sql`coalesce(l.item_sid, lg.item_sid)`))
    .innerJoin('orders as lo', (join) => join.on(sql.ref('lo.sid'), '=', linkedOrder))
    .select([
      'l.messageSid',
      'lo.sid as orderSid',
      'lo.uniqueName as orderUniqueName',
      'lo.vendorName',
      'li.sid as itemSid',
      'li.uniqueName as itemUniqueName',
      'lg.sid as itemGroupSid',
      'lg.uniqueName as itemGroupUniqueName',
    ])
    .where('l.messageSid', 'in', [...messageSids])
    .orderBy('l.messageSid')
    .orderBy(sql`l.order_sid is null`)
    .orderBy(sql`l.item_sid is null`)
    .orderBy('lo.uniqueName')
    .orderBy('li.uniqueName')
    .orderBy('lg.uniqueName')
    .execute();
  for (const { messageSid, ...concern } of rows) {
    const list = out.get(messageSid) ?? [];
    list.push(concern);
    out.set(messageSid, list);
  }
  return out;
}

/** Which of these messages the caller has read (its own side's and those before it joined count as read). */
export async function readSids(db: Db, p: Principal, messages: readonly MessageRow[]): Promise<Set<string>> {
  const since = await joinedAt(db, p.userSid);
  const read = new Set(
    messages.filter((m) => !isOtherSide(p.role, m.authorRole) || m.created < since).map((m) => m.sid),
  );
  const pending = messages.filter((m) => !read.has(m.sid)).map((m) => m.sid);
  if (pending.length) {
    const rows = await db
      .selectFrom('messageReads')
      .select('messageSid')
      .where('userSid', '=', p.userSid)
      .where('messageSid', 'in', pending)
      .execute();
    for (const row of rows) read.add(row.messageSid);
  }
  return read;
}

/** Marks messages read for the user; reading one again changes nothing. */
export async function markRead(
  db: Db,
  userSid: string,
  messageSids: readonly string[],
  now = new Date(),
): Promise<void> {
  if (messageSids.length === 0) return;
  await db
    .insertInto('messageReads')
    .values(messageSids.map((messageSid) => ({ userSid, messageSid, readAt: now })))
    .onConflict((oc) => oc.columns(['userSid', 'messageSid']).doNothing())
    .execute();
}

/** A message's links (one record each), as the sids of each kind. */
export interface LinkedSids {
  orderSids: string[];
  itemSids: string[];
  itemGroupSids: string[];
}

/** Splits a message's link rows into their orders, items and item groups. */
export function linksToSids(
  links: readonly { orderSid: string | null; itemSid: string | null; itemGroupSid: string | null }[],
): LinkedSids {
  return {
    orderSids: links.flatMap((l) => (l.orderSid ? [l.orderSid] : [])),
    itemSids: links.flatMap((l) => (l.itemSid ? [l.itemSid] : [])),
    itemGroupSids: links.flatMap((l) => (l.itemGroupSid ? [l.itemGroupSid] : [])),
  };
}

/** The open lines (active, not delivered) that a message's links concern: its item groups, and all of its items' and orders'. */
export async function openLinesOf(
  db: Db,
  organizationSid: string,
  links: Readonly<LinkedSids>,
): Promise<Row<'itemGroups'>[]> {
  const { orderSids, itemSids, itemGroupSids } = links;
  if (!orderSids.length && !itemSids.length && !itemGroupSids.length) return [];
  return db
    .selectFrom('itemGroups')
    .selectAll()
    .where('organizationSid', '=', organizationSid)
    .where('status', '=', 'active')
    .where('delivered', '=', false)
    .where((eb) =>
      eb.or([
        ...(itemGroupSids.length ? [eb('sid', 'in', [...itemGroupSids])] : []),
        ...(itemSids.length ? [eb('itemSid', 'in', [...itemSids])] : []),
        ...(orderSids.length ? [eb('orderSid', 'in', [...orderSids])] : []),
      ]),
    )
    .orderBy('sid')
    .execute();
}

/** How long an upload waits for the message it was chosen for: a composer left open over a day is abandoned. */
export const UNSENT_ATTACHMENT_MS = 24 * 60 * 60 * 1000;

/** Deletes the files uploaded for a message that was never sent (their attachment rows go with them). */
export async function purgeUnsentAttachments(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom('files')
    .where('sid', 'in', (eb) =>
      eb
        .selectFrom('messageAttachments')
        .select('fileSid')
        .where('messageSid', 'is', null)
        .where('created', '<', new Date(now.getTime() - UNSENT_ATTACHMENT_MS)),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
