// When an inventory count may be dated. A count records the stock on hand when
// it was counted, and the latest count of a part is its stock: one dated in
// the future would stand as the part's stock until a later date, and counts
// are never deleted (a wrong one is put right by a newer one). A day ahead is
// allowed, for a count dated by the clock of a time zone ahead of the server.
import { addDays } from '../follow-up/calendar.ts';

const LEEWAY_MS = 86_400_000;

/** Why a count cannot be dated at `recordingDate` by the time `now`; null when it can. */
export function countDateRefusal(recordingDate: Date, now: Date): string | null {
  if (recordingDate.getTime() <= now.getTime() + LEEWAY_MS) return null;
  return `is in the future (${recordingDate.toISOString()}): a count records the stock on hand when it was counted.`;
}

/** The latest day (YYYY-MM-DD) a count of a file uploaded on `today` may be dated. */
export function latestCountDay(today: string): string {
  return addDays(today, 1);
}
