// The tables of a BOM's page: a scrolling region a keyboard can scroll, and a header row.
import type { ReactNode } from 'react';
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
 * stack as cards whose cells name their column (STACKED_CELL).
 */
export function HeaderRow({ columns, stacked = false }: { columns: [string, boolean][]; stacked?: boolean }) {
  return (
    <thead className={`sticky top-0 bg-slate-100 text-left text-slate-700 ${stacked ? 'max-sm:hidden' : ''}`}>
      <tr>
        {columns.map(([heading, numeric]) => (
          <th key={heading} scope="col" className={`px-3 py-2 font-medium ${numeric ? 'text-right' : ''}`}>
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * On phones, a table whose rows stack as cards of two columns (the classes of the table, its body and rows), each
 * cell headed by its column's name from its data-label: generated content, which screen readers read with the
 * value and which the cell's text leaves out.
 */
export const STACKED_TABLE = 'max-sm:block';
export const STACKED_BODY = 'max-sm:block';
export const STACKED_ROW = 'max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-3 max-sm:px-1 max-sm:py-2';
export const STACKED_CELL =
  'max-sm:block max-sm:text-left max-sm:before:block max-sm:before:text-xs max-sm:before:font-normal max-sm:before:text-slate-700 max-sm:before:content-[attr(data-label)]';
