// `node server/main.ts` as a child process of a test, on a port of its own:
// started, waited for until it says it is running, stopped (gracefully or with
// SIGKILL), and signed in to with the demo logins. The test that starts one
// stops it when it finishes, whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { onTestFinished } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD, type DemoLogin } from '../../server/seed/demo.ts';

/** A port nobody listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('could not read the chosen port'));
      });
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
}

export interface StartOptions {
  /** The port to listen on (a free one when left out). */
  port?: number;
  /** Environment on top of the inherited one minus DATABASE_URL: DATABASE_URL or DATA_DIR, JOBS, SEED_DEMO, … */
  env: Record<string, string>;
  /** DIST_DIR: tests point it at a folder that does not exist, so no build is needed. */
  distDir: string;
  /** How long to wait for 'Factor is running' (seeding a fresh database counts in it). */
  startTimeoutMs?: number;
}

/** Starts `node server/main.ts` and resolves once it is listening; the current test stops it when it finishes. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  // An inherited DATABASE_URL would point a PGlite server at someone else's PostgreSQL.
  const { DATABASE_URL: _inheritedUrl, ...inherited } = process.env;
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: { ...inherited, HOST: '127.0.0.1', PORT: String(port), DIST_DIR: options.distDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => stopServer(child, 'SIGKILL'));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  while (!output.includes('Factor is running')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

/**
 * Sends the signal and resolves once the process has exited (at once when it already has). A SIGTERM that
 * has not ended it within graceMs (main.ts closes the server, then stops the jobs) is followed by SIGKILL.
 */
export async function stopServer(child: ChildProcess, signal: NodeJS.Signals, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  if (signal === 'SIGKILL') {
    await exited;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => {
    timer = setTimeout(() => {
      r('late');
    }, graceMs);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** The demo login of a role (the first of it). */
export function demoLogin(role: DemoLogin['role']): DemoLogin {
  const login = DEMO_LOGINS.find((l) => l.role === role);
  if (!login) throw new Error(`no demo login for the ${role} role`);
  return login;
}

/** Signs in with a demo login (the buyer's by default) and resolves with the session's bearer token. */
export async function signIn(base: string, email = demoLogin('buyer').email): Promise<string> {
  const login = await fetch(`${base}/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in as ${email} answered ${login.status}: ${await login.text()}`);
  return ((await login.json()) as { token: string }).token;
}
