// Reads a file's preview in a Web Worker: CSV text in the preview worker,
// workbooks in the workbook worker (loaded only when a workbook comes).
import { sniffContent } from './content';
import type { RawPreview } from './read';

interface PreviewAnswer {
  id: number;
  preview: RawPreview;
}

type WorkerName = 'text' | 'workbook';

function startWorker(name: WorkerName): Worker {
  // Each `new Worker(new URL(…))` is its own bundle for Vite: the literal form must stay as it is.
  return name === 'text'
    ? new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' })
    : new Worker(new URL('./workbook.worker.ts', import.meta.url), { type: 'module' });
}

const workers = new Map<WorkerName, Worker>();
const waiting = new Map<number, (preview: RawPreview) => void>();
let nextId = 1;

function workerFor(name: WorkerName): Worker {
  const running = workers.get(name);
  if (running) return running;
  const worker = startWorker(name);
  worker.onmessage = (event: MessageEvent<PreviewAnswer>) => {
    const resolve = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    resolve?.(event.data.preview);
  };
  worker.onerror = (event) => {
    // A worker that failed to load or crashed: the waiting previews get the reason, the next one a new worker.
    event.preventDefault();
    const preview: RawPreview = { ok: false, message: `The file preview failed: ${event.message || 'worker error'}` };
    for (const resolve of waiting.values()) resolve(preview);
    waiting.clear();
    worker.terminate();
    workers.delete(name);
  };
  workers.set(name, worker);
  return worker;
}

/** The first rows of a file and its size in rows, read in a worker. */
export async function previewFile(file: Blob): Promise<RawPreview> {
  const head = sniffContent(new Uint8Array(await file.slice(0, 8).arrayBuffer()), true);
  const worker = workerFor(head.kind === 'xlsx' || head.kind === 'xls' ? 'workbook' : 'text');
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, file });
  });
}
