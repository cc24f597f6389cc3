// The one clock of the follow-up engine and of what answers it. Real time,
// plus an offset kept in the database so that every process agrees on it (a
// demo or an end-to-end test is to move it forward, to see a week of
// follow-up in a second; never in production).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { calendar, localDate } from '../domain/follow-up/calendar.ts';

export interface Clock {
  now(): Promise<Date>;
}

/** The database's clock: real time plus the offset a development setup has set (none by default). */
export function databaseClock(db: Kysely<Database>): Clock {
  return {
    async now() {
      const row = await db.selectFrom('appClock').select('offsetMs').executeTakeFirst();
      return new Date(Date.now() + Number(row?.offsetMs ?? 0));
    },
  };
}

/** An organization's time at `now`: a development setup may run one organization's clock days ahead. */
export function organizationTime(now: Date, offsetDays: number): Date {
  return new Date(now.getTime() + offsetDays * 86_400_000);
}

/** An organization's date today, by its time zone and its development clock offset (none in production). */
export async function organizationToday(db: Kysely<Database>, organizationSid: string): Promise<string> {
  const { now, settings } = await organizationClock(db, organizationSid);
  return organizationDay(now, settings);
}

/** The clock's time now, and the organization's time zone and development clock offset. */
export async function organizationClock(db: Kysely<Database>, organizationSid: string) {
  const [now, settings] = await Promise.all([
    databaseClock(db).now(),
    db
      .selectFrom('organizationSettings')
      .select(['defaultTimeZone', 'clockOffsetDays'])
      .where('organizationSid', '=', organizationSid)
      .executeTakeFirst(),
  ]);
  const known: { defaultTimeZone?: string | null; clockOffsetDays?: number | null } = settings ?? {};
  return { now, settings: known };
}

/** An organization's date at `now`, by its time zone (UTC without one) and its development clock offset. */
export function organizationDay(
  now: Date,
  settings: { defaultTimeZone?: string | null; clockOffsetDays?: number | null },
): string {
  return localDate(organizationTime(now, settings.clockOffsetDays ?? 0), calendar(settings.defaultTimeZone ?? 'UTC'));
}
