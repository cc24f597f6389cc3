import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useListItemCustomFields } from '../../api/generated/hooks/item-custom-fields/item-custom-fields';
import { useListItemEventsInfinite } from '../../api/generated/hooks/item-events/item-events';
import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import { useGetItem } from '../../api/generated/hooks/items/items';
import { useGetOrder } from '../../api/generated/hooks/orders/orders';
import type { Item } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { EventTimeline } from '../../components/EventTimeline';
import { ItemGroupsTable, ShipmentDialog } from '../../components/ItemGroupEditor';
import { MessageThread } from '../../components/MessageThread';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore } from '../../components/ResourceTable';
import { formatDateTime } from '../../lib/format';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

function ItemFacts({ item }: { item: Item }) {
  const order = useGetOrder(item.orderSid);
  const customFields = useListItemCustomFields({ itemSid: item.sid, pageSize: 100 });
  const orderName = order.data?.uniqueName ?? item.orderSid;
  return (
    <dl className="mb-6 grid grid-cols-2 gap-4 rounded border border-slate-200 bg-white p-4 break-words sm:grid-cols-4">
      <Fact label="Order">
        <Link
          to={`/orders/${encodeURIComponent(item.orderSid)}`}
          className="inline-flex min-h-6 items-center text-blue-800 underline"
        >
          {orderName}
        </Link>
      </Fact>
      <Fact label="Vendor">{order.data?.vendorName ?? '—'}</Fact>
      <Fact label="Part number">{item.manufacturerPartNumber ?? '—'}</Fact>
      <Fact label="Quantity">{item.quantity}</Fact>
      <Fact label="Description">{item.description ?? item.title ?? '—'}</Fact>
      <Fact label="Price per unit">{item.pricePerUnit ?? '—'}</Fact>
      <Fact label="Status">{item.status === 'active' ? 'Active' : 'Canceled'}</Fact>
      <Fact label="Updated">{formatDateTime(item.updated)}</Fact>
      {(customFields.data?.itemCustomFields ?? []).map((f) => (
        <Fact key={f.sid} label={f.name ?? 'Custom field'}>
          {f.value ?? '—'}
        </Fact>
      ))}
    </dl>
  );
}

export default function ItemDetailPage() {
  const { sid = '' } = useParams();
  const item = useGetItem(sid);
  const groups = useListItemGroupsInfinite({ itemSid: sid, pageSize: 500 }, { query: cursorPaging });
  const events = useListItemEventsInfinite(sid, { pageSize: 50, sortOrder: 'Desc' }, { query: cursorPaging });
  const [adding, setAdding] = useState(false);
  const groupRows = flattenPages(groups.data, 'itemGroups');
  const eventRows = flattenPages(events.data, 'itemEvents');
  const name = item.data ? (item.data.uniqueName ?? item.data.sid) : '';

  const addButton = (
    <button
      type="button"
      onClick={() => {
        setAdding(true);
      }}
      className="min-h-11 rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-900 lg:min-h-9"
    >
      Add shipment
    </button>
  );

  return (
    <>
      <PageHeader title={item.data ? `Item ${name}` : 'Item'} />
      <QueryStatus query={item} label="the item">
        {item.data ? <ItemFacts item={item.data} /> : null}
      </QueryStatus>

      <section aria-labelledby="shipments-heading" className="mt-6">
        <div className="mb-2 flex items-center justify-between gap-4">
          <h2 id="shipments-heading" className="text-lg font-semibold">
            Shipments
          </h2>
          {item.data && groupRows.length > 0 ? addButton : null}
        </div>
        <QueryStatus
          query={groups}
          label="shipments"
          isEmpty={groupRows.length === 0}
          empty={
            <>
              <p className="mb-3">No shipments are scheduled for this item yet.</p>
              {item.data ? addButton : null}
            </>
          }
        >
          {item.data ? (
            <ItemGroupsTable item={item.data} groups={groupRows} caption={`Shipments of item ${name}`} />
          ) : null}
          <LoadMore pages={groups} />
        </QueryStatus>
        {item.data ? (
          <ShipmentDialog
            open={adding}
            onClose={() => {
              setAdding(false);
            }}
            item={item.data}
          />
        ) : null}
      </section>

      <section id="messages" aria-labelledby="messages-heading" className="mt-8">
        <h2 id="messages-heading" className="mb-2 text-lg font-semibold">
          Messages
        </h2>
        <MessageThread
          scope={{ kind: 'item', sid, name }}
          lines={groupRows.map((g) => ({ sid: g.sid, label: `Shipment ${g.uniqueName ?? g.sid}` }))}
          recipient={groupRows[0]?.context?.vendorName ?? 'The vendor'}
        />
      </section>

      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <EventTimeline query={events} events={eventRows} label={`History of item ${name}`} />
      </section>
    </>
  );
}
