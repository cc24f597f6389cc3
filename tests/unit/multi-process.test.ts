// Several processes on one PostgreSQL (issue 13): two API processes that
// share no memory (JOBS=false) and one worker (a third `node server/main.ts`
// with jobs on), all on one throwaway cluster. A sign-in on one API process
// is valid on the other and a sign-out on one ends it on both; the sign-in
// limits (server/http/login-throttle.ts) count failures on both; an upload
// posted to an API process is worked by the worker only, once; and a worker
// killed with SIGKILL mid-import resumes after its restart, with every row
// written once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed/demo.ts';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../support/postgres.ts';
import { demoLogin, signIn, startServer, stopServer, type ServerProcess } from '../support/server-process.ts';

// As in vitest.config.ts: only outside CI, and only when PostgreSQL is not installed, is this file left out.
const postgresAvailable = process.env.CI === 'true' || findPostgresBin() !== undefined;
if (!postgresAvailable) {
  console.warn(
    '\n!!! multi-process (several processes on one PostgreSQL) SKIPPED: no initdb found (apt-get install postgresql, or set PG_BIN).\n',
  );
}

interface Upload {
  sid: string;
  status: string;
  rowCountTotal: number;
  rowsProcessed: number;
  rowCountCreated: number;
  rowCountUpdated: number;
  rowCountSuccess: number;
  rowCountFailure: number;
  failureMessage: string | null;
}

interface Sizes {
  orders: number;
  items: number;
  groups: number;
}

const rowsOf = ({ orders, items, groups }: Sizes) => orders * items * groups;

/** An open-order file whose orders are named <prefix>-<n>, each with items × groups rows, and vendors of its own. */
function openOrderFile(prefix: string, { orders, items, groups }: Sizes): Blob {
  const lines = ['PO Number,Vendor,Item,Item Group Unique Name,Qty,Due Date'];
  for (let o = 0; o < orders; o++) {
    for (let i = 0; i < items; i++) {
      for (let g = 0; g < groups; g++)
        lines.push(
          `${prefix}-${o},${prefix} Vendor ${o % 37},PART-${i},S${g},${o + i + g + 1},2026-0${(g % 9) + 1}-15`,
        );
    }
  }
  return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
}

const poll = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!postgresAvailable)('several processes on one PostgreSQL', () => {
  let cluster: ThrowawayPostgres;
  let pool: pg.Pool;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
    dir = mkdtempSync(join(tmpdir(), 'factor-multi-process-'));
    // pg-boss's monitor pass, which retries a dead worker's job once its heartbeat is stale: every 5 s.
    env = { DATABASE_URL: cluster.url, JOBS_MONITOR_INTERVAL_SECONDS: '5' };
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = async <Row extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await pool.query<Row>(text, values)).rows;
  const distDir = () => join(dir, 'no-dist');

  /**
   * The two API processes. A starts first and seeds the demo organization when the database is fresh (whichever
   * test runs first); B starts once A is running, with SEED_DEMO=false.
   */
  async function startApis(): Promise<{ a: ServerProcess; b: ServerProcess }> {
    const a = await startServer({ env: { ...env, JOBS: 'false' }, distDir: distDir() });
    // Each test signs in from 127.0.0.1 with the limits as new (A has migrated the database); the limits' test
    // leaves that address waiting.
    await query('delete from login_failures');
    const b = await startServer({ env: { ...env, JOBS: 'false', SEED_DEMO: 'false' }, distDir: distDir() });
    return { a, b };
  }

  /** The worker: a third process, jobs on. */
  const startWorker = () => startServer({ env: { ...env, SEED_DEMO: 'false' }, distDir: distDir() });

  /** Stops a process with SIGTERM and expects it to exit cleanly (main.ts closes the server, then the jobs). */
  async function stopCleanly(server: ServerProcess): Promise<void> {
    await stopServer(server.child, 'SIGTERM');
    expect({ code: server.child.exitCode, signal: server.child.signalCode }).toEqual({ code: 0, signal: null });
  }

  const login = (base: string, email: string, password: string) =>
    fetch(`${base}/v1/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  async function postUpload(base: string, token: string, name: string, file: Blob): Promise<string> {
    const form = new FormData();
    form.append('file', file, name);
    const created = await fetch(`${base}/v1/openOrderUploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(created.status).toBe(202);
    return ((await created.json()) as Upload).sid;
  }

  async function readUpload(base: string, token: string, sid: string): Promise<Upload> {
    const answer = await fetch(`${base}/v1/openOrderUploads/${sid}`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    return (await answer.json()) as Upload;
  }

  /** Reads the upload until it is no longer processing (or the generous deadline passes). */
  async function finished(base: string, token: string, sid: string): Promise<Upload> {
    let upload = await readUpload(base, token, sid);
    const deadline = Date.now() + 180_000;
    while (upload.status === 'processing' && Date.now() < deadline) {
      await poll(250);
      upload = await readUpload(base, token, sid);
    }
    return upload;
  }

  /** The upload's pg-boss jobs (the queue keeps one per upload: its sid is the singleton key). */
  const jobsOf = (sid: string) =>
    query(
      `select state, retry_count as "retryCount" from pgboss.job where name = 'upload-import' and data->>'uploadSid' = $1`,
      [sid],
    );

  /**
   * The upload's jobs once pg-boss has settled them: the import marks the upload completed in its last
   * transaction, and the worker then marks the job completed, a moment later.
   */
  async function settledJobsOf(sid: string) {
    let jobs = await jobsOf(sid);
    const deadline = Date.now() + 60_000;
    while (jobs.some((j) => ['created', 'retry', 'active'].includes(String(j.state))) && Date.now() < deadline) {
      await poll(100);
      jobs = await jobsOf(sid);
    }
    return jobs;
  }

  /** Every order, item, item group and vendor of the file exists once, and the upload's own counts add up. */
  async function expectWrittenOnce(prefix: string, sizes: Sizes, sid: string): Promise<void> {
    const rows = rowsOf(sizes);
    const like = `${prefix}-%`;
    const one = async (text: string, values: unknown[] = [like]) => (await query(text, values))[0];
    expect(
      await one(
        `select count(*)::int as n, count(distinct unique_name)::int as names from orders where unique_name like $1`,
      ),
    ).toEqual({ n: sizes.orders, names: sizes.orders });
    expect(
      await one(`select count(*)::int as n, count(distinct (i.order_sid, i.unique_name))::int as names
        from items i join orders o on o.sid = i.order_sid where o.unique_name like $1`),
    ).toEqual({ n: sizes.orders * sizes.items, names: sizes.orders * sizes.items });
    expect(
      await one(`select count(*)::int as n, count(distinct (g.item_sid, g.unique_name))::int as names
        from item_groups g join orders o on o.sid = g.order_sid where o.unique_name like $1`),
    ).toEqual({ n: rows, names: rows });
    expect(
      await one(`select count(*)::int as n from events e join orders o on o.sid = e.order_sid
        where o.unique_name like $1 and e.event_type = 'itemGroup.created'`),
    ).toEqual({ n: rows });
    const vendors = Math.min(37, sizes.orders);
    expect(
      await one(`select count(*)::int as n, count(distinct name)::int as names from vendors where name like $1`, [
        `${prefix} Vendor %`,
      ]),
    ).toEqual({ n: vendors, names: vendors });
    expect(
      await one(
        `select rows_processed as "rowsProcessed", row_count_total as "rowCountTotal",
          row_count_success + row_count_failure as "accounted", row_count_created + row_count_updated as "written",
          (select count(*)::int from upload_logs l where l.upload_sid = u.sid) as "logs"
        from uploads u where sid = $1`,
        [sid],
      ),
    ).toEqual({ rowsProcessed: rows, rowCountTotal: rows, accounted: rows, written: rows, logs: 0 });
  }

  const completedWith = (rows: number) => ({
    status: 'completed',
    rowCountTotal: rows,
    rowsProcessed: rows,
    rowCountSuccess: rows,
    rowCountCreated: rows,
    rowCountUpdated: 0,
    rowCountFailure: 0,
    failureMessage: null,
  });

  it(
    'takes a sign-in on one API process as valid on the other, and a sign-out on one ends it on both',
    {
      timeout: 300_000,
    },
    async () => {
      const { a, b } = await startApis();
      const buyer = demoLogin('buyer');

      const onA = await login(a.base, buyer.email, DEMO_PASSWORD);
      expect(onA.status).toBe(200);
      const { token } = (await onA.json()) as { token: string };
      const cookie = onA.headers.getSetCookie().find((c) => c.startsWith('factor_session='));
      expect(cookie).toBeDefined();
      const sessionCookie = cookie!.split(';')[0];
      expect(sessionCookie).toBe(`factor_session=${token}`);

      const session = (base: string, headers: Record<string, string>) => fetch(`${base}/v1/session`, { headers });
      const byBearer: Record<string, string> = { authorization: `Bearer ${token}` };
      for (const headers of [byBearer, { cookie: sessionCookie }]) {
        const onB = await session(b.base, headers);
        expect(onB.status).toBe(200);
        expect(((await onB.json()) as { user: { email: string } }).user.email).toBe(buyer.email);
      }
      // And the other way round.
      const fromB = await signIn(b.base);
      expect((await session(a.base, { authorization: `Bearer ${fromB}` })).status).toBe(200);

      // Signing out on B (a cookie write, from B's own origin) ends the session on A too.
      const out = await fetch(`${b.base}/v1/session/logout`, {
        method: 'POST',
        headers: { cookie: sessionCookie, origin: b.base },
      });
      expect(out.status).toBe(204);
      expect((await session(a.base, { authorization: `Bearer ${token}` })).status).toBe(401);
      expect((await session(a.base, { cookie: sessionCookie })).status).toBe(401);
      expect((await session(b.base, { cookie: sessionCookie })).status).toBe(401);
      // The other session is untouched.
      expect((await session(a.base, { authorization: `Bearer ${fromB}` })).status).toBe(200);

      await stopCleanly(b);
      await stopCleanly(a);
    },
  );

  it('holds the sign-in limits across both API processes', { timeout: 300_000 }, async () => {
    const { a, b } = await startApis();
    const admin = demoLogin('admin');
    const expectLimited = async (answer: Response) => {
      expect(answer.status).toBe(429);
      expect(((await answer.json()) as { code: string }).code).toBe('rate_limited');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    };

    // Per account at one address: six wrong passwords, A, B, A, B, A, B — three each, so neither process
    // alone has seen more than the five free ones. The sixth sets a wait (2 s), which both processes enforce.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await login(i % 2 ? b.base : a.base, admin.email, `wrong ${i}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    await expectLimited(await login(a.base, admin.email, DEMO_PASSWORD));
    await expectLimited(await login(b.base, admin.email, DEMO_PASSWORD));
    expect(
      await query(`select key, failures from login_failures where key like $1`, [`account:${admin.email}|%`]),
    ).toEqual([{ key: `account:${admin.email}|address:127.0.0.1`, failures: 6 }]);

    // Per address across accounts: 50 failures (these six and 44 more, on unknown accounts, alternating), then
    // one more sets the address's wait; any sign-in from it is then refused on both.
    for (let i = 6; i < 51; i++) {
      const answer = await login(i % 2 ? b.base : a.base, `nobody.${i}@example.test`, 'guess');
      expect(answer.status).toBe(401);
    }
    expect(
      await query(`select failures, blocked_until is not null as "waiting" from login_failures where key = $1`, [
        'login-address:127.0.0.1',
      ]),
    ).toEqual([{ failures: 51, waiting: true }]);
    const buyer = demoLogin('buyer');
    await expectLimited(await login(a.base, buyer.email, DEMO_PASSWORD));
    await expectLimited(await login(b.base, buyer.email, DEMO_PASSWORD));

    await stopCleanly(b);
    await stopCleanly(a);
  });

  it('leaves an upload posted to an API process to the worker, which works it once', { timeout: 300_000 }, async () => {
    const { a, b } = await startApis();
    const token = await signIn(a.base);
    const sizes = { orders: 40, items: 3, groups: 2 };
    const file = openOrderFile('MPW', sizes);
    const sid = await postUpload(a.base, token, 'worker.csv', file);

    // No worker yet: the API processes only queue the job, and neither ever takes it.
    const watchUntil = Date.now() + 5_000;
    while (Date.now() < watchUntil) {
      for (const base of [a.base, b.base]) {
        expect(await readUpload(base, token, sid)).toMatchObject({ status: 'processing', rowsProcessed: 0 });
      }
      await poll(250);
    }
    expect(await jobsOf(sid)).toEqual([{ state: 'created', retryCount: 0 }]);

    const worker = await startWorker();
    const final = await finished(b.base, token, sid);
    expect(final).toMatchObject(completedWith(rowsOf(sizes)));
    expect(await readUpload(a.base, token, sid)).toMatchObject(completedWith(rowsOf(sizes)));
    // One job, run once: the worker's start did not send a second one for the upload still processing.
    expect(await settledJobsOf(sid)).toEqual([{ state: 'completed', retryCount: 0 }]);
    await expectWrittenOnce('MPW', sizes, sid);
    // A download link made by A opens on B: both sign with the key in the database.
    const link = await fetch(`${a.base}/v1/openOrderUploads/${sid}/downloadUrl`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(link.status).toBe(200);
    const { url } = (await link.json()) as { url: string };
    expect(url.startsWith(`${a.base}/files/`)).toBe(true);
    const download = await fetch(`${b.base}${url.slice(a.base.length)}`);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(await file.text());

    await stopCleanly(worker);
    await stopCleanly(b);
    await stopCleanly(a);
  });

  it(
    'resumes an import after the worker is killed with SIGKILL, with every row written once',
    {
      timeout: 420_000,
    },
    async () => {
      const { a, b } = await startApis();
      let worker = await startWorker();
      const token = await signIn(b.base);
      const sizes = { orders: 2000, items: 5, groups: 2 };
      const rows = rowsOf(sizes);
      /** Chunks as upload-import.ts cuts them on PostgreSQL: whole orders, 2,500 rows. */
      const chunks = rows / 2500;
      const sid = await postUpload(b.base, token, 'kill.csv', openOrderFile('MPK', sizes));

      // Kill the worker once some chunks are written and most are not.
      let seen = await readUpload(a.base, token, sid);
      const deadline = Date.now() + 180_000;
      while (seen.rowsProcessed === 0 && Date.now() < deadline) {
        await poll(50);
        seen = await readUpload(a.base, token, sid);
      }
      await stopServer(worker.child, 'SIGKILL');
      expect(seen.status).toBe('processing');
      expect(seen.rowsProcessed).toBeGreaterThan(0);
      expect(seen.rowsProcessed).toBeLessThan(rows);

      // Only committed chunks are in the database, and the dead worker still holds the job.
      const [upload] = await query<{ status: string; chunksDone: number; rowsProcessed: number }>(
        `select status, chunks_done as "chunksDone", rows_processed as "rowsProcessed" from uploads where sid = $1`,
        [sid],
      );
      expect(upload.status).toBe('processing');
      expect(upload.chunksDone).toBeGreaterThan(0);
      expect(upload.chunksDone).toBeLessThan(chunks);
      expect(upload.rowsProcessed).toBe((upload.chunksDone * rows) / chunks);
      expect(await jobsOf(sid)).toEqual([{ state: 'active', retryCount: 0 }]);
      // Both API processes still answer, and neither takes the job over.
      for (const base of [a.base, b.base]) {
        expect(await readUpload(base, token, sid)).toMatchObject({
          status: 'processing',
          rowsProcessed: upload.rowsProcessed,
        });
      }

      worker = await startWorker();
      const final = await finished(a.base, token, sid);
      expect(final).toMatchObject(completedWith(rows));
      // One job, completed by the one retry that took over from the killed attempt.
      expect(await settledJobsOf(sid)).toEqual([{ state: 'completed', retryCount: 1 }]);
      expect(await query(`select chunks_done as "chunksDone" from uploads where sid = $1`, [sid])).toEqual([
        { chunksDone: chunks },
      ]);
      await expectWrittenOnce('MPK', sizes, sid);

      await stopCleanly(worker);
      await stopCleanly(b);
      await stopCleanly(a);
    },
  );

  it(
    'seeds a fresh database once when two processes start on it at the same moment',
    { timeout: 300_000 },
    async () => {
      const fresh = await startThrowawayPostgres();
      onTestFinished(() => fresh.stop());
      const both = await Promise.all(
        [0, 1].map(() => startServer({ env: { DATABASE_URL: fresh.url, JOBS: 'false' }, distDir: distDir() })),
      );
      expect(both.filter((s) => s.output().includes('Loaded the demo organization'))).toHaveLength(1);
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      try {
        // The demo's two customers, once each.
        expect(
          (await client.query('select name, count(*)::int as n from organizations group by name order by name')).rows,
        ).toEqual([
          { name: 'Helix Medical Devices', n: 1 },
          { name: 'Northwind Robotics', n: 1 },
        ]);
      } finally {
        await client.end();
      }
      for (const server of both) await signIn(server.base);
      for (const server of both) await stopCleanly(server);
    },
  );
});
