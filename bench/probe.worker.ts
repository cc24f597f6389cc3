// The hostile bench's probe, on a thread of its own: GET /v1/session every
// 50 ms until told to stop, then the latencies. On the bench's main thread
// its figures would include the client's own work (building a 50 MB form),
// not only the server's answer.
import { parentPort, workerData } from 'node:worker_threads';

const { base, auth } = workerData as { base: string; auth: Record<string, string> };
const latencies: number[] = [];
let failed = 0;
let running = true;
parentPort?.once('message', () => {
  running = false;
});
// One untimed request first: the thread's first fetch loads and connects the client, which is not the server's time.
await (await fetch(`${base}/v1/session`, { headers: auth })).arrayBuffer();
parentPort?.postMessage('ready');
while (running) {
  const started = performance.now();
  try {
    await (await fetch(`${base}/v1/session`, { headers: auth, signal: AbortSignal.timeout(60_000) })).arrayBuffer();
    latencies.push(performance.now() - started);
  } catch {
    failed += 1;
  }
  await new Promise((r) => setTimeout(r, 50));
}
parentPort?.postMessage({ latencies, failed });
