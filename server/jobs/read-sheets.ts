// Reads an import file's sheets in a worker thread with a heap cap and a time
// limit, CSV and workbooks alike: the workbook reader can spin forever or take
// gigabytes on some damaged files, and a hostile CSV (50 MB of blank lines, a
// line of a million columns) once took the whole server down when it was
// parsed here. The reader holds every file to FILE_LIMITS while it reads
// (domain/import/table.ts), so what comes back is bounded too; it comes back a
// batch of rows at a time, each batch asked for once the one before is in, so
// copying a large file's rows to this thread never holds its event loop for
// long.
import { Worker } from 'node:worker_threads';
import {
  FILE_LIMITS,
  FileLimitError,
  type FileLimits,
  type FileType,
  type Sheet,
  type SheetRow,
} from '../domain/import/table.ts';

/** What the worker is given. */
export interface ReadRequest {
  bytes: Uint8Array;
  fileType: FileType;
  limits: FileLimits;
}

/** What the worker says, in turn: the sheets, their rows in batches (one per 'more'), done; or why it failed. */
export type ReaderMessage =
  | { kind: 'sheets'; sheets: { name: string | null; decimalComma: boolean }[] }
  | { kind: 'rows'; sheet: number; rows: SheetRow[] }
  | { kind: 'done' }
  | { kind: 'failed'; message: string; limit: boolean };

/** What this thread asks the worker for: the next batch of rows (or done). */
export type ReaderRequest = 'more';

const DEFAULT_TIME_LIMIT_MS = 120_000;
const DEFAULT_MEMORY_LIMIT_MB = 1024;
const ADVICE = 'Save it again from your spreadsheet program, or export it as CSV.';

export interface ReadLimits {
  /** How long reading may take; default IMPORT_READ_TIME_LIMIT_MS, else 120 s. */
  timeLimitMs?: number;
  /** The reader's heap (V8 old generation), in MB; default 1024. */
  memoryLimitMb?: number;
  /** What the file may hold; FILE_LIMITS by default. */
  file?: FileLimits;
  /**
   * The caller is done with the bytes: they are moved to the reader as they are, not copied first (a 50 MB
   * file read from its parts into a buffer of its own). The caller's array is empty afterwards.
   */
  handOver?: boolean;
}

function timeLimitFromEnv(): number {
  const value = Number(process.env.IMPORT_READ_TIME_LIMIT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIME_LIMIT_MS;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 100) / 10;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

const what = (fileType: FileType) => (fileType === 'csv' ? 'the file' : 'the workbook');

function readerFailure(error: Error & { code?: string }, fileType: FileType, memoryLimitMb: number): Error {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new Error(
      `reading ${what(fileType)} ran out of memory (more than ${memoryLimitMb} MB); the file may be damaged or too large. ${ADVICE}`,
    );
  }
  return new Error(`the ${fileType === 'csv' ? 'file' : 'workbook'} reader failed: ${error.message}`);
}

/**
 * The sheets of an import file, as readSheets gives them, read in a worker
 * within the limits. Throws FileLimitError (its message names the limit) for
 * a file past FILE_LIMITS, an Error saying why for one that cannot be read.
 */
export async function readSheetsLimited(
  content: Uint8Array,
  fileType: FileType,
  options: ReadLimits = {},
): Promise<Sheet[]> {
  const timeLimitMs = options.timeLimitMs ?? timeLimitFromEnv();
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  // Moved (not cloned) to the worker: the caller's own buffer when it hands it over and the bytes fill it,
  // else one copy, so the caller keeps its bytes intact.
  const own = content.buffer instanceof ArrayBuffer && content.byteOffset === 0 ? content.buffer : null;
  const bytes =
    options.handOver && own && content.byteLength === own.byteLength ? new Uint8Array(own) : new Uint8Array(content);
  const request: ReadRequest = { bytes, fileType, limits: options.file ?? FILE_LIMITS };
  const worker = new Worker(new URL('./read-sheets.worker.ts', import.meta.url), {
    workerData: request,
    transferList: [bytes.buffer],
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
  });
  const outcome = await new Promise<Sheet[] | Error>((settle) => {
    const timer = setTimeout(() => {
      settle(
        new Error(
          `reading ${what(fileType)} took longer than ${duration(timeLimitMs)}; the file may be damaged. ${ADVICE}`,
        ),
      );
    }, timeLimitMs);
    const done = (result: Sheet[] | Error) => {
      clearTimeout(timer);
      settle(result);
    };
    let sheets: Sheet[] = [];
    worker.on('message', (message: ReaderMessage) => {
      switch (message.kind) {
        case 'sheets':
          sheets = message.sheets.map((s) => ({ ...s, rows: [] }));
          break;
        case 'rows': {
          const rows = sheets[message.sheet].rows;
          for (const row of message.rows) rows.push(row);
          break;
        }
        case 'done':
          done(sheets);
          return;
        case 'failed':
          done(message.limit ? new FileLimitError(message.message) : new Error(message.message));
          return;
      }
      worker.postMessage('more' satisfies ReaderRequest);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      done(readerFailure(error, fileType, memoryLimitMb));
    });
    worker.once('exit', (code) => {
      done(
        new Error(
          `the ${fileType === 'csv' ? 'file' : 'workbook'} reader stopped (exit code ${code}) before it finished`,
        ),
      );
    });
  });
  // The thread is gone before this returns, whatever happened: nothing keeps running or holds memory.
  await worker.terminate();
  if (outcome instanceof Error) throw outcome;
  return outcome;
}
