import { useId } from 'react';
import { Link } from 'react-router';
import { useAddressParams } from '../../components/address-params';
import { useListBomsInfinite } from '../../api/generated/hooks/boms/boms';
import type { Bom } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { inputClass } from '../../components/input-class';
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

/** "Can build today at most N": a whole number of units, kept in the address; anything else shows every BOM. */
function useCtbAtMost() {
  const [params, setParam] = useAddressParams();
  const raw = params.get('canBuildAtMost') ?? '';
  const atMost = /^\d{1,9}$/.test(raw) ? raw : undefined;
  return {
    raw,
    atMost,
    set: (value: string) => {
      setParam('canBuildAtMost', value.trim());
    },
  };
}

export default function ClearToBuildPage() {
  const filter = useCtbAtMost();
  const inputId = useId();
  const hintId = useId();
  const query = useListBomsInfinite(
    { pageSize: 50, ...(filter.atMost === undefined ? {} : { ctbLessThanEqualTo: filter.atMost }) },
    { query: cursorPaging },
  );
  const rows = flattenPages(query.data, 'boms');
  const invalid = filter.raw !== '' && filter.atMost === undefined;
  return (
    <>
      <PageHeader title="Clear to build" />
      <div className="mb-4">
        <label htmlFor={inputId} className="block text-sm font-medium">
          Can build today at most
        </label>
        <input
          id={inputId}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="Any"
          aria-describedby={hintId}
          aria-invalid={invalid || undefined}
          className={`${inputClass} max-w-40`}
          value={filter.raw}
          onChange={(e) => {
            filter.set(e.target.value);
          }}
        />
        <p id={hintId} className={`mt-1 text-sm ${invalid ? 'text-red-800' : 'text-slate-700'}`}>
          {invalid
            ? 'Enter a whole number of units, e.g. 0 for the BOMs that cannot build any.'
            : 'Units; 0 shows the BOMs that cannot build any today. Empty shows every BOM.'}
        </p>
      </div>
      <QueryStatus
        query={query}
        label="bills of materials"
        isEmpty={rows.length === 0}
        empty={
          filter.atMost === undefined
            ? 'No bills of materials yet. Import a BOM to see how many units you can build.'
            : `Every bill of materials can build more than ${formatCount(Number(filter.atMost))} today.`
        }
      >
        <ResourceTable
          caption="Bills of materials"
          columns={columns}
          rows={rows}
          rowKey={(b) => b.sid}
          pages={query}
          stacked
        />
      </QueryStatus>
    </>
  );
}
