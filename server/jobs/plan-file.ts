// An upload's file as sheets, and its plan a batch of rows at a time: what
// the upload job (upload-import.ts) does before it writes, and all that a
// check (check-upload.ts) does before it compares. The messages are the
// upload job's, so a check refuses a file in the words its upload would fail
// with.
import type { FileFailure, RowPlanner } from '../domain/import/plan.ts';
import { FileLimitError, type Sheet } from '../domain/import/table.ts';
import type { UploadFileType } from '../domain/file-type.ts';
import { readSheetsLimited } from './read-sheets.ts';

/**
 * Rows planned between two turns of the event loop (about 30 ms of work): planning 100,000 rows in one go
 * would hold the server for most of a second. Fewer rows when they are wide: custom-field columns make a
 * row's work grow with its cells (the bench file has 12 columns, 60,000 cells a batch).
 */
const PLAN_BATCH_ROWS = 5000;
const PLAN_BATCH_CELLS = 60_000;

const KIND_LABEL = { csv: 'CSV text', xlsx: 'an XLSX workbook', xls: 'an XLS workbook' } as const;

const failure = (message: string): FileFailure => ({ ok: false, message, issues: [], totalRows: 0 });

/**
 * The file's sheets, read in the reader's worker within its limits (read-sheets.ts): only the one named
 * `sheetName` when given. A file past a limit, unreadable, or without that sheet is a failure saying so. The
 * bytes are handed over to the reader: the caller must not read them again.
 */
export async function readUploadSheets(
  content: Uint8Array,
  fileType: UploadFileType,
  sheetName: string | null,
): Promise<Sheet[] | FileFailure> {
  let sheets: Sheet[];
  try {
    sheets = await readSheetsLimited(content, fileType, { handOver: true });
  } catch (error) {
    // A limit's message says it all; anything else is why the reader gave up.
    if (error instanceof FileLimitError) return failure(error.message);
    const reason = error instanceof Error ? error.message : String(error);
    return failure(`The file could not be read as ${KIND_LABEL[fileType]}: ${reason}`);
  }
  if (sheetName === null) return sheets;
  const named = sheets.filter((s) => s.name === sheetName);
  if (named.length) return named;
  const names = sheets.map((s) => `"${s.name ?? ''}"`).join(', ');
  return failure(
    fileType === 'csv'
      ? `sheetName "${sheetName}" was given, but a CSV file has no sheets.`
      : `The workbook has no sheet named "${sheetName}"; its sheets are ${names}.`,
  );
}

/** A planner's plan, a batch of rows between two turns of the event loop. */
export async function planInBatches<Plan>(planner: RowPlanner<Plan> | FileFailure): Promise<Plan | FileFailure> {
  if ('ok' in planner) return planner;
  const batch = Math.max(1, Math.min(PLAN_BATCH_ROWS, Math.floor(PLAN_BATCH_CELLS / planner.columnCount)));
  for (let from = 0; from < planner.rowCount; from += batch) {
    planner.addRows(from, Math.min(planner.rowCount, from + batch));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return planner.finish();
}
