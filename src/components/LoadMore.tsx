// Apart from ResourceTable (which re-exports it): the vendor portal shows it
// under its lines and must not load the table's code with it.

/** The part of an infinite query the table needs to offer the next page. */
export interface CursorPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a table, while the query has a next cursor page. */
export function LoadMore({ pages, label = 'Load more' }: { pages: CursorPages; label?: string }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className="border-t border-slate-200 p-3 text-center">
      <button
        type="button"
        onClick={() => void pages.fetchNextPage()}
        disabled={pages.isFetchingNextPage}
        className="min-h-9 rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {pages.isFetchingNextPage ? 'Loading more…' : label}
      </button>
    </div>
  );
}
