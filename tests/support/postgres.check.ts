// Smoke check for the throwaway-cluster harness: node tests/support/postgres.check.ts
// Starts one cluster, then two at once, queries each, and checks that stop()
// leaves no temp directory behind.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.ts';

async function query(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ version: string; db: string }>('select version(), current_database() as db');
    const row = result.rows[0];
    if (row.db !== 'factor_test') throw new Error(`connected to ${row.db}, expected factor_test`);
    return row.version;
  } finally {
    await client.end();
  }
}

// The API does not expose the cluster's temp folder, but the harness uses it
// as the socket folder, so ask the server.
async function tempDirOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ dir: string }>("select current_setting('unix_socket_directories') as dir");
    return result.rows[0].dir;
  } finally {
    await client.end();
  }
}

async function stopAndVerify(db: ThrowawayPostgres, dir: string): Promise<void> {
  await db.stop();
  if (existsSync(dir)) throw new Error(`temp dir ${dir} still exists after stop()`);
}

let started = performance.now();
const single = await startThrowawayPostgres();
const startMs = performance.now() - started;
const singleDir = await tempDirOf(single.url);
console.log(`${single.url}: ${await query(single.url)}`);
started = performance.now();
await stopAndVerify(single, singleDir);
console.log(
  `start ${startMs.toFixed(0)} ms, stop ${(performance.now() - started).toFixed(0)} ms; ${singleDir} removed`,
);

started = performance.now();
const pair = await Promise.all([startThrowawayPostgres(), startThrowawayPostgres()]);
console.log(`two clusters started in parallel in ${(performance.now() - started).toFixed(0)} ms`);
const dirs = await Promise.all(pair.map((db) => tempDirOf(db.url)));
if (pair[0].url === pair[1].url || dirs[0] === dirs[1]) throw new Error('the two clusters share a port or folder');
for (const db of pair) console.log(`${db.url}: ${await query(db.url)}`);
await Promise.all(pair.map((db, i) => stopAndVerify(db, dirs[i])));
console.log('both stopped and removed; ok');
