import type { QueryClient } from '@tanstack/react-query';
import { getListItemGroupsInfiniteQueryOptions } from '../../api/generated/hooks/item-groups/item-groups';
import { getGetSessionQueryKey, getGetSessionQueryOptions } from '../../api/generated/hooks/session/session';
import { getListVendorsQueryOptions } from '../../api/generated/hooks/vendors/vendors';
import type { ListVendorsParams } from '../../api/generated/model';
import { prefetchSavedViews } from '../../components/saved-views-query';
import { parseScheduleView, schedulePaging, scheduleQuery } from './schedule-view';

/** The vendor filter's list. */
export const vendorsParams: ListVendorsParams = { pageSize: 500 };

/**
 * Runs `prefetch` once the visitor is known to be signed in as staff, by the
 * session the layout asks for as the app starts (the same request, not a
 * second one). A signed-out visit asks for nothing more: the layout sends it
 * to the login page, and requests made now would only be refused (401).
 */
function whenStaff(queryClient: QueryClient, prefetch: () => void): void {
  if (queryClient.getQueryState(getGetSessionQueryKey())?.status === 'error') return;
  queryClient.query(getGetSessionQueryOptions({ query: { staleTime: 5 * 60_000 } })).then(
    (session) => {
      if (session.role !== 'vendor') prefetch();
    },
    () => undefined,
  );
}

/**
 * Asks for what the page shows first, under the keys the page reads: the
 * first page of the view in the URL, the saved views and the vendor filter's
 * list. Started as the route is entered (once the session is known), while
 * the page's code loads, and never awaited: a failure shows in the page.
 */
export function prefetchSchedule(queryClient: QueryClient, url: URL): void {
  whenStaff(queryClient, () => {
    const params = scheduleQuery(parseScheduleView(url.searchParams));
    const groups = getListItemGroupsInfiniteQueryOptions(params, { query: schedulePaging(params) });
    queryClient.infiniteQuery(groups).catch(() => undefined);
    prefetchSavedViews(queryClient, 'schedule');
    queryClient.query(getListVendorsQueryOptions(vendorsParams)).catch(() => undefined);
  });
}
