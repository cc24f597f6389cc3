// The retention of file exports against the real app and database: once its
// deleteAfter has passed an export's file is deleted, the export stays listed
// and its download link answers 410 export_expired; exports not yet expired,
// of this organization or another, keep their files; a worker purges when it
// starts, schedules the purge and works the purge queue.
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { fromPglite, PgBoss } from 'pg-boss';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, openDatabase, pgliteParsers, type DatabaseHandle } from '../../server/db/connect.ts';
import type { Database } from '../../server/db/schema.ts';
import { newSid } from '../../server/domain/sid.ts';
import { purgeExpiredExports } from '../../server/jobs/purge-exports.ts';
import { PURGE_CRON, PURGE_QUEUE, startJobs } from '../../server/jobs/queue.ts';
import { createTenant, engine, runJobs, server, type Tenant } from './support/harness.ts';
import { storeFile } from '../../server/db/files.ts';

interface FileExport {
  sid: string;
  updated: string;
  deleteAfter: string | null;
  status: string;
}
interface ApiError {
  code: string;
  message: string;
}

const HOUR = 60 * 60 * 1000;

/** An orders export of the tenant, its job worked: completed, with its file. */
async function completedExport(t: Tenant) {
  const created = await t.buyer.request<FileExport>('POST', '/v1/fileExports', { query: { entity: 'orders' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(await runJobs()).toBeGreaterThanOrEqual(1);
  const { db } = await server();
  const row = await db
    .selectFrom('fileExports')
    .selectAll()
    .where('sid', '=', created.body.sid)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('completed');
  expect(row.fileSid).not.toBe(null);
  return { sid: row.sid, fileSid: row.fileSid ?? '' };
}

async function expire(db: Kysely<Database>, exportSid: string, deleteAfter: Date) {
  await db.updateTable('fileExports').set({ deleteAfter }).where('sid', '=', exportSid).execute();
}

async function fileExists(db: Kysely<Database>, fileSid: string): Promise<boolean> {
  return (await db.selectFrom('files').select('sid').where('sid', '=', fileSid).executeTakeFirst()) !== undefined;
}

async function exportRow(db: Kysely<Database>, sid: string) {
  return db.selectFrom('fileExports').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
}

describe('the purge of expired exports', () => {
  // Opening and migrating the shared database, when this file runs first, is the hook's time, not a test's.
  beforeAll(async () => {
    await server();
  });

  it('deletes the file of an expired export, keeps the export listed, and its link answers 410', async () => {
    const { db, app } = await server();
    const t = await createTenant('Purge');
    const other = await createTenant('Purge other');
    const expired = await completedExport(t);
    const kept = await completedExport(t);
    const othersKept = await completedExport(other);
    // A link handed out before the export expired.
    const link = await t.buyer.request<{ url: string }>('GET', `/v1/fileExports/${expired.sid}/downloadUrl`);
    expect(link.status).toBe(200);
    const linkUrl = new URL(link.body.url);
    // Whatever expired before this test is purged first, so the counts below are this test's.
    await purgeExpiredExports(db);

    const deleteAfter = new Date(Date.now() - 60_000);
    await expire(db, expired.sid, deleteAfter);
    const before = await exportRow(db, expired.sid);
    expect(await purgeExpiredExports(db)).toEqual({ exports: 1, files: 1 });

    expect(await fileExists(db, expired.fileSid)).toBe(false);
    const after = await exportRow(db, expired.sid);
    expect(after.fileSid).toBe(null);
    expect(after.updated.getTime()).toBeGreaterThan(before.updated.getTime());

    // The export is still there, completed, its deleteAfter passed.
    const got = await t.buyer.request<FileExport>('GET', `/v1/fileExports/${expired.sid}`);
    expect(got.status).toBe(200);
    expect(got.body.status).toBe('completed');
    expect(got.body.deleteAfter).toBe(deleteAfter.toISOString());
    const listed = await t.buyer.request<{ fileExports: FileExport[] }>('GET', '/v1/fileExports?pageSize=100');
    expect(listed.body.fileExports.map((e) => e.sid)).toContain(expired.sid);

    const gone = await t.buyer.request<ApiError>('GET', `/v1/fileExports/${expired.sid}/downloadUrl`);
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('export_expired');
    expect(gone.body.message).toBe(
      `This export was deleted on ${deleteAfter.toISOString().slice(0, 10)}; export the view again.`,
    );
    const oldLink = await app.request(`http://127.0.0.1${linkUrl.pathname}${linkUrl.search}`);
    expect(oldLink.status).toBe(404);
    expect(((await oldLink.json()) as ApiError).message).toBe('The file no longer exists.');

    // Exports not yet expired, here and in the other organization, keep their files and links.
    for (const [tenant, e] of [
      [t, kept],
      [other, othersKept],
    ] as const) {
      expect(await fileExists(db, e.fileSid)).toBe(true);
      expect((await exportRow(db, e.sid)).fileSid).toBe(e.fileSid);
      expect((await tenant.buyer.request('GET', `/v1/fileExports/${e.sid}/downloadUrl`)).status).toBe(200);
    }

    // A second run finds nothing left to do.
    expect(await purgeExpiredExports(db)).toEqual({ exports: 0, files: 0 });
  });

  it('purges each export by its own deleteAfter, in every organization', async () => {
    const { db } = await server();
    const first = await createTenant('Purge first');
    const second = await createTenant('Purge second');
    const early = await completedExport(first);
    const late = await completedExport(second);
    await purgeExpiredExports(db);
    const now = Date.now();
    await expire(db, early.sid, new Date(now - 2 * HOUR));
    await expire(db, late.sid, new Date(now - HOUR));

    // Between the two: only the first organization's export has expired.
    expect(await purgeExpiredExports(db, new Date(now - 1.5 * HOUR))).toEqual({ exports: 1, files: 1 });
    expect(await fileExists(db, early.fileSid)).toBe(false);
    expect(await fileExists(db, late.fileSid)).toBe(true);
    expect((await exportRow(db, late.sid)).fileSid).toBe(late.fileSid);

    // At its own deleteAfter the second one goes too.
    expect(await purgeExpiredExports(db, new Date(now - HOUR))).toEqual({ exports: 1, files: 1 });
    expect(await fileExists(db, late.fileSid)).toBe(false);
    expect((await exportRow(db, late.sid)).fileSid).toBe(null);
  });

  it('answers 410 once deleteAfter has passed, even before the purge has run', async () => {
    const { db } = await server();
    const t = await createTenant('Purge pending');
    const e = await completedExport(t);
    await expire(db, e.sid, new Date(Date.now() - 1000));
    const gone = await t.buyer.request<ApiError>('GET', `/v1/fileExports/${e.sid}/downloadUrl`);
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('export_expired');
    expect(await fileExists(db, e.fileSid)).toBe(true);
    expect(await purgeExpiredExports(db)).toEqual({ exports: 1, files: 1 });
  });

  it('leaves an expired failed export as it is: it has no file, and its link still says it failed', async () => {
    const { db } = await server();
    const t = await createTenant('Purge failed');
    const created = await t.buyer.request<FileExport>('POST', '/v1/fileExports', { query: { entity: 'orders' } });
    expect(created.status).toBe(201);
    await db
      .updateTable('fileExports')
      .set({
        status: 'failed',
        failureMessage: 'The view could not be written.',
        deleteAfter: new Date(Date.now() - HOUR),
      })
      .where('sid', '=', created.body.sid)
      .execute();
    const before = await exportRow(db, created.body.sid);
    await purgeExpiredExports(db);
    expect(await exportRow(db, created.body.sid)).toEqual(before);
    const link = await t.buyer.request<ApiError>('GET', `/v1/fileExports/${created.body.sid}/downloadUrl`);
    expect(link.status).toBe(409);
    expect(link.body.message).toMatch(/failed/);
  });
});

/** A database of its own, migrated, for a worker that must not touch the shared one's jobs. */
async function freshDatabase(): Promise<{
  handle: DatabaseHandle;
  pglite?: PGlite;
  url?: string;
  drop(): Promise<void>;
}> {
  if (engine === 'pglite') {
    const pglite = await PGlite.create({ parsers: pgliteParsers() });
    const handle = await openDatabase({ pglite });
    await migrate(handle.db);
    return { handle, pglite, drop: () => handle.close() };
  }
  const { db } = await server();
  const name = `purge_${newSid('DB').toLowerCase()}`;
  await sql`create database ${sql.id(name)}`.execute(db);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrate(handle.db);
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      // The pools' connections close just after their end() resolves; dropping before would cut them off.
      const open = () =>
        sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(db);
      await until(async () => (await open()).rows[0].n === 0, 10_000);
      await sql`drop database ${sql.id(name)}`.execute(db);
    },
  };
}

/** An organization with one completed export per deleteAfter, written straight to the tables. */
async function seedExports(db: Kysely<Database>, deleteAfters: Date[]) {
  const now = new Date();
  const organizationSid = newSid('OG');
  await db
    .insertInto('organizations')
    .values({ sid: organizationSid, name: 'Worker', logo100x100: null, created: now, updated: now })
    .execute();
  const out: { sid: string; fileSid: string }[] = [];
  for (const deleteAfter of deleteAfters) {
    const fileSid = await storeFile(
      db,
      { organizationSid, name: 'orders.csv', contentType: 'text/csv', content: new TextEncoder().encode('a,b') },
      now,
    );
    const sid = newSid('FE');
    await db
      .insertInto('fileExports')
      .values({
        sid,
        organizationSid,
        created: now,
        updated: now,
        status: 'completed',
        fileType: 'csv',
        fieldMappingSid: null,
        query: JSON.stringify({ entity: 'orders' }),
        fileSid,
        deleteAfter,
      })
      .execute();
    out.push({ sid, fileSid });
  }
  return out;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('the purge worker', () => {
  it('purges when it starts, schedules the purge and works the purge queue', { timeout: 120_000 }, async () => {
    const fresh = await freshDatabase();
    const { db } = fresh.handle;
    try {
      const [expired, kept] = await seedExports(db, [new Date(Date.now() - HOUR), new Date(Date.now() + HOUR)]);
      const jobs = await startJobs({ db, pglite: fresh.pglite, url: fresh.url, work: true, pollingIntervalSeconds: 1 });
      try {
        // The purge at start has run by the time the worker is started.
        expect(await fileExists(db, expired.fileSid)).toBe(false);
        expect((await exportRow(db, expired.sid)).fileSid).toBe(null);
        expect(await fileExists(db, kept.fileSid)).toBe(true);

        const schedules = await sql<{ name: string; cron: string }>`
          select name, cron from pgboss.schedule where name = ${PURGE_QUEUE}`.execute(db);
        expect(schedules.rows).toEqual([{ name: PURGE_QUEUE, cron: PURGE_CRON }]);

        // A purge job, as the cron sends it, is worked: an export expired since the start loses its file.
        await expire(db, kept.sid, new Date(Date.now() - 1000));
        const sender = new PgBoss(
          fresh.pglite
            ? { db: fromPglite(fresh.pglite), backend: 'pglite', schedule: false, supervise: false, migrate: false }
            : { connectionString: fresh.url, max: 1, schedule: false, supervise: false, migrate: false },
        );
        await sender.start();
        try {
          await sender.send(PURGE_QUEUE, {});
        } finally {
          await sender.stop({ graceful: false, close: true });
        }
        expect(await until(async () => !(await fileExists(db, kept.fileSid)), 20_000)).toBe(true);
        expect((await exportRow(db, kept.sid)).fileSid).toBe(null);
      } finally {
        await jobs.stop();
      }
    } finally {
      await fresh.drop();
    }
  });
});
