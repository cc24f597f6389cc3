// The cells of an export file and their defence against formula injection.
// Pure: no I/O.
//
// A spreadsheet program reads a cell that starts with `=`, `+`, `-` or `@`
// (and, in some programs, a tab or a carriage return before them) as a
// formula, so a value a vendor or an ERP typed, like an order named
// `=HYPERLINK("http://evil.example","Click")`, could run when a buyer opens
// the file. As OWASP advises, such a text cell is written with a single quote
// before it (`'=HYPERLINK(...)`): spreadsheets show it as text.
//
// Our choice for numbers: a cell is text or a number by its column, never by
// its look. Quantities, money and counts are written as numbers (a plain
// decimal in CSV, a number cell in XLSX), so "-5" in a quantity column stays
// the number -5. Every text cell that starts with one of those characters is
// escaped, even one that reads like a number ("-5" as a part name is written
// '-5): text is never guessed to be safe. A value of a number column that is
// not a plain decimal is written as (escaped) text.

/** A calendar date, 'YYYY-MM-DD': the text itself in CSV, a date cell in XLSX. */
export interface DateCell {
  readonly date: string;
}

/** A decimal number kept as its exact text (quantities and money are decimal strings in the API). */
export interface DecimalCell {
  readonly decimal: string;
}

export type Cell = string | number | boolean | null | DateCell | DecimalCell;

/** The first characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text made safe to open in a spreadsheet: a single quote before a dangerous first character. */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * What an escaped cell reads as when it comes back in an upload: the quote
 * before =, +, -, @, tab or carriage return is dropped, so a file we wrote
 * (rejected rows, an export) uploads again with its values as they were.
 */
export function unescapeFormula(text: string): string {
  return text.charCodeAt(0) === 39 && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A number column's value: a plain decimal as a number, anything else as text (escaped when written). */
export function decimalCell(value: string | number | null | undefined): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return PLAIN_DECIMAL.test(value) ? { decimal: value } : value;
}

/** A date column's value: 'YYYY-MM-DD' as a date, anything else as text. */
export function dateCell(value: string | null | undefined): Cell {
  if (!value) return null;
  return CALENDAR_DATE.test(value) ? { date: value } : value;
}

export const isDateCell = (cell: Cell): cell is DateCell => typeof cell === 'object' && cell !== null && 'date' in cell;
export const isDecimalCell = (cell: Cell): cell is DecimalCell =>
  typeof cell === 'object' && cell !== null && 'decimal' in cell;
