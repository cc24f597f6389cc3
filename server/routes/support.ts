// Small pieces every route module uses: paging a query, scoping, events,
// serializing values the way the contract writes them.
import type { Context } from 'hono';
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { finishPage, planPage } from '../http/pagination.ts';

export type Db = Kysely<Database> | Transaction<Database>;
export type Ctx = Context<AppEnv>;

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
export const isoRequired = (d: Date): string => d.toISOString();

/** Normalizes a decimal string the way the API shows quantities: no trailing zeros. */
export function decimal(value: string | null): string | null {
  if (value === null) return null;
  if (!value.includes('.')) return value;
  return value.replace(/\.?0+$/, '');
}

export function principalOf(c: Ctx): Principal {
  return c.get('principal');
}

export function dbOf(c: Ctx): Kysely<Database> {
  return c.get('db');
}

/** Staff (admin, buyer) only: vendors and embeds answer 403. */
export function requireStaff(p: Principal): void {
  if (p.role === 'vendor') throw forbidden('Vendors cannot use this operation.');
}

export function requireAdmin(p: Principal): void {
  if (p.role !== 'admin') throw forbidden('Only an administrator can do this.');
}

export interface PageParams {
  pageToken?: string | null;
  pageSize?: number | null;
}

export interface PageOrder<O> {
  /** The sort key: a column name or an SQL expression; `created` by default. */
  key?: string | Expression<unknown>;
  /** The tie-breaker column; `sid` by default. */
  sid?: string | Expression<unknown>;
  /** A row's sort key as the string the cursor carries; needed when `key` is an expression. */
  keyOf?: (row: O) => string;
  /** Largest key first. */
  descending?: boolean;
}

/** A sort key value as a cursor string. */
export function keyString(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Runs a list query one page at a time, keyed on (key, sid) in either
 * direction, with opaque tokens. The query must already be scoped; this adds
 * the keyset condition, the order and the limit.
 */
export async function pageOf<DB, TB extends keyof DB, O extends { sid: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  params: PageParams,
  order: PageOrder<O> = {},
) {
  const keyName = typeof order.key === 'string' || order.key === undefined ? (order.key ?? 'created') : null;
  const key = keyName !== null ? sql.ref(keyName) : (order.key as Expression<unknown>);
  const sid = typeof order.sid === 'string' || order.sid === undefined ? sql.ref(order.sid ?? 'sid') : order.sid;
  const keyOf =
    order.keyOf ??
    ((row: O) => keyString((row as Record<string, unknown>)[(keyName ?? 'created').split('.').pop() ?? 'created']));
  const plan = planPage(params.pageToken, params.pageSize);
  const backward = plan.cursor?.d === 'p';
  // Backward pages are fetched in reverse and turned around by finishPage.
  const ascending = order.descending ? backward : !backward;
  let q = query;
  if (plan.cursor) {
    const op = sql.raw(ascending ? '>' : '<');
    q = q.where(sql<boolean>`(${key}, ${sid}) ${op} (${plan.cursor.k}, ${plan.cursor.s})`);
  }
  const direction = ascending ? 'asc' : 'desc';
  const fetched = await q
    .orderBy(key, direction)
    .orderBy(sid, direction)
    .limit(plan.size + 1)
    .execute();
  return finishPage(plan, fetched, keyOf, (row) => row.sid);
}

export interface EventInput {
  type: string;
  orderSid?: string | null;
  itemSid?: string | null;
  itemGroupSid?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes history events with the actor, before and after, in one statement. */
export async function recordEvents(db: Db, principal: Principal, events: EventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const rows = events.map((event) => ({
    sid: newSid('EV'),
    organizationSid: principal.organizationSid,
    created: now,
    updated: now,
    eventTime: now,
    eventType: event.type,
    orderSid: event.orderSid ?? null,
    itemSid: event.itemSid ?? null,
    itemGroupSid: event.itemGroupSid ?? null,
    actorSid: principal.userSid,
    actorName: principal.name,
    before: event.before === undefined ? undefined : JSON.stringify(event.before),
    after: event.after === undefined ? undefined : JSON.stringify(event.after),
  }));
  await db.insertInto('events').values(rows).execute();
  return rows.map((r) => r.sid);
}

/** Writes one history event with the actor, before and after. */
export async function recordEvent(db: Db, principal: Principal, event: EventInput): Promise<string> {
  const [sid] = await recordEvents(db, principal, [event]);
  return sid;
}

/**
 * The fields that differ between two versions of a record, for the event's
 * before/after; bookkeeping fields are left out.
 */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
  ignore: readonly string[] = ['updated', 'version'],
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (ignore.includes(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** A sid supplied by the client as an idempotency token must carry the record's prefix. */
export function clientSid(value: string | null | undefined, prefix: string, field = 'sid'): string | null {
  if (value === null || value === undefined) return null;
  if (!new RegExp(`^${prefix}[0-9a-z]{28}$`).test(value)) {
    throw badRequest(`${field} must be ${prefix} followed by 28 lowercase letters and digits.`, field);
  }
  return value;
}

/** A file to keep: an upload, an export, a file of rejected rows, an email's raw content. */
export interface NewFile {
  organizationSid: string;
  name: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * Stores a file and returns its sid. The bytes are sent as base64 text and
 * decoded by the database: PGlite turns a bytea parameter into hex a byte at
 * a time in JavaScript (seconds for a file of a few MB); base64 is native.
 */
export async function storeFile(db: Db, file: NewFile, now = new Date()): Promise<string> {
  const sid = newSid('FI');
  const base64 = Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength).toString('base64');
  await db
    .insertInto('files')
    .values({
      sid,
      organizationSid: file.organizationSid,
      created: now,
      updated: now,
      name: file.name,
      contentType: file.contentType,
      size: file.content.byteLength,
      content: sql<Uint8Array>`decode(${base64}, 'base64')`,
    })
    .execute();
  return sid;
}
