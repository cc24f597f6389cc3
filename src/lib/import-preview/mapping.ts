// From a file's first rows to what the page shows and sends: the header row,
// the rows under it, and the column mapping (each column of the file → a
// field), pre-filled from the organization's saved mappings, else from the
// header synonyms. Pure.
import type { Delimiter } from './csv';
import { columnDateOrder, type DateOrder } from './date-order';
import { bestSheet } from './sheets';
import type { SavedColumns, SheetRow } from './table';
import { isDataRow, locateHeader } from './table';
import type { Encoding, FileType } from './content';
import type { PreviewSheet } from './read';
import {
  canonicalType,
  CUSTOM_FIELD,
  DATE_FIELDS,
  fieldLabel,
  IGNORE,
  type ImportKind,
  matchHeader,
  normalizeHeader,
  recognise,
  REQUIRED,
} from './fields';

/** Rows shown under the header. */
export const PREVIEW_ROWS = 20;

export interface FileColumn {
  /** The column's name as the file has it (its first occurrence). */
  name: string;
  normalized: string;
  /** Its place in the row (the first column with this name). */
  index: number;
}

/** A sheet of a workbook, to choose from. */
export interface SheetChoice {
  name: string;
  /** Data rows, header and title rows included (an estimate when not exact). */
  rowCount: number;
  exact: boolean;
}

export interface FilePreview {
  fileType: FileType;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  sheetName: string | null;
  /** Every sheet of a workbook, in order; empty for CSV. */
  sheets: SheetChoice[];
  header: SheetRow;
  /** How many of its columns are recognised (by name or saved mapping); 0 when the header is a guess. */
  recognised: number;
  /** Non-blank rows above the header row (title lines), which the server skips. */
  skippedAbove: number;
  /** The header's named columns, each name once. */
  columns: FileColumn[];
  /** The first data rows under the header. */
  rows: SheetRow[];
  /** Data rows of the file under the header (blank and totals rows not counted). */
  dataRowCount: number;
  exact: boolean;
}

interface RawSheets {
  fileType: FileType;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  sheets: PreviewSheet[];
}

/** The fields a header row gives, as the saved mapping or the names read them. */
function headerFields(kind: ImportKind, cells: readonly string[], saved: SavedColumns): Set<string> {
  const fields = new Set<string>();
  for (const cell of cells) {
    const name = cell.trim();
    if (!name) continue;
    const savedType = saved.get(normalizeHeader(name));
    const type = savedType !== undefined ? canonicalType(kind, savedType) : recognise(kind, name);
    if (type !== null && type !== IGNORE && type !== CUSTOM_FIELD) fields.add(type);
  }
  return fields;
}

/**
 * The header row and rows under it, from the sheet named `sheetName`, else the sheet the server would take
 * (bestSheet: the first whose header gives the required fields, passing over pivots and summaries), else the
 * first with rows.
 */
export function buildPreview(
  kind: ImportKind,
  raw: RawSheets,
  saved: SavedColumns,
  sheetName: string | null = null,
): FilePreview | null {
  const found = raw.sheets.map((sheet) => locateHeader(kind, sheet.rows, saved));
  const named = sheetName === null ? -1 : raw.sheets.findIndex((s) => s.name === sheetName);
  const best = bestSheet(
    raw.sheets.map((sheet, i) => ({
      name: sheet.name,
      fields: headerFields(kind, found[i]?.header.cells ?? [], saved),
      recognised: found[i]?.recognised ?? 0,
      headerCells: found[i]?.header.cells ?? [],
    })),
    REQUIRED[kind],
  );
  const index = named !== -1 && found[named] ? named : best !== -1 ? best : found.findIndex((f) => f !== null);
  const located = index === -1 ? null : found[index];
  if (!located) return null;
  const chosen = { sheet: raw.sheets[index], ...located };
  const { sheet, header, recognised } = chosen;
  const above = sheet.rows.filter((r) => r.rowNumber < header.rowNumber);
  const under = sheet.rows.filter((r) => r.rowNumber > header.rowNumber && isDataRow(r));
  const counted = above.filter(isDataRow).length + (isDataRow(header) ? 1 : 0);
  const columns: FileColumn[] = [];
  const seen = new Set<string>();
  header.cells.forEach((cell, index) => {
    const name = cell.trim();
    const normalized = normalizeHeader(name);
    if (!normalized || seen.has(normalized)) return;
    seen.add(normalized);
    columns.push({ name, normalized, index });
  });
  return {
    fileType: raw.fileType,
    encoding: raw.encoding,
    delimiter: raw.delimiter,
    sheetName: sheet.name,
    sheets: raw.sheets.flatMap((s) =>
      s.name === null ? [] : [{ name: s.name, rowCount: s.rowCount, exact: s.exact }],
    ),
    header,
    recognised,
    skippedAbove: above.length,
    columns,
    rows: under.slice(0, PREVIEW_ROWS),
    dataRowCount: Math.max(0, sheet.rowCount - counted),
    exact: sheet.exact,
  };
}

export type MappingSource = 'saved' | 'recognised' | 'kept' | 'none';

/**
 * Unrecognised columns of an open-order file kept as item custom fields at most: a file's unit price, currency,
 * plant or buyer is kept rather than dropped, while an export of hundreds of columns is not copied onto every item.
 */
export const MAX_KEPT_COLUMNS = 20;

/** Each column's meaning (a field key, customField or ignore), by normalized column name. */
export type ColumnMapping = Record<string, string>;

/** The mapping to start from, and where each entry came from. */
export function initialMapping(
  kind: ImportKind,
  columns: readonly FileColumn[],
  saved: SavedColumns,
): { mapping: ColumnMapping; sources: Record<string, MappingSource> } {
  const mapping: ColumnMapping = {};
  const sources: Record<string, MappingSource> = {};
  const taken = new Set<string>();
  for (const column of columns) {
    const savedType = saved.get(column.normalized);
    const fromSaved = savedType === undefined ? null : canonicalType(kind, savedType);
    if (fromSaved !== null) {
      mapping[column.normalized] = fromSaved;
      sources[column.normalized] = 'saved';
      if (fromSaved !== IGNORE && fromSaved !== CUSTOM_FIELD) taken.add(fromSaved);
    }
  }
  let kept = 0;
  for (const column of columns) {
    if (mapping[column.normalized] !== undefined) continue;
    const match = matchHeader(kind, column.name);
    const type = match !== null && 'key' in match ? match.key : null;
    // A field already given to a column (by the saved mapping or an earlier synonym) is not given twice.
    if (type !== null && (type === CUSTOM_FIELD || !taken.has(type))) {
      mapping[column.normalized] = type;
      sources[column.normalized] = 'recognised';
      taken.add(type);
    } else if (kind === 'openOrder' && type === null && match === null && kept < MAX_KEPT_COLUMNS) {
      // A column no field of ours holds (currency, plant, buyer): kept on the item. A near miss of a field's
      // name ("Quantitiy") is not: the page offers that field instead.
      mapping[column.normalized] = CUSTOM_FIELD;
      sources[column.normalized] = 'kept';
      kept++;
    } else {
      mapping[column.normalized] = IGNORE;
      sources[column.normalized] = 'none';
    }
  }
  return { mapping, sources };
}

export interface MappingProblems {
  /** Required fields no column gives, as labels ("Quantity", "Item Unique Name or Line Number"). */
  missing: string[];
  /** Fields more than one column gives. */
  duplicates: { field: string; columns: string[] }[];
}

export function checkMapping(
  kind: ImportKind,
  columns: readonly FileColumn[],
  mapping: ColumnMapping,
): MappingProblems {
  const byField = new Map<string, string[]>();
  for (const column of columns) {
    const type = mapping[column.normalized] ?? IGNORE;
    if (type === IGNORE || type === CUSTOM_FIELD) continue;
    byField.set(type, [...(byField.get(type) ?? []), column.name]);
  }
  const missing = REQUIRED[kind]
    .filter((group) => !group.some((key) => byField.has(key)))
    .map((group) => group.map((key) => fieldLabel(kind, key)).join(' or '));
  const duplicates = [...byField]
    .filter(([, names]) => names.length > 1)
    .map(([key, names]) => ({ field: fieldLabel(kind, key), columns: names }));
  return { missing, duplicates };
}

/**
 * A saved field mapping of the organization with its mapped fields, by
 * normalized column name. Lists of them are in order of preference (the
 * newest first): where two disagree, the first wins.
 */
export interface SavedMapping {
  sid: string;
  fields: ReadonlyMap<string, string>;
  /** The day or month first answers saved for date columns, by normalized column name. */
  dateOrders?: ReadonlyMap<string, DateOrder>;
}

/** The date orders to start from: each column takes the answer of the first mapping that has one. */
export function savedDateOrders(mappings: readonly SavedMapping[]): Map<string, DateOrder> {
  const merged = new Map<string, DateOrder>();
  for (const m of mappings)
    for (const [name, order] of m.dateOrders ?? []) if (!merged.has(name)) merged.set(name, order);
  return merged;
}

/** A date column whose shown values read either way (03/04/2026) and whose order no saved answer gives. */
export interface DateQuestion {
  column: FileColumn;
  /** One of its values, to ask about. */
  example: string;
}

/**
 * The date columns to ask about: mapped to a date field, their values in the preview all readable day or month
 * first, and no answer saved. (The server settles a column from all its values; a saved answer overrides.)
 */
export function dateQuestions(
  preview: FilePreview,
  mapping: ColumnMapping,
  saved: ReadonlyMap<string, DateOrder>,
): DateQuestion[] {
  return preview.columns.flatMap((column) => {
    if (!DATE_FIELDS.has(mapping[column.normalized] ?? IGNORE) || saved.has(column.normalized)) return [];
    const order = columnDateOrder(preview.rows.map((row) => row.cells[column.index] ?? ''));
    return order.ambiguous && order.example !== null ? [{ column, example: order.example }] : [];
  });
}

/** The columns an open-order import keeps as item custom fields, as the file names them. */
export const keptColumns = (kind: ImportKind, columns: readonly FileColumn[], mapping: ColumnMapping): string[] =>
  kind === 'openOrder' ? columns.filter((c) => mapping[c.normalized] === CUSTOM_FIELD).map((c) => c.name) : [];

/** An open-order file with no column read as the item or the line: its rows are numbered in file order. */
export const numbersLines = (kind: ImportKind, mapping: ColumnMapping): boolean =>
  kind === 'openOrder' && !Object.values(mapping).some((type) => type === 'itemUniqueName' || type === 'lineNumber');

/** Column meanings to pre-fill from: each column takes the meaning of the first mapping that has it. */
export function savedColumns(mappings: readonly SavedMapping[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const m of mappings) for (const [name, type] of m.fields) if (!merged.has(name)) merged.set(name, type);
  return merged;
}

/**
 * A saved mapping that reads every column of this file as `mapping` does (it
 * may also name columns the file does not have), so it can be sent again
 * instead of saving a copy. The first such mapping, or null.
 */
export function reusableMapping(
  kind: ImportKind,
  columns: readonly FileColumn[],
  mapping: ColumnMapping,
  mappings: readonly SavedMapping[],
  dateOrders: Readonly<Record<string, DateOrder>> = {},
): string | null {
  const match = mappings.find((m) =>
    columns.every((c) => {
      const type = m.fields.get(c.normalized);
      const answer = dateOrders[c.normalized];
      return (
        type !== undefined &&
        canonicalType(kind, type) === (mapping[c.normalized] ?? IGNORE) &&
        (answer === undefined || m.dateOrders?.get(c.normalized) === answer)
      );
    }),
  );
  return match?.sid ?? null;
}

const MAPPING_NAMES: Record<ImportKind, string> = {
  openOrder: 'Open-order import',
  bom: 'BOM import',
  inventory: 'Inventory import',
};

/** The name a mapping saved from the Imports page gets: its kind, then the file it was made for. */
export function mappingName(kind: ImportKind, fileName: string): string {
  return `${MAPPING_NAMES[kind]} (${fileName})`.slice(0, 255);
}

/** Whether a saved mapping's name marks it as one for this kind of import. */
export function isMappingOfKind(kind: ImportKind, name: string | null): boolean {
  return name !== null && name.startsWith(`${MAPPING_NAMES[kind]} (`);
}
