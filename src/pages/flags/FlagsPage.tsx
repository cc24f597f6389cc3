// The buyer's list of flags: what needs attention (late lines, silent vendors,
// vendors answering outside the portal), counted by type, filtered from the
// URL, and resolved, dismissed or reopened one at a time or many at once.
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useBulkUpdateFlags, useCountFlags } from '../../api/generated/hooks/flag-triage/flag-triage';
import { useListFlagsInfinite } from '../../api/generated/hooks/flags/flags';
import { useGetOrder } from '../../api/generated/hooks/orders/orders';
import type { Flag } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { formatCount } from '../../lib/format';
import { STATUS_LABELS } from '../../components/flag-labels';
import {
  ACTIONS,
  FlagActionDialog,
  flagCount,
  MAX_BULK,
  type FlagAction,
  type PlannedAction,
} from '../../components/FlagActionDialog';
import { FlagsFilters, TypeCounts } from './FlagsFilters';
import { refreshAfterChange } from '../../components/flags-cache';
import { actionsFor, FlagsTable } from './FlagsTable';
import {
  countsQuery,
  flagsQuery,
  flagsViewSearch,
  hasFilters,
  parseFlagsView,
  withoutFilters,
  type FlagsView,
} from './flags-view';

const NO_SELECTION: ReadonlySet<string> = new Set();

export default function FlagsPage() {
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseFlagsView(searchParams), [searchParams]);
  const search = flagsViewSearch(view).toString();
  // The moment the age filter counts back from: when the page opened or the
  // filters last changed, so the query stays the same in between.
  const [now, setNow] = useState(() => Date.now());
  const setView = useCallback(
    (next: FlagsView) => {
      setNow(Date.now());
      setSearchParams(flagsViewSearch(next), { replace: true });
    },
    [setSearchParams],
  );

  const listParams = useMemo(() => flagsQuery(view, now), [view, now]);
  // The previous rows stay on screen (dimmed) while a changed filter loads.
  const query = useListFlagsInfinite(listParams, { query: { ...cursorPaging, placeholderData: keepPreviousData } });
  const rows = useMemo(() => flattenPages(query.data, 'flags'), [query.data]);
  const counts = useCountFlags(countsQuery(view), { query: { placeholderData: keepPreviousData } });
  const busy = query.isPlaceholderData;

  // The order filter names its order (the rows tell it too, while the order loads; none may match).
  const order = useGetOrder(view.order, { query: { enabled: view.order !== '', staleTime: 60_000 } });
  const orderName =
    order.data?.uniqueName ??
    (view.order ? rows.find((f) => f.orderSid === view.order)?.orderUniqueName : undefined) ??
    undefined;
  const vendorName = view.vendor ? (rows.find((f) => f.vendorSid === view.vendor)?.vendorName ?? undefined) : undefined;

  // The selection is of the rows shown; other filters start with none.
  const [selection, setSelection] = useState<{ search: string; sids: ReadonlySet<string> }>({
    search,
    sids: NO_SELECTION,
  });
  const selected = selection.search === search ? selection.sids : NO_SELECTION;
  const select = (change: (sids: Set<string>) => void) => {
    const sids = new Set(selected);
    change(sids);
    setSelection({ search, sids });
  };
  const selectedFlags = rows.filter((f) => selected.has(f.sid));

  // Resolve, dismiss or reopen: the dialog asks for a note, then one bulk request.
  const bulk = useBulkUpdateFlags();
  const [planned, setPlanned] = useState<PlannedAction | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  // Once the dialog has closed, the focus goes back to the button that opened
  // it; after a change, which takes that button away with its row (or with
  // the selection), to the list's heading.
  const [closed, setClosed] = useState<{ changed: boolean } | null>(null);
  useEffect(() => {
    if (!closed) return;
    const target = trigger.current;
    if (!closed.changed && target?.isConnected) target.focus();
    else listHeading.current?.focus();
  }, [closed]);

  const plan = (action: FlagAction, flags: Flag[], event: MouseEvent<HTMLButtonElement>) => {
    trigger.current = event.currentTarget;
    setPlanned({ action, flags });
  };
  const done = (action: FlagAction, changed: Flag[]) => {
    setPlanned(null);
    const changedSids = new Set(changed.map((f) => f.sid));
    select((sids) => {
      for (const sid of changedSids) sids.delete(sid);
    });
    notifySuccess(`${flagCount(changed.length)} ${ACTIONS[action].past}`);
    void refreshAfterChange(queryClient, changed);
    setClosed({ changed: true });
  };

  const statusWords = STATUS_LABELS[view.status].toLowerCase();
  const filtered = hasFilters(view);
  const shownOf = view.age === 'any' ? (view.type ? counts.data?.byType[view.type] : counts.data?.total) : undefined;
  const emptyMessage = filtered ? (
    <>
      <p className="font-medium">No flags match these filters.</p>
      <button
        type="button"
        onClick={() => {
          setView(withoutFilters(view));
          listHeading.current?.focus();
        }}
        className="mt-3 min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 lg:min-h-9"
      >
        Clear filters
      </button>
    </>
  ) : view.status === 'open' ? (
    <p className="font-medium">No open flags: every vendor is on time and answering.</p>
  ) : (
    <p className="font-medium">No {statusWords} flags.</p>
  );

  return (
    <>
      <PageHeader title="Flags" />
      <TypeCounts
        view={view}
        counts={counts.data}
        countsFailed={counts.isError}
        onRetry={() => void counts.refetch()}
        onChange={(type) => {
          setView({ ...view, type });
        }}
      />
      <FlagsFilters view={view} vendorName={vendorName} onChange={setView} />
      {view.order ? (
        <p className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded border border-blue-200 bg-blue-50 p-3 text-sm">
          <span>
            Only order{' '}
            <Link to={`/orders/${view.order}`} className="font-medium text-blue-800 underline">
              {orderName ?? (order.isError ? 'not found' : '…')}
            </Link>
          </span>
          <button
            type="button"
            onClick={() => {
              setView({ ...view, order: '' });
              listHeading.current?.focus();
            }}
            className="min-h-11 rounded border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100 lg:min-h-8"
          >
            Clear order
          </button>
        </p>
      ) : null}

      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 ref={listHeading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          {STATUS_LABELS[view.status]} flags
        </h2>
        {rows.length > 0 && !busy ? (
          <p className="text-sm text-slate-700">
            Showing {formatCount(rows.length)}
            {shownOf !== undefined && shownOf >= rows.length ? ` of ${formatCount(shownOf)}` : ''}
          </p>
        ) : null}
      </div>

      {selectedFlags.length > 0 ? (
        <section
          aria-label="Selected flags"
          className="mb-3 flex flex-wrap items-center gap-3 rounded border border-blue-200 bg-blue-50 p-3 text-sm"
        >
          <p className="font-medium" aria-live="polite">
            {flagCount(selectedFlags.length)} selected
            {selectedFlags.length > MAX_BULK ? ` (at most ${String(MAX_BULK)} can change at once)` : ''}
          </p>
          {actionsFor(view.status).map((action) => (
            <button
              key={action}
              type="button"
              onClick={(event) => {
                plan(action, selectedFlags, event);
              }}
              className="min-h-11 rounded bg-blue-800 px-3 py-1.5 font-medium text-white hover:bg-blue-900 lg:min-h-9"
            >
              {ACTIONS[action].verb} selected
            </button>
          ))}
          <button
            type="button"
            onClick={() => {
              setSelection({ search, sids: NO_SELECTION });
            }}
            className="min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100 lg:min-h-9"
          >
            Clear selection
          </button>
        </section>
      ) : null}

      <QueryStatus query={query} label="flags" isEmpty={rows.length === 0} empty={emptyMessage}>
        <FlagsTable
          flags={rows}
          caption={`${STATUS_LABELS[view.status]} flags`}
          selected={selected}
          onSelect={(sid, checked) => {
            select((sids) => {
              if (checked) sids.add(sid);
              else sids.delete(sid);
            });
          }}
          onSelectAll={(checked) => {
            setSelection({ search, sids: checked ? new Set(rows.map((f) => f.sid)) : NO_SELECTION });
          }}
          onAction={plan}
          busy={busy}
          pages={query}
        />
      </QueryStatus>

      <FlagActionDialog
        planned={planned}
        send={bulk.mutateAsync}
        onCancel={() => {
          // A change being sent is waited for, so what happened is always told.
          if (bulk.isPending) return;
          setPlanned(null);
          setClosed({ changed: false });
        }}
        onDone={done}
      />
    </>
  );
}
