import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import { useListItemsInfinite } from '../../api/generated/hooks/items/items';
import { useListOrderEventsInfinite } from '../../api/generated/hooks/order-events/order-events';
import {
  getGetOrderQueryKey,
  getListOrdersInfiniteQueryKey,
  getListOrdersQueryKey,
  useDeleteOrder,
  useGetOrder,
} from '../../api/generated/hooks/orders/orders';
import type { ItemGroup, Order } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EventTimeline } from '../../components/EventTimeline';
import { MessageThread } from '../../components/MessageThread';
import { PageHeader } from '../../components/PageHeader';
import { ProposalQueue } from '../../components/ProposalQueue';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { FollowUpSection } from './FollowUpSection';
import { ItemsSection } from './ItemsSection';
import { MembersSection } from './MembersSection';
import { OrderHeader } from './OrderHeader';
import { plural } from '../../lib/format';

const buttonClass =
  'min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 lg:min-h-9';

/** "Delete order PO-123 with its 3 items and 5 shipments? This cannot be undone." */
function deleteOrderQuestion(order: Order, items: number, shipments: number): string {
  const parts = [items > 0 ? plural(items, 'item') : '', shipments > 0 ? plural(shipments, 'shipment') : ''];
  const what = parts.filter(Boolean).join(' and ');
  return `Delete order ${order.uniqueName ?? order.sid}${what ? ` with its ${what}` : ''}? This cannot be undone.`;
}

export default function OrderDetailPage() {
  const { sid = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const order = useGetOrder(sid);
  const items = useListItemsInfinite({ orderSid: sid, pageSize: 100 }, { query: cursorPaging });
  // One request for every shipment of the order (with each one's risk), grouped under its item here.
  const groups = useListItemGroupsInfinite({ orderSid: sid, pageSize: 500 }, { query: cursorPaging });
  const events = useListOrderEventsInfinite(sid, { pageSize: 50, sortOrder: 'Desc' }, { query: cursorPaging });
  const deleteOrder = useDeleteOrder();
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();

  const itemRows = flattenPages(items.data, 'items');
  const groupRows = useMemo(() => flattenPages(groups.data, 'itemGroups'), [groups.data]);
  const groupsByItem = useMemo(() => {
    const map = new Map<string, ItemGroup[]>();
    for (const g of groupRows) map.set(g.itemSid, [...(map.get(g.itemSid) ?? []), g]);
    return map;
  }, [groupRows]);
  const itemNames = new Map(itemRows.map((i) => [i.sid, i.uniqueName ?? i.sid]));
  const eventRows = flattenPages(events.data, 'orderEvents');
  // The lines a message can name, as the vendor portal names them.
  const threadLines = groupRows.map((g) => {
    const item = itemNames.get(g.itemSid) ?? g.itemSid;
    const shipments = groupsByItem.get(g.itemSid)?.length ?? 1;
    const shipment = shipments > 1 ? ` / shipment ${g.uniqueName ?? g.sid}` : '';
    return { sid: g.sid, label: `Line ${item}${shipment}` };
  });
  const name = order.data ? (order.data.uniqueName ?? order.data.sid) : '';

  const confirmDelete = async (current: Order) => {
    setDeleteError(undefined);
    try {
      await deleteOrder.mutateAsync({ sidOrUniqueName: current.sid });
      setConfirmingDelete(false);
      queryClient.removeQueries({ queryKey: getGetOrderQueryKey(current.sid) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: getListOrdersInfiniteQueryKey() }),
        queryClient.invalidateQueries({ queryKey: getListOrdersQueryKey() }),
      ]);
      notifySuccess(`Deleted order ${current.uniqueName ?? current.sid}.`);
      await navigate('/orders');
    } catch (error) {
      setDeleteError(isApiError(error) ? error.message : 'Deleting failed. Try again.');
    }
  };

  // Counts from what is loaded when it is all loaded (every status), else the server's summary.
  const itemCount = items.hasNextPage ? (order.data?.summary?.itemCount ?? itemRows.length) : itemRows.length;
  const groupCount = groups.hasNextPage ? (order.data?.summary?.itemGroupCount ?? groupRows.length) : groupRows.length;

  return (
    <>
      <PageHeader title={order.data ? `Order ${name}` : 'Order'}>
        {order.data ? (
          <div className="flex gap-2">
            {editing ? null : (
              <button
                type="button"
                className={buttonClass}
                onClick={() => {
                  setEditing(true);
                }}
              >
                Edit order
              </button>
            )}
            <button
              type="button"
              className={`${buttonClass} text-red-800`}
              onClick={() => {
                setDeleteError(undefined);
                setConfirmingDelete(true);
              }}
            >
              Delete order
            </button>
          </div>
        ) : null}
      </PageHeader>
      <QueryStatus query={order} label="the order">
        {order.data ? (
          <>
            <OrderHeader
              order={order.data}
              editing={editing}
              onDone={() => {
                setEditing(false);
              }}
              onReload={async () => {
                const fresh = await order.refetch();
                return fresh.data ?? order.data;
              }}
            />
            <ConfirmDialog
              open={confirmingDelete}
              title="Delete order"
              confirmLabel="Delete order"
              pendingLabel="Deleting…"
              pending={deleteOrder.isPending}
              error={deleteError}
              onCancel={() => {
                setConfirmingDelete(false);
              }}
              onConfirm={() => {
                if (order.data) void confirmDelete(order.data);
              }}
            >
              <p>{deleteOrderQuestion(order.data, itemCount, groupCount)}</p>
              <p className="mt-2 text-sm text-slate-600">Its members and invitations go with it.</p>
            </ConfirmDialog>
          </>
        ) : null}
      </QueryStatus>
      {/* In approval mode, what the vendor proposed for this order's lines, to accept or reject. */}
      <ProposalQueue orderSid={sid} />
      <QueryStatus
        query={{
          ...items,
          isPending: items.isPending || groups.isPending,
          isError: items.isError || groups.isError,
          error: items.error ?? groups.error,
          refetch: () => Promise.all([items.refetch(), groups.refetch()]),
        }}
        label="items"
      >
        <ItemsSection
          orderSid={sid}
          items={itemRows}
          itemPages={items}
          groupsByItem={groupsByItem}
          groupPages={groups}
        />
      </QueryStatus>
      <FollowUpSection orderSid={sid} groups={groupRows} />
      <section id="messages" aria-labelledby="messages-heading" className="mt-8">
        <h2 id="messages-heading" className="mb-2 text-lg font-semibold">
          Messages
        </h2>
        <MessageThread
          scope={{ kind: 'order', sid, name }}
          lines={threadLines}
          recipient={order.data?.vendorName ?? 'The vendor'}
        />
      </section>
      <MembersSection orderSid={sid} />
      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <EventTimeline
          query={events}
          events={eventRows}
          label={`History of order ${name}`}
          itemName={(itemSid) => itemNames.get(itemSid)}
        />
      </section>
    </>
  );
}
