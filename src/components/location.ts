// The address for the vendor portal, a document of its own with no router
// (react-router alone would outweigh the portal): the path and query as React
// state, and moves within the document through the History API. Back and
// Forward (popstate) update the readers too.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

// A string: an address that did not change is the same snapshot and renders nothing.
const address = () => `${window.location.pathname}${window.location.search}`;

function useAddress(): string {
  return useSyncExternalStore(subscribe, address);
}

/** The path of the address bar: "/portal". */
export function usePathname(): string {
  return useAddress().split('?')[0];
}

/** One query parameter of the address bar, or null. */
export function useSearchParam(name: string): string | null {
  const current = useAddress();
  const query = current.indexOf('?');
  return query < 0 ? null : new URLSearchParams(current.slice(query)).get(name);
}

/** The query of the address bar. */
export function useSearchParams(): URLSearchParams {
  const current = useAddress();
  const query = current.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : current.slice(query));
}

/** Goes to a path of this document (a new history entry, or in place with `replace`). */
export function navigate(to: string, { replace = false, state = null }: { replace?: boolean; state?: unknown } = {}) {
  if (replace) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  for (const listener of listeners) listener();
}
