// Resolving, dismissing or reopening flags: a dialog asks for an optional note
// (kept on every flag changed), then one bulk request changes them all or
// none. A failure is said in the dialog, which keeps the note and stays open.
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { BulkUpdateFlagsMutationVariables } from '../api/generated/hooks/flag-triage/flag-triage';
import type { BulkUpdateFlagsResult, Flag, FlagStatus } from '../api/generated/model';
import { isApiError } from '../api/http';
import { FLAG_LABELS } from './flag-labels';
import { lineName } from './flag-line';

export type FlagAction = 'resolve' | 'dismiss' | 'reopen';

/** The bulk endpoint takes at most this many flags per request. */
export const MAX_BULK = 500;

export const ACTIONS: Record<
  FlagAction,
  { status: FlagStatus; verb: string; past: string; pending: string; explain: string }
> = {
  resolve: {
    status: 'resolved',
    verb: 'Resolve',
    past: 'resolved',
    pending: 'Resolving…',
    explain: 'The problem is handled: the flags leave the open list.',
  },
  dismiss: {
    status: 'dismissed',
    verb: 'Dismiss',
    past: 'dismissed',
    pending: 'Dismissing…',
    explain: 'Nothing to follow up: the flags stay closed until a new cause raises them again.',
  },
  reopen: {
    status: 'open',
    verb: 'Reopen',
    past: 'reopened',
    pending: 'Reopening…',
    explain: 'The flags go back to the open list.',
  },
};

export const flagCount = (n: number) => (n === 1 ? '1 flag' : `${String(n)} flags`);

/** What the user asked to do, to which flags. */
export interface PlannedAction {
  action: FlagAction;
  flags: Flag[];
}

/** The flags the dialog names before "and N more". */
const NAMED = 5;

function failure(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0)
      return 'Nothing was changed: the server could not be reached. Check your connection and try again.';
    return `Nothing was changed: ${error.message}`;
  }
  return 'Nothing was changed: something went wrong. Try again.';
}

function ActionForm({
  planned,
  noteRef,
  send,
  onCancel,
  onDone,
}: {
  planned: PlannedAction;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  send: (variables: BulkUpdateFlagsMutationVariables) => Promise<BulkUpdateFlagsResult>;
  onCancel: () => void;
  onDone: (changed: Flag[]) => void;
}) {
  const noteId = useId();
  const hintId = useId();
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const words = ACTIONS[planned.action];
  const { flags } = planned;
  const tooMany = flags.length > MAX_BULK;

  const submit = async () => {
    if (sending || tooMany) return;
    setSending(true);
    setError(undefined);
    try {
      const trimmed = note.trim();
      const result = await send({
        data: { sids: flags.map((f) => f.sid), status: words.status, note: trimmed === '' ? null : trimmed },
      });
      onDone(result.flags);
    } catch (e) {
      setError(failure(e));
      setSending(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="text-sm text-slate-800">{words.explain}</p>
      <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-800">
        {flags.slice(0, NAMED).map((f) => (
          <li key={f.sid}>
            {FLAG_LABELS[f.type]}: {lineName(f)}
            {f.vendorName ? ` (${f.vendorName})` : ''}
          </li>
        ))}
        {flags.length > NAMED ? <li>and {String(flags.length - NAMED)} more</li> : null}
      </ul>
      <label htmlFor={noteId} className="mt-4 block text-sm font-medium text-slate-800">
        Note (optional)
      </label>
      <textarea
        ref={noteRef}
        id={noteId}
        aria-describedby={hintId}
        value={note}
        maxLength={2000}
        rows={3}
        onChange={(e) => {
          setNote(e.target.value);
        }}
        className="mt-1 w-full rounded border border-slate-400 bg-white px-3 py-2 text-sm"
      />
      <p id={hintId} className="mt-1 text-xs text-slate-600">
        Kept on each flag for whoever looks later, such as “Vendor confirmed the new date by phone”.
      </p>
      {tooMany ? (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          At most {MAX_BULK} flags can change at once: select fewer.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <div className="mt-5 flex flex-wrap justify-end gap-3">
        <button
          type="button"
          onClick={onCancel}
          aria-disabled={sending || undefined}
          className="min-h-11 rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 aria-disabled:opacity-60 lg:min-h-9"
        >
          Cancel
        </button>
        <button
          type="submit"
          aria-disabled={sending || tooMany || undefined}
          className="min-h-11 rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 aria-disabled:opacity-60 lg:min-h-9"
        >
          {sending ? words.pending : `${words.verb} ${flagCount(flags.length)}`}
        </button>
      </div>
    </form>
  );
}

/**
 * The modal dialog of a planned action, on the native <dialog> as
 * ConfirmDialog's ModalDialog is (showModal() keeps the focus inside and the
 * page behind inert; Escape asks the owner to close it). The focus moves to
 * the note as it opens; the owner puts it back when it closes. Its form (and
 * the note typed in it) starts fresh each time it opens. While a change is
 * being sent the owner ignores `onCancel`, so its outcome is always told.
 */
export function FlagActionDialog({
  planned,
  send,
  onCancel,
  onDone,
}: {
  planned: PlannedAction | null;
  send: (variables: BulkUpdateFlagsMutationVariables) => Promise<BulkUpdateFlagsResult>;
  onCancel: () => void;
  onDone: (action: FlagAction, changed: Flag[]) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const open = planned !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      noteRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      {planned ? (
        <div className="p-5">
          <h2 id={titleId} className="mb-3 text-lg font-semibold">
            {ACTIONS[planned.action].verb} {flagCount(planned.flags.length)}?
          </h2>
          <ActionForm
            planned={planned}
            noteRef={noteRef}
            send={send}
            onCancel={onCancel}
            onDone={(changed) => {
              onDone(planned.action, changed);
            }}
          />
        </div>
      ) : null}
    </dialog>
  );
}
