// `npm run bench`: measures what DESIGN.md budgets and prints the figures;
// writes them to bench/results.json. Never a pass/fail test.
//
// Measured: the JavaScript each route loads first, gzipped, from the
// production build (budget: 150 KB for the login and orders routes); the
// server on PostgreSQL with 1,000,000 item groups (bench/server.ts); the
// schedule grid in headless Chromium with 100,000 item groups (bench/schedule.ts);
// a 100,000-row open-order import on PGlite and on PostgreSQL, and its preview
// in the browser (bench/import.ts); the BOM lines list with 500 BOMs of 200
// lines, on PostgreSQL and PGlite (bench/bom-lines.ts); the bytes the first
// load of the login and orders pages transfers, and Lighthouse (mobile) on the
// login, orders and schedule pages (bench/transfer.ts); how the server answers
// a probe while it refuses hostile bodies and upload files (bench/hostile.ts);
// the follow-up engine's runs over 100,000 open item groups on PostgreSQL, with
// the emails they produce, and the flags list at 100,000 flags (bench/follow-up.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchBomLines } from './bom-lines.ts';
import { benchFollowUp } from './follow-up.ts';
import { benchHostile } from './hostile.ts';
import { benchImport } from './import.ts';
import { benchSchedule } from './schedule.ts';
import { writeResults } from './results.ts';
import { benchServer } from './server.ts';
import { benchTransfer } from './transfer.ts';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--manifest', '--logLevel', 'error'], {
  stdio: 'inherit',
});
const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Record<string, ManifestChunk>;
const gzipKb = (file: string) => gzipSync(readFileSync(join('dist', file)), { level: 9 }).length / 1024;

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) staticClosure(dep, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error('no entry chunk in the Vite manifest');
const routes: Record<string, string> = {
  login: 'src/pages/login/LoginPage.tsx',
  orders: 'src/pages/orders/OrdersPage.tsx',
  schedule: 'src/pages/schedule/SchedulePage.tsx',
};

const results: Record<string, { jsGzipKb: number; cssGzipKb: number; budgetKb: number | null }> = {};
for (const [route, pageKey] of Object.entries(routes)) {
  const chunks = new Set([...staticClosure(entryKey), ...staticClosure(pageKey)]);
  const js = [...chunks].reduce((sum, k) => sum + gzipKb(manifest[k].file), 0);
  const css = [...new Set([...chunks].flatMap((k) => manifest[k].css ?? []))].reduce((sum, f) => sum + gzipKb(f), 0);
  results[route] = {
    jsGzipKb: Number(js.toFixed(1)),
    cssGzipKb: Number(css.toFixed(1)),
    budgetKb: route === 'schedule' ? null : 150,
  };
}

console.log('First-load JavaScript per route (gzip -9):');
for (const [route, r] of Object.entries(results)) {
  const budget = r.budgetKb ? ` (budget ${r.budgetKb} KB${r.jsGzipKb > r.budgetKb ? ', OVER' : ''})` : '';
  console.log(
    `  ${route.padEnd(10)} ${r.jsGzipKb.toFixed(1).padStart(7)} KB JS  ${r.cssGzipKb.toFixed(1).padStart(5)} KB CSS${budget}`,
  );
}
console.log('\nServer on PostgreSQL (loading the data takes a minute)…');
const serverFigures = await benchServer();
const { listItemGroupsMs: list, bulkUpdate500Ms: bulk, listRequestsPerSecond: rps } = serverFigures;
console.log(`  ${serverFigures.itemGroups.toLocaleString('en')} item groups loaded in ${serverFigures.loadSeconds} s`);
console.log(
  `  list item groups (pageSize 100, confirmed=false, sorted by due date, 300 pages deep): p50 ${list.p50} ms, p95 ${list.p95} ms (budget p95 ${list.budgetP95} ms${list.p95 > list.budgetP95 ? ', OVER' : ''})`,
);
for (const [view, figures] of Object.entries(serverFigures.listOrdersMs)) {
  console.log(
    `  list orders (pageSize 50, ${view}, 20 requests, ${figures.rows} orders): p50 ${figures.p50} ms, p95 ${figures.p95} ms`,
  );
}
console.log(`  bulk update of 500 item groups: p50 ${bulk.p50} ms, p95 ${bulk.p95} ms`);
console.log(`  list endpoint under load (10 connections, 10 s): ${rps.average} requests/s, p99 ${rps.p99LatencyMs} ms`);
console.log('\nSchedule grid in headless Chromium (about four minutes)…');
const scheduleGrid = await benchSchedule();
console.log('\nOpen-order import of 100,000 rows, PGlite then PostgreSQL (about three minutes)…');
const openOrderImport = await benchImport();
console.log('\nBOM lines list, 500 BOMs of 200 lines, PostgreSQL then PGlite (about three minutes)…');
const bomLines = await benchBomLines();
console.log('\nBytes of a first load and Lighthouse (mobile) on the built app (about three minutes)…');
const transfer = await benchTransfer();
console.log('\nHostile input on PGlite and PostgreSQL, with a probe every 50 ms (about two minutes)…');
const hostileInput = await benchHostile();
console.log('\nFollow-up engine over 100,000 open item groups on PostgreSQL, and the flags list (about five minutes)…');
const followUp = await benchFollowUp();

await writeResults({
  measuredAt: new Date().toISOString(),
  node: process.version,
  firstLoad: results,
  server: serverFigures,
  scheduleGrid,
  openOrderImport,
  bomLines,
  transfer,
  hostileInput,
  followUp,
});
