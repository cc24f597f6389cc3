// Choices kept in the address (filters, sorts, toggles), so a view can be
// shared and survives a reload: a page reads its parameters and sets one at a
// time, the others kept. A change replaces the history entry: Back leaves the
// page rather than undoing a filter.
import { useSearchParams } from 'react-router';

/** The query with one parameter set, or removed when empty or null; the others kept. */
export function withParam(params: URLSearchParams, name: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}

/** The address's query, and a setter of one of its parameters in place (null or '' removes it). */
export function useAddressParams(): readonly [URLSearchParams, (name: string, value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | null) => {
    setParams((current) => withParam(current, name, value), { replace: true });
  };
  return [params, setParam];
}
