// What every embedded view shares: a one-line header with the view's title,
// what it counts, and a link that opens the full app in a new tab; states for
// loading, failure and nothing to show; and a plain table, compact on request.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api/http';
import { useSearchParam } from '../../components/location';
import { useScrollFocusable } from '../../components/use-scroll-focusable';

export function useCompact(): boolean {
  return useSearchParam('density') === 'compact';
}

export function EmbedFrame({
  title,
  summary,
  appPath,
  children,
}: {
  title: string;
  summary?: string;
  /** The same view in the full app, opened in a new tab. */
  appPath: string;
  children: ReactNode;
}) {
  return (
    // Named, as the host page has a main landmark of its own around the frame.
    <main className="p-3" aria-label={`Factor: ${title}`}>
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-base font-semibold">
          {title}
          {summary ? (
            <span className="ml-2 text-sm font-normal text-slate-700 dark:text-slate-300">{summary}</span>
          ) : null}
        </h1>
        <a
          href={appPath}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex min-h-6 items-center text-sm text-blue-800 underline dark:text-blue-300"
        >
          Open in Factor<span className="sr-only"> (new tab)</span>
        </a>
      </header>
      {children}
    </main>
  );
}

/** The query's state in words, or its content once there is some. */
export function EmbedStatus({
  query,
  what,
  isEmpty,
  empty,
  children,
}: {
  query: Pick<UseQueryResult, 'isPending' | 'isError' | 'error'>;
  what: string;
  isEmpty: boolean;
  empty: string;
  children: ReactNode;
}) {
  const note = 'text-sm text-slate-700 dark:text-slate-300';
  if (query.isPending) {
    return (
      <p role="status" className={note}>
        Loading {what}…
      </p>
    );
  }
  if (query.isError) {
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300">
        Could not load {what}: {errorMessage(query.error)}
      </p>
    );
  }
  return isEmpty ? <p className={note}>{empty}</p> : <>{children}</>;
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Figures align right. */
  numeric?: boolean;
}

export function EmbedTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  const pad = useCompact() ? 'px-2 py-0.5' : 'px-2 py-1.5';
  // In a narrow frame the table scrolls sideways, in a region the keyboard can reach.
  const { regionRef, tabIndex } = useScrollFocusable();
  return (
    <div role="region" aria-label={caption} ref={regionRef} tabIndex={tabIndex} className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left dark:border-slate-600">
            {columns.map((c) => (
              <th key={c.header} scope="col" className={`${pad} font-medium ${c.numeric ? 'text-right' : ''}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b border-slate-200 dark:border-slate-700">
              {columns.map((c) => (
                <td key={c.header} className={`${pad} ${c.numeric ? 'text-right tabular-nums' : ''}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
