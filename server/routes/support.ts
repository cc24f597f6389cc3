// Small pieces every route module uses: paging a query, scoping, events,
// serializing values the way the contract writes them.
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { sql, type Expression, type Kysely, type SelectQueryBuilder } from 'kysely';
import * as z from 'zod/mini';
import type { Database, Db } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, forbidden, HttpError } from '../http/errors.ts';
import { finishPage, keyString, type PageParams, planPage } from '../http/pagination.ts';

// Kept beside the schema and the paging (the db layer reads them too); named here for the routes.
export type { Db };
export { keyString, type PageParams };
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

/**
 * A boolean query parameter: exactly "true" or "false". The generated
 * `coerce.boolean()` reads any non-empty text ("false", "maybe", "2") as
 * true and an empty value as false.
 */
const booleanText = z.pipe(
  z.enum(['true', 'false'], { error: 'must be true or false' }),
  z.transform((value) => value === 'true'),
);

/** A generated query field read strictly if it is a boolean (optional, with a default, or neither); else null. */
function strictBoolean(field: z.core.$ZodType): z.core.$ZodType | null {
  if (field instanceof z.ZodMiniOptional) {
    const inner = strictBoolean(field.def.innerType);
    return inner && z.optional(inner);
  }
  if (field instanceof z.ZodMiniDefault) {
    const inner = strictBoolean(field.def.innerType);
    return inner && z._default(inner, field.def.defaultValue);
  }
  return field instanceof z.ZodMiniBoolean ? booleanText : null;
}

const strictQueries = new WeakMap<z.ZodMiniObject, z.ZodMiniObject>();

/**
 * An operation's query schema as generated, with every boolean parameter read
 * strictly: anything but "true" or "false" ("maybe", "2", an empty value) is a
 * 400 naming the parameter. Every route with a boolean query parameter reads
 * its query through this (made once per schema); the parsed values are the
 * same booleans, so the schema keeps its type.
 */
export function strictQuery<S extends z.ZodMiniObject>(schema: S): S {
  let strict = strictQueries.get(schema);
  if (!strict) {
    const booleans = Object.entries(schema.def.shape).flatMap(([key, field]) => {
      const strictField = strictBoolean(field);
      return strictField ? [[key, strictField]] : [];
    });
    strict = booleans.length ? z.extend(schema, Object.fromEntries(booleans) as z.core.$ZodShape) : schema;
    strictQueries.set(schema, strict);
  }
  return strict as S;
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

/**
 * A name for a sort key given as an expression: a digest of its SQL tree without its parameters' values (a key
 * may take one that changes from request to request, and is the same key all the same).
 */
function sortKeyOf(key: Expression<unknown>): string {
  const tree = JSON.stringify(key.toOperationNode(), (_name, value: unknown) =>
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'ValueNode'
      ? { kind: 'ValueNode' }
      : value,
  );
  return createHash('sha256').update(tree).digest('base64url').slice(0, 16);
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
  const plan = planPage(params.pageToken, params.pageSize, keyName ?? sortKeyOf(key));
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
export async function recordEvents(db: Db, principal: Principal, events: EventInput[]): Promise<void> {
  // A change that changed nothing (its before and after both empty: changedFields found no field) is no history.
  const written = events.filter((event) => !(isEmptyObject(event.before) && isEmptyObject(event.after)));
  if (written.length === 0) return;
  const now = new Date();
  const rows = written.map((event) => ({
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
}

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** Writes one history event with the actor, before and after. */
export async function recordEvent(db: Db, principal: Principal, event: EventInput): Promise<void> {
  await recordEvents(db, principal, [event]);
}

/**
 * The versions an If-Match header accepts (the record's ETag is its version, "3"): null without the header or with
 * "*" (any version: the record need only exist); else each tag of its list, weak or strong (a proxy that compresses
 * may weaken a tag). A tag that is not a version is refused (412).
 */
export function ifMatchVersions(c: Ctx): number[] | null {
  const header = c.req.header('if-match')?.trim();
  if (!header || header === '*') return null;
  return header.split(',').map((tag) => {
    const version = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(tag)?.[1];
    if (version === undefined) {
      throw new HttpError(412, 'precondition_failed', 'If-Match must carry the record version.', 'If-Match');
    }
    return Number(version);
  });
}

/** JSON with its objects' keys in order, so that two values equal as data compare equal as text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Whether a value to write equals the stored one, as the database would hold it: an instant by its time, JSON
 * (stored parsed, or given as its text) by content, a number against numeric text by value. Anything else that
 * differs counts as a change, which only costs a write.
 */
function sameStored(stored: unknown, next: unknown): boolean {
  if (stored instanceof Date) {
    const time = next instanceof Date ? next.getTime() : typeof next === 'string' ? Date.parse(next) : NaN;
    return time === stored.getTime();
  }
  if (typeof next === 'function') return false;
  if (typeof stored === 'string' && typeof next === 'number') return Number(stored) === next;
  if (typeof stored === 'object' && stored !== null && typeof next === 'string') {
    try {
      return canonicalJson(stored) === canonicalJson(JSON.parse(next));
    } catch {
      return false;
    }
  }
  if (typeof stored === 'object' && stored !== null) return canonicalJson(stored) === canonicalJson(next);
  return stored === next;
}

/**
 * Whether writing `changes` over the stored `row` leaves it as it is: every field given (not undefined) equals the
 * stored one; the bookkeeping (updated, version) is not compared. The `decimals` are numeric columns, compared by
 * value ("4" is the stored "4.000000"); only they are, as a text column's "4.0" is not its "4". A PATCH that changes
 * nothing writes nothing (see unchanged).
 */
export function leavesAsIs(row: object, changes: object, decimals: readonly string[] = []): boolean {
  const stored = row as Record<string, unknown>;
  return Object.entries(changes).every(([key, next]) => {
    if (next === undefined || key === 'updated' || key === 'version') return true;
    const was = stored[key];
    if (decimals.includes(key) && typeof was === 'string' && typeof next === 'string') {
      return canonicalDecimal(was) === canonicalDecimal(next);
    }
    return sameStored(was, next);
  });
}

/**
 * `row` as a PATCH that changed nothing answers it: nothing was written, so the version stays (another client's
 * If-Match or currentVersion still holds), as do the time, the history and the pages open on it (no change is
 * announced).
 */
export function unchanged<R>(c: Ctx, row: R): R {
  c.set('unchanged', true);
  return row;
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

/**
 * A decimal as one text whatever way it was written ("010.50", "10.5" and
 * numeric(21, 6)'s "10.500000" are all "10.5"), for comparing values.
 */
export function canonicalDecimal(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return value;
  const whole = m[2].replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const digits = fraction ? `${whole}.${fraction}` : whole;
  return m[1] && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** A point in time given as text, as the instant it names (stored timestamps compare as instants). */
export function instant(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

const comparable = (value: unknown): unknown =>
  value instanceof Date ? (Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()) : (value ?? null);

/**
 * A create's values side by side: for each field, what this request asks for
 * (a field it leaves out as the default the create would store) and what is
 * stored. A request value of `undefined` is not compared: one of two ways to
 * name the same thing (orderSid or orderUniqueName) that was not used.
 */
export type CreateFields = Record<string, readonly [requested: unknown, stored: unknown]>;

/** Dates as instants, null and absent alike, objects whatever their key order. */
function sameValue(a: unknown, b: unknown): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  }
  const xs = x as Record<string, unknown>;
  const ys = y as Record<string, unknown>;
  return [...new Set([...Object.keys(xs), ...Object.keys(ys)])].every((key) => sameValue(xs[key], ys[key]));
}

/** The one answer to a client sid that cannot be replayed, whoever used it and however. */
export const sidConflict = () =>
  conflict('This sid was already used for a create with other values; nothing was written.', 'sid');

/**
 * A create whose client sid (an idempotency token) is already stored. The
 * same create again, every field of the request (absent ones as their
 * defaults) equal to the stored record, answers the stored record with 200
 * and writes nothing. Anything else answers 409 naming sid and writes nothing:
 * the same answer, byte for byte, whether the sid is this organization's with
 * other values or another organization's, so a sid's use elsewhere is never told.
 *
 * `stored` is the record with that sid, or null when it is not the caller's
 * to see; `fields` pairs the request's values with the record's; `show` is the
 * record as the create answers it.
 */
export async function replayCreate<R extends { organizationSid: string }, V>(
  c: Ctx,
  stored: R | null,
  fields: (row: R) => CreateFields | Promise<CreateFields>,
  show: (row: R) => V | Promise<V>,
): Promise<Response> {
  if (!stored || stored.organizationSid !== principalOf(c).organizationSid) throw sidConflict();
  const pairs = Object.values(await fields(stored));
  if (!pairs.every(([requested, value]) => requested === undefined || sameValue(requested, value))) {
    throw sidConflict();
  }
  return c.json(await show(stored), 200);
}
