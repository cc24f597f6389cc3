// The live-update channel: a change is announced with pg_notify, so it leaves
// only when its transaction commits and reaches every process listening on the
// database (LISTEN on PostgreSQL, PGlite's listen in the one process that
// holds an embedded database).
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { decodeChange, encodeChange, SESSIONS_RESOURCE, type LiveChange } from '../domain/live.ts';
import type { Db } from './schema.ts';

export const LIVE_CHANNEL = 'factor_live';

/** Announces changes; inside a transaction they leave when it commits, and not at all when it rolls back. */
export async function publishChanges(db: Db, changes: readonly LiveChange[]): Promise<void> {
  if (changes.length === 0) return;
  const payloads = changes.map(encodeChange);
  await sql`select pg_notify(${LIVE_CHANNEL}, payload) from unnest(${payloads}::text[]) as payload`.execute(db);
}

/** Announces that sessions ended or changed scope: every process checks their streams again at once. */
export function announceSessionChange(db: Db, organizationSid: string, sessionSids: string[]): Promise<void> {
  return publishChanges(db, [{ organizationSid, resource: SESSIONS_RESOURCE, sids: sessionSids, vendorSids: [] }]);
}

/**
 * The vendors whose lines the records touch, so their users hear of the change. Only what a vendor can read
 * names vendors (orders, items, item groups, their proposals and messages, update requests); anything else
 * reaches staff only.
 */
export async function vendorsOfRecords(
  db: Db,
  organizationSid: string,
  resource: string,
  sids: readonly string[],
): Promise<string[]> {
  if (sids.length === 0) return [];
  const list = [...sids];
  let rows: { vendorSid: string | null }[];
  switch (resource) {
    case 'orders':
      rows = await db
        .selectFrom('orders')
        .select('vendorSid')
        .where('organizationSid', '=', organizationSid)
        .where((eb) => eb.or([eb('sid', 'in', list), eb('uniqueName', 'in', list)]))
        .execute();
      break;
    case 'items':
      rows = await db
        .selectFrom('items')
        .innerJoin('orders', 'orders.sid', 'items.orderSid')
        .select('orders.vendorSid')
        .where('items.organizationSid', '=', organizationSid)
        .where((eb) => eb.or([eb('items.sid', 'in', list), eb('items.uniqueName', 'in', list)]))
        .execute();
      break;
    case 'itemGroups':
      rows = await db
        .selectFrom('itemGroups')
        .innerJoin('orders', 'orders.sid', 'itemGroups.orderSid')
        .select('orders.vendorSid')
        .where('itemGroups.organizationSid', '=', organizationSid)
        .where((eb) => eb.or([eb('itemGroups.sid', 'in', list), eb('itemGroups.uniqueName', 'in', list)]))
        .execute();
      break;
    case 'itemGroupProposals':
    case 'updateRequests':
      rows = await db
        .selectFrom(resource)
        .select('vendorSid')
        .where('organizationSid', '=', organizationSid)
        .where('sid', 'in', list)
        .execute();
      break;
    case 'messages':
      rows = await db
        .selectFrom('messageLinks')
        .innerJoin('messages', 'messages.sid', 'messageLinks.messageSid')
        .leftJoin('itemGroups', 'itemGroups.sid', 'messageLinks.itemGroupSid')
        .leftJoin('items', 'items.sid', 'messageLinks.itemSid')
        .innerJoin('orders', (join) =>
          join.on((eb) =>
            eb('orders.sid', '=', eb.fn.coalesce('messageLinks.orderSid', 'itemGroups.orderSid', 'items.orderSid')),
          ),
        )
        .select('orders.vendorSid')
        .where('messages.organizationSid', '=', organizationSid)
        .where('messageLinks.messageSid', 'in', list)
        .execute();
      break;
    default:
      return [];
  }
  return [...new Set(rows.map((row) => row.vendorSid).filter((sid): sid is string => sid !== null))];
}

/**
 * The vendors of the orders whose order, items or lines were written at `since` or later: an import names no records
 * (it writes many), so its vendors are found by what it touched. A write by someone else meanwhile only adds a
 * vendor that also had a change.
 */
export async function vendorsOfOrdersWrittenSince(db: Db, organizationSid: string, since: Date): Promise<string[]> {
  const rows = await sql<{ vendorSid: string }>`select o.vendor_sid from orders o
      where o.organization_sid = ${organizationSid} and o.vendor_sid is not null and o.updated >= ${since}
    union select o.vendor_sid from items i join orders o on o.sid = i.order_sid
      where i.organization_sid = ${organizationSid} and o.vendor_sid is not null and i.updated >= ${since}
    union select o.vendor_sid from item_groups g join orders o on o.sid = g.order_sid
      where g.organization_sid = ${organizationSid} and o.vendor_sid is not null and g.updated >= ${since}`.execute(db);
  return rows.rows.map((r) => r.vendorSid);
}

/** Where changes are heard: an embedded database in this process, or a PostgreSQL server by URL. */
export type LiveSource = { pglite: PGlite } | { url: string };

export interface LiveListener {
  close(): Promise<void>;
}

/** How long a lost PostgreSQL listener waits before it connects again. */
const RECONNECT_MS = 1000;

/** Listens for changes from every process; on PostgreSQL, one dedicated connection, opened again if it drops. */
export async function listenForChanges(
  source: LiveSource,
  onChange: (change: LiveChange) => void,
): Promise<LiveListener> {
  const deliver = (payload: string | undefined) => {
    const change = payload === undefined ? null : decodeChange(payload);
    if (change) onChange(change);
  };
  if ('pglite' in source) {
    const unlisten = await source.pglite.listen(LIVE_CHANNEL, deliver);
    return { close: () => unlisten() };
  }
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: source.url });
    next.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL) deliver(message.payload);
    });
    next.on('error', () => {
      // The connection is gone: connect again, unless closing. Changes made meanwhile are not heard; pages
      // read again when their stream comes back.
      if (closed || client !== next) return;
      client = null;
      void next.end().catch(() => undefined);
      retry = setTimeout(() => void connect().catch(scheduleRetry), RECONNECT_MS);
    });
    await next.connect();
    await next.query(`listen ${LIVE_CHANNEL}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  };
  const scheduleRetry = () => {
    if (!closed) retry = setTimeout(() => void connect().catch(scheduleRetry), RECONNECT_MS);
  };
  await connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const open = client;
      client = null;
      await open?.end();
    },
  };
}
