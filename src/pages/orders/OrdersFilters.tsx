import { memo, useEffect, useState } from 'react';
import { ColumnsMenu } from './ColumnsMenu';
import type { OrdersView } from './orders-view';
import { VendorFilter } from './VendorFilter';

/**
 * The filter bar: every change goes to the URL, which the table reads.
 * Memoized: a page of orders arriving does not render it again.
 */
export const OrdersFilters = memo(function OrdersFilters({
  view,
  vendorName,
  onChange,
}: {
  view: OrdersView;
  /** The filtered vendor's name, when the rows shown tell it. */
  vendorName: string | undefined;
  onChange: (next: OrdersView) => void;
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
      className="mb-4 flex flex-wrap items-end gap-4 rounded border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...view, q });
      }}
    >
      <label className="flex flex-col text-sm">
        <span className="font-medium">Search</span>
        <input
          type="search"
          value={q}
          maxLength={100}
          placeholder="Order, title or vendor"
          onChange={(e) => {
            setQ(e.target.value);
          }}
          className="mt-1 w-56 rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <VendorFilter
        value={view.vendor}
        selectedName={vendorName}
        onChange={(vendor) => {
          onChange({ ...view, vendor });
        }}
      />
      <label className="flex flex-col text-sm">
        <span className="font-medium">Due from</span>
        <input
          type="date"
          value={view.dueFrom}
          onChange={(e) => {
            onChange({ ...view, dueFrom: e.target.value });
          }}
          className="mt-1 rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <label className="flex flex-col text-sm">
        <span className="font-medium">Due to</span>
        <input
          type="date"
          value={view.dueTo}
          onChange={(e) => {
            onChange({ ...view, dueTo: e.target.value });
          }}
          className="mt-1 rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <label className="flex flex-col text-sm">
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
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={view.flagged}
          onChange={(e) => {
            onChange({ ...view, flagged: e.target.checked });
          }}
        />
        <span className="font-medium">Only with open flags</span>
      </label>
      <ColumnsMenu view={view} onChange={onChange} />
    </form>
  );
});
