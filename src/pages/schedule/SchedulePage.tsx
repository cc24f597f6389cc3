import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDate } from '../../lib/format';

const columns: Column<ItemGroup>[] = [
  { key: 'name', header: 'Shipment', cell: (g) => g.uniqueName ?? g.sid },
  { key: 'quantity', header: 'Quantity', numeric: true, cell: (g) => g.quantity },
  { key: 'due', header: 'Due', cell: (g) => formatDate(g.dueDate) },
  { key: 'ship', header: 'Ship date', cell: (g) => formatDate(g.shipDate) },
  { key: 'arrival', header: 'Arrival', cell: (g) => formatDate(g.estimatedArrivalDate ?? g.deliveryDate) },
  { key: 'confirmed', header: 'Confirmed', cell: (g) => (g.confirmed ? 'Yes' : 'No') },
];

export default function SchedulePage() {
  const query = useListItemGroupsInfinite({ pageSize: 100 }, { query: cursorPaging });
  const rows = flattenPages(query.data, 'itemGroups');
  return (
    <>
      <PageHeader title="Schedule" />
      <QueryStatus query={query} label="shipments" isEmpty={rows.length === 0} empty="No shipments scheduled.">
        <ResourceTable
          caption="Every scheduled shipment"
          columns={columns}
          rows={rows}
          rowKey={(g) => g.sid}
          hasMore={query.hasNextPage}
          loadingMore={query.isFetchingNextPage}
          onLoadMore={() => void query.fetchNextPage()}
        />
      </QueryStatus>
    </>
  );
}
