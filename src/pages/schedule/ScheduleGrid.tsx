// The schedule as a spreadsheet-like grid: only the rows on screen are in the
// DOM (100,000 loaded rows scroll like 50), the next page loads as the end
// comes into view, and everything works from the keyboard:
// arrows/Home/End/PageUp/PageDown move, Enter or F2 edits (Enter toggles
// "confirmed"), Escape cancels, Space selects the row, Shift+Space extends.
//
// Columns fit their content (the first page's widest text, between a floor and
// a ceiling); wider text is cut with an ellipsis and shown whole on hover and
// focus. When the columns are wider than the screen the grid scrolls sideways
// in its own region, the selection box, order and part staying in view.
import { elementScroll, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useNavigate } from 'react-router';
import type { ItemGroup } from '../../api/generated/model';
import { canSplit } from '../../lib/item-groups';
import { displayValue, fieldLabels, parseCellInput, type EditableField, type FieldValue } from './edits';
import { fitColumnWidths, gridColumns } from './grid-columns';
import { rowName } from './use-row-edits';
import { changedByVendorSince } from './vendor-changes';

const rowHeight = 40;
/** Columns: the selection box, the data columns, then the row actions. */
const columnCount = gridColumns.length + 2;
const actionsColumn = columnCount - 1;
/** The columns kept in view while the grid scrolls sideways: the selection box, order and part. */
const stickyColumns = [true, ...gridColumns.map((c) => c.sticky ?? false), false];
const lastSticky = stickyColumns.lastIndexOf(true);
/** The selection box's column: a 24 px box, its padding and the row marker. */
const selectRem = 2.75;
const actionsRem = 5.5;

/** The columns' widths as every row and the header use them. */
interface GridLayout {
  template: string;
  rowWidth: string;
  /** A sticky column's offset from the grid's left edge: the widths of the sticky columns before it. */
  left: (string | undefined)[];
}

const sumOf = (sizes: string[]) =>
  sizes.length === 0 ? '0px' : sizes.length === 1 ? sizes[0] : `calc(${sizes.join(' + ')})`;

// Every width is in rem (capped by vw on narrow screens), so the row's width is
// known without layout: rows get `contain: strict` and the browser lays out
// each one on its own.
function gridLayout(dataRem: readonly number[]): GridLayout {
  const sizes = [
    `${String(selectRem)}rem`,
    ...gridColumns.map((c, i) => {
      const rem = `${String(dataRem[i])}rem`;
      return c.maxVw ? `min(${rem}, ${String(c.maxVw)}vw)` : rem;
    }),
    `${String(actionsRem)}rem`,
  ];
  return {
    template: sizes.join(' '),
    rowWidth: sumOf(sizes),
    left: sizes.map((_, i) =>
      stickyColumns[i] ? sumOf(sizes.slice(0, i).filter((_s, j) => stickyColumns[j])) : undefined,
    ),
  };
}

/** A sticky column: above the cells scrolling under it, the last one edged. Its background must be opaque. */
const stickyClass = (col: number) =>
  stickyColumns[col] ? `sticky z-[1] ${col === lastSticky ? 'border-r border-slate-200' : ''}` : '';

/**
 * Scrolls the grid sideways so the column the keyboard moved to is in view,
 * clear of the sticky columns (focus itself does not scroll: the virtualizer
 * brings the row).
 */
function revealColumn(scroller: HTMLElement, row: HTMLElement, col: number) {
  // The row's start (Home) shows the row from its start; the other sticky columns are always in view.
  if (col === 0) scroller.scrollLeft = 0;
  if (stickyColumns[col]) return;
  const tracks = getComputedStyle(row).gridTemplateColumns.split(' ');
  if (tracks.length !== columnCount || !tracks.every((t) => t.endsWith('px'))) return;
  const px = tracks.map((t) => Number.parseFloat(t));
  let start = 0;
  let band = 0;
  for (let i = 0; i < col; i++) {
    start += px[i];
    if (stickyColumns[i]) band += px[i];
  }
  const end = start + px[col];
  if (start - scroller.scrollLeft < band) scroller.scrollLeft = start - band;
  else if (end - scroller.scrollLeft > scroller.clientWidth) {
    scroller.scrollLeft = Math.min(start - band, end - scroller.clientWidth);
  }
}

interface Cell {
  row: number;
  col: number;
}

/**
 * The grid's size for the virtualizer, as a ResizeObserver reports it: after
 * the browser has laid the page out anyway (its first frame, then on each
 * resize), never read while the layout is dirty, where it would force a layout
 * of the whole page (in React's commit, or in an animation frame before the
 * browser's own). Until then the virtualizer's initialRect stands in.
 */
function observeSizeAfterLayout(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  const element = instance.scrollElement;
  if (!element) return;
  const observer = new ResizeObserver(() => {
    cb({ width: element.clientWidth, height: element.clientHeight });
  });
  observer.observe(element);
  return () => {
    observer.disconnect();
  };
}

export interface ScheduleGridProps {
  rows: ItemGroup[];
  hasNextPage: boolean;
  /** The rows are the previous view's while the new one loads. */
  busy: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  selected: ReadonlySet<string>;
  onSelect: (sids: string[], selected: boolean) => void;
  /** `seenVersion`: the row's version when its editor opened; a change saved since by someone else is a conflict. */
  onSave: (sid: string, field: EditableField, value: FieldValue, seenVersion?: number) => unknown;
  onSplit: (row: ItemGroup) => void;
  /** The id of what describes the grid: its GridHelp. */
  describedBy?: string;
  /** When the buyer last looked at the vendors' changes: rows changed since carry a blue dot. */
  vendorChangesSeenAt?: string | null;
}

/**
 * How the grid is used from the keyboard, and what the red bar at a row's
 * start means. Shown with the page, before the rows arrive, so nothing moves
 * when they do; the grid is described by it.
 */
export function GridHelp({ id }: { id: string }) {
  return (
    <div id={id} className="mb-2 space-y-1 text-sm text-slate-700">
      <p>Arrow keys move, Enter edits, Escape cancels, Space selects.</p>
      <p className="flex items-center gap-2">
        <span aria-hidden="true" className="h-5 w-1 shrink-0 rounded-sm bg-red-700" />
        <span>
          <span className="font-medium">Red bar:</span> the shipment needs attention (the Attention column says why);
          past-due rows are tinted red.
        </span>
      </p>
      <p className="flex items-center gap-2">
        <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-blue-700" />
        <span>
          <span className="font-medium">Blue dot:</span> the vendor changed the shipment since you last looked.
        </span>
      </p>
    </div>
  );
}

function CellEditor({
  row,
  field,
  onDone,
}: {
  row: ItemGroup;
  field: Exclude<EditableField, 'confirmed'>;
  onDone: (result: { value: FieldValue } | null, move?: 'right' | 'left') => void;
}) {
  const initial = row[field] ?? '';
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const finished = useRef(false);
  const commit = (move?: 'right' | 'left') => {
    if (finished.current) return;
    if (text === initial) {
      finished.current = true;
      onDone(null, move);
      return;
    }
    const parsed = parseCellInput(field, text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    finished.current = true;
    onDone({ value: parsed.value }, move);
  };
  const errorId = `edit-error-${row.sid}-${field}`;
  return (
    <div className="relative w-full">
      <input
        // The editor takes focus as it opens, like a spreadsheet's.
        autoFocus
        type={field === 'quantity' ? 'text' : 'date'}
        inputMode={field === 'quantity' ? 'decimal' : undefined}
        aria-label={`${fieldLabels[field]} of ${rowName(row)}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            finished.current = true;
            onDone(null);
          } else if (e.key === 'Tab') {
            e.preventDefault();
            commit(e.shiftKey ? 'left' : 'right');
          }
        }}
        onBlur={() => {
          commit();
        }}
        className="w-full rounded border border-blue-700 px-1 py-0.5 text-sm"
      />
      {error ? (
        <p
          id={errorId}
          role="alert"
          className="absolute left-0 top-full z-20 mt-1 w-56 rounded bg-red-800 px-2 py-1 text-xs text-white"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}

const cellClass = 'flex items-center overflow-hidden whitespace-nowrap px-2 text-sm outline-none';
const focusRing = 'focus:ring-2 focus:ring-inset focus:ring-blue-700';
/** A focused cell lets its cut text (see grid-columns) overflow, whole, over the next cells. */
const revealOnFocus = 'group/cell focus:z-[2] focus:overflow-visible';
/** Checkboxes of 24 by 24 px: the WCAG 2.2 target size, on a phone too. */
const checkboxClass = 'size-6 shrink-0';

interface RowHandlers {
  click: (index: number, col: number, e: MouseEvent) => void;
  focus: (index: number, col: number) => void;
  toggle: (index: number, extend: boolean) => void;
  edit: (index: number, col: number) => void;
  done: (
    index: number,
    col: number,
    row: ItemGroup,
    field: EditableField,
    result: { value: FieldValue } | null,
    move?: 'right' | 'left',
  ) => void;
  split: (row: ItemGroup) => void;
}

const GridRow = memo(function GridRow({
  row,
  index,
  start,
  isSelected,
  activeCol,
  editingCol,
  layout,
  handlers,
  changedByVendor,
}: {
  row: ItemGroup;
  index: number;
  start: number;
  isSelected: boolean;
  /** The vendor changed the row since the buyer last looked. */
  changedByVendor: boolean;
  /** The active cell's column when it is in this row, else -1. */
  activeCol: number;
  editingCol: number;
  layout: GridLayout;
  handlers: RowHandlers;
}) {
  const risk = row.context?.risk;
  const cellProps = (col: number) => ({
    role: 'gridcell',
    'data-cell': `${String(index)}:${String(col)}`,
    style: stickyColumns[col] ? { left: layout.left[col] } : undefined,
    tabIndex: activeCol === col && editingCol !== col ? 0 : -1,
    onClick: (e: MouseEvent) => {
      handlers.click(index, col, e);
    },
    onFocus: () => {
      handlers.focus(index, col);
    },
  });
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={isSelected}
      data-sid={row.sid}
      // Opaque: the sticky cells take the row's background, and hide the cells scrolling under them.
      className={`absolute left-0 top-0 grid border-b border-slate-100 ${
        isSelected ? 'bg-blue-50' : risk === 'pastDue' ? 'bg-red-50' : 'bg-white'
      }`}
      style={{
        gridTemplateColumns: layout.template,
        width: layout.rowWidth,
        height: rowHeight,
        contain: 'strict',
        transform: `translateY(${String(start)}px)`,
      }}
    >
      {/* The row marker (explained by the legend) is on the sticky first cell: it stays in view. */}
      <div
        {...cellProps(0)}
        data-marker={risk ? 'attention' : undefined}
        data-vendor-changed={changedByVendor || undefined}
        className={`${cellClass} ${focusRing} ${stickyClass(0)} border-l-4 bg-inherit ${
          risk ? 'border-l-red-700' : 'border-l-transparent'
        }`}
      >
        {changedByVendor ? (
          <>
            <span aria-hidden="true" className="absolute top-1 right-0.5 size-2 rounded-full bg-blue-700" />
            <span className="sr-only">Changed by the vendor since you last looked.</span>
          </>
        ) : null}
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select ${rowName(row)}`}
          className={checkboxClass}
          checked={isSelected}
          onChange={() => undefined}
          onClick={(e) => {
            e.stopPropagation();
            handlers.toggle(index, e.shiftKey);
          }}
        />
      </div>
      {gridColumns.map((c, i) => {
        const col = i + 1;
        const edit = c.edit;
        return (
          <div
            key={c.id}
            {...cellProps(col)}
            aria-readonly={edit ? undefined : true}
            onDoubleClick={() => {
              if (edit) handlers.edit(index, col);
            }}
            className={`${cellClass} ${focusRing} ${c.numeric ? 'justify-end tabular-nums' : ''} ${
              stickyColumns[col] ? `${stickyClass(col)} bg-inherit` : ''
            } ${c.text ? revealOnFocus : ''}`}
          >
            {editingCol === col && edit && edit !== 'confirmed' ? (
              <CellEditor
                row={row}
                field={edit}
                onDone={(result, move) => {
                  handlers.done(index, col, row, edit, result, move);
                }}
              />
            ) : (
              c.cell(row)
            )}
          </div>
        );
      })}
      <div {...cellProps(actionsColumn)} className={`${cellClass} ${focusRing}`}>
        {/* Delivered and canceled shipments cannot be split: no button for them. */}
        {canSplit(row) ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Split ${rowName(row)}`}
            onClick={() => {
              handlers.split(row);
            }}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs font-medium"
          >
            Split
          </button>
        ) : null}
      </div>
    </div>
  );
});

export function ScheduleGrid({
  rows,
  hasNextPage,
  busy,
  isFetchingNextPage,
  fetchNextPage,
  selected,
  onSelect,
  onSave,
  onSplit,
  describedBy,
  vendorChangesSeenAt = null,
}: ScheduleGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  // The columns fit the first page's text; rows get one layout object, new only when a width changes.
  const widthsKey = useMemo(() => fitColumnWidths(rows).join(' '), [rows]);
  const layout = useMemo(() => gridLayout(widthsKey.split(' ').map(Number)), [widthsKey]);
  const [active, setActive] = useState<Cell>({ row: 0, col: 1 });
  // The row's version as the editor opened: a live refresh under an open editor must not make the save overwrite it.
  const [editing, setEditing] = useState<(Cell & { version: number }) | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  // Set when the keyboard moved the active cell: focus follows once the row is rendered.
  const focusPending = useRef(false);
  // Until the grid is first scrolled it has only the rows on screen: its first frame (on a phone,
  // the page's largest paint) lays out no more than it shows. From the first scroll on, rows beyond
  // the screen are rendered ahead, to keep scrolling seamless.
  const [overscan, setOverscan] = useState(0);

  // The virtualizer's first scroll, as the grid mounts, puts the new grid where it already is
  // (the top): skipping it spares a layout of the whole page forced in the middle of React's commit.
  const scrolledOnce = useRef(false);
  // The virtualizer's functions change every render by design; the compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    // The grid's height by its CSS (below) at the usual 16 px rem, until it is
    // measured: the rows on screen are in the first render, which React can
    // slice, rather than in a re-render forced while the grid mounts.
    initialRect: { width: 0, height: Math.max(window.innerHeight - 17 * 16, 20 * 16) },
    observeElementRect: observeSizeAfterLayout,
    scrollToFn: (offset, options, instance) => {
      const first = !scrolledOnce.current;
      scrolledOnce.current = true;
      if (first && offset + (options.adjustments ?? 0) === 0) return;
      elementScroll(offset, options, instance);
    },
  });
  const items = virtualizer.getVirtualItems();
  const lastRendered = items.length > 0 ? items[items.length - 1].index : -1;

  // A performance mark the benchmark reads: the moment the first rows are on screen.
  const hasRows = items.length > 0;
  useEffect(() => {
    if (hasRows && performance.getEntriesByName('schedule:first-rows').length === 0) {
      performance.mark('schedule:first-rows');
    }
  }, [hasRows]);

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastRendered >= rows.length - 40) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastRendered, rows.length, fetchNextPage]);

  // Keep the active cell inside the rows when the view shrinks (new filters).
  const activeRow = Math.min(active.row, Math.max(rows.length - 1, 0));

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(
      `[data-cell="${String(activeRow)}:${String(active.col)}"]`,
    );
    if (cell) {
      focusPending.current = false;
      cell.focus({ preventScroll: true });
      if (scrollRef.current && cell.parentElement) revealColumn(scrollRef.current, cell.parentElement, active.col);
    }
  });

  const moveTo = (row: number, col: number) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(columnCount - 1, col));
    setActive({ row: r, col: c });
    focusPending.current = true;
    virtualizer.scrollToIndex(r, { align: 'auto' });
  };

  const toggleRow = (index: number, extend: boolean) => {
    const row = rows.at(index);
    if (!row) return;
    if (extend && anchor !== null) {
      const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
      onSelect(
        rows.slice(from, to + 1).map((g) => g.sid),
        true,
      );
    } else {
      onSelect([row.sid], !selected.has(row.sid));
      setAnchor(index);
    }
  };

  const startEdit = (index: number, col: number) => {
    const row = rows.at(index);
    const column = gridColumns.at(col - 1);
    if (!row) return;
    if (col === actionsColumn) {
      onSplit(row);
      return;
    }
    if (col === 0) {
      toggleRow(index, false);
      return;
    }
    if (!column?.edit) {
      // A cell with a link follows it, as a click would.
      scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${String(index)}:${String(col)}"] a`)?.click();
      return;
    }
    if (column.edit === 'confirmed') {
      void onSave(row.sid, 'confirmed', !row.confirmed);
      return;
    }
    setEditing({ row: index, col, version: row.version });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 2);
    const { col } = active;
    const row = activeRow;
    const keys: Record<string, () => void> = {
      ArrowDown: () => {
        moveTo(row + 1, col);
      },
      ArrowUp: () => {
        moveTo(row - 1, col);
      },
      ArrowRight: () => {
        moveTo(row, col + 1);
      },
      ArrowLeft: () => {
        moveTo(row, col - 1);
      },
      PageDown: () => {
        moveTo(row + page, col);
      },
      PageUp: () => {
        moveTo(row - page, col);
      },
      Home: () => {
        moveTo(e.ctrlKey ? 0 : row, 0);
      },
      End: () => {
        moveTo(e.ctrlKey ? rows.length - 1 : row, columnCount - 1);
      },
      Enter: () => {
        startEdit(row, col);
      },
      F2: () => {
        startEdit(row, col);
      },
      ' ': () => {
        toggleRow(row, e.shiftKey);
      },
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const onCellClick = (index: number, col: number) => (e: MouseEvent) => {
    setActive({ row: index, col });
    if (col === 0 && e.shiftKey) toggleRow(index, true);
  };

  const onCellFocus = (index: number, col: number) => () => {
    if (activeRow !== index || active.col !== col) setActive({ row: index, col });
  };

  // Rows are memoized: they get one handlers object that never changes and
  // calls the latest closures, so scrolling re-renders only rows that change.
  const latest = useRef<RowHandlers | null>(null);
  useLayoutEffect(() => {
    latest.current = {
      click: (index, col, e) => {
        onCellClick(index, col)(e);
      },
      focus: (index, col) => {
        onCellFocus(index, col)();
      },
      toggle: (index, extend) => {
        setActive({ row: index, col: 0 });
        toggleRow(index, extend);
      },
      edit: startEdit,
      done: (index, col, row, field, result, move) => {
        const seenVersion = editing?.version;
        setEditing(null);
        if (result) void onSave(row.sid, field, result.value, seenVersion);
        focusPending.current = true;
        if (move) setActive({ row: index, col: move === 'right' ? col + 1 : col - 1 });
      },
      split: onSplit,
    };
  });
  const [handlers] = useState<RowHandlers>(() => ({
    click: (...args) => latest.current?.click(...args),
    focus: (...args) => latest.current?.focus(...args),
    toggle: (...args) => latest.current?.toggle(...args),
    edit: (...args) => latest.current?.edit(...args),
    done: (...args) => latest.current?.done(...args),
    split: (...args) => latest.current?.split(...args),
  }));

  const allLoadedSelected = rows.length > 0 && rows.every((g) => selected.has(g.sid));

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Shipments"
      aria-describedby={describedBy}
      aria-rowcount={hasNextPage ? -1 : rows.length + 1}
      aria-colcount={columnCount}
      aria-multiselectable="true"
      aria-busy={busy}
      data-testid="schedule-grid"
      onKeyDown={onKeyDown}
      onScroll={
        overscan === 0
          ? () => {
              setOverscan(8);
            }
          : undefined
      }
      onClick={(e) => {
        // The cells' plain links navigate inside the app, unless opened elsewhere on purpose.
        const link = (e.target as HTMLElement).closest('a');
        if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        void navigate(link.getAttribute('href') ?? '/');
      }}
      // Controls in cells are at least 24 by 24 px (WCAG 2.2 target size).
      className="relative h-[calc(100vh-17rem)] min-h-80 overflow-auto overscroll-x-contain rounded border border-slate-200 bg-white [&_[role=gridcell]_button]:min-h-6 [&_[role=gridcell]_button]:min-w-6"
    >
      <div
        role="rowgroup"
        className="sticky top-0 z-10 min-w-full border-b border-slate-300 bg-slate-50"
        style={{ width: layout.rowWidth }}
      >
        <div
          role="row"
          aria-rowindex={1}
          className="grid"
          style={{ gridTemplateColumns: layout.template, height: rowHeight }}
        >
          <div
            role="columnheader"
            className={`${cellClass} ${stickyClass(0)} border-l-4 border-l-transparent bg-slate-50`}
            style={{ left: layout.left[0] }}
          >
            <input
              type="checkbox"
              aria-label="Select all loaded shipments"
              className={checkboxClass}
              checked={allLoadedSelected}
              onChange={(e) => {
                onSelect(
                  rows.map((g) => g.sid),
                  e.target.checked,
                );
              }}
            />
          </div>
          {gridColumns.map((c, i) => (
            <div
              key={c.id}
              role="columnheader"
              className={`${cellClass} font-medium ${c.numeric ? 'justify-end' : ''} ${
                stickyColumns[i + 1] ? `${stickyClass(i + 1)} bg-slate-50` : ''
              }`}
              style={stickyColumns[i + 1] ? { left: layout.left[i + 1] } : undefined}
            >
              {c.header}
              {c.edit ? <span className="sr-only"> (editable)</span> : null}
            </div>
          ))}
          <div role="columnheader" className={`${cellClass} font-medium`}>
            Actions
          </div>
        </div>
      </div>
      <div
        role="rowgroup"
        className="relative min-w-full"
        style={{ width: layout.rowWidth, height: virtualizer.getTotalSize() }}
      >
        {items.map((v) => {
          const row = rows[v.index];
          return (
            <GridRow
              key={row.sid}
              row={row}
              index={v.index}
              start={v.start}
              isSelected={selected.has(row.sid)}
              activeCol={activeRow === v.index ? active.col : -1}
              editingCol={editing?.row === v.index ? editing.col : -1}
              layout={layout}
              handlers={handlers}
              changedByVendor={changedByVendorSince(row, vendorChangesSeenAt)}
            />
          );
        })}
      </div>
      {isFetchingNextPage ? (
        <p role="status" className="sticky bottom-0 left-0 bg-white/90 px-3 py-1 text-sm text-slate-700">
          Loading more shipments…
        </p>
      ) : null}
    </div>
  );
}

/** How a changed value is named in the conflict dialog. */
export function conflictFields(field: EditableField, mine: FieldValue, theirs: ItemGroup) {
  return [{ label: fieldLabels[field], mine: displayValue(field, mine), theirs: displayValue(field, theirs[field]) }];
}
