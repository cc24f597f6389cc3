// Whether a column's numeric dates write the day or the month first. 31/01/2026
// is plainly day first and 01/31/2026 month first, but 03/04/2026 could be
// either: one value above 12 in the first place settles the whole column, and a
// column where nothing settles it is ambiguous (the preview asks, and the
// answer is saved with the mapping). Shared by the server's import
// (server/domain/import/values.ts) and the browser's preview. Pure: no I/O.

export type DateOrder = 'dayFirst' | 'monthFirst';

/** Day, month and year as numbers with a separator: "31/01/2026", "31.1.26", "01-31-2026". */
export const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;

/** A two-digit year as POSIX reads it: 69–99 are the 1900s, 00–68 the 2000s. */
const fullYear = (digits: string) => (digits.length === 4 ? +digits : +digits + (+digits >= 69 ? 1900 : 2000));

/** A NUMERIC_DATE match read day or month first: its year, month and day (not yet checked as a calendar date). */
export function readNumericDate(
  match: RegExpExecArray,
  order: DateOrder,
): { year: number; month: number; day: number } {
  const [first, second] = [+match[1], +match[3]];
  const year = fullYear(match[4]);
  return order === 'dayFirst' ? { year, month: second, day: first } : { year, month: first, day: second };
}

/** A value's date part: a time after the date ("31/01/2026 08:00") is left out. */
export const datePart = (text: string): string => text.trim().split(/[\sT]/, 1)[0];

export interface ColumnDateOrder {
  /** The order the column's values settle, or null when none does (or they disagree). */
  order: DateOrder | null;
  /** Some values can only be day first and others only month first. */
  conflicting: boolean;
  /** Numeric dates that read either way, and no value settles which. */
  ambiguous: boolean;
  /** A value that could be read either way, to show when asking. */
  example: string | null;
}

/** What one value says: only day first, only month first, either (ambiguous), or nothing (not a numeric date). */
export function dateOrderOfValue(text: string): DateOrder | 'either' | null {
  // A time after the date ("31/01/2026 08:00") says nothing about the order.
  const m = NUMERIC_DATE.exec(datePart(text));
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[3]);
  if (first > 12 && second <= 12) return 'dayFirst';
  if (second > 12 && first <= 12) return 'monthFirst';
  if (first > 12 || second > 12) return null;
  return first === second ? null : 'either';
}

/** The order a column's values settle (see ColumnDateOrder). Stops reading once both orders have been seen. */
export function columnDateOrder(values: Iterable<string>): ColumnDateOrder {
  let dayFirst = false;
  let monthFirst = false;
  let example: string | null = null;
  for (const value of values) {
    const says = dateOrderOfValue(value);
    if (says === 'dayFirst') dayFirst = true;
    else if (says === 'monthFirst') monthFirst = true;
    else if (says === 'either') example ??= value.trim();
    if (dayFirst && monthFirst) break;
  }
  return {
    order: dayFirst === monthFirst ? null : dayFirst ? 'dayFirst' : 'monthFirst',
    conflicting: dayFirst && monthFirst,
    ambiguous: !dayFirst && !monthFirst && example !== null,
    example: dayFirst || monthFirst ? null : example,
  };
}

/**
 * The order for an ambiguous numeric date when neither the column nor the mapping says: the slash is the US
 * habit (month first), the dot and the hyphen the European one (day first).
 */
export const defaultDateOrder = (separator: string): DateOrder => (separator === '/' ? 'monthFirst' : 'dayFirst');
