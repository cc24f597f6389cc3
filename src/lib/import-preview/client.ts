// Reads a file's preview in a Web Worker: CSV text in the preview worker,
// workbooks in the workbook worker (loaded only when a workbook comes). A
// damaged workbook can keep the reader busy forever, so a preview has a time
// limit: past it the worker is terminated, the preview fails with the reason
// and the next file gets a fresh worker.
import { sniffContent } from './content';
import type { RawPreview } from './read';

interface PreviewAnswer {
  id: number;
  preview: RawPreview;
}

type WorkerName = 'text' | 'workbook';

/** How long one preview may take, in ms: a workbook is read whole, text only in part. */
const TIME_LIMIT_MS: Record<WorkerName, number> = { text: 10_000, workbook: 30_000 };

const TIMED_OUT: Record<WorkerName, RawPreview> = {
  text: {
    ok: false,
    message: `Reading the file took longer than ${TIME_LIMIT_MS.text / 1000} seconds; the file may be damaged or not text.`,
  },
  workbook: {
    ok: false,
    message:
      `Reading the workbook took longer than ${TIME_LIMIT_MS.workbook / 1000} seconds; the file may be damaged. ` +
      'Save it again from your spreadsheet program, or export it as CSV.',
  },
};

function startWorker(name: WorkerName): Worker {
  // Each `new Worker(new URL(…))` is its own bundle for Vite: the literal form must stay as it is.
  return name === 'text'
    ? new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' })
    : new Worker(new URL('./workbook.worker.ts', import.meta.url), { type: 'module' });
}

interface Pending {
  file: Blob;
  resolve: (preview: RawPreview) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Running {
  worker: Worker;
  /** The previews asked of this worker and not yet answered, by request id. */
  pending: Map<number, Pending>;
}

const workers = new Map<WorkerName, Running>();
let nextId = 1;

/** Terminates a worker and takes it out of use; returns the previews it still owed. */
function retire(name: WorkerName, running: Running): Pending[] {
  running.worker.terminate();
  if (workers.get(name) === running) workers.delete(name);
  const owed = [...running.pending.values()];
  running.pending.clear();
  for (const pending of owed) clearTimeout(pending.timer);
  return owed;
}

function workerFor(name: WorkerName): Running {
  const current = workers.get(name);
  if (current) return current;
  const running: Running = { worker: startWorker(name), pending: new Map() };
  running.worker.onmessage = (event: MessageEvent<PreviewAnswer>) => {
    const pending = running.pending.get(event.data.id);
    if (!pending) return;
    running.pending.delete(event.data.id);
    clearTimeout(pending.timer);
    pending.resolve(event.data.preview);
  };
  running.worker.onerror = (event) => {
    // A worker that failed to load or crashed: its waiting previews get the reason, the next one a new worker.
    event.preventDefault();
    const preview: RawPreview = { ok: false, message: `The file preview failed: ${event.message || 'worker error'}` };
    for (const pending of retire(name, running)) pending.resolve(preview);
  };
  workers.set(name, running);
  return running;
}

function ask(name: WorkerName, file: Blob, resolve: (preview: RawPreview) => void): void {
  const running = workerFor(name);
  const id = nextId++;
  const timer = setTimeout(() => {
    const late = running.pending.get(id);
    running.pending.delete(id);
    const queued = retire(name, running);
    late?.resolve(TIMED_OUT[name]);
    // The previews asked after it were stuck behind it, not at fault: a fresh worker reads them.
    for (const pending of queued) ask(name, pending.file, pending.resolve);
  }, TIME_LIMIT_MS[name]);
  running.pending.set(id, { file, resolve, timer });
  running.worker.postMessage({ id, file });
}

/** The first rows of a file and its size in rows, read in a worker; a failure, never a wait without end. */
export async function previewFile(file: Blob): Promise<RawPreview> {
  const head = sniffContent(new Uint8Array(await file.slice(0, 8).arrayBuffer()), true);
  const name = head.kind === 'xlsx' || head.kind === 'xls' ? 'workbook' : 'text';
  return new Promise((resolve) => {
    ask(name, file, resolve);
  });
}
