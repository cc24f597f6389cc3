// The schedule grid in a real browser with 100,000 item groups: the demo
// organization on a throwaway PostgreSQL cluster, topped up in SQL to 100,000
// active item groups; the built app (dist/) served by `node server/main.ts`;
// headless Chromium signed in as the demo buyer on /schedule.
//
// Measured: time to first rows (navigation start to the grid's
// 'schedule:first-rows' mark, p50 of several loads); time until all rows are
// loaded by scrolling the grid to its end (aria-rowcount = rows + 1); the JS
// heap after that; then frame timings while scrolling the fully loaded grid:
// a wheel-like pass (3 rows a frame, in segments spread over the whole grid)
// and a scrollbar-drag-like pass (100 rows a frame, top to bottom). Frames are
// timed two ways: the interval between animation frames (what the user sees;
// headless Chromium paces frames at 60 Hz, so an interval is 16.7 ms or a
// multiple of it; "missed 60 Hz" counts intervals over 1.5 frames) and the
// main thread's work per frame (the scroll event, where the grid renders its
// rows, to the first task after that frame rendered: React, style, layout,
// paint), with the renderer's CPU time per frame from DevTools metrics. Also
// counted: the rows in the DOM at once, and frames whose rows in view were not
// rendered by the next frame (blank rows).
//
// `node bench/schedule.ts` runs it alone and prints the figures (with --write
// it also puts them into bench/results.json under scheduleGrid); `npm run bench`
// runs it after the other measurements. Needs a built dist/ (`npm run build`).
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { migrate, openDatabase } from '../server/db/connect.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../server/seed/demo.ts';
import type { ThrowawayPostgres } from '../tests/support/postgres.ts';
import { BENCH_POSTGRES_SETTINGS, startBenchPostgres } from './postgres.ts';
import { launchChromium, startAppServer, stopProcess } from './app-server.ts';
import { percentile } from './stats.ts';
import { writeResults } from './results.ts';

/** The schedule's page sizes (FIRST_PAGE_SIZE and NEXT_PAGE_SIZE of src/pages/schedule/schedule-view.ts, not importable here). */
const FIRST_PAGE_SIZE = 100;
const NEXT_PAGE_SIZE = 200;

const ROWS = Number(process.env.BENCH_SCHEDULE_ROWS ?? 100_000);
/** Must match ScheduleGrid's rowHeight. */
const ROW_HEIGHT = 40;
const FIRST_ROWS_RUNS = 7;
const WHEEL_ROWS_PER_FRAME = 3;
const WHEEL_SEGMENTS = 10;
const WHEEL_FRAMES_PER_SEGMENT = 300;
const DRAG_ROWS_PER_FRAME = 100;
const LOAD_TIMEOUT_MS = 240_000;
const VIEWPORT = { width: 1440, height: 900 };
const BUDGET = 'Item groups table: 100,000 rows scroll smoothly (virtualized)';
const FRAME_MS = 1000 / 60;

interface PassSamples {
  /** Milliseconds between consecutive animation frames. */
  intervals: number[];
  /** Milliseconds of main-thread work per frame. */
  work: number[];
  maxDomRows: number;
  blankFrames: number;
  rowsCovered: number;
  /** Renderer main-thread totals over the pass, in ms (DevTools Performance metrics). */
  mainThread: MainThreadTotals;
}

/** ThreadTime is CPU time; the others are wall time spent in tasks, scripts, layout and style. */
const mainThreadMetrics = {
  cpu: 'ThreadTime',
  task: 'TaskDuration',
  script: 'ScriptDuration',
  layout: 'LayoutDuration',
  style: 'RecalcStyleDuration',
} as const;
type MainThreadTotals = Record<keyof typeof mainThreadMetrics, number>;

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const share = (values: number[], over: number) =>
  values.length ? round((100 * values.filter((v) => v > over).length) / values.length, 2) : 0;

function distribution(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

function passFigures(name: string, samples: PassSamples) {
  return {
    pass: name,
    frames: samples.intervals.length,
    rowsCovered: samples.rowsCovered,
    frameIntervalMs: {
      ...distribution(samples.intervals),
      // 60 Hz pacing jitters around 16.7 ms: an interval past 1.5 frames missed a vsync.
      percentOver16_7ms: share(samples.intervals, FRAME_MS * 1.5),
      percentOver50ms: share(samples.intervals, 50),
    },
    mainThreadWorkPerFrameMs: {
      ...distribution(samples.work),
      percentOver16_7ms: share(samples.work, FRAME_MS),
      percentOver50ms: share(samples.work, 50),
    },
    // Averages: what the renderer's main thread spent per frame, CPU time apart from wall time
    // (on a busy machine wall time also holds the time the thread waited for a core).
    mainThreadMsPerFrame: Object.fromEntries(
      Object.entries(samples.mainThread).map(([k, v]) => [k, round(v / Math.max(1, samples.intervals.length), 2)]),
    ) as MainThreadTotals,
    maxDomRows: samples.maxDomRows,
    blankFrames: samples.blankFrames,
  };
}

// ---------------------------------------------------------------- data

/**
 * The demo organization plus generated orders, items and item groups, so that
 * the organization holds exactly `rows` active item groups. Returns how many
 * the demo brought and how long loading took.
 */
async function prepareDatabase(url: string, rows: number) {
  const started = Date.now();
  const handle = await openDatabase({ url });
  try {
    const db = handle.db;
    await migrate(db);
    const { organizationSid: org } = await seedDemo(db);
    const countActive = async () => {
      const found = await sql<{ n: number }>`select count(*)::int as n from item_groups
        where organization_sid = ${org} and status = 'active'`.execute(db);
      return found.rows[0].n;
    };
    const demoActive = await countActive();
    const extra = Math.max(0, rows - demoActive);
    const groupsPerItem = 4;
    const itemsPerOrder = 8;
    const items = Math.ceil(extra / groupsPerItem);
    const orders = Math.ceil(items / itemsPerOrder);
    // Generated sids carry a 'b' after the prefix, apart from the demo's random ones.
    const sid = (prefix: string, n: string) => sql.raw(`'${prefix}b' || lpad(to_hex(${n}), 27, '0')`);

    // Orders spread over the demo's vendors, placed over the last 200 days.
    await sql`with v as (
        select sid, name, (row_number() over (order by name) - 1)::int as n, count(*) over ()::int as c
        from vendors where organization_sid = ${org})
      insert into orders (sid, organization_sid, vendor_sid, vendor_name, unique_name, title, created, updated)
      select ${sid('OR', 'i')}, ${org}, v.sid, v.name, 'PO-B' || lpad(i::text, 6, '0'), null,
        date_trunc('milliseconds', now() - ((i % 200) || ' days')::interval - ((i % 1440) || ' minutes')::interval), now()
      from generate_series(1, ${orders}) i join v on v.n = i % v.c`.execute(db);
    // Items copy the demo's parts (part number, description, price), line by line.
    await sql`with p as (
        select manufacturer_part_number, description, title, price_per_unit, revision,
          (row_number() over (order by sid) - 1)::int as n, count(*) over ()::int as c
        from items where organization_sid = ${org})
      insert into items (sid, organization_sid, order_sid, unique_name, title, quantity, price_per_unit, line_number,
        description, manufacturer_part_number, revision, created, updated)
      select ${sid('IT', 'i')}, ${org}, ${sid('OR', `(1 + (i - 1) / ${itemsPerOrder})`)},
        ((i - 1) % ${itemsPerOrder} + 1)::text, p.title, 100 * (1 + i % 20), p.price_per_unit,
        (i - 1) % ${itemsPerOrder} + 1, p.description, p.manufacturer_part_number, p.revision,
        o.created, now()
      from generate_series(1, ${items}) i
      join p on p.n = (i * 7) % p.c
      join orders o on o.sid = ${sid('OR', `(1 + (i - 1) / ${itemsPerOrder})`)}`.execute(db);
    // Item groups due from 60 days ago to 240 days ahead; two in five confirmed with a ship
    // date (one in ten of those promised late), one in ten shipped, the past-due half delivered.
    await sql`with g as (
        select i, ((i * 7919) % 300) - 60 as due_offset, i % 5 < 2 as confirmed
        from generate_series(1, ${extra}) i)
      insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity, due_date, ship_date,
        estimated_arrival_date, delivery_date, shipped, delivered, status, confirmed, last_update_date, created, updated)
      select ${sid('IG', 'g.i')}, ${org}, it.order_sid, it.sid, 'S' || ((g.i - 1) % ${groupsPerItem} + 1),
        25 * (1 + g.i % 8),
        current_date + g.due_offset,
        case when g.confirmed then current_date + g.due_offset - 7 + case when g.i % 10 = 0 then 12 else 0 end end,
        case when g.confirmed then current_date + g.due_offset - 2 + case when g.i % 10 = 0 then 12 else 0 end end,
        case when g.due_offset < 0 and g.i % 2 = 0 then current_date + g.due_offset end,
        g.i % 10 = 3 or (g.due_offset < 0 and g.i % 2 = 0),
        g.due_offset < 0 and g.i % 2 = 0,
        'active', g.confirmed,
        case when g.confirmed then it.created + interval '2 days' end,
        it.created, now()
      from g join items it on it.sid = ${sid('IT', `(1 + (g.i - 1) / ${groupsPerItem})`)}`.execute(db);
    await sql`analyze`.execute(db);
    const active = await countActive();
    if (active !== rows) throw new Error(`expected ${rows} active item groups, found ${active}`);
    return { demoActive, extra, orders, items, seconds: round((Date.now() - started) / 1000) };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------- app server

// ---------------------------------------------------------------- in the browser

/** Navigation start to the 'schedule:first-rows' mark, in ms, for one fresh load of /schedule. */
async function firstRowsMs(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/schedule`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => performance.getEntriesByName('schedule:first-rows').at(0)?.startTime,
    undefined,
    { timeout: 30_000, polling: 50 },
  );
  return Number(await handle.jsonValue());
}

/**
 * Scrolls the grid to its end every frame until aria-rowcount says everything
 * is loaded; returns the total time and when each tenth of the rows had arrived.
 */
function loadAllRows(page: Page, rows: number) {
  return page.evaluate(
    async ({ rows, rowHeight, timeoutMs }) => {
      const grid = document.querySelector<HTMLElement>('[data-testid="schedule-grid"]');
      const body = grid?.querySelectorAll<HTMLElement>(':scope > [role="rowgroup"]')[1];
      if (!grid || !body) throw new Error('no schedule grid on the page');
      const started = performance.now();
      const milestones: { rows: number; ms: number }[] = [];
      const step = Math.ceil(rows / 10);
      let next = step;
      while (grid.getAttribute('aria-rowcount') !== String(rows + 1)) {
        const loaded = Math.round(body.offsetHeight / rowHeight);
        while (loaded >= next && next <= rows) {
          milestones.push({ rows: next, ms: Math.round(performance.now() - started) });
          next += step;
        }
        if (performance.now() - started > timeoutMs) {
          throw new Error(`only ${String(loaded)} of ${String(rows)} rows loaded after ${String(timeoutMs)} ms`);
        }
        grid.scrollTop = grid.scrollHeight;
        await new Promise((r) => requestAnimationFrame(r));
      }
      const total = performance.now() - started;
      if (next <= rows) milestones.push({ rows, ms: Math.round(total) });
      return { ms: total, milestones };
    },
    { rows, rowHeight: ROW_HEIGHT, timeoutMs: LOAD_TIMEOUT_MS },
  );
}

/**
 * Scrolls the grid by `stepRows` rows every animation frame, `frames` times
 * from `startRow` (or until the end), recording each frame's interval and
 * main-thread work, the rows in the DOM, and whether the rows in view were
 * rendered by the next frame.
 */
async function scrollPass(
  page: Page,
  cdp: CDPSession,
  startRow: number,
  stepRows: number,
  frames: number,
): Promise<PassSamples> {
  const before = await mainThreadTotals(cdp);
  const samples = await page.evaluate(
    async ({ startRow, stepRows, frames, rowHeight }) => {
      const grid = document.querySelector<HTMLElement>('[data-testid="schedule-grid"]');
      const body = grid?.querySelectorAll<HTMLElement>(':scope > [role="rowgroup"]')[1];
      if (!grid || !body) throw new Error('no schedule grid on the page');
      const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
      // Read once: reading layout inside the loop would force extra layouts.
      const total = Math.round(body.offsetHeight / rowHeight);
      const viewRows = Math.floor((grid.clientHeight - rowHeight) / rowHeight);
      const maxTop = grid.scrollHeight - grid.clientHeight;
      let top = Math.min(startRow * rowHeight, maxTop);
      grid.scrollTop = top;
      await nextFrame();
      await nextFrame();

      const intervals: number[] = [];
      const work: number[] = [];
      let maxDomRows = 0;
      let blankFrames = 0;
      // A frame's work starts with the scroll event (the grid renders its rows in it, before
      // animation frame callbacks) and ends at the first task after the frame rendered.
      let scrolledAt: number | null = null;
      const onScroll = () => {
        scrolledAt ??= performance.now();
      };
      document.addEventListener('scroll', onScroll, { capture: true, passive: true });
      const channel = new MessageChannel();
      channel.port1.onmessage = (e: MessageEvent<number>) => {
        work.push(performance.now() - e.data);
      };
      const firstRow = Math.floor(top / rowHeight);
      let previous = -1;
      let done = 0;
      await new Promise<void>((finish) => {
        const tick = (now: number) => {
          const workStart = scrolledAt ?? performance.now();
          scrolledAt = null;
          if (previous >= 0) {
            intervals.push(now - previous);
            // The rows in view (below the sticky header) after last frame's scroll must be in the DOM.
            const first = Math.floor(top / rowHeight);
            const last = Math.min(total - 1, first + viewRows - 1);
            if (
              !body.querySelector(`[aria-rowindex="${String(first + 2)}"]`) ||
              !body.querySelector(`[aria-rowindex="${String(last + 2)}"]`)
            ) {
              blankFrames++;
            }
          }
          previous = now;
          maxDomRows = Math.max(maxDomRows, body.childElementCount);
          if (done === frames || top >= maxTop) {
            finish();
            return;
          }
          done++;
          top = Math.min(top + stepRows * rowHeight, maxTop);
          grid.scrollTop = top;
          channel.port2.postMessage(workStart);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      // Let the last frame's work message arrive.
      await new Promise((r) => setTimeout(r, 50));
      channel.port1.close();
      document.removeEventListener('scroll', onScroll, { capture: true });
      return {
        intervals,
        work,
        maxDomRows,
        blankFrames,
        rowsCovered: Math.floor(top / rowHeight) - firstRow,
      };
    },
    { startRow, stepRows, frames, rowHeight: ROW_HEIGHT },
  );
  const after = await mainThreadTotals(cdp);
  const mainThread = Object.fromEntries(
    Object.keys(mainThreadMetrics).map((k) => {
      const key = k as keyof MainThreadTotals;
      return [key, after[key] - before[key]];
    }),
  ) as MainThreadTotals;
  return { ...samples, mainThread };
}

async function mainThreadTotals(cdp: CDPSession): Promise<MainThreadTotals> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => 1000 * (metrics.find((m) => m.name === name)?.value ?? 0);
  return {
    cpu: value(mainThreadMetrics.cpu),
    task: value(mainThreadMetrics.task),
    script: value(mainThreadMetrics.script),
    layout: value(mainThreadMetrics.layout),
    style: value(mainThreadMetrics.style),
  };
}

function mergePasses(passes: PassSamples[]): PassSamples {
  return {
    intervals: passes.flatMap((p) => p.intervals),
    work: passes.flatMap((p) => p.work),
    maxDomRows: Math.max(...passes.map((p) => p.maxDomRows)),
    blankFrames: passes.reduce((sum, p) => sum + p.blankFrames, 0),
    rowsCovered: passes.reduce((sum, p) => sum + p.rowsCovered, 0),
    mainThread: Object.fromEntries(
      Object.keys(mainThreadMetrics).map((k) => {
        const key = k as keyof MainThreadTotals;
        return [key, passes.reduce((sum, p) => sum + p.mainThread[key], 0)];
      }),
    ) as MainThreadTotals,
  };
}

// ---------------------------------------------------------------- the benchmark

export async function benchSchedule(options: { distDir?: string } = {}) {
  const distDir = resolve(options.distDir ?? process.env.DIST_DIR ?? 'dist');
  if (!existsSync(resolve(distDir, 'index.html'))) {
    throw new Error(`no built app in ${distDir}: run \`npx vite build\` first`);
  }
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer');
  if (!buyer) throw new Error('the demo has no buyer login');

  let cluster: ThrowawayPostgres | undefined;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const loadBefore = loadavg()[0];
  try {
    console.log(`  preparing PostgreSQL with ${ROWS.toLocaleString('en')} active item groups…`);
    cluster = await startBenchPostgres();
    const data = await prepareDatabase(cluster.url, ROWS);
    console.log(
      `  demo (${data.demoActive} active item groups) + ${data.extra.toLocaleString('en')} generated item groups on ${data.items.toLocaleString('en')} items and ${data.orders.toLocaleString('en')} orders, in ${data.seconds} s`,
    );

    const app = await startAppServer({ DATABASE_URL: cluster.url, SEED_DEMO: 'false' }, distDir, 60_000);
    server = app.child;
    const { base } = app;

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return round(usedSize / 2 ** 20);
    };

    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(buyer.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });

    // Time to first rows: fresh loads of /schedule (the first one with a cold HTTP cache).
    const firstRows: number[] = [];
    for (let i = 0; i < FIRST_ROWS_RUNS; i++) firstRows.push(await firstRowsMs(page, base));
    const firstRowsSorted = [...firstRows].sort((a, b) => a - b);
    const heapFirstPageMb = await heapMb();

    console.log('  loading every row by scrolling to the end of the grid…');
    const loaded = await loadAllRows(page, ROWS);
    const heapAllMb = await heapMb();
    const jsHeap = await page.evaluate(() => {
      // performance.memory is Chromium's own, outside the DOM typings.
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      return { used: memory?.usedJSHeapSize ?? null, elements: document.getElementsByTagName('*').length };
    });

    console.log('  scrolling the loaded grid…');
    const wheelSpan = WHEEL_ROWS_PER_FRAME * WHEEL_FRAMES_PER_SEGMENT;
    const wheelPasses: PassSamples[] = [];
    for (let s = 0; s < WHEEL_SEGMENTS; s++) {
      const start = Math.floor((s * Math.max(0, ROWS - wheelSpan)) / Math.max(1, WHEEL_SEGMENTS - 1));
      wheelPasses.push(await scrollPass(page, cdp, start, WHEEL_ROWS_PER_FRAME, WHEEL_FRAMES_PER_SEGMENT));
    }
    const wheel = passFigures(
      `wheel: ${WHEEL_ROWS_PER_FRAME} rows a frame, ${WHEEL_SEGMENTS} stretches of ${WHEEL_FRAMES_PER_SEGMENT} frames spread over the grid`,
      mergePasses(wheelPasses),
    );
    const drag = passFigures(
      `drag: ${DRAG_ROWS_PER_FRAME} rows a frame, top to bottom`,
      await scrollPass(page, cdp, 0, DRAG_ROWS_PER_FRAME, Math.ceil(ROWS / DRAG_ROWS_PER_FRAME) + 1),
    );

    const figures = {
      measuredAt: new Date().toISOString(),
      engine: 'postgres',
      postgresSettings: BENCH_POSTGRES_SETTINGS,
      browser: `Chromium ${browser.version()} headless, ${VIEWPORT.width}x${VIEWPORT.height}`,
      budget: BUDGET,
      itemGroups: ROWS,
      // As the schedule asks for them (src/pages/schedule/schedule-view.ts): a first page of 100, then 200 a page.
      firstPageSize: FIRST_PAGE_SIZE,
      pageSize: NEXT_PAGE_SIZE,
      dataLoadSeconds: data.seconds,
      // Other work on the machine slows the browser: the 1-minute load average before and after.
      machine: {
        cores: availableParallelism(),
        loadAverageBefore: round(loadBefore),
        loadAverageAfter: round(loadavg()[0]),
      },
      firstRowsMs: {
        p50: round(percentile(firstRowsSorted, 50)),
        min: round(firstRowsSorted[0]),
        max: round(firstRowsSorted[firstRowsSorted.length - 1]),
        coldFirstLoad: round(firstRows[0]),
        samples: firstRows.length,
      },
      loadAllRows: {
        seconds: round(loaded.ms / 1000),
        pages: 1 + Math.ceil((ROWS - FIRST_PAGE_SIZE) / NEXT_PAGE_SIZE),
        milestones: loaded.milestones.map((m) => ({ rows: m.rows, seconds: round(m.ms / 1000) })),
      },
      jsHeapMb: {
        firstPageAfterGc: heapFirstPageMb,
        allRowsAfterGc: heapAllMb,
        performanceMemoryUsed: jsHeap.used === null ? null : round(jsHeap.used / 2 ** 20),
      },
      domElementsAllLoaded: jsHeap.elements,
      scroll: { wheel, drag },
    };
    printFigures(figures);
    return figures;
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopProcess(server, 5_000);
    await cluster?.stop();
  }
}

type ScheduleFigures = Awaited<ReturnType<typeof benchSchedule>>;

function printFigures(f: ScheduleFigures): void {
  const ms = (d: { p50: number; p95: number; p99: number; max: number }) =>
    `p50 ${d.p50} / p95 ${d.p95} / p99 ${d.p99} / max ${d.max} ms`;
  console.log(
    `  schedule grid, ${f.itemGroups.toLocaleString('en')} item groups (${f.engine}, ${f.browser}; ${f.machine.cores} cores, load average ${f.machine.loadAverageBefore} before, ${f.machine.loadAverageAfter} after):`,
  );
  console.log(
    `    first rows: p50 ${f.firstRowsMs.p50} ms (min ${f.firstRowsMs.min}, max ${f.firstRowsMs.max}, cold ${f.firstRowsMs.coldFirstLoad}; ${f.firstRowsMs.samples} loads)`,
  );
  console.log(
    `    all rows loaded by scrolling: ${f.loadAllRows.seconds} s (${f.loadAllRows.pages} pages: the first of ${f.firstPageSize}, then ${f.pageSize} each; ${f.loadAllRows.milestones.map((m) => `${m.rows / 1000}k@${m.seconds}s`).join(' ')})`,
  );
  console.log(
    `    JS heap after GC: ${f.jsHeapMb.firstPageAfterGc} MB with the first page, ${f.jsHeapMb.allRowsAfterGc} MB with all rows; ${f.domElementsAllLoaded} DOM elements`,
  );
  for (const pass of [f.scroll.wheel, f.scroll.drag]) {
    const i = pass.frameIntervalMs;
    const w = pass.mainThreadWorkPerFrameMs;
    console.log(`    ${pass.pass} (${pass.frames} frames, ${pass.rowsCovered.toLocaleString('en')} rows):`);
    console.log(
      `      frame interval ${ms(i)}; ${i.percentOver16_7ms}% missed 60 Hz, ${i.percentOver50ms}% over 50 ms`,
    );
    console.log(
      `      main-thread work ${ms(w)}; ${w.percentOver16_7ms}% over 16.7 ms, ${w.percentOver50ms}% over 50 ms`,
    );
    const t = pass.mainThreadMsPerFrame;
    console.log(
      `      main thread per frame (average): ${t.cpu} ms CPU, ${t.task} ms in tasks (script ${t.script}, style ${t.style}, layout ${t.layout})`,
    );
    console.log(
      `      at most ${pass.maxDomRows} rows in the DOM; ${pass.blankFrames} frames with rows in view missing`,
    );
  }
  console.log(`    budget (DESIGN.md): "${f.budget}"`);
}

if (import.meta.main) {
  const figures = await benchSchedule();
  if (process.argv.includes('--write')) await writeResults({ scheduleGrid: figures }, { merge: true });
}
