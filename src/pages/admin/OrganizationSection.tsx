// The organization itself: its name and logo, as buyers, vendors (in the
// portal and in their emails) and embedded views show them. Its calendar
// follows on the page (the follow-up engine's, also under Settings).
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import {
  getGetOrganizationQueryKey,
  useGetOrganization,
  useUpdateOrganization,
} from '../../api/generated/hooks/organizations/organizations';
import {
  useDeleteOrganizationLogo,
  useUploadOrganizationLogo,
} from '../../api/generated/hooks/organization-logo/organization-logo';
import { getGetSessionQueryKey } from '../../api/generated/hooks/session/session';
import type { Organization } from '../../api/generated/model';
import { errorMessage } from '../../api/http';
import { primaryButton, secondaryButton } from '../../components/buttons';
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

/** The largest logo the server takes (uploadOrganizationLogo), checked here first to say so at once. */
const MAX_LOGO_BYTES = 256 * 1024;
const LOGO_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

function LogoForm({ organization }: { organization: Organization }) {
  const id = useId();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const upload = useUploadOrganizationLogo();
  const remove = useDeleteOrganizationLogo();
  const busy = upload.isPending || remove.isPending;
  const saved = async (row: Organization, message: string) => {
    queryClient.setQueryData(getGetOrganizationQueryKey(organization.sid), row);
    // The portal and the session's organizations show it.
    await queryClient.invalidateQueries({ queryKey: getGetSessionQueryKey() });
    notifySuccess(message);
  };
  const send = async (file: File) => {
    setError(undefined);
    if (file.size > MAX_LOGO_BYTES) {
      setError(`${file.name} is ${Math.ceil(file.size / 1024)} KB; a logo may have at most 256 KB.`);
      return;
    }
    try {
      await saved(await upload.mutateAsync({ sid: organization.sid, data: { file } }), 'The new logo is saved.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const removeLogo = async () => {
    setError(undefined);
    try {
      await saved(await remove.mutateAsync({ sid: organization.sid }), 'The logo is removed.');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const logo = organization.logo100x100 ?? null;
  return (
    <div className="flex flex-wrap items-end gap-4">
      <div className="flex size-16 shrink-0 items-center justify-center rounded border border-slate-300 bg-white">
        {logo ? (
          <img src={logo} alt="The organization’s logo" className="max-h-14 max-w-14 object-contain" />
        ) : (
          <span className="text-xs text-slate-600">No logo</span>
        )}
      </div>
      <FormField
        id={`${id}-logo`}
        label="Logo"
        error={error}
        hint="PNG, JPEG, GIF or WebP, at most 256 KB; shown 48 pixels high in the portal and in vendors’ emails."
        announce
        className="min-w-56 flex-1"
      >
        {(a11y) => (
          <input
            {...a11y}
            ref={input}
            type="file"
            accept={LOGO_TYPES}
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void send(file);
            }}
            className="block min-h-11 w-full text-sm file:mr-3 file:min-h-9 file:rounded file:border file:border-slate-400 file:bg-white file:px-3 file:text-sm file:font-medium"
          />
        )}
      </FormField>
      {upload.isPending ? (
        <p role="status" className="text-sm text-slate-700">
          Uploading…
        </p>
      ) : null}
      {logo ? (
        <button type="button" className={secondaryButton} disabled={busy} onClick={() => void removeLogo()}>
          {remove.isPending ? 'Removing…' : 'Remove logo'}
        </button>
      ) : null}
    </div>
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
          <>
            <NameForm
              key={organization.data.name ?? ''}
              organizationSid={organizationSid}
              saved={organization.data.name ?? ''}
            />
            <LogoForm organization={organization.data} />
          </>
        ) : null}
      </QueryStatus>
    </section>
  );
}
