import { keepPreviousData, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { lazy, memo, Suspense, useCallback, useDeferredValue, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  getListItemGroupsInfiniteQueryKey,
  listItemGroups,
  useListItemGroupsInfinite,
} from '../../api/generated/hooks/item-groups/item-groups';
import { useGetSession } from '../../api/generated/hooks/session/session';
import { useListVendors } from '../../api/generated/hooks/vendors/vendors';
import type { ItemGroup, ItemGroupsList } from '../../api/generated/model';
import { flattenPages } from '../../api/paging';
import { ConflictDialog } from '../../components/ConflictDialog';
import { ExportButton } from '../../components/ExportButton';
import { FoldedPanelButtons, useFoldedPanel } from '../../components/FoldedPanels';
import { PageHeader } from '../../components/PageHeader';
import { ProposalQueue } from '../../components/ProposalQueue';
import { QueryStatus } from '../../components/QueryStatus';
import { SavedViews } from '../../components/SavedViews';
import { notifySuccess } from '../../components/toast';
import { BulkEditor, type BulkOutcome } from './BulkEditor';
import { canSplit } from '../../lib/item-groups';
import { patchPages } from './edits';
import { conflictFields, GridHelp, ScheduleGrid } from './ScheduleGrid';
import { vendorsParams } from './prefetch';
import {
  parseScheduleView,
  schedulePaging,
  scheduleQuery,
  scheduleViewSearch,
  type ScheduleView,
} from '../../components/schedule-view';
import { rowName, useRowEdits } from './use-row-edits';
import { formatCount } from '../../lib/format';
import { changedByVendorSince, useVendorChangesSeen } from './vendor-changes';

// The split dialog brings the form library and its validators: loaded when a
// split is asked for, not with the page.
const SplitDialog = lazy(async () => ({ default: (await import('../../components/SplitDialog')).SplitDialog }));

/** The sids' rows fetched again with their list context (risk, flags), at most 100 per request. */
async function fetchRows(sids: string[]): Promise<ItemGroup[]> {
  const out: ItemGroup[] = [];
  for (let i = 0; i < sids.length; i += 100) {
    const page = await listItemGroups({ sid: sids.slice(i, i + 100), pageSize: 100 });
    out.push(...page.itemGroups);
  }
  return out;
}

/** The view with no filter set. */
const NO_FILTERS = parseScheduleView(new URLSearchParams());

/** How many filters other than the search are set: the narrow screen's "Filters" button tells it. */
function activeFilterCount(view: ScheduleView): number {
  return (Object.keys(NO_FILTERS) as (keyof ScheduleView)[]).filter(
    (key) => key !== 'q' && view[key] !== NO_FILTERS[key],
  ).length;
}

/**
 * The filter bar. Memoized, like the other parts above the grid: a page of
 * rows arriving does not render it again. On a narrow screen only the search
 * shows; the other filters are a panel (`moreId`) that the page's "Filters"
 * button shows or hides.
 */
const Filters = memo(function Filters({
  view,
  setView,
  moreId,
  moreOpen,
}: {
  view: ScheduleView;
  setView: (next: ScheduleView) => void;
  /** The id of the panel of the filters beyond the search. */
  moreId: string;
  /** Whether that panel shows on a narrow screen (on a wide one it always does). */
  moreOpen: boolean;
}) {
  const vendors = useListVendors(vendorsParams);
  const check = (key: 'unconfirmed' | 'pastDue' | 'flagged', label: string) => (
    <label className="col-span-2 flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        className="size-6 shrink-0"
        checked={view[key]}
        onChange={(e) => {
          setView({ ...view, [key]: e.target.checked });
        }}
      />
      <span className="font-medium">{label}</span>
    </label>
  );
  const dateInput = (key: 'dueFrom' | 'dueTo', label: string) => (
    <label className="flex min-w-0 flex-col text-sm">
      <span className="font-medium">{label}</span>
      <input
        type="date"
        value={view[key]}
        onChange={(e) => {
          setView({ ...view, [key]: e.target.value });
        }}
        className="mt-1 w-full min-w-0 rounded border border-slate-400 px-2 py-1 lg:w-auto"
      />
    </label>
  );
  return (
    <form
      role="search"
      aria-label="Filter shipments"
      className="mb-3 flex flex-wrap items-end gap-4 rounded border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const typed = new FormData(e.currentTarget).get('q');
        setView({ ...view, q: typeof typed === 'string' ? typed.slice(0, 100) : '' });
      }}
    >
      <label className="flex flex-col text-sm">
        <span className="font-medium">Search</span>
        <input
          key={view.q}
          name="q"
          type="search"
          defaultValue={view.q}
          maxLength={100}
          placeholder="Order, part or description"
          className="mt-1 w-56 rounded border border-slate-400 px-2 py-1"
        />
      </label>
      {/* The form's primary action: 44 px high on a phone (a touch target), the inputs' height on a wider screen. */}
      <button
        type="submit"
        className="min-h-11 rounded border border-slate-300 px-3 py-1 text-sm font-medium sm:min-h-0"
      >
        Search
      </button>
      <div id={moreId} className={`${moreOpen ? 'grid' : 'hidden'} w-full grid-cols-2 gap-3 lg:contents`}>
        <label className="col-span-2 flex flex-col text-sm">
          <span className="font-medium">Vendor</span>
          <select
            value={view.vendor}
            onChange={(e) => {
              setView({ ...view, vendor: e.target.value });
            }}
            className="mt-1 rounded border border-slate-400 px-2 py-1 lg:w-48"
          >
            <option value="">All vendors</option>
            {(vendors.data?.vendors ?? []).map((v) => (
              <option key={v.sid} value={v.sid}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        {dateInput('dueFrom', 'Due from')}
        {dateInput('dueTo', 'Due to')}
        {check('unconfirmed', 'Only unconfirmed')}
        {check('pastDue', 'Only past due')}
        {check('flagged', 'Only with open flags')}
      </div>
    </form>
  );
});

export default function SchedulePage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseScheduleView(searchParams), [searchParams]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [summary, setSummary] = useState<string | null>(null);
  const [splitting, setSplitting] = useState<ItemGroup | null>(null);
  const helpId = useId();
  const viewsPanel = useFoldedPanel();
  const filtersPanel = useFoldedPanel();
  const setView = useCallback(
    (next: ScheduleView) => {
      setSelected(new Set());
      setSummary(null);
      setSearchParams(scheduleViewSearch(next), { replace: true });
    },
    [setSearchParams],
  );
  const applySaved = useCallback(
    (search: string) => {
      setView(parseScheduleView(new URLSearchParams(search)));
    },
    [setView],
  );
  const params = useMemo(() => scheduleQuery(view), [view]);
  const queryKey = getListItemGroupsInfiniteQueryKey(params);
  const query = useListItemGroupsInfinite(params, {
    query: { ...schedulePaging(params), placeholderData: keepPreviousData },
  });
  // Rows arriving are rendered as a deferred value: React builds them in
  // slices the browser can interrupt, while the skeleton (or the rows shown
  // so far) stays on screen. As the page mounts the rows are deferred too
  // (null at first), even when the prefetch has already brought them: the
  // page, its filters and the grid's help paint first, the rows in a render
  // of their own right after.
  const data = useDeferredValue<typeof query.data | null>(query.data, null);
  const rows = useMemo(() => flattenPages(data ?? undefined, 'itemGroups'), [data]);
  // The session is the shell's, asked for before the page: read from its cache.
  const session = useGetSession({ query: { staleTime: 5 * 60_000, retryOnMount: false } });
  const vendorChanges = useVendorChangesSeen(session.data?.user.sid);
  const changedCount = useMemo(
    () => rows.filter((g) => changedByVendorSince(g, vendorChanges.seenAt)).length,
    [rows, vendorChanges.seenAt],
  );
  const status = {
    isPending: query.isPending || (data == null && query.data !== undefined),
    isError: query.isError,
    error: query.error,
    refetch: query.refetch,
  };
  const queryClient = useQueryClient();

  const putRows = (changed: ItemGroup[]) => {
    queryClient.setQueryData<InfiniteData<ItemGroupsList>>(queryKey, (data) =>
      patchPages(data, new Map(changed.map((g) => [g.sid, g]))),
    );
  };
  // After a change the server recomputes risk and flags: fetch the changed rows again.
  const refresh = async (sids: string[]) => {
    try {
      putRows(await fetchRows(sids));
    } catch {
      // The change itself is saved; the row's context catches up on the next load.
    }
  };
  const edits = useRowEdits(queryKey, refresh);

  const selectedRows = rows.filter((g) => selected.has(g.sid));
  // After a bulk change or its undo (the editor toasts, offering the undo): show the saved rows and say what changed.
  const onBulkDone = (outcome: BulkOutcome) => {
    putRows(outcome.saved);
    setSummary(outcome.message);
    if (outcome.failed) {
      void query.refetch();
    } else {
      setSelected(new Set());
    }
    void refresh(outcome.saved.map((g) => g.sid));
  };

  return (
    <>
      <PageHeader title="Schedule">
        <ExportButton entity="itemGroups" filters={params} />
      </PageHeader>
      {/* In approval mode, what vendors proposed waits here first; nothing shows when nothing waits. */}
      <ProposalQueue />
      {/* On a narrow screen the saved views and the filters beyond the search fold behind these: the grid's first rows show on the first screen. */}
      <FoldedPanelButtons views={viewsPanel} filters={filtersPanel} filterCount={activeFilterCount(view)} />
      <div id={viewsPanel.id} className={viewsPanel.open ? undefined : 'hidden lg:block'}>
        <SavedViews page="schedule" search={scheduleViewSearch(view).toString()} onApply={applySaved} />
      </div>
      <Filters view={view} setView={setView} moreId={filtersPanel.id} moreOpen={filtersPanel.open} />
      {selectedRows.length > 0 ? (
        <BulkEditor
          rows={selectedRows}
          onDone={onBulkDone}
          onClear={() => {
            setSelected(new Set());
          }}
        />
      ) : null}
      {summary ? (
        <p role="status" className="mb-3 text-sm text-slate-800">
          {summary}
        </p>
      ) : null}
      {/* The grid's help and legend show with the page, while the rows load: nothing moves when they come. */}
      {status.isError || (!status.isPending && rows.length === 0) ? null : <GridHelp id={helpId} />}
      <QueryStatus
        query={status}
        label="shipments"
        isEmpty={rows.length === 0}
        empty="No shipments match these filters. Clear a filter, or add shipments from an order."
      >
        <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
          <p>
            {formatCount(rows.length)} {query.hasNextPage ? 'shipments loaded so far' : 'shipments'}.
          </p>
          {changedCount > 0 ? (
            <button
              type="button"
              onClick={vendorChanges.markSeen}
              className="inline-flex min-h-6 items-center rounded px-1 font-medium text-blue-800 underline hover:text-blue-950 focus-visible:outline-2 focus-visible:outline-blue-800"
            >
              Mark {formatCount(changedCount)} vendor {changedCount === 1 ? 'change' : 'changes'} as seen
            </button>
          ) : null}
        </div>
        <ScheduleGrid
          describedBy={helpId}
          vendorChangesSeenAt={vendorChanges.seenAt}
          rows={rows}
          hasNextPage={query.hasNextPage}
          // Until the deferred rows are built, the ones shown are not the latest.
          busy={query.isPlaceholderData || data !== query.data}
          isFetchingNextPage={query.isFetchingNextPage}
          fetchNextPage={query.fetchNextPage}
          selected={selected}
          onSelect={(sids, on) => {
            setSelected((prev) => {
              const next = new Set(prev);
              for (const sid of sids) {
                if (on) next.add(sid);
                else next.delete(sid);
              }
              return next;
            });
          }}
          onSave={edits.save}
          onSplit={(row) => {
            // Delivered and canceled shipments are not split (the grid offers no Split button for them).
            if (canSplit(row)) setSplitting(row);
          }}
        />
      </QueryStatus>
      {splitting ? (
        <Suspense fallback={null}>
          <SplitDialog
            open
            itemGroup={splitting}
            onClose={() => {
              setSplitting(null);
            }}
            onSplit={(groups) => {
              notifySuccess(`Split ${rowName(splitting)} into ${String(groups.length)} shipments.`);
            }}
          />
        </Suspense>
      ) : null}
      {edits.conflict ? (
        <ConflictDialog
          open
          subject={rowName(edits.conflict.current)}
          fields={conflictFields(edits.conflict.field, edits.conflict.mine, edits.conflict.current)}
          onKeepMine={edits.keepMine}
          onTakeTheirs={edits.takeTheirs}
        />
      ) : null}
    </>
  );
}
