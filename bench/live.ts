// Live updates (GET /v1/live): how soon a change reaches another open page,
// and how many open streams one server process holds. `node server/main.ts`
// as the benchmarks start it (bench/app-server.ts), on 127.0.0.1.
//
// Write → event: one subscriber stream (the demo buyer's session) and a
// writer (the demo admin's session) moving the due date of one of five demo
// item groups (PATCH /v1/itemGroups/{sid}), 200 writes one after another,
// each waiting for its own change event (after 5 warm-up writes): from
// sending the write to the `change` naming that item group arriving on the
// stream. On PGlite (one process), and on PostgreSQL across two processes
// (the write to process A, the stream on process B, the change through
// pg_notify and B's LISTEN). The write's own answer time beside it.
//
// Write → page shows it: headless Chromium signed in as the demo buyer on the
// built app's page of a demo order (PGlite); another session changes the
// quantity of the order's first item through the API 20 times, 1 s apart (the
// page reads at most once per 0.7 s, so each is the first change of a quiet
// spell), timed until the item's quantity cell shows the new value.
//
// Open streams: one process on PostgreSQL, 250 sessions (inserted into the
// database) × 8 streams each (the most a session may hold), opened over
// node:http from this process: the streams open, the server's RSS (VmRSS)
// and open file descriptors before, with the streams and after closing them,
// the memory a stream costs; then the fan-out of 5 writes (2 s apart) to all
// of them: from sending the write to each stream's arrival of its change.
// Budget (DESIGN.md "Budgets"): a change reaches another open page in ≤ 1 s.
//
// `node bench/live.ts` runs it alone (--write also puts the figures into
// bench/results.json under liveUpdates); `npm run bench` runs it too. It
// builds the app into a temporary folder unless given a built one (distDir).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { openDatabase, type DatabaseHandle } from '../server/db/connect.ts';
import type { Db } from '../server/db/schema.ts';
import { newSid } from '../server/domain/sid.ts';
import { randomToken, SESSION_COOKIE, SESSION_TTL_MS, tokenHash } from '../server/http/auth.ts';
import { MAX_STREAMS_PER_SESSION } from '../server/http/live.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demo.ts';
import type { ThrowawayPostgres } from '../tests/support/postgres.ts';
import { launchChromium, startAppServer, stopProcess } from './app-server.ts';
import { BENCH_POSTGRES_SETTINGS, startBenchPostgres } from './postgres.ts';
import { writeResults } from './results.ts';
import { percentile } from './stats.ts';

const WRITES = 200;
const WARM_UP_WRITES = 5;
const WRITTEN_GROUPS = 5;
const PAGE_WRITES = 20;
/** Between the page's samples: more than the page's read window (READ_WINDOW_MS, 0.7 s in use-live-updates.ts). */
const PAGE_GAP_MS = 1000;
const SESSIONS = 250;
const STREAMS_WANTED = SESSIONS * MAX_STREAMS_PER_SESSION;
/** Streams opened at once while opening them all. */
const OPENING_AT_ONCE = 50;
const FAN_OUT_WRITES = 5;
const FAN_OUT_GAP_MS = 2000;
/** A change not heard within this is counted as missed. */
const HEAR_TIMEOUT_MS = 10_000;
const BUDGET_MS = 1000;
const BUDGET = `Live updates: a change reaches another open page in ≤ ${String(BUDGET_MS)} ms (DESIGN.md "Budgets")`;

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const over = (p95: number) => (p95 > BUDGET_MS ? ', OVER' : '');

/** p50, p95 and max of a set of times, in ms. */
function spread(times: readonly number[]) {
  if (times.length === 0) return { p50: NaN, p95: NaN, max: NaN };
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1]),
  };
}

// ---------------------------------------------------------------- the API, as a session

interface Login {
  email: string;
}

/** Signs in through the API and returns the session's token (the cookie's value, also good as a bearer token). */
async function signIn(base: string, who: Login): Promise<string> {
  const response = await fetch(`${base}/v1/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${who.email} answered ${String(response.status)}`);
  await response.arrayBuffer();
  for (const cookie of response.headers.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(cookie);
    if (match) return decodeURIComponent(match[1]);
  }
  throw new Error(`sign-in as ${who.email} set no ${SESSION_COOKIE} cookie`);
}

/** Sessions of the user, inserted into the database as sign-in would make them; their bearer tokens. */
async function insertSessions(db: Db, email: string, count: number): Promise<string[]> {
  const user = await db.selectFrom('users').select('sid').where('email', '=', email).executeTakeFirstOrThrow();
  const now = new Date();
  const tokens = Array.from({ length: count }, () => randomToken('fs'));
  await db
    .insertInto('sessions')
    .values(
      tokens.map((token) => ({
        sid: newSid('SE'),
        tokenHash: tokenHash(token),
        userSid: user.sid,
        kind: 'login' as const,
        embedOrigin: null,
        embedView: null,
        created: now,
        expires: new Date(now.getTime() + SESSION_TTL_MS),
      })),
    )
    .execute();
  return tokens;
}

async function api<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${String(response.status)}: ${text}`);
  return JSON.parse(text) as T;
}

interface ItemGroupAnswer {
  sid: string;
  version: number;
}

/** The first active item groups of the demo, with their versions. */
async function writableGroups(base: string, token: string): Promise<Map<string, number>> {
  const { itemGroups } = await api<{ itemGroups: (ItemGroupAnswer & { status: string })[] }>(
    base,
    token,
    'GET',
    `/v1/itemGroups?pageSize=${String(WRITTEN_GROUPS * 4)}`,
  );
  const active = itemGroups.filter((g) => g.status === 'active').slice(0, WRITTEN_GROUPS);
  if (active.length === 0) throw new Error('the demo has no active item groups');
  return new Map(active.map((g) => [g.sid, g.version]));
}

/** A due date in 2031, different for each write. */
const dueDateOf = (n: number) => new Date(Date.UTC(2031, 0, 1) + (n % 365) * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- a stream, as a page holds it

interface ChangeMessage {
  resource: string;
  sids: string[];
}

interface LiveStreamClient {
  /** When (performance.now()) the next change naming the sid arrived; rejects after `timeoutMs` or if the stream ends. */
  changeNaming(sid: string, timeoutMs?: number): Promise<number>;
  /** Whether the stream is still open (no end, no error). */
  isOpen(): boolean;
  close(): void;
}

/** Opens GET /v1/live as the token's session over node:http; resolves once its `ready` event arrived. */
function openLiveStream(base: string, token: string, agent: Agent): Promise<LiveStreamClient> {
  return new Promise((resolveOpen, rejectOpen) => {
    const waiters = new Map<string, { heard: (at: number) => void; failed: (error: Error) => void }>();
    let open = true;
    let ready = false;
    let buffer = '';
    const request = get(`${base}/v1/live`, {
      agent,
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    const openTimer = setTimeout(() => {
      fail(new Error('GET /v1/live sent no ready event within 30 s'));
      request.destroy();
    }, 30_000);
    const fail = (error: Error) => {
      open = false;
      clearTimeout(openTimer);
      for (const waiter of waiters.values()) waiter.failed(error);
      waiters.clear();
      if (!ready) rejectOpen(error);
    };
    const client: LiveStreamClient = {
      changeNaming: (sid, timeoutMs = HEAR_TIMEOUT_MS) =>
        new Promise<number>((heard, failed) => {
          if (!open) {
            failed(new Error('the stream is closed'));
            return;
          }
          const timer = setTimeout(() => {
            waiters.delete(sid);
            failed(new Error(`no change naming ${sid} within ${String(timeoutMs)} ms`));
          }, timeoutMs);
          waiters.set(sid, {
            heard: (at) => {
              clearTimeout(timer);
              heard(at);
            },
            failed: (error) => {
              clearTimeout(timer);
              failed(error);
            },
          });
        }),
      isOpen: () => open,
      close: () => {
        open = false;
        request.destroy();
      },
    };
    request.on('error', fail);
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        fail(new Error(`GET /v1/live answered ${String(response.statusCode)}`));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let split = buffer.indexOf('\n\n'); split >= 0; split = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event === 'ready') {
            ready = true;
            clearTimeout(openTimer);
            resolveOpen(client);
          } else if (event === 'change') {
            const message = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as ChangeMessage | null;
            for (const sid of message?.sids ?? []) {
              waiters.get(sid)?.heard(at);
              waiters.delete(sid);
            }
          } else if (event === 'end') {
            fail(new Error(`the stream ended: ${/^data: (.*)$/m.exec(block)?.[1] ?? ''}`));
          }
        }
      });
      response.on('close', () => {
        fail(new Error('the stream closed'));
      });
    });
  });
}

// ---------------------------------------------------------------- write → event

/**
 * Writes one after another through `writeBase` as `writer`, each waiting for its change on `stream`: from sending
 * the write to the change's arrival, and the write's own answer time.
 */
async function writeToEvent(
  writeBase: string,
  writer: string,
  stream: LiveStreamClient,
  versions: Map<string, number>,
) {
  const sids = [...versions.keys()];
  const eventMs: number[] = [];
  const writeMs: number[] = [];
  let missed = 0;
  for (let i = 0; i < WARM_UP_WRITES + WRITES; i++) {
    const sid = sids[i % sids.length];
    const heard = stream.changeNaming(sid).then(
      (at) => at,
      () => null,
    );
    const started = performance.now();
    const answer = await api<ItemGroupAnswer>(writeBase, writer, 'PATCH', `/v1/itemGroups/${sid}`, {
      version: versions.get(sid),
      dueDate: dueDateOf(i),
    });
    const answered = performance.now();
    versions.set(sid, answer.version);
    const at = await heard;
    if (i < WARM_UP_WRITES) continue;
    writeMs.push(answered - started);
    if (at === null) missed++;
    else eventMs.push(at - started);
  }
  return { writes: WRITES, eventMs: spread(eventMs), writeMs: spread(writeMs), missed };
}

function printWriteToEvent(label: string, f: Awaited<ReturnType<typeof writeToEvent>>): void {
  console.log(
    `  write → event, ${label} (${String(f.writes)} writes): p50 ${String(f.eventMs.p50)} ms, p95 ${String(f.eventMs.p95)} ms, max ${String(f.eventMs.max)} ms (budget ${String(BUDGET_MS)} ms${over(f.eventMs.p95)}); the write's answer p50 ${String(f.writeMs.p50)} ms${f.missed ? `; ${String(f.missed)} changes NOT HEARD` : ''}`,
  );
}

// ---------------------------------------------------------------- write → page shows it

interface ItemAnswer {
  sid: string;
  uniqueName: string | null;
  quantity: string;
}

async function writeToPage(browser: Browser, base: string, writer: string) {
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer' && !l.organization);
  if (!buyer) throw new Error('the demo has no buyer login');
  const { orders } = await api<{ orders: { sid: string; uniqueName: string }[] }>(
    base,
    writer,
    'GET',
    '/v1/orders?pageSize=5',
  );
  let order: { sid: string; uniqueName: string } | undefined;
  let item: ItemAnswer | undefined;
  for (const candidate of orders) {
    const { items } = await api<{ items: ItemAnswer[] }>(
      base,
      writer,
      'GET',
      `/v1/items?orderSid=${candidate.sid}&pageSize=100`,
    );
    if (items.length > 0) {
      order = candidate;
      item = items[0];
      break;
    }
  }
  if (!order || !item) throw new Error('no demo order with items');
  const itemSid = item.sid;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const login = await context.request.post(`${base}/v1/session/login`, {
      data: { email: buyer.email, password: DEMO_PASSWORD },
    });
    if (!login.ok()) throw new Error(`sign-in answered ${String(login.status())}`);
    const page = await context.newPage();
    const streamOpened = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/live' && r.status() === 200, {
      timeout: 60_000,
    });
    await page.goto(`${base}/orders/${order.sid}`);
    await streamOpened;
    // In the page: a cell showing the text, and when (epoch ms) a change to the DOM first made it show.
    const watchFor = (text: string) =>
      page.evaluate((wanted) => {
        const found = () => [...document.querySelectorAll('td')].some((td) => td.textContent === wanted);
        const seen = new Promise<number>((resolveSeen) => {
          if (found()) {
            resolveSeen(performance.timeOrigin + performance.now());
            return;
          }
          const observer = new MutationObserver(() => {
            if (!found()) return;
            observer.disconnect();
            resolveSeen(performance.timeOrigin + performance.now());
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        (window as Window & { benchSeen?: Promise<number> }).benchSeen = seen;
      }, text);
    const seenAt = (timeoutMs: number) =>
      page.evaluate(
        (ms) =>
          Promise.race([
            (window as Window & { benchSeen?: Promise<number> }).benchSeen ?? Promise.resolve(null),
            new Promise<null>((resolveLate) =>
              setTimeout(() => {
                resolveLate(null);
              }, ms),
            ),
          ]),
        timeoutMs,
      );
    await watchFor(item.quantity);
    if ((await seenAt(HEAR_TIMEOUT_MS)) === null) throw new Error(`the order page does not show ${item.quantity}`);
    const pageMs: number[] = [];
    let missed = 0;
    for (let i = 0; i <= PAGE_WRITES; i++) {
      await sleep(PAGE_GAP_MS);
      const quantity = String(900_000 + i);
      await watchFor(quantity);
      const started = performance.timeOrigin + performance.now();
      const answer = await api<ItemAnswer>(base, writer, 'PATCH', `/v1/items/${itemSid}`, { quantity });
      if (answer.quantity !== quantity)
        throw new Error(`the item's quantity reads ${answer.quantity}, not ${quantity}`);
      const at = await seenAt(HEAR_TIMEOUT_MS);
      // The first is a warm-up (the page's first read after the stream opened).
      if (i === 0) continue;
      if (at === null) missed++;
      else pageMs.push(at - started);
    }
    return {
      engine: 'pglite',
      browser: `Chromium ${browser.version()} headless`,
      page: `/orders/{sid} (order ${order.uniqueName}), the quantity of its item ${item.uniqueName ?? itemSid}`,
      writes: PAGE_WRITES,
      gapMs: PAGE_GAP_MS,
      pageMs: spread(pageMs),
      samplesMs: pageMs.map((ms) => round(ms, 0)),
      missed,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- open streams

const rssKb = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1]);
const openFiles = (pid: number) => readdirSync(`/proc/${String(pid)}/fd`).length;
/** This process's soft limit of open files (the server, its child, has the same). */
function openFileLimit(): number {
  const limit = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
  return limit === undefined || limit === 'unlimited' ? Infinity : Number(limit);
}

async function openStreams(server: ChildProcess, base: string, db: Db, writer: string, versions: Map<string, number>) {
  const pid = server.pid;
  if (pid === undefined) throw new Error('the server has no pid');
  // Each stream is a socket here and one in the server; leave room for everything else.
  const fitting = Math.floor((openFileLimit() - 500) / MAX_STREAMS_PER_SESSION) * MAX_STREAMS_PER_SESSION;
  const wanted = Math.min(STREAMS_WANTED, fitting);
  const sessions = wanted / MAX_STREAMS_PER_SESSION;
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer' && !l.organization);
  if (!buyer) throw new Error('the demo has no buyer login');
  const tokens = await insertSessions(db, buyer.email, sessions);
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const streams: LiveStreamClient[] = [];
  try {
    // Warm: one stream opened and closed, a write heard.
    const first = await openLiveStream(base, tokens[0], agent);
    const sid = [...versions.keys()][0];
    const warmHeard = first.changeNaming(sid);
    const warm = await api<ItemGroupAnswer>(base, writer, 'PATCH', `/v1/itemGroups/${sid}`, {
      version: versions.get(sid),
      dueDate: dueDateOf(0),
    });
    versions.set(sid, warm.version);
    await warmHeard;
    first.close();
    await sleep(2000);
    const before = { rssKb: rssKb(pid), openFiles: openFiles(pid) };

    const opening = performance.now();
    const queue = tokens.flatMap((token) => Array.from({ length: MAX_STREAMS_PER_SESSION }, () => token));
    let failedToOpen = 0;
    let firstFailure: string | null = null;
    await Promise.all(
      Array.from({ length: OPENING_AT_ONCE }, async () => {
        for (let token = queue.pop(); token !== undefined; token = queue.pop()) {
          try {
            streams.push(await openLiveStream(base, token, agent));
          } catch (error) {
            failedToOpen++;
            firstFailure ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
    const openSeconds = (performance.now() - opening) / 1000;
    await sleep(3000);
    const withStreams = { rssKb: rssKb(pid), openFiles: openFiles(pid) };
    const openBeforeFanOut = streams.filter((s) => s.isOpen()).length;

    // Fan-out: each write, from its sending to its change's arrival on every stream.
    const rounds: { first: number; p50: number; max: number; missed: number }[] = [];
    const arrivals: number[] = [];
    for (let r = 0; r < FAN_OUT_WRITES; r++) {
      const written = [...versions.keys()][r % versions.size];
      const heard = streams.map((s) =>
        s.changeNaming(written, HEAR_TIMEOUT_MS * 2).then(
          (at) => at,
          () => null,
        ),
      );
      const started = performance.now();
      const answer = await api<ItemGroupAnswer>(base, writer, 'PATCH', `/v1/itemGroups/${written}`, {
        version: versions.get(written),
        dueDate: dueDateOf(r + 1),
      });
      versions.set(written, answer.version);
      const times = (await Promise.all(heard)).filter((at): at is number => at !== null).map((at) => at - started);
      arrivals.push(...times);
      const figures = spread(times);
      rounds.push({
        first: times.length ? round(Math.min(...times)) : NaN,
        p50: figures.p50,
        max: figures.max,
        missed: streams.length - times.length,
      });
      await sleep(FAN_OUT_GAP_MS);
    }
    const openAfterFanOut = streams.filter((s) => s.isOpen()).length;

    for (const stream of streams) stream.close();
    await sleep(3000);
    const afterClose = { rssKb: rssKb(pid), openFiles: openFiles(pid) };
    const pooled = spread(arrivals);
    return {
      engine: 'postgres',
      sessions,
      streamsPerSession: MAX_STREAMS_PER_SESSION,
      requested: wanted,
      open: openBeforeFanOut,
      openAfterFanOut,
      failedToOpen,
      firstFailure,
      openSeconds: round(openSeconds),
      rssMb: {
        before: round(before.rssKb / 1024),
        withStreams: round(withStreams.rssKb / 1024),
        afterClosing: round(afterClose.rssKb / 1024),
      },
      kbPerStream: openBeforeFanOut ? round((withStreams.rssKb - before.rssKb) / openBeforeFanOut) : null,
      serverOpenFiles: {
        before: before.openFiles,
        withStreams: withStreams.openFiles,
        afterClosing: afterClose.openFiles,
      },
      fanOutWrites: FAN_OUT_WRITES,
      fanOutMs: { p50: pooled.p50, p95: pooled.p95, max: pooled.max },
      fanOutRounds: rounds,
    };
  } finally {
    for (const stream of streams) stream.close();
    agent.destroy();
  }
}

// ---------------------------------------------------------------- the benchmark

/** The built app: `distDir` if given (`npm run bench` has just built dist/), else a fresh build in a temporary folder. */
function buildApp(into: string): string {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', into, '--emptyOutDir', '--manifest', '--logLevel', 'error'],
    { stdio: 'inherit' },
  );
  return into;
}

export async function benchLive(options: { distDir?: string } = {}) {
  const temp = await mkdtemp(join(tmpdir(), 'factor-bench-live-'));
  const noDist = join(temp, 'no-dist');
  let server: ChildProcess | undefined;
  let other: ChildProcess | undefined;
  let cluster: ThrowawayPostgres | undefined;
  let handle: DatabaseHandle | undefined;
  let browser: Browser | undefined;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const loadBefore = loadavg()[0];
  const admin = DEMO_LOGINS.find((l) => l.role === 'admin' && !l.organization);
  const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer' && !l.organization);
  if (!admin || !buyer) throw new Error('the demo has no admin or buyer login');
  try {
    const distDir = options.distDir ? resolve(options.distDir) : buildApp(join(temp, 'dist'));
    if (!existsSync(join(distDir, 'index.html'))) throw new Error(`no built app in ${distDir}`);

    // PGlite, one process: write → event, then write → page shows it.
    console.log('  PGlite: loading the demo…');
    const pgliteApp = await startAppServer({ DATA_DIR: join(temp, 'pglite') }, distDir);
    server = pgliteApp.child;
    const pgliteWriter = await signIn(pgliteApp.base, admin);
    const pgliteStream = await openLiveStream(pgliteApp.base, await signIn(pgliteApp.base, buyer), agent);
    const pglite = await writeToEvent(
      pgliteApp.base,
      pgliteWriter,
      pgliteStream,
      await writableGroups(pgliteApp.base, pgliteWriter),
    );
    pgliteStream.close();
    printWriteToEvent('PGlite, one process', pglite);
    browser = await launchChromium();
    const page = await writeToPage(browser, pgliteApp.base, pgliteWriter);
    await browser.close();
    browser = undefined;
    console.log(
      `  write → page shows it, Chromium, the order page on PGlite (${String(page.writes)} writes ${String(PAGE_GAP_MS)} ms apart): p50 ${String(page.pageMs.p50)} ms, p95 ${String(page.pageMs.p95)} ms, max ${String(page.pageMs.max)} ms (budget ${String(BUDGET_MS)} ms${over(page.pageMs.p95)})${page.missed ? `; ${String(page.missed)} NOT SHOWN` : ''}`,
    );
    await stopProcess(server);
    server = undefined;

    // PostgreSQL, two processes: the write to A, the stream on B.
    console.log('  PostgreSQL: loading the demo…');
    cluster = await startBenchPostgres();
    const a = await startAppServer({ DATABASE_URL: cluster.url }, noDist);
    server = a.child;
    const b = await startAppServer({ DATABASE_URL: cluster.url, SEED_DEMO: 'false', JOBS: 'false' }, noDist);
    other = b.child;
    handle = await openDatabase({ url: cluster.url });
    const [writer] = await insertSessions(handle.db, admin.email, 1);
    const [subscriber] = await insertSessions(handle.db, buyer.email, 1);
    const versions = await writableGroups(a.base, writer);
    const postgresStream = await openLiveStream(b.base, subscriber, agent);
    const postgres = await writeToEvent(a.base, writer, postgresStream, versions);
    postgresStream.close();
    printWriteToEvent('PostgreSQL, written on process A, heard on process B', postgres);
    await Promise.all([stopProcess(server), stopProcess(other)]);
    server = undefined;
    other = undefined;

    // Open streams in one fresh process on the same database.
    console.log(`  opening ${STREAMS_WANTED.toLocaleString('en')} streams on one process…`);
    const c = await startAppServer({ DATABASE_URL: cluster.url, SEED_DEMO: 'false', JOBS: 'false' }, noDist);
    server = c.child;
    const streams = await openStreams(server, c.base, handle.db, writer, versions);
    console.log(
      `  open streams in one process (PostgreSQL): ${streams.open.toLocaleString('en')} of ${streams.requested.toLocaleString('en')} (${String(streams.sessions)} sessions × ${String(streams.streamsPerSession)}) opened in ${String(streams.openSeconds)} s${streams.failedToOpen ? `, ${String(streams.failedToOpen)} FAILED (${streams.firstFailure ?? ''})` : ''}; still open after the fan-out: ${streams.openAfterFanOut.toLocaleString('en')}`,
    );
    console.log(
      `  server RSS ${String(streams.rssMb.before)} MB → ${String(streams.rssMb.withStreams)} MB with the streams (${String(streams.kbPerStream)} KB a stream), ${String(streams.rssMb.afterClosing)} MB after closing them; open files ${String(streams.serverOpenFiles.before)} → ${String(streams.serverOpenFiles.withStreams)} → ${String(streams.serverOpenFiles.afterClosing)}`,
    );
    console.log(
      `  fan-out of a write to ${streams.open.toLocaleString('en')} streams (${String(streams.fanOutWrites)} writes): per-stream arrival p50 ${String(streams.fanOutMs.p50)} ms, p95 ${String(streams.fanOutMs.p95)} ms, max ${String(streams.fanOutMs.max)} ms (budget ${String(BUDGET_MS)} ms${over(streams.fanOutMs.p95)}); each write's first and last arrival: ${streams.fanOutRounds.map((r) => `${String(r.first)}–${String(r.max)}`).join(', ')} ms${streams.fanOutRounds.some((r) => r.missed) ? `; NOT HEARD: ${streams.fanOutRounds.map((r) => String(r.missed)).join(', ')}` : ''}`,
    );
    await stopProcess(server);
    server = undefined;

    return {
      measuredAt: new Date().toISOString(),
      budget: BUDGET,
      machine: {
        cores: availableParallelism(),
        loadAverageBefore: round(loadBefore),
        loadAverageAfter: round(loadavg()[0]),
      },
      postgresSettings: BENCH_POSTGRES_SETTINGS,
      writeToEventPglite: { engine: 'pglite', processes: 1, ...pglite },
      writeToEventPostgres: { engine: 'postgres', processes: 2, writtenOn: 'A', heardOn: 'B', ...postgres },
      writeToPage: page,
      openStreams: streams,
    };
  } finally {
    agent.destroy();
    await browser?.close();
    await Promise.all([server ? stopProcess(server) : undefined, other ? stopProcess(other) : undefined]);
    await handle?.close();
    await cluster?.stop();
    await rm(temp, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const figures = await benchLive();
  if (process.argv.includes('--write')) await writeResults({ liveUpdates: figures }, { merge: true });
}
