import { Link, useParams } from 'react-router';
import { useListItemsInfinite } from '../../api/generated/hooks/items/items';
import { useListOrderEventsInfinite } from '../../api/generated/hooks/order-events/order-events';
import { useGetOrder } from '../../api/generated/hooks/orders/orders';
import type { Event, Item } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDateTime } from '../../lib/format';

const itemColumns: Column<Item>[] = [
  {
    key: 'item',
    header: 'Item',
    cell: (i) => (
      <Link to={`/items/${encodeURIComponent(i.sid)}`} className="font-medium text-blue-800 hover:underline">
        {i.uniqueName ?? i.sid}
      </Link>
    ),
  },
  { key: 'mpn', header: 'Part number', cell: (i) => i.manufacturerPartNumber ?? '—' },
  { key: 'description', header: 'Description', cell: (i) => i.description ?? i.title ?? '—' },
  { key: 'quantity', header: 'Quantity', numeric: true, cell: (i) => i.quantity },
  { key: 'status', header: 'Status', cell: (i) => i.status },
];

const eventColumns: Column<Event>[] = [
  { key: 'time', header: 'When', cell: (e) => formatDateTime(e.eventTime) },
  { key: 'type', header: 'What', cell: (e) => e.eventType ?? '—' },
];

export default function OrderDetailPage() {
  const { sid = '' } = useParams();
  const order = useGetOrder(sid);
  const items = useListItemsInfinite({ orderSid: sid, pageSize: 100 }, { query: cursorPaging });
  const events = useListOrderEventsInfinite(sid, { pageSize: 50 }, { query: cursorPaging });
  const itemRows = flattenPages(items.data, 'items');
  const eventRows = flattenPages(events.data, 'orderEvents');
  const title = order.data ? `Order ${order.data.uniqueName ?? order.data.sid}` : 'Order';
  return (
    <>
      <PageHeader title={title} />
      <QueryStatus query={order} label="the order">
        {order.data ? (
          <dl className="mb-6 grid grid-cols-2 gap-4 rounded border border-slate-200 bg-white p-4 sm:grid-cols-4">
            <div>
              <dt className="text-sm text-slate-600">Vendor</dt>
              <dd className="font-medium">{order.data.vendorName ?? order.data.vendorSid ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Title</dt>
              <dd className="font-medium">{order.data.title ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Created</dt>
              <dd className="font-medium">{formatDateTime(order.data.created)}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Updated</dt>
              <dd className="font-medium">{formatDateTime(order.data.updated)}</dd>
            </div>
          </dl>
        ) : null}
      </QueryStatus>
      <h2 className="mb-2 mt-6 text-lg font-semibold">Items</h2>
      <QueryStatus query={items} label="items" isEmpty={itemRows.length === 0} empty="This order has no items yet.">
        <ResourceTable
          caption="Items of this order"
          columns={itemColumns}
          rows={itemRows}
          rowKey={(i) => i.sid}
          pages={items}
        />
      </QueryStatus>
      <h2 className="mb-2 mt-6 text-lg font-semibold">History</h2>
      <QueryStatus query={events} label="history" isEmpty={eventRows.length === 0} empty="No changes recorded yet.">
        <ResourceTable
          caption="Changes to this order"
          columns={eventColumns}
          rows={eventRows}
          rowKey={(e) => e.sid}
          pages={events}
        />
      </QueryStatus>
    </>
  );
}
