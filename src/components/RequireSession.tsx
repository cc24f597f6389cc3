import type { QueryClient } from '@tanstack/react-query';
import { useDeferredValue, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { getGetSessionQueryOptions, useGetSession } from '../api/generated/hooks/session/session';
import type { Session } from '../api/generated/model';
import { isApiError } from '../api/http';

const sessionQuery = {
  staleTime: 5 * 60_000,
  // The answer the app asked for as it started is the answer: a refusal
  // (signed out) is not asked again as the layout mounts.
  retryOnMount: false,
};

/**
 * Asks for the session as the app starts, alongside the page's code, rather
 * than once that code has loaded and rendered. Its failure shows in the layout.
 */
export function prefetchSession(queryClient: QueryClient): Promise<void> {
  return queryClient.query(getGetSessionQueryOptions({ query: sessionQuery })).then(
    () => undefined,
    () => undefined,
  );
}

/** What shows while the session is checked (and, on a first load, while the page's code loads). */
export function SessionPending() {
  return (
    <p role="status" className="p-8 text-center text-slate-700">
      Checking your session…
    </p>
  );
}

/**
 * Shows its children only with a valid session: without one, goes to the
 * login page, which brings the user back here afterwards.
 */
export function RequireSession({ children }: { children: (session: Session) => ReactNode }) {
  const location = useLocation();
  const session = useGetSession({ query: sessionQuery });
  // The whole page mounts when the session arrives: deferred, React builds it
  // in slices the browser can interrupt, and the check shows until it is done.
  const data = useDeferredValue(session.data);
  if (session.isPending) return <SessionPending />;
  if (session.isError) {
    if (isApiError(session.error) && session.error.status === 401) {
      const next = `${location.pathname}${location.search}`;
      return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
    }
    return (
      <div role="alert" className="m-8 rounded border border-red-200 bg-red-50 p-4 text-red-900">
        <p className="font-medium">Could not check your session.</p>
        <p className="mt-1 text-sm">{session.error.message}</p>
        <button
          type="button"
          onClick={() => void session.refetch()}
          className="mt-3 rounded bg-red-800 px-3 py-1.5 text-sm text-white"
        >
          Try again
        </button>
      </div>
    );
  }
  if (!data) return <SessionPending />;
  return <>{children(data)}</>;
}
