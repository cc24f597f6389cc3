import { keepPreviousData } from '@tanstack/react-query';
import { flexRender, useTable, type Row } from '@tanstack/react-table';
import { memo, startTransition, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useListOrdersInfinite } from '../../api/generated/hooks/orders/orders';
import { useListSavedViewsInfinite } from '../../api/generated/hooks/saved-views/saved-views';
import { useListVendors } from '../../api/generated/hooks/vendors/vendors';
import type { Order } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { ExportButton } from '../../components/ExportButton';
import { FoldedPanelButtons, useFoldedPanel } from '../../components/FoldedPanels';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore, stickyFirstColumn, type CursorPages } from '../../components/ResourceTable';
import { savedViewsParams } from '../../components/saved-views-query';
import { SavedViews } from '../../components/SavedViews';
import { COLUMN_WIDTHS, NUMERIC_COLUMNS, ordersColumns, ordersTableFeatures, SORT_BY_COLUMN } from './columns';
import { activeFilterCount, OrdersFilters } from './OrdersFilters';
import { VENDOR_PAGE_SIZE, vendorsQuery } from '../../components/VendorFilter';
import { useScrollFocusable } from '../../components/use-scroll-focusable';
import {
  hasFilters,
  ordersQuery,
  ordersViewSearch,
  parseOrdersView,
  withoutFilters,
  type OrdersView,
} from './orders-view';

/** One order's row; rendered again only when the order or the shown columns change. */
const OrderRow = memo(function OrderRow({
  row,
}: {
  row: Row<typeof ordersTableFeatures, Order>;
  /** The shown columns in order: the row's cells change with them. */
  columns: string;
}) {
  return (
    <tr className="group border-t border-slate-100 hover:bg-slate-50">
      {row.getVisibleCells().map((cell, i) => (
        <td
          key={cell.id}
          className={`px-3 py-1.5 wrap-break-word ${NUMERIC_COLUMNS.has(cell.column.id) ? 'text-right tabular-nums' : ''} ${i === 0 ? stickyFirstColumn.cell : ''}`}
        >
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});

/** Rows in the table's first paint: a screenful, so the browser lays out a short table first. */
const FIRST_ROWS = 15;

/** Rows of the placeholder: a screenful, each as tall as a row of orders (36 px and its border). */
const SKELETON_ROWS = 12;

/**
 * The table's placeholder while the first page loads, in the table's own
 * shape: the same frame, a header row and rows of the rows' height.
 */
function OrdersSkeleton() {
  return (
    <div aria-hidden="true" className="overflow-hidden rounded border border-slate-200 bg-white">
      <div className="h-9 bg-slate-100" />
      {Array.from({ length: SKELETON_ROWS }, (_, i) => (
        <div key={i} className="flex h-[37px] items-center gap-6 border-t border-slate-100 px-3">
          <div className="h-4 w-20 animate-pulse rounded bg-slate-200" />
          <div className="h-4 flex-1 animate-pulse rounded bg-slate-200" />
        </div>
      ))}
    </div>
  );
}

/**
 * The table of the loaded orders. Memoized, and each row its own component:
 * when a page of orders arrives React builds the rows in slices (see
 * OrdersPage) instead of one long task, and the page's other updates do not
 * render the rows again. As it appears, the first rows are laid out and
 * painted on their own and the rest follow in a transition right after: two
 * short tasks for the browser instead of one long one. "Load more" shows once
 * every loaded row is there, so it never jumps down under the user.
 */
const OrdersTable = memo(function OrdersTable({
  orders,
  view,
  setView,
  busy,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  orders: Order[];
  view: OrdersView;
  setView: (next: OrdersView) => void;
  /** The rows shown are not those of the latest view yet. */
  busy: boolean;
} & CursorPages) {
  const columnVisibility = useMemo(() => Object.fromEntries(view.hidden.map((id) => [id, false])), [view.hidden]);
  const table = useTable({
    features: ordersTableFeatures,
    columns: ordersColumns,
    data: orders,
    getRowId: (o) => o.sid,
    state: { columnVisibility, columnOrder: view.order },
  });
  const [allRows, setAllRows] = useState(false);
  useEffect(() => {
    startTransition(() => {
      setAllRows(true);
    });
  }, []);
  const rows = table.getRowModel().rows;
  const complete = allRows || rows.length <= FIRST_ROWS;
  const columns = view.order.filter((id) => !view.hidden.some((hidden) => hidden === id)).join(',');
  const { regionRef, tabIndex } = useScrollFocusable();
  return (
    <>
      {/* A narrow screen scrolls the table sideways inside this region (which takes the focus while it scrolls, so a keyboard can too); the order number stays in view. */}
      <div
        role="region"
        aria-label="Orders table"
        ref={regionRef}
        tabIndex={tabIndex}
        className="overflow-x-auto rounded-t"
      >
        <table className="w-full table-fixed text-sm" aria-busy={busy || undefined}>
          <caption className="sr-only">Orders</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header, i) => {
                  const sortKey = SORT_BY_COLUMN[header.column.id];
                  const active = sortKey !== undefined && sortKey === view.sort;
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={active ? (view.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                      className={`h-9 px-3 py-1.5 font-semibold whitespace-nowrap ${COLUMN_WIDTHS[header.column.id] ?? 'w-32'} ${NUMERIC_COLUMNS.has(header.column.id) ? 'text-right' : ''} ${i === 0 ? stickyFirstColumn.header : ''}`}
                    >
                      {sortKey ? (
                        <button
                          type="button"
                          className="inline-flex min-h-6 items-center gap-1 hover:underline"
                          onClick={() => {
                            setView({ ...view, sort: sortKey, dir: active && view.dir === 'asc' ? 'desc' : 'asc' });
                          }}
                        >
                          {label}
                          <span aria-hidden="true">{active ? (view.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {(complete ? rows : rows.slice(0, FIRST_ROWS)).map((row) => (
              <OrderRow key={row.id} row={row} columns={columns} />
            ))}
          </tbody>
        </table>
      </div>
      {complete ? <LoadMore pages={{ hasNextPage, isFetchingNextPage, fetchNextPage }} /> : null}
    </>
  );
});

export default function OrdersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseOrdersView(searchParams), [searchParams]);
  const setView = useCallback(
    (next: OrdersView) => {
      setSearchParams(ordersViewSearch(next), { replace: true });
    },
    [setSearchParams],
  );
  // A saved view is a URL query: applying it is a navigation (so Back returns), validated like any URL.
  const applySaved = useCallback(
    (search: string) => {
      setSearchParams(ordersViewSearch(parseOrdersView(new URLSearchParams(search))));
    },
    [setSearchParams],
  );
  const listQuery = useMemo(() => ordersQuery(view), [view]);
  // The previous rows stay on screen while a changed view loads, instead of a flash of skeletons.
  const query = useListOrdersInfinite(listQuery, {
    query: { ...cursorPaging, placeholderData: keepPreviousData },
  });
  // Rows arriving are rendered as a deferred value: React builds them in
  // slices the browser can interrupt, while the skeleton (or the rows shown
  // so far) stays on screen.
  const data = useDeferredValue(query.data);
  const orders = useMemo(() => flattenPages(data, 'orders'), [data]);
  const status = {
    isPending: query.isPending || (data === undefined && query.data !== undefined),
    isError: query.isError,
    error: query.error,
    refetch: query.refetch,
  };
  // Until the deferred rows are built, the ones shown are not the latest.
  const busy = query.isPlaceholderData || data !== query.data;
  const filtered = hasFilters(view);
  const vendorName = view.vendor
    ? (orders.find((o) => o.vendorSid === view.vendor)?.vendorName ?? undefined)
    : undefined;

  // The saved views and the vendor filter take their height from their lists
  // (the views wrap onto more lines; past a page of vendors a search box
  // joins the select). On a wide screen, where both are shown, what is below
  // them waits unseen, in its place, for both lists' first answer (they are
  // asked for as the route is entered, with the orders): then nothing moves
  // under the user as they arrive. A failed request ends the wait at once: an
  // outage never hides the orders. On a narrow screen both fold away behind
  // buttons of a fixed size, so nothing waits.
  const savedViews = useListSavedViewsInfinite(savedViewsParams('orders'), { query: cursorPaging });
  const vendors = useListVendors({ pageSize: VENDOR_PAGE_SIZE }, { query: vendorsQuery });
  const awaitingFirstAnswer = (q: { isPending: boolean; failureCount: number }) => q.isPending && q.failureCount === 0;
  const settled = !awaitingFirstAnswer(savedViews) && !awaitingFirstAnswer(vendors);
  const viewsPanel = useFoldedPanel();
  const filtersPanel = useFoldedPanel();

  return (
    <>
      <PageHeader title="Orders">
        <div className="flex flex-wrap items-center gap-3">
          <ExportButton entity="orders" filters={listQuery} />
          <Link
            to="/orders/new"
            className="inline-flex min-h-11 items-center rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-900 lg:min-h-9"
          >
            New order
          </Link>
        </div>
      </PageHeader>
      {/* On a narrow screen the saved views and the filters beyond the search fold behind these. */}
      <FoldedPanelButtons views={viewsPanel} filters={filtersPanel} filterCount={activeFilterCount(view)} />
      <div id={viewsPanel.id} className={viewsPanel.open ? undefined : 'hidden lg:block'}>
        <SavedViews page="orders" search={ordersViewSearch(view).toString()} onApply={applySaved} />
      </div>
      <div className={settled ? undefined : 'lg:invisible'}>
        <OrdersFilters
          view={view}
          vendorName={vendorName}
          onChange={setView}
          moreId={filtersPanel.id}
          moreOpen={filtersPanel.open}
        />
        <QueryStatus
          query={status}
          label="orders"
          skeleton={<OrdersSkeleton />}
          isEmpty={orders.length === 0}
          empty={
            filtered ? (
              <>
                <p className="font-medium">No orders match these filters.</p>
                <p className="mt-1">
                  <Link
                    to={{ search: ordersViewSearch(withoutFilters(view)).toString() }}
                    className="text-blue-800 underline"
                  >
                    Clear the filters
                  </Link>{' '}
                  to see every order, or{' '}
                  <Link to="/orders/new" className="text-blue-800 underline">
                    create an order
                  </Link>
                  .
                </p>
              </>
            ) : (
              <>
                <p className="font-medium">No orders yet.</p>
                <p className="mt-1">
                  <Link to="/imports" className="text-blue-800 underline">
                    Import open orders
                  </Link>{' '}
                  from your ERP to start following them up, or{' '}
                  <Link to="/orders/new" className="text-blue-800 underline">
                    create an order
                  </Link>{' '}
                  by hand.
                </p>
              </>
            )
          }
        >
          <div className={`rounded border border-slate-200 bg-white ${busy ? 'opacity-60' : ''}`}>
            <OrdersTable
              orders={orders}
              view={view}
              setView={setView}
              busy={busy}
              hasNextPage={query.hasNextPage}
              isFetchingNextPage={query.isFetchingNextPage}
              fetchNextPage={query.fetchNextPage}
            />
          </div>
        </QueryStatus>
      </div>
    </>
  );
}
