// Export rows as an XLSX workbook of one sheet: a header row, then the rows,
// with an autofilter over them and columns sized to their contents. Text
// cells are string cells escaped against formula injection (cells.ts), even
// though Excel does not evaluate a string cell as it opens the file: the
// value stays safe when it is edited, copied or saved again as CSV. Numbers
// are number cells, dates are date cells shown as yyyy-mm-dd, booleans are
// boolean cells. The workbook writer is loaded on first use. Pure: no I/O.
import type { CellObject } from '@e965/xlsx';
import { type Cell, escapeFormula, isDateCell, isDecimalCell } from './cells.ts';

type XlsxModule = typeof import('@e965/xlsx');
let xlsx: Promise<XlsxModule> | null = null;

function loadXlsx(): Promise<XlsxModule> {
  xlsx ??= import('@e965/xlsx');
  return xlsx;
}

/** Excel keeps at most this many characters in a cell. */
const MAX_CELL_TEXT = 32_767;
/** Column widths, in characters, between these bounds. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Rows looked at to size the columns. */
const WIDTH_SAMPLE = 200;

const DAY_MS = 24 * 60 * 60 * 1000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A 'YYYY-MM-DD' date as Excel's serial day number (the 1900 date system). */
function serialDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / DAY_MS;
}

function textCell(text: string): CellObject {
  return { t: 's', v: escapeFormula(text).slice(0, MAX_CELL_TEXT) };
}

/** One cell as a workbook cell; undefined leaves it empty. */
function workbookCell(cell: Cell): CellObject | undefined {
  if (cell === null) return undefined;
  if (typeof cell === 'number') return Number.isFinite(cell) ? { t: 'n', v: cell } : undefined;
  if (typeof cell === 'boolean') return { t: 'b', v: cell };
  if (isDecimalCell(cell)) return { t: 'n', v: Number(cell.decimal) };
  if (isDateCell(cell)) return { t: 'n', v: serialDay(cell.date), z: 'yyyy-mm-dd' };
  return textCell(cell);
}

function displayLength(cell: Cell): number {
  if (cell === null) return 0;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell).length;
  if (isDecimalCell(cell)) return cell.decimal.length;
  if (isDateCell(cell)) return cell.date.length;
  return Math.max(...cell.split('\n').map((line) => line.length));
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Export';
}

/** A header row and the data rows as the bytes of an XLSX workbook with one sheet. */
export async function toXlsx(
  name: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): Promise<Uint8Array> {
  const XLSX = await loadXlsx();
  const data: (CellObject | undefined)[][] = [header.map(textCell), ...rows.map((row) => row.map(workbookCell))];
  const sheet = XLSX.utils.aoa_to_sheet(data, { dense: true });
  const sample = rows.slice(0, WIDTH_SAMPLE);
  sheet['!cols'] = header.map((title, c) => ({
    wch: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, title.length + 2, ...sample.map((row) => displayLength(row[c]) + 1))),
  }));
  sheet['!autofilter'] = {
    ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: Math.max(0, header.length - 1) } }),
  };
  const workbook = XLSX.utils.book_new(sheet, sheetName(name));
  const written: unknown = XLSX.write(workbook, { type: 'array', bookType: 'xlsx', compression: true });
  if (!(written instanceof ArrayBuffer)) throw new Error('The workbook writer did not answer bytes.');
  return new Uint8Array(written);
}
