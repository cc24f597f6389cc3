import type { QueryClient } from '@tanstack/react-query';
import { getListItemGroupsInfiniteQueryOptions } from '../../api/generated/hooks/item-groups/item-groups';
import { getListVendorsQueryOptions } from '../../api/generated/hooks/vendors/vendors';
import type { ListVendorsParams } from '../../api/generated/model';
import { whenStaff } from '../../api/when-staff';
import { prefetchSavedViews } from '../../components/saved-views-query';
import { parseScheduleView, schedulePaging, scheduleQuery } from '../../components/schedule-view';

/** The vendor filter's list. */
export const vendorsParams: ListVendorsParams = { pageSize: 500 };

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
