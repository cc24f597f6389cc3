// What a phone downloads and how the pages do on one. The built app (dist/)
// served by `node server/main.ts` on a throwaway PostgreSQL cluster, which
// loads the demo organization; headless Chromium on 127.0.0.1.
//
// Bytes: the first load of /login, of /orders signed in as the demo buyer,
// and of the vendor portal (/portal) signed in as the demo vendor
// sales@voltaris.example, each in a fresh browser context (empty cache), until
// the network is idle. Per response, Chromium's own count of bytes received over the wire
// (CDP Network.loadingFinished encodedDataLength: compressed body and
// headers), summed by resource type, beside the decoded bodies (what an
// uncompressed server would send, without headers).
//
// Lighthouse: its default (mobile) settings, performance and accessibility
// categories, simulated throttling (slow 4G, 4x CPU), on /login, /orders and
// /schedule, the signed-in pages with the buyer's session cookie in the
// browser's default context (Lighthouse keeps cookies, clears the cache), and
// on /portal with the vendor's, in a browser of its own. Performance budgets:
// 90 on the buyer's pages, 95 on the portal.
// Several runs per page, the median run by performance score reported, with
// its accessibility score, every run's scores, and the accessibility audits
// any run failed (none when the score is 100). Lighthouse scales
// its CPU throttling by how fast this machine is (benchmarkIndex), so a busy
// machine scores lower: the index and the load average go with the figures.
//
// `node bench/transfer.ts` runs it alone (--write also puts the figures into
// bench/results.json under transfer); `npm run bench` runs it too. Needs a
// built dist/ (`npm run build`). BENCH_LIGHTHOUSE_RUNS (3) runs per page.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demo.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import type { ThrowawayPostgres } from '../tests/support/postgres.ts';
import { launchChromium, startAppServer, stopProcess } from './app-server.ts';
import { startBenchPostgres } from './postgres.ts';
import { writeResults } from './results.ts';

const LIGHTHOUSE_RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));
const PAGES = { login: '/login', orders: '/orders', schedule: '/schedule' } as const;
const VENDOR_PAGES = { portal: '/portal' } as const;
/** BENCH_LIGHTHOUSE_PAGES=portal,orders: only these pages, to look at one while working on it (not for --write). */
const ONLY = process.env.BENCH_LIGHTHOUSE_PAGES?.split(',').filter(Boolean);
const chosen = (pages: Record<string, string>) =>
  Object.fromEntries(Object.entries(pages).filter(([name]) => !ONLY || ONLY.includes(name)));
/** Lighthouse mobile performance each page must reach. */
const PERFORMANCE_BUDGET: Record<string, number> = { login: 90, orders: 90, schedule: 90, portal: 95 };
const VENDOR_EMAIL = 'sales@voltaris.example';
const BUDGET =
  'Static assets precompressed and cached immutable, JSON compressed; Lighthouse mobile performance ≥ 90 on every page a buyer uses, ≥ 95 on the vendor portal, accessibility 100 on every page (DESIGN.md "Budgets")';

const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));

interface Credentials {
  email: string;
  password: string;
}

/** Signs the context in through the API: the session cookie lands in the context's cookie jar. */
async function signIn(context: BrowserContext, base: string, who: Credentials): Promise<void> {
  const response = await context.request.post(`${base}/v1/session/login`, { data: who });
  if (!response.ok()) throw new Error(`sign-in answered ${response.status()}: ${await response.text()}`);
}

/** Bytes of the first load of a page in a fresh context: over the wire (by resource type) and decoded. */
async function firstLoad(browser: Browser, base: string, path: string, who: Credentials | null) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  try {
    if (who) await signIn(context, base, who);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = new Map<string, { type: string; url: string; encoding: string | null; decoded: number }>();
    const finished: { requestId: string; encoded: number }[] = [];
    cdp.on('Network.responseReceived', (e) => {
      const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
      requests.set(e.requestId, { type: e.type, url: e.response.url, encoding: encoding?.[1] ?? null, decoded: 0 });
    });
    cdp.on('Network.dataReceived', (e) => {
      const request = requests.get(e.requestId);
      if (request) request.decoded += e.dataLength;
    });
    cdp.on('Network.loadingFinished', (e) => {
      finished.push({ requestId: e.requestId, encoded: e.encodedDataLength });
    });
    await cdp.send('Network.enable');
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    const byType: Record<string, { requests: number; transferredKb: number; decodedKb: number }> = {};
    let transferred = 0;
    let decoded = 0;
    const uncompressedText: string[] = [];
    for (const { requestId, encoded } of finished) {
      const request = requests.get(requestId);
      if (!request) continue;
      const type = request.type.toLowerCase();
      byType[type] ??= { requests: 0, transferredKb: 0, decodedKb: 0 };
      byType[type].requests++;
      byType[type].transferredKb += encoded / 1024;
      byType[type].decodedKb += request.decoded / 1024;
      transferred += encoded;
      decoded += request.decoded;
      // Text over a kilobyte that came without an encoding is worth naming.
      if (
        !request.encoding &&
        request.decoded > 1024 &&
        ['script', 'stylesheet', 'document', 'fetch', 'xhr'].includes(type)
      ) {
        uncompressedText.push(new URL(request.url).pathname);
      }
    }
    for (const figures of Object.values(byType)) {
      figures.transferredKb = kb(figures.transferredKb * 1024);
      figures.decodedKb = kb(figures.decodedKb * 1024);
    }
    return {
      path,
      signedIn: who !== null,
      requests: finished.length,
      transferredKb: kb(transferred),
      decodedKb: kb(decoded),
      byType,
      uncompressedText,
    };
  } finally {
    await context.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolvePort(port);
      });
    });
  });
}

const round = (n: number | undefined, digits = 0) => (n === undefined ? null : Number(n.toFixed(digits)));

/** Lighthouse's default (mobile) run of each page signed in as `who`, several times; the median run by performance score. */
async function lighthouseRuns(base: string, who: Credentials, pages: Record<string, string>) {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), 'factor-lighthouse-'));
  const launch = chromiumLaunchOptions();
  // A persistent context is the browser's default one, where Lighthouse opens its tab: it gets the session cookie.
  const context = await chromium.launchPersistentContext(profile, {
    ...launch,
    args: [...launch.args, `--remote-debugging-port=${port}`],
  });
  try {
    await signIn(context, base, who);
    const results: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(pages)) {
      const runs = [];
      for (let i = 0, retries = 0; i < LIGHTHOUSE_RUNS; i++) {
        const result = await lighthouse(`${base}${path}`, {
          port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        const { lhr } = result;
        // LIGHTHOUSE_REPORTS=dir keeps each run's full report, to see what a score is made of.
        if (process.env.LIGHTHOUSE_REPORTS) {
          await mkdir(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
          await writeFile(join(process.env.LIGHTHOUSE_REPORTS, `${name}-${i}.json`), JSON.stringify(lhr));
        }
        if (lhr.runtimeError) {
          // A trace Chromium failed to record (NO_NAVSTART and the like, seen on a busy machine) is run
          // again, as Lighthouse advises, a few times at most.
          if (retries++ < 3) {
            console.log(`  Lighthouse on ${path}: ${lhr.runtimeError.code}, run again`);
            i--;
            continue;
          }
          throw new Error(`Lighthouse on ${path}: ${lhr.runtimeError.message}`);
        }
        const metric = (id: string) => lhr.audits[id]?.numericValue;
        // The accessibility audits that count towards the score and did not pass (a score of null is "not applicable").
        const failedAccessibility = (lhr.categories.accessibility?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
          .map((audit) => audit.id);
        runs.push({
          finalUrl: lhr.finalDisplayedUrl,
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          failedAccessibility,
          lcpMs: round(metric('largest-contentful-paint')),
          tbtMs: round(metric('total-blocking-time')),
          fcpMs: round(metric('first-contentful-paint')),
          speedIndexMs: round(metric('speed-index')),
          cls: round(metric('cumulative-layout-shift'), 3),
          benchmarkIndex: round(lhr.environment.benchmarkIndex),
          warnings: lhr.runWarnings.map(String),
        });
      }
      const sorted = [...runs].sort((a, b) => a.performance - b.performance);
      const median = sorted[Math.floor(sorted.length / 2)];
      if (!new URL(median.finalUrl).pathname.startsWith(path)) {
        throw new Error(`Lighthouse ended on ${median.finalUrl}, not ${path}: was the session cookie sent?`);
      }
      const { failedAccessibility: _failed, ...figures } = median;
      results[name] = {
        ...figures,
        performanceBudget: PERFORMANCE_BUDGET[name] ?? null,
        scores: runs.map((r) => r.performance),
        accessibilityScores: runs.map((r) => r.accessibility),
        accessibilityFailures: [...new Set(runs.flatMap((r) => r.failedAccessibility))],
        runs: runs.length,
      };
    }
    return results;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

export async function benchTransfer(options: { distDir?: string } = {}) {
  const distDir = resolve(options.distDir ?? process.env.DIST_DIR ?? 'dist');
  if (!existsSync(resolve(distDir, 'index.html'))) {
    throw new Error(`no built app in ${distDir}: run \`npx vite build\` first`);
  }
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer');
  if (!buyer) throw new Error('the demo has no buyer login');
  const who = { email: buyer.email, password: DEMO_PASSWORD };
  const vendor = DEMO_LOGINS.find((l) => l.role === 'vendor' && l.email === VENDOR_EMAIL);
  if (!vendor) throw new Error(`the demo has no vendor login ${VENDOR_EMAIL}`);
  const vendorWho = { email: vendor.email, password: DEMO_PASSWORD };

  let cluster: ThrowawayPostgres | undefined;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const loadBefore = loadavg()[0];
  try {
    cluster = await startBenchPostgres();
    // A fresh database: the server loads the demo organization.
    const app = await startAppServer({ DATABASE_URL: cluster.url }, distDir);
    server = app.child;
    browser = await launchChromium();
    const firstLoads = {
      login: await firstLoad(browser, app.base, PAGES.login, null),
      orders: await firstLoad(browser, app.base, PAGES.orders, who),
      portal: await firstLoad(browser, app.base, VENDOR_PAGES.portal, vendorWho),
    };
    await browser.close();
    browser = undefined;
    for (const [name, f] of Object.entries(firstLoads)) {
      console.log(
        `  first load of ${name} (${f.requests} requests): ${f.transferredKb} KB over the wire, ${f.decodedKb} KB decoded${f.uncompressedText.length ? `; sent uncompressed: ${f.uncompressedText.join(', ')}` : ''}`,
      );
    }
    console.log(`  Lighthouse, mobile, ${LIGHTHOUSE_RUNS} runs per page…`);
    const lighthouseFigures = {
      ...(await lighthouseRuns(app.base, who, chosen(PAGES))),
      ...(await lighthouseRuns(app.base, vendorWho, chosen(VENDOR_PAGES))),
    };
    for (const [name, r] of Object.entries(lighthouseFigures)) {
      const f = r as {
        performance: number;
        performanceBudget: number | null;
        accessibility: number;
        lcpMs: number;
        tbtMs: number;
        scores: number[];
        accessibilityScores: number[];
        accessibilityFailures: string[];
        benchmarkIndex: number;
      };
      console.log(
        `  ${name.padEnd(9)} performance ${f.performance} (runs ${f.scores.join(', ')}${f.performanceBudget !== null && f.performance < f.performanceBudget ? `; budget ${f.performanceBudget}, UNDER` : ''}), accessibility ${f.accessibility} (runs ${f.accessibilityScores.join(', ')}${f.accessibilityFailures.length ? `; failed: ${f.accessibilityFailures.join(', ')}` : ''}), LCP ${f.lcpMs} ms, TBT ${f.tbtMs} ms, benchmarkIndex ${f.benchmarkIndex}`,
      );
    }
    const loadAfter = loadavg()[0];
    console.log(`  load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
    return {
      measuredAt: new Date().toISOString(),
      budget: BUDGET,
      engine: 'postgres',
      browser: 'Chromium headless on 127.0.0.1 (no network throttling for the byte counts)',
      machine: {
        cores: availableParallelism(),
        loadAverageBefore: Number(loadBefore.toFixed(1)),
        loadAverageAfter: Number(loadAfter.toFixed(1)),
      },
      firstLoad: firstLoads,
      lighthouseMobile: lighthouseFigures,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopProcess(server, 5_000);
    await cluster?.stop();
  }
}

if (import.meta.main) {
  const figures = await benchTransfer();
  if (process.argv.includes('--write')) {
    if (ONLY) throw new Error('BENCH_LIGHTHOUSE_PAGES measures some pages only: run without it to --write');
    await writeResults({ transfer: figures }, { merge: true });
  }
}
