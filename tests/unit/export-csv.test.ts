// Export cells and CSV: formula injection escaped in every text cell (each
// dangerous first character), numbers kept as numbers, RFC 4180 quoting, the
// byte order mark and CRLF line ends.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type Cell, dateCell, decimalCell, escapeFormula } from '../../server/domain/export/cells.ts';
import { csvField, toCsv } from '../../server/domain/export/csv.ts';

describe('escapeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 1 23 45', "'+33 1 23 45"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['=HYPERLINK("http://evil.example","Click")', `'=HYPERLINK("http://evil.example","Click")`],
  ])('puts a single quote before %j', (text, escaped) => {
    expect(escapeFormula(text)).toBe(escaped);
  });

  it.each(['PO-1001', 'a=b', ' =1+1', "'already quoted", '', '12', 'Ünïcødé'])('leaves %j as it is', (text) => {
    expect(escapeFormula(text)).toBe(text);
  });
});

describe('number and date cells', () => {
  it('keeps plain decimals (negative ones too) as numbers and anything else as text', () => {
    expect(decimalCell('-5')).toEqual({ decimal: '-5' });
    expect(decimalCell('12.5')).toEqual({ decimal: '12.5' });
    expect(decimalCell(3)).toBe(3);
    expect(decimalCell(Number.NaN)).toBeNull();
    expect(decimalCell(null)).toBeNull();
    expect(decimalCell('')).toBeNull();
    expect(decimalCell('-1+2')).toBe('-1+2');
    expect(dateCell('2026-03-31')).toEqual({ date: '2026-03-31' });
    expect(dateCell('=NOW()')).toBe('=NOW()');
    expect(dateCell(null)).toBeNull();
  });
});

describe('csvField', () => {
  it('escapes every text cell that starts with = + - @ tab or CR, and writes numbers as numbers', () => {
    // A number column's -5 is the number -5; the text "-5" (a part named so) is escaped.
    expect(csvField(decimalCell('-5'))).toBe('-5');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(decimalCell('-1+2'))).toBe("'-1+2");
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@x')).toBe("'@x");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('Bolt, M3')).toBe('"Bolt, M3"');
    expect(csvField('6" ruler')).toBe('"6"" ruler"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvField('plain')).toBe('plain');
  });

  it('writes empty, boolean and date cells', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('TRUE');
    expect(csvField(false)).toBe('FALSE');
    expect(csvField(dateCell('2026-01-05'))).toBe('2026-01-05');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
  });
});

describe('toCsv', () => {
  it('starts with a byte order mark, ends lines with CRLF and reads back cell for cell', () => {
    const header = ['Order', 'Quantity', 'Due date', 'Confirmed', 'Note'];
    const rows: Cell[][] = [
      ['=HYPERLINK("http://evil.example","Click")', decimalCell('-5'), dateCell('2026-03-31'), true, 'a, "b"\nc'],
      ['PO-2', decimalCell('10.5'), null, false, 'Ünïcødé €'],
    ];
    const text = toCsv(header, rows);
    expect(text.startsWith('\uFEFFOrder,Quantity,Due date,Confirmed,Note\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const read = Papa.parse<string[]>(text.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true });
    expect(read.errors).toEqual([]);
    expect(read.data).toEqual([
      header,
      [`'=HYPERLINK("http://evil.example","Click")`, '-5', '2026-03-31', 'TRUE', 'a, "b"\nc'],
      ['PO-2', '10.5', '', 'FALSE', 'Ünïcødé €'],
    ]);
  });

  it('escapes a header that starts like a formula (a mapping may name columns)', () => {
    expect(toCsv(['=Order'], [])).toBe("\uFEFF'=Order\r\n");
  });
});
