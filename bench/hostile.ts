// How the server answers others while it refuses hostile input: the app
// server (node server/main.ts, PGlite, demo data) gets each case below while a
// probe asks GET /v1/session every 50 ms (from its own thread,
// bench/probe.worker.ts); the figures are the case's answer,
// how long it took to be refused or to fail, and the probe's latency during
// it (p50, p95, max). The tests assert that each case is refused and that
// the server still answers (tests/server/dos.test.ts, upload-limits.test.ts);
// the latency lives here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demo.ts';
import { startAppServer, stopProcess } from './app-server.ts';
import { benchPostgresSettingsText, startBenchPostgres } from './postgres.ts';
import { writeResults } from './results.ts';
import { percentile } from './stats.ts';

interface CaseFigures {
  answer: string;
  seconds: number;
  probeMs: { p50: number; p95: number; max: number; probes: number; failed: number };
}

interface HostileCase {
  name: string;
  run(base: string, auth: Record<string, string>): Promise<string>;
}

const MB = 1024 * 1024;

/** Posts a CSV as an open-order upload and waits until it ends; the answer is its status and message. */
async function hostileUpload(base: string, auth: Record<string, string>, name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), name);
  const post = () => fetch(`${base}/v1/openOrderUploads`, { method: 'POST', headers: auth, body: form });
  // Once more on a network error: the client may reuse a connection the server closed after refusing an
  // earlier case's body unread, as browsers retry then too.
  const posted = await post().catch(post);
  const body = (await posted.json()) as { sid?: string; message?: string };
  if (!body.sid) return `${posted.status} ${body.message ?? ''}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const upload = (await (await fetch(`${base}/v1/openOrderUploads/${body.sid}`, { headers: auth })).json()) as {
      status: string;
      failureMessage: string | null;
    };
    if (upload.status !== 'processing' || Date.now() > deadline) {
      return `${upload.status}: ${upload.failureMessage ?? ''}`.slice(0, 200);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const CASES: HostileCase[] = [
  {
    name: 'deep JSON (1 MB of "[") to the bulk update',
    async run(base, auth) {
      const r = await fetch(`${base}/v1/itemGroups/bulk`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: `${'['.repeat(MB / 2 - 1)}${']'.repeat(MB / 2 - 1)}`,
      });
      return `${r.status} ${((await r.json()) as { code: string }).code}`;
    },
  },
  {
    name: 'ten concurrent 5 MB sign-in bodies of nested arrays',
    async run(base) {
      const body = `{"email":"a@b.c","password":${'['.repeat(2.5 * MB)}${']'.repeat(2.5 * MB)}}`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${base}/v1/session/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          })
            .then((r) => String(r.status))
            .catch((e: unknown) => `reset (${e instanceof Error ? e.message : String(e)})`),
        ),
      );
      return [...new Set(answers)].join(', ');
    },
  },
  {
    name: '50 MB CSV: a header and empty lines',
    run: (base, auth) =>
      hostileUpload(
        base,
        auth,
        'blank.csv',
        Buffer.concat([Buffer.from('PO,Line,Qty\n'), Buffer.alloc(50 * MB - 12, 10)]),
      ),
  },
  {
    name: '13 MB CSV with 1,000,000 columns',
    run: (base, auth) => hostileUpload(base, auth, 'wide.csv', Buffer.from(`${'abcdefghijkl,'.repeat(1_000_000)}\n`)),
  },
  {
    name: 'one 50 MB line',
    run: (base, auth) => hostileUpload(base, auth, 'line.csv', Buffer.alloc(50 * MB - 1024, 'x')),
  },
  {
    name: '25 M cells (5,000 rows × 5,000 columns)',
    run: (base, auth) => hostileUpload(base, auth, 'cells.csv', Buffer.from(`${'1,'.repeat(4999)}1\n`.repeat(5000))),
  },
];

async function measure(base: string, auth: Record<string, string>, c: HostileCase): Promise<CaseFigures> {
  const probe = new Worker(new URL('./probe.worker.ts', import.meta.url), { workerData: { base, auth } });
  const nextMessage = () =>
    new Promise<unknown>((resolve, reject) => {
      probe.once('message', resolve);
      probe.once('error', reject);
    });
  await nextMessage(); // 'ready'
  const probed = nextMessage() as Promise<{ latencies: number[]; failed: number }>;
  const started = performance.now();
  const answer = await c.run(base, auth);
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  probe.postMessage('stop');
  const { latencies: probes, failed } = await probed;
  await probe.terminate();
  const sorted = probes.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    answer,
    seconds,
    probeMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      max: round(sorted.at(-1) ?? 0),
      probes: probes.length,
      failed,
    },
  };
}

/** Every case on one engine: PGlite runs in the server's own thread, PostgreSQL is a server of its own. */
type Engine = 'pglite' | 'postgres';

async function onEngine(engine: Engine): Promise<Record<string, CaseFigures>> {
  const dir = mkdtempSync(join(tmpdir(), 'factor-bench-hostile-'));
  const cluster = engine === 'postgres' ? await startBenchPostgres() : null;
  const env: Record<string, string> = cluster ? { DATABASE_URL: cluster.url } : { DATA_DIR: join(dir, 'pglite') };
  const { child, base } = await startAppServer(env, join(dir, 'no-dist'));
  const figures: Record<string, CaseFigures> = {};
  console.log(`  on ${engine === 'postgres' ? `PostgreSQL (${benchPostgresSettingsText})` : 'PGlite'}:`);
  try {
    const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer')!;
    const login = await fetch(`${base}/v1/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: buyer.email, password: DEMO_PASSWORD }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    // BENCH_HOSTILE_ONLY (a part of a case's name) runs that case alone, while working on it.
    const only = process.env.BENCH_HOSTILE_ONLY;
    for (const c of CASES.filter((k) => !only || k.name.includes(only))) {
      figures[c.name] = await measure(base, auth, c);
      const f = figures[c.name];
      console.log(
        `    ${c.name}: ${f.answer} after ${f.seconds} s; probes p50 ${f.probeMs.p50} ms, p95 ${f.probeMs.p95} ms, max ${f.probeMs.max} ms (${f.probeMs.probes} answered, ${f.probeMs.failed} failed)`,
      );
    }
    if (child.exitCode !== null) throw new Error('the server process exited during the hostile cases');
  } finally {
    await stopProcess(child);
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

export async function benchHostile(): Promise<Partial<Record<Engine, Record<string, CaseFigures>>>> {
  // BENCH_HOSTILE_ENGINES=pglite (or postgres) measures one engine.
  const engines = (process.env.BENCH_HOSTILE_ENGINES ?? 'pglite,postgres').split(',') as Engine[];
  const figures: Partial<Record<Engine, Record<string, CaseFigures>>> = {};
  for (const engine of engines) figures[engine] = await onEngine(engine);
  return figures;
}

if (import.meta.main) {
  const figures = await benchHostile();
  if (process.argv.includes('--write')) await writeResults({ hostileInput: figures }, { merge: true });
}
