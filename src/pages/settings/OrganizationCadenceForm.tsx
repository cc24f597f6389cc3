// Which cadence the organization's lines follow: the default tiers or one of
// its custom cadences (organization settings `cadenceSid`). A vendor's or an
// order's own cadence still comes first.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Cadence, OrganizationSettings } from '../../api/generated/model';
import { FormAlert, FormField, inputClass } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { isApiError } from '../../api/http';
import { notifySuccess } from '../../components/toast';
import { primaryButton } from '../../components/buttons';
import {
  cadenceName,
  CONFLICT_MESSAGE,
  isVersionConflict,
  reloadOrganizationSettings,
  useOrganizationSettings,
  useSaveOrganizationSettings,
} from './settings-api';

function ChoiceForm({
  organizationSid,
  settings,
  cadences,
  admin,
}: {
  organizationSid: string;
  settings: OrganizationSettings;
  cadences: Cadence[];
  admin: boolean;
}) {
  const queryClient = useQueryClient();
  const save = useSaveOrganizationSettings(organizationSid);
  const current = settings.cadenceSid ?? '';
  const known = current === '' || cadences.some((c) => c.sid === current);
  // The choice follows the saved settings until the user picks another.
  const [picked, setPicked] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const value = picked ?? (known ? current : '');

  const submit = async () => {
    setFormError(undefined);
    try {
      const saved = await save.mutateAsync({ version: settings.version, data: { cadenceSid: value || null } });
      setPicked(undefined);
      const chosen = cadences.find((c) => c.sid === saved.cadenceSid);
      notifySuccess(
        chosen ? `Lines now follow the cadence ${cadenceName(chosen)}.` : 'Lines now follow the default tiers.',
      );
    } catch (error) {
      if (isVersionConflict(error)) {
        setPicked(undefined);
        setFormError(CONFLICT_MESSAGE);
        await reloadOrganizationSettings(queryClient, organizationSid);
      } else {
        setFormError(isApiError(error) ? error.message : 'The cadence could not be saved. Try again.');
      }
    }
  };

  return (
    <form
      noValidate
      aria-label="Cadence of the organization"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="mt-4 max-w-xl space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <FormAlert message={formError} />
      <FormField
        id="organization-cadence"
        label="Cadence for every line"
        hint={
          known
            ? 'A vendor’s or an order’s own cadence comes first.'
            : 'The cadence chosen before was deleted: lines follow the default tiers.'
        }
      >
        {(a11y) => (
          <select
            {...a11y}
            className={inputClass}
            value={value}
            disabled={!admin || save.isPending}
            onChange={(e) => {
              setPicked(e.target.value);
            }}
          >
            <option value="">Default tiers</option>
            {cadences.map((c) => (
              <option key={c.sid} value={c.sid}>
                {cadenceName(c)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {admin ? (
        <button type="submit" disabled={save.isPending || value === current} className={primaryButton}>
          {save.isPending ? 'Saving…' : 'Save cadence choice'}
        </button>
      ) : null}
    </form>
  );
}

export function OrganizationCadenceForm({
  organizationSid,
  cadences,
  admin,
}: {
  organizationSid: string;
  cadences: Cadence[];
  admin: boolean;
}) {
  const settings = useOrganizationSettings(organizationSid);
  return (
    <div className="mt-4">
      <QueryStatus
        query={settings}
        label="the organization's cadence"
        skeleton={<div aria-hidden="true" className="h-24 max-w-xl animate-pulse rounded bg-slate-200" />}
      >
        {settings.data ? (
          <ChoiceForm organizationSid={organizationSid} settings={settings.data} cadences={cadences} admin={admin} />
        ) : null}
      </QueryStatus>
    </div>
  );
}
