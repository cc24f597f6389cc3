import { useParams } from 'react-router';
import { useListItemEventsInfinite } from '../../api/generated/hooks/item-events/item-events';
import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import { useGetItem } from '../../api/generated/hooks/items/items';
import { useListItemMessagesInfinite } from '../../api/generated/hooks/messages-for-items/messages-for-items';
import type { Event, ItemGroup, Message } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDate, formatDateTime } from '../../lib/format';

const groupColumns: Column<ItemGroup>[] = [
  { key: 'name', header: 'Shipment', cell: (g) => g.uniqueName ?? g.sid },
  { key: 'quantity', header: 'Quantity', numeric: true, cell: (g) => g.quantity },
  { key: 'due', header: 'Due', cell: (g) => formatDate(g.dueDate) },
  { key: 'ship', header: 'Ship date', cell: (g) => formatDate(g.shipDate) },
  { key: 'confirmed', header: 'Confirmed', cell: (g) => (g.confirmed ? 'Yes' : 'No') },
];
const eventColumns: Column<Event>[] = [
  { key: 'time', header: 'When', cell: (e) => formatDateTime(e.eventTime) },
  { key: 'type', header: 'What', cell: (e) => e.eventType ?? '—' },
];
const messageColumns: Column<Message>[] = [
  { key: 'time', header: 'When', cell: (m) => formatDateTime(m.created) },
  { key: 'author', header: 'From', cell: (m) => m.author ?? '—' },
  { key: 'content', header: 'Message', cell: (m) => m.content },
];

export default function ItemDetailPage() {
  const { sid = '' } = useParams();
  const item = useGetItem(sid);
  const groups = useListItemGroupsInfinite({ itemSid: sid, pageSize: 100 }, { query: cursorPaging });
  const events = useListItemEventsInfinite(sid, { pageSize: 50 }, { query: cursorPaging });
  const messages = useListItemMessagesInfinite(sid, { pageSize: 50 }, { query: cursorPaging });
  const groupRows = flattenPages(groups.data, 'itemGroups');
  const eventRows = flattenPages(events.data, 'itemEvents');
  const messageRows = flattenPages(messages.data, 'messages');
  return (
    <>
      <PageHeader title={item.data ? `Item ${item.data.uniqueName ?? item.data.sid}` : 'Item'} />
      <QueryStatus query={item} label="the item">
        {item.data ? (
          <p className="mb-4 text-slate-700">
            {item.data.description ?? item.data.title ?? 'No description'} · quantity {item.data.quantity}
          </p>
        ) : null}
      </QueryStatus>
      <h2 className="mb-2 mt-6 text-lg font-semibold">Shipments</h2>
      <QueryStatus
        query={groups}
        label="shipments"
        isEmpty={groupRows.length === 0}
        empty="No shipments scheduled for this item."
      >
        <ResourceTable
          caption="Shipments of this item"
          columns={groupColumns}
          rows={groupRows}
          rowKey={(g) => g.sid}
          pages={groups}
        />
      </QueryStatus>
      <h2 className="mb-2 mt-6 text-lg font-semibold">Messages</h2>
      <QueryStatus
        query={messages}
        label="messages"
        isEmpty={messageRows.length === 0}
        empty="No messages about this item."
      >
        <ResourceTable
          caption="Messages about this item"
          columns={messageColumns}
          rows={messageRows}
          rowKey={(m) => m.sid}
          pages={messages}
        />
      </QueryStatus>
      <h2 className="mb-2 mt-6 text-lg font-semibold">History</h2>
      <QueryStatus query={events} label="history" isEmpty={eventRows.length === 0} empty="No changes recorded yet.">
        <ResourceTable
          caption="Changes to this item"
          columns={eventColumns}
          rows={eventRows}
          rowKey={(e) => e.sid}
          pages={events}
        />
      </QueryStatus>
    </>
  );
}
