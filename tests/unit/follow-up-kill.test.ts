// A follow-up run killed with SIGKILL mid-way, then run again, sends every due
// email exactly once. On a throwaway PostgreSQL cluster, an organization has
// one vendor with one contact and 24,000 orders of one open line each, all due
// for their first request: the run writes them in six transactions of 4,000
// orders, two at a time (server/jobs/follow-up-run.ts). The run is a child process
// (tests/support/follow-up-run-process.ts), killed as soon as its first batch
// has committed; only committed batches are in the database, and a second run
// at the same instant writes the rest: every line asked once, one email per
// request, none twice and none lost. A third run at that instant writes nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrate, openDatabase } from '../../server/db/connect.ts';
import type { FollowUpRunSummary } from '../../server/jobs/follow-up-run.ts';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../support/postgres.ts';

// As in vitest.config.ts: only outside CI, and only when PostgreSQL is not installed, is this file left out.
const postgresAvailable = process.env.CI === 'true' || findPostgresBin() !== undefined;
if (!postgresAvailable) {
  console.warn(
    '\n!!! follow-up-kill (a follow-up run killed mid-way, then run again) SKIPPED: no initdb found (apt-get install postgresql, or set PG_BIN).\n',
  );
}

const SCRIPT = fileURLToPath(new URL('../support/follow-up-run-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Orders (one line each): 6 transactions of 4,000 (the most a transaction takes, in a multiple of its 2 writers). */
const ORDERS = 24_000;
const ORDERS_PER_BATCH = 4_000;
/** A Tuesday, 10:00 UTC: a business day, past the 09:00 morning. */
const NOW = '2026-12-08T10:00:00.000Z';
const TODAY = NOW.slice(0, 10);
/** The name the run's connections carry, so the test can tell when the killed process's sessions are gone. */
const APPLICATION = 'follow-up-kill-run';
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(28, '0')}`;
const ORGANIZATION = sid('OG', 1);
const VENDOR = sid('VE', 1);
const CONTACT = sid('US', 1);
const CONTACT_EMAIL = 'orders@vendor.example';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type RunResult = FollowUpRunSummary & { ms: number };

interface RunProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe.skipIf(!postgresAvailable)('a follow-up run killed with SIGKILL mid-way', () => {
  let cluster: ThrowawayPostgres | undefined;
  let pool: pg.Pool | undefined;
  let url = '';
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    url = cluster.url;
    const handle = await openDatabase({ url });
    try {
      await migrate(handle.db);
    } finally {
      await handle.close();
    }
    pool = new pg.Pool({ connectionString: url, max: 2 });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await pool?.end();
    await cluster?.stop();
  });

  const query = async <Row extends Record<string, unknown>>(text: string, values: unknown[] = []) => {
    if (!pool) throw new Error('no database');
    return (await pool.query<Row>(text, values)).rows;
  };
  const count = async (text: string, values: unknown[] = [ORGANIZATION]) =>
    (await query<{ n: number }>(text, values))[0].n;

  /** The organization, its settings, a vendor with one contact, and the orders with one open line each, set-based. */
  async function seed(): Promise<void> {
    if (!pool) throw new Error('no database');
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`insert into organizations (sid, name) values ($1, 'Kill Test')`, [ORGANIZATION]);
      await client.query(
        `insert into organization_settings (sid, organization_sid, default_time_zone) values ($1, $2, 'UTC')`,
        [sid('OS', 1), ORGANIZATION],
      );
      await client.query(`insert into vendors (sid, organization_sid, name) values ($1, $2, 'Kill Vendor')`, [
        VENDOR,
        ORGANIZATION,
      ]);
      await client.query(
        `insert into users (sid, organization_sid, email, first_name, role) values ($1, $2, $3, 'Vera', 'vendor')`,
        [CONTACT, ORGANIZATION, CONTACT_EMAIL],
      );
      await client.query(`insert into user_vendors (user_sid, vendor_sid) values ($1, $2)`, [CONTACT, VENDOR]);
      await client.query(
        `insert into orders (sid, organization_sid, vendor_sid, unique_name)
        select 'OR' || lpad(n::text, 28, '0'), $1, $2, 'PO-K-' || n from generate_series(1, $3::int) n`,
        [ORGANIZATION, VENDOR, ORDERS],
      );
      await client.query(
        `insert into items (sid, organization_sid, order_sid, unique_name, quantity, line_number, manufacturer_part_number)
        select 'IT' || lpad(n::text, 28, '0'), $1, 'OR' || lpad(n::text, 28, '0'), '10', 10, 1, 'MPN-K-' || n
        from generate_series(1, $2::int) n`,
        [ORGANIZATION, ORDERS],
      );
      // Due dates spread over the next 200 days.
      await client.query(
        `insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity, due_date)
        select 'IG' || lpad(n::text, 28, '0'), $1, 'OR' || lpad(n::text, 28, '0'), 'IT' || lpad(n::text, 28, '0'),
          '1', 10, $2::date + 1 + n % 200
        from generate_series(1, $3::int) n`,
        [ORGANIZATION, TODAY, ORDERS],
      );
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
    await query('analyze');
  }

  /** `node tests/support/follow-up-run-process.ts` at NOW; killed when the test finishes, whatever happened. */
  function startRun(): RunProcess {
    const separator = url.includes('?') ? '&' : '?';
    const child = spawn(process.execPath, [SCRIPT], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: `${url}${separator}application_name=${APPLICATION}`,
        ORGANIZATION_SID: ORGANIZATION,
        NOW,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve({ code, signal });
      });
    });
    onTestFinished(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      children.delete(child);
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output, exited };
  }

  /** Waits for a run to finish, expects exit code 0, and reads its summary line. */
  async function finished(run: RunProcess): Promise<RunResult> {
    const { code, signal } = await run.exited;
    expect({ code, signal }, run.output()).toEqual({ code: 0, signal: null });
    const last = run.output().trim().split('\n').at(-1) ?? '';
    return JSON.parse(last) as RunResult;
  }

  /** Until no session of a run is left on the server: a killed client's transaction is over (rolled back or committed). */
  async function runSessionsGone(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (
      (await count(`select count(*)::int as n from pg_stat_activity where application_name = $1`, [APPLICATION])) > 0
    ) {
      if (Date.now() > deadline) throw new Error('the killed run still has sessions on the server after 30 s');
      await sleep(20);
    }
  }

  const requestCount = () => count(`select count(*)::int as n from update_requests where organization_sid = $1`);

  /** Polls every 10 ms until the run has committed an update request, then kills it; the count seen then. */
  async function killOnceRequested(run: RunProcess): Promise<number> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) {
        throw new Error(`the first run ended before it could be killed:\n${run.output()}`);
      }
      if (Date.now() > deadline) throw new Error(`the first run wrote no request in 60 s:\n${run.output()}`);
      const seen = await requestCount();
      if (seen > 0) {
        run.child.kill('SIGKILL');
        return seen;
      }
      await sleep(10);
    }
  }

  /** What a run writes, counted. */
  const written = async () =>
    (
      await query<Record<string, number>>(
        `select
          (select count(*)::int from update_requests where organization_sid = $1) as requests,
          (select count(*)::int from update_request_lines l join update_requests r on r.sid = l.update_request_sid
            where r.organization_sid = $1) as lines,
          (select count(*)::int from outbox_emails where organization_sid = $1) as emails,
          (select count(*)::int from vendor_link_tokens where user_sid = $2) as tokens,
          (select count(*)::int from events where organization_sid = $1) as events,
          (select count(*)::int from flags where organization_sid = $1) as flags,
          (select coalesce(sum(version), 0)::int from cadence_trackers where organization_sid = $1) as "trackerVersions"`,
        [ORGANIZATION, CONTACT],
      )
    )[0];

  it('sends every due email exactly once after a run killed mid-way is run again', { timeout: 120_000 }, async () => {
    const t0 = performance.now();
    await seed();
    const seeded = performance.now();

    // 1. The first run, killed as soon as its first batch of requests has committed.
    const first = startRun();
    const atKill = await killOnceRequested(first);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const killed = performance.now();
    await runSessionsGone();
    // Only committed batches are left: whole ones, every request with its line, its email and its token.
    const afterKill = await written();
    expect(atKill).toBeGreaterThan(0);
    expect(afterKill.requests).toBeLessThan(ORDERS);
    expect(afterKill).toMatchObject({
      lines: afterKill.requests,
      emails: afterKill.requests,
      tokens: afterKill.requests,
    });
    expect(afterKill.requests % ORDERS_PER_BATCH).toBe(0);

    // 2. Run again at the same instant: it writes the rest, and nothing the first run committed.
    const second = await finished(startRun());
    const rerun = performance.now();
    expect(second).toMatchObject({
      trackersStarted: 0,
      updateRequests: ORDERS - afterKill.requests,
      requestedLines: ORDERS - afterKill.requests,
      remindedLines: 0,
      skipped: 0,
      emails: ORDERS - afterKill.requests,
    });

    // Every line asked exactly once, and never reminded.
    expect(
      await query(
        `select g.sid, count(l.item_group_sid)::int as n from item_groups g
        left join update_request_lines l on l.item_group_sid = g.sid and l.kind = 'request'
        where g.organization_sid = $1 group by g.sid having count(l.item_group_sid) <> 1 limit 5`,
        [ORGANIZATION],
      ),
    ).toEqual([]);
    expect(
      await count(`select count(*)::int as n from update_request_lines l join item_groups g on g.sid = l.item_group_sid
        where g.organization_sid = $1 and l.kind <> 'request'`),
    ).toBe(0);
    // One request per order, each with a line, sent.
    expect(
      await query(
        `select count(*)::int as requests, count(distinct order_sid)::int as orders,
          count(*) filter (where status = 'sent' and skip_reason is null)::int as sent
        from update_requests where organization_sid = $1`,
        [ORGANIZATION],
      ),
    ).toEqual([{ requests: ORDERS, orders: ORDERS, sent: ORDERS }]);
    expect(
      await count(`select count(*)::int as n from update_requests r where r.organization_sid = $1
        and not exists (select 1 from update_request_lines l where l.update_request_sid = r.sid)`),
    ).toBe(0);
    // One email per order (its one contact), none twice, none lost.
    expect(
      await query(
        `select count(*)::int as emails, count(distinct (update_request_sid, to_address))::int as distinct,
          count(*) filter (where to_address = $2)::int as "toContact"
        from outbox_emails where organization_sid = $1`,
        [ORGANIZATION, CONTACT_EMAIL],
      ),
    ).toEqual([{ emails: ORDERS, distinct: ORDERS, toContact: ORDERS }]);
    expect(
      await count(`select count(*)::int as n from update_requests r where r.organization_sid = $1
        and not exists (select 1 from outbox_emails e where e.update_request_sid = r.sid)`),
    ).toBe(0);
    expect(
      await count(`select count(*)::int as n from outbox_emails where organization_sid = $1
        and (update_request_sid is null or update_request_sid not in (select sid from update_requests))`),
    ).toBe(0);
    // One portal link per email, one event per request (here one line each), and every tracker moved on once.
    expect(await count(`select count(*)::int as n from vendor_link_tokens where user_sid = $1`, [CONTACT])).toBe(
      ORDERS,
    );
    expect(
      await query(
        `select count(distinct e.sid)::int as events, count(distinct l ->> 'itemGroupSid')::int as lines
        from events e cross join lateral jsonb_array_elements(e.after -> 'lines') l
        where e.organization_sid = $1 and e.event_type = 'order.updateRequested'`,
        [ORGANIZATION],
      ),
    ).toEqual([{ events: ORDERS, lines: ORDERS }]);
    expect(
      await query(
        `select count(*)::int as trackers, count(*) filter (where attempts = 1 and next_update_date > $2
          and last_update_date = $2)::int as "movedOn"
        from cadence_trackers where organization_sid = $1 and state = 'active'`,
        [ORGANIZATION, NOW],
      ),
    ).toEqual([{ trackers: ORDERS, movedOn: ORDERS }]);

    // 3. A third run at the same instant writes nothing new.
    const before = await written();
    const third = await finished(startRun());
    const end = performance.now();
    expect(third).toMatchObject({
      trackersStarted: 0,
      trackersEnded: 0,
      updateRequests: 0,
      requestedLines: 0,
      remindedLines: 0,
      emails: 0,
    });
    expect(await written()).toEqual(before);

    console.info(
      `follow-up-kill: ${ORDERS} orders; seeded in ${Math.round(seeded - t0)} ms; ` +
        `killed after ${Math.round(killed - seeded)} ms with ${atKill} requests seen ` +
        `(${afterKill.requests} committed once its sessions were gone); ` +
        `rerun wrote ${second.updateRequests} in ${Math.round(rerun - killed)} ms (run ${second.ms} ms); ` +
        `third run ${Math.round(end - rerun)} ms (run ${third.ms} ms)`,
    );
  });
});
