import type { FilePreview } from '../../lib/import-preview/mapping';
import { formatCount } from '../../lib/format';

const ENCODINGS = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252' } as const;
const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' } as const;

/** What was read: the file's format, where its header is, and its rows. */
export function previewSummary(preview: FilePreview): string {
  const format =
    preview.fileType === 'csv'
      ? `CSV, ${preview.encoding ? ENCODINGS[preview.encoding] : 'text'}, ${preview.delimiter ? DELIMITERS[preview.delimiter] : 'comma'}-separated`
      : `${preview.fileType.toUpperCase()} workbook${preview.sheetName ? `, sheet "${preview.sheetName}"` : ''}`;
  const header = `header on row ${preview.header.rowNumber}${
    preview.skippedAbove > 0
      ? ` (${preview.skippedAbove} ${preview.skippedAbove === 1 ? 'line' : 'lines'} above it skipped)`
      : ''
  }`;
  const count = formatCount(preview.dataRowCount);
  const rows = preview.exact
    ? `${count} data ${preview.dataRowCount === 1 ? 'row' : 'rows'}`
    : `about ${count} data rows`;
  return `${format}; ${header}; ${rows}.`;
}

/** The header row and the first rows under it, as the file has them, with their row numbers. */
export function PreviewTable({ preview }: { preview: FilePreview }) {
  const width = Math.max(preview.header.cells.length, ...preview.rows.map((r) => r.cells.length));
  const columns = Array.from({ length: width }, (_, i) => i);
  return (
    // Scrolls on its own (wide files, phones): focusable, so a keyboard can scroll it too.
    <div
      role="region"
      aria-label="File preview"
      tabIndex={0}
      className="relative max-h-96 overflow-auto rounded border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-700"
    >
      <table className="min-w-full text-sm">
        <caption className="sr-only">Preview: the header row and the first {preview.rows.length} rows under it</caption>
        <thead className="sticky top-0 bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1.5 text-right font-semibold">
              Row {preview.header.rowNumber}
            </th>
            {columns.map((i) => (
              <th key={i} scope="col" className="px-2 py-1.5 font-semibold whitespace-nowrap">
                {preview.header.cells[i]?.trim() || <span className="text-slate-700 italic">(no name)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.rowNumber} className="border-t border-slate-100">
              <th scope="row" className="px-2 py-1 text-right font-normal text-slate-700 tabular-nums">
                {row.rowNumber}
              </th>
              {columns.map((i) => (
                <td key={i} className="max-w-xs truncate px-2 py-1 whitespace-nowrap">
                  {row.cells[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
