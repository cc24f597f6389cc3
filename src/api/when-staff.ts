import type { QueryClient } from '@tanstack/react-query';
import { getGetSessionQueryKey, getGetSessionQueryOptions } from './generated/hooks/session/session';

/**
 * Runs `prefetch` once the visitor is known to be signed in as staff, by the
 * session the layout asks for as the app starts (the same request, not a
 * second one). A signed-out visit asks for nothing more: the layout sends it
 * to the login page, and requests made now would only be refused (401).
 */
export function whenStaff(queryClient: QueryClient, prefetch: () => void): void {
  if (queryClient.getQueryState(getGetSessionQueryKey())?.status === 'error') return;
  queryClient.query(getGetSessionQueryOptions({ query: { staleTime: 5 * 60_000 } })).then(
    (session) => {
      if (session.role !== 'vendor') prefetch();
    },
    () => undefined,
  );
}
