// The organization itself: its name, as buyers, vendors (in the portal and in
// every email) and embedded views show it. Its time zone and calendar are the
// follow-up engine's, kept under Settings.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import {
  getGetOrganizationQueryKey,
  useGetOrganization,
  useUpdateOrganization,
} from '../../api/generated/hooks/organizations/organizations';
import { getGetSessionQueryKey } from '../../api/generated/hooks/session/session';
import { errorMessage } from '../../api/http';
import { primaryButton } from '../../components/buttons';
import { FormField, inputClass } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';

function NameForm({ organizationSid, saved }: { organizationSid: string; saved: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState(saved);
  const [error, setError] = useState<string>();
  const update = useUpdateOrganization();
  const submit = async () => {
    setError(undefined);
    if (!name.trim()) {
      setError('Give the organization a name.');
      return;
    }
    try {
      const row = await update.mutateAsync({ sid: organizationSid, data: { name: name.trim() } });
      queryClient.setQueryData(getGetOrganizationQueryKey(organizationSid), row);
      await queryClient.invalidateQueries({ queryKey: getGetSessionQueryKey() });
      notifySuccess(`The organization is now called ${row.name ?? name.trim()}.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <form
      noValidate
      aria-label="Organization name"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-wrap items-end gap-3"
    >
      <FormField
        id={`${id}-name`}
        label="Name"
        error={error}
        hint="Vendors see it in the portal and in every email."
        announce
        className="min-w-56 flex-1"
      >
        {(a11y) => (
          <input
            {...a11y}
            value={name}
            maxLength={255}
            onChange={(e) => {
              setName(e.target.value);
            }}
            className={inputClass}
          />
        )}
      </FormField>
      <button type="submit" className={primaryButton} disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save name'}
      </button>
    </form>
  );
}

export function OrganizationSection({ organizationSid }: { organizationSid: string }) {
  const organization = useGetOrganization(organizationSid);
  return (
    <section aria-labelledby="organization-heading" className="mt-8 max-w-5xl space-y-3">
      <h2 id="organization-heading" className="text-lg font-semibold">
        Organization
      </h2>
      <QueryStatus query={organization} label="the organization">
        {organization.data ? (
          <NameForm
            key={organization.data.updated}
            organizationSid={organizationSid}
            saved={organization.data.name ?? ''}
          />
        ) : null}
      </QueryStatus>
      <p className="text-sm text-slate-700">
        The time zone, business days and holidays the follow-up engine counts in are under{' '}
        <Link to="/settings" className="text-blue-800 underline">
          Settings
        </Link>
        .
      </p>
    </section>
  );
}
