// What the sections of Settings → Follow-up share: who may change things, the
// organization's cadences (one request for the table, the names and every
// select), and saving the organization settings with the version they were read at.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getListCadencesInfiniteQueryKey, getListCadencesQueryKey } from '../../api/generated/hooks/cadences/cadences';
import {
  getGetOrganizationSettingsQueryKey,
  getUpdateOrganizationSettingsMutationKey,
  updateOrganizationSettings,
  useGetOrganizationSettings,
} from '../../api/generated/hooks/organization-settings/organization-settings';
import { useGetSession } from '../../api/generated/hooks/session/session';
import type { UpdateOrganizationSettingsRequest } from '../../api/generated/model';
import { isApiError } from '../../api/http';

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

/** The organization's settings (keyed by the organization's sid, which the server accepts for them). */
export function useOrganizationSettings(organizationSid: string) {
  return useGetOrganizationSettings(organizationSid, { query: { staleTime: 60_000 } });
}

/**
 * Saves part of the organization settings, sending the version they were read
 * at as If-Match: a change someone else saved in between is refused (412), not
 * overwritten. The saved settings replace the cached ones.
 */
export function useSaveOrganizationSettings(organizationSid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: getUpdateOrganizationSettingsMutationKey(),
    mutationFn: ({ version, data }: { version: number; data: UpdateOrganizationSettingsRequest }) =>
      updateOrganizationSettings(organizationSid, data, { headers: { 'If-Match': `"${version}"` } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(getGetOrganizationSettingsQueryKey(organizationSid), saved);
    },
  });
}

/** Whether a save failed because the record changed since it was read (412 from If-Match, or a 409 race). */
export function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && (error.status === 412 || (error.status === 409 && error.code === 'version_conflict'));
}

/** Reads the organization settings again, after a version conflict. */
export function reloadOrganizationSettings(
  queryClient: ReturnType<typeof useQueryClient>,
  organizationSid: string,
): Promise<unknown> {
  return queryClient.invalidateQueries({ queryKey: getGetOrganizationSettingsQueryKey(organizationSid) });
}

export const CONFLICT_MESSAGE =
  'Someone else changed the settings while you were editing them. They have been reloaded with their change: check them and save again.';
