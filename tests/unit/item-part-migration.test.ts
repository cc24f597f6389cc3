// Migration 0047 keeps each order line's part (its item's mpn_key) on the line:
// lines written before it get their item's part ('' for an item without an
// MPN), and from then on the database keeps the part as lines and MPNs change.
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, pgliteParsers, type DatabaseHandle } from '../../server/db/connect.ts';
import { migrationProvider } from '../../server/db/migrations.ts';
import type { Database } from '../../server/db/schema.ts';
import { newSid } from '../../server/domain/sid.ts';

let handle: DatabaseHandle | undefined;
afterAll(async () => {
  await handle?.close();
});

async function partsOf(db: Kysely<Database>, sids: readonly string[]): Promise<(string | null)[]> {
  const { rows } = await sql<{ sid: string; mpnKey: string | null }>`select sid, mpn_key from item_groups
    where sid in (select unnest(${sql.val(sids)}::text[]))`.execute(db);
  const bySid = new Map(rows.map((r) => [r.sid, r.mpnKey]));
  return sids.map((sid) => bySid.get(sid) ?? null);
}

describe('migration 0047_item_groups_part_key', () => {
  // A fresh PGlite and forty-six migrations: seconds on a busy machine.
  it('gives the lines written before it their items’ parts, then keeps them', { timeout: 60_000 }, async () => {
    handle = await openDatabase({ pglite: await PGlite.create({ parsers: pgliteParsers() }) });
    const { db } = handle;
    const before = await new Migrator({ db, provider: migrationProvider }).migrateTo('0046_event_record_path');
    expect(before.error).toBeUndefined();
    const org = newSid('OG');
    const order = newSid('OR');
    const [withMpn, withoutMpn] = [newSid('IT'), newSid('IT')];
    const lines = [newSid('IG'), newSid('IG'), newSid('IG')];
    await sql`insert into organizations (sid, created, updated, name) values (${org}, now(), now(), 'Old')`.execute(db);
    await sql`insert into orders (sid, organization_sid, unique_name, created, updated)
      values (${order}, ${org}, 'PO-1', now(), now())`.execute(db);
    await sql`insert into items (sid, organization_sid, order_sid, unique_name, quantity, manufacturer_part_number,
        created, updated)
      values (${withMpn}, ${org}, ${order}, '1', 10, 'grm-188 r71', now(), now()),
             (${withoutMpn}, ${org}, ${order}, '2', 10, null, now(), now())`.execute(db);
    await sql`insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity, created, updated)
      values (${lines[0]}, ${org}, ${order}, ${withMpn}, 'S1', 5, now(), now()),
             (${lines[1]}, ${org}, ${order}, ${withMpn}, 'S2', 5, now(), now()),
             (${lines[2]}, ${org}, ${order}, ${withoutMpn}, 'S1', 10, now(), now())`.execute(db);

    await migrate(db);
    expect(await partsOf(db, lines)).toEqual(['GRM188R71', 'GRM188R71', '']);

    // From now on: a new line takes its item's part, an MPN change reaches its item's lines, a moved line takes
    // its new item's part.
    const added = newSid('IG');
    await sql`insert into item_groups (sid, organization_sid, order_sid, item_sid, unique_name, quantity, created, updated)
      values (${added}, ${org}, ${order}, ${withMpn}, 'S3', 1, now(), now())`.execute(db);
    await sql`update items set manufacturer_part_number = 'LM-358' where sid = ${withoutMpn}`.execute(db);
    await sql`update item_groups set item_sid = ${withoutMpn}, unique_name = 'S2' where sid = ${lines[1]}`.execute(db);
    expect(await partsOf(db, [...lines, added])).toEqual(['GRM188R71', 'LM358', 'LM358', 'GRM188R71']);
  });
});
