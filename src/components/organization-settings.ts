// Reading and saving the organization settings with the version they were
// read at: the follow-up settings and the administration page's calendar
// edit the same record.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  getGetOrganizationSettingsQueryKey,
  getUpdateOrganizationSettingsMutationKey,
  updateOrganizationSettings,
  useGetOrganizationSettings,
} from '../api/generated/hooks/organization-settings/organization-settings';
import type { UpdateOrganizationSettingsRequest } from '../api/generated/model';
import { isApiError } from '../api/http';

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
