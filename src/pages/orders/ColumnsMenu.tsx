import { useEffect, useRef, useState } from 'react';
import { moveColumn, type OrdersColumnId, type OrdersView } from './orders-view';

const COLUMN_LABELS: Record<OrdersColumnId, string> = {
  uniqueName: 'Order',
  title: 'Title',
  vendor: 'Vendor',
  items: 'Items',
  nextDue: 'Next due',
  confirmed: 'Confirmed',
  flags: 'Open flags',
  created: 'Created',
};

type Direction = 'left' | 'right';

/**
 * Which columns show and in what order. Every column has "Move left" and
 * "Move right" buttons, so the order can be changed with a keyboard alone;
 * the move is announced and focus stays on the moved column's button.
 */
export function ColumnsMenu({ view, onChange }: { view: OrdersView; onChange: (next: OrdersView) => void }) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  // Set by a move, used once the URL (and so the list) shows the new order.
  const focusAfterMove = useRef<{ id: OrdersColumnId; direction: Direction } | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const pending = focusAfterMove.current;
    if (!pending) return;
    focusAfterMove.current = null;
    const at = view.order.indexOf(pending.id);
    // At an end the button pressed is disabled: the other one keeps the focus.
    const atEnd = pending.direction === 'left' ? at === 0 : at === view.order.length - 1;
    const direction = atEnd ? (pending.direction === 'left' ? 'right' : 'left') : pending.direction;
    buttons.current.get(`${pending.id}:${direction}`)?.focus();
    setAnnouncement(`${COLUMN_LABELS[pending.id]} moved to position ${at + 1} of ${view.order.length}.`);
  }, [view.order]);

  const move = (id: OrdersColumnId, direction: Direction) => {
    focusAfterMove.current = { id, direction };
    onChange({ ...view, order: moveColumn(view.order, id, direction === 'left' ? -1 : 1) });
  };

  const moveButton = (id: OrdersColumnId, index: number, direction: Direction) => {
    const label = COLUMN_LABELS[id];
    const disabled = direction === 'left' ? index === 0 : index === view.order.length - 1;
    return (
      <button
        type="button"
        ref={(el) => {
          if (el) buttons.current.set(`${id}:${direction}`, el);
          else buttons.current.delete(`${id}:${direction}`);
        }}
        aria-label={`Move ${label} ${direction}`}
        title={`Move ${label} ${direction}`}
        disabled={disabled}
        onClick={() => {
          move(id, direction);
        }}
        className="rounded border border-slate-300 px-1.5 leading-6 hover:bg-slate-100 disabled:opacity-40"
      >
        <span aria-hidden="true">{direction === 'left' ? '←' : '→'}</span>
      </button>
    );
  };

  return (
    <details className="text-sm">
      <summary className="cursor-pointer rounded border border-slate-300 px-2 py-1 font-medium">Columns</summary>
      <fieldset className="mt-2">
        <legend className="sr-only">Shown columns and their order</legend>
        <ol className="flex flex-col gap-1">
          {view.order.map((id, index) => {
            const label = COLUMN_LABELS[id];
            return (
              <li key={id} className="flex items-center gap-2">
                <span className="flex gap-1">
                  {moveButton(id, index, 'left')}
                  {moveButton(id, index, 'right')}
                </span>
                {id === 'uniqueName' ? (
                  // The order number links each row to its order, so it always shows.
                  <span>
                    {label} <span className="text-slate-600">(always shown)</span>
                  </span>
                ) : (
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      className="size-6"
                      checked={!view.hidden.includes(id)}
                      onChange={(e) => {
                        const hidden = e.target.checked ? view.hidden.filter((h) => h !== id) : [...view.hidden, id];
                        onChange({ ...view, hidden });
                      }}
                    />
                    {label}
                  </label>
                )}
              </li>
            );
          })}
        </ol>
        <p role="status" className="sr-only">
          {announcement}
        </p>
      </fieldset>
    </details>
  );
}
