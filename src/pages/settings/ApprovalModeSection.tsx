// Approval mode (an organization setting, off by default): whether a vendor's
// new dates and splits change the line at once or wait as proposals for a
// buyer. Saved on its own, with the version the settings were read at.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { isApiError } from '../../api/http';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import {
  CONFLICT_MESSAGE,
  isVersionConflict,
  reloadOrganizationSettings,
  useOrganizationSettings,
  useSaveOrganizationSettings,
} from './settings-api';

export function ApprovalModeSection({ organizationSid, admin }: { organizationSid: string; admin: boolean }) {
  const id = useId();
  const queryClient = useQueryClient();
  const settings = useOrganizationSettings(organizationSid);
  const save = useSaveOrganizationSettings(organizationSid);
  const [error, setError] = useState<string>();

  const change = async (on: boolean) => {
    if (!settings.data || save.isPending) return;
    setError(undefined);
    try {
      await save.mutateAsync({ version: settings.data.version, data: { vendorChangesNeedApproval: on } });
      notifySuccess(
        on
          ? "Approval mode is on: vendors' new dates and splits now wait for a buyer."
          : "Approval mode is off: vendors' new dates and splits now change the lines at once.",
      );
    } catch (failure) {
      if (isVersionConflict(failure)) {
        setError(CONFLICT_MESSAGE);
        void reloadOrganizationSettings(queryClient, organizationSid);
        return;
      }
      setError(isApiError(failure) ? failure.message : 'The setting could not be saved.');
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="mt-8">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Vendor changes
      </h2>
      <QueryStatus query={settings} label="the approval setting">
        <div className="mt-2 flex max-w-3xl items-start gap-3">
          <input
            id={id}
            type="checkbox"
            checked={settings.data?.vendorChangesNeedApproval ?? false}
            disabled={!admin || save.isPending}
            aria-describedby={`${id}-note`}
            onChange={(e) => void change(e.target.checked)}
            className="size-6 shrink-0"
          />
          <div>
            <label htmlFor={id} className="text-sm font-medium text-slate-900">
              Vendors&apos; new dates and splits need a buyer&apos;s approval
            </label>
            <p id={`${id}-note`} className="text-sm text-slate-700">
              Off: a vendor&apos;s new date or split changes the line at once. On: it waits as a proposal on the
              schedule and order pages until a buyer accepts or rejects it.
              {admin ? '' : ' Only an admin can change this.'}
            </p>
          </div>
        </div>
        {error ? (
          <p role="alert" className="mt-2 max-w-3xl rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {error}
          </p>
        ) : null}
      </QueryStatus>
    </section>
  );
}
