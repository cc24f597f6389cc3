import { Link } from 'react-router';
import { useListOrdersInfinite } from '../../api/generated/hooks/orders/orders';
import type { Order } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDate, formatDateTime } from '../../lib/format';

const columns: Column<Order>[] = [
  {
    key: 'uniqueName',
    header: 'Order',
    cell: (o) => (
      <Link
        to={`/orders/${encodeURIComponent(o.sid)}`}
        className="font-medium text-blue-800 underline-offset-2 hover:underline"
      >
        {o.uniqueName ?? o.sid}
      </Link>
    ),
  },
  { key: 'title', header: 'Title', cell: (o) => o.title ?? '—' },
  { key: 'vendor', header: 'Vendor', cell: (o) => o.vendorName ?? o.vendorSid ?? '—' },
  { key: 'items', header: 'Items', numeric: true, cell: (o) => o.summary?.itemCount ?? '—' },
  { key: 'nextDue', header: 'Next due', cell: (o) => formatDate(o.summary?.nextDueDate) },
  {
    key: 'confirmed',
    header: 'Confirmed',
    numeric: true,
    cell: (o) => (o.summary && o.summary.itemGroupCount > 0 ? `${Math.round(o.summary.confirmedShare * 100)}%` : '—'),
  },
  {
    key: 'flags',
    header: 'Open flags',
    numeric: true,
    cell: (o) => (o.summary?.openFlagCount ? <strong>{o.summary.openFlagCount}</strong> : 0),
  },
  { key: 'created', header: 'Created', cell: (o) => formatDateTime(o.created) },
];

export default function OrdersPage() {
  const query = useListOrdersInfinite({ pageSize: 50 }, { query: cursorPaging });
  const orders = flattenPages(query.data, 'orders');
  return (
    <>
      <PageHeader title="Orders" />
      <QueryStatus
        query={query}
        label="orders"
        isEmpty={orders.length === 0}
        empty={
          <>
            <p className="font-medium">No orders yet.</p>
            <p className="mt-1">
              <Link to="/imports" className="text-blue-800 underline">
                Import open orders
              </Link>{' '}
              from your ERP to start following them up.
            </p>
          </>
        }
      >
        <ResourceTable
          caption="Orders"
          columns={columns}
          rows={orders}
          rowKey={(o) => o.sid}
          hasMore={query.hasNextPage}
          loadingMore={query.isFetchingNextPage}
          onLoadMore={() => void query.fetchNextPage()}
        />
      </QueryStatus>
    </>
  );
}
