// A stored upload never keeps the server from starting: `node server/main.ts`
// on a PGlite folder holding, still processing, an upload whose runs already
// stopped three times (as a file that took the process down leaves it) and
// the attacker's 50 MB file of blank lines, comes up, answers, and leaves both
// failed with their reason, the same process still running afterwards. The
// uploads are stored by a first start that works no jobs (JOBS=false).
import { PGlite } from '@electric-sql/pglite';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { FILE_LIMITS } from '../../server/domain/import/table.ts';
import { MAX_IMPORT_ATTEMPTS } from '../../server/jobs/upload-import.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demo.ts';

const dir = mkdtempSync(join(tmpdir(), 'factor-upload-restart-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const dataDir = join(dir, 'pglite');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

async function start(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  // An inherited DATABASE_URL would point the server at someone else's PostgreSQL.
  const { DATABASE_URL: _inheritedUrl, ...inherited } = process.env;
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: {
      ...inherited,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DIST_DIR: join(dir, 'no-dist'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('Factor is running')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function signIn(base: string): Promise<Record<string, string>> {
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer')!;
  const login = await fetch(`${base}/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: buyer.email, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
}

interface Upload {
  sid: string;
  status: string;
  failureMessage: string | null;
}

async function upload(base: string, auth: Record<string, string>, content: Uint8Array<ArrayBuffer>, name: string) {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/csv' }), name);
  const created = await fetch(`${base}/v1/openOrderUploads`, { method: 'POST', headers: auth, body: form });
  expect(created.status).toBe(202);
  return ((await created.json()) as Upload).sid;
}

it(
  'starts with uploads stored that stopped too often or would take it down, and fails them',
  { timeout: 300_000 },
  async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await start(port, { JOBS: 'false' });
    let auth = await signIn(base);
    const stopped = await upload(
      base,
      auth,
      new TextEncoder().encode('PO Number,Item,Qty\nPO-RESTART-9,BOLT,5\n'),
      'orders.csv',
    );
    const blank = new Uint8Array(50 * 1024 * 1024 - 1024).fill(0x0a);
    blank.set(new TextEncoder().encode('PO Number,Item,Qty\n'));
    const hostile = await upload(base, auth, blank, 'blank-lines.csv');
    await stop(first);

    // As three runs that each took the process down leave it: counted, still processing.
    const pglite = await PGlite.create(dataDir);
    await pglite.query(`update uploads set attempts = $1 where sid = $2`, [MAX_IMPORT_ATTEMPTS, stopped]);
    const before = await pglite.query<{ status: string }>(`select status from uploads where sid in ($1, $2)`, [
      stopped,
      hostile,
    ]);
    await pglite.close();
    expect(before.rows).toEqual([{ status: 'processing' }, { status: 'processing' }]);

    const server = await start(port);
    auth = await signIn(base);
    const read = async (sid: string) =>
      (await (await fetch(`${base}/v1/openOrderUploads/${sid}`, { headers: auth })).json()) as Upload;
    let uploads = [await read(stopped), await read(hostile)];
    const deadline = Date.now() + 180_000;
    while (uploads.some((u) => u.status === 'processing') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      uploads = [await read(stopped), await read(hostile)];
    }
    expect(uploads[0]).toMatchObject({ status: 'failed' });
    expect(uploads[0].failureMessage).toMatch(
      new RegExp(`^The import stopped ${MAX_IMPORT_ATTEMPTS} times without finishing, so it is not tried again`),
    );
    expect(uploads[1]).toMatchObject({ status: 'failed' });
    expect(uploads[1].failureMessage).toContain(
      `The file has more than ${FILE_LIMITS.rows.toLocaleString('en-US')} rows (blank rows count too).`,
    );
    // The same process, still answering.
    expect(server.exitCode).toBeNull();
    const orders = await fetch(`${base}/v1/orders/PO-RESTART-9`, { headers: auth });
    expect(orders.status).toBe(404);
    await stop(server);
  },
);
