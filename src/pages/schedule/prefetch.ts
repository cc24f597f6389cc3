import type { QueryClient } from '@tanstack/react-query';
import { getListItemGroupsInfiniteQueryOptions } from '../../api/generated/hooks/item-groups/item-groups';
import { getListVendorsQueryOptions } from '../../api/generated/hooks/vendors/vendors';
import type { ListVendorsParams } from '../../api/generated/model';
import { cursorPaging } from '../../api/paging';
import { prefetchSavedViews } from '../../components/saved-views-query';
import { parseScheduleView, scheduleQuery } from './schedule-view';

/** The vendor filter's list. */
export const vendorsParams: ListVendorsParams = { pageSize: 500 };

/**
 * Asks for what the page shows first, under the keys the page reads: the
 * first page of the view in the URL, the saved views and the vendor filter's
 * list. Started as the route is entered, while the page's code loads, and
 * never awaited: a failure shows in the page.
 */
export function prefetchSchedule(queryClient: QueryClient, url: URL): void {
  const groups = getListItemGroupsInfiniteQueryOptions(scheduleQuery(parseScheduleView(url.searchParams)), {
    query: cursorPaging,
  });
  queryClient.infiniteQuery(groups).catch(() => undefined);
  prefetchSavedViews(queryClient, 'schedule');
  queryClient.query(getListVendorsQueryOptions(vendorsParams)).catch(() => undefined);
}
