// Reads one import file's sheets on its own thread for readSheetsLimited
// (./read-sheets.ts): a workbook the reader cannot finish then costs only this
// thread, which is terminated, and never the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { readSheets } from '../domain/import/table.ts';
import type { ReadAnswer, ReadRequest } from './read-sheets.ts';

const { bytes, fileType } = workerData as ReadRequest;
let answer: ReadAnswer;
try {
  answer = { ok: true, sheets: await readSheets(bytes, fileType) };
} catch (error) {
  // The reader's own words, so the upload's failure says what was wrong with the file.
  answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(answer);
