// Which column of an import file holds which field: the organization's mapped
// fields first (a column name and its field), then built-in header synonyms,
// then headers whose words name a field (src/lib/import-preview/fields.ts
// matchHeader; a near miss is only a suggestion there, never taken here).
// Also finds the header row (it need not be the first) and the data rows
// under it, leaving out blank rows and totals rows. Pure: no I/O.
import type { DateOrder } from '../../../src/lib/import-preview/date-order.ts';
import type { Sheet, SheetRow } from './table.ts';

// The fields and their synonyms are one table, shared with the browser's
// preview (which pre-fills the mapping from it): pure data, no I/O.
import {
  FIELDS,
  matchHeader,
  normalizeHeader,
  REQUIRED,
  type FieldSpec,
  type ImportKind,
} from '../../../src/lib/import-preview/fields.ts';
import { bestSheet } from '../../../src/lib/import-preview/sheets.ts';

export { FIELDS, normalizeHeader, type ImportKind };

/**
 * A column named "Custom: Color" or "Custom Field: Color" is the item custom field "Color". Matched
 * against the trimmed name, so its end needs no lazy match before trailing spaces (which took
 * quadratic time on a long header cell with spaces inside).
 */
const CUSTOM_HEADER = /^custom(?:\s*field)?\s*[:.]\s*(\S.*)$/i;

export interface MappedFieldInput {
  /** The column as it is in the file. */
  name: string;
  /** A field key or label of the upload's kind, customField, or ignore. */
  mappedFieldType: string;
  /** A date column's numeric dates: day or month first, as the user answered; null or absent: read from its values. */
  dateOrder?: DateOrder | null;
}

export interface ColumnMap {
  /** Field key → column index. */
  fields: Map<string, number>;
  /** Item custom fields (open orders): their name and column. */
  customFields: { name: string; index: number }[];
  /** How many columns were recognised. */
  recognised: number;
}

/** Each kind's field names (labels and synonyms) normalized, to the field that first has one and its place among its names. */
const SYNONYMS = new Map<ImportKind, Map<string, { spec: FieldSpec; at: number }>>();

function synonymsOf(kind: ImportKind): Map<string, { spec: FieldSpec; at: number }> {
  const known = SYNONYMS.get(kind);
  if (known) return known;
  const names = new Map<string, { spec: FieldSpec; at: number }>();
  for (const spec of FIELDS[kind]) {
    [spec.label, ...spec.synonyms].forEach((name, at) => {
      const normalized = normalizeHeader(name);
      if (!names.has(normalized)) names.set(normalized, { spec, at });
    });
  }
  SYNONYMS.set(kind, names);
  return names;
}

/** A column matched by its words ranks after every synonym: an exact name outranks it, the earlier column wins ties. */
const TOKEN_RANK = Number.MAX_SAFE_INTEGER;

/**
 * Headers already read by their words, per kind: the header row is searched among 50 rows of up
 * to 1,000 cells, and files of one organization repeat their headers. Keyed by the trimmed cell,
 * not the normalized one ("PoLineQty" splits on its capitals, "polineqty" does not); emptied
 * when full, so data cells read as candidate headers cannot grow it without bound.
 */
const TOKEN_MATCHES = new Map<ImportKind, Map<string, string | null>>();
const TOKEN_MATCHES_MAX = 20_000;
/** Longer cells are read but not kept: no field's name is so long (matchHeader soon gives up on them). */
const TOKEN_MATCHES_MAX_LENGTH = 200;

function tokenMatch(kind: ImportKind, name: string): string | null {
  let cache = TOKEN_MATCHES.get(kind);
  if (!cache) {
    cache = new Map<string, string | null>();
    TOKEN_MATCHES.set(kind, cache);
  }
  const known = cache.get(name);
  if (known !== undefined) return known;
  const match = matchHeader(kind, name, { suggest: false });
  const key = match !== null && 'key' in match && match.how === 'token' ? match.key : null;
  if (name.length > TOKEN_MATCHES_MAX_LENGTH) return key;
  if (cache.size >= TOKEN_MATCHES_MAX) cache.clear();
  cache.set(name, key);
  return key;
}

const CUSTOM_TYPES = new Set(['customfield', 'custom']);
const IGNORE_TYPES = new Set(['ignore', 'ignored', 'skip', 'none']);

/**
 * The fields of a header row: mapped fields first, then synonyms (the earlier synonym wins a
 * tie), then names matched by their words (the earlier column wins a tie).
 */
export function mapColumns(
  kind: ImportKind,
  header: readonly string[],
  mapped: readonly MappedFieldInput[],
): ColumnMap {
  const specs = FIELDS[kind];
  const byType = new Map<string, FieldSpec>();
  for (const spec of specs) {
    byType.set(normalizeHeader(spec.key), spec);
    byType.set(normalizeHeader(spec.label), spec);
  }
  const synonyms = synonymsOf(kind);
  const mappedByName = new Map(mapped.map((m) => [normalizeHeader(m.name), normalizeHeader(m.mappedFieldType)]));
  const fields = new Map<string, number>();
  const rank = new Map<string, number>();
  const customFields: { name: string; index: number }[] = [];
  let recognised = 0;
  header.forEach((cell, index) => {
    const name = cell.trim();
    if (!name) return;
    const normalized = normalizeHeader(name);
    const type = mappedByName.get(normalized);
    if (type !== undefined) {
      if (IGNORE_TYPES.has(type)) return;
      if (CUSTOM_TYPES.has(type) && kind === 'openOrder') {
        customFields.push({ name, index });
        recognised++;
        return;
      }
      const spec = byType.get(type);
      if (spec) {
        // A mapped column outranks any synonym.
        if ((rank.get(spec.key) ?? Infinity) > -1) {
          fields.set(spec.key, index);
          rank.set(spec.key, -1);
        }
        recognised++;
        return;
      }
    }
    const custom = CUSTOM_HEADER.exec(name);
    if (custom && kind === 'openOrder') {
      customFields.push({ name: custom[1], index });
      recognised++;
      return;
    }
    // One lookup, not every synonym normalized again for every cell (a header row may have 1,000 cells).
    const synonym = synonyms.get(normalized);
    const key = synonym?.spec.key ?? tokenMatch(kind, name);
    if (key === null) return;
    const at = synonym?.at ?? TOKEN_RANK;
    recognised++;
    if (at < (rank.get(key) ?? Infinity)) {
      fields.set(key, index);
      rank.set(key, at);
    }
  });
  return { fields, customFields, recognised };
}

/** The header row is looked for among this many first non-blank rows. */
const HEADER_SEARCH_ROWS = 50;

export const isBlankRow = (row: SheetRow) => row.cells.every((c) => !c.trim());

const TOTAL_CELL = /^\s*(?:grand\s+|sub\s*)?totals?\s*:?\s*$/i;

/** A totals row: one of its cells reads Total, Totals, Grand Total or Subtotal. */
export const isTotalsRow = (row: SheetRow) => row.cells.some((c) => TOTAL_CELL.test(c));

export interface Located {
  sheet: Sheet;
  headerRow: SheetRow;
  columns: ColumnMap;
  /** The rows under the header, blank and totals rows left out. */
  dataRows: SheetRow[];
}

/** A sheet's header row: among its first rows, the one with the most recognised columns (the first of equals). */
function sheetHeader(
  kind: ImportKind,
  sheet: Sheet,
  mapped: readonly MappedFieldInput[],
): { row: SheetRow; columns: ColumnMap } | null {
  let best: { row: SheetRow; columns: ColumnMap } | null = null;
  let seen = 0;
  for (const row of sheet.rows) {
    if (isBlankRow(row)) continue;
    if (++seen > HEADER_SEARCH_ROWS) break;
    const columns = mapColumns(kind, row.cells, mapped);
    if (columns.recognised > 0 && columns.recognised > (best?.columns.recognised ?? 0)) best = { row, columns };
  }
  return best;
}

/**
 * The header row of the sheet to import: the sheet named `sheetName` when given, else the best of the workbook
 * (bestSheet: the first whose header gives the required fields, passing over pivot tables and summaries). Null
 * when that sheet, or every sheet, has no row with a recognised column.
 */
export function locateHeader(
  kind: ImportKind,
  sheets: readonly Sheet[],
  mapped: readonly MappedFieldInput[],
  sheetName: string | null = null,
): Located | null {
  const considered = sheetName === null ? sheets : sheets.filter((s) => s.name === sheetName);
  const headers = considered.map((sheet) => sheetHeader(kind, sheet, mapped));
  const chosen = bestSheet(
    considered.map((sheet, i) => ({
      name: sheet.name,
      fields: new Set(headers[i]?.columns.fields.keys()),
      recognised: headers[i]?.columns.recognised ?? 0,
      headerCells: headers[i]?.row.cells ?? [],
    })),
    REQUIRED[kind],
  );
  const header = chosen === -1 ? null : headers[chosen];
  if (!header) return null;
  const sheet = considered[chosen];
  const headerRow = header.row;
  const dataRows = sheet.rows.filter((r) => r.rowNumber > headerRow.rowNumber && !isBlankRow(r) && !isTotalsRow(r));
  return { sheet, headerRow, columns: header.columns, dataRows };
}

/** "Quantity (we looked for Quantity, Qty, …)" for a message about a missing column. */
export function describeField(kind: ImportKind, key: string): string {
  const spec = FIELDS[kind].find((f) => f.key === key);
  if (!spec) return key;
  return `${spec.label} (a column named ${[spec.label, ...spec.synonyms].map((s) => `"${s}"`).join(', ')}, or mapped to ${spec.key})`;
}

/** The column header of a field, for logs. */
export function columnName(located: Located, index: number): string {
  return located.headerRow.cells[index]?.trim() ?? '';
}
