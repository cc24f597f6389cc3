// The XLSX export read back with the workbook library: text cells escaped
// against formula injection and stored as strings (never formulas), numbers as
// numbers (negative ones too), dates as date cells, booleans as booleans.
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { type Cell, dateCell, decimalCell } from '../../server/domain/export/cells.ts';
import { toXlsx } from '../../server/domain/export/xlsx.ts';

function readBack(bytes: Uint8Array) {
  const workbook = XLSX.read(bytes, { type: 'array', cellDates: true, cellFormula: true, cellNF: true });
  const sheet = workbook.Sheets[workbook.SheetNames[0]];
  return { workbook, sheet };
}

describe('toXlsx', () => {
  it('writes one sheet whose cells read back with their types, text escaped', async () => {
    const header = ['Order', 'Quantity', 'Due date', 'Confirmed', 'Open flags', 'Note'];
    const rows: Cell[][] = [
      ['=HYPERLINK("http://evil.example","Click")', decimalCell('-5'), dateCell('2026-03-31'), true, 2, '+1'],
      ['PO-2', decimalCell('10.5'), null, false, 0, '-5'],
      ['@cmd', null, dateCell('2024-02-29'), null, null, '\tx'],
    ];
    const bytes = await toXlsx('Item groups', header, rows);
    // An XLSX file is a ZIP archive.
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    const { workbook, sheet } = readBack(bytes);
    expect(workbook.SheetNames).toEqual(['Item groups']);

    const values = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
    expect(values).toEqual([
      header,
      [`'=HYPERLINK("http://evil.example","Click")`, -5, new Date(Date.UTC(2026, 2, 31)), true, 2, "'+1"],
      ['PO-2', 10.5, null, false, 0, "'-5"],
      ["'@cmd", null, new Date(Date.UTC(2024, 1, 29)), null, null, "'\tx"],
    ]);
    // No cell is a formula; the escaped text is a string cell, the quantity a number cell.
    for (const address of Object.keys(sheet).filter((k) => !k.startsWith('!'))) {
      expect((sheet[address] as XLSX.CellObject).f, address).toBeUndefined();
    }
    expect((sheet.A2 as XLSX.CellObject).t).toBe('s');
    expect((sheet.B2 as XLSX.CellObject).t).toBe('n');
    expect((sheet.C2 as XLSX.CellObject).t).toBe('d');
    expect((sheet.C2 as XLSX.CellObject).z).toBe('yyyy-mm-dd');
    expect(sheet['!autofilter']).toEqual({ ref: 'A1:F4' });
  });

  it('escapes headers, keeps long text within Excel’s cell limit and names the sheet as Excel allows', async () => {
    const bytes = await toXlsx('BOM lines: a/b [1]?*\\ and a name far too long', ['=Order'], [['x'.repeat(40_000)]]);
    const { workbook, sheet } = readBack(bytes);
    expect(workbook.SheetNames[0]).toBe('BOM lines  a b  1     and a nam');
    expect(workbook.SheetNames[0]).toHaveLength(31);
    expect((sheet.A1 as XLSX.CellObject).v).toBe("'=Order");
    expect(String((sheet.A2 as XLSX.CellObject).v)).toHaveLength(32_767);
  });

  it('writes a header alone when there are no rows', async () => {
    const { sheet } = readBack(await toXlsx('Orders', ['Order', 'Vendor'], []));
    expect(XLSX.utils.sheet_to_json(sheet, { header: 1 })).toEqual([['Order', 'Vendor']]);
  });
});
