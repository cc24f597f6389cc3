// Migration 0016 moves each stored file's bytes into parts of 256 KB and
// keeps their hash: a file stored before it reads back byte for byte after.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, pgliteParsers, type DatabaseHandle } from '../../server/db/connect.ts';
import { FILE_PART_BYTES, readFile } from '../../server/db/files.ts';
import { migrationProvider } from '../../server/db/migrations.ts';
import { newSid } from '../../server/domain/sid.ts';

let handle: DatabaseHandle | undefined;
afterAll(async () => {
  await handle?.close();
});

describe('migration 0016_file_parts', () => {
  // A fresh PGlite and sixteen migrations: seconds on a busy machine.
  it('moves files stored whole into parts, with their size and hash', { timeout: 60_000 }, async () => {
    handle = await openDatabase({ pglite: await PGlite.create({ parsers: pgliteParsers() }) });
    const { db } = handle;
    const before = await new Migrator({ db, provider: migrationProvider }).migrateTo('0015_login_failures_by_time');
    expect(before.error).toBeUndefined();
    const organizationSid = newSid('OG');
    await sql`insert into organizations (sid, created, updated, name) values (${organizationSid}, now(), now(), 'Old')`.execute(
      db,
    );
    const contents = [Buffer.alloc(0), Buffer.from('PO,Qty\n1,2\n'), randomBytes(2 * FILE_PART_BYTES + 5)];
    const sids: string[] = [];
    for (const content of contents) {
      const sid = newSid('FI');
      sids.push(sid);
      await sql`insert into files (sid, organization_sid, created, updated, name, content_type, size, content)
        values (${sid}, ${organizationSid}, now(), now(), 'old.csv', 'text/csv', ${content.byteLength},
          decode(${content.toString('base64')}, 'base64'))`.execute(db);
    }
    await migrate(db);
    for (const [i, content] of contents.entries()) {
      const file = await readFile(db, sids[i]);
      expect(file?.content.equals(content)).toBe(true);
      expect(file?.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    }
    const parts = await db
      .selectFrom('fileParts')
      .select(['part', (eb) => eb.fn<number>('octet_length', ['content']).as('bytes')])
      .where('fileSid', '=', sids[2])
      .orderBy('part')
      .execute();
    expect(parts).toEqual([
      { part: 0, bytes: FILE_PART_BYTES },
      { part: 1, bytes: FILE_PART_BYTES },
      { part: 2, bytes: 5 },
    ]);
  });
});
