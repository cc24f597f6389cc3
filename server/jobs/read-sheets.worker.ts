// Reads one import file's sheets on its own thread for readSheetsLimited
// (./read-sheets.ts): a file the reader cannot finish then costs only this
// thread, which is terminated, and never the server's event loop. The rows go
// back a batch at a time, when asked for: each batch is copied into the
// server's thread in one go, so a batch is kept to a few milliseconds of it.
import { parentPort, workerData } from 'node:worker_threads';
import { FileLimitError, readSheets, type Sheet, type SheetRow } from '../domain/import/table.ts';
import type { ReaderMessage, ReaderRequest, ReadRequest } from './read-sheets.ts';

/** Cells, and characters, of one batch: about 5 ms to copy in (a 100,000-row file of 12 columns is 24 batches). */
const BATCH_CELLS = 50_000;
const BATCH_CHARS = 4_000_000;

function* batches(sheets: readonly Sheet[]): Generator<ReaderMessage> {
  for (let sheet = 0; sheet < sheets.length; sheet++) {
    let rows: SheetRow[] = [];
    let cells = 0;
    let chars = 0;
    for (const row of sheets[sheet].rows) {
      rows.push(row);
      cells += row.cells.length;
      for (const cell of row.cells) chars += cell.length;
      if (cells >= BATCH_CELLS || chars >= BATCH_CHARS) {
        yield { kind: 'rows', sheet, rows };
        rows = [];
        cells = 0;
        chars = 0;
      }
    }
    if (rows.length) yield { kind: 'rows', sheet, rows };
  }
  yield { kind: 'done' };
}

const port = parentPort;
if (!port) throw new Error('read-sheets.worker.ts runs as a worker thread of read-sheets.ts');
const { bytes, fileType, limits } = workerData as ReadRequest;
try {
  const sheets = await readSheets(bytes, fileType, limits);
  const answers = batches(sheets);
  port.on('message', (request: ReaderRequest) => {
    if (request !== 'more') return;
    const next = answers.next();
    if (!next.done) port.postMessage(next.value);
  });
  port.postMessage({
    kind: 'sheets',
    sheets: sheets.map((s) => ({ name: s.name, decimalComma: s.decimalComma })),
  } satisfies ReaderMessage);
} catch (error) {
  // The reader's own words, so the upload's failure says what was wrong with the file.
  port.postMessage({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    limit: error instanceof FileLimitError,
  } satisfies ReaderMessage);
}
