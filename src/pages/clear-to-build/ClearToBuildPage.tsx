import { Link } from 'react-router';
import { useListBomsInfinite } from '../../api/generated/hooks/boms/boms';
import type { Bom } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';

const columns: Column<Bom>[] = [
  {
    key: 'name',
    header: 'Bill of materials',
    wrap: true,
    cell: (b) => (
      <Link to={`/clear-to-build/${b.sid}`} className="font-medium text-blue-800 underline">
        {b.uniqueName}
      </Link>
    ),
  },
  { key: 'approved', header: 'State', cell: (b) => (b.approved ? 'Approved' : 'Draft') },
  { key: 'lines', header: 'Lines', numeric: true, cell: (b) => formatCount(b.lineCount ?? 0) },
  { key: 'ctb', header: 'Can build today', numeric: true, cell: (b) => formatCount(b.clearToBuild ?? 0) },
  {
    key: 'expected',
    header: 'Expected by target',
    numeric: true,
    // The latest daily record; the BOM's own page forecasts afresh.
    cell: (b) =>
      b.expectedClearToBuild
        ? `${formatCount(b.expectedClearToBuild.quantity)} by ${formatDate(b.expectedClearToBuild.date)}`
        : '—',
  },
  { key: 'limiting', header: 'Limited by', wrap: true, cell: (b) => b.limitingPart ?? '—' },
  { key: 'updated', header: 'Updated', cell: (b) => formatDateTime(b.updated) },
];

export default function ClearToBuildPage() {
  const query = useListBomsInfinite({ pageSize: 50 }, { query: cursorPaging });
  const rows = flattenPages(query.data, 'boms');
  return (
    <>
      <PageHeader title="Clear to build" />
      <QueryStatus
        query={query}
        label="bills of materials"
        isEmpty={rows.length === 0}
        empty="No bills of materials yet. Import a BOM to see how many units you can build."
      >
        <ResourceTable caption="Bills of materials" columns={columns} rows={rows} rowKey={(b) => b.sid} pages={query} />
      </QueryStatus>
    </>
  );
}
