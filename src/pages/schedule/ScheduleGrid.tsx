// The schedule as a spreadsheet-like grid: only the rows on screen are in the
// DOM (100,000 loaded rows scroll like 50), the next page loads as the end
// comes into view, and everything works from the keyboard:
// arrows/Home/End/PageUp/PageDown move, Enter or F2 edits (Enter toggles
// "confirmed"), Escape cancels, Space selects the row, Shift+Space extends.
import { elementScroll, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import type { ItemGroup } from '../../api/generated/model';
import { displayValue, fieldLabels, parseCellInput, type EditableField, type FieldValue } from './edits';
import { gridColumns } from './grid-columns';
import { rowName } from './use-row-edits';

const rowHeight = 40;
/** Columns: the selection box, the data columns, then the row actions. */
const columnCount = gridColumns.length + 2;
const actionsColumn = columnCount - 1;
const widths = ['2.75rem', ...gridColumns.map((c) => c.width), '5.5rem'];
const template = widths.join(' ');
// Every width is in rem, so the row's width is known without layout: rows get
// `contain: strict` and the browser lays out each one on its own.
const rowWidth = `${String(widths.reduce((sum, w) => sum + Number.parseFloat(w), 0))}rem`;

interface Cell {
  row: number;
  col: number;
}

/**
 * The grid's size for the virtualizer, read when the browser lays the page
 * out anyway (the next frame, then on each resize) rather than as the grid
 * mounts, where reading it would force a layout of the whole page in the
 * middle of React's commit. Until then the virtualizer's initialRect stands in.
 */
function observeSizeAtNextFrame(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  const element = instance.scrollElement;
  if (!element) return;
  const measure = () => {
    cb({ width: element.clientWidth, height: element.clientHeight });
  };
  const frame = requestAnimationFrame(measure);
  const observer = new ResizeObserver(measure);
  observer.observe(element);
  return () => {
    cancelAnimationFrame(frame);
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
  onSave: (sid: string, field: EditableField, value: FieldValue) => unknown;
  onSplit: (row: ItemGroup) => void;
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
  handlers,
}: {
  row: ItemGroup;
  index: number;
  start: number;
  isSelected: boolean;
  /** The active cell's column when it is in this row, else -1. */
  activeCol: number;
  editingCol: number;
  handlers: RowHandlers;
}) {
  const risk = row.context?.risk;
  const cellProps = (col: number) => ({
    role: 'gridcell',
    'data-cell': `${String(index)}:${String(col)}`,
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
      className={`absolute left-0 top-0 grid border-b border-slate-100 ${
        isSelected ? 'bg-blue-50' : risk === 'pastDue' ? 'bg-red-50/40' : ''
      } ${risk ? 'border-l-4 border-l-red-700' : 'border-l-4 border-l-transparent'}`}
      style={{
        gridTemplateColumns: template,
        width: rowWidth,
        height: rowHeight,
        contain: 'strict',
        transform: `translateY(${String(start)}px)`,
      }}
    >
      <div {...cellProps(0)} className={`${cellClass} ${focusRing}`}>
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select ${rowName(row)}`}
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
            className={`${cellClass} ${focusRing} ${c.numeric ? 'justify-end tabular-nums' : ''}`}
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
}: ScheduleGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const [active, setActive] = useState<Cell>({ row: 0, col: 1 });
  const [editing, setEditing] = useState<Cell | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  // Set when the keyboard moved the active cell: focus follows once the row is rendered.
  const focusPending = useRef(false);

  // The virtualizer's first scroll, as the grid mounts, puts the new grid where it already is
  // (the top): skipping it spares a layout of the whole page forced in the middle of React's commit.
  const scrolledOnce = useRef(false);
  // The virtualizer's functions change every render by design; the compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // The grid's height by its CSS (below) at the usual 16 px rem, until it is
    // measured: the rows on screen are in the first render, which React can
    // slice, rather than in a re-render forced while the grid mounts.
    initialRect: { width: 0, height: Math.max(window.innerHeight - 17 * 16, 20 * 16) },
    observeElementRect: observeSizeAtNextFrame,
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
    setEditing({ row: index, col });
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
        setEditing(null);
        if (result) void onSave(row.sid, field, result.value);
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
      aria-rowcount={hasNextPage ? -1 : rows.length + 1}
      aria-colcount={columnCount}
      aria-multiselectable="true"
      aria-busy={busy}
      data-testid="schedule-grid"
      onKeyDown={onKeyDown}
      onClick={(e) => {
        // The cells' plain links navigate inside the app, unless opened elsewhere on purpose.
        const link = (e.target as HTMLElement).closest('a');
        if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        void navigate(link.getAttribute('href') ?? '/');
      }}
      className="relative h-[calc(100vh-17rem)] min-h-80 overflow-auto rounded border border-slate-200 bg-white"
    >
      <div
        role="rowgroup"
        className="sticky top-0 z-10 min-w-full border-b border-slate-300 bg-slate-50"
        style={{ width: rowWidth }}
      >
        <div role="row" aria-rowindex={1} className="grid" style={{ gridTemplateColumns: template, height: rowHeight }}>
          <div role="columnheader" className={cellClass}>
            <input
              type="checkbox"
              aria-label="Select all loaded shipments"
              checked={allLoadedSelected}
              onChange={(e) => {
                onSelect(
                  rows.map((g) => g.sid),
                  e.target.checked,
                );
              }}
            />
          </div>
          {gridColumns.map((c) => (
            <div
              key={c.id}
              role="columnheader"
              className={`${cellClass} font-medium ${c.numeric ? 'justify-end' : ''}`}
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
        style={{ width: rowWidth, height: virtualizer.getTotalSize() }}
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
              handlers={handlers}
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
