// Files shaped to make planning slow, planned as any other: cells as long as a
// spreadsheet holds (32,767 characters) with runs of spaces inside (a date or
// number cell so long is refused with its message before the patterns that
// took time quadratic in such a run, 0.6 s a cell; a custom-field header keeps
// its name), and a BOM of one part on thousands of lines (naming each line
// searched from "#2" again: 20,000 lines took 40 s). The speed itself is not
// asserted here; these hold the answers the shortcuts must keep.
import { describe, expect, it } from 'vitest';
import { planBom } from '../../server/domain/import/bom.ts';
import { mapColumns } from '../../server/domain/import/columns.ts';
import { parseCsv } from '../../server/domain/import/table.ts';
import { DATE_FORMATS, parseDate, parseNumber } from '../../server/domain/import/values.ts';

const spaced = `1${' '.repeat(32_765)}1`;

describe('long cells', () => {
  it('refuses a date or a number of 32,767 characters with the usual message', () => {
    expect(parseDate(` ${spaced} `)).toEqual({
      ok: false,
      message: `"${spaced}" is not a date; write ${DATE_FORMATS}.`,
    });
    expect(parseNumber(`${spaced} pcs`, { decimalComma: false })).toEqual({
      ok: false,
      message: `"${spaced} pcs" is not a number; write a number such as 10, 1,000 or 2.5 (a unit after it, as in "10 pcs", is fine).`,
    });
    // Dates and numbers as written still read, a time or a unit after them included.
    expect(parseDate(' 3/31/2026 5:00 PM ')).toEqual({ ok: true, value: '2026-03-31' });
    expect(parseNumber('1 000,5 pcs', { decimalComma: true })).toEqual({ ok: true, value: '1000.5' });
  });

  it('reads custom-field headers, long ones with spaces inside too', () => {
    const long = `a${' '.repeat(30_000)}b`;
    const header = ['PO Number', ' Custom: Color ', 'custom field.  Size', `Custom: ${long}  `, 'Custom:', 'Customer'];
    expect(mapColumns('openOrder', header, []).customFields).toEqual([
      { name: 'Color', index: 1 },
      { name: 'Size', index: 2 },
      { name: long, index: 3 },
    ]);
  });

  it('maps a header row of 1,000 columns, the first synonym of a field winning', () => {
    const header = Array.from({ length: 1000 }, (_, i) => `Column ${i}`);
    header[10] = 'Open Qty';
    header[500] = 'Qty Ordered';
    header[999] = 'PO #';
    const columns = mapColumns('openOrder', header, []);
    expect(Object.fromEntries(columns.fields)).toEqual({ quantity: 10, orderUniqueName: 999 });
    expect(columns.recognised).toBe(3);
  });
});

describe('a BOM of one part on many lines', () => {
  const plan = (lines: string[]) => {
    const result = planBom([parseCsv(['Reference,Part Number,Quantity,Alternative MPNs', ...lines].join('\n'))], {
      mapped: [],
      defaultBomName: 'Board',
    });
    if (!result.ok) throw new Error(result.message);
    return result.boms[0].lines;
  };

  it('names each line after the part, numbering the next free name past any taken one', () => {
    const lines = plan(['R1,PART-1,1,', 'R2,PART-1 #3,1,', 'R3,PART-1,1,', 'R4,PART-1,1,', 'R5,PART-1,1,']);
    expect(lines.map((l) => l.uniqueName)).toEqual(['PART-1', 'PART-1 #3', 'PART-1 #2', 'PART-1 #4', 'PART-1 #5']);
    const many = plan(Array.from({ length: 20_000 }, (_, i) => `R${i + 1},PART-1,1,`));
    expect(many).toHaveLength(20_000);
    expect(many.at(-1)?.uniqueName).toBe('PART-1 #20000');
  });

  it('gathers the alternatives of rows merged into one line, each once, in order', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `R1,PART-1,1,"ALT-${i % 10_000}; ALT-X"`);
    const [line] = plan(rows);
    expect(line.rowNumbers).toHaveLength(20_000);
    expect(line.alternativeMpns).toEqual([
      'ALT-0',
      'ALT-X',
      ...Array.from({ length: 9_999 }, (_, i) => `ALT-${i + 1}`),
    ]);
  });
});
