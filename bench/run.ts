// `npm run bench`: measures what DESIGN.md budgets and prints the figures;
// writes them to bench/results.json. Never a pass/fail test.
//
// Measured: the JavaScript each route loads first, gzipped, from the
// production build (budget: 150 KB for the login and orders routes, 90 KB for
// the vendor portal; bench/first-load.ts); the server on PostgreSQL with
// 1,000,000 item groups (bench/server.ts); the schedule grid in headless
// Chromium with 100,000 item groups (bench/schedule.ts); a 100,000-row
// open-order import on PGlite and on PostgreSQL, and its preview in the
// browser (bench/import.ts); the BOM lines list with 500 BOMs of 200 lines, on
// PostgreSQL and PGlite (bench/bom-lines.ts); the bytes the first load of the
// login, orders and vendor portal pages transfers, and Lighthouse (mobile) on
// the login, orders, schedule and vendor portal pages (bench/transfer.ts); how
// the server answers a probe while it refuses hostile bodies and upload files
// (bench/hostile.ts); a BOM's clear-to-build forecast, 2,000 lines over
// 50,000 open item groups on PostgreSQL (bench/bom-forecast.ts); the follow-up engine's runs over 100,000 open item
// groups on PostgreSQL, with the emails they produce, and the flags list at
// 100,000 flags (bench/follow-up.ts); live updates: the time from a write to
// its change arriving on another session's stream (PGlite; PostgreSQL across
// two processes) and to an open order page in Chromium showing it (budget:
// 1 s), and the streams one process holds, with its memory and the fan-out of
// a write to all of them (bench/live.ts).
import { benchBomForecast } from './bom-forecast.ts';
import { benchBomLines } from './bom-lines.ts';
import { benchFirstLoad } from './first-load.ts';
import { benchFollowUp } from './follow-up.ts';
import { benchHostile } from './hostile.ts';
import { benchImport } from './import.ts';
import { benchLive } from './live.ts';
import { benchSchedule } from './schedule.ts';
import { writeResults } from './results.ts';
import { benchServer } from './server.ts';
import { benchTransfer } from './transfer.ts';

const results = benchFirstLoad();
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
console.log(
  '\nClear-to-build forecast of a 2,000-line BOM over 50,000 open item groups on PostgreSQL (about a minute)…',
);
const bomForecast = await benchBomForecast();
console.log('\nBytes of a first load and Lighthouse (mobile) on the built app (about three minutes)…');
const transfer = await benchTransfer();
console.log('\nHostile input on PGlite and PostgreSQL, with a probe every 50 ms (about two minutes)…');
const hostileInput = await benchHostile();
console.log('\nFollow-up engine over 100,000 open item groups on PostgreSQL, and the flags list (about five minutes)…');
const followUp = await benchFollowUp();
console.log(
  '\nLive updates: write to event on PGlite and PostgreSQL, write to an open page in Chromium, 2,000 open streams (about two minutes)…',
);
const liveUpdates = await benchLive({ distDir: 'dist' });

await writeResults({
  measuredAt: new Date().toISOString(),
  node: process.version,
  firstLoad: results,
  server: serverFigures,
  scheduleGrid,
  openOrderImport,
  bomLines,
  bomForecast,
  transfer,
  hostileInput,
  followUp,
  liveUpdates,
});
