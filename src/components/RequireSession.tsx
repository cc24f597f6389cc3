import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useGetSession } from '../api/generated/hooks/session/session';
import type { Session } from '../api/generated/model';
import { isApiError } from '../api/http';

/**
 * Shows its children only with a valid session: without one, goes to the
 * login page, which brings the user back here afterwards.
 */
export function RequireSession({ children }: { children: (session: Session) => ReactNode }) {
  const location = useLocation();
  const session = useGetSession({ query: { staleTime: 5 * 60_000 } });
  if (session.isPending) {
    return (
      <p role="status" className="p-8 text-center text-slate-700">
        Checking your session…
      </p>
    );
  }
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
  return <>{children(session.data)}</>;
}
