// The file of rejected rows (server/domain/import/rejects.ts) and reading back
// what we escaped against formulas (export/cells.ts unescapeFormula).
import { describe, expect, it } from 'vitest';
import { escapeFormula, unescapeFormula } from '../../server/domain/export/cells.ts';
import { PROBLEM_COLUMN, rejectedRows } from '../../server/domain/import/rejects.ts';
import { parseCsv } from '../../server/domain/import/table.ts';

const sheet = parseCsv(
  [
    'Open orders,,,',
    ',,,',
    'PO Number,Part Number,Qty,Due Date',
    'PO-1,A,5,2026-05-01',
    'PO-1,B,five,2026-13-01',
    'PO-2,C',
    'Total,,5,',
  ].join('\n'),
);

describe('rejected rows', () => {
  it('keeps the header row and each rejected row as it was, in file order, with its problems joined', () => {
    const table = rejectedRows(
      'openOrder',
      [sheet],
      [],
      [
        { rowNumber: 6, column: 'Qty', message: 'Quantity is missing.' },
        { rowNumber: 5, column: 'Qty', message: 'Quantity is not a number.' },
        { rowNumber: 5, column: 'Due Date', message: 'Due Date is not a date.' },
      ],
    );
    expect(table).toEqual({
      header: ['PO Number', 'Part Number', 'Qty', 'Due Date', PROBLEM_COLUMN],
      rows: [
        ['PO-1', 'B', 'five', '2026-13-01', 'Qty: Quantity is not a number. Due Date: Due Date is not a date.'],
        // A short row is padded to the header's width, so the problem stays in its own column.
        ['PO-2', 'C', '', '', 'Qty: Quantity is missing.'],
      ],
    });
  });

  it('leaves out logs about the whole file (on the header row or above) and answers null when no data row is left', () => {
    expect(
      rejectedRows('openOrder', [sheet], [], [{ rowNumber: 3, column: null, message: 'The file has no Quantity.' }]),
    ).toBeNull();
    expect(
      rejectedRows('openOrder', [parseCsv('nothing we know\n1\n')], [], [{ rowNumber: 2, column: null, message: 'x' }]),
    ).toBeNull();
  });

  it('names a column that is no field of any kind, so the file uploads again as it is', () => {
    for (const kind of ['openOrder', 'bom', 'inventory'] as const) {
      const again = rejectedRows(
        kind,
        [parseCsv(`${PROBLEM_COLUMN}\nx\n`)],
        [],
        [{ rowNumber: 2, column: null, message: 'm' }],
      );
      expect(again).toBeNull();
    }
  });
});

describe('unescapeFormula', () => {
  it('drops the quote escapeFormula put before =, +, -, @, tab and carriage return, and nothing else', () => {
    for (const text of ['=SUM(1)', '+1', '-PART', '@PO', '\tx', '\rx']) {
      expect(unescapeFormula(escapeFormula(text))).toBe(text);
    }
    expect(unescapeFormula("'plain")).toBe("'plain");
    expect(unescapeFormula("'")).toBe("'");
    expect(unescapeFormula('no quote')).toBe('no quote');
  });

  it('is applied when a CSV file is read', () => {
    expect(parseCsv("PO Number,Part\n'=1+1,'-5\n").rows[1].cells).toEqual(['=1+1', '-5']);
  });
});
