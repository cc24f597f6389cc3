import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDate } from '../../lib/format';
import { isPastDue, parseScheduleView, scheduleQuery, scheduleViewSearch, type ScheduleView } from './schedule-view';

const columns: Column<ItemGroup>[] = [
  {
    key: 'order',
    header: 'Order',
    cell: (g) => (
      <Link to={`/orders/${encodeURIComponent(g.orderSid)}`} className="font-medium text-blue-800 hover:underline">
        {g.context?.orderUniqueName ?? g.orderSid}
      </Link>
    ),
  },
  { key: 'vendor', header: 'Vendor', cell: (g) => g.context?.vendorName ?? '—' },
  {
    key: 'part',
    header: 'Part',
    cell: (g) => (
      <Link to={`/items/${encodeURIComponent(g.itemSid)}`} className="text-blue-800 hover:underline">
        {g.context?.manufacturerPartNumber ?? g.context?.itemUniqueName ?? g.itemSid}
      </Link>
    ),
  },
  { key: 'quantity', header: 'Quantity', numeric: true, cell: (g) => g.quantity },
  {
    key: 'due',
    header: 'Due',
    cell: (g) =>
      isPastDue(g.dueDate, g.delivered) ? (
        // Marked in words as well as colour.
        <span className="font-medium text-red-800">
          {formatDate(g.dueDate)} <span className="rounded bg-red-100 px-1 text-xs">Past due</span>
        </span>
      ) : (
        formatDate(g.dueDate)
      ),
  },
  { key: 'ship', header: 'Ship date', cell: (g) => formatDate(g.shipDate) },
  { key: 'confirmed', header: 'Confirmed', cell: (g) => (g.confirmed ? 'Yes' : 'No') },
  { key: 'flags', header: 'Open flags', numeric: true, cell: (g) => g.context?.openFlagCount ?? 0 },
];

export default function SchedulePage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseScheduleView(searchParams), [searchParams]);
  const setView = (next: ScheduleView) => {
    setSearchParams(scheduleViewSearch(next), { replace: true });
  };
  const query = useListItemGroupsInfinite(scheduleQuery(view), {
    query: { ...cursorPaging, placeholderData: keepPreviousData },
  });
  const rows = useMemo(() => flattenPages(query.data, 'itemGroups'), [query.data]);
  return (
    <>
      <PageHeader title="Schedule" />
      <form
        role="search"
        aria-label="Filter shipments"
        className="mb-4 flex flex-wrap items-end gap-4 rounded border border-slate-200 bg-white p-3"
        onSubmit={(e) => {
          e.preventDefault();
          const typed = new FormData(e.currentTarget).get('q');
          setView({ ...view, q: typeof typed === 'string' ? typed.slice(0, 100) : '' });
        }}
      >
        <label className="flex flex-col text-sm">
          <span className="font-medium">Search</span>
          <input
            key={view.q}
            name="q"
            type="search"
            defaultValue={view.q}
            maxLength={100}
            placeholder="Order, part or description"
            className="mt-1 w-64 rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm font-medium">
          Search
        </button>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={view.unconfirmed}
            onChange={(e) => {
              setView({ ...view, unconfirmed: e.target.checked });
            }}
          />
          <span className="font-medium">Only unconfirmed</span>
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={view.pastDue}
            onChange={(e) => {
              setView({ ...view, pastDue: e.target.checked });
            }}
          />
          <span className="font-medium">Only past due</span>
        </label>
      </form>
      <QueryStatus query={query} label="shipments" isEmpty={rows.length === 0} empty="No shipments match.">
        <ResourceTable
          caption="Every scheduled shipment"
          columns={columns}
          rows={rows}
          rowKey={(g) => g.sid}
          pages={query}
        />
      </QueryStatus>
    </>
  );
}
