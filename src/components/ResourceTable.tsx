import type { ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Right-align numbers so their digits line up. */
  numeric?: boolean;
}

/** The part of an infinite query the table needs to offer the next page. */
export interface CursorPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** A plain, accessible table of records with a "load more" for the next cursor page. */
export function ResourceTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  pages,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  pages: CursorPages;
}) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`px-3 py-2 font-semibold ${c.numeric ? 'text-right' : ''}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-slate-100 hover:bg-slate-50">
              {columns.map((c) => (
                <td key={c.key} className={`px-3 py-2 ${c.numeric ? 'text-right tabular-nums' : ''}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore pages={pages} />
    </div>
  );
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
        className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {pages.isFetchingNextPage ? 'Loading more…' : label}
      </button>
    </div>
  );
}
