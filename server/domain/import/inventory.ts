// An inventory file as counts per part: one count per row, at the row's
// recording date or the upload's day. Two rows of the same part and date
// refuse the file. Pure: no I/O.
import { latestCountDay } from '../bom/count-date.ts';
import type { MappedFieldInput } from './columns.ts';
import {
  locateFile,
  fileFailure,
  joinedName,
  capitalize,
  listRows,
  missingColumns,
  namedColumns,
  RowReader,
  type FileFailure,
  type RowIssue,
  type RowPlanner,
} from './plan.ts';
import type { Sheet, SheetRow } from './table.ts';
import { parseDate, parseNumber } from './values.ts';

export interface CountPlan {
  rowNumber: number;
  uniqueName: string;
  /** undefined: the file has no title column. */
  title?: string | null;
  count: number;
  /** YYYY-MM-DD */
  recordingDate: string;
}

export interface InventoryPlan {
  ok: true;
  counts: CountPlan[];
  issues: RowIssue[];
  totalRows: number;
}

export interface InventoryOptions {
  mapped: readonly MappedFieldInput[];
  /** Column names whose values, joined, make the unique name (inventoryUniqueNameHash). */
  uniqueNameHash: readonly string[];
  /** YYYY-MM-DD: the recording date of rows without one (the upload's day). */
  defaultDate: string;
}

const MAX_NAME = 255;

export function planInventory(sheets: readonly Sheet[], options: InventoryOptions): InventoryPlan | FileFailure {
  const planner = inventoryPlanner(sheets, options);
  if ('ok' in planner) return planner;
  planner.addRows(0, planner.rowCount);
  return planner.finish();
}

/** Plans an inventory file a batch of rows at a time (see RowPlanner); planInventory plans one in one go. */
export function inventoryPlanner(
  sheets: readonly Sheet[],
  options: InventoryOptions,
): RowPlanner<InventoryPlan> | FileFailure {
  const located = locateFile('inventory', sheets, options.mapped);
  if ('ok' in located) return located;
  const r = new RowReader(located, options.mapped);
  const totalRows = located.dataRows.length;
  const named = namedColumns(located, options.uniqueNameHash, 'inventoryUniqueNameHash');
  if (!Array.isArray(named)) return named;
  const hashColumns: number[] = named;
  const missing: string[] = [];
  if (!hashColumns.length && !r.has('uniqueName')) missing.push('uniqueName');
  if (!r.has('count')) missing.push('count');
  if (missing.length) return missingColumns('inventory', located, missing);

  const counts: CountPlan[] = [];
  const issues: RowIssue[] = [];
  const rowsByKey = new Map<string, number[]>();
  const addRow = (row: SheetRow): void => {
    const uniqueName = hashColumns.length
      ? joinedName(hashColumns.map((i) => (row.cells[i] ?? '').trim()))
      : (r.get(row, 'uniqueName') ?? '');
    if (!uniqueName || (hashColumns.length && hashColumns.every((i) => !(row.cells[i] ?? '').trim()))) {
      issues.push(r.issue(row, hashColumns.length ? null : 'uniqueName', "The part's unique name is blank."));
      return;
    }
    if (uniqueName.length > MAX_NAME) {
      issues.push(r.issue(row, 'uniqueName', `The part's unique name is longer than ${MAX_NAME} characters.`));
      return;
    }
    const countText = r.get(row, 'count') ?? '';
    if (!countText) {
      issues.push(r.issue(row, 'count', 'Count is blank.'));
      return;
    }
    const count = parseNumber(countText, { decimalComma: located.sheet.decimalComma, integer: true });
    if (!count.ok || count.value === null) {
      issues.push(r.issue(row, 'count', `Count ${count.ok ? 'is blank.' : count.message}`));
      return;
    }
    if (!Number.isSafeInteger(Number(count.value))) {
      issues.push(r.issue(row, 'count', `Count "${countText}" is too large.`));
      return;
    }
    const date = parseDate(r.get(row, 'recordingDate') ?? '', r.dateOrder('recordingDate'));
    if (!date.ok) {
      issues.push(r.issue(row, 'recordingDate', `${r.column('recordingDate')} ${date.message}`));
      return;
    }
    const recordingDate = date.value ?? options.defaultDate;
    if (recordingDate > latestCountDay(options.defaultDate)) {
      issues.push(
        r.issue(
          row,
          'recordingDate',
          `${r.column('recordingDate')} ${recordingDate} is after the day of the upload (${options.defaultDate}): a count records the stock on hand when it was counted.`,
        ),
      );
      return;
    }
    const key = JSON.stringify([uniqueName, recordingDate]);
    const rows = rowsByKey.get(key) ?? [];
    rows.push(row.rowNumber);
    rowsByKey.set(key, rows);
    counts.push({
      rowNumber: row.rowNumber,
      uniqueName,
      ...(r.has('title') ? { title: r.get(row, 'title') || null } : {}),
      count: Number(count.value),
      recordingDate,
    });
  };

  const finish = (): InventoryPlan | FileFailure => {
    const duplicates = [...rowsByKey.entries()].filter(([, rows]) => rows.length > 1);
    if (duplicates.length) {
      const [key, rows] = duplicates[0];
      const [name, date] = JSON.parse(key) as [string, string];
      const message =
        `${capitalize(listRows(rows))} count the same part "${name}" on ${date}` +
        (duplicates.length > 1 ? `, and ${duplicates.length - 1} more parts are counted twice` : '') +
        '. Give each part one row per date.';
      const dupIssues = duplicates.flatMap(([k, rs]) => {
        const [n, d] = JSON.parse(k) as [string, string];
        return rs.slice(1).map((rowNumber) => ({
          rowNumber,
          column: r.column('uniqueName'),
          value: n,
          message: `Part "${n}" is already counted on ${d} on row ${rs[0]}.`,
        }));
      });
      return fileFailure(
        message,
        [...issues, ...dupIssues].sort((a, b) => a.rowNumber - b.rowNumber),
        totalRows,
      );
    }
    if (!counts.length) {
      return fileFailure(
        `None of the ${totalRows} data rows could be imported; the upload log gives each row's problem.`,
        issues,
        totalRows,
      );
    }
    return { ok: true, counts, issues, totalRows };
  };

  return {
    rowCount: totalRows,
    columnCount: located.headerRow.cells.length,
    addRows(from: number, to: number) {
      for (let i = from; i < to; i++) addRow(located.dataRows[i]);
    },
    finish,
  };
}
