// `npm start`'s server on its embedded database: the first start creates the
// database and loads the demo; a restart reopens it with everything kept.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demo.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'factor-start-'));
afterAll(() => {
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

/** Starts the server and resolves with its output once it listens. */
async function start(port: number): Promise<{ child: ChildProcess; output: () => string }> {
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
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Factor is running')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function signIn(port: number): Promise<string> {
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer')!;
  const response = await fetch(`http://127.0.0.1:${port}/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: buyer.email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

it(
  'creates and seeds the database on first start, reopens it with everything kept, and db:reset starts over',
  { timeout: 240_000 },
  async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toContain('Loaded the demo organization');
    expect(first.output()).toContain(DEMO_PASSWORD);
    for (const login of DEMO_LOGINS) expect(first.output()).toContain(login.email);
    const token = await signIn(port);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`http://127.0.0.1:${port}/v1/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ uniqueName: 'PO-RESTART-1', vendorName: 'Restart Vendor' }),
    });
    expect(created.status).toBe(201);
    await stop(first.child);

    const second = await start(port);
    expect(second.output()).not.toContain('Loaded the demo organization');
    const again = await signIn(port);
    const kept = await fetch(`http://127.0.0.1:${port}/v1/orders/PO-RESTART-1`, {
      headers: { authorization: `Bearer ${again}` },
    });
    expect(kept.status).toBe(200);
    const page = (await (
      await fetch(`http://127.0.0.1:${port}/v1/orders?pageSize=500`, { headers: { authorization: `Bearer ${again}` } })
    ).json()) as {
      orders: unknown[];
    };
    expect(page.orders).toHaveLength(51);
    await stop(second.child);

    // npm run db:reset: back to the demo alone.
    const reset = spawnSync(process.execPath, ['server/seed/reset.ts'], {
      env: { ...process.env, DATA_DIR: join(dataDir, 'pglite') },
      encoding: 'utf8',
    });
    expect(reset.status, reset.stderr).toBe(0);
    const third = await start(port);
    const fresh = await signIn(port);
    const gone = await fetch(`http://127.0.0.1:${port}/v1/orders/PO-RESTART-1`, {
      headers: { authorization: `Bearer ${fresh}` },
    });
    expect(gone.status).toBe(404);
    await stop(third.child);
  },
);
