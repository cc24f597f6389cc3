import type { ReactNode } from 'react';
import { errorMessage } from '../api/http';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** Loading, error (with retry) and empty states around a query's content. */
export function QueryStatus({
  query,
  label,
  isEmpty,
  empty,
  skeleton,
  children,
}: {
  query: QueryLike;
  /** What is loading, for screen readers: "orders", "item groups". */
  label: string;
  isEmpty?: boolean;
  empty?: ReactNode;
  /** The placeholder while loading, in the shape of the content (default: five bars). */
  skeleton?: ReactNode;
  children: ReactNode;
}) {
  if (query.isPending) {
    return (
      <div role="status" aria-live="polite" className="space-y-2" data-testid="loading">
        <span className="sr-only">Loading {label}…</span>
        {skeleton ??
          [0, 1, 2, 3, 4].map((i) => (
            <div key={i} aria-hidden="true" className="h-8 animate-pulse rounded bg-slate-200" />
          ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="rounded border border-red-200 bg-red-50 p-4">
        <p className="font-medium text-red-900">Could not load {label}.</p>
        <p className="mt-1 text-sm text-red-900">{errorMessage(query.error)}</p>
        <button
          type="button"
          onClick={() => void query.refetch()}
          className="mt-3 min-h-9 rounded bg-red-800 px-3 py-1.5 text-sm text-white"
        >
          Try again
        </button>
      </div>
    );
  }
  if (isEmpty)
    return (
      <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700">
        {empty}
      </div>
    );
  return <>{children}</>;
}
