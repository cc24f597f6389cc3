import type { ReactNode } from 'react';
import { LoadMore, type CursorPages } from './LoadMore';
import { useScrollFocusable } from './use-scroll-focusable';

export { LoadMore, type CursorPages };

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Right-align numbers so their digits line up. */
  numeric?: boolean;
  /**
   * A name or label that may break onto a second line rather than widen the
   * table. Other columns keep each value on one line (a date never breaks in three).
   */
  wrap?: boolean;
  /** Long text (a message): it wraps, in a column kept wide enough to read. */
  text?: boolean;
}

function columnClass<Row>(c: Column<Row>): string {
  const wrapping = c.text ? 'min-w-56' : c.wrap ? '' : 'whitespace-nowrap';
  return `${c.numeric ? 'text-right tabular-nums' : ''} ${wrapping}`;
}

/**
 * The classes of a table's first column: it stays in view (sticky) while a
 * narrow screen scrolls the table sideways, so each row keeps its name.
 */
export const stickyFirstColumn = {
  header: 'sticky left-0 z-10 bg-slate-100 shadow-[inset_-1px_0_0_var(--color-slate-200)]',
  cell: 'sticky left-0 z-10 bg-white shadow-[inset_-1px_0_0_var(--color-slate-200)] group-hover:bg-slate-50',
};

/** A plain, accessible table of records with a "load more" for the next cursor page. */
export function ResourceTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  pages,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  pages: CursorPages;
}) {
  const { regionRef, tabIndex } = useScrollFocusable();
  return (
    <div className="rounded border border-slate-200 bg-white">
      {/* Sideways scrolling stays inside this region, which takes the focus while it scrolls so a keyboard scrolls it too. */}
      <div role="region" aria-label={caption} ref={regionRef} tabIndex={tabIndex} className="overflow-x-auto rounded-t">
        <table className="min-w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr>
              {columns.map((c, i) => (
                <th
                  key={c.key}
                  scope="col"
                  className={`px-3 py-2 font-semibold ${columnClass(c)} ${i === 0 ? stickyFirstColumn.header : ''}`}
                >
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} className="group border-t border-slate-100 hover:bg-slate-50">
                {columns.map((c, i) => (
                  <td
                    key={c.key}
                    // A link in a cell is a target of its own: 24 px tall at least (WCAG 2.2 target size).
                    className={`px-3 py-2 align-top [&_a]:inline-flex [&_a]:min-h-6 [&_a]:items-center ${columnClass(c)} ${i === 0 ? stickyFirstColumn.cell : ''}`}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore pages={pages} />
    </div>
  );
}
