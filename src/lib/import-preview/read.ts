// The first rows of a dropped CSV file and an estimate of its size in rows,
// read from its first megabyte only (workbooks: read-workbook.ts). Runs in the
// preview worker; pure apart from reading the Blob.
import { decodeText, type Encoding, type FileType, sniffContent } from './content';
import { type Delimiter, parseCsv } from './csv';
import { isBlankRow, isDataRow, type SheetRow } from './table';

/** How much of a CSV file is read for the preview. */
const SAMPLE_BYTES = 1024 * 1024;
/** Non-blank rows handed back per sheet: enough for a header below title lines and 20 rows under it. */
const KEEP_ROWS = 80;

export interface PreviewSheet {
  /** The sheet's name in a workbook; null for CSV. */
  name: string | null;
  /** The first non-blank rows. */
  rows: SheetRow[];
  /** Data rows of the whole sheet (neither blank nor totals), header and title rows included. */
  rowCount: number;
  /** False when rowCount is an estimate from the first part of the file. */
  exact: boolean;
}

export type RawPreview =
  | {
      ok: true;
      fileType: FileType;
      encoding: Encoding | null;
      delimiter: Delimiter | null;
      sheets: PreviewSheet[];
    }
  | { ok: false; message: string };

/** The first non-blank rows, as many as the page needs to find the header and show rows under it. */
export function keep(rows: readonly SheetRow[]): SheetRow[] {
  const kept: SheetRow[] = [];
  for (const row of rows) {
    if (isBlankRow(row)) continue;
    kept.push(row);
    if (kept.length >= KEEP_ROWS) break;
  }
  return kept;
}

/** Rows the server would read as data: neither blank nor totals rows. */
export const countDataRows = (rows: readonly SheetRow[]): number =>
  rows.reduce((n, r) => n + (isDataRow(r) ? 1 : 0), 0);

function readCsv(bytes: Uint8Array, size: number, encoding: Encoding): RawPreview {
  const partial = bytes.length < size;
  const decoded = decodeText(bytes, partial);
  if (!decoded) return { ok: false, message: 'The file is neither UTF-8 nor Windows-1252 text.' };
  const { rows, delimiter, consumed } = parseCsv(decoded.text, partial);
  const counted = countDataRows(rows);
  // Rows per byte of the part read, applied to the whole file.
  const share = partial && decoded.text.length > 0 ? consumed / decoded.text.length : 1;
  const rowCount = partial ? Math.round((counted * size) / Math.max(1, bytes.length * share)) : counted;
  return {
    ok: true,
    fileType: 'csv',
    encoding,
    delimiter,
    sheets: [{ name: null, rows: keep(rows), rowCount, exact: !partial }],
  };
}

/** The preview of a text file, or why it cannot be imported (judged by its content, as the server does). */
export async function readPreview(file: Blob): Promise<RawPreview> {
  const head = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  const content = sniffContent(head, head.length < file.size);
  switch (content.kind) {
    case 'empty':
      return { ok: false, message: 'The file is empty.' };
    case 'other':
      return {
        ok: false,
        message: `The file is ${content.description}, not CSV text or an Excel workbook (.csv, .xlsx, .xls).`,
      };
    case 'csv':
      return readCsv(head, file.size, content.encoding);
    case 'xlsx':
    case 'xls':
      // Workbooks are read by the workbook worker (read-workbook.ts), which alone carries the XLSX reader.
      return { ok: false, message: 'An Excel workbook is read by the workbook reader.' };
  }
}
