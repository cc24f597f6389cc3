// Tables whose rows stack as cards on phones (below Tailwind's sm, 640 px),
// where a table of eight or ten columns scrolled sideways with only its first
// column and a half in view, and the row's actions out of sight.

/**
 * The classes of the table, its body and its rows: each row a card of two columns. The header row is hidden
 * (STACKED_HEAD); each cell is headed instead by its column's name from its data-label (STACKED_CELL): generated
 * content, which screen readers read with the value and which the cell's own text leaves out.
 */
export const STACKED_TABLE = 'max-sm:block';
export const STACKED_HEAD = 'max-sm:hidden';
export const STACKED_BODY = 'max-sm:block';
export const STACKED_ROW = 'max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-3 max-sm:px-1 max-sm:py-2';
export const STACKED_CELL =
  'max-sm:block max-sm:text-left max-sm:before:block max-sm:before:text-xs max-sm:before:font-normal max-sm:before:text-slate-700 max-sm:before:content-[attr(data-label)]';
/** A cell across the whole card: the row's name, long text, its actions. */
export const STACKED_WIDE = 'max-sm:col-span-2';
/** A column that sticks to an edge while the table scrolls sideways (stickyFirstColumn, stickyLastColumn), in a card. */
export const STACKED_UNSTICK = 'max-sm:static max-sm:shadow-none';
