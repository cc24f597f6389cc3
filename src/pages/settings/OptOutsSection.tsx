// The addresses that asked for no more emails (the unsubscribe link of an
// update request): the follow-up engine sends them nothing. An admin may
// allow emails to one again, after asking the person.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  getListEmailOptOutsInfiniteQueryKey,
  useDeleteEmailOptOut,
  useListEmailOptOutsInfinite,
} from '../../api/generated/hooks/email-opt-out/email-opt-out';
import type { EmailOptOut } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { formatDateTime } from '../../lib/format';
import { rowButton } from '../../components/buttons';
import { useHeadingFocus } from './use-heading-focus';

const address = (o: EmailOptOut) => o.email ?? o.sid;

export function OptOutsSection({ admin }: { admin: boolean }) {
  const queryClient = useQueryClient();
  const optOuts = useListEmailOptOutsInfinite({ optOut: 'true', pageSize: 50 }, { query: cursorPaging });
  const rows = flattenPages(optOuts.data, 'emailOptOuts');
  const remove = useDeleteEmailOptOut();
  const [allowing, setAllowing] = useState<EmailOptOut | null>(null);
  const [error, setError] = useState<string>();
  const { heading, focusHeadingAfterClose } = useHeadingFocus(allowing !== null);

  const close = () => {
    setAllowing(null);
    setError(undefined);
  };

  const allow = async (optOut: EmailOptOut) => {
    setError(undefined);
    try {
      await remove.mutateAsync({ sid: optOut.sid });
    } catch (e) {
      setError(isApiError(e) ? e.message : 'Emails could not be allowed again. Try again.');
      return;
    }
    notifySuccess(`Emails to ${address(optOut)} are allowed again.`);
    focusHeadingAfterClose();
    close();
    await queryClient.invalidateQueries({ queryKey: getListEmailOptOutsInfiniteQueryKey() });
  };

  const columns: Column<EmailOptOut>[] = [
    { key: 'email', header: 'Email', wrap: true, cell: address },
    { key: 'since', header: 'Opted out', cell: (o) => formatDateTime(o.created) },
  ];
  if (admin) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      cell: (o) => (
        <button
          type="button"
          className={rowButton}
          aria-label={`Allow emails to ${address(o)} again`}
          onClick={() => {
            setAllowing(o);
          }}
        >
          Allow emails again
        </button>
      ),
    });
  }

  return (
    <section aria-labelledby="opt-outs-heading" className="mt-8">
      <h2 id="opt-outs-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        Email opt-outs
      </h2>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-slate-700">
        These addresses unsubscribed from update requests: the follow-up engine sends them no email.
        {admin ? null : ' Only an admin can allow emails to them again.'}
      </p>
      <QueryStatus
        query={optOuts}
        label="email opt-outs"
        isEmpty={rows.length === 0}
        empty="No one has opted out of emails."
      >
        <ResourceTable
          caption="Opted-out addresses"
          columns={columns}
          rows={rows}
          rowKey={(o) => o.sid}
          pages={optOuts}
        />
      </QueryStatus>
      <ConfirmDialog
        open={allowing !== null}
        title="Allow emails again"
        confirmLabel="Allow emails again"
        pendingLabel="Allowing…"
        pending={remove.isPending}
        error={error}
        tone="primary"
        onCancel={close}
        onConfirm={() => {
          if (allowing) void allow(allowing);
        }}
      >
        {allowing ? (
          <p>
            Send update requests and notices to {address(allowing)} again? They asked for no more emails: do this only
            when they asked for them again.
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
