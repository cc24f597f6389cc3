// An order, embedded: its lines with their due dates and the vendor's
// promises; or, without an order, the open orders (filter: vendor).
import { useListItemGroups } from '../../api/generated/hooks/item-groups/item-groups';
import { useGetOrder, useListOrders } from '../../api/generated/hooks/orders/orders';
import type { ItemGroup, ListOrdersParams, Order } from '../../api/generated/model';
import { useSearchParam } from '../../components/location';
import { formatDate, plural } from '../../lib/format';
import { EmbedFrame, EmbedStatus, EmbedTable, type Column } from './EmbedFrame';

const LINE_COLUMNS: readonly Column<ItemGroup>[] = [
  { header: 'Line', cell: (g) => g.context?.itemUniqueName ?? '—' },
  { header: 'Part', cell: (g) => g.context?.manufacturerPartNumber ?? g.context?.description ?? '—' },
  { header: 'Quantity', cell: (g) => g.quantity, numeric: true },
  { header: 'Due', cell: (g) => formatDate(g.dueDate) },
  { header: 'Ships', cell: (g) => (g.cannotSupply ? 'Cannot supply' : formatDate(g.shipDate)) },
  { header: 'Status', cell: (g) => (g.delivered ? 'Received' : g.confirmed ? 'Confirmed' : 'Not confirmed') },
  { header: 'Open flags', cell: (g) => g.context?.openFlagCount ?? 0, numeric: true },
];

export function OrderEmbed({ sid }: { sid: string }) {
  const order = useGetOrder(sid);
  const lines = useListItemGroups({ orderSid: sid, statusNot: 'canceled', orderBy: 'dueDate', pageSize: 100 });
  const name = order.data ? (order.data.uniqueName ?? order.data.sid) : null;
  const rows = lines.data?.itemGroups ?? [];
  return (
    <EmbedFrame
      title={name ? `Order ${name}` : 'Order'}
      summary={order.data?.vendorName ?? undefined}
      appPath={`/orders/${encodeURIComponent(sid)}`}
    >
      <EmbedStatus query={order} what="the order" isEmpty={false} empty="">
        <EmbedStatus query={lines} what="its lines" isEmpty={rows.length === 0} empty="This order has no lines.">
          <EmbedTable
            caption={`Lines of order ${name ?? ''}`}
            columns={LINE_COLUMNS}
            rows={rows}
            rowKey={(g) => g.sid}
          />
        </EmbedStatus>
      </EmbedStatus>
    </EmbedFrame>
  );
}

const ORDER_COLUMNS: readonly Column<Order>[] = [
  { header: 'Order', cell: (o) => o.uniqueName ?? o.sid },
  { header: 'Vendor', cell: (o) => o.vendorName ?? '—' },
  { header: 'Lines', cell: (o) => o.summary?.itemGroupCount ?? '—', numeric: true },
  { header: 'Next due', cell: (o) => formatDate(o.summary?.nextDueDate) },
  {
    header: 'Confirmed',
    cell: (o) => (o.summary ? `${Math.round(o.summary.confirmedShare * 100)} %` : '—'),
    numeric: true,
  },
  { header: 'Open flags', cell: (o) => o.summary?.openFlagCount ?? 0, numeric: true },
];

export function OrdersEmbed() {
  const vendorSid = useSearchParam('vendor') ?? undefined;
  const params: ListOrdersParams = { pageSize: 100, ...(vendorSid && { vendorSid }) };
  const query = useListOrders(params);
  const orders = query.data?.orders ?? [];
  return (
    <EmbedFrame title="Orders" summary={query.data ? plural(orders.length, 'order') : undefined} appPath="/orders">
      <EmbedStatus query={query} what="the orders" isEmpty={orders.length === 0} empty="No orders yet.">
        <EmbedTable caption="Orders" columns={ORDER_COLUMNS} rows={orders} rowKey={(o) => o.sid} />
      </EmbedStatus>
    </EmbedFrame>
  );
}
