// The flags page's controls: the counts per type, which are also the type
// filter, and the filter bar. Every change goes to the URL, which the list
// reads. On a narrow screen the filters beyond the status fold behind a
// "Filters" button that says how many of them are set.
import { useId, useState } from 'react';
import type { FlagCounts, FlagType } from '../../api/generated/model';
import { formatCount } from '../../lib/format';
import { FLAG_LABELS, FLAG_TYPES, STATUS_LABELS } from '../../components/flag-labels';
import { activeFilterCount, AGE_OPTIONS, STATUSES, type FlagAge, type FlagsView } from './flags-view';
import { VendorFilter } from '../../components/VendorFilter';

const selectClass = 'mt-1 min-h-11 w-full rounded border border-slate-400 bg-white px-2 py-1 lg:min-h-9 lg:w-auto';

function CountButton({
  label,
  count,
  pressed,
  onClick,
}: {
  label: string;
  count: number | undefined;
  pressed: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`flex min-h-11 items-center justify-between gap-3 rounded border px-3 py-1.5 text-left text-sm ${
        pressed
          ? 'border-blue-800 bg-blue-800 text-white'
          : 'border-slate-300 bg-white text-slate-900 hover:bg-slate-100'
      }`}
    >
      <span className="font-medium">{label}</span>{' '}
      <span className="text-base font-semibold tabular-nums">{count === undefined ? '…' : formatCount(count)}</span>
    </button>
  );
}

/**
 * The count of each type of flag, of the status, vendor and order chosen
 * (of every age: the counts do not follow the age filter). Choosing one lists
 * only that type; choosing it again, or "All types", lists every type.
 */
export function TypeCounts({
  view,
  counts,
  countsFailed,
  onRetry,
  onChange,
}: {
  view: FlagsView;
  counts: FlagCounts | undefined;
  countsFailed: boolean;
  onRetry: () => void;
  onChange: (type: FlagType | '') => void;
}) {
  const status = STATUS_LABELS[view.status].toLowerCase();
  return (
    <div className="mb-3">
      <div
        role="group"
        aria-label={`Type of flag, with the number of ${status} flags of each`}
        className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap"
      >
        <CountButton
          label="All types"
          count={counts?.total}
          pressed={view.type === ''}
          onClick={() => {
            onChange('');
          }}
        />
        {FLAG_TYPES.map((type) => (
          <CountButton
            key={type}
            label={FLAG_LABELS[type]}
            count={counts?.byType[type]}
            pressed={view.type === type}
            onClick={() => {
              onChange(view.type === type ? '' : type);
            }}
          />
        ))}
      </div>
      {countsFailed ? (
        <p role="alert" className="mt-2 text-sm text-red-900">
          Could not count the flags.{' '}
          <button
            type="button"
            onClick={onRetry}
            className="min-h-6 rounded border border-red-800 px-2 py-0.5 font-medium"
          >
            Try again
          </button>
        </p>
      ) : view.age !== 'any' ? (
        <p className="mt-2 text-sm text-slate-700">The counts are of {status} flags of every age.</p>
      ) : null}
    </div>
  );
}

export function FlagsFilters({
  view,
  vendorName,
  onChange,
}: {
  view: FlagsView;
  /** The filtered vendor's name, when the rows shown tell it. */
  vendorName: string | undefined;
  onChange: (next: FlagsView) => void;
}) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const set = activeFilterCount(view);
  return (
    <form
      role="search"
      aria-label="Filter flags"
      className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-3 rounded border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      <label className="flex grow flex-col text-sm lg:grow-0">
        <span className="font-medium">Status</span>
        <select
          value={view.status}
          onChange={(e) => {
            const status = STATUSES.find((s) => s === e.target.value);
            if (status) onChange({ ...view, status });
          }}
          className={selectClass}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((was) => !was);
        }}
        className="inline-flex min-h-11 grow items-center justify-between gap-2 rounded border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-100 lg:hidden"
      >
        <span>Filters{set > 0 ? ` (${String(set)} set)` : ''}</span>
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id={panelId} className={`${open ? 'grid' : 'hidden'} w-full grid-cols-1 gap-3 lg:contents`}>
        <VendorFilter
          value={view.vendor}
          selectedName={vendorName}
          onChange={(vendor) => {
            onChange({ ...view, vendor });
          }}
        />
        <label className="flex flex-col text-sm">
          <span className="font-medium">Age</span>
          <select
            value={view.age}
            onChange={(e) => {
              const age = AGE_OPTIONS.find((o) => o.value === e.target.value)?.value;
              if (age) onChange({ ...view, age: age satisfies FlagAge });
            }}
            className={selectClass}
          >
            {AGE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium">Sort</span>
          <select
            value={view.sort}
            onChange={(e) => {
              onChange({ ...view, sort: e.target.value === 'oldest' ? 'oldest' : 'newest' });
            }}
            className={selectClass}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
      </div>
    </form>
  );
}
