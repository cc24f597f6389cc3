import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { UploadStatusLabel } from '../../components/UploadStatus';
import { formatCount, formatDateTime } from '../../lib/format';
import type { KindInfo } from './kinds';
import { type AnyUpload, useDeleteUpload, useUploadHistory } from './upload-api';

const count = formatCount;

/** Past uploads of a kind: when, which file, status and counts; each can be shown or deleted. */
export function UploadHistory({
  info,
  showHref,
  onDeleted,
}: {
  info: KindInfo;
  /** The link that shows an upload's status and rejected rows. */
  showHref: (sid: string) => string;
  onDeleted: (sid: string) => void;
}) {
  const { query, rows } = useUploadHistory(info.kind);
  const del = useDeleteUpload(info.kind);
  const [deleting, setDeleting] = useState<AnyUpload | null>(null);
  const name = (u: AnyUpload) => u.fileName ?? `upload ${u.sid}`;

  async function confirmDelete() {
    if (!deleting) return;
    try {
      await del.remove(deleting.sid);
      notifySuccess(`Deleted ${name(deleting)}.`);
      onDeleted(deleting.sid);
      setDeleting(null);
    } catch {
      // The dialog shows the server's message (del.error) and stays open.
    }
  }

  return (
    <section aria-labelledby="past-uploads" className="mt-8">
      <h2 id="past-uploads" className="mb-2 text-lg font-semibold">
        Past {info.tab.toLowerCase()} imports
      </h2>
      <QueryStatus query={query} label="past imports" isEmpty={rows.length === 0} empty="No files imported yet.">
        <div
          role="region"
          aria-label={`Past ${info.tab.toLowerCase()} imports, scrollable`}
          tabIndex={0}
          className="relative overflow-x-auto rounded border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-700"
        >
          <table className="min-w-full text-sm">
            <caption className="sr-only">Past {info.tab.toLowerCase()} imports</caption>
            <thead className="bg-slate-100 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Uploaded
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  By
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  File
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Rows
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Created
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Updated
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Rejected
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.sid} className="border-t border-slate-100">
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(u.created)}</td>
                  <td className="px-3 py-2">{u.uploadedByName ?? '—'}</td>
                  <td className="px-3 py-2">{u.fileName ?? '—'}</td>
                  <td className="px-3 py-2">
                    <UploadStatusLabel status={u.status} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(u.rowCountTotal)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(u.rowCountCreated)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(u.rowCountUpdated)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(u.rowCountFailure)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Link
                      to={showHref(u.sid)}
                      className="inline-flex min-h-6 min-w-6 items-center text-blue-800 underline"
                    >
                      Show<span className="sr-only"> {name(u)}</span>
                    </Link>{' '}
                    <button
                      type="button"
                      onClick={() => {
                        del.reset();
                        setDeleting(u);
                      }}
                      className="ml-2 inline-flex min-h-6 min-w-6 items-center text-red-800 underline"
                    >
                      Delete<span className="sr-only"> {name(u)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore pages={query} />
        </div>
      </QueryStatus>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this import?"
        confirmLabel="Delete"
        pendingLabel="Deleting…"
        pending={del.isPending}
        error={del.error?.message}
        onConfirm={() => void confirmDelete()}
        onCancel={() => {
          setDeleting(null);
        }}
      >
        {deleting ? (
          <p>
            Delete the import of {name(deleting)} from {formatDateTime(deleting.created)}, with its original file and
            its log of rejected rows? The {info.records} it imported stay. This cannot be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
