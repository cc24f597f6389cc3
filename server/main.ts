// Entry point of `npm start`: the API and the built app from one process,
// on HOST:PORT (127.0.0.1:3000 by default), on PGlite under .data/ unless
// DATABASE_URL points at PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app.ts';
import { listen } from './listen.ts';
import { migrate, openDatabase, pgliteParsers } from './db/connect.ts';
import { startLiveUpdates } from './http/live.ts';
import { useDatabaseLinkSecret } from './http/signed-url.ts';
import { startJobs } from './jobs/queue.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from './seed/demo.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const distDir = resolve(process.env.DIST_DIR ?? 'dist');
const dataDir = resolve(process.env.DATA_DIR ?? '.data/pglite');

// Links in answers and the cookie's Secure flag follow the address users reach the app at (behind a TLS proxy: https).
const publicUrl = process.env.PUBLIC_URL ?? `http://${host}:${port}`;
if (!/^https?:\/\/[^/]+/.test(publicUrl)) throw new Error(`PUBLIC_URL must be an http(s) URL, not "${publicUrl}".`);

const url = process.env.DATABASE_URL;
if (!url) mkdirSync(dataDir, { recursive: true });
// PGlite is opened here so the job queue can share the instance with the app.
const pglite = url ? undefined : await PGlite.create(dataDir, { parsers: pgliteParsers() });
const handle = await openDatabase(url ? { url } : { pglite });
await migrate(handle.db);
await useDatabaseLinkSecret(handle.db);
// A fresh database gets the demo organization, so the product shows something on first start. Processes
// starting at once on one fresh PostgreSQL take turns (a session lock): the first seeds, the others then find
// the database no longer empty (each used to seed, and all but one died on the demo users' unique emails).
if (process.env.SEED_DEMO !== 'false') {
  await handle.db.connection().execute(async (db) => {
    await sql`select pg_advisory_lock(hashtext('factor:seed-demo'))`.execute(db);
    try {
      if (!(await isDatabaseEmpty(db))) return;
      const started = Date.now();
      const { counts } = await seedDemo(db, { publicUrl });
      console.log(
        `Loaded the demo organization in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.orders} orders, ${counts.items} items, ${counts.itemGroups} item groups.`,
      );
    } finally {
      await sql`select pg_advisory_unlock(hashtext('factor:seed-demo'))`.execute(db);
    }
  });
}

// The job worker (file imports) runs in this process; JOBS=false leaves it to another.
const jobs = await startJobs({
  db: handle.db,
  pglite,
  url,
  work: process.env.JOBS !== 'false',
  publicUrl,
  smtpUrl: process.env.SMTP_URL,
  mailFrom: process.env.SMTP_FROM,
});
// Live updates: this process hears every process's changes (LISTEN on PostgreSQL) and streams them to its pages.
const live = await startLiveUpdates(url ? { url } : { pglite: pglite! });
const app = createApp({
  db: handle.db,
  live: live.hub,
  distDir,
  publicUrl,
  trustProxy: process.env.TRUST_PROXY === 'true',
  // No mail leaves a development server without SMTP: its Mailbox links open the portal as the vendor would.
  portalLinksLive: process.env.NODE_ENV !== 'production' && !process.env.SMTP_URL,
});
const server = listen(app, { hostname: host, port }, (info) => {
  console.log(
    `Factor is running at http://${info.address}:${info.port}/ (${handle.engine === 'postgres' ? 'PostgreSQL' : `PGlite in ${dataDir}`})`,
  );
  console.log(`Demo logins, all with the password "${DEMO_PASSWORD}":`);
  for (const login of DEMO_LOGINS) {
    console.log(
      `  ${login.role.padEnd(6)} ${login.email}${login.vendorName ? `  (${login.vendorName})` : ''}${login.organization ? `  (${login.organization})` : ''}`,
    );
  }
});

const stop = () => {
  // Streams never end on their own: they are ended first, or the server would wait for them forever.
  live.hub.closeAll();
  server.close(() => {
    void jobs
      .stop()
      .then(() => live.close())
      .then(() => handle.close())
      .then(() => process.exit(0));
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
