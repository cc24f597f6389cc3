// CSV text as rows, read as the server reads it (server/domain/import/table.ts):
// row numbers are spreadsheet rows (the first row is 1; a quoted cell with
// line breaks is one row) and the delimiter is the one whose first rows agree
// best. Pure; used in the preview worker, so papaparse stays off the page.
import Papa from 'papaparse';
import type { SheetRow } from './table';

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const SAMPLE_ROWS = 50;

/** The delimiter with the most rows sharing one field count of 2 or more (title lines do not spoil it). */
export function detectDelimiter(text: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const { data } = Papa.parse<string[]>(text, { delimiter, preview: SAMPLE_ROWS, skipEmptyLines: true });
    const counts = new Map<number, number>();
    for (const row of data) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    let score = 0;
    for (const [fields, rows] of counts) score = Math.max(score, rows * 1000 + fields);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/**
 * CSV text as rows. With `partial`, the text is the start of a longer file:
 * its last record may be cut, so it is left out, and `consumed` says how many
 * characters the kept rows span.
 */
export function parseCsv(text: string, partial = false): { rows: SheetRow[]; delimiter: Delimiter; consumed: number } {
  const delimiter = detectDelimiter(text);
  const { data } = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  let consumed = text.length;
  if (partial && data.length > 1) {
    data.pop();
    // Where the last kept record ends: parse again up to it to learn its end (cheap: papaparse's cursor).
    const kept = Papa.parse<string[]>(text, { delimiter, preview: data.length, skipEmptyLines: false });
    consumed = kept.meta.cursor;
  } else {
    // A final line break leaves one empty record behind: it is no row of the file.
    const last = data.at(-1);
    if (last && last.length === 1 && last[0] === '') data.pop();
  }
  return { rows: data.map((cells, i) => ({ rowNumber: i + 1, cells })), delimiter, consumed };
}
