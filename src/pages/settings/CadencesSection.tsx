// The organization's custom cadences: a table, created and edited in a
// dialog, deleted after a confirmation; and which cadence the lines follow.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getListCadenceTransitionsInfiniteQueryKey } from '../../api/generated/hooks/cadence-transition/cadence-transition';
import { useDeleteCadence } from '../../api/generated/hooks/cadences/cadences';
import { getGetOrganizationSettingsQueryKey } from '../../api/generated/hooks/organization-settings/organization-settings';
import type { Cadence } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column, type CursorPages } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { CadenceDialog } from './CadenceForm';
import { OrganizationCadenceForm } from './OrganizationCadenceForm';
import { primaryButton, rowButton } from '../../components/buttons';
import { cadenceName, describeDelay, invalidateCadences, useCadences } from './settings-api';
import { useHeadingFocus } from './use-heading-focus';

/** Every cadence comes in one page: the table offers no next one. */
const ONE_PAGE: CursorPages = { hasNextPage: false, isFetchingNextPage: false, fetchNextPage: () => Promise.resolve() };

type Open = { kind: 'new' } | { kind: 'edit' | 'delete'; cadence: Cadence } | null;

export function CadencesSection({ organizationSid, admin }: { organizationSid: string; admin: boolean }) {
  const queryClient = useQueryClient();
  const cadences = useCadences();
  const rows = cadences.data?.cadences ?? [];
  const remove = useDeleteCadence();
  const [open, setOpen] = useState<Open>(null);
  const [deleteError, setDeleteError] = useState<string>();
  const { heading, focusHeadingAfterClose } = useHeadingFocus(open !== null);

  const close = () => {
    setOpen(null);
    setDeleteError(undefined);
  };

  const deleteCadence = async (cadence: Cadence) => {
    setDeleteError(undefined);
    try {
      await remove.mutateAsync({ sid: cadence.sid });
    } catch (error) {
      setDeleteError(isApiError(error) ? error.message : 'The cadence could not be deleted. Try again.');
      return;
    }
    notifySuccess(`Cadence ${cadenceName(cadence)} deleted.`);
    focusHeadingAfterClose();
    close();
    // Its transitions went with it, and the organization may have followed it.
    await Promise.all([
      invalidateCadences(queryClient),
      queryClient.invalidateQueries({ queryKey: getListCadenceTransitionsInfiniteQueryKey() }),
      queryClient.invalidateQueries({ queryKey: getGetOrganizationSettingsQueryKey(organizationSid) }),
    ]);
  };

  const columns: Column<Cadence>[] = [
    { key: 'title', header: 'Cadence', wrap: true, cell: (c) => cadenceName(c) },
    { key: 'delay', header: 'Every', cell: (c) => describeDelay(c.delaySeconds) },
    { key: 'attempts', header: 'Most requests', numeric: true, cell: (c) => c.maxAttempts ?? 'No limit' },
    {
      key: 'unresponsive',
      header: 'Unresponsive after',
      cell: (c) =>
        c.unresponsiveAfterBusinessDays === null ? 'Default' : `${c.unresponsiveAfterBusinessDays} business days`,
    },
    { key: 'type', header: 'Sent as', cell: (c) => (c.messageType === 'email' ? 'Email' : (c.messageType ?? '—')) },
  ];
  if (admin) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      wide: true,
      pinned: true,
      cell: (c) => (
        <div className="flex gap-2">
          <button
            type="button"
            className={rowButton}
            aria-label={`Edit ${cadenceName(c)}`}
            onClick={() => {
              setOpen({ kind: 'edit', cadence: c });
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className={`${rowButton} text-red-800`}
            aria-label={`Delete ${cadenceName(c)}`}
            onClick={() => {
              setOpen({ kind: 'delete', cadence: c });
            }}
          >
            Delete
          </button>
        </div>
      ),
    });
  }

  const editing = open?.kind === 'edit' ? open.cadence : undefined;
  const deleting = open?.kind === 'delete' ? open.cadence : undefined;

  return (
    <section aria-labelledby="cadences-heading" className="mt-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="cadences-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          Custom cadences
        </h2>
        {admin ? (
          <button
            type="button"
            className={primaryButton}
            onClick={() => {
              setOpen({ kind: 'new' });
            }}
          >
            New cadence
          </button>
        ) : null}
      </div>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-slate-700">
        A custom cadence asks the vendor at a fixed interval instead of by the tiers above.
        {admin ? null : ' Only an admin can change cadences.'}
      </p>
      <QueryStatus
        query={cadences}
        label="cadences"
        isEmpty={rows.length === 0}
        empty={
          admin
            ? 'No custom cadences yet: lines follow the default tiers. Add one with “New cadence”.'
            : 'No custom cadences: lines follow the default tiers.'
        }
      >
        <ResourceTable
          caption="Cadences"
          columns={columns}
          rows={rows}
          rowKey={(c) => c.sid}
          pages={ONE_PAGE}
          stacked
        />
      </QueryStatus>
      {cadences.isSuccess ? (
        <OrganizationCadenceForm organizationSid={organizationSid} cadences={rows} admin={admin} />
      ) : null}

      <CadenceDialog open={open?.kind === 'new' || open?.kind === 'edit'} cadence={editing} onClose={close} />
      <ConfirmDialog
        open={open?.kind === 'delete'}
        title="Delete cadence"
        confirmLabel="Delete cadence"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={deleteError}
        onCancel={close}
        onConfirm={() => {
          if (deleting) void deleteCadence(deleting);
        }}
      >
        {deleting ? (
          <p>
            Delete the cadence {cadenceName(deleting)} with its transitions? Lines that follow it go back to the
            organization&apos;s cadence or the default tiers. This cannot be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
