import type { ReactNode } from 'react';
import { LoadMore, type CursorPages } from './LoadMore';
import {
  STACKED_BODY,
  STACKED_CELL,
  STACKED_HEAD,
  STACKED_ROW,
  STACKED_TABLE,
  STACKED_UNSTICK,
  STACKED_WIDE,
} from './stacked-table';
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
  /**
   * A value that may be one long word (an ERP's order number or code): it breaks inside the word rather than widen
   * the table past the row's actions, in a column kept 7rem wide so that a usual one stays whole.
   */
  longWords?: boolean;
  /** Long text (a message): it wraps, in a column kept wide enough to read. */
  text?: boolean;
  /** In a table stacked on phones, the cell takes the card's whole width (the first column and text ones do). */
  wide?: boolean;
  /** The row's actions: kept in view at the right edge while the table scrolls sideways (stickyLastColumn). */
  pinned?: boolean;
}

function columnClass<Row>(c: Column<Row>): string {
  const wrapping = c.text ? 'min-w-56' : c.longWords ? 'min-w-28 wrap-anywhere' : c.wrap ? '' : 'whitespace-nowrap';
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

/** On phones, a stacked table's cell: headed by its column, across the card when it is the row's name or wide. */
function stackedCellClass<Row>(c: Column<Row>, first: boolean): string {
  // Not sticky in a card: nothing scrolls sideways.
  return `${STACKED_CELL} ${STACKED_UNSTICK} max-sm:whitespace-normal ${first || c.text || c.wide ? STACKED_WIDE : ''}`;
}

/**
 * The classes of a table's last column when it holds the row's actions: it stays in view at the right edge while a
 * table wider than the screen scrolls sideways, so no row's buttons are out of sight.
 */
export const stickyLastColumn = {
  header: 'sticky right-0 z-10 bg-slate-100 shadow-[inset_1px_0_0_var(--color-slate-200)]',
  cell: 'sticky right-0 z-10 bg-white shadow-[inset_1px_0_0_var(--color-slate-200)] group-hover:bg-slate-50',
};

/**
 * A plain, accessible table of records with a "load more" for the next cursor page. `stacked`: on phones its rows
 * are cards, each cell headed by its column (src/components/stacked-table.ts), rather than a table scrolled sideways.
 */
export function ResourceTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  pages,
  stacked = false,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  pages: CursorPages;
  stacked?: boolean;
}) {
  const { regionRef, tabIndex } = useScrollFocusable();
  return (
    <div className="rounded border border-slate-200 bg-white">
      {/* Sideways scrolling stays inside this region, which takes the focus while it scrolls so a keyboard scrolls it too. */}
      <div role="region" aria-label={caption} ref={regionRef} tabIndex={tabIndex} className="overflow-x-auto rounded-t">
        <table className={`min-w-full text-sm ${stacked ? STACKED_TABLE : ''}`}>
          <caption className="sr-only">{caption}</caption>
          <thead className={`bg-slate-100 text-left text-slate-700 ${stacked ? STACKED_HEAD : ''}`}>
            <tr>
              {columns.map((c, i) => (
                <th
                  key={c.key}
                  scope="col"
                  className={`px-3 py-2 font-semibold ${columnClass(c)} ${i === 0 ? stickyFirstColumn.header : ''} ${c.pinned ? stickyLastColumn.header : ''}`}
                >
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className={stacked ? STACKED_BODY : undefined}>
            {rows.map((row) => (
              <tr
                key={rowKey(row)}
                className={`group border-t border-slate-100 hover:bg-slate-50 ${stacked ? STACKED_ROW : ''}`}
              >
                {columns.map((c, i) => (
                  <td
                    key={c.key}
                    data-label={stacked ? c.header : undefined}
                    // A link in a cell is a target of its own: 24 px tall at least (WCAG 2.2 target size).
                    className={`px-3 py-2 align-top [&_a]:inline-flex [&_a]:min-h-6 [&_a]:items-center ${columnClass(c)} ${i === 0 ? stickyFirstColumn.cell : ''} ${c.pinned ? stickyLastColumn.cell : ''} ${stacked ? stackedCellClass(c, i === 0) : ''}`}
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
