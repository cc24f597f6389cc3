// The preview client's time limit: a worker that never answers (a damaged
// workbook can keep the reader busy forever) fails its preview with the
// reason, is terminated, and the next file gets a fresh worker. The browser's
// Worker is stood in for by one that answers only when told to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RawPreview } from './read';

interface Request {
  id: number;
  file: Blob;
}

class FakeWorker {
  static started: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly requests: Request[] = [];
  terminated = false;
  private received: (() => void) | null = null;
  readonly url: URL;
  constructor(url: URL) {
    this.url = url;
    FakeWorker.started.push(this);
  }
  postMessage(request: Request) {
    this.requests.push(request);
    this.received?.();
  }
  terminate() {
    this.terminated = true;
  }
  /** Resolves once the worker has been asked for `count` previews. */
  async asked(count: number): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => (this.received = resolve));
  }
  answer(request: Request, preview: RawPreview) {
    this.onmessage?.({ data: { id: request.id, preview } });
  }
}

const workbook = () => new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4])]);
const text = () => new Blob(['PO Number,Qty\nPO-1,2\n']);
const previewOk: RawPreview = { ok: true, fileType: 'xlsx', encoding: null, delimiter: null, sheets: [] };

/** Waits (on real time: the timers are fake) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

/** The client afresh (it keeps its workers in module state) and the worker started for its first preview. */
async function start(file: Blob) {
  vi.resetModules();
  const { previewFile } = await import('./client');
  const preview = previewFile(file);
  await until(() => FakeWorker.started.length > 0);
  const worker = FakeWorker.started[0];
  await worker.asked(1);
  return { previewFile, preview, worker };
}

beforeEach(() => {
  FakeWorker.started = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('previewFile', () => {
  it('fails a workbook preview after 30 seconds, terminates its worker and starts a fresh one for the next file', async () => {
    const { previewFile, preview, worker } = await start(workbook());
    expect(worker.url.pathname).toMatch(/workbook\.worker\.ts$/);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(worker.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await preview).toEqual({
      ok: false,
      message:
        'Reading the workbook took longer than 30 seconds; the file may be damaged. ' +
        'Save it again from your spreadsheet program, or export it as CSV.',
    });
    expect(worker.terminated).toBe(true);

    const next = previewFile(workbook());
    await until(() => FakeWorker.started.length === 2);
    const fresh = FakeWorker.started[1];
    await fresh.asked(1);
    fresh.answer(fresh.requests[0], previewOk);
    expect(await next).toEqual(previewOk);
  });

  it('fails a text preview after 10 seconds', async () => {
    const { preview, worker } = await start(text());
    expect(worker.url.pathname).toMatch(/preview\.worker\.ts$/);
    await vi.advanceTimersByTimeAsync(10_000);
    const result = await preview;
    expect(result).toEqual({
      ok: false,
      message: 'Reading the file took longer than 10 seconds; the file may be damaged or not text.',
    });
    expect(worker.terminated).toBe(true);
  });

  it('keeps the answer of a worker in time, and the worker too', async () => {
    const { preview, worker } = await start(workbook());
    worker.answer(worker.requests[0], previewOk);
    expect(await preview).toEqual(previewOk);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(worker.terminated).toBe(false);
  });

  it('asks a fresh worker for the previews stuck behind one that timed out', async () => {
    const { previewFile, preview, worker } = await start(workbook());
    await vi.advanceTimersByTimeAsync(20_000);
    const queued = previewFile(workbook());
    await worker.asked(2);
    await vi.advanceTimersByTimeAsync(10_000);
    const failed = await preview;
    expect(failed.ok ? 'read' : failed.message).toMatch(/^Reading the workbook took longer than 30 seconds/);
    expect(worker.terminated).toBe(true);

    const fresh = FakeWorker.started[1];
    expect(fresh.requests.map((r) => r.file)).toEqual([worker.requests[1].file]);
    fresh.answer(fresh.requests[0], previewOk);
    expect(await queued).toEqual(previewOk);
  });
});
