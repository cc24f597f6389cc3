import { keepPreviousData } from '@tanstack/react-query';
import { flexRender, useTable, type Row } from '@tanstack/react-table';
import { memo, startTransition, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useListOrdersInfinite } from '../../api/generated/hooks/orders/orders';
import type { Order } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore, type CursorPages } from '../../components/ResourceTable';
import { SavedViews } from '../../components/SavedViews';
import { NUMERIC_COLUMNS, ordersColumns, ordersTableFeatures, SORT_BY_COLUMN } from './columns';
import { OrdersFilters } from './OrdersFilters';
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
    <tr className="border-t border-slate-100 hover:bg-slate-50">
      {row.getVisibleCells().map((cell) => (
        <td
          key={cell.id}
          className={`px-3 py-2 ${NUMERIC_COLUMNS.has(cell.column.id) ? 'text-right tabular-nums' : ''}`}
        >
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});

/** Rows in the table's first paint: a screenful, so the browser lays out a short table first. */
const FIRST_ROWS = 15;

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
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  orders: Order[];
  view: OrdersView;
  setView: (next: OrdersView) => void;
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
  return (
    <>
      <table className="min-w-full text-sm">
        <caption className="sr-only">Orders</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortKey = SORT_BY_COLUMN[header.column.id];
                const active = sortKey !== undefined && sortKey === view.sort;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (view.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className={`px-3 py-2 font-semibold ${NUMERIC_COLUMNS.has(header.column.id) ? 'text-right' : ''}`}
                  >
                    {sortKey ? (
                      <button
                        type="button"
                        className="inline-flex items-center gap-1 hover:underline"
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

  return (
    <>
      <PageHeader title="Orders">
        <div className="flex flex-wrap items-center gap-3">
          <ExportButton entity="orders" filters={listQuery} />
          <Link
            to="/orders/new"
            className="rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-900"
          >
            New order
          </Link>
        </div>
      </PageHeader>
      <SavedViews page="orders" search={ordersViewSearch(view).toString()} onApply={applySaved} />
      <OrdersFilters view={view} vendorName={vendorName} onChange={setView} />
      <QueryStatus
        query={status}
        label="orders"
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
        <div
          className={`overflow-x-auto rounded border border-slate-200 bg-white ${busy ? 'opacity-60' : ''}`}
          aria-busy={busy || undefined}
        >
          <OrdersTable
            orders={orders}
            view={view}
            setView={setView}
            hasNextPage={query.hasNextPage}
            isFetchingNextPage={query.isFetchingNextPage}
            fetchNextPage={query.fetchNextPage}
          />
        </div>
      </QueryStatus>
    </>
  );
}
