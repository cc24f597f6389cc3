import type { QueryClient } from '@tanstack/react-query';
import { getListOrdersInfiniteQueryOptions } from '../../api/generated/hooks/orders/orders';
import { getGetSessionQueryKey, getGetSessionQueryOptions } from '../../api/generated/hooks/session/session';
import { getListVendorsQueryOptions } from '../../api/generated/hooks/vendors/vendors';
import { cursorPaging } from '../../api/paging';
import { prefetchSavedViews } from '../../components/saved-views-query';
import { ordersQuery, parseOrdersView } from './orders-view';

/** Vendors asked for at once; an organization with more gets a search box to narrow the list. */
export const VENDOR_PAGE_SIZE = 100;
/** The vendor filter's list: vendors change rarely. */
export const vendorsQuery = { staleTime: 5 * 60_000 };

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
