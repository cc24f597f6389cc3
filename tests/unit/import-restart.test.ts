// An import survives the server being killed: `node server/main.ts` takes a
// 20,000-row open-order file, is killed with SIGKILL after some chunks were
// written, and started again; the job resumes and completes, and every order,
// item and item group exists exactly once. Once on a temp PGlite folder and
// once on a throwaway PostgreSQL cluster, where chunk transactions overlap
// (server/jobs/upload-import.ts) and pg-boss retries the dead process's job
// only once its heartbeat goes stale.
import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findPostgresBin, startThrowawayPostgres } from '../support/postgres.ts';
import { freePort, signIn, startServer, stopServer } from '../support/server-process.ts';

type QueryRow = Record<string, unknown>;

/** One database engine the server is killed and restarted on. */
interface Engine {
  /** Environment of both server starts (on top of the inherited one, minus DATABASE_URL). */
  env: Record<string, string>;
  /** Runs a query on the database; only while no server is running. */
  query<Row extends QueryRow>(text: string): Promise<Row[]>;
  /**
   * The database is a server of its own, so what the kill left can be read
   * before the restart. A PGlite folder opened here would be recovered by the
   * test rather than by the restarted server, which is what is under test.
   */
  readableBetweenStarts: boolean;
  close(): Promise<void>;
}

function openPglite(dir: string): Promise<Engine> {
  const dataDir = join(dir, 'pglite');
  let pglite: PGlite | null = null;
  return Promise.resolve({
    env: { DATA_DIR: dataDir },
    async query<Row extends QueryRow>(text: string) {
      pglite ??= await PGlite.create(dataDir);
      return (await pglite.query<Row>(text)).rows;
    },
    readableBetweenStarts: false,
    async close() {
      await pglite?.close();
    },
  });
}

async function openPostgres(): Promise<Engine> {
  const cluster = await startThrowawayPostgres();
  return {
    // The killed process's job is retried once pg-boss's monitor pass finds its heartbeat stale: look every
    // supervise pass (5 s) rather than every minute.
    env: { DATABASE_URL: cluster.url, JOBS_MONITOR_INTERVAL_SECONDS: '5' },
    async query<Row extends QueryRow>(text: string) {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        return (await client.query<Row>(text)).rows;
      } finally {
        await client.end();
      }
    },
    readableBetweenStarts: true,
    close: () => cluster.stop(),
  };
}

// As in vitest.config.ts: only outside CI, and only when PostgreSQL is not installed, is its case left out.
const postgresAvailable = process.env.CI === 'true' || findPostgresBin() !== undefined;
if (!postgresAvailable) {
  console.warn(
    '\n!!! import-restart on PostgreSQL SKIPPED: no initdb found (apt-get install postgresql, or set PG_BIN).\n',
  );
}
// Rows per chunk as upload-import.ts cuts them: shorter on PGlite, which runs on the server's thread.
const engines = [
  { name: 'PGlite', open: openPglite, chunkRows: 1000 },
  ...(postgresAvailable ? [{ name: 'PostgreSQL', open: openPostgres, chunkRows: 2500 }] : []),
];

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

const ORDERS = 2000;
const ITEMS = 5;
const GROUPS = 2;
const ROWS = ORDERS * ITEMS * GROUPS;

function bigFile(): string {
  const lines = ['PO Number,Vendor,Item,Item Group Unique Name,Qty,Due Date'];
  for (let o = 0; o < ORDERS; o++) {
    for (let i = 0; i < ITEMS; i++) {
      for (let g = 0; g < GROUPS; g++)
        lines.push(`RST-${o},Vendor ${o % 37},PART-${i},S${g},${o + i + g + 1},2026-0${(g % 9) + 1}-15`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const ORDERS_WRITTEN = `select count(*)::int as n from orders where unique_name like 'RST-%'`;
const GROUPS_WRITTEN = `select count(*)::int as n from item_groups g join orders o on o.sid = g.order_sid
  where o.unique_name like 'RST-%'`;
/** The test sends one upload, so the import queue holds its one job. */
const UPLOAD_JOBS = `select state, retry_count as "retryCount" from pgboss.job where name = 'upload-import'`;

describe.each(engines)('on $name', ({ open, chunkRows }) => {
  it('resumes an import after SIGKILL and finishes it with every row written once', { timeout: 300_000 }, async () => {
    /** The job writes whole orders, chunkRows rows (chunkRows / 10 orders here) a chunk. */
    const CHUNKS = ROWS / chunkRows;
    const dir = mkdtempSync(join(tmpdir(), 'factor-import-restart-'));
    onTestFinished(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const engine = await open(dir);
    onTestFinished(() => engine.close());
    const distDir = join(dir, 'no-dist');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = (await startServer({ port, env: engine.env, distDir })).child;
    const auth = { authorization: `Bearer ${await signIn(base)}` };
    const form = new FormData();
    form.append('file', new Blob([bigFile()], { type: 'text/csv' }), 'restart.csv');
    const created = await fetch(`${base}/v1/openOrderUploads`, { method: 'POST', headers: auth, body: form });
    expect(created.status).toBe(202);
    const { sid } = (await created.json()) as Upload;
    const read = async () =>
      (await (await fetch(`${base}/v1/openOrderUploads/${sid}`, { headers: auth })).json()) as Upload;

    // Kill the server once some chunks are written and most are not.
    let seen = await read();
    const deadline = Date.now() + 180_000;
    while (seen.rowsProcessed === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await read();
    }
    await stopServer(server, 'SIGKILL');
    expect(seen.status).toBe('processing');
    expect(seen.rowsProcessed).toBeGreaterThan(0);
    expect(seen.rowsProcessed).toBeLessThan(ROWS);

    if (engine.readableBetweenStarts) {
      // Only committed chunks are in the database: the chunk written alongside was rolled back with the connection.
      const [upload] = await engine.query<{ status: string; chunksDone: number; rowsProcessed: number }>(
        `select status, chunks_done as "chunksDone", rows_processed as "rowsProcessed" from uploads where sid = '${sid}'`,
      );
      expect(upload.status).toBe('processing');
      expect(upload.chunksDone).toBeGreaterThan(0);
      expect(upload.chunksDone).toBeLessThan(CHUNKS);
      expect(upload.rowsProcessed).toBe((upload.chunksDone * ROWS) / CHUNKS);
      expect((await engine.query(ORDERS_WRITTEN))[0]).toEqual({ n: (upload.chunksDone * ORDERS) / CHUNKS });
      expect((await engine.query(GROUPS_WRITTEN))[0]).toEqual({ n: upload.rowsProcessed });
      // The dead process still holds the job: the restart has to take it over once its heartbeat is stale.
      expect(await engine.query(UPLOAD_JOBS)).toEqual([{ state: 'active', retryCount: 0 }]);
    }

    server = (await startServer({ port, env: engine.env, distDir })).child;
    auth.authorization = `Bearer ${await signIn(base)}`;
    let final = await read();
    const resumeDeadline = Date.now() + 180_000;
    while (final.status === 'processing' && Date.now() < resumeDeadline) {
      await new Promise((r) => setTimeout(r, 250));
      final = await read();
    }
    expect(final).toMatchObject({
      status: 'completed',
      rowCountTotal: ROWS,
      rowsProcessed: ROWS,
      rowCountSuccess: ROWS,
      rowCountCreated: ROWS,
      rowCountUpdated: 0,
      rowCountFailure: 0,
      failureMessage: null,
    });
    await stopServer(server, 'SIGTERM');

    // Every unique name once, straight from the database.
    const one = async (text: string) => (await engine.query(text))[0];
    expect(
      await one(
        `select count(*)::int as n, count(distinct unique_name)::int as names from orders where unique_name like 'RST-%'`,
      ),
    ).toEqual({ n: ORDERS, names: ORDERS });
    expect(
      await one(`select count(*)::int as n, count(distinct (i.order_sid, i.unique_name))::int as names
        from items i join orders o on o.sid = i.order_sid where o.unique_name like 'RST-%'`),
    ).toEqual({ n: ORDERS * ITEMS, names: ORDERS * ITEMS });
    expect(
      await one(`select count(*)::int as n, count(distinct (g.item_sid, g.unique_name))::int as names
        from item_groups g join orders o on o.sid = g.order_sid where o.unique_name like 'RST-%'`),
    ).toEqual({ n: ROWS, names: ROWS });
    expect(
      await one(`select count(*)::int as n from events e join orders o on o.sid = e.order_sid
        where o.unique_name like 'RST-%' and e.event_type = 'itemGroup.created'`),
    ).toEqual({ n: ROWS });
    expect(
      await one(
        `select count(*)::int as n, count(distinct name)::int as names from vendors where name like 'Vendor %'`,
      ),
    ).toEqual({ n: 37, names: 37 });
    // One job for the upload, completed by the one retry that took over from the killed attempt.
    expect(await engine.query(UPLOAD_JOBS)).toEqual([{ state: 'completed', retryCount: 1 }]);
    // The upload's own counts, as stored: every row accounted for once, no rejected row logged.
    expect(
      await one(`select rows_processed as "rowsProcessed", row_count_total as "rowCountTotal",
          row_count_success + row_count_failure as "accounted", row_count_created + row_count_updated as "written",
          chunks_done as "chunksDone", (select count(*)::int from upload_logs l where l.upload_sid = u.sid) as "logs"
        from uploads u where sid = '${sid}'`),
    ).toEqual({
      rowsProcessed: ROWS,
      rowCountTotal: ROWS,
      accounted: ROWS,
      written: ROWS,
      chunksDone: CHUNKS,
      logs: 0,
    });
  });
});
