// Reads an import file's sheets with limits: a workbook is read in a worker
// thread with a heap cap and a time limit, because the workbook reader can
// spin forever or take gigabytes on some damaged files, which would stall or
// crash the whole server. CSV stays in this thread: it is quick and cannot hang.
import { Worker } from 'node:worker_threads';
import { readSheets, type FileType, type Sheet } from '../domain/import/table.ts';

/** What the worker is given. */
export interface ReadRequest {
  bytes: Uint8Array;
  fileType: FileType;
}

/** What the worker answers. */
export type ReadAnswer = { ok: true; sheets: Sheet[] } | { ok: false; message: string };

const DEFAULT_TIME_LIMIT_MS = 120_000;
const DEFAULT_MEMORY_LIMIT_MB = 1024;
const ADVICE = 'Save it again from your spreadsheet program, or export it as CSV.';

export interface ReadLimits {
  /** How long reading may take; default IMPORT_READ_TIME_LIMIT_MS, else 120 s. */
  timeLimitMs?: number;
  /** The reader's heap (V8 old generation), in MB; default 1024. */
  memoryLimitMb?: number;
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

function readerFailure(error: Error & { code?: string }, memoryLimitMb: number): Error {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new Error(
      `reading the workbook ran out of memory (more than ${memoryLimitMb} MB); the file may be damaged or too large. ${ADVICE}`,
    );
  }
  return new Error(`the workbook reader failed: ${error.message}`);
}

/** The sheets of an import file, as readSheets gives them; a workbook is read in a worker within the limits. */
export async function readSheetsLimited(
  content: Uint8Array,
  fileType: FileType,
  options: ReadLimits = {},
): Promise<Sheet[]> {
  if (fileType === 'csv') return readSheets(content, fileType);
  const timeLimitMs = options.timeLimitMs ?? timeLimitFromEnv();
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  // One copy, moved (not cloned) to the worker: the caller keeps its bytes intact.
  const bytes = content.slice();
  const request: ReadRequest = { bytes, fileType };
  const worker = new Worker(new URL('./read-sheets.worker.ts', import.meta.url), {
    workerData: request,
    transferList: [bytes.buffer],
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb },
  });
  const outcome = await new Promise<ReadAnswer | Error>((settle) => {
    const timer = setTimeout(() => {
      settle(
        new Error(`reading the workbook took longer than ${duration(timeLimitMs)}; the file may be damaged. ${ADVICE}`),
      );
    }, timeLimitMs);
    const done = (result: ReadAnswer | Error) => {
      clearTimeout(timer);
      settle(result);
    };
    worker.once('message', (answer: ReadAnswer) => {
      done(answer);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      done(readerFailure(error, memoryLimitMb));
    });
    worker.once('exit', (code) => {
      done(new Error(`the workbook reader stopped (exit code ${code}) before it finished`));
    });
  });
  // The thread is gone before this returns, whatever happened: nothing keeps running or holds memory.
  await worker.terminate();
  if (outcome instanceof Error) throw outcome;
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.sheets;
}
