// After flags change status: the lists already loaded drop the flags that no
// longer match their status filter (at once, so a resolved flag leaves the
// open list without waiting), then everything the change makes stale is
// asked for again: flag lists and counts, and the orders and shipments whose
// open-flag counts it moves.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import {
  getGetFlagQueryKey,
  getListFlagsInfiniteQueryKey,
  getListFlagsQueryKey,
} from '../api/generated/hooks/flags/flags';
import { getCountFlagsQueryKey } from '../api/generated/hooks/flag-triage/flag-triage';
import {
  getListItemGroupsInfiniteQueryKey,
  getListItemGroupsQueryKey,
} from '../api/generated/hooks/item-groups/item-groups';
import {
  getGetOrderQueryKey,
  getListOrdersInfiniteQueryKey,
  getListOrdersQueryKey,
} from '../api/generated/hooks/orders/orders';
import type { Flag, FlagsList } from '../api/generated/model';

/** The status a cached list's query asks for, if any. */
function statusOf(queryKey: readonly unknown[]): unknown {
  const params = queryKey[2];
  return typeof params === 'object' && params !== null && 'status' in params ? params.status : undefined;
}

/** Puts the changed flags into the loaded flag lists: gone from those whose status they left, updated in the others. */
function applyToLists(queryClient: QueryClient, changed: Flag[]): void {
  const bySid = new Map(changed.map((f) => [f.sid, f]));
  for (const [queryKey, data] of queryClient.getQueriesData<InfiniteData<FlagsList>>({
    queryKey: getListFlagsInfiniteQueryKey(),
  })) {
    if (!data) continue;
    const status = statusOf(queryKey);
    queryClient.setQueryData<InfiniteData<FlagsList>>(queryKey, {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        flags: page.flags.flatMap((f) => {
          const now = bySid.get(f.sid);
          if (!now) return [f];
          return status !== undefined && status !== now.status ? [] : [now];
        }),
      })),
    });
  }
}

export function refreshAfterChange(queryClient: QueryClient, changed: Flag[]): Promise<unknown> {
  applyToLists(queryClient, changed);
  const orderSids = [...new Set(changed.flatMap((f) => (f.orderSid ? [f.orderSid] : [])))];
  const keys = [
    getListFlagsInfiniteQueryKey(),
    getListFlagsQueryKey(),
    getCountFlagsQueryKey(),
    ...changed.map((f) => getGetFlagQueryKey(f.sid)),
    getListOrdersInfiniteQueryKey(),
    getListOrdersQueryKey(),
    ...orderSids.map((sid) => getGetOrderQueryKey(sid)),
    getListItemGroupsInfiniteQueryKey(),
    getListItemGroupsQueryKey(),
  ];
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
