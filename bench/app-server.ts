// The app server as the benchmarks run it: `node server/main.ts` on a free
// port of 127.0.0.1 with the given environment, and its stop; and the
// browser they measure it in.
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';

/**
 * Starts the server and resolves with its address once it listens. DATABASE_URL
 * and DATA_DIR come only from `env` (the engine is the caller's choice). Its
 * output is read on, so a chatty server never blocks on a full pipe; errors are shown.
 */
export async function startAppServer(
  env: Record<string, string>,
  distDir: string,
  startTimeoutMs = 120_000,
): Promise<{ child: ChildProcess; base: string }> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: { ...inherited, ...env, HOST: '127.0.0.1', PORT: '0', DIST_DIR: distDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise<string>((resolveBase, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the app server did not start within ${startTimeoutMs / 1000} s:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveBase(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app server exited (${String(code)}) before listening:\n${output}`));
    });
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(`  [server] ${chunk.toString()}`);
  });
  return { child, base };
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => {
    child.once('exit', () => {
      r();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Headless Chromium, launched as the end-to-end tests launch it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}
