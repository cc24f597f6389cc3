// An import file as rows of text cells, each with its row number as a
// spreadsheet shows it (the file's first row is 1; a quoted cell with line
// breaks is one row). CSV: a UTF-8 byte order mark is dropped, text that is
// not UTF-8 is read as Windows-1252, and the delimiter is detected. XLSX and
// XLS: every sheet, date cells as YYYY-MM-DD; the workbook reader is loaded
// only when a workbook comes. A text cell we escaped against formulas (a
// quote before =, +, -, @) reads as it was. Every file is held to FILE_LIMITS
// while it is read, so a hostile one is refused early. Pure: no I/O.
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

/**
 * What one import file may hold, checked while it is read: a file past one
 * of them is refused as soon as the reader gets there, having cost little
 * time and memory (a 50 MB file of blank lines once ran the server out of
 * memory; one line of 1,000,000 columns froze it for 25 s). Generous for real
 * files: the product's 100,000-row open-order files have 12 columns of a few
 * dozen characters, 1.2 M cells.
 */
export interface FileLimits {
  /** Rows of one sheet, blank rows included (an upload may have 200,000 data rows: plan.ts). */
  rows: number;
  /** Columns of one row. */
  columns: number;
  /** Characters of one cell: a spreadsheet cell holds 32,767 at most. */
  cellChars: number;
  /** Characters of one line of CSV text, and of one row of it when a quoted cell spans lines. */
  lineChars: number;
  /** Cells of the whole file (each CSV row its own; a workbook sheet's rows as wide as the sheet). */
  cells: number;
}

export const FILE_LIMITS: FileLimits = {
  rows: 250_000,
  columns: 1_000,
  cellChars: 32_767,
  lineChars: 1_000_000,
  cells: 5_000_000,
};

/** The file is past one of FILE_LIMITS; the message names it, for the uploader. */
export class FileLimitError extends Error {
  override name = 'FileLimitError';
}

const count = (n: number) => n.toLocaleString('en-US');
const SPLIT = 'Split it into smaller files.';

function tooManyRows(limits: FileLimits, sheet: string | null): FileLimitError {
  const where = sheet === null ? 'The file has' : `Sheet "${sheet}" has`;
  return new FileLimitError(`${where} more than ${count(limits.rows)} rows (blank rows count too). ${SPLIT}`);
}

function tooManyCells(limits: FileLimits): FileLimitError {
  return new FileLimitError(`The file has more than ${count(limits.cells)} cells (rows × columns). ${SPLIT}`);
}

function tooManyColumns(limits: FileLimits, where: string): FileLimitError {
  return new FileLimitError(
    `${where} has more than ${count(limits.columns)} columns; an upload may have at most ${count(limits.columns)}.`,
  );
}

function cellTooLong(limits: FileLimits, where: string, column: number): FileLimitError {
  return new FileLimitError(
    `${where}, column ${column} has a cell longer than ${count(limits.cellChars)} characters, the most a spreadsheet cell holds.`,
  );
}

/** How papaparse would guess the file's line break (its own rule, on the first 1 MB): passed to it, so it agrees with the line check. */
function lineBreak(text: string): '\n' | '\r\n' | '\r' {
  const head = text.slice(0, 1024 * 1024).replace(/"[^]*?"/g, '');
  const r = head.split('\r');
  const n = head.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  let withN = 0;
  for (const part of r) if (part.startsWith('\n')) withN++;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

/** The delimiter is detected in the first megabyte, as the browser's preview (which reads only that) detects it. */
const DELIMITER_SAMPLE_CHARS = 1024 * 1024;

/**
 * CSV text as one sheet; every record keeps its place, so record n is row n.
 * Throws FileLimitError at the first limit the text goes past, row by row
 * as papaparse gives them; each line's length before papaparse reads it.
 */
export function parseCsv(text: string, limits: FileLimits = FILE_LIMITS): Sheet {
  const newline = lineBreak(text);
  /** Whether the line from `start` is too long: checked before papaparse reads it, so it never holds one whole. */
  const longLineAt = (start: number) => {
    const end = text.indexOf(newline, start);
    return (end < 0 ? text.length : end) - start > limits.lineChars;
  };
  const longLine = (rowNumber: number) =>
    new FileLimitError(
      `Row ${count(rowNumber)} has a line longer than ${count(limits.lineChars)} characters; a line may have at most ${count(limits.lineChars)}.`,
    );
  if (longLineAt(0)) throw longLine(1);
  const delimiter = detectDelimiter(text.slice(0, DELIMITER_SAMPLE_CHARS));
  const rows: SheetRow[] = [];
  let cells = 0;
  let cursor = 0;
  // Set in the step callback, which the compiler does not follow.
  let failure = null as FileLimitError | null;
  Papa.parse<string[]>(text, {
    delimiter,
    newline,
    skipEmptyLines: false,
    // Papa's fast mode splits the whole text into lines first (50 M of them for 50 MB of line breaks).
    fastMode: false,
    step: (result, parser) => {
      const record = result.data;
      const end = result.meta.cursor;
      const rowNumber = rows.length + 1;
      const span = end - cursor;
      cursor = end;
      // A final line break leaves one empty record behind (it spans nothing): it is no row of the file; nor is
      // an empty last record without a line break after it.
      if (end >= text.length && record.length === 1 && record[0] === '' && (span === 0 || !text.endsWith(newline))) {
        return;
      }
      // A quoted cell may span lines, each checked as it came: the row as a whole is held to the same length.
      const length = span - (text.startsWith(newline, end - newline.length) ? newline.length : 0);
      const where = () => `Row ${count(rowNumber)}`;
      if (rowNumber > limits.rows) failure = tooManyRows(limits, null);
      else if (record.length > limits.columns) failure = tooManyColumns(limits, where());
      else if (length > limits.lineChars) {
        failure = new FileLimitError(
          `${where()} is longer than ${count(limits.lineChars)} characters over its lines; a row may have at most ${count(limits.lineChars)}.`,
        );
      } else if ((cells += record.length) > limits.cells) failure = tooManyCells(limits);
      else {
        const at = record.findIndex((cell) => cell.length > limits.cellChars);
        if (at >= 0) failure = cellTooLong(limits, where(), at + 1);
        else if (end < text.length && longLineAt(end)) failure = longLine(rowNumber + 1);
      }
      if (failure) {
        parser.abort();
        return;
      }
      rows.push({ rowNumber, cells: unescapeCells(record) });
    },
  });
  if (failure) throw failure;
  return { name: null, rows, decimalComma: delimiter === ';' };
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

/** The last row and column of a dense sheet that hold a value, at or after `from`; null when none does. */
function usedEnd(
  data: readonly (readonly ({ v?: unknown } | null | undefined)[] | null | undefined)[],
  from: { r: number; c: number },
) {
  let r = -1;
  let c = -1;
  for (let i = from.r; i < data.length; i++) {
    const row = data[i];
    if (!row) continue;
    for (let j = row.length - 1; j >= from.c && j > c; j--) {
      if (row[j]?.v !== undefined) {
        c = j;
        break;
      }
    }
    if (row.some((cell, j) => j >= from.c && cell?.v !== undefined)) r = i;
  }
  return r < 0 || c < 0 ? null : { r, c };
}

/**
 * An XLSX or XLS workbook as its sheets. Throws when the bytes are not a
 * workbook it can read, and FileLimitError when a sheet goes past a limit.
 */
export async function readWorkbook(bytes: Uint8Array, limits: FileLimits = FILE_LIMITS): Promise<Sheet[]> {
  // The reader can spin forever on a ZIP cut short, so that is refused first.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && !zipIsComplete(bytes)) {
    throw new Error('the ZIP archive is cut short (it has no end record); save the workbook again and upload it whole');
  }
  const XLSX = await loadXlsx();
  // The reader stops one row past the limit: a longer sheet costs no more than that, and still shows it is too long.
  const workbook = XLSX.read(bytes, { type: 'array', cellDates: true, dense: true, sheetRows: limits.rows + 1 });
  let cells = 0;
  return workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name];
    const ref = sheet['!ref'];
    const range = ref ? XLSX.utils.decode_range(ref) : null;
    // A sheet's declared range may run far past its last value (formatting down to row 1,048,576): rows and
    // columns end at the last value, so blank ones after it are neither read nor counted.
    const end = range && usedEnd(sheet['!data'] ?? [], range.s);
    if (!range || !end) return { name, rows: [], decimalComma: false };
    range.e = end;
    const height = end.r - range.s.r + 1;
    const width = end.c - range.s.c + 1;
    // Row numbers, not the count: the reader stopped at row limit + 1, and blank rows count too.
    if (end.r + 1 > limits.rows) throw tooManyRows(limits, name);
    if (width > limits.columns) throw tooManyColumns(limits, `Sheet "${name}"`);
    if ((cells += height * width) > limits.cells) throw tooManyCells(limits);
    const data = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
      header: 1,
      raw: true,
      blankrows: true,
      defval: '',
      range,
    });
    const rows = data.map((values, i) => {
      const rowNumber = range.s.r + i + 1;
      const texts = values.map(cellText);
      const at = texts.findIndex((text) => text.length > limits.cellChars);
      if (at >= 0) throw cellTooLong(limits, `Sheet "${name}", row ${count(rowNumber)}`, at + 1);
      return { rowNumber, cells: texts };
    });
    return { name, rows, decimalComma: false };
  });
}

export type FileType = 'csv' | 'xlsx' | 'xls';

/** The sheets of an import file: one for CSV text, each sheet of a workbook; FileLimitError past a limit. */
export async function readSheets(
  bytes: Uint8Array,
  fileType: FileType,
  limits: FileLimits = FILE_LIMITS,
): Promise<Sheet[]> {
  if (fileType === 'csv') return [parseCsv(decodeText(bytes).text, limits)];
  return readWorkbook(bytes, limits);
}
