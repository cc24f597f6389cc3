// A BOM file as BOMs and their lines (the Cofactr raw line fields): rows of
// the same part (MPN, else custom id) with the same reference designators
// are one line with their quantities summed; a designator already on another
// line of the BOM rejects the row. Pure: no I/O.
import type { MappedFieldInput } from './columns.ts';
import {
  locateFile,
  fileFailure,
  missingColumns,
  RowReader,
  type FileFailure,
  type RowIssue,
  type RowPlanner,
} from './plan.ts';
import type { Sheet, SheetRow } from './table.ts';
import { fromMicros, toMicros } from '../../../src/lib/decimal.ts';
import { BOM_PART_FIELDS } from '../../../src/lib/import-preview/fields.ts';
import { parseDesignators, parseFlag, parseNumber, splitList } from './values.ts';

export interface BomLinePlan {
  uniqueName: string;
  customId: string | null;
  mpn: string | null;
  alternativeMpns: string[];
  manufacturerName: string | null;
  referenceDesignators: string[];
  description: string | null;
  /** A part without MPN is its value in its footprint (10k in 0603). */
  value: string | null;
  footprint: string | null;
  doNotPlace: boolean;
  lineNumber: string | null;
  quantity: string;
  rowNumbers: number[];
}

export interface BomPlanEntry {
  uniqueName: string;
  lines: BomLinePlan[];
  rowCount: number;
}

export interface BomFilePlan {
  ok: true;
  boms: BomPlanEntry[];
  issues: RowIssue[];
  totalRows: number;
}

export interface BomOptions {
  mapped: readonly MappedFieldInput[];
  /** The BOM's name when the file has no BOM column: the file's name without its extension. */
  defaultBomName: string;
}

const MAX_NAME = 255;

interface BomState {
  entry: BomPlanEntry;
  /** A line's alternatives as a set too: one line merged from 200,000 rows would otherwise search its list every time. */
  byKey: Map<string, { line: BomLinePlan; micros: bigint; alternatives: Set<string> }>;
  designators: Map<string, BomLinePlan>;
  taken: Set<string>;
  /** The last "#n" given to each base name: names are only added, so the next free one is never below it. */
  suffixes: Map<string, number>;
  position: number;
}

/** The BOM name of a file without a BOM column: its name without the extension. */
export function bomNameFromFile(fileName: string): string {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.(csv|txt|xlsx|xlsm|xls)$/i, '')
    .trim();
  return (base || 'BOM').slice(0, MAX_NAME);
}

export function planBom(sheets: readonly Sheet[], options: BomOptions): BomFilePlan | FileFailure {
  const planner = bomPlanner(sheets, options);
  if ('ok' in planner) return planner;
  planner.addRows(0, planner.rowCount);
  return planner.finish();
}

/** Plans a BOM file a batch of rows at a time (see RowPlanner); planBom plans one in one go. */
export function bomPlanner(sheets: readonly Sheet[], options: BomOptions): RowPlanner<BomFilePlan> | FileFailure {
  const located = locateFile('bom', sheets, options.mapped);
  if ('ok' in located) return located;
  const r = new RowReader(located);
  const totalRows = located.dataRows.length;
  if (!r.has('quantity') && !r.has('referenceDesignators')) {
    return missingColumns('bom', located, ['quantity'], ' A Reference Designators column would do instead.');
  }
  // A quantity without its part is no line: some column must say which part it is.
  if (!BOM_PART_FIELDS.some((key) => r.has(key))) {
    return missingColumns(
      'bom',
      located,
      ['mpn'],
      ' Or a column that names the part another way: a part number (Custom ID), a value and footprint, or a description.',
    );
  }
  const boms = new Map<string, BomState>();
  const issues: RowIssue[] = [];
  const text = (row: SheetRow, key: string): string | null => r.get(row, key) || null;

  const readRow = (
    row: SheetRow,
    position: number,
  ): { bom: BomState; line: BomLinePlan; micros: bigint; key: string | null } | RowIssue => {
    const bomName = r.has('bomUniqueName') ? (r.get(row, 'bomUniqueName') ?? '') : options.defaultBomName;
    if (!bomName) return r.issue(row, 'bomUniqueName', 'BOM Unique Name is blank.');
    if (bomName.length > MAX_NAME)
      return r.issue(row, 'bomUniqueName', `BOM Unique Name is longer than ${MAX_NAME} characters.`);
    const designators = parseDesignators(r.get(row, 'referenceDesignators') ?? '');
    if (!designators.ok) return r.issue(row, 'referenceDesignators', designators.message);
    const quantityText = r.get(row, 'quantity') ?? '';
    let micros: bigint;
    if (quantityText) {
      const quantity = parseNumber(quantityText, { decimalComma: located.sheet.decimalComma });
      if (!quantity.ok) return r.issue(row, 'quantity', `Quantity ${quantity.message}`);
      micros = toMicros(quantity.value ?? '0');
    } else if (designators.value.length) {
      micros = BigInt(designators.value.length) * 1_000_000n;
    } else {
      return r.issue(
        row,
        r.has('quantity') ? 'quantity' : 'referenceDesignators',
        'Quantity is blank and the row has no reference designators to count.',
      );
    }
    const doNotPlace = parseFlag(r.get(row, 'doNotPlace') ?? '');
    if (!doNotPlace.ok) return r.issue(row, 'doNotPlace', `Do Not Place ${doNotPlace.message}`);
    const mpn = text(row, 'mpn');
    const customId = text(row, 'customId');
    const value = text(row, 'value');
    const footprint = text(row, 'footprint');
    const description = text(row, 'description');
    for (const [key, cell] of [
      ['mpn', mpn],
      ['customId', customId],
      ['value', value],
      ['footprint', footprint],
    ] as const) {
      if (cell && cell.length > MAX_NAME)
        return r.issue(row, key, `${r.column(key)} is longer than ${MAX_NAME} characters.`);
    }
    if (!mpn && !customId && !value && !description) {
      return r.issue(
        row,
        BOM_PART_FIELDS.find((key) => r.has(key)) ?? null,
        'The row names no part: its MPN, part number, value and description are blank.',
      );
    }
    const bom: BomState = boms.get(bomName) ?? {
      entry: { uniqueName: bomName, lines: [], rowCount: 0 },
      byKey: new Map(),
      designators: new Map(),
      taken: new Set(),
      suffixes: new Map(),
      position: 0,
    };
    // Without MPN or part number, the value in its footprint names the part ("10k 0603"); a KiCad footprint's
    // library ("Resistor_SMD:") is left out of the name.
    const shortFootprint = footprint?.replace(/^[^:]*:/, '') || null;
    const part = mpn ?? customId ?? (value ? [value, shortFootprint].filter(Boolean).join(' ') : null);
    const key = part === null ? null : JSON.stringify([part, [...designators.value].sort()]);
    const same = key === null ? undefined : bom.byKey.get(key);
    if (!same) {
      const clash = designators.value.find((d) => bom.designators.has(d));
      if (clash) {
        const other = bom.designators.get(clash);
        return r.issue(
          row,
          'referenceDesignators',
          `${clash} is already on line ${other?.uniqueName ?? ''} (row ${other?.rowNumbers[0] ?? ''}) of BOM ${bomName}; a designator belongs to one line.`,
        );
      }
    }
    const line: BomLinePlan = same?.line ?? {
      uniqueName: '',
      customId,
      mpn,
      alternativeMpns: splitList(r.get(row, 'alternativeMpns') ?? ''),
      manufacturerName: text(row, 'manufacturerName'),
      referenceDesignators: designators.value,
      description,
      value,
      footprint,
      doNotPlace: doNotPlace.value,
      lineNumber: text(row, 'lineNumber'),
      quantity: '0',
      rowNumbers: [],
    };
    if (!same) {
      const base = part ?? `line-${position}`;
      let uniqueName = base;
      // From where the last search for this base stopped: starting at #2 each time took quadratic time for
      // a part on thousands of lines.
      let n = bom.suffixes.get(base) ?? 1;
      while (bom.taken.has(uniqueName)) uniqueName = `${base} #${++n}`;
      bom.suffixes.set(base, n);
      line.uniqueName = uniqueName;
    }
    return { bom, line, micros, key };
  };

  const addRow = (row: SheetRow, i: number): void => {
    const read = readRow(row, i + 1);
    if ('message' in read) {
      issues.push(read);
      return;
    }
    const { bom, line, micros, key } = read;
    if (!boms.has(bom.entry.uniqueName)) boms.set(bom.entry.uniqueName, bom);
    bom.entry.rowCount++;
    line.rowNumbers.push(row.rowNumber);
    const merged = key === null ? undefined : bom.byKey.get(key);
    if (merged) {
      merged.micros += micros;
      line.quantity = fromMicros(merged.micros);
      for (const alt of splitList(r.get(row, 'alternativeMpns') ?? '')) {
        if (merged.alternatives.has(alt)) continue;
        merged.alternatives.add(alt);
        line.alternativeMpns.push(alt);
      }
      return;
    }
    line.quantity = fromMicros(micros);
    bom.taken.add(line.uniqueName);
    bom.entry.lines.push(line);
    if (key !== null) bom.byKey.set(key, { line, micros, alternatives: new Set(line.alternativeMpns) });
    for (const d of line.referenceDesignators) bom.designators.set(d, line);
  };

  return {
    rowCount: totalRows,
    columnCount: located.headerRow.cells.length,
    addRows(from: number, to: number) {
      for (let i = from; i < to; i++) addRow(located.dataRows[i], i);
    },
    finish(): BomFilePlan | FileFailure {
      if (boms.size === 0) {
        return fileFailure(
          `None of the ${totalRows} data rows could be imported; the upload log gives each row's problem.`,
          issues,
          totalRows,
        );
      }
      return { ok: true, boms: [...boms.values()].map((b) => b.entry), issues, totalRows };
    },
  };
}
