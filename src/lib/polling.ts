// Polling a background job's status (uploads, exports): TanStack Query's
// refetchInterval, backing off and stopping once the job settles. Queries do
// not poll while the tab is hidden (refetchIntervalInBackground is false).

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;

export const isTerminal = (status: string | null | undefined) => status === 'completed' || status === 'failed';

/** Milliseconds between status checks: 0.5 s at first, doubling with each answer up to 5 s; none once settled. */
export function pollInterval(query: {
  state: { status: string; dataUpdateCount: number; data?: { status: string | null } };
}): number | false {
  if (query.state.status === 'error' || isTerminal(query.state.data?.status)) return false;
  return Math.min(FIRST_POLL_MS * 2 ** Math.max(0, query.state.dataUpdateCount - 1), MAX_POLL_MS);
}
