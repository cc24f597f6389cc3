// The flags as a table: a box per row to select it (and one to select every
// row shown), the line each flag is on with links to its order and item, and
// the row's own actions. Below a desktop's width the table scrolls sideways in
// its region, the first column (the box and the kind of flag) and the last
// (the actions) staying in view; on a phone each row is a card instead
// (src/components/stacked-table.ts).
import { useEffect, useRef, type MouseEvent } from 'react';
import { Link } from 'react-router';
import type { Flag, FlagStatus } from '../../api/generated/model';
import { LoadMore, stickyFirstColumn, stickyLastColumn, type CursorPages } from '../../components/ResourceTable';
import {
  STACKED_BODY,
  STACKED_CELL,
  STACKED_ROW,
  STACKED_TABLE,
  STACKED_UNSTICK,
  STACKED_WIDE,
} from '../../components/stacked-table';
import { useScrollFocusable } from '../../components/use-scroll-focusable';
import { formatDate, formatDateTime } from '../../lib/format';
import { FLAG_LABELS, STATUS_LABELS } from '../../components/flag-labels';
import { ACTIONS, type FlagAction } from '../../components/FlagActionDialog';
import { lineName } from '../../components/flag-line';

/** The actions a flag of this status offers. */
export function actionsFor(status: FlagStatus): FlagAction[] {
  return status === 'open' ? ['resolve', 'dismiss'] : ['reopen'];
}

const typeStyle: Record<Flag['type'], string> = {
  pastDue: 'bg-red-100 text-red-900',
  newDelay: 'bg-amber-100 text-amber-900',
  unresponsiveVendor: 'bg-slate-200 text-slate-900',
  directReply: 'bg-blue-100 text-blue-900',
  cannotSupply: 'bg-red-200 text-red-950',
};

/** The column headings, which head each cell on phones too (data-label). */
const COLUMN = {
  detail: 'Detail',
  line: 'Line',
  vendor: 'Vendor',
  due: 'Due',
  raised: 'Raised',
  status: 'Status',
} as const;

const th = 'px-3 py-2 font-semibold whitespace-nowrap';
/** A column heading hidden on phones, where each cell names its column (data-label). */
const columnTh = `${th} max-sm:hidden`;
const td = 'px-3 py-2 align-top';
/** A cell as a card shows it on phones: headed by its column. */
const labelledTd = `${td} ${STACKED_CELL}`;
const actionButton =
  'min-h-11 rounded border border-slate-300 bg-white px-2.5 text-sm font-medium hover:bg-slate-100 lg:min-h-8';

/** The line: the order (a link), the item (a link) and the shipment. */
function LineCell({ flag }: { flag: Flag }) {
  const parts = [];
  if (flag.orderSid) {
    parts.push(
      <Link
        key="order"
        to={`/orders/${flag.orderSid}`}
        className="inline-flex min-h-6 items-center font-medium text-blue-800 underline"
      >
        {flag.orderUniqueName ?? 'Order'}
      </Link>,
    );
  }
  if (flag.itemSid) {
    parts.push(
      <Link
        key="item"
        to={`/items/${flag.itemSid}`}
        className="inline-flex min-h-6 items-center text-blue-800 underline"
      >
        Item {flag.itemUniqueName ?? ''}
      </Link>,
    );
  }
  if (flag.itemGroupUniqueName) parts.push(<span key="group">Shipment {flag.itemGroupUniqueName}</span>);
  if (parts.length === 0) return <span className="text-slate-500">—</span>;
  return <div className="flex flex-col gap-0.5">{parts}</div>;
}

function StatusCell({ flag }: { flag: Flag }) {
  const when = flag.status === 'resolved' ? flag.resolved : flag.status === 'dismissed' ? flag.dismissed : null;
  return (
    <div>
      <span className="font-medium">{STATUS_LABELS[flag.status]}</span>
      {when ? <span className="block text-xs whitespace-nowrap text-slate-700">{formatDateTime(when)}</span> : null}
      {flag.status !== 'open' && flag.note ? (
        <p className="mt-1 max-w-64 text-xs wrap-break-word text-slate-800">
          <span className="font-medium">Note:</span> {flag.note}
        </p>
      ) : null}
    </div>
  );
}

/** The header's box: checked when every row shown is selected, mixed when some are. */
function SelectAll({ all, some, onChange }: { all: boolean; some: boolean; onChange: (checked: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some && !all;
  }, [some, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all shown flags"
      checked={all}
      onChange={(e) => {
        onChange(e.target.checked);
      }}
      className="size-6"
    />
  );
}

export function FlagsTable({
  flags,
  caption,
  selected,
  onSelect,
  onSelectAll,
  onAction,
  busy,
  pages,
}: {
  flags: Flag[];
  caption: string;
  selected: ReadonlySet<string>;
  onSelect: (sid: string, checked: boolean) => void;
  onSelectAll: (checked: boolean) => void;
  /** A row's action button was chosen (`event` tells which, so focus can return to it). */
  onAction: (action: FlagAction, flags: Flag[], event: MouseEvent<HTMLButtonElement>) => void;
  /** The rows shown are not those of the latest filters yet. */
  busy: boolean;
  pages: CursorPages;
}) {
  const { regionRef, tabIndex } = useScrollFocusable();
  const selectedShown = flags.filter((f) => selected.has(f.sid)).length;
  return (
    <div className={`rounded border border-slate-200 bg-white ${busy ? 'opacity-60' : ''}`}>
      <div role="region" aria-label={caption} ref={regionRef} tabIndex={tabIndex} className="overflow-x-auto rounded-t">
        <table className={`min-w-full text-sm ${STACKED_TABLE}`} aria-busy={busy || undefined}>
          <caption className="sr-only">{caption}</caption>
          {/* On phones only its first heading shows: the box that selects every row shown. */}
          <thead className="bg-slate-100 text-left text-slate-700 max-sm:block">
            <tr className="max-sm:block">
              <th scope="col" className={`${th} ${stickyFirstColumn.header} ${STACKED_UNSTICK} max-sm:block`}>
                <span className="flex items-center gap-3">
                  <SelectAll
                    all={flags.length > 0 && selectedShown === flags.length}
                    some={selectedShown > 0}
                    onChange={onSelectAll}
                  />
                  Flag
                </span>
              </th>
              <th scope="col" className={columnTh}>
                {COLUMN.detail}
              </th>
              <th scope="col" className={columnTh}>
                {COLUMN.line}
              </th>
              <th scope="col" className={columnTh}>
                {COLUMN.vendor}
              </th>
              <th scope="col" className={columnTh}>
                {COLUMN.due}
              </th>
              <th scope="col" className={columnTh}>
                {COLUMN.raised}
              </th>
              <th scope="col" className={columnTh}>
                {COLUMN.status}
              </th>
              <th scope="col" className={`${columnTh} ${stickyLastColumn.header}`}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className={STACKED_BODY}>
            {flags.map((f) => {
              const label = FLAG_LABELS[f.type];
              const name = `${label} flag on ${lineName(f)}`;
              return (
                <tr key={f.sid} className={`group border-t border-slate-100 hover:bg-slate-50 ${STACKED_ROW}`}>
                  <td className={`${td} ${stickyFirstColumn.cell} ${STACKED_UNSTICK} ${STACKED_WIDE}`}>
                    <span className="flex items-start gap-3">
                      <input
                        type="checkbox"
                        aria-label={`Select ${name}`}
                        checked={selected.has(f.sid)}
                        onChange={(e) => {
                          onSelect(f.sid, e.target.checked);
                        }}
                        className="size-6 shrink-0"
                      />
                      <span
                        className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${typeStyle[f.type]}`}
                      >
                        {label}
                      </span>
                    </span>
                  </td>
                  <td data-label={COLUMN.detail} className={`${labelledTd} min-w-48 ${STACKED_WIDE}`}>
                    {f.message ?? '—'}
                  </td>
                  {/* An order number may be one long word: it breaks rather than widen the table past the row's actions. */}
                  <td data-label={COLUMN.line} className={`${labelledTd} min-w-28 wrap-anywhere`}>
                    <LineCell flag={f} />
                  </td>
                  <td data-label={COLUMN.vendor} className={`${labelledTd} min-w-28`}>
                    {f.vendorName ?? '—'}
                  </td>
                  <td data-label={COLUMN.due} className={`${labelledTd} whitespace-nowrap`}>
                    {formatDate(f.dueDate)}
                  </td>
                  <td data-label={COLUMN.raised} className={`${labelledTd} whitespace-nowrap`}>
                    {formatDateTime(f.created)}
                  </td>
                  <td data-label={COLUMN.status} className={`${labelledTd} ${STACKED_WIDE}`}>
                    <StatusCell flag={f} />
                  </td>
                  <td className={`${td} ${stickyLastColumn.cell} ${STACKED_UNSTICK} ${STACKED_WIDE}`}>
                    <div className="flex gap-2">
                      {actionsFor(f.status).map((action) => (
                        <button
                          key={action}
                          type="button"
                          aria-label={`${ACTIONS[action].verb} ${name}`}
                          onClick={(event) => {
                            onAction(action, [f], event);
                          }}
                          className={actionButton}
                        >
                          {ACTIONS[action].verb}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <LoadMore pages={pages} />
    </div>
  );
}
