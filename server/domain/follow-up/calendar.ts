// The organization's business calendar: its time zone, the weekdays it works
// and its holidays. Follow-up counts in business days of this calendar, and a
// request goes out at the start of a business morning where the buyer is.
//
// Calendar dates are 'YYYY-MM-DD' strings in the organization's time zone;
// day arithmetic on them is done in UTC, where no day is 23 or 25 hours long.
import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';

export interface BusinessCalendar {
  /** IANA time zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. */
  businessWeekdays: readonly number[];
  /** Days off as 'YYYY-MM-DD'. */
  holidays: ReadonlySet<string>;
}

export const MONDAY_TO_FRIDAY: readonly number[] = [1, 2, 3, 4, 5];

/** The hour of the local morning at which requests due on a day go out. */
export const SEND_HOUR = 9;

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A year of days: no business calendar has a longer run without a working day. */
const MAX_DAYS_WITHOUT_WORK = 366;

export function calendar(
  timeZone: string,
  holidays: Iterable<string> = [],
  businessWeekdays: readonly number[] = MONDAY_TO_FRIDAY,
): BusinessCalendar {
  if (!isTimeZone(timeZone)) throw new RangeError(`Not a time zone: ${timeZone}`);
  if (!businessWeekdays.some((d) => d >= 1 && d <= 7)) throw new RangeError('A calendar needs a business weekday');
  return { timeZone, businessWeekdays, holidays: new Set(holidays) };
}

/** Time zones asked about, answered: a formatter made to ask costs a millisecond, and every request's today asks. */
const knownTimeZones = new Map<string, boolean>();

/** Whether a string names an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  let known = knownTimeZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      known = name.length > 0;
    } catch {
      known = false;
    }
    // Bounded: names come from stored settings, but a caller may ask about any string.
    if (knownTimeZones.size < 1_000) knownTimeZones.set(name, known);
  }
  return known;
}

function utcDay(date: string): number {
  const m = calendarDate.exec(date);
  if (!m) throw new RangeError(`Not a calendar date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const DAY_MS = 86_400_000;
const fromUtcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return fromUtcDay(utcDay(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to) - utcDay(from)) / DAY_MS);
}

/** The organization's calendar date at an instant. */
export function localDate(instant: Date, cal: BusinessCalendar): string {
  const local = new TZDate(instant.getTime(), cal.timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The instant of a local time of day on a date, in the organization's time zone. */
export function localTime(date: string, hour: number, cal: BusinessCalendar): Date {
  const t = new Date(utcDay(date));
  const local = new TZDate(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), hour, 0, 0, cal.timeZone);
  return new Date(local.getTime());
}

export function isBusinessDay(date: string, cal: BusinessCalendar): boolean {
  const weekday = new Date(utcDay(date)).getUTCDay() || 7;
  return cal.businessWeekdays.includes(weekday) && !cal.holidays.has(date);
}

/** The first business day on or after `date`. */
export function businessDayOnOrAfter(date: string, cal: BusinessCalendar): string {
  let day = date;
  for (let i = 0; i < MAX_DAYS_WITHOUT_WORK && !isBusinessDay(day, cal); i++) day = addDays(day, 1);
  return day;
}

/**
 * The `n`th business day after `date` (n ≥ 1); `date` itself need not be one.
 * Friday plus one business day is Monday; a holiday is stepped over.
 */
export function addBusinessDays(date: string, n: number, cal: BusinessCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Business days to add must be 1 or more, not ${n}`);
  let day = date;
  for (let left = n; left > 0;) {
    day = businessDayOnOrAfter(addDays(day, 1), cal);
    left--;
  }
  return day;
}

/**
 * Business days from `from` to `to`: how many business days come after `from`
 * up to and including `to` (Friday to Monday is 1). Negative when `to` is
 * earlier: minus the business days after `to` up to and including `from`.
 */
export function businessDaysBetween(from: string, to: string, cal: BusinessCalendar): number {
  if (to < from) return -businessDaysBetween(to, from, cal);
  const span = daysBetween(from, to);
  // Whole weeks in one step: a year between two dates costs 52 steps, not 365.
  const weeks = Math.floor(span / 7);
  let count = weeks * cal.businessWeekdays.filter((d) => d >= 1 && d <= 7).length;
  for (let day = addDays(from, weeks * 7 + 1); day <= to; day = addDays(day, 1)) {
    if (isBusinessDay(day, cal)) count++;
  }
  // Holidays inside the whole weeks were counted as working days.
  for (const holiday of cal.holidays) {
    if (holiday > from && holiday <= addDays(from, weeks * 7)) {
      const weekday = new Date(utcDay(holiday)).getUTCDay() || 7;
      if (cal.businessWeekdays.includes(weekday)) count--;
    }
  }
  return count;
}

/**
 * A country's public holidays (and a region's, e.g. 'US' 'CA' or 'DE' 'BY') in
 * a year with their names, from the date-holidays data: the preset an
 * organization starts its calendar from. Only days off for everyone ('public'
 * and 'bank'), not observances such as Valentine's Day. Throws a RangeError
 * for a country the data does not know.
 */
export function namedPublicHolidays(country: string, year: number, region?: string): { date: string; name: string }[] {
  const upper = country.toUpperCase();
  const data = region ? new Holidays(upper, region) : new Holidays(upper);
  if (!new Holidays().getCountries()[upper]) throw new RangeError(`No holiday data for country ${country}`);
  if (region && !data.getStates(upper)?.[region.toUpperCase()]) {
    throw new RangeError(`No holiday data for region ${region} of ${country}`);
  }
  const byDate = new Map<string, string>();
  for (const h of data.getHolidays(year)) {
    const date = h.date.slice(0, 10);
    if ((h.type === 'public' || h.type === 'bank') && !byDate.has(date)) byDate.set(date, h.name);
  }
  return [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}

/** The dates of namedPublicHolidays over some years. */
export function publicHolidays(country: string, years: readonly number[], region?: string): string[] {
  return [...new Set(years.flatMap((year) => namedPublicHolidays(country, year, region).map((h) => h.date)))].sort();
}
