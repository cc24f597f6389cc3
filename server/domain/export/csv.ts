// Export rows as CSV text (RFC 4180): comma separated, CRLF line ends, a
// field quoted when it holds a comma, a quote or a line break (quotes
// doubled). The text starts with a UTF-8 byte order mark so that Excel reads
// it as UTF-8. Text cells are escaped against formula injection (cells.ts);
// numbers are written as plain decimals, dates as YYYY-MM-DD, booleans as
// TRUE/FALSE (what Excel reads as booleans). Pure: no I/O.
import { type Cell, escapeFormula, isDateCell, isDecimalCell } from './cells.ts';

const BYTE_ORDER_MARK = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One cell as a CSV field. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isDecimalCell(cell)) return cell.decimal;
  if (isDateCell(cell)) return cell.date;
  return quoted(escapeFormula(cell));
}

/** A header row (text, escaped like any text) and the data rows as one CSV text with its byte order mark. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [header.map((name) => csvField(name)).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${BYTE_ORDER_MARK}${lines.join('\r\n')}\r\n`;
}
