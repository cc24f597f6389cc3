// Calendar dates (YYYY-MM-DD) have no time zone: arithmetic on them is done in
// UTC so a shift never lands on the wrong day around a daylight-saving change.

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date `days` calendar days after `date` (before it when negative). */
export function shiftDate(date: string, days: number): string {
  const m = isoDate.exec(date);
  if (!m) throw new RangeError(`Not a calendar date: ${date}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return new Date(t).toISOString().slice(0, 10);
}

/** Today in the user's time zone, as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Whether a string is a real calendar date (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = isoDate.exec(value);
  if (!m) return false;
  return shiftDate(value, 0) === value;
}
