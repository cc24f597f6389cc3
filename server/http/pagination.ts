// Cursor pagination on a stable order (a timestamp, then sid): opaque page
// tokens, both directions, no OFFSET.
import { sql, type RawBuilder } from 'kysely';
import { timingSafeEqual } from 'node:crypto';
import { badRequest } from './errors.ts';
import { signFor } from './signed-url.ts';

/** A list's paging parameters as the query gives them. */
export interface PageParams {
  pageToken?: string | null;
  pageSize?: number | null;
}

/** A sort key value as a cursor string. */
export function keyString(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

interface Cursor {
  /** ISO timestamp (or other sortable value) and sid of the boundary row. */
  k: string;
  s: string;
  /** n: the page after the boundary; p: the page before it. */
  d: 'n' | 'p';
  /** The list's sort key it was issued for (planPage's `sortKey`), so another list's or sort's token is refused. */
  l?: string;
}

// Tokens are signed: a cursor goes into SQL as a key of the list's own type, so only one this server made may
// come back (a forged key could name a date out of range, or text the database cannot store).
export function encodeToken(cursor: Cursor): string {
  const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${payload}.${signFor('page-token', payload)}`;
}

export function decodeToken(token: string | undefined | null): Cursor | null {
  if (!token) return null;
  const [payload, signature, ...rest] = token.split('.');
  const expected = payload ? signFor('page-token', payload) : '';
  if (
    rest.length === 0 &&
    signature &&
    signature.length === expected.length &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  ) {
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Cursor>;
      if (typeof parsed.k === 'string' && typeof parsed.s === 'string' && (parsed.d === 'n' || parsed.d === 'p')) {
        return { k: parsed.k, s: parsed.s, d: parsed.d, ...(typeof parsed.l === 'string' ? { l: parsed.l } : {}) };
      }
    } catch {
      // fall through
    }
  }
  throw badRequest('pageToken is not a token this server issued.', 'pageToken');
}

export function pageSizeOf(value: number | null | undefined): number {
  if (value === undefined || value === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badRequest(`pageSize must be between 1 and ${MAX_PAGE_SIZE}.`, 'pageSize');
  }
  return value;
}

export interface PagePlan {
  size: number;
  cursor: Cursor | null;
  /** The sort key the page's tokens are issued for. */
  sortKey: string;
  /** The keyset condition for the query, or null on the first page. */
  where: (keyColumn: string, sidColumn: string) => RawBuilder<boolean> | null;
  direction: 'asc' | 'desc';
}

/**
 * A page's size, its cursor and condition. `sortKey` names what the list is sorted by: a token issued for another
 * (another list's, or another sort of this one) would compare a key of the wrong kind, a number with a timestamp,
 * and fail in the database; it is refused as a bad pageToken instead.
 */
export function planPage(
  token: string | null | undefined,
  pageSize: number | null | undefined,
  sortKey = '',
): PagePlan {
  const size = pageSizeOf(pageSize);
  const cursor = decodeToken(token);
  if (cursor && (cursor.l ?? '') !== sortKey) {
    throw badRequest('pageToken belongs to another list or sort order; start again from the first page.', 'pageToken');
  }
  return {
    size,
    cursor,
    sortKey,
    direction: cursor?.d === 'p' ? 'desc' : 'asc',
    where: (keyColumn, sidColumn) => {
      if (!cursor) return null;
      const op = cursor.d === 'p' ? sql.raw('<') : sql.raw('>');
      return sql<boolean>`(${sql.ref(keyColumn)}, ${sql.ref(sidColumn)}) ${op} (${cursor.k}, ${cursor.s})`;
    },
  };
}

/**
 * Turns size+1 fetched rows into a page: the rows in ascending order and the
 * tokens either side. `key` gives a row's sort key as a string.
 */
export function finishPage<R>(
  plan: PagePlan,
  fetched: R[],
  key: (row: R) => string,
  sid: (row: R) => string,
): { rows: R[]; page: { previousPageToken: string | null; nextPageToken: string | null } } {
  const more = fetched.length > plan.size;
  const rows = fetched.slice(0, plan.size);
  if (plan.direction === 'desc') rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const backward = plan.cursor?.d === 'p';
  const sorted = plan.sortKey ? { l: plan.sortKey } : {};
  const hasNext = backward ? plan.cursor !== null : more;
  const hasPrevious = backward ? more : plan.cursor !== null;
  return {
    rows,
    page: {
      nextPageToken: hasNext && last ? encodeToken({ k: key(last), s: sid(last), d: 'n', ...sorted }) : null,
      previousPageToken: hasPrevious && first ? encodeToken({ k: key(first), s: sid(first), d: 'p', ...sorted }) : null,
    },
  };
}
