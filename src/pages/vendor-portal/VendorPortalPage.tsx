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
  { key: 'ship', header: 'Your ship date', cell: (g) => formatDate(g.shipDate) },
  { key: 'confirmed', header: 'Confirmed', cell: (g) => (g.confirmed ? 'Yes' : 'Not yet') },
];

/** What a vendor sees: only its own lines (the server scopes the list to the vendor's session). */
export default function VendorPortalPage() {
  const query = useListItemGroupsInfinite({ statusNot: 'canceled', pageSize: 100 }, { query: cursorPaging });
  const rows = flattenPages(query.data, 'itemGroups');
  return (
    <>
      <PageHeader title="Your open lines" />
      <QueryStatus query={query} label="your lines" isEmpty={rows.length === 0} empty="Nothing is waiting for you.">
        <ResourceTable
          caption="Lines awaiting your confirmation"
          columns={columns}
          rows={rows}
          rowKey={(g) => g.sid}
          pages={query}
        />
      </QueryStatus>
    </>
  );
}
