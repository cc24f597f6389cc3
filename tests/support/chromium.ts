// How the end-to-end tests and the benchmarks launch Chromium: Debian's by
// default (Playwright's own download cannot be reached here), CHROMIUM_PATH
// overrides, and without either Playwright's browser if one is installed;
// without its calls home, which are refused here.
import { existsSync } from 'node:fs';

export function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] } {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}
