// What every kind of import shares: the rows it rejects (one log each), the
// problems that fail the whole file, the row limit, and reading a row's cells
// by field. Pure: no I/O.
import {
  columnName,
  describeField,
  FIELDS,
  type ImportKind,
  locateHeader,
  type Located,
  type MappedFieldInput,
  normalizeHeader,
} from './columns.ts';
import { columnDateOrder, type DateOrder } from '../../../src/lib/import-preview/date-order.ts';
import type { Sheet, SheetRow } from './table.ts';

/** The most data rows one upload may have. */
export const MAX_IMPORT_ROWS = 200_000;

/** One rejected row, as its upload log says it. */
export interface RowIssue {
  rowNumber: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** The whole file is refused: nothing is written but these logs and the message. */
export interface FileFailure {
  ok: false;
  message: string;
  issues: RowIssue[];
  totalRows: number;
}

export function fileFailure(message: string, issues: RowIssue[] = [], totalRows = 0): FileFailure {
  return { ok: false, message, issues, totalRows };
}

/**
 * Plans a file a batch of rows at a time, so that a caller can let other
 * work run in between (the upload job keeps the server answering while
 * 200,000 rows are planned). Rows must be added in file order, each once,
 * before finish.
 */
export interface RowPlanner<Plan> {
  /** The file's data rows. */
  readonly rowCount: number;
  /** The header row's cells: a row's work may grow with them. */
  readonly columnCount: number;
  /** Plans data rows from (inclusive) to to (exclusive). */
  addRows(from: number, to: number): void;
  /** The plan of the rows added, or why the file is refused. */
  finish(): Plan | FileFailure;
}

/** A row's cells by field key; undefined for a field whose column is not in the file. */
export class RowReader {
  readonly located: Located;
  private readonly mapped: readonly MappedFieldInput[];
  private readonly dateOrders = new Map<string, DateOrder | null>();
  constructor(located: Located, mapped: readonly MappedFieldInput[] = []) {
    this.located = located;
    this.mapped = mapped;
  }

  /**
   * Whether a date field's column writes numeric dates day or month first: the mapping's answer for the column,
   * else what the column's values settle (columnDateOrder), else null (each value by itself; parseDate).
   */
  dateOrder(key: string): DateOrder | null {
    const known = this.dateOrders.get(key);
    if (known !== undefined) return known;
    const index = this.located.columns.fields.get(key);
    let order: DateOrder | null = null;
    if (index !== undefined) {
      const header = normalizeHeader(columnName(this.located, index));
      const saved = this.mapped.find((m) => m.dateOrder && normalizeHeader(m.name) === header)?.dateOrder;
      order = saved ?? columnDateOrder(this.located.dataRows.map((row) => row.cells[index] ?? '')).order;
    }
    this.dateOrders.set(key, order);
    return order;
  }

  has(key: string): boolean {
    return this.located.columns.fields.has(key);
  }

  get(row: SheetRow, key: string): string | undefined {
    const index = this.located.columns.fields.get(key);
    if (index === undefined) return undefined;
    return (row.cells[index] ?? '').trim();
  }

  column(key: string): string | null {
    const index = this.located.columns.fields.get(key);
    return index === undefined ? null : columnName(this.located, index);
  }

  issue(row: SheetRow, key: string | null, message: string): RowIssue {
    const value = key === null ? null : (this.get(row, key) ?? null);
    return { rowNumber: row.rowNumber, column: key === null ? null : this.column(key), value, message };
  }
}

/** The header row and data rows of the file, or why it is refused before any row is read. */
export function locateFile(
  kind: ImportKind,
  sheets: readonly Sheet[],
  mapped: readonly MappedFieldInput[],
): Located | FileFailure {
  const located = locateHeader(kind, sheets, mapped);
  return checkFile(kind, located) ?? (located as Located);
}

/** The checks before any row is read: a header row, not too many rows, at least one data row. */
function checkFile(kind: ImportKind, located: Located | null): FileFailure | null {
  if (!located) {
    const some = FIELDS[kind]
      .slice(0, 4)
      .map((f) => `"${f.label}"`)
      .join(', ');
    return fileFailure(
      `No header row found: none of the first 50 rows names a column we know (such as ${some}). Add a header row, or map your columns with a field mapping.`,
    );
  }
  const total = located.dataRows.length;
  if (total > MAX_IMPORT_ROWS) {
    return fileFailure(
      `The file has ${total.toLocaleString('en-US')} data rows; an upload may have at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')}. Split it into smaller files.`,
      [],
      total,
    );
  }
  if (total === 0) {
    return fileFailure(
      `The file has a header row (row ${located.headerRow.rowNumber}) but no data rows under it.`,
      [],
      0,
    );
  }
  return null;
}

/**
 * The columns named by an upload's unique-name hash (orderUniqueNameHash,
 * inventoryUniqueNameHash), by their header; a failure naming the first one
 * the header row does not have.
 */
export function namedColumns(located: Located, names: readonly string[], option: string): number[] | FileFailure {
  const indexes: number[] = [];
  for (const name of names) {
    const index = located.headerRow.cells.findIndex((c) => normalizeHeader(c) === normalizeHeader(name));
    if (index < 0) {
      const message = `${option} names the column "${name}", which the header row (row ${located.headerRow.rowNumber}) does not have.`;
      return fileFailure(
        message,
        [{ rowNumber: located.headerRow.rowNumber, column: name, value: null, message }],
        located.dataRows.length,
      );
    }
    indexes.push(index);
  }
  return indexes;
}

/** A failure for missing required columns, with a log on the header row. */
export function missingColumns(kind: ImportKind, located: Located, keys: string[], hint = ''): FileFailure {
  const found = located.headerRow.cells
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => `"${c}"`)
    .join(', ');
  const which = keys.map((k) => describeField(kind, k)).join('; and ');
  const message = `The file has no ${which}.${hint} The header row (row ${located.headerRow.rowNumber}) has ${found || 'no names'}.`;
  return fileFailure(
    message,
    [{ rowNumber: located.headerRow.rowNumber, column: null, value: null, message }],
    located.dataRows.length,
  );
}

/** "rows 4, 9 and 12" */
export function listRows(rowNumbers: readonly number[]): string {
  const shown = rowNumbers.slice(0, 10).map(String);
  const more = rowNumbers.length > 10 ? ` and ${rowNumbers.length - 10} more` : '';
  if (shown.length === 1) return `row ${shown[0]}`;
  return `rows ${shown.slice(0, -1).join(', ')}${more ? `, ${shown.at(-1)}` : ` and ${shown.at(-1)}`}${more}`;
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The unique name made from several columns (orderUniqueNameHash, inventoryUniqueNameHash): their values joined. */
export function joinedName(values: readonly string[]): string {
  return values.join(' | ');
}
