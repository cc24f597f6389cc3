// Named views of a table page, saved per user. A view is the page's URL query
// (filters, sort, columns), so applying one is navigating to it: the page
// parses and validates it like any other URL.
import { useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useId, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import {
  getListSavedViewsInfiniteQueryKey,
  getListSavedViewsQueryKey,
  useCreateSavedView,
  useDeleteSavedView,
  useListSavedViewsInfinite,
  useUpdateSavedView,
} from '../api/generated/hooks/saved-views/saved-views';
import type { SavedView, SavedViewPage } from '../api/generated/model';
import { errorMessage, isApiError } from '../api/http';
import { cursorPaging, flattenPages } from '../api/paging';
import { LoadMore } from './ResourceTable';
import { savedViewsParams } from './saved-views-query';
import { notifySuccess } from './toast';

const isNameTaken = (error: unknown): boolean =>
  isApiError(error) && error.status === 409 && error.code === 'name_taken';

/** The same query whatever the order of its parameters. */
function normalized(search: string): string {
  const params = new URLSearchParams(search);
  params.sort();
  return params.toString();
}

function isSavedView(value: unknown): value is SavedView {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).sid === 'string' &&
    typeof (value as Record<string, unknown>).name === 'string'
  );
}

/** After any change, every list of saved views is fetched again. */
function useRefreshSavedViews() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: getListSavedViewsInfiniteQueryKey() }),
      queryClient.invalidateQueries({ queryKey: getListSavedViewsQueryKey() }),
    ]);
  };
}

const buttonClass = 'rounded border border-slate-300 px-2 py-1 font-medium hover:bg-slate-100';

export interface SavedViewsProps {
  /** The table the views belong to. */
  page: SavedViewPage;
  /** The page's current view as its URL query, without the leading '?'. */
  search: string;
  /** Shows a saved view: the page navigates to this query (without '?'). */
  onApply: (search: string) => void;
}

/**
 * The signed-in user's saved views of a page: apply, save the current view,
 * rename, delete. Memoized: the page's rows arriving do not render it again.
 */
export const SavedViews = memo(function SavedViews({ page, search, onApply }: SavedViewsProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const views = useListSavedViewsInfinite(savedViewsParams(page), { query: cursorPaging });
  const list = useMemo(() => flattenPages(views.data, 'savedViews'), [views.data]);
  const current = normalized(search);
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SavedView | null>(null);

  // Focus goes back to where the user was once a rename or a delete is over.
  const controls = useRef(new Map<string, HTMLButtonElement>());
  const focusNext = useRef<string | null>(null);
  const controlRef = (key: string) => (el: HTMLButtonElement | null) => {
    if (el) controls.current.set(key, el);
    else controls.current.delete(key);
  };
  useEffect(() => {
    const key = focusNext.current;
    if (!key || editing || deleting) return;
    focusNext.current = null;
    (controls.current.get(key) ?? heading.current)?.focus();
  }, [editing, deleting]);

  return (
    <section aria-labelledby={headingId} className="mb-4 rounded border border-slate-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1">
          <h2 id={headingId} ref={heading} tabIndex={-1} className="font-semibold focus:outline-none">
            Saved views
          </h2>
          {/* Room for two lines whatever the state: the filters and the table below do not jump as the list arrives. */}
          <div className="min-h-11">
            {views.isPending ? (
              <p role="status" className="mt-1 text-slate-700">
                Loading saved views…
              </p>
            ) : views.isError ? (
              <div role="alert" className="mt-1 text-red-900">
                <p>Could not load saved views. {errorMessage(views.error)}</p>
                <button
                  type="button"
                  onClick={() => void views.refetch()}
                  className="mt-1 rounded bg-red-800 px-2 py-1 text-white"
                >
                  Try again
                </button>
              </div>
            ) : list.length === 0 ? (
              <p className="mt-1 text-slate-700">
                No saved views yet: set the filters, sort and columns, then save them.
              </p>
            ) : (
              <>
                <ul className="mt-1 flex flex-wrap gap-2">
                  {list.map((view) =>
                    editing === view.sid ? (
                      <li key={view.sid}>
                        <RenameForm
                          view={view}
                          onDone={() => {
                            focusNext.current = `rename:${view.sid}`;
                            setEditing(null);
                          }}
                        />
                      </li>
                    ) : (
                      <li
                        key={view.sid}
                        className="flex items-center gap-1 rounded border border-slate-200 bg-slate-50 px-1 py-0.5"
                      >
                        <ViewButtons
                          view={view}
                          isCurrent={normalized(view.search) === current}
                          onApply={() => {
                            onApply(view.search);
                            setStatus(`Showing the saved view “${view.name}”.`);
                          }}
                          onRename={() => {
                            setEditing(view.sid);
                          }}
                          onDelete={() => {
                            setDeleting(view);
                          }}
                          renameRef={controlRef(`rename:${view.sid}`)}
                          deleteRef={controlRef(`delete:${view.sid}`)}
                        />
                      </li>
                    ),
                  )}
                </ul>
                <LoadMore pages={views} />
              </>
            )}
          </div>
        </div>
        <SaveViewForm page={page} search={search} list={list} />
      </div>
      <p role="status" className="sr-only">
        {status}
      </p>
      <DeleteDialog
        view={deleting}
        onClose={(deleted) => {
          // Cancelled: back to the view's delete button; deleted: it is gone, so to the heading.
          focusNext.current = deleted || !deleting ? 'heading' : `delete:${deleting.sid}`;
          setDeleting(null);
        }}
      />
    </section>
  );
});

function ViewButtons({
  view,
  isCurrent,
  onApply,
  onRename,
  onDelete,
  renameRef,
  deleteRef,
}: {
  view: SavedView;
  isCurrent: boolean;
  onApply: () => void;
  onRename: () => void;
  onDelete: () => void;
  renameRef: (el: HTMLButtonElement | null) => void;
  deleteRef: (el: HTMLButtonElement | null) => void;
}) {
  return (
    <>
      <button
        type="button"
        onClick={onApply}
        aria-label={`Apply ${view.name}`}
        aria-current={isCurrent ? 'true' : undefined}
        className={`rounded px-2 py-1 font-medium text-blue-800 hover:underline ${isCurrent ? 'bg-blue-50 underline' : ''}`}
      >
        {view.name}
      </button>
      {isCurrent && <span className="text-slate-700">(shown)</span>}
      <button
        type="button"
        ref={renameRef}
        onClick={onRename}
        aria-label={`Rename ${view.name}`}
        className="rounded px-1.5 py-1 text-slate-700 hover:bg-slate-200"
      >
        Rename
      </button>
      <button
        type="button"
        ref={deleteRef}
        onClick={onDelete}
        aria-label={`Delete ${view.name}`}
        className="rounded px-1.5 py-1 text-red-800 hover:bg-red-50"
      >
        Delete
      </button>
    </>
  );
}

function SaveViewForm({ page, search, list }: { page: SavedViewPage; search: string; list: SavedView[] }) {
  const refresh = useRefreshSavedViews();
  const create = useCreateSavedView({ mutation: { onSuccess: refresh } });
  const update = useUpdateSavedView({ mutation: { onSuccess: refresh } });
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  // A taken name: the view that holds it, when known, can be overwritten with the current view.
  const [conflict, setConflict] = useState<{ name: string; existing: SavedView | undefined } | null>(null);
  const busy = create.isPending || update.isPending;

  const reset = (message: string) => {
    setName('');
    setConflict(null);
    setError('');
    notifySuccess(message);
  };

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (busy) return;
    const wanted = name.trim();
    if (!wanted) {
      setError('Enter a name for the view.');
      input.current?.focus();
      return;
    }
    setError('');
    setConflict(null);
    create.mutate(
      { data: { page, name: wanted, search } },
      {
        onSuccess: (saved) => {
          reset(`Saved the view “${saved.name}”.`);
        },
        onError: (err) => {
          if (!isNameTaken(err)) {
            setError(errorMessage(err));
            return;
          }
          const fromServer = isApiError(err) && isSavedView(err.current) ? err.current : undefined;
          const existing = fromServer ?? list.find((v) => v.name === wanted);
          setConflict({ name: wanted, existing });
        },
      },
    );
  };

  const overwrite = (existing: SavedView) => {
    if (busy) return;
    update.mutate(
      { sid: existing.sid, data: { search } },
      {
        onSuccess: (saved) => {
          reset(`Updated the view “${saved.name}”.`);
          input.current?.focus();
        },
        onError: (err) => {
          setConflict(null);
          setError(errorMessage(err));
        },
      },
    );
  };

  return (
    <div className="w-full max-w-sm">
      <form onSubmit={submit} noValidate className="flex items-end gap-2" aria-label="Save the current view">
        <label className="flex flex-1 flex-col">
          <span className="font-medium">Name for the current view</span>
          <input
            ref={input}
            value={name}
            maxLength={80}
            required
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError('');
              setConflict(null);
            }}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <button type="submit" aria-disabled={busy || undefined} className={buttonClass}>
          {create.isPending ? 'Saving…' : 'Save view'}
        </button>
      </form>
      {error && (
        <p role="alert" className="mt-1 text-red-900">
          {error}
        </p>
      )}
      {conflict && (
        <div role="alert" className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-amber-950">
          <p>
            You already have a view named “{conflict.existing?.name ?? conflict.name}”.
            {conflict.existing ? ' Replace it with the current view?' : ' Choose another name.'}
          </p>
          <div className="mt-2 flex gap-2">
            {conflict.existing && (
              <button
                type="button"
                onClick={() => {
                  if (conflict.existing) overwrite(conflict.existing);
                }}
                className={buttonClass}
              >
                {update.isPending ? 'Replacing…' : `Replace “${conflict.existing.name}”`}
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                setConflict(null);
                input.current?.focus();
              }}
              className={buttonClass}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function RenameForm({ view, onDone }: { view: SavedView; onDone: () => void }) {
  const refresh = useRefreshSavedViews();
  const update = useUpdateSavedView({ mutation: { onSuccess: refresh } });
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(view.name);
  const [error, setError] = useState('');
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    const wanted = name.trim();
    if (!wanted) {
      setError('Enter a name for the view.');
      return;
    }
    if (wanted === view.name) {
      onDone();
      return;
    }
    update.mutate(
      { sid: view.sid, data: { name: wanted } },
      {
        onSuccess: (saved) => {
          notifySuccess(`Renamed the view to “${saved.name}”.`);
          onDone();
        },
        onError: (err) => {
          setError(
            isNameTaken(err) ? `You already have a view named “${wanted}”. Choose another name.` : errorMessage(err),
          );
          input.current?.focus();
        },
      },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Rename ${view.name}`}
      className="flex flex-wrap items-end gap-2 rounded border border-slate-300 p-1"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <label className="flex flex-col">
        <span className="font-medium">New name for “{view.name}”</span>
        <input
          ref={input}
          value={name}
          maxLength={80}
          required
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError('');
          }}
          className="mt-1 rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <button type="submit" aria-disabled={update.isPending || undefined} className={buttonClass}>
        {update.isPending ? 'Saving…' : 'Save name'}
      </button>
      <button type="button" onClick={onDone} className={buttonClass}>
        Cancel
      </button>
      {error && (
        <p role="alert" className="w-full text-red-900">
          {error}
        </p>
      )}
    </form>
  );
}

/** Asks before deleting: a native modal dialog, which keeps focus inside until it closes. */
function DeleteDialog({ view, onClose }: { view: SavedView | null; onClose: (deleted: boolean) => void }) {
  const titleId = useId();
  const textId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const deleted = useRef(false);
  const refresh = useRefreshSavedViews();
  const remove = useDeleteSavedView({ mutation: { onSuccess: refresh } });
  const { reset } = remove;

  useEffect(() => {
    const el = dialog.current;
    if (!el || !view) return;
    deleted.current = false;
    reset();
    if (!el.open) el.showModal();
    cancel.current?.focus();
  }, [view, reset]);

  const confirm = () => {
    if (!view || remove.isPending) return;
    remove.mutate(
      { sid: view.sid },
      {
        onSuccess: () => {
          notifySuccess(`Deleted the view “${view.name}”.`);
          deleted.current = true;
          dialog.current?.close();
        },
      },
    );
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={textId}
      onClose={() => {
        onClose(deleted.current);
      }}
      className="m-auto max-w-md rounded border border-slate-300 p-4 text-sm shadow-lg backdrop:bg-slate-900/40"
    >
      <h2 id={titleId} className="text-base font-semibold">
        Delete the saved view?
      </h2>
      <p id={textId} className="mt-2">
        “{view?.name}” will be deleted for good. The table itself does not change.
      </p>
      {remove.isError && (
        <p role="alert" className="mt-2 text-red-900">
          Could not delete the view. {errorMessage(remove.error)}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <button
          ref={cancel}
          type="button"
          onClick={() => {
            dialog.current?.close();
          }}
          className={buttonClass}
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={confirm}
          aria-disabled={remove.isPending || undefined}
          className="rounded bg-red-800 px-2 py-1 font-medium text-white hover:bg-red-900"
        >
          {remove.isPending ? 'Deleting…' : 'Delete view'}
        </button>
      </div>
    </dialog>
  );
}
