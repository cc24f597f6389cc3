// The BOM lines list at scale: 500 BOMs × 200 lines (100,000 lines over
// 4,000 parts, one line in twenty a custom part without MPN), 9,250
// inventory counts (three per counted part: the latest one counts), and
// 2,000 orders of 25,000 items and 50,000 item groups (85% active and
// undelivered), whose MPNs match 3,000 of the BOM parts (and 1,000 parts no
// BOM uses). Every line answers with its part's inventory and quantity on
// order, and the list's filters, sorts and total counts range over every line
// of the organization, as the BOM list's clear-to-build filter does over every
// BOM: they read the per-part and per-line figures of migration 0017
// (server/db/bom-metrics.ts), which its triggers keep as the data is loaded (the
// load time includes that).
//
// Measured on PostgreSQL (the bench settings) and on PGlite, through the app
// over HTTP on 127.0.0.1 as a buyer: p50/p95 of each list request below, 30
// times after 3 warm-up requests (BENCH_BOM_SAMPLES, BENCH_BOM_WARM_UP); the
// same page each time except the walk, which follows next-page tokens.
// `node bench/bom-lines.ts` runs it alone (--write also puts the figures into
// bench/results.json under bomLines); `npm run bench` runs it too.
// BENCH_BOM_ENGINES=postgres (or pglite) measures one engine.
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { sql, type Kysely } from 'kysely';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { createApp } from '../server/app.ts';
import { migrate, openDatabase, pgliteParsers, type DatabaseHandle } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import { newSid } from '../server/domain/sid.ts';
import type { ThrowawayPostgres } from '../tests/support/postgres.ts';
import { benchBuyer } from './bench-buyer.ts';
import { BENCH_POSTGRES_SETTINGS, startBenchPostgres } from './postgres.ts';
import { writeResults } from './results.ts';
import { percentile } from './stats.ts';

const BOMS = 500;
const LINES_PER_BOM = 200;
const PARTS = 4_000;
const COUNTED_PARTS = 3_000;
const ORDERS = 2_000;
const ITEMS = 25_000;
const GROUPS_PER_ITEM = 2;
/** Timed requests per list request (BENCH_BOM_SAMPLES), after BENCH_BOM_WARM_UP untimed ones. */
const SAMPLES = Math.max(1, Number(process.env.BENCH_BOM_SAMPLES ?? 30));
const WARM_UP = Math.max(0, Number(process.env.BENCH_BOM_WARM_UP ?? 3));
const BUDGET = 'Lists: p95 well under 100 ms at realistic sizes (DESIGN.md "Budgets", issue 13)';

type Engine = 'postgres' | 'pglite';

const round = (n: number) => Number(n.toFixed(2));

/** The list requests measured, by name: the query string of GET /v1/bomLines (or another path). */
function requests(bomSid: string): Record<string, string> {
  return {
    firstPage: '/v1/bomLines?pageSize=100',
    walkPages: '/v1/bomLines?pageSize=100',
    firstPageWithTotalCount: '/v1/bomLines?pageSize=100&includeTotalCount=true',
    orderedAtMost0WithTotalCount: '/v1/bomLines?pageSize=100&includeTotalCount=true&orderedQuantityLessThanEqualTo=0',
    orderedAtMost500WithTotalCount:
      '/v1/bomLines?pageSize=100&includeTotalCount=true&orderedQuantityLessThanEqualTo=500',
    inventoryAtMost50WithTotalCount:
      '/v1/bomLines?pageSize=100&includeTotalCount=true&inventoryCountLessThanEqualTo=50',
    bothFiltersWithTotalCount:
      '/v1/bomLines?pageSize=100&includeTotalCount=true&inventoryCountLessThanEqualTo=50&orderedQuantityLessThanEqualTo=0',
    byCtbWithTotalCount: '/v1/bomLines?pageSize=100&includeTotalCount=true&orderBy=ctb',
    byOrderedQuantityDesc: '/v1/bomLines?pageSize=100&orderBy=orderedQuantity&sortOrder=Desc',
    oneBomWithTotalCount: `/v1/bomLines?pageSize=100&includeTotalCount=true&bomSid=${bomSid}`,
    oneBomOrderedAtMost0: `/v1/bomLines?pageSize=100&includeTotalCount=true&bomSid=${bomSid}&orderedQuantityLessThanEqualTo=0`,
    bomsCtbAtMost0: '/v1/boms?pageSize=100&ctbLessThanEqualTo=0',
  };
}

/** The organization, a buyer's bearer token and the data above, straight in SQL. */
async function seed(db: Kysely<Database>) {
  const started = Date.now();
  const organizationSid = newSid('OG');
  const userSid = newSid('US');
  const now = new Date();
  await db
    .insertInto('organizations')
    .values({ sid: organizationSid, name: 'BOM bench', logo100x100: null, created: now, updated: now })
    .execute();
  const token = await benchBuyer(db, organizationSid, userSid, 'bom-bench@example.test', now);

  const org = organizationSid;
  const sid = (prefix: string, n: string) => sql.raw(`'${prefix}' || lpad(to_hex(${n}), 28, '0')`);
  const part = (n: string) => sql.raw(`'MPN-' || lpad((${n})::text, 5, '0')`);
  await sql`insert into boms (sid, organization_sid, unique_name, created, updated)
    select ${sid('BO', 'i')}, ${org}, 'BOM-' || lpad(i::text, 4, '0'), date_trunc('milliseconds', now() - (i || ' hours')::interval), now()
    from generate_series(1, ${BOMS}) i`.execute(db);
  // Line j of BOM i: part (53 i + 7 j) mod 4,000 (distinct within a BOM), every twentieth a custom part; one in fifty needs none.
  await sql`insert into bom_lines (sid, organization_sid, bom_sid, unique_name, mpn, required_quantity, created, updated)
    select ${sid('BL', `(i - 1) * ${LINES_PER_BOM} + j`)}, ${org}, ${sid('BO', 'i')},
      case when j % 20 = 0 then 'CUST-' || ((13 * i + j) % 500) else ${part(`(53 * i + 7 * j) % ${PARTS}`)} end,
      case when j % 20 = 0 then null else ${part(`(53 * i + 7 * j) % ${PARTS}`)} end,
      case when (i + j) % 50 = 0 then 0 else 1 + j % 10 end,
      date_trunc('milliseconds', now() - (i || ' hours')::interval) + (j || ' milliseconds')::interval, now()
    from generate_series(1, ${BOMS}) i, generate_series(1, ${LINES_PER_BOM}) j`.execute(db);
  // Three counts per counted part (and one per custom part below 250), the latest being the one that counts.
  await sql`insert into inventory_counts (sid, organization_sid, unique_name, count, recording_date, created, updated)
    select ${sid('IC', `p * 3 + k + 1`)}, ${org}, ${part('p')}, (37 * p + 11 * k) % 400,
      date_trunc('milliseconds', now() - (k || ' days')::interval), now(), now()
    from generate_series(0, ${COUNTED_PARTS - 1}) p, generate_series(0, 2) k
    union all
    select ${sid('IC', `${COUNTED_PARTS * 3 + 1} + c`)}, ${org}, 'CUST-' || c, c % 40, now(), now(), now()
    from generate_series(0, 249) c`.execute(db);
  await sql`insert into orders (sid, organization_sid, unique_name, vendor_name, created, updated)
    select ${sid('OR', 'i')}, ${org}, 'PO-' || i, 'Vendor ' || (i % 40), now() - (i || ' minutes')::interval, now()
    from generate_series(1, ${ORDERS}) i`.execute(db);
  // Items name parts 1,000 to 4,999: parts 0 to 999 are never ordered, 4,000 to 4,999 are in no BOM.
  await sql`insert into items (sid, organization_sid, order_sid, unique_name, quantity, manufacturer_part_number, created, updated)
    select ${sid('IT', 'n')}, ${org}, ${sid('OR', `1 + n % ${ORDERS}`)}, 'line-' || n, 100,
      ${part(`1000 + (7 * n) % ${PARTS}`)}, now() - (n || ' seconds')::interval, now()
    from generate_series(1, ${ITEMS}) n`.execute(db);
  // One item group in ten delivered, one in twenty canceled: the others are on order.
  await sql`insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity, due_date, delivered, status, created, updated)
    select ${sid('IG', `(n - 1) * ${GROUPS_PER_ITEM} + g`)}, ${org}, ${sid('OR', `1 + n % ${ORDERS}`)}, ${sid('IT', 'n')}, 'S' || g,
      25 * (1 + (n + g) % 8), current_date + (n % 120), (n + g) % 10 = 0,
      case when (n + g) % 20 = 1 then 'canceled' else 'active' end, now(), now()
    from generate_series(1, ${ITEMS}) n, generate_series(1, ${GROUPS_PER_ITEM}) g`.execute(db);
  await sql`analyze`.execute(db);
  const open = await sql<{ n: number }>`select count(*)::int as n from item_groups
    where organization_sid = ${org} and status = 'active' and not delivered`.execute(db);
  const bom = await sql<{ sid: string }>`select sid from boms where organization_sid = ${org}
    order by unique_name offset 250 limit 1`.execute(db);
  return {
    token,
    bomSid: bom.rows[0].sid,
    loadSeconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    openItemGroups: open.rows[0].n,
  };
}

interface ListAnswer {
  page: { nextPageToken: string | null };
  totalCount?: number;
  [list: string]: unknown;
}

async function measure(engine: Engine) {
  let cluster: ThrowawayPostgres | undefined;
  let handle: DatabaseHandle | undefined;
  try {
    if (engine === 'postgres') {
      cluster = await startBenchPostgres();
      handle = await openDatabase({ url: cluster.url });
    } else {
      handle = await openDatabase({ pglite: await PGlite.create({ parsers: pgliteParsers() }) });
    }
    await migrate(handle.db);
    const data = await seed(handle.db);
    console.log(`  ${engine}: data loaded in ${data.loadSeconds} s`);
    const app = createApp({ db: handle.db });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { authorization: `Bearer ${data.token}` };
    const get = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, { headers });
      const body = (await response.json()) as ListAnswer;
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
      return { ms, body };
    };

    const figures: Record<
      string,
      { path: string; p50: number; p95: number; samples: number; rows: number; totalCount?: number }
    > = {};
    for (const [name, path] of Object.entries(requests(data.bomSid))) {
      for (let i = 0; i < WARM_UP; i++) await get(path);
      const times: number[] = [];
      let last: ListAnswer | undefined;
      let token: string | null = null;
      for (let i = 0; i < SAMPLES; i++) {
        const walking = name === 'walkPages';
        const { ms, body } = await get(walking && token ? `${path}&pageToken=${token}` : path);
        times.push(ms);
        last = body;
        token = body.page.nextPageToken;
      }
      const sorted = [...times].sort((a, b) => a - b);
      const list = Object.values(last ?? {}).find(Array.isArray) as unknown[] | undefined;
      figures[name] = {
        path,
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        samples: SAMPLES,
        rows: list?.length ?? 0,
        ...(last?.totalCount === undefined ? {} : { totalCount: last.totalCount }),
      };
      const f = figures[name];
      console.log(
        `    ${name.padEnd(32)} p50 ${String(f.p50).padStart(8)} ms  p95 ${String(f.p95).padStart(8)} ms  (${f.rows} rows${f.totalCount === undefined ? '' : ` of ${f.totalCount}`})`,
      );
    }
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    return {
      ...(engine === 'postgres' ? { postgresSettings: BENCH_POSTGRES_SETTINGS } : {}),
      loadSeconds: data.loadSeconds,
      openItemGroups: data.openItemGroups,
      listMs: figures,
    };
  } finally {
    await handle?.close();
    await cluster?.stop();
  }
}

export async function benchBomLines() {
  const engines = (process.env.BENCH_BOM_ENGINES ?? 'postgres,pglite').split(',') as Engine[];
  const byEngine: Partial<Record<Engine, Awaited<ReturnType<typeof measure>>>> = {};
  const loadBefore = loadavg()[0];
  for (const engine of engines) byEngine[engine] = await measure(engine);
  return {
    measuredAt: new Date().toISOString(),
    budget: BUDGET,
    // Other work on the shared cores slows every request: the 1-minute load average before and after.
    machine: {
      cores: availableParallelism(),
      loadAverageBefore: Number(loadBefore.toFixed(1)),
      loadAverageAfter: Number(loadavg()[0].toFixed(1)),
    },
    data: {
      boms: BOMS,
      linesPerBom: LINES_PER_BOM,
      lines: BOMS * LINES_PER_BOM,
      parts: PARTS,
      inventoryCounts: COUNTED_PARTS * 3 + 250,
      orders: ORDERS,
      items: ITEMS,
      itemGroups: ITEMS * GROUPS_PER_ITEM,
    },
    ...byEngine,
  };
}

if (import.meta.main) {
  const figures = await benchBomLines();
  if (process.argv.includes('--write')) await writeResults({ bomLines: figures }, { merge: true });
}
