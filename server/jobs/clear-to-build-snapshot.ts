// The daily clear-to-build records of every BOM (clearToBuilds), so a BOM's
// trend over past weeks can be shown: what it could build that day from stock
// ('actual', dated that day) and what it was expected to build by its target's
// date, or twelve weeks on without a target ('expected', dated then), as the
// forecast worked it out that day (server/domain/bom/forecast.ts, shared parts
// in target priority, unconfirmed supply counted). A day's records have sids
// made from the BOM, the kind and the day: a second run that day rewrites
// them, and records written through the API are never touched.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { forecastInputs } from '../db/bom-forecast.ts';
import type { Database } from '../db/schema.ts';
import { forecastClearToBuild, ForecastRangeError } from '../domain/bom/forecast.ts';
import { addDays } from '../domain/follow-up/calendar.ts';
import { organizationDay } from './clock.ts';

type Db = Kysely<Database>;

/** Without a target, the expected record looks this far ahead (the forecast page's horizon). */
export const HORIZON_DAYS = 84;
const SID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A record's sid from what it is: the same BOM, kind and day give the same sid. */
export function snapshotSid(bomSid: string, type: 'actual' | 'expected', day: string): string {
  const digest = createHash('sha256').update(`${bomSid}\n${type}\n${day}`).digest();
  let sid = 'CB';
  for (let i = 0; i < 28; i++) sid += SID_ALPHABET[digest[i] & 31];
  return sid;
}

export interface SnapshotSummary {
  boms: number;
  records: number;
  /** The records written, by BOM: [actual, expected]. */
  written: Map<string, [string, string]>;
  /** BOMs whose quantities are too large to forecast exactly (ForecastRangeError), with why: nothing written. */
  refused: Map<string, string>;
}

/** Writes today's records for every BOM not archived, of every organization (or one, or one BOM of one). */
export async function snapshotClearToBuilds(
  db: Db,
  options: { now: Date; organizationSid?: string; bomSid?: string },
): Promise<SnapshotSummary> {
  const organizations = await db
    .selectFrom('organizations as o')
    .leftJoin('organizationSettings as s', 's.organizationSid', 'o.sid')
    .select(['o.sid', 's.defaultTimeZone', 's.clockOffsetDays'])
    .$if(options.organizationSid !== undefined, (q) => q.where('o.sid', '=', options.organizationSid ?? ''))
    .execute();
  const summary: SnapshotSummary = { boms: 0, records: 0, written: new Map(), refused: new Map() };
  for (const org of organizations) {
    const today = organizationDay(options.now, org);
    const boms = await db
      .selectFrom('boms')
      .select('sid')
      .where('organizationSid', '=', org.sid)
      .where('archived', 'is', null)
      .$if(options.bomSid !== undefined, (q) => q.where('sid', '=', options.bomSid ?? ''))
      .orderBy('sid')
      .execute();
    for (const { sid } of boms) {
      const { boms: inPriority, self, stock, supply } = await forecastInputs(db, org.sid, sid, today);
      const expectedDate = self.target?.date ?? addDays(today, HORIZON_DAYS);
      let atDates;
      try {
        atDates = forecastClearToBuild(inPriority, stock, supply, [today, expectedDate], {
          today,
          includeUnconfirmed: true,
        });
      } catch (error) {
        // One BOM that cannot be counted exactly keeps no other from its record.
        if (!(error instanceof ForecastRangeError)) throw error;
        summary.refused.set(sid, error.message);
        continue;
      }
      const [now, expected] = atDates.map((atDate) => atDate[atDate.length - 1]);
      const at = options.now.toISOString();
      const rows = [
        { type: 'actual' as const, date: today, quantity: now.clearToBuild },
        { type: 'expected' as const, date: expectedDate, quantity: expected.clearToBuild },
      ];
      await sql`insert into clear_to_builds (sid, organization_sid, created, updated, reference_sid, build_date,
          build_quantity, type)
        select v.sid, ${org.sid}, ${at}::timestamptz, ${at}::timestamptz, ${sid}, (v.build_date || 'T00:00:00Z')::timestamptz,
          v.quantity, v.type
        from unnest(${rows.map((r) => snapshotSid(sid, r.type, today))}::text[], ${rows.map((r) => r.date)}::text[],
          ${rows.map((r) => r.quantity)}::numeric[], ${rows.map((r) => r.type)}::text[]) as v(sid, build_date, quantity, type)
        on conflict (sid) do update set build_quantity = excluded.build_quantity, build_date = excluded.build_date,
          updated = excluded.updated`.execute(db);
      summary.boms++;
      summary.records += rows.length;
      summary.written.set(sid, [snapshotSid(sid, 'actual', today), snapshotSid(sid, 'expected', today)]);
    }
  }
  return summary;
}
