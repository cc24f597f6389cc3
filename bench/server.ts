// Server figures on PostgreSQL with 1,000,000 item groups: list p50/p95
// (pageSize 100, a filter and a sort, walking pages in their stable order), bulk
// update of 500 item groups p50/p95, and requests per second on the list
// endpoint (autocannon, 127.0.0.1). Prints them and returns them.
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { migrate, openDatabase } from '../server/db/connect.ts';
import { newSid } from '../server/domain/sid.ts';
import { benchBuyer } from './bench-buyer.ts';
import { BENCH_POSTGRES_SETTINGS, startBenchPostgres } from './postgres.ts';
import { percentile } from './stats.ts';

const ITEM_GROUPS = Number(process.env.BENCH_ITEM_GROUPS ?? 1_000_000);

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: Number(percentile(sorted, 50).toFixed(2)),
    p95: Number(percentile(sorted, 95).toFixed(2)),
    samples: samples.length,
  };
}

export async function benchServer() {
  const cluster = await startBenchPostgres();
  const handle = await openDatabase({ url: cluster.url });
  try {
    const db = handle.db;
    await migrate(db);
    const organizationSid = newSid('OG');
    const userSid = newSid('US');
    const now = new Date();
    await db
      .insertInto('organizations')
      .values({ sid: organizationSid, name: 'Bench', logo100x100: null, created: now, updated: now })
      .execute();
    const token = await benchBuyer(db, organizationSid, userSid, 'bench@example.test', now);

    // Bulk data straight in SQL: 5,000 orders, 50,000 items, ITEM_GROUPS item groups. Item j belongs to
    // order 1 + j % orders, and an item group names its item's order (the tenant key checks it).
    const loadStarted = Date.now();
    const orders = Math.max(1, Math.round(ITEM_GROUPS / 200));
    const items = Math.max(1, Math.round(ITEM_GROUPS / 20));
    const sid = (prefix: string, n: string) => sql.raw(`'${prefix}' || lpad(to_hex(${n}), 28, '0')`);
    await sql`insert into orders (sid, organization_sid, unique_name, vendor_name, created, updated)
      select ${sid('OR', 'i')}, ${organizationSid}, 'PO-' || i, 'Vendor ' || (i % 40), now() - (i || ' minutes')::interval, now()
      from generate_series(1, ${orders}) i`.execute(db);
    await sql`insert into items (sid, organization_sid, order_sid, unique_name, quantity, manufacturer_part_number, created, updated)
      select ${sid('IT', 'i')}, ${organizationSid}, ${sid('OR', `(1 + i % ${orders})`)}, 'line-' || i, 100, 'MPN-' || (i % 5000), now() - (i || ' seconds')::interval, now()
      from generate_series(1, ${items}) i`.execute(db);
    await sql`insert into item_groups (sid, organization_sid, order_sid, item_sid, quantity, due_date, confirmed, status, created, updated)
      select ${sid('IG', 'i')}, ${organizationSid}, ${sid('OR', `(1 + (1 + i % ${items}) % ${orders})`)}, ${sid('IT', `(1 + i % ${items})`)}, 5,
        current_date + (i % 240) - 30, i % 3 = 0, case when i % 50 = 0 then 'canceled' else 'active' end,
        now() - (i || ' milliseconds')::interval, now()
      from generate_series(1, ${ITEM_GROUPS}) i`.execute(db);
    await sql`analyze`.execute(db);
    const loadSeconds = (Date.now() - loadStarted) / 1000;

    const app = createApp({ db });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // Walk 300 pages of 100 (30,000 rows deep) with a filter and a sort, timing each request.
    const listTimes: number[] = [];
    let pageToken: string | null = null;
    for (let i = 0; i < 300; i++) {
      const url = `${base}/v1/itemGroups?pageSize=100&confirmed=false&orderBy=dueDate${pageToken ? `&pageToken=${pageToken}` : ''}`;
      const started = performance.now();
      const response = await fetch(url, { headers });
      const body = (await response.json()) as { itemGroups: unknown[]; page: { nextPageToken: string | null } };
      listTimes.push(performance.now() - started);
      if (response.status !== 200 || body.itemGroups.length !== 100)
        throw new Error(`list answered ${response.status}`);
      pageToken = body.page.nextPageToken;
    }

    // The orders page over the same data (5,000 orders of 200 item groups each), 20 requests per view:
    // unconfirmed orders, walked page by page; orders sorted by next due date, walked; and fully confirmed
    // orders, which asks every order's lines and finds none (each order has unconfirmed ones).
    const orderViews = {
      unconfirmed: 'confirmed=false',
      byNextDueDate: 'orderBy=nextDueDate',
      allConfirmed: 'confirmed=true',
    } as const;
    const listOrdersMs: Record<string, ReturnType<typeof summary> & { rows: number }> = {};
    for (const [view, query] of Object.entries(orderViews)) {
      const times: number[] = [];
      let rows = 0;
      let next: string | null = null;
      for (let i = 0; i < 20; i++) {
        const url = `${base}/v1/orders?pageSize=50&${query}${next ? `&pageToken=${next}` : ''}`;
        const started = performance.now();
        const response = await fetch(url, { headers });
        const body = (await response.json()) as { orders: unknown[]; page: { nextPageToken: string | null } };
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`list orders (${query}) answered ${response.status}`);
        rows += body.orders.length;
        next = body.page.nextPageToken;
      }
      listOrdersMs[view] = { ...summary(times), rows };
    }

    // Bulk-confirm 500 item groups at a time, 20 times over different rows.
    const bulkTimes: number[] = [];
    for (let round = 0; round < 20; round++) {
      const sids = await sql<{
        sid: string;
      }>`select sid from item_groups where organization_sid = ${organizationSid} order by sid offset ${round * 500} limit 500`.execute(
        db,
      );
      const body = JSON.stringify(sids.rows.map((r) => ({ sid: r.sid, confirmed: true, shipDate: '2027-01-15' })));
      const started = performance.now();
      const response = await fetch(`${base}/v1/itemGroups/bulk`, { method: 'PATCH', headers, body });
      await response.arrayBuffer();
      bulkTimes.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`bulk update answered ${response.status}`);
    }

    const load = await autocannon({
      url: `${base}/v1/itemGroups?pageSize=100&statusNot=canceled`,
      headers: { authorization: `Bearer ${token}` },
      connections: 10,
      duration: 10,
    });
    // Let requests still in flight when the load stopped finish before closing.
    await new Promise((r) => setTimeout(r, 1000));
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });

    return {
      engine: 'postgres',
      postgresSettings: BENCH_POSTGRES_SETTINGS,
      itemGroups: ITEM_GROUPS,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      listItemGroupsMs: { ...summary(listTimes), budgetP95: 50 },
      listOrdersMs,
      bulkUpdate500Ms: summary(bulkTimes),
      listRequestsPerSecond: {
        average: load.requests.average,
        p50LatencyMs: load.latency.p50,
        p99LatencyMs: load.latency.p99,
        errors: load.errors,
        non2xx: load.non2xx,
      },
    };
  } finally {
    await handle.close();
    await cluster.stop();
  }
}
