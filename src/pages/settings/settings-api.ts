// What the sections of Settings → Follow-up share: who may change things, the
// organization's cadences (one request for the table, the names and every
// select), and saving the organization settings with the version they were
// read at (components/organization-settings.ts).
import type { useQueryClient } from '@tanstack/react-query';
import { getListCadencesInfiniteQueryKey, getListCadencesQueryKey } from '../../api/generated/hooks/cadences/cadences';
import { useGetSession } from '../../api/generated/hooks/session/session';

// The order page names and lists cadences too: one definition, and one request, for both.
export { cadenceName, useCadences } from '../../components/FollowUpChoiceForm';

/** The signed-in user, as the layout already asked for it; `admin` may change follow-up settings. */
export function useSettingsSession() {
  const session = useGetSession({ query: { staleTime: 5 * 60_000, retryOnMount: false } });
  return { session, admin: session.data?.role === 'admin' };
}

/** After a cadence changes: every list of cadences, here and on other pages. */
export function invalidateCadences(queryClient: ReturnType<typeof useQueryClient>): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: getListCadencesQueryKey() }),
    queryClient.invalidateQueries({ queryKey: getListCadencesInfiniteQueryKey() }),
  ]);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A delay in seconds in words: "7 days", "1 day", "12 hours"; days are what the form asks for. */
export function describeDelay(delaySeconds: string | null): string {
  if (delaySeconds === null || !/^\d+$/.test(delaySeconds)) return '—';
  const seconds = Number(delaySeconds);
  if (seconds === 0) return 'No delay';
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

// Shared with the administration page's calendar: one definition of saving the organization settings.
export {
  CONFLICT_MESSAGE,
  isVersionConflict,
  reloadOrganizationSettings,
  useOrganizationSettings,
  useSaveOrganizationSettings,
} from '../../components/organization-settings';
