// The status of one upload (open orders, BOM or inventory): polled while it
// is processing, backing off from 0.5 s to 5 s, stopping at completed or
// failed, and not at all while the tab is hidden (TanStack Query's
// refetchIntervalInBackground is false by default), showing the rows processed
// and, once there is a rate to go by, the time left. Then the outcome: counts,
// a link to the records, the rejected rows with a CSV of them, and the
// original file.
import type { InfiniteData, InfiniteQueryObserverResult } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { getBomUploadDownloadUrl, useGetBomUpload } from '../api/generated/hooks/bom-uploads/bom-uploads';
import {
  getInventoryUploadDownloadUrl,
  useGetInventoryUpload,
} from '../api/generated/hooks/inventory-uploads/inventory-uploads';
import { useListOpenOrderUploadLogsInfinite } from '../api/generated/hooks/open-order-upload-logs/open-order-upload-logs';
import { getRejectedRowsDownloadUrl } from '../api/generated/hooks/upload-rejected-rows/upload-rejected-rows';
import {
  getOpenOrderUploadDownloadUrl,
  useGetOpenOrderUpload,
} from '../api/generated/hooks/upload-an-open-order-file/upload-an-open-order-file';
import type {
  BomUpload,
  InventoryUpload,
  OpenOrderUpload,
  OpenOrderUploadLogsList,
  UploadLog,
} from '../api/generated/model';
import { isApiError } from '../api/http';
import { cursorPaging, flattenPages } from '../api/paging';
import { rejectedRowsCsv } from '../lib/import-preview/csv-out';
import type { ImportKind } from '../lib/import-preview/fields';
import { formatDateTime } from '../lib/format';
import { isTerminal, pollInterval } from '../lib/polling';
import { secondsLeft, timeLeftText, type Progress } from '../lib/time-left';
import { RejectedRowsTable } from './RejectedRowsTable';
import { notifyError } from './toast';
import { formatCount } from '../lib/format';

type AnyUpload = OpenOrderUpload | BomUpload | InventoryUpload;

/** The upload of this kind, polled until it settles (the three kinds' operations differ only by path). */
function useUpload(kind: ImportKind, sid: string) {
  const openOrder = useGetOpenOrderUpload(sid, {
    query: { enabled: kind === 'openOrder', refetchInterval: pollInterval },
  });
  const bom = useGetBomUpload(sid, { query: { enabled: kind === 'bom', refetchInterval: pollInterval } });
  const inventory = useGetInventoryUpload(sid, {
    query: { enabled: kind === 'inventory', refetchInterval: pollInterval },
  });
  return kind === 'openOrder' ? openOrder : kind === 'bom' ? bom : inventory;
}

const DOWNLOAD_URL = {
  openOrder: getOpenOrderUploadDownloadUrl,
  bom: getBomUploadDownloadUrl,
  inventory: getInventoryUploadDownloadUrl,
} as const;

const count = formatCount;

function saveText(fileName: string, text: string): void {
  // The byte order mark makes spreadsheet programs read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1_000);
}

const baseName = (name: string | null) => (name ?? 'upload').replace(/\.[^.]+$/, '');

/** Asks for a file's temporary link and follows it (the browser downloads the file); a failure is a toast. */
async function openSignedLink(getLink: () => Promise<{ url: string }>, what: string): Promise<void> {
  try {
    const { url } = await getLink();
    window.location.assign(url);
  } catch (error) {
    notifyError(`${what} could not be downloaded: ${errorText(error)}`);
  }
}

const errorText = (error: unknown) =>
  isApiError(error) || error instanceof Error ? error.message : 'Something went wrong.';

/** An upload's status in words with a symbol (never by colour alone). */
export function UploadStatusLabel({ status }: { status: string | null }) {
  if (status === 'completed') {
    return (
      <span className="inline-flex items-center gap-1 rounded bg-green-100 px-2 py-0.5 font-medium text-green-900">
        <span aria-hidden="true">✓</span> Completed
      </span>
    );
  }
  if (status === 'failed') {
    return (
      <span className="inline-flex items-center gap-1 rounded bg-red-100 px-2 py-0.5 font-medium text-red-900">
        <span aria-hidden="true">✕</span> Failed
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1 rounded bg-blue-100 px-2 py-0.5 font-medium text-blue-900">
      <span aria-hidden="true">…</span> Processing
    </span>
  );
}

function RejectedRows({
  sid,
  fileName,
  failures,
  hasRejectedRowsFile,
}: {
  sid: string;
  fileName: string | null;
  failures: number;
  hasRejectedRowsFile: boolean;
}) {
  const logs = useListOpenOrderUploadLogsInfinite(
    { openOrderUploadSid: sid, pageSize: 200 },
    { query: { ...cursorPaging } },
  );
  const rows: UploadLog[] = flattenPages(logs.data, 'openOrderUploadLogs');
  const [downloading, setDownloading] = useState(false);

  async function downloadCsv() {
    setDownloading(true);
    try {
      let result: InfiniteQueryObserverResult<
        InfiniteData<OpenOrderUploadLogsList, string | undefined>,
        unknown
      > = logs;
      while (result.hasNextPage) result = await result.fetchNextPage();
      if (result.isError) throw result.error;
      saveText(`${baseName(fileName)}-problems.csv`, rejectedRowsCsv(flattenPages(result.data, 'openOrderUploadLogs')));
    } catch (error) {
      notifyError(`The rejected rows could not be downloaded: ${errorText(error)}`);
    } finally {
      setDownloading(false);
    }
  }

  if (logs.isPending) return <p role="status">Loading the rejected rows…</p>;
  if (logs.isError) {
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        The rejected rows could not be loaded: {errorText(logs.error)}{' '}
        <button type="button" className="underline" onClick={() => void logs.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={`${sid}-rejects`} className="mt-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${sid}-rejects`} className="font-semibold">
          Rejected rows {failures > 0 ? `(${count(failures)})` : null}
        </h3>
        <div className="flex flex-wrap gap-2">
          {/* The rows as they were in the file, with what was wrong: fix them and upload that file again. */}
          {hasRejectedRowsFile ? (
            <button
              type="button"
              onClick={() =>
                void openSignedLink(() => getRejectedRowsDownloadUrl({ openOrderUploadSid: sid }), 'The rejected rows')
              }
              className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
            >
              Download rejected rows to fix (CSV)
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => void downloadCsv()}
            disabled={downloading}
            className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
          >
            {downloading ? 'Preparing the CSV…' : 'Download the list of problems (CSV)'}
          </button>
        </div>
      </div>
      {hasRejectedRowsFile ? (
        <p className="mb-2 text-sm text-slate-700">
          Fix the rows in the downloaded file and upload it again: they are matched by their unique names, so nothing
          already imported is duplicated.
        </p>
      ) : null}
      <RejectedRowsTable
        caption="Rejected rows"
        region={{ label: 'Rejected rows, scrollable' }}
        rows={rows.map((log) => ({ ...log, key: log.sid }))}
        footer={
          logs.hasNextPage ? (
            <div className="border-t border-slate-200 p-2 text-center">
              <button
                type="button"
                onClick={() => void logs.fetchNextPage()}
                disabled={logs.isFetchingNextPage}
                className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
              >
                {logs.isFetchingNextPage ? 'Loading more…' : 'Load more rejected rows'}
              </button>
            </div>
          ) : null
        }
      />
    </section>
  );
}

/**
 * One upload's progress and outcome. `result` links to where its records are
 * shown; `onSettled` runs when an upload seen processing reaches completed or failed.
 */
export function UploadStatus({
  kind,
  sid,
  result,
  onSettled,
}: {
  kind: ImportKind;
  sid: string;
  result?: { to: string; label: string };
  onSettled?: (upload: AnyUpload) => void;
}) {
  const query = useUpload(kind, sid);
  const upload = query.data;
  const progressId = useId();
  const settled = isTerminal(upload?.status);
  const wasProcessing = useRef(false);
  // The first answer that had rows processed: the time left goes by the rate since then.
  const [firstProgress, setFirstProgress] = useState<(Progress & { sid: string }) | null>(null);
  const latest =
    upload !== undefined && !settled && upload.rowsProcessed > 0
      ? { at: query.dataUpdatedAt, done: upload.rowsProcessed }
      : null;
  if (latest && firstProgress?.sid !== sid) setFirstProgress({ sid, ...latest });

  useEffect(() => {
    if (!upload) return;
    if (!isTerminal(upload.status)) wasProcessing.current = true;
    else if (wasProcessing.current) {
      wasProcessing.current = false;
      onSettled?.(upload);
    }
  }, [upload, onSettled]);

  if (query.isError) {
    return (
      <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-red-900">
        <p className="font-medium">Could not load the upload.</p>
        <p className="mt-1 text-sm">{errorText(query.error)}</p>
      </div>
    );
  }
  if (!upload) return <p role="status">Loading the upload…</p>;
  const total = upload.rowCountTotal ?? 0;
  const processed = Math.min(upload.rowsProcessed, total || upload.rowsProcessed);
  const failures = upload.rowCountFailure ?? 0;
  const imported = upload.rowCountSuccess ?? upload.rowCountCreated + upload.rowCountUpdated;
  const left = latest && firstProgress?.sid === sid ? secondsLeft(firstProgress, latest, total) : null;

  return (
    <div className="rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <p className="font-medium">{upload.fileName ?? 'Uploaded file'}</p>
        {/* The status is announced as it changes: processing, then completed or failed. */}
        <p role="status" aria-live="polite" className="text-sm">
          <span className="sr-only">Status: </span>
          <UploadStatusLabel status={upload.status} />
        </p>
        <p className="text-sm text-slate-700">
          Uploaded {formatDateTime(upload.created)}
          {upload.uploadedByName ? ` by ${upload.uploadedByName}` : ''}
        </p>
      </div>

      {!settled ? (
        <div className="mt-3">
          <label htmlFor={progressId} className="block text-sm font-medium">
            Rows processed
          </label>
          {total > 0 ? (
            <>
              <progress id={progressId} max={total} value={processed} className="h-3 w-full max-w-xl" />
              <p className="text-sm text-slate-700 tabular-nums">
                {count(processed)} of {count(total)} rows
              </p>
              {left !== null ? <p className="text-sm text-slate-700">{timeLeftText(left)}</p> : null}
            </>
          ) : (
            <>
              <progress id={progressId} className="h-3 w-full max-w-xl" />
              <p className="text-sm text-slate-700">Reading the file…</p>
            </>
          )}
        </div>
      ) : null}

      {upload.status === 'failed' ? (
        <div role="alert" className="mt-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">Nothing was imported.</p>
          {upload.failureMessage ? <p className="mt-1">{upload.failureMessage}</p> : null}
        </div>
      ) : null}

      {upload.status === 'completed' ? (
        <div className="mt-3">
          <p>
            Imported {count(imported)} of {count(total)} rows
            {failures > 0 ? `; ${count(failures)} rejected` : ''}.
          </p>
          <dl className="mt-2 grid max-w-md grid-cols-3 gap-2 text-sm">
            <div className="rounded bg-slate-50 p-2">
              <dt className="text-slate-700">Created</dt>
              <dd className="text-lg font-semibold tabular-nums">{count(upload.rowCountCreated)}</dd>
            </div>
            <div className="rounded bg-slate-50 p-2">
              <dt className="text-slate-700">Updated</dt>
              <dd className="text-lg font-semibold tabular-nums">{count(upload.rowCountUpdated)}</dd>
            </div>
            <div className="rounded bg-slate-50 p-2">
              <dt className="text-slate-700">Rejected</dt>
              <dd className="text-lg font-semibold tabular-nums">{count(failures)}</dd>
            </div>
          </dl>
          {result && imported > 0 ? (
            <p className="mt-2">
              <Link to={result.to} className="inline-flex min-h-6 items-center text-blue-800 underline">
                {result.label}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}

      {settled ? (
        <RejectedRows
          sid={sid}
          fileName={upload.fileName}
          failures={failures}
          hasRejectedRowsFile={upload.hasRejectedRowsFile}
        />
      ) : null}

      {upload.fileName ? (
        <p className="mt-3">
          <button
            type="button"
            onClick={() => void openSignedLink(() => DOWNLOAD_URL[kind](sid), 'The original file')}
            className="text-sm text-blue-800 underline"
          >
            Download the original file
          </button>
        </p>
      ) : null}
    </div>
  );
}
