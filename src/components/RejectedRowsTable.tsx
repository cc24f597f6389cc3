// The rows an import rejects or would reject, with their problems: an
// upload's logs (UploadStatus) and a check's answer (imports/CheckSummary).
// Scrolls on its own (many rows, phones) in a region that takes the focus
// while it scrolls, so a keyboard can scroll it too.
import type { ReactNode } from 'react';
import { useScrollFocusable } from './use-scroll-focusable';

export interface RejectedRow {
  /** Keeps rows apart: a row of the file may have more than one problem. */
  key: string;
  rowNumber: number;
  column: string | null;
  value: string | null;
  message: string;
}

export function RejectedRowsTable({
  rows,
  caption,
  region,
  footer,
}: {
  rows: readonly RejectedRow[];
  caption: string;
  /** The scroll region's name: its own label, or the id of the heading that names it. */
  region: { label: string } | { labelledBy: string };
  /** Under the table, inside the region (a "load more" button). */
  footer?: ReactNode;
}) {
  const { regionRef, tabIndex } = useScrollFocusable();
  return (
    <div
      role="region"
      aria-label={'label' in region ? region.label : undefined}
      aria-labelledby={'labelledBy' in region ? region.labelledBy : undefined}
      ref={regionRef}
      tabIndex={tabIndex}
      className="relative max-h-96 overflow-auto rounded border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-700"
    >
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Row
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Column
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Value
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Problem
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-t border-slate-100">
              <td className="px-3 py-2 text-right tabular-nums">{row.rowNumber}</td>
              <td className="px-3 py-2">{row.column ?? '—'}</td>
              <td className="px-3 py-2 font-mono text-xs">{row.value || '—'}</td>
              <td className="px-3 py-2">{row.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {footer}
    </div>
  );
}
