// Small pieces every route module uses: paging a query, scoping, events,
// serializing values the way the contract writes them.
import type { Context } from 'hono';
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
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

/**
 * Runs a list query one page at a time, keyed on (keyColumn, sid). The query
 * must already be scoped; this adds the keyset condition, order and limit.
 */
export async function pageOf<TB extends keyof Database, O extends { sid: string }>(
  query: SelectQueryBuilder<Database, TB, O>,
  params: PageParams,
  options: { key?: string; sid?: string; keyOf?: (row: O) => string } = {},
) {
  const keyColumn = options.key ?? 'created';
  const sidColumn = options.sid ?? 'sid';
  const plan = planPage(params.pageToken, params.pageSize);
  const condition = plan.where(keyColumn, sidColumn);
  let q = condition ? query.where(condition) : query;
  q = q
    .orderBy(sql.ref(keyColumn), plan.direction)
    .orderBy(sql.ref(sidColumn), plan.direction)
    .limit(plan.size + 1);
  const fetched = await q.execute();
  const keyOf =
    options.keyOf ??
    ((row: O) => {
      const value = (row as Record<string, unknown>)[keyColumn.split('.').pop() ?? keyColumn];
      return value instanceof Date ? value.toISOString() : String(value);
    });
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
