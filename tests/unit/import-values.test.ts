// Cell values of import files: numbers with separators and units, dates in
// the accepted formats, yes/no flags, designator lists with ranges.
import { describe, expect, it } from 'vitest';
import {
  DATE_FORMATS,
  parseDate,
  parseDesignators,
  parseFlag,
  parseNumber,
  splitList,
} from '../../server/domain/import/values.ts';
import { fromMicros, toMicros } from '../../src/lib/decimal.ts';

const num = (text: string, decimalComma = false, integer = false) => parseNumber(text, { decimalComma, integer });

describe('parseNumber', () => {
  it.each([
    ['10', '10'],
    ['  7 ', '7'],
    ['1,000', '1000'],
    ['12,345,678', '12345678'],
    ['1 000', '1000'],
    ["1'000", '1000'],
    ['2.5', '2.5'],
    ['1,234.50', '1234.5'],
    ['10 pcs', '10'],
    ['10pcs', '10'],
    ['4 EA', '4'],
    ['$4.50', '4.5'],
    ['0.000001', '0.000001'],
    ['007', '7'],
    ['+3', '3'],
    ['', null],
  ])('reads %j in a comma file as %j', (text, value) => {
    expect(num(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['2,5', '2.5'],
    ['1.000', '1000'],
    ['1.234,5', '1234.5'],
    ['9,99 €', '9.99'],
    ['2,5 kg', '2.5'],
    ['12', '12'],
  ])('reads %j in a semicolon file (decimal comma) as %j', (text, value) => {
    expect(num(text, true)).toEqual({ ok: true, value });
  });

  it('refuses what is not a number, negatives, too many decimals and too large values', () => {
    for (const text of ['abc', 'ten', '1,00,0', '1.2.3', '12-3', '5 6 pcs x']) {
      const r = num(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/is not a number; write a number such as 10, 1,000 or 2.5/);
    }
    expect(num('-5')).toEqual({ ok: false, message: '"-5" is negative; it must be 0 or more.' });
    expect(num('0.1234567')).toEqual({ ok: false, message: '"0.1234567" has more than 6 decimals.' });
    expect(num('1234567890123456').ok).toBe(false);
    expect(num('2.5', false, true)).toEqual({ ok: false, message: '"2.5" is not a whole number.' });
    expect(num('1,000', false, true)).toEqual({ ok: true, value: '1000' });
  });

  it('reads plain numbers the same on the fast path as with separators', () => {
    expect(num('007')).toEqual({ ok: true, value: '7' });
    expect(num('1.500000')).toEqual({ ok: true, value: '1.5' });
    expect(num('0')).toEqual({ ok: true, value: '0' });
    // With a decimal comma a dot groups thousands; a plain integer is the same either way.
    expect(num('1.000', true)).toEqual({ ok: true, value: '1000' });
    expect(num('250', true)).toEqual({ ok: true, value: '250' });
    expect(num('3.0', false, true)).toEqual({ ok: true, value: '3' });
    expect(num('2.5', false, true).ok).toBe(false);
    expect(num('1234567890123456').ok).toBe(false);
  });

  it('sums exactly in millionths', () => {
    expect(fromMicros(toMicros('0.1') + toMicros('0.2'))).toBe('0.3');
    expect(fromMicros(toMicros('1000') + toMicros('1000'))).toBe('2000');
    expect(fromMicros(toMicros('0.000001'))).toBe('0.000001');
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-03-31', '2026-03-31'],
    ['2026/3/5', '2026-03-05'],
    ['3/31/2026', '2026-03-31'],
    ['03/05/2026', '2026-03-05'],
    ['31.3.2026', '2026-03-31'],
    ['05.03.2026', '2026-03-05'],
    ['31-Mar-2026', '2026-03-31'],
    ['5 March 2026', '2026-03-05'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['29.2.2000', '2000-02-29'],
    ['2026-12-31', '2026-12-31'],
    ['2026-03-31T08:30:00Z', '2026-03-31'],
    ['3/31/2026 5:00 PM', '2026-03-31'],
    ['', null],
    // A value above 12 in either place settles the order by itself.
    ['31/3/2026', '2026-03-31'],
    ['31/01/2026', '2026-01-31'],
    ['01/31/2026', '2026-01-31'],
    ['31-01-26', '2026-01-31'],
    ['31.01.26', '2026-01-31'],
    ['3/31/26', '2026-03-31'],
    ['1/2/69', '1969-01-02'],
    // Without one, the separator's habit: slashes month first, dots and hyphens day first.
    ['03/04/2026', '2026-03-04'],
    ['03.04.2026', '2026-04-03'],
    ['03-04-2026', '2026-04-03'],
    ['2026.03.31', '2026-03-31'],
    // Compact dates as ERP systems write them, and spreadsheet date numbers in CSV cells.
    ['20260331', '2026-03-31'],
    ['46112', '2026-03-31'],
    ['46112.5', '2026-03-31'],
    ['10000', '1927-05-18'],
  ])('reads %j as %j', (text, value) => {
    expect(parseDate(text)).toEqual({ ok: true, value });
  });

  it('reads numeric dates in the order the column writes them', () => {
    expect(parseDate('03/04/2026', 'dayFirst')).toEqual({ ok: true, value: '2026-04-03' });
    expect(parseDate('03.04.2026', 'monthFirst')).toEqual({ ok: true, value: '2026-03-04' });
    expect(parseDate('3/4/26 08:00', 'dayFirst')).toEqual({ ok: true, value: '2026-04-03' });
    // ISO, month names and compact dates have one reading whatever the column's order.
    expect(parseDate('2026-03-04', 'dayFirst')).toEqual({ ok: true, value: '2026-03-04' });
    expect(parseDate('4-Mar-2026', 'monthFirst')).toEqual({ ok: true, value: '2026-03-04' });
    // A value that contradicts the column's order says so.
    expect(parseDate('31/01/2026', 'monthFirst')).toEqual({
      ok: false,
      message: '"31/01/2026" is not a date with the month first, as this column\'s dates are written.',
    });
    expect(parseDate('01/31/2026', 'dayFirst')).toEqual({
      ok: false,
      message: '"01/31/2026" is not a date with the day first, as this column\'s dates are written.',
    });
  });

  it('refuses other formats and impossible dates, listing the accepted formats', () => {
    for (const text of [
      '2026-02-30',
      '13/31/2026',
      '13/13/2026',
      '31/3/202',
      'next week',
      '4611',
      '461120',
      '20261301',
      '31/01/2026 foo',
      '2025-02-29',
      '1900-02-29',
      '2100-02-29',
      '29.2.2100',
      '2026-04-31',
      '2026-00-10',
      '1899-12-31',
      '1-Foo-2026',
    ]) {
      const r = parseDate(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toBe(`"${text}" is not a date; write ${DATE_FORMATS}.`);
    }
    expect(DATE_FORMATS).toContain('YYYY-MM-DD, D/M/YYYY or M/D/YYYY');
  });
});

describe('parseFlag', () => {
  it('reads yes and no words', () => {
    for (const t of ['yes', 'Y', 'TRUE', '1', 'x', 'DNP', 'dni', 'Do not place'])
      expect(parseFlag(t)).toEqual({ ok: true, value: true });
    for (const t of ['no', 'N', 'false', '0', '', '  ']) expect(parseFlag(t)).toEqual({ ok: true, value: false });
    expect(parseFlag('maybe').ok).toBe(false);
  });
});

describe('parseDesignators', () => {
  it('splits on commas, semicolons and spaces and expands ranges', () => {
    expect(parseDesignators('C1, C2, C5')).toEqual({ ok: true, value: ['C1', 'C2', 'C5'] });
    expect(parseDesignators('C1-C3')).toEqual({ ok: true, value: ['C1', 'C2', 'C3'] });
    expect(parseDesignators('R1 - 3; R7')).toEqual({ ok: true, value: ['R1', 'R2', 'R3', 'R7'] });
    expect(parseDesignators('C4-C2')).toEqual({ ok: true, value: ['C4', 'C3', 'C2'] });
    expect(parseDesignators('R08-R10')).toEqual({ ok: true, value: ['R08', 'R09', 'R10'] });
    expect(parseDesignators('C1,C1,C2')).toEqual({ ok: true, value: ['C1', 'C2'] });
    expect(parseDesignators('C1-R3')).toEqual({ ok: true, value: ['C1-R3'] });
    expect(parseDesignators('')).toEqual({ ok: true, value: [] });
    expect(parseDesignators('C1-C9999').ok).toBe(false);
  });

  it('splits lists of alternatives', () => {
    expect(splitList('A1; B2 | C3, A1')).toEqual(['A1', 'B2', 'C3']);
  });
});
