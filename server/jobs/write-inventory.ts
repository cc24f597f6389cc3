// Writes one chunk of an inventory import: each part's count at its
// recording date, replacing a count of the same part and date.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CountPlan } from '../domain/import/inventory.ts';
import { newSid } from '../domain/sid.ts';
import type { ChunkResult } from './write-support.ts';

const SEP = '\u0000';
const atMidnight = (date: string) => new Date(`${date}T00:00:00.000Z`);

export async function writeInventory(
  tx: Transaction<Database>,
  organizationSid: string,
  counts: readonly CountPlan[],
): Promise<ChunkResult> {
  const now = new Date();
  const { rows: existing } = await sql<{
    sid: string;
    uniqueName: string;
    recordingDate: Date;
    count: number;
    title: string | null;
  }>`
    select c.sid, c.unique_name, c.recording_date, c.count, c.title from inventory_counts c
    join unnest(${counts.map((c) => c.uniqueName)}::text[], ${counts.map((c) => atMidnight(c.recordingDate))}::timestamptz[]) as v(unique_name, recording_date)
      on c.unique_name = v.unique_name and c.recording_date = v.recording_date
    where c.organization_sid = ${organizationSid}`.execute(tx);
  const byKey = new Map<string, typeof existing>();
  for (const row of existing) {
    const key = `${row.uniqueName}${SEP}${new Date(row.recordingDate).toISOString().slice(0, 10)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const inserts = [];
  const changes: { sid: string; count: number; title: string | null }[] = [];
  let updated = 0;
  for (const c of counts) {
    const found = byKey.get(`${c.uniqueName}${SEP}${c.recordingDate}`);
    if (!found) {
      inserts.push({
        sid: newSid('IC'),
        organizationSid,
        created: now,
        updated: now,
        uniqueName: c.uniqueName,
        title: c.title ?? null,
        count: c.count,
        recordingDate: atMidnight(c.recordingDate),
      });
      continue;
    }
    updated++;
    for (const row of found) {
      const title = c.title === undefined ? row.title : c.title;
      if (row.count !== c.count || title !== row.title) changes.push({ sid: row.sid, count: c.count, title });
    }
  }
  if (inserts.length) await tx.insertInto('inventoryCounts').values(inserts).execute();
  if (changes.length) {
    await sql`update inventory_counts as t set count = v.count, title = v.title, updated = ${now}
      from unnest(${changes.map((c) => c.sid)}::text[], ${changes.map((c) => c.count)}::bigint[], ${changes.map((c) => c.title)}::text[]) as v(sid, count, title)
      where t.sid = v.sid`.execute(tx);
  }
  return { rows: counts.length, created: inserts.length, updated, failed: 0 };
}
