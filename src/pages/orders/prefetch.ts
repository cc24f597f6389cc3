import { VENDOR_PAGE_SIZE, vendorsQuery } from '../../components/VendorFilter';
import type { QueryClient } from '@tanstack/react-query';
import { getListOrdersInfiniteQueryOptions } from '../../api/generated/hooks/orders/orders';
import { getListVendorsQueryOptions } from '../../api/generated/hooks/vendors/vendors';
import { cursorPaging } from '../../api/paging';
import { whenStaff } from '../../api/when-staff';
import { prefetchSavedViews } from '../../components/saved-views-query';
import { ordersQuery, parseOrdersView } from './orders-view';

/**
 * Asks for what the page shows first, under the keys the page reads: the
 * first page of the view in the URL, the saved views and the vendor filter's
 * list. Started as the route is entered (once the session is known), while
 * the page's code loads, and never awaited: a failure shows in the page.
 */
export function prefetchOrders(queryClient: QueryClient, url: URL): void {
  whenStaff(queryClient, () => {
    const orders = getListOrdersInfiniteQueryOptions(ordersQuery(parseOrdersView(url.searchParams)), {
      query: cursorPaging,
    });
    queryClient.infiniteQuery(orders).catch(() => undefined);
    prefetchSavedViews(queryClient, 'orders');
    queryClient
      .query(getListVendorsQueryOptions({ pageSize: VENDOR_PAGE_SIZE }, { query: vendorsQuery }))
      .catch(() => undefined);
  });
}
