// Export the current view of a list to a file: a small menu (CSV or Excel)
// creates a file export with the view's filters, the export's status is polled
// (backing off from 0.5 s to 5 s, stopping at completed or failed, not while
// the tab is hidden), and a download link shows when the file is written. The
// link is signed and short-lived, so it is asked for again before it expires.
// Progress and outcome are announced in a live region.
import { memo, type ReactNode, useRef, useState } from 'react';
import {
  useCreateFileExport,
  useGetFileExport,
  useGetFileExportDownloadUrl,
} from '../api/generated/hooks/file-exports/file-exports';
import type { ExportFileType, FileExportQueryEntity, FileExportQueryFilters } from '../api/generated/model';
import { isApiError } from '../api/http';
import { pollInterval } from '../lib/polling';

/** The list query of the view, as the page builds it for the list hook; paging is left out. */
export type ExportFilters = Readonly<Record<string, string | number | boolean | readonly string[] | null | undefined>>;

/** A download link is asked for again this long before it expires. */
const LINK_MARGIN_MS = 60_000;

const FORMAT_LABEL: Record<ExportFileType, string> = { csv: 'CSV', xlsx: 'Excel' };
const NOT_FILTERS = new Set(['pageSize', 'pageToken']);

/** Until shortly before the link expires; at least 5 s. */
function linkRefresh(query: { state: { data?: { expires: string } } }): number | false {
  const expires = query.state.data ? new Date(query.state.data.expires).getTime() : NaN;
  if (Number.isNaN(expires)) return false;
  return Math.max(5_000, expires - Date.now() - LINK_MARGIN_MS);
}

/** The view's filters as the export takes them: no paging, no empty values. */
function exportFilters(filters: ExportFilters): FileExportQueryFilters {
  const out: FileExportQueryFilters = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || NOT_FILTERS.has(key)) continue;
    out[key] = typeof value === 'object' ? [...value] : value;
  }
  return out;
}

const errorText = (error: unknown) =>
  isApiError(error) || error instanceof Error ? error.message : 'Something went wrong.';

/**
 * "Export" with CSV and Excel choices for a list view (orders, items, item
 * groups or BOM lines). Memoized: the list's rows arriving do not render it again.
 */
export const ExportButton = memo(function ExportButton({
  entity,
  filters,
  label = 'Export',
}: {
  entity: FileExportQueryEntity;
  filters: ExportFilters;
  label?: string;
}) {
  const menu = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  const [current, setCurrent] = useState<{ sid: string; fileType: ExportFileType } | null>(null);
  const create = useCreateFileExport();
  const followed = useGetFileExport(current?.sid ?? '', {
    query: { enabled: current !== null, refetchInterval: pollInterval },
  });
  const fileExport = current && followed.data?.sid === current.sid ? followed.data : undefined;
  const link = useGetFileExportDownloadUrl(current?.sid ?? '', {
    query: { enabled: fileExport?.status === 'completed', refetchInterval: linkRefresh },
  });

  const start = (fileType: ExportFileType) => {
    if (menu.current) menu.current.open = false;
    summary.current?.focus();
    setCurrent(null);
    create.mutate(
      { data: { query: { entity, fileType, filters: exportFilters(filters) } } },
      {
        onSuccess: (created) => {
          setCurrent({ sid: created.sid, fileType });
        },
      },
    );
  };

  const format = current ? FORMAT_LABEL[current.fileType] : '';
  let progress: ReactNode = null;
  let error: string | null = null;
  if (create.isPending) progress = 'Starting the export…';
  else if (create.isError) error = `The export could not be started: ${errorText(create.error)}`;
  else if (current && followed.isError) error = `Could not follow the export: ${errorText(followed.error)}`;
  else if (fileExport?.status === 'failed') {
    error = `The ${format} export failed: ${fileExport.failureMessage ?? 'no reason given'}. Try again, or narrow the filters.`;
  } else if (fileExport?.status === 'completed') {
    if (link.isError) error = `The download link could not be made: ${errorText(link.error)}`;
    else if (!link.data) progress = `Your ${format} export is ready; preparing the link…`;
    else {
      progress = (
        <>
          Your {format} export is ready.{' '}
          <a href={link.data.url} download className="font-medium text-blue-800 underline">
            Download the {format} file
          </a>
        </>
      );
    }
  } else if (current) progress = `Preparing your ${format} export…`;

  const option = (fileType: ExportFileType) => (
    <button
      type="button"
      onClick={() => {
        start(fileType);
      }}
      className="block w-full rounded px-3 py-1.5 text-left hover:bg-slate-100"
    >
      Export {FORMAT_LABEL[fileType]}
    </button>
  );

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <details
        ref={menu}
        className="relative"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && menu.current?.open) {
            menu.current.open = false;
            summary.current?.focus();
          }
        }}
      >
        <summary
          ref={summary}
          className="cursor-pointer list-none rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
        >
          {label} <span aria-hidden="true">▾</span>
        </summary>
        <div className="absolute right-0 z-20 mt-1 w-44 rounded border border-slate-200 bg-white p-1 shadow-lg">
          {option('csv')}
          {option('xlsx')}
        </div>
      </details>
      {/* Progress is announced as it changes; a failure as an alert. */}
      <p role="status" className="max-w-md">
        {progress}
      </p>
      {error ? (
        <p role="alert" className="max-w-md rounded border border-red-200 bg-red-50 px-2 py-1 text-red-900">
          {error}
        </p>
      ) : null}
    </div>
  );
});
