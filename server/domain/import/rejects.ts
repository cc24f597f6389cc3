// The rejected rows of an import as a file to fix and upload again: the
// file's header row, then each rejected row with its cells as they were in
// the file, and one more column saying what was wrong. Title lines, blank
// rows, totals rows and the imported rows are left out. Uploaded again, the
// fixed rows update or create by their unique names like any row (the extra
// column is no field of any kind, so it is ignored). Pure: no I/O.
import { type ImportKind, locateHeader, type MappedFieldInput } from './columns.ts';
import type { Sheet } from './table.ts';

/** The column added after the file's own columns. */
export const PROBLEM_COLUMN = 'Import problem';

export interface RejectLog {
  rowNumber: number;
  column: string | null;
  message: string;
}

export interface RejectsTable {
  header: string[];
  rows: string[][];
}

/**
 * The rejected data rows (logs on the header row or above are about the
 * whole file, not a row to fix), in file order, each row's problems joined.
 * Null when no data row was rejected.
 */
export function rejectedRows(
  kind: ImportKind,
  sheets: readonly Sheet[],
  mapped: readonly MappedFieldInput[],
  logs: readonly RejectLog[],
): RejectsTable | null {
  const located = locateHeader(kind, sheets, mapped);
  if (!located) return null;
  const problems = new Map<number, string[]>();
  for (const log of logs) {
    if (log.rowNumber <= located.headerRow.rowNumber) continue;
    const text = log.column ? `${log.column}: ${log.message}` : log.message;
    const list = problems.get(log.rowNumber);
    if (list) list.push(text);
    else problems.set(log.rowNumber, [text]);
  }
  if (problems.size === 0) return null;
  const width = located.headerRow.cells.length;
  const pad = (cells: readonly string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  const rows: string[][] = [];
  for (const row of located.sheet.rows) {
    const found = problems.get(row.rowNumber);
    if (found) rows.push([...pad(row.cells), found.join(' ')]);
  }
  return { header: [...pad(located.headerRow.cells), PROBLEM_COLUMN], rows };
}
