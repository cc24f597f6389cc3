// An import survives the server being killed: `node server/main.ts` on a temp
// PGlite folder takes a 20,000-row open-order file, is killed with SIGKILL
// after some chunks were written, and started again; the job resumes and
// completes, and every order, item and item group exists exactly once.
import { PGlite } from '@electric-sql/pglite';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demo.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'factor-import-restart-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

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

async function start(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(dataDir, 'pglite'),
      DIST_DIR: join(dataDir, 'no-dist'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
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

async function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const done = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await done;
}

interface Upload {
  sid: string;
  status: string;
  rowCountTotal: number;
  rowsProcessed: number;
  rowCountCreated: number;
  rowCountUpdated: number;
  rowCountSuccess: number;
  rowCountFailure: number;
  failureMessage: string | null;
}

const ORDERS = 2000;
const ITEMS = 5;
const GROUPS = 2;
const ROWS = ORDERS * ITEMS * GROUPS;

function bigFile(): string {
  const lines = ['PO Number,Vendor,Item,Item Group Unique Name,Qty,Due Date'];
  for (let o = 0; o < ORDERS; o++) {
    for (let i = 0; i < ITEMS; i++) {
      for (let g = 0; g < GROUPS; g++)
        lines.push(`RST-${o},Vendor ${o % 37},PART-${i},S${g},${o + i + g + 1},2026-0${(g % 9) + 1}-15`);
    }
  }
  return `${lines.join('\n')}\n`;
}

it('resumes an import after SIGKILL and finishes it with every row written once', { timeout: 600_000 }, async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await start(port);
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer')!;
  const login = await fetch(`${base}/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: buyer.email, password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const form = new FormData();
  form.append('file', new Blob([bigFile()], { type: 'text/csv' }), 'restart.csv');
  const created = await fetch(`${base}/v1/openOrderUploads`, { method: 'POST', headers: auth, body: form });
  expect(created.status).toBe(202);
  const { sid } = (await created.json()) as Upload;
  const read = async () =>
    (await (await fetch(`${base}/v1/openOrderUploads/${sid}`, { headers: auth })).json()) as Upload;

  // Kill the server once some chunks are written and most are not.
  let seen = await read();
  const deadline = Date.now() + 180_000;
  while (seen.rowsProcessed === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await read();
  }
  await exited(server, 'SIGKILL');
  expect(seen.status).toBe('processing');
  expect(seen.rowsProcessed).toBeGreaterThan(0);
  expect(seen.rowsProcessed).toBeLessThan(ROWS);

  server = await start(port);
  const relogin = await fetch(`${base}/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: buyer.email, password: DEMO_PASSWORD }),
  });
  auth.authorization = `Bearer ${((await relogin.json()) as { token: string }).token}`;
  let final = await read();
  const resumeDeadline = Date.now() + 300_000;
  while (final.status === 'processing' && Date.now() < resumeDeadline) {
    await new Promise((r) => setTimeout(r, 250));
    final = await read();
  }
  expect(final).toMatchObject({
    status: 'completed',
    rowCountTotal: ROWS,
    rowsProcessed: ROWS,
    rowCountSuccess: ROWS,
    rowCountCreated: ROWS,
    rowCountUpdated: 0,
    rowCountFailure: 0,
    failureMessage: null,
  });
  await exited(server, 'SIGTERM');

  // Every unique name once, straight from the database.
  const pglite = await PGlite.create(join(dataDir, 'pglite'));
  try {
    const one = async (query: string) => (await pglite.query<Record<string, number>>(query)).rows[0];
    expect(
      await one(
        `select count(*)::int as n, count(distinct unique_name)::int as names from orders where unique_name like 'RST-%'`,
      ),
    ).toEqual({ n: ORDERS, names: ORDERS });
    expect(
      await one(`select count(*)::int as n, count(distinct (i.order_sid, i.unique_name))::int as names
        from items i join orders o on o.sid = i.order_sid where o.unique_name like 'RST-%'`),
    ).toEqual({ n: ORDERS * ITEMS, names: ORDERS * ITEMS });
    expect(
      await one(`select count(*)::int as n, count(distinct (g.item_sid, g.unique_name))::int as names
        from item_groups g join orders o on o.sid = g.order_sid where o.unique_name like 'RST-%'`),
    ).toEqual({ n: ROWS, names: ROWS });
    expect(
      await one(`select count(*)::int as n from events e join orders o on o.sid = e.order_sid
        where o.unique_name like 'RST-%' and e.event_type = 'itemGroup.created'`),
    ).toEqual({ n: ROWS });
    expect(
      await one(
        `select count(*)::int as n, count(distinct name)::int as names from vendors where name like 'Vendor %'`,
      ),
    ).toEqual({ n: 37, names: 37 });
  } finally {
    await pglite.close();
  }
});
