// Which sheet of a workbook to import: the one whose header row gives the
// required fields, passing over pivot tables and summaries, which also name
// the fields but hold totals. Shared by the server's import
// (server/domain/import/columns.ts) and the browser's preview. Pure, and
// without imports, so the server can load it as it is.

export interface SheetCandidate {
  /** The sheet's name; null for CSV. */
  name: string | null;
  /** Fields its header row gives. */
  fields: ReadonlySet<string>;
  /** Columns its header row recognises. */
  recognised: number;
  /** The header row's cells, to tell a pivot table by its own words. */
  headerCells: readonly string[];
}

/** Names of sheets that summarise rather than list: pivots, totals, charts, notes. */
const SUMMARY_NAME =
  /\b(pivot|summary|summaries|totals?|overview|dashboard|charts?|graphs?|report\s+info|instructions|read\s*me|notes|legend|lookups?)\b/i;
/** A spreadsheet's pivot table writes these in its header row. */
const PIVOT_CELL = /^(row labels|column labels|grand total|(sum|count|average|max|min) of\b)/i;

/** Whether a sheet is a pivot table or a summary, by its name or its header row. */
export function isSummarySheet(candidate: Pick<SheetCandidate, 'name' | 'headerCells'>): boolean {
  if (candidate.name !== null && SUMMARY_NAME.test(candidate.name.replace(/[_-]+/g, ' '))) return true;
  return candidate.headerCells.some((cell) => PIVOT_CELL.test(cell.trim()));
}

/** Whether the header gives every required group (each met by one of its fields). */
export const meetsRequired = (fields: ReadonlySet<string>, required: readonly (readonly string[])[]): boolean =>
  required.every((group) => group.some((key) => fields.has(key)));

/**
 * The index of the sheet to import, or -1 when none has a recognised column: the first that gives the required
 * fields and is no summary, else the first that gives them, else the first list with the most recognised
 * columns, else the first with any.
 */
export function bestSheet(candidates: readonly SheetCandidate[], required: readonly (readonly string[])[]): number {
  const rank = (c: SheetCandidate): number => {
    if (c.recognised === 0) return 0;
    const complete = meetsRequired(c.fields, required);
    const summary = isSummarySheet(c);
    return complete ? (summary ? 3 : 4) : summary ? 1 : 2;
  };
  let best = -1;
  let bestRank = 0;
  candidates.forEach((candidate, index) => {
    const r = rank(candidate);
    const better =
      r > bestRank || (r === bestRank && r > 0 && candidate.recognised > candidates[best].recognised && r <= 2);
    if (better) {
      best = index;
      bestRank = r;
    }
  });
  return best;
}
