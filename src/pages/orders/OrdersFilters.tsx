import { memo, useEffect, useState } from 'react';
import { ColumnsMenu } from './ColumnsMenu';
import { DEFAULT_VIEW, type OrdersView } from './orders-view';
import { VendorFilter } from '../../components/VendorFilter';

/** How many filters other than the search are set: the narrow screen's "Filters" button tells it. */
export function activeFilterCount(view: OrdersView): number {
  return [
    view.vendor !== DEFAULT_VIEW.vendor,
    view.dueFrom !== DEFAULT_VIEW.dueFrom,
    view.dueTo !== DEFAULT_VIEW.dueTo,
    view.confirmed !== DEFAULT_VIEW.confirmed,
    view.flagged !== DEFAULT_VIEW.flagged,
  ].filter(Boolean).length;
}

/**
 * The filter bar: every change goes to the URL, which the table reads.
 * Memoized: a page of orders arriving does not render it again. On a narrow
 * screen only the search shows; the other filters are a panel (`moreId`)
 * that the page's "Filters" button shows or hides.
 */
export const OrdersFilters = memo(function OrdersFilters({
  view,
  vendorName,
  onChange,
  moreId,
  moreOpen,
}: {
  view: OrdersView;
  /** The filtered vendor's name, when the rows shown tell it. */
  vendorName: string | undefined;
  onChange: (next: OrdersView) => void;
  /** The id of the panel of the filters beyond the search. */
  moreId: string;
  /** Whether that panel shows on a narrow screen (on a wide one it always does). */
  moreOpen: boolean;
}) {
  // Free text waits for a pause in typing instead of asking the server per keystroke.
  const [q, setQ] = useState(view.q);
  // When the URL changes the search (back button, a cleared filter), the box follows it.
  const [shownQ, setShownQ] = useState(view.q);
  if (view.q !== shownQ) {
    setShownQ(view.q);
    setQ(view.q);
  }
  useEffect(() => {
    if (q === view.q) return;
    const timer = setTimeout(() => {
      onChange({ ...view, q });
    }, 300);
    return () => {
      clearTimeout(timer);
    };
  }, [q, view, onChange]);

  return (
    <form
      role="search"
      aria-label="Filter orders"
      className="mb-4 flex flex-wrap items-end gap-x-4 gap-y-3 rounded border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...view, q });
      }}
    >
      <label className="flex w-full flex-col text-sm lg:w-auto">
        <span className="font-medium">Search</span>
        <input
          type="search"
          value={q}
          maxLength={100}
          placeholder="Order, title or vendor"
          onChange={(e) => {
            setQ(e.target.value);
          }}
          className="mt-1 w-full rounded border border-slate-400 px-2 py-1 lg:w-56"
        />
      </label>
      <div id={moreId} className={`${moreOpen ? 'grid' : 'hidden'} w-full grid-cols-2 gap-3 lg:contents`}>
        <div className="col-span-2">
          <VendorFilter
            value={view.vendor}
            selectedName={vendorName}
            onChange={(vendor) => {
              onChange({ ...view, vendor });
            }}
          />
        </div>
        <label className="flex min-w-0 flex-col text-sm">
          <span className="font-medium">Due from</span>
          <input
            type="date"
            value={view.dueFrom}
            onChange={(e) => {
              onChange({ ...view, dueFrom: e.target.value });
            }}
            className="mt-1 w-full min-w-0 rounded border border-slate-400 px-2 py-1 lg:w-auto"
          />
        </label>
        <label className="flex min-w-0 flex-col text-sm">
          <span className="font-medium">Due to</span>
          <input
            type="date"
            value={view.dueTo}
            onChange={(e) => {
              onChange({ ...view, dueTo: e.target.value });
            }}
            className="mt-1 w-full min-w-0 rounded border border-slate-400 px-2 py-1 lg:w-auto"
          />
        </label>
        <label className="col-span-2 flex flex-col text-sm">
          <span className="font-medium">Confirmed</span>
          <select
            value={view.confirmed}
            onChange={(e) => {
              onChange({ ...view, confirmed: e.target.value as OrdersView['confirmed'] });
            }}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          >
            <option value="all">All orders</option>
            <option value="yes">Fully confirmed</option>
            <option value="no">Waiting for confirmation</option>
          </select>
        </label>
        <label className="col-span-2 flex min-h-9 items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={view.flagged}
            onChange={(e) => {
              onChange({ ...view, flagged: e.target.checked });
            }}
            className="size-6"
          />
          <span className="font-medium">Only with open flags</span>
        </label>
        <div className="col-span-2">
          <ColumnsMenu view={view} onChange={onChange} />
        </div>
      </div>
    </form>
  );
});
