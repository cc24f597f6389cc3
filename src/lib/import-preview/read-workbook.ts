// The first rows of an XLSX or XLS workbook, each sheet read only to its
// first rows. This module (and the XLSX reader it imports) runs only in the
// workbook worker, which is loaded when a workbook is dropped: the page and
// the CSV preview never carry it.
import * as XLSX from '@e965/xlsx';
import { countDataRows, keep, type PreviewSheet, type RawPreview } from './read';
import { sniffContent } from './content';

/** Rows a workbook sheet is read to (blank ones included). */
const WORKBOOK_ROWS = 200;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return typeof value === 'string' ? value : '';
}

function readWorkbook(bytes: Uint8Array, fileType: 'xlsx' | 'xls'): RawPreview {
  const workbook = XLSX.read(bytes, { type: 'array', cellDates: true, dense: true, sheetRows: WORKBOOK_ROWS });
  const sheets = workbook.SheetNames.map((name): PreviewSheet => {
    const sheet = workbook.Sheets[name];
    const ref = sheet['!ref'];
    if (!ref) return { name, rows: [], rowCount: 0, exact: true };
    const start = XLSX.utils.decode_range(ref).s.r;
    const data = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, blankrows: true, defval: '' });
    const rows = data.map((cells, i) => ({ rowNumber: start + i + 1, cells: cells.map(cellText) }));
    const counted = countDataRows(rows);
    // With sheetRows, !fullref keeps the sheet's whole range: rows past the part read are estimated as data rows.
    const fullref: unknown = sheet['!fullref'];
    const full = typeof fullref === 'string' ? fullref : ref;
    const fullRange = XLSX.utils.decode_range(full);
    const readRange = XLSX.utils.decode_range(ref);
    const unread = Math.max(0, fullRange.e.r - readRange.e.r);
    return { name, rows: keep(rows), rowCount: counted + unread, exact: unread === 0 };
  });
  return { ok: true, fileType, encoding: null, delimiter: null, sheets };
}

/** The preview of a workbook file, or why it cannot be read. */
export async function readWorkbookPreview(file: Blob): Promise<RawPreview> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const content = sniffContent(bytes.subarray(0, 8), true);
  if (content.kind !== 'xlsx' && content.kind !== 'xls') {
    return { ok: false, message: 'The file is not an Excel workbook.' };
  }
  try {
    return readWorkbook(bytes, content.kind);
  } catch {
    return { ok: false, message: `The file looks like an ${content.kind.toUpperCase()} workbook but cannot be read.` };
  }
}
