// Dates and numbers as the vendor writes them, in its browser's language
// ("1 Dec 2026" in en-GB, "Dec 1, 2026" in en-US, "1. Dez. 2026" in German);
// the words stay plain English. The buyer's pages write dates one fixed way
// (src/lib/format.ts); the portal shows a handful, so Intl's cost is small.

/** The browser's preferred language, as it reports it now. */
function browserLocale(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator.languages[0] ?? navigator.language);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const localDateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, locale: string | undefined, make: (locale: string | undefined) => T): T {
  const key = locale ?? '';
  let format = cache.get(key);
  if (!format) {
    // An unknown tag from the browser falls back to the runtime's default.
    try {
      format = make(locale);
    } catch {
      format = make(undefined);
    }
    cache.set(key, format);
  }
  return format;
}

/**
 * A calendar date (YYYY-MM-DD), or the day of a timestamp in the vendor's time zone, in the vendor's way; "—" when
 * absent, the value itself when unreadable.
 */
export function vendorDate(value: string | null | undefined, locale = browserLocale()): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  // A calendar date has no time zone: read and written in UTC so it never shifts a day.
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
  if (m)
    return cached(dateFormats, locale, (l) => new Intl.DateTimeFormat(l, { ...options, timeZone: 'UTC' })).format(date);
  return cached(localDateFormats, locale, (l) => new Intl.DateTimeFormat(l, options)).format(date);
}

/** A decimal quantity as the API writes it ("1234.5") in the vendor's way ("1,234.5", "1.234,5"). */
export function vendorNumber(value: string, locale = browserLocale()): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  return cached(numberFormats, locale, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 6 })).format(n);
}

/** "1 line", "1,200 lines" (or "1.200 lines"): a count of things, its number in the vendor's way. */
export function vendorCount(count: number, noun: string, locale = browserLocale()): string {
  return `${vendorNumber(String(count), locale)} ${noun}${count === 1 ? '' : 's'}`;
}
