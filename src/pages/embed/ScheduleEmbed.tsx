// The schedule, embedded: open lines by due date with their vendor's promise
// and open flags, filtered from the address as the full schedule is.
import { useListItemGroups } from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup } from '../../api/generated/model';
import { useSearchParams } from '../../components/location';
import { parseScheduleView, scheduleQuery, scheduleViewSearch } from '../../components/schedule-view';
import { formatDate, plural } from '../../lib/format';
import { EmbedFrame, EmbedStatus, EmbedTable, type Column } from './EmbedFrame';

const COLUMNS: readonly Column<ItemGroup>[] = [
  { header: 'Order', cell: (g) => g.context?.orderUniqueName ?? '—' },
  { header: 'Part', cell: (g) => g.context?.manufacturerPartNumber ?? g.context?.itemUniqueName ?? '—' },
  { header: 'Vendor', cell: (g) => g.context?.vendorName ?? '—' },
  { header: 'Quantity', cell: (g) => g.quantity, numeric: true },
  { header: 'Due', cell: (g) => formatDate(g.dueDate) },
  {
    header: 'Vendor promise',
    cell: (g) =>
      g.cannotSupply
        ? 'Cannot supply'
        : g.shipDate
          ? `Ships ${formatDate(g.shipDate)}${g.confirmed ? ', confirmed' : ''}`
          : g.confirmed
            ? 'Confirmed'
            : 'Not confirmed',
  },
  { header: 'Open flags', cell: (g) => g.context?.openFlagCount ?? 0, numeric: true },
];

export function ScheduleEmbed() {
  // The full schedule's filters, by the same names (q, vendor, dueFrom, dueTo, unconfirmed, pastDue, flagged).
  const search = useSearchParams();
  const view = parseScheduleView(search);
  const query = useListItemGroups(scheduleQuery(view));
  const lines = (query.data?.itemGroups ?? []).filter((g) => !g.delivered);
  const filters = scheduleViewSearch(view).toString();
  return (
    <EmbedFrame
      title="Schedule"
      summary={query.data ? plural(lines.length, 'open line') : undefined}
      appPath={`/schedule${filters ? `?${filters}` : ''}`}
    >
      <EmbedStatus query={query} what="the schedule" isEmpty={lines.length === 0} empty="No open lines match.">
        <EmbedTable caption="Open lines by due date" columns={COLUMNS} rows={lines} rowKey={(g) => g.sid} />
      </EmbedStatus>
    </EmbedFrame>
  );
}
