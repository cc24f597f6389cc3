// Cursor paging for the generated infinite hooks: every Factor list answers
// { <plural>: [...], page: { previousPageToken, nextPageToken } }.
import type { InfiniteData } from '@tanstack/react-query';
import type { Page } from './generated/model';

interface Paged {
  page: Page;
}

/** Options to spread into a generated `use…Infinite` hook's `query` options. */
export const cursorPaging = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: Paged): string | undefined => last.page.nextPageToken ?? undefined,
  getPreviousPageParam: (first: Paged): string | undefined => first.page.previousPageToken ?? undefined,
};

/** All rows loaded so far, in order. */
export function flattenPages<P, K extends keyof P>(
  data: InfiniteData<P> | undefined,
  key: K,
): P[K] extends (infer R)[] ? R[] : never {
  const rows: unknown[] = [];
  for (const page of data?.pages ?? []) rows.push(...(page[key] as unknown[]));
  return rows as P[K] extends (infer R)[] ? R[] : never;
}
