// Cell values of an import file as the fields they stand for: quantities and
// counts (thousands separators, decimal commas, a unit after the number),
// dates in the formats listed in DATE_FORMATS (day or month first per column), yes/no flags, and reference
// designator lists with ranges. Pure: no I/O.

import {
  defaultDateOrder,
  NUMERIC_DATE,
  readNumericDate,
  type DateOrder,
} from '../../../src/lib/import-preview/date-order.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The accepted date formats, as the error message lists them. */
export const DATE_FORMATS =
  'YYYY-MM-DD, D/M/YYYY or M/D/YYYY (or with dots or hyphens), D-Mon-YYYY or YYYYMMDD (e.g. 2026-03-31, 31/03/2026, 31-Mar-2026)';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function calendarDate(year: number, month: number, day: number): string | null {
  return isValidDate(year, month, day) ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : null;
}

/** Spreadsheets count days from 1899-12-30 (day 1 is 1900-01-01, with Lotus's leap day of 1900 in between). */
const SPREADSHEET_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** A date number of five digits: 1927-05-18 (10000) to 2173-10-14 (99999); a time after the point is ignored. */
const SPREADSHEET_DATE = /^(\d{5})(?:\.\d+)?$/;

function spreadsheetDate(days: number): string | null {
  const date = new Date(SPREADSHEET_EPOCH_MS + days * DAY_MS);
  return calendarDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A time of day after the date ("2026-03-31T08:00:00Z", "3/31/2026 5:00 PM"), which is ignored. */
const TIME_SUFFIX = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AP]M)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Longer than any date or number written in a format we read (with a time, a unit): such a cell is
 * refused before the patterns run, some of which (TIME_SUFFIX, the currency sign at the end) take
 * time quadratic in a run of spaces inside the text.
 */
const MAX_VALUE_CHARS = 100;

const ORDER_WORDS: Record<DateOrder, string> = { dayFirst: 'the day first', monthFirst: 'the month first' };

/**
 * A date cell as YYYY-MM-DD; blank is null. `order` says whether the column writes numeric dates day or month
 * first (columnDateOrder, or the answer saved with the mapping); without it a value above 12 in either place
 * decides, and else the separator's habit (defaultDateOrder).
 */
export function parseDate(text: string, order: DateOrder | null = null): Parsed<string | null> {
  // Most cells are already YYYY-MM-DD: a valid one is its own answer, without the patterns below.
  const iso = text.length === 10 ? ISO_DATE.exec(text) : null;
  if (iso && isValidDate(+iso[1], +iso[2], +iso[3])) return ok(text);
  const trimmed = text.trim();
  if (trimmed.length > MAX_VALUE_CHARS) return bad(`"${trimmed}" is not a date; write ${DATE_FORMATS}.`);
  const s = trimmed.replace(TIME_SUFFIX, '');
  if (!s) return ok(null);
  let date: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s))) date = calendarDate(+m[1], +m[2], +m[3]);
  else if ((m = NUMERIC_DATE.exec(s))) {
    const [first, second] = [+m[1], +m[3]];
    const settled: DateOrder | null = first > 12 ? 'dayFirst' : second > 12 ? 'monthFirst' : null;
    const { year, month, day } = readNumericDate(m, order ?? settled ?? defaultDateOrder(m[2]));
    date = calendarDate(year, month, day);
    if (date === null && order && settled && settled !== order) {
      return bad(`"${trimmed}" is not a date with ${ORDER_WORDS[order]}, as this column's dates are written.`);
    }
  } else if ((m = /^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ](\d{4})$/.exec(s))) {
    const name = m[2].toLowerCase();
    const month = MONTHS.findIndex((mon) => name.startsWith(mon) && (name.length === 3 || mon.length === 3));
    if (month >= 0) date = calendarDate(+m[3], month + 1, +m[1]);
  } else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) date = calendarDate(+m[1], +m[2], +m[3]);
  else if ((m = SPREADSHEET_DATE.exec(s))) date = spreadsheetDate(+m[1]);
  if (date === null) return bad(`"${trimmed}" is not a date; write ${DATE_FORMATS}.`);
  return ok(date);
}

export interface NumberOptions {
  /** The file writes decimals with a comma (a semicolon-separated file). */
  decimalComma: boolean;
  /** Only whole numbers. */
  integer?: boolean;
}

const MAX_DECIMALS = 6;
const MAX_WHOLE_DIGITS = 15;
/** A number with no sign, separators or unit, within the digits allowed. */
const PLAIN_NUMBER = /^(\d{1,15})(?:\.(\d{1,6}))?$/;

/** Separators a number may use for thousands besides the comma or the point: spaces and the apostrophe. */
const SPACES = /[\s\u00a0\u202f']/g;

/**
 * A quantity or count cell as a canonical decimal string ("1000", "2.5"); blank
 * is null. Allows thousands separators ("1,000", "1 000", "1.000" in a file
 * with decimal commas) and a unit after the number ("10 pcs", "4 EA").
 */
export function parseNumber(text: string, options: NumberOptions): Parsed<string | null> {
  const raw = text.trim();
  if (!raw) return ok(null);
  // Most cells are plain numbers: read them without the patterns and messages below.
  const plain = PLAIN_NUMBER.exec(raw);
  if (plain && (plain[2] === undefined || !options.decimalComma)) {
    const fraction = (plain[2] ?? '').replace(/0+$/, '');
    if (!options.integer || !fraction) {
      const whole = plain[1].replace(/^0+(?=\d)/, '');
      return ok(fraction ? `${whole}.${fraction}` : whole);
    }
  }
  const example = options.integer ? 'such as 10 or 1,000' : 'such as 10, 1,000 or 2.5';
  const notNumber = bad<string | null>(
    `"${raw}" is not a number; write a number ${example} (a unit after it, as in "10 pcs", is fine).`,
  );
  if (raw.length > MAX_VALUE_CHARS) return notNumber;
  // A currency sign before or after the number, like a unit, is not part of it.
  const bare = raw.replace(/^[$€£¥]\s*/, '').replace(/\s*[$€£¥]$/, '');
  const m = /^([+-]?[\d.,\s\u00a0\u202f']*\d)\s*([A-Za-z]+\.?)?$/.exec(bare);
  if (!m) return notNumber;
  if (m[1].startsWith('-')) return bad(`"${raw}" is negative; it must be 0 or more.`);
  let s = m[1].replace(/^\+/, '').replace(SPACES, '');
  if (!/^[\d.,]+$/.test(s)) return notNumber;
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  const grouped = (sep: string) => new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(s);
  if (commas && dots) {
    const decimal = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    if ((decimal === ',' ? commas : dots) > 1) return notNumber;
    const [whole, fraction] = s.split(decimal);
    if (!new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})*$`).test(whole)) return notNumber;
    s = `${whole.split(thousands).join('')}.${fraction}`;
  } else if (commas) {
    if (commas > 1 || (!options.decimalComma && grouped(','))) {
      if (!grouped(',')) return notNumber;
      s = s.replace(/,/g, '');
    } else {
      s = s.replace(',', '.');
    }
  } else if (dots) {
    if (dots > 1 || (options.decimalComma && grouped('.'))) {
      if (!grouped('.')) return notNumber;
      s = s.replace(/\./g, '');
    }
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return notNumber;
  const [whole, fraction = ''] = s.split('.');
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (options.integer && trimmedFraction) return bad(`"${raw}" is not a whole number.`);
  if (trimmedFraction.length > MAX_DECIMALS) return bad(`"${raw}" has more than ${MAX_DECIMALS} decimals.`);
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
  if (trimmedWhole.length > MAX_WHOLE_DIGITS) return bad(`"${raw}" is too large.`);
  return ok(trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole);
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x', 'dnp', 'dni', 'donotplace', 'notfitted', 'nofit']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', '', 'fitted', 'place']);

/** A yes/no cell (do not place); blank is false. */
export function parseFlag(text: string): Parsed<boolean> {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return bad(`"${text.trim()}" is not yes or no; write yes, no, true, false, 1, 0, x, DNP or leave it blank.`);
}

/** At most this many designators on a line once ranges are expanded. */
const MAX_DESIGNATORS = 5000;

/** "C1-C4" → C1…C4 (also "C1-4", descending "C4-C1", and "R01-R03" keeping the zeros); anything else as it is. */
function expandRange(token: string): string[] | null {
  const m = /^([A-Za-z_]+)(\d+)-([A-Za-z_]*)(\d+)$/.exec(token);
  if (!m) return [token];
  const [, prefix, a, secondPrefix, b] = m;
  if (secondPrefix && secondPrefix.toUpperCase() !== prefix.toUpperCase()) return [token];
  const from = Number(a);
  const to = Number(b);
  if (Math.abs(to - from) + 1 > MAX_DESIGNATORS) return null;
  const width = a.startsWith('0') && a.length > 1 ? a.length : 0;
  const step = to >= from ? 1 : -1;
  const out: string[] = [];
  for (let n = from; step > 0 ? n <= to : n >= to; n += step) out.push(prefix + String(n).padStart(width, '0'));
  return out;
}

/**
 * A reference designator cell as its designators: split on commas, semicolons
 * and spaces, ranges expanded ("C1-C3" is C1, C2, C3), each once, in order.
 */
export function parseDesignators(text: string): Parsed<string[]> {
  const tokens = text
    .replace(/\s*-\s*/g, '-')
    .split(/[\s,;]+/)
    .filter(Boolean);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const token of tokens) {
    const expanded = expandRange(token);
    if (!expanded) return bad(`The range "${token}" has more than ${MAX_DESIGNATORS} designators.`);
    for (const designator of expanded) {
      if (seen.has(designator)) continue;
      seen.add(designator);
      out.push(designator);
    }
    if (out.length > MAX_DESIGNATORS) return bad(`More than ${MAX_DESIGNATORS} reference designators.`);
  }
  return ok(out);
}

/** A cell holding several values (alternative MPNs): split on commas, semicolons and |, trimmed, each once. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;|]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
