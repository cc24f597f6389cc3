// Cadence transitions: rules that move a line to another cadence, or call a
// webhook, when its requests go unanswered, its date comes near, a flag is
// raised or time passes. Each shows as a sentence.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  getListCadenceTransitionsInfiniteQueryKey,
  useDeleteCadenceTransition,
  useListCadenceTransitionsInfinite,
} from '../../api/generated/hooks/cadence-transition/cadence-transition';
import type { CadenceTransition } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { primaryButton, rowButton } from '../../components/buttons';
import { useCadences } from './settings-api';
import { TransitionDialog } from './TransitionForm';
import { transitionSentence } from './transition-rules';
import { useHeadingFocus } from './use-heading-focus';

type Open = { kind: 'new' } | { kind: 'edit' | 'delete'; transition: CadenceTransition } | null;

export function TransitionsSection({ admin }: { admin: boolean }) {
  const queryClient = useQueryClient();
  const transitions = useListCadenceTransitionsInfinite({ pageSize: 100 }, { query: cursorPaging });
  const cadences = useCadences();
  const cadenceRows = cadences.data?.cadences ?? [];
  const rows = flattenPages(transitions.data, 'cadenceTransitions');
  const remove = useDeleteCadenceTransition();
  const [open, setOpen] = useState<Open>(null);
  const [deleteError, setDeleteError] = useState<string>();
  const { heading, focusHeadingAfterClose } = useHeadingFocus(open !== null);

  const close = () => {
    setOpen(null);
    setDeleteError(undefined);
  };

  const deleteTransition = async (transition: CadenceTransition) => {
    setDeleteError(undefined);
    try {
      await remove.mutateAsync({ sid: transition.sid });
    } catch (error) {
      setDeleteError(isApiError(error) ? error.message : 'The transition could not be deleted. Try again.');
      return;
    }
    notifySuccess('Transition deleted.');
    focusHeadingAfterClose();
    close();
    await queryClient.invalidateQueries({ queryKey: getListCadenceTransitionsInfiniteQueryKey() });
  };

  const sentence = (t: CadenceTransition) => transitionSentence(t, cadenceRows);
  const editing = open?.kind === 'edit' ? open.transition : undefined;
  const deleting = open?.kind === 'delete' ? open.transition : undefined;
  const canCreate = admin && cadenceRows.length > 0;

  return (
    <section aria-labelledby="transitions-heading" className="mt-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="transitions-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          Transitions
        </h2>
        {canCreate ? (
          <button
            type="button"
            className={primaryButton}
            onClick={() => {
              setOpen({ kind: 'new' });
            }}
          >
            New transition
          </button>
        ) : null}
      </div>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-slate-700">
        A transition watches the lines on a custom cadence and, when its condition holds, switches them to another
        cadence or calls a webhook, once each time a line starts on the cadence.
        {admin ? null : ' Only an admin can change transitions.'}
      </p>
      <QueryStatus
        // The sentences name cadences: they wait for those too.
        query={{
          isPending: transitions.isPending || cadences.isPending,
          isError: transitions.isError,
          error: transitions.error,
          refetch: transitions.refetch,
        }}
        label="transitions"
        isEmpty={rows.length === 0}
        empty={
          admin && cadences.isSuccess && cadenceRows.length === 0
            ? 'No transitions. Create a custom cadence first: a transition belongs to one.'
            : 'No transitions: lines stay on their cadence.'
        }
      >
        <ul aria-label="Transitions" className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
          {rows.map((t) => (
            <li key={t.sid} className="flex flex-wrap items-start justify-between gap-2 px-3 py-2 text-sm">
              <div className="min-w-0 flex-1 basis-64">
                <p className="break-words">{sentence(t)}</p>
                {t.title ? <p className="mt-0.5 text-xs text-slate-600">{t.title}</p> : null}
              </div>
              {admin ? (
                <div className="flex gap-2">
                  <button
                    type="button"
                    className={rowButton}
                    aria-label={`Edit: ${sentence(t)}`}
                    onClick={() => {
                      setOpen({ kind: 'edit', transition: t });
                    }}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className={`${rowButton} text-red-800`}
                    aria-label={`Delete: ${sentence(t)}`}
                    onClick={() => {
                      setOpen({ kind: 'delete', transition: t });
                    }}
                  >
                    Delete
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <LoadMore pages={transitions} />
      </QueryStatus>

      <TransitionDialog
        open={open?.kind === 'new' || open?.kind === 'edit'}
        transition={editing}
        cadences={cadenceRows}
        onClose={close}
      />
      <ConfirmDialog
        open={open?.kind === 'delete'}
        title="Delete transition"
        confirmLabel="Delete transition"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={deleteError}
        onCancel={close}
        onConfirm={() => {
          if (deleting) void deleteTransition(deleting);
        }}
      >
        {deleting ? <p>Delete this transition? “{sentence(deleting)}”. This cannot be undone.</p> : null}
      </ConfirmDialog>
    </section>
  );
}
