// API keys: for the organization's own servers (an ERP connector, the
// intranet that embeds views). A new key's secret is shown once, to copy; the
// list shows each key's name, its first characters, expiry and state, and a
// key can be revoked at once (after a confirmation).
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  getListApiKeysInfiniteQueryKey,
  useCreateApiKey,
  useListApiKeysInfinite,
  useRevokeApiKey,
} from '../../api/generated/hooks/api-keys/api-keys';
import type { ApiKey, CreateApiKeyRequestScope } from '../../api/generated/model';
import { errorMessage } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { primaryButton, rowButton, secondaryButton } from '../../components/buttons';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormField, inputClass } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { formatDate, formatDateTime } from '../../lib/format';

const stateOf = (k: ApiKey) => (k.revoked ? 'Revoked' : k.hasExpired ? 'Expired' : 'Active');

function NewKeyForm({ onCreated }: { onCreated: (secret: string, name: string) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');
  const [scope, setScope] = useState<CreateApiKeyRequestScope>('readWrite');
  const [error, setError] = useState<{ field?: string; message: string }>();
  const create = useCreateApiKey();
  const submit = async () => {
    setError(undefined);
    if (!name.trim()) {
      setError({ field: 'name', message: 'Give the key a name: what uses it.' });
      return;
    }
    try {
      // A date means: valid through that day, in the user's time zone.
      const expiryDate = expiry ? new Date(`${expiry}T23:59:59`).toISOString() : null;
      const key = await create.mutateAsync({ data: { name: name.trim(), expiryDate, scope } });
      await queryClient.invalidateQueries({ queryKey: getListApiKeysInfiniteQueryKey() });
      setName('');
      setExpiry('');
      setScope('readWrite');
      onCreated(key.secret ?? '', key.name);
    } catch (e) {
      const field = (e as { field?: string }).field;
      setError({ field, message: errorMessage(e) });
    }
  };
  const nameError = error && error.field !== 'expiryDate' ? error.message : undefined;
  const expiryError = error?.field === 'expiryDate' ? error.message : undefined;
  return (
    <form
      noValidate
      aria-label="New API key"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-wrap items-end gap-3"
    >
      <FormField id={`${id}-name`} label="Name" error={nameError} announce className="min-w-56 flex-1">
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
      <FormField id={`${id}-expiry`} label="Expires after (optional)" error={expiryError} announce>
        {(a11y) => (
          <input
            {...a11y}
            type="date"
            value={expiry}
            onChange={(e) => {
              setExpiry(e.target.value);
            }}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField id={`${id}-scope`} label="May">
        {(a11y) => (
          <select
            {...a11y}
            value={scope}
            onChange={(e) => {
              setScope(e.target.value === 'read' ? 'read' : 'readWrite');
            }}
            className={inputClass}
          >
            <option value="readWrite">Read and write</option>
            <option value="read">Only read</option>
          </select>
        )}
      </FormField>
      <button type="submit" className={primaryButton} disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const keys = useListApiKeysInfinite({ pageSize: 50 }, { query: cursorPaging });
  const rows = flattenPages(keys.data, 'apiKeys');
  const revoke = useRevokeApiKey();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<string>();
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);

  const confirmRevoke = async (key: ApiKey) => {
    setRevokeError(undefined);
    try {
      await revoke.mutateAsync({ sid: key.sid });
    } catch (e) {
      setRevokeError(errorMessage(e));
      return;
    }
    setRevoking(null);
    notifySuccess(`The key ${key.name} is revoked: nothing can use it any more.`);
    await queryClient.invalidateQueries({ queryKey: getListApiKeysInfiniteQueryKey() });
  };

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', wrap: true, cell: (k) => k.name },
    { key: 'prefix', header: 'Starts with', cell: (k) => <code>{k.prefix}…</code> },
    { key: 'created', header: 'Created', cell: (k) => formatDateTime(k.created) },
    { key: 'scope', header: 'May', cell: (k) => (k.scope === 'read' ? 'Only read' : 'Read and write') },
    { key: 'expires', header: 'Expires', cell: (k) => (k.expiryDate ? formatDate(k.expiryDate) : 'Never') },
    { key: 'used', header: 'Last used', cell: (k) => (k.lastUsed ? formatDateTime(k.lastUsed) : 'Never') },
    { key: 'state', header: 'State', cell: stateOf },
    {
      key: 'actions',
      header: 'Actions',
      cell: (k) =>
        k.revoked ? null : (
          <button
            type="button"
            className={rowButton}
            aria-label={`Revoke ${k.name}`}
            onClick={() => {
              setRevoking(k);
            }}
          >
            Revoke
          </button>
        ),
    },
  ];

  return (
    <section aria-labelledby="api-keys-heading" className="mt-8 max-w-4xl space-y-4">
      <h2 id="api-keys-heading" className="text-lg font-semibold">
        API keys
      </h2>
      <p className="text-slate-700">
        For your own servers: an ERP connector, or the intranet that embeds views. A key acts for the organization with
        your rights; keep it on the server.
      </p>
      <NewKeyForm
        onCreated={(secret, name) => {
          setCopied(false);
          setCreated({ secret, name });
        }}
      />
      {created ? (
        <div role="status" className="space-y-2 rounded border border-green-300 bg-green-50 p-3 text-sm">
          <p>
            The key <strong>{created.name}</strong> is made. Copy it now: it is not shown again.
          </p>
          <code className="block overflow-x-auto rounded bg-white p-2 break-all" aria-label="The new key">
            {created.secret}
          </code>
          <div className="flex gap-2">
            <button
              type="button"
              className={secondaryButton}
              onClick={() =>
                void navigator.clipboard
                  .writeText(created.secret)
                  .then(() => {
                    setCopied(true);
                  })
                  .catch(() => undefined)
              }
            >
              {copied ? 'Copied' : 'Copy key'}
            </button>
            <button
              type="button"
              className={secondaryButton}
              onClick={() => {
                setCreated(null);
              }}
            >
              I have stored it
            </button>
          </div>
        </div>
      ) : null}
      <QueryStatus
        query={keys}
        label="the API keys"
        isEmpty={rows.length === 0}
        empty={<p className="text-slate-700">No API keys yet.</p>}
      >
        <ResourceTable
          caption="Your organization’s API keys"
          columns={columns}
          rows={rows}
          rowKey={(k) => k.sid}
          pages={keys}
        />
      </QueryStatus>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        confirmLabel="Revoke key"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revokeError}
        onConfirm={() => {
          if (revoking) void confirmRevoke(revoking);
        }}
        onCancel={() => {
          setRevoking(null);
          setRevokeError(undefined);
        }}
      >
        <p>Whatever uses it stops working at once. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
