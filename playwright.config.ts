import { defineConfig } from '@playwright/test';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './tests/support/chromium.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

// Chosen once in the runner; its workers load this file again and inherit the variable.
process.env.E2E_PORT ??= String(await freePort());
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
// A fresh embedded database per run: the server creates it and loads the demo organization.
process.env.E2E_DATA_DIR ??= join(tmpdir(), `factor-e2e-${process.pid}-${port}`);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  // A guard against a hung test, not a speed check (speed is measured in `npm run bench`): on a busy
  // two-core machine the longer journeys and the axe scans of whole pages take 25 s and more.
  timeout: 60_000,
  use: {
    baseURL,
    // Toasts (sonner) fade in; an axe scan that meets one mid-fade measures its text at part opacity and reports
    // colour contrast, however a test waits for toasts first (one may come after the wait). With reduced motion, as
    // a user may ask for, sonner does not animate, and a scan sees the colours the toast settles on.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // The built app as `npm start` serves it, on a free port of 127.0.0.1, with its own fresh database.
    command: 'node server/main.ts',
    url: `${baseURL}/`,
    env: { HOST: '127.0.0.1', PORT: String(port), DATA_DIR: process.env.E2E_DATA_DIR },
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 120_000,
  },
});
