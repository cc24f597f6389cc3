// The tables of a BOM's page: a scrolling region a keyboard can scroll, and a header row.
import type { ReactNode } from 'react';
import { stickyLastColumn } from '../../components/ResourceTable';
import { STACKED_HEAD } from '../../components/stacked-table';
import { useScrollFocusable } from '../../components/use-scroll-focusable';

/** A table's scrolling region: a Tab stop while it scrolls sideways, so a keyboard scrolls it too. */
export function TableRegion({
  label,
  children,
  className = 'overflow-x-auto',
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  const { regionRef, tabIndex } = useScrollFocusable();
  return (
    <div
      ref={regionRef}
      tabIndex={tabIndex}
      role="region"
      aria-label={label}
      className={`${className} rounded border border-slate-200 bg-white`}
    >
      {children}
    </div>
  );
}

/**
 * The header row of a table: [heading, numeric] per column. `stacked`: hidden on phones, where the table's rows
 * stack as cards whose cells name their column (src/components/stacked-table.ts). `pinnedLast`: the last column (the
 * rows' actions) sticks to the right edge while the table scrolls sideways, as its cells do.
 */
export function HeaderRow({
  columns,
  stacked = false,
  pinnedLast = false,
}: {
  columns: [string, boolean][];
  stacked?: boolean;
  pinnedLast?: boolean;
}) {
  return (
    <thead className={`sticky top-0 bg-slate-100 text-left text-slate-700 ${stacked ? STACKED_HEAD : ''}`}>
      <tr>
        {columns.map(([heading, numeric], i) => (
          <th
            key={heading}
            scope="col"
            className={`px-3 py-2 font-medium ${numeric ? 'text-right' : ''} ${pinnedLast && i === columns.length - 1 ? stickyLastColumn.header : ''}`}
          >
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}
