// CSV written in the browser (the rejected rows of an upload), safe to open in
// a spreadsheet: a cell starting with =, +, -, @, tab or carriage return is
// prefixed with an apostrophe so it is never run as a formula. Pure.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: escaped against formula injection, quoted when it holds a delimiter, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text (CRLF line ends, as spreadsheets write them). */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface RejectedRow {
  rowNumber: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** The rejected rows of an upload as CSV: row number, column, value and why. */
export function rejectedRowsCsv(logs: readonly RejectedRow[]): string {
  return toCsv([
    ['Row', 'Column', 'Value', 'Problem'],
    ...logs.map((l) => [l.rowNumber, l.column, l.value, l.message]),
  ]);
}
