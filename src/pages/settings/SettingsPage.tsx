import { useListCadencesInfinite } from '../../api/generated/hooks/cadences/cadences';
import type { Cadence } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';

const columns: Column<Cadence>[] = [
  { key: 'title', header: 'Cadence', wrap: true, cell: (c) => c.title ?? c.sid },
  {
    key: 'delay',
    header: 'Every (days)',
    numeric: true,
    cell: (c) => (c.delaySeconds ? Math.round(Number(c.delaySeconds) / 86_400) : '—'),
  },
  { key: 'attempts', header: 'Max attempts', numeric: true, cell: (c) => c.maxAttempts ?? '—' },
  { key: 'type', header: 'Sent as', cell: (c) => c.messageType ?? '—' },
];

export default function SettingsPage() {
  const query = useListCadencesInfinite({ pageSize: 50 }, { query: cursorPaging });
  const rows = flattenPages(query.data, 'cadences');
  return (
    <>
      <PageHeader title="Settings" />
      <h2 className="mb-2 text-lg font-semibold">Follow-up cadences</h2>
      <QueryStatus
        query={query}
        label="cadences"
        isEmpty={rows.length === 0}
        empty="No cadences: update requests follow the default schedule."
      >
        <ResourceTable caption="Follow-up cadences" columns={columns} rows={rows} rowKey={(c) => c.sid} pages={query} />
      </QueryStatus>
    </>
  );
}
