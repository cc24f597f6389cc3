// The follow-up engine at scale (server/jobs/follow-up-run.ts): one
// organization in Berlin's time zone with 300 vendors (one vendor contact
// each, so every request has someone to email), 20,000 orders spread over
// them, 50,000 items and 100,000 open item groups due from 60 days before the
// first run to 200 days after it (two in five confirmed with a ship date, one
// in ten of those later than the due date), loaded in SQL on a throwaway
// PostgreSQL cluster (the bench settings).
//
// Measured, each a whole runFollowUp over the database (every organization,
// as the scheduled job runs it):
//   firstMorning     a Monday 09:00 in Berlin: 100,000 trackers start, every
//                    line is asked, bundled one update request per order, one
//                    email per vendor contact (rendered into the outbox);
//   sameMorningAgain a minute later: nothing is due, the steady cost of a run;
//   nextMorning      Tuesday 09:00: the unanswered requests are reminded;
//   weeksLater       three weeks after the first run: the lines due since are
//                    past due (flags raised), the lines asked since are asked
//                    again;
//   steadyMorning    a typical day once the engine has run for months
//                    (settle): every vendor has answered, each line's next
//                    request spread over its interval, so the morning asks
//                    about the lines due that day;
//   steadyNextMorning the business day after: the reminders of the morning
//                    before and the requests due that day.
// The budget is for a run; the first three are bursts (every line asked at
// once) that only a first start or a mass import makes.
// Each run's wall time, its summary, and the time its queries took (from the
// client: sent to answered, by the statement's shape), the rest being the
// engine's JavaScript. Then the flags list (GET /v1/flags?pageSize=50, the
// first page and the 4 pages after it by page token, in turn) through the app
// in this process with a buyer's session, at 100,000 flags (the ones the runs
// raised, topped up with open New Delay flags): p50/p95/p99 of 200 requests.
//
// `node bench/follow-up.ts` runs it alone (--write also puts the figures into
// bench/results.json under followUp; --profile adds a CPU profile of each run,
// its top functions printed); `npm run bench` runs it too.
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import {
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { createApp } from '../server/app.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import { DEFAULT_TIERS, UNDATED_EVERY_BUSINESS_DAYS } from '../server/domain/follow-up/cadence.ts';
import {
  addBusinessDays,
  addDays,
  businessDayOnOrAfter,
  businessDaysBetween,
  calendar,
  isBusinessDay,
  localTime,
  SEND_HOUR,
} from '../server/domain/follow-up/calendar.ts';
import { newSid } from '../server/domain/sid.ts';
import { runFollowUp, type FollowUpRunSummary } from '../server/jobs/follow-up-run.ts';
import type { ThrowawayPostgres } from '../tests/support/postgres.ts';
import { benchBuyer } from './bench-buyer.ts';
import { processorSecondsSince, processorTime } from './cpu.ts';
import { BENCH_POSTGRES_SETTINGS, startBenchPostgres } from './postgres.ts';
import { writeResults } from './results.ts';
import { percentile } from './stats.ts';

const VENDORS = 300;
const ORDERS = 20_000;
const ITEMS = 50_000;
const ITEM_GROUPS = 100_000;
const FLAGS = 100_000;
const PAGE_SIZE = 50;
/** Requests to the flags list: the first page, then the pages after it, PAGES_PER_WALK in all, again and again. */
const SAMPLES = 200;
const PAGES_PER_WALK = 5;
const WARM_UP = 5;
/** A Monday: the first run's morning. */
export const FIRST_DAY = '2026-03-02';
export const WEEKS_LATER = 21;
/** A Monday a week after weeksLater: the day the steady state is measured from. */
export const STEADY_DAY = '2026-03-30';
const BUDGET_SECONDS = 2;
const BUDGET =
  'One engine run over 100,000 open item groups on PostgreSQL, with the emails it produces: ≤ 2 s; the flags list at 100,000 flags p95 (DESIGN.md / issue 15)';
const PUBLIC_URL = 'https://factor.example';
const PROFILE = process.argv.includes('--profile');

const berlin = calendar('Europe/Berlin');
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

// ---------------------------------------------------------------- data

/** The organization, its vendors, contacts, orders, items and item groups, and a buyer's bearer token. */
export async function seed(db: Kysely<Database>) {
  const started = performance.now();
  const org = newSid('OG');
  const now = new Date();
  await db
    .insertInto('organizations')
    .values({ sid: org, name: 'Follow-up bench', logo100x100: null, created: now, updated: now })
    .execute();
  await db
    .insertInto('organizationSettings')
    .values({
      sid: newSid('OS'),
      organizationSid: org,
      defaultTimeZone: 'Europe/Berlin',
      defaultItemGroupCadence: null,
      defaultPastDueCadenceSid: null,
      created: now,
      updated: now,
    })
    .execute();
  const token = await benchBuyer(db, org, newSid('US'), 'follow-up-bench@example.test', now);

  // Generated sids: the prefix and a number in hex, 28 characters.
  const sid = (prefix: string, n: string) => sql.raw(`'${prefix}' || lpad(to_hex(${n}), 28, '0')`);
  const vendorOf = (order: string) => `1 + (${order}) % ${VENDORS}`;
  await sql`insert into vendors (sid, organization_sid, name, email, created, updated)
    select ${sid('VE', 'v')}, ${org}, 'Vendor ' || lpad(v::text, 3, '0'), null, now(), now()
    from generate_series(1, ${VENDORS}) v`.execute(db);
  await sql`insert into users (sid, organization_sid, email, first_name, last_name, role, created, updated)
    select ${sid('US', 'v')}, ${org}, 'orders@vendor' || v || '.example', 'Contact', v::text, 'vendor', now(), now()
    from generate_series(1, ${VENDORS}) v`.execute(db);
  await sql`insert into user_vendors (user_sid, vendor_sid)
    select ${sid('US', 'v')}, ${sid('VE', 'v')} from generate_series(1, ${VENDORS}) v`.execute(db);
  await sql`insert into orders (sid, organization_sid, vendor_sid, vendor_name, unique_name, title, created, updated)
    select ${sid('OR', 'o')}, ${org}, ${sid('VE', vendorOf('o'))}, 'Vendor ' || lpad((${sql.raw(vendorOf('o'))})::text, 3, '0'),
      'PO-' || lpad(o::text, 6, '0'), null,
      date_trunc('milliseconds', now() - ((o % 200) || ' days')::interval - ((o % 1440) || ' minutes')::interval), now()
    from generate_series(1, ${ORDERS}) o`.execute(db);
  // Two or three items an order, numbered 10, 20, 30 within it.
  await sql`insert into items (sid, organization_sid, order_sid, unique_name, title, quantity, price_per_unit, line_number,
      description, manufacturer_part_number, created, updated)
    select ${sid('IT', 'i')}, ${org}, ${sid('OR', 'o')}, (10 * n)::text, null, 100 * (1 + i % 20), 1.25 + i % 50,
      10 * n, 'Part ' || (i * 7919) % 5000 || ', bench', 'MPN-' || lpad(((i * 7919) % 5000)::text, 5, '0'), now(), now()
    from (select i, o, row_number() over (partition by o order by i) as n
      from (select i, 1 + ((i - 1) * ${ORDERS}) / ${ITEMS} as o from generate_series(1, ${ITEMS}) i) s) s`.execute(db);
  // Two shipments an item, due from 60 days before the first run to 200 days after; two in five confirmed with a
  // ship date five days before the due date (one in ten of those a week after it).
  const groupsPerItem = ITEM_GROUPS / ITEMS;
  await sql`insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity, due_date, ship_date,
      confirmed, last_update_date, status, delivered, created, updated)
    select ${sid('IG', 'g')}, ${org}, ${sid('OR', `1 + ((i - 1) * ${ORDERS}) / ${ITEMS}`)}, ${sid('IT', 'i')},
      (1 + (g - 1) % ${groupsPerItem})::text, 25 * (1 + g % 8), ${FIRST_DAY}::date + d,
      case when g % 5 < 2 then ${FIRST_DAY}::date + d - 5 + case when g % 10 = 0 then 12 else 0 end end,
      g % 5 < 2, null, 'active', false, now(), now()
    from (select g, 1 + (g - 1) / ${groupsPerItem} as i, (g * 7919) % 261 - 60 as d
      from generate_series(1, ${ITEM_GROUPS}) g) s`.execute(db);
  // Statistics for what was loaded; the engine's tables stay as a fresh database has them (never analyzed).
  await sql`analyze organizations, organization_settings, vendors, users, user_vendors, orders, items, item_groups`.execute(
    db,
  );
  const open = await sql<{ n: number }>`select count(*)::int as n from item_groups
    where organization_sid = ${org} and status = 'active' and not delivered`.execute(db);
  if (open.rows[0].n !== ITEM_GROUPS)
    throw new Error(`expected ${ITEM_GROUPS} open item groups, found ${open.rows[0].n}`);
  return { organizationSid: org, token, loadSeconds: round((performance.now() - started) / 1000, 1) };
}

/** Tops the flags up to `total` with open New Delay flags on lines without one, created over the weeks before `before`. */
async function topUpFlags(db: Kysely<Database>, organizationSid: string, total: number, before: Date) {
  const count = async () =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from flags where organization_sid = ${organizationSid}`.execute(db)
    ).rows[0].n;
  const raised = await count();
  const missing = Math.max(0, total - raised);
  if (missing) {
    await sql`insert into flags (sid, organization_sid, created, updated, type, status, message, cause,
        order_sid, item_sid, item_group_sid)
      select 'FL' || lpad(to_hex(n), 28, '0'), ${organizationSid}, ${before}::timestamptz - n * interval '17 seconds',
        ${before}::timestamptz - n * interval '17 seconds', 'newDelay', 'open',
        'Promised ' || to_char(coalesce(ship_date, due_date) + 12, 'FMDD Mon YYYY') || ', 12 days after the due date',
        (coalesce(ship_date, due_date) + 12)::text, order_sid, item_sid, sid
      from (select g.*, row_number() over (order by g.sid) as n from item_groups g
        where g.organization_sid = ${organizationSid}
          and not exists (select 1 from flags f where f.item_group_sid = g.sid and f.type = 'newDelay' and f.status = 'open')
        limit ${missing}) s`.execute(db);
    await sql`analyze flags`.execute(db);
  }
  const byType = await sql<{ type: string; status: string; n: number }>`select type, status, count(*)::int as n
    from flags where organization_sid = ${organizationSid} group by type, status order by type, status`.execute(db);
  return {
    raisedByRuns: raised,
    inserted: missing,
    total: await count(),
    byType: Object.fromEntries(byType.rows.map((r) => [`${r.type} ${r.status}`, r.n])),
  };
}

/**
 * The steady state of an engine that has run for months, on the morning of
 * `day`: every vendor has answered (no request unanswered, no reminder owed,
 * no Unresponsive Vendor flag open), and each line's next request falls on
 * one of the business days of its interval by the default tiers from `day`,
 * the lines spread evenly over them (a line within a week of its date is
 * asked on its date). A morning then asks about the lines due that day.
 */
export async function settle(db: Kysely<Database>, organizationSid: string, day: string) {
  const morning = localTime(day, SEND_HOUR, berlin);
  const lines = await sql<{ sid: string; lineDate: string | null }>`select t.sid,
      coalesce(g.ship_date, g.due_date)::text as line_date
    from cadence_trackers t join item_groups g on g.sid = t.reference_sid
    where t.organization_sid = ${organizationSid} and t.state = 'active' order by t.sid`.execute(db);
  const next = lines.rows.map((line, index) => {
    if (line.lineDate !== null && line.lineDate > day) {
      const away = businessDaysBetween(day, line.lineDate, berlin);
      const tier = DEFAULT_TIERS.find((t) => away >= t.fromBusinessDays);
      if (!tier) return localTime(businessDayOnOrAfter(line.lineDate, berlin), SEND_HOUR, berlin);
      const offset = index % tier.everyBusinessDays;
      return offset ? localTime(addBusinessDays(day, offset, berlin), SEND_HOUR, berlin) : morning;
    }
    const offset = index % UNDATED_EVERY_BUSINESS_DAYS;
    return offset ? localTime(addBusinessDays(day, offset, berlin), SEND_HOUR, berlin) : morning;
  });
  const answered = new Date(morning.getTime() - 86_400_000);
  await sql`update cadence_trackers t set next_update_date = v.next, reminder_at = null, attempts = 0,
      first_unanswered_at = null, last_answer_at = ${answered}, version = t.version + 1
    from unnest(${lines.rows.map((l) => l.sid)}::text[], ${next.map((d) => d.toISOString())}::timestamptz[]) as v(sid, next)
    where t.sid = v.sid`.execute(db);
  await sql`update flags set status = 'resolved', resolved = ${answered}, note = 'The vendor answered.', cause = null,
      updated = ${answered}
    where organization_sid = ${organizationSid} and type = 'unresponsiveVendor' and status = 'open'`.execute(db);
  await sql`vacuum analyze cadence_trackers, flags`.execute(db);
  const dueThatMorning = next.filter((d) => d.getTime() <= morning.getTime()).length;
  return { lines: lines.rows.length, dueThatMorning };
}

// ---------------------------------------------------------------- timing queries

/** The shape of a statement, to add up the time of its kind: the start of a raw statement, or its verb and table. */
function shapeOf(node: RootOperationNode): string {
  const n = node as unknown as Record<string, unknown>;
  const table = (t: unknown): string => {
    const o = t as { table?: { identifier?: { name?: string } }; node?: unknown } | undefined;
    return o?.table?.identifier?.name ?? (o?.node ? table(o.node) : '?');
  };
  switch (node.kind) {
    case 'RawNode':
      return (n.sqlFragments as string[])[0].replace(/\s+/g, ' ').trim().slice(0, 70);
    case 'SelectQueryNode':
      return `select from ${((n.from as { froms?: unknown[] } | undefined)?.froms ?? []).map(table).join(', ')}`;
    case 'InsertQueryNode':
      return `insert into ${table(n.into)}`;
    case 'UpdateQueryNode':
      return `update ${table(n.table)}`;
    case 'DeleteQueryNode':
      return `delete from ${((n.from as { froms?: unknown[] } | undefined)?.froms ?? []).map(table).join(', ')}`;
    default:
      return node.kind;
  }
}

/**
 * Times every statement from the client (compiled, sent, answered), by shape. A run writes on two connections side
 * by side, so the statements' times added up can exceed the run's: `inFlightSeconds` is the time at least one was
 * in flight, and the rest of the run is JavaScript alone.
 */
export class QueryTimer implements KyselyPlugin {
  readonly #started = new WeakMap<object, { at: number; shape: string }>();
  byShape = new Map<string, { count: number; ms: number }>();
  spans: [number, number][] = [];

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, { at: performance.now(), shape: shapeOf(args.node) });
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId);
    if (started) {
      const ended = performance.now();
      const entry = this.byShape.get(started.shape) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += ended - started.at;
      this.byShape.set(started.shape, entry);
      this.spans.push([started.at, ended]);
    }
    return Promise.resolve(args.result);
  }

  reset(): void {
    this.byShape = new Map();
    this.spans = [];
  }

  /** How long at least one statement was in flight: the union of their spans. */
  #inFlightMs(): number {
    let total = 0;
    let end = -Infinity;
    for (const [from, to] of [...this.spans].sort((a, b) => a[0] - b[0])) {
      if (to <= end) continue;
      total += to - Math.max(from, end);
      end = to;
    }
    return total;
  }

  figures() {
    const all = [...this.byShape].sort((a, b) => b[1].ms - a[1].ms);
    return {
      statements: all.reduce((sum, [, e]) => sum + e.count, 0),
      /** The statements' times added up, over every connection. */
      seconds: round(all.reduce((sum, [, e]) => sum + e.ms, 0) / 1000),
      inFlightSeconds: round(this.#inFlightMs() / 1000),
      slowest: all.slice(0, 8).map(([shape, e]) => ({ shape, count: e.count, seconds: round(e.ms / 1000) })),
    };
  }
}

// ---------------------------------------------------------------- CPU profile (--profile)

async function profiled<T>(work: () => Promise<T>): Promise<{ result: T; top: string[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    // Self time by function, and time including callees for the engine's own functions.
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const name = (id: number) => {
      const f = byId.get(id)?.callFrame;
      return f ? `${f.functionName || '(anonymous)'} ${f.url.replace(/.*\//, '')}:${f.lineNumber + 1}` : '?';
    };
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const ms = (deltas[i + 1] ?? 0) / 1000;
      self.set(name(id), (self.get(name(id)) ?? 0) + ms);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const key = name(at);
        if (seen.has(key)) continue;
        seen.add(key);
        total.set(key, (total.get(key) ?? 0) + ms);
      }
    });
    const list = (map: Map<string, number>, filter: (key: string) => boolean, count: number) =>
      [...map]
        .filter(([key]) => filter(key))
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([key, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${key}`);
    return {
      result,
      top: [
        'self time:',
        ...list(self, () => true, 15),
        'with callees, the follow-up code:',
        ...list(total, (key) => /follow-up|sid\.ts|auth\.ts|signed-url/.test(key), 15),
      ],
    };
  } finally {
    await session.post('Profiler.disable');
    session.disconnect();
  }
}

// ---------------------------------------------------------------- runs

export async function engineRun(db: Kysely<Database>, timer: QueryTimer, name: string, now: Date) {
  timer.reset();
  const started = performance.now();
  const processorBefore = processorTime();
  const run = () => runFollowUp(db.withPlugin(timer), { now, publicUrl: PUBLIC_URL });
  let summary: FollowUpRunSummary | undefined;
  let error: string | undefined;
  let cpu: string[] = [];
  try {
    if (PROFILE) {
      const { result, top } = await profiled(run);
      summary = result;
      cpu = top;
    } else {
      summary = await run();
    }
  } catch (e) {
    error = e instanceof Error ? e.message.slice(0, 300) : String(e);
  }
  const seconds = round((performance.now() - started) / 1000);
  const processorSeconds = processorSecondsSince(processorBefore);
  const queries = timer.figures();
  const figures = {
    at: now.toISOString(),
    seconds,
    ...(error ? { error } : {}),
    ...summary,
    queries,
    // Processor time of both sides: against the machine's cores, whether the run waited or worked.
    processorSeconds,
    // The time no statement was in flight.
    javascriptSeconds: round(seconds - queries.inFlightSeconds),
  };
  const counts = summary
    ? `${summary.trackersStarted} trackers started, ${summary.updateRequests} update requests (${summary.skipped} skipped), ${summary.requestedLines} lines asked, ${summary.remindedLines} reminded, ${summary.emails} emails, ${summary.flagsRaised} flags raised, ${summary.flagsResolved} resolved`
    : `FAILED: ${error}`;
  console.log(
    `  ${name.padEnd(17)} ${seconds.toFixed(2).padStart(7)} s${seconds > BUDGET_SECONDS ? ` (budget ${BUDGET_SECONDS} s, OVER)` : ''}: ${counts}`,
  );
  console.log(
    `    ${queries.statements} statements, ${queries.seconds} s in them (on all connections), one in flight for ${queries.inFlightSeconds} s, ${figures.javascriptSeconds} s without; slowest: ${queries.slowest
      .slice(0, 4)
      .map((q) => `${q.shape} ×${q.count} ${q.seconds} s`)
      .join(' | ')}`,
  );
  console.log(
    `    processor time: PostgreSQL ${processorSeconds.postgres ?? '(unknown without /proc)'} s, this process ${processorSeconds.node} s, on ${availableParallelism()} cores in ${seconds} s`,
  );
  for (const line of cpu) console.log(`    ${line}`);
  return figures;
}

async function flagsList(handle: DatabaseHandle, token: string) {
  const app = createApp({ db: handle.db });
  const headers = { authorization: `Bearer ${token}` };
  const path = `/v1/flags?pageSize=${PAGE_SIZE}`;
  const get = async (pageToken: string | null) => {
    const started = performance.now();
    const response = await app.request(
      `http://127.0.0.1${path}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`,
      { headers },
    );
    const body = (await response.json()) as { flags: unknown[]; page: { nextPageToken: string | null } };
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
    if (body.flags.length !== PAGE_SIZE) throw new Error(`${path} answered ${body.flags.length} flags`);
    return { ms, next: body.page.nextPageToken };
  };
  for (let i = 0; i < WARM_UP; i++) await get(null);
  const first: number[] = [];
  const following: number[] = [];
  let next: string | null = null;
  for (let i = 0; i < SAMPLES; i++) {
    const page = i % PAGES_PER_WALK === 0 ? null : next;
    const answer = await get(page);
    (page ? following : first).push(answer.ms);
    next = answer.next;
  }
  const dist = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      samples: sorted.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1]),
    };
  };
  return { path, all: dist([...first, ...following]), firstPage: dist(first), followingPages: dist(following) };
}

export async function benchFollowUp() {
  const loadBefore = loadavg()[0];
  let cluster: ThrowawayPostgres | undefined;
  let handle: DatabaseHandle | undefined;
  try {
    cluster = await startBenchPostgres();
    handle = await openDatabase({ url: cluster.url });
    await migrate(handle.db);
    const data = await seed(handle.db);
    console.log(
      `  ${ITEM_GROUPS.toLocaleString('en')} open item groups of ${ORDERS.toLocaleString('en')} orders, ${VENDORS} vendors with a contact each, loaded in ${data.loadSeconds} s`,
    );

    if (!isBusinessDay(FIRST_DAY, berlin) || new Date(`${FIRST_DAY}T12:00:00Z`).getUTCDay() !== 1) {
      throw new Error(`${FIRST_DAY} is not a Monday`);
    }
    const monday = localTime(FIRST_DAY, SEND_HOUR, berlin);
    const timer = new QueryTimer();
    const db = handle.db;
    const runs = {
      firstMorning: await engineRun(db, timer, 'firstMorning', monday),
      sameMorningAgain: await engineRun(db, timer, 'sameMorningAgain', new Date(monday.getTime() + 60_000)),
      nextMorning: await engineRun(db, timer, 'nextMorning', localTime(addDays(FIRST_DAY, 1), SEND_HOUR, berlin)),
      weeksLater: await engineRun(
        db,
        timer,
        'weeksLater',
        localTime(addDays(FIRST_DAY, WEEKS_LATER), SEND_HOUR, berlin),
      ),
    };
    // A typical day once the engine has run for months: what is due that morning, then the next morning's
    // reminders of what was not answered and the requests due then.
    const steady = await settle(db, data.organizationSid, STEADY_DAY);
    console.log(
      `  settled on ${STEADY_DAY}: ${steady.lines} lines answered, their next requests spread over their intervals (${steady.dueThatMorning} due that morning)`,
    );
    const steadyRuns = {
      steadyMorning: await engineRun(db, timer, 'steadyMorning', localTime(STEADY_DAY, SEND_HOUR, berlin)),
      steadyNextMorning: await engineRun(
        db,
        timer,
        'steadyNextMorning',
        localTime(addBusinessDays(STEADY_DAY, 1, berlin), SEND_HOUR, berlin),
      ),
    };
    const written = await sql<{ requests: number; lines: number; emails: number; events: number; trackers: number }>`
      select (select count(*)::int from update_requests) as requests, (select count(*)::int from update_request_lines) as lines,
        (select count(*)::int from outbox_emails) as emails, (select count(*)::int from events) as events,
        (select count(*)::int from cadence_trackers where state = 'active') as trackers`.execute(db);
    const totals = written.rows[0];
    console.log(
      `  after the runs: ${totals.trackers} active trackers, ${totals.requests} update requests with ${totals.lines} lines, ${totals.emails} emails in the outbox, ${totals.events} events`,
    );

    const flags = await topUpFlags(db, data.organizationSid, FLAGS, new Date(runs.weeksLater.at));
    const list = await flagsList(handle, data.token);
    console.log(
      `  flags list (${list.path}) at ${flags.total.toLocaleString('en')} flags (${flags.raisedByRuns} raised by the runs, ${flags.inserted} inserted), ${SAMPLES} requests: p50 ${list.all.p50} ms, p95 ${list.all.p95} ms, p99 ${list.all.p99} ms, max ${list.all.max} ms (first page p95 ${list.firstPage.p95} ms, following pages p95 ${list.followingPages.p95} ms)`,
    );
    const loadAfter = loadavg()[0];
    console.log(`  load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
    console.log(`    budget: "${BUDGET}"`);
    return {
      measuredAt: new Date().toISOString(),
      budget: BUDGET,
      engine: 'postgres',
      postgresSettings: BENCH_POSTGRES_SETTINGS,
      machine: {
        cores: availableParallelism(),
        loadAverageBefore: round(loadBefore, 1),
        loadAverageAfter: round(loadAfter, 1),
      },
      data: {
        vendors: VENDORS,
        vendorContacts: VENDORS,
        orders: ORDERS,
        items: ITEMS,
        openItemGroups: ITEM_GROUPS,
        loadSeconds: data.loadSeconds,
      },
      budgetSeconds: BUDGET_SECONDS,
      runs: { ...runs, ...steadyRuns },
      steady: { day: STEADY_DAY, ...steady },
      afterRuns: totals,
      flags,
      flagsListMs: list,
    };
  } finally {
    await handle?.close();
    await cluster?.stop();
  }
}

if (import.meta.main) {
  const figures = await benchFollowUp();
  if (process.argv.includes('--write')) await writeResults({ followUp: figures }, { merge: true });
}
