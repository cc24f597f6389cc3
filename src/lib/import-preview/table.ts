// Rows of an import file and where its header row is, found as the server
// finds it (server/domain/import/columns.ts): the row among the first 50
// non-blank ones with the most recognised column names. Pure.
import { canonicalType, IGNORE, type ImportKind, normalizeHeader, recognise } from './fields';

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/** The header row is looked for among this many first non-blank rows. */
const HEADER_SEARCH_ROWS = 50;

export const isBlankRow = (row: SheetRow): boolean => row.cells.every((c) => !c.trim());

const TOTAL_CELL = /^\s*(?:grand\s+|sub\s*)?totals?\s*:?\s*$/i;

/** A totals row: one of its cells reads Total, Totals, Grand Total or Subtotal. */
export const isTotalsRow = (row: SheetRow): boolean => row.cells.some((c) => TOTAL_CELL.test(c));

/** A data row the server reads: neither blank nor a totals row. */
export const isDataRow = (row: SheetRow): boolean => !isBlankRow(row) && !isTotalsRow(row);

/** Saved column meanings by normalized column name (from the organization's field mappings). */
export type SavedColumns = ReadonlyMap<string, string>;

/** How many columns of a row the server would recognise, saved mapping first. */
export function recognisedCount(kind: ImportKind, cells: readonly string[], saved: SavedColumns): number {
  let count = 0;
  for (const cell of cells) {
    const name = cell.trim();
    if (!name) continue;
    const savedType = saved.get(normalizeHeader(name));
    const type = savedType !== undefined ? canonicalType(kind, savedType) : null;
    if (type === IGNORE) continue;
    if (type !== null || recognise(kind, name) !== null) count++;
  }
  return count;
}

/**
 * The header row: among the first 50 non-blank rows, the first with the most
 * recognised columns; without any, the first non-blank row (so the columns can
 * still be mapped by hand), with `recognised` 0. Null for a file without rows.
 */
export function locateHeader(
  kind: ImportKind,
  rows: readonly SheetRow[],
  saved: SavedColumns,
): { header: SheetRow; recognised: number } | null {
  let best: { header: SheetRow; recognised: number } | null = null;
  let first: SheetRow | null = null;
  let seen = 0;
  for (const row of rows) {
    if (isBlankRow(row)) continue;
    first ??= row;
    if (++seen > HEADER_SEARCH_ROWS) break;
    const recognised = recognisedCount(kind, row.cells, saved);
    if (recognised > 0 && recognised > (best?.recognised ?? 0)) best = { header: row, recognised };
  }
  if (best) return best;
  return first ? { header: first, recognised: 0 } : null;
}
