// Dates as the user reads them: day, month name and year ("4 Dec 2026"),
// which no reader takes for another day (04/12 is April to some and December
// to others), and times on a 24-hour clock in the user's time zone.
//
// Written out here rather than with Intl.DateTimeFormat: the first Intl object
// of a page loads the browser's locale data, about 60 ms of a phone's main
// thread before the first table can show, for a format this fixed.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const twoDigits = (n: number) => String(n).padStart(2, '0');
const dayMonthYear = (date: Date) => `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;

/** A calendar date (YYYY-MM-DD) as "4 Dec 2026"; "—" when absent, the value itself when unreadable. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = calendarDate.exec(value);
  // A calendar date has no time zone: built at local midnight so it never shifts a day.
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayMonthYear(date);
}

/** A timestamp in the user's time zone as "4 Dec 2026, 15:07"; "—" when absent. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${dayMonthYear(date)}, ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

/** A count with thousands separated, as "12,345": written out for the same reason as the dates (no Intl). */
export function formatCount(n: number | null | undefined): string {
  const value = n ?? 0;
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const [whole, fraction] = String(Math.abs(value)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${sign}${grouped}.${fraction}` : `${sign}${grouped}`;
}

/** "1 line", "3 lines". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
