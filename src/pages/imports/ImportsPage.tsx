import { useListOpenOrderUploadsInfinite } from '../../api/generated/hooks/open-order-uploads/open-order-uploads';
import type { OpenOrderUpload } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatDateTime } from '../../lib/format';

const columns: Column<OpenOrderUpload>[] = [
  { key: 'created', header: 'Uploaded', cell: (u) => formatDateTime(u.created) },
  { key: 'type', header: 'File type', cell: (u) => u.fileType ?? 'csv' },
  { key: 'status', header: 'Status', cell: (u) => u.status ?? '—' },
  { key: 'ok', header: 'Rows imported', numeric: true, cell: (u) => u.rowCountSuccess ?? 0 },
  { key: 'failed', header: 'Rows rejected', numeric: true, cell: (u) => u.rowCountFailure ?? 0 },
];

export default function ImportsPage() {
  const query = useListOpenOrderUploadsInfinite({ pageSize: 50 }, { query: cursorPaging });
  const rows = flattenPages(query.data, 'openOrderUploads');
  return (
    <>
      <PageHeader title="Imports" />
      <QueryStatus query={query} label="imports" isEmpty={rows.length === 0} empty="No files imported yet.">
        <ResourceTable caption="Open-order imports" columns={columns} rows={rows} rowKey={(u) => u.sid} pages={query} />
      </QueryStatus>
    </>
  );
}
