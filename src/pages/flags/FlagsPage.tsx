import { useListFlagsInfinite } from '../../api/generated/hooks/flags/flags';
import type { Flag, FlagType } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDateTime } from '../../lib/format';

const FLAG_LABELS: Record<FlagType, string> = {
  newDelay: 'New delay',
  pastDue: 'Past due',
  unresponsiveVendor: 'Unresponsive vendor',
  directReply: 'Direct reply',
};

const columns: Column<Flag>[] = [
  { key: 'type', header: 'Flag', wrap: true, cell: (f) => FLAG_LABELS[f.type] },
  { key: 'message', header: 'Detail', text: true, cell: (f) => f.message ?? '—' },
  { key: 'status', header: 'Status', cell: (f) => f.status },
  { key: 'created', header: 'Raised', cell: (f) => formatDateTime(f.created) },
];

export default function FlagsPage() {
  const query = useListFlagsInfinite({ status: 'open', pageSize: 50 }, { query: cursorPaging });
  const rows = flattenPages(query.data, 'flags');
  return (
    <>
      <PageHeader title="Flags" />
      <QueryStatus
        query={query}
        label="flags"
        isEmpty={rows.length === 0}
        empty="No open flags: every vendor is on time and answering."
      >
        <ResourceTable caption="Open flags" columns={columns} rows={rows} rowKey={(f) => f.sid} pages={query} />
      </QueryStatus>
    </>
  );
}
