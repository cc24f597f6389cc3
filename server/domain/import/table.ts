// An import file as rows of text cells, each with its row number as a
// spreadsheet shows it (the file's first row is 1; a quoted cell with line
// breaks is one row). CSV: a UTF-8 byte order mark is dropped, text that is
// not UTF-8 is read as Windows-1252, and the delimiter is detected. XLSX and
// XLS: every sheet, date cells as YYYY-MM-DD; the workbook reader is loaded
// only when a workbook comes. A text cell we escaped against formulas (a
// quote before =, +, -, @) reads as it was. Pure: no I/O.
import Papa from 'papaparse';
import { unescapeFormula } from '../export/cells.ts';
// The delimiter is found as the browser's preview finds it: one rule, shared (pure, no I/O).
import { detectDelimiter } from '../../../src/lib/import-preview/csv.ts';

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface Sheet {
  /** The sheet's name in a workbook; null for CSV. */
  name: string | null;
  rows: SheetRow[];
  /** Numbers in this sheet's text may use the comma as the decimal separator (a semicolon-separated file). */
  decimalComma: boolean;
}

export type Encoding = 'utf-8' | 'windows-1252';

/** The file's text: UTF-8 (its byte order mark dropped) when it is valid UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The cells with the quote we put before a formula-like text dropped (see unescapeFormula), in place. */
function unescapeCells(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) if (cells[i].charCodeAt(0) === 39) cells[i] = unescapeFormula(cells[i]);
  return cells;
}

/** CSV text as one sheet; every record keeps its place, so record n is row n. */
export function parseCsv(text: string): Sheet {
  const delimiter = detectDelimiter(text);
  const { data } = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  // A final line break leaves one empty record behind: it is no row of the file.
  const last = data.at(-1);
  if (last && last.length === 1 && last[0] === '') data.pop();
  return {
    name: null,
    rows: data.map((cells, i) => ({ rowNumber: i + 1, cells: unescapeCells(cells) })),
    decimalComma: delimiter === ';',
  };
}

type XlsxModule = typeof import('@e965/xlsx');
let xlsx: Promise<XlsxModule> | null = null;

/** The workbook reader, loaded on first use. */
function loadXlsx(): Promise<XlsxModule> {
  xlsx ??= import('@e965/xlsx');
  return xlsx;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return typeof value === 'string' ? unescapeFormula(value) : '';
}

/** Whether a ZIP archive (an XLSX) has its end record, which a cut-off file lacks. */
function zipIsComplete(bytes: Uint8Array): boolean {
  const stop = Math.max(0, bytes.length - 65_557);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}

/** An XLSX or XLS workbook as its sheets. Throws when the bytes are not a workbook it can read. */
export async function readWorkbook(bytes: Uint8Array): Promise<Sheet[]> {
  // The reader can spin forever on a ZIP cut short, so that is refused first.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && !zipIsComplete(bytes)) {
    throw new Error('the ZIP archive is cut short (it has no end record); save the workbook again and upload it whole');
  }
  const XLSX = await loadXlsx();
  const workbook = XLSX.read(bytes, { type: 'array', cellDates: true, dense: true });
  return workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name];
    const ref = sheet['!ref'];
    if (!ref) return { name, rows: [], decimalComma: false };
    const start = XLSX.utils.decode_range(ref).s.r;
    const data = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, blankrows: true, defval: '' });
    return {
      name,
      rows: data.map((cells, i) => ({ rowNumber: start + i + 1, cells: cells.map(cellText) })),
      decimalComma: false,
    };
  });
}

export type FileType = 'csv' | 'xlsx' | 'xls';

/** The sheets of an import file: one for CSV text, each sheet of a workbook. */
export async function readSheets(bytes: Uint8Array, fileType: FileType): Promise<Sheet[]> {
  if (fileType === 'csv') return [parseCsv(decodeText(bytes).text)];
  return readWorkbook(bytes);
}
