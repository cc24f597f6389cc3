// The follow-up's words for buyers and vendors (flags, emails): dates as
// "8 Jan 2027", which no reader takes for another day, and counted nouns.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** '2027-01-08' as "8 Jan 2027"; anything else as given, since a reader is better shown it than nothing. */
export function formatDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = m === null ? 0 : Number(m[2]);
  if (m === null || month < 1 || month > 12) return date;
  return `${Number(m[3])} ${MONTHS[month - 1]} ${m[1]}`;
}

/** "1 day", "3 days". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
