// Reading a workbook in a worker thread with limits (server/jobs/read-sheets.ts):
// the same sheets as reading it here, and a clear failure, never a hang or a
// thread left running, when the workbook is damaged or takes too long.
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSheetsLimited } from '../../server/jobs/read-sheets.ts';
import { readSheets } from '../../server/domain/import/table.ts';

function workbookBytes(sheets: Record<string, unknown[][]>, bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets))
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType, cellDates: true }) as ArrayBuffer);
}

const smallWorkbook = () =>
  workbookBytes({
    Cover: [['Open purchase orders'], [], ['Run date', new Date(Date.UTC(2026, 2, 1))]],
    Orders: [
      ['PO Number', 'Vendor', 'Item', 'Qty', 'Due Date'],
      ['PO-1', 'Northwind', 'CAP-100N', 1000, new Date(Date.UTC(2026, 5, 30))],
      ['PO-1', 'Northwind', 'RES-10K', 2.5, true],
    ],
  });

/** A workbook the reader needs well over a second for (30,000 rows). */
function largeWorkbook(): Uint8Array {
  const rows: unknown[][] = [['PO Number', 'Vendor', 'Item', 'Qty', 'Due Date']];
  for (let i = 0; i < 30_000; i++) rows.push([`PO-${i}`, `Vendor ${i % 50}`, `ITEM-${i}`, i * 1.5, '2026-01-01']);
  return workbookBytes({ Orders: rows });
}

/** CPU time this process (every thread in it) spends over `ms` of wall time while this thread only waits. */
async function cpuMsWhileIdle(ms: number): Promise<number> {
  const start = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('readSheetsLimited', () => {
  let large: Uint8Array;
  beforeAll(() => {
    large = largeWorkbook();
  }, 30_000);

  it('reads XLSX and XLS workbooks in a worker exactly as readSheets does here', async () => {
    const xlsx = smallWorkbook();
    const before = xlsx.slice();
    const sheets = await readSheetsLimited(xlsx, 'xlsx');
    // The caller's bytes are untouched: the worker got a copy.
    expect(xlsx).toEqual(before);
    expect(sheets).toEqual(await readSheets(xlsx, 'xlsx'));
    expect(sheets.map((s) => s.name)).toEqual(['Cover', 'Orders']);
    expect(sheets[1].rows[1]).toEqual({
      rowNumber: 2,
      cells: ['PO-1', 'Northwind', 'CAP-100N', '1000', '2026-06-30'],
    });

    const xls = workbookBytes(
      {
        Orders: [
          ['PO Number', 'Qty'],
          ['PO-2', 7],
        ],
      },
      'biff8',
    );
    expect(await readSheetsLimited(xls, 'xls')).toEqual(await readSheets(xls, 'xls'));
  });

  it('reads CSV as readSheets does', async () => {
    const csv = new TextEncoder().encode('PO Number;Qty\nPO-3;1,5\n');
    expect(await readSheetsLimited(csv, 'csv')).toEqual(await readSheets(csv, 'csv'));
  });

  it('stops a read past its time limit with a clear message, leaving no thread at work', async () => {
    const started = performance.now();
    await expect(readSheetsLimited(large, 'xlsx', { timeLimitMs: 1 })).rejects.toThrow(
      'reading the workbook took longer than 1 ms; the file may be damaged. ' +
        'Save it again from your spreadsheet program, or export it as CSV.',
    );
    expect(performance.now() - started).toBeLessThan(3000);
    // A reader left running would spend hundreds of ms of CPU a second on the large workbook, even on a
    // busy machine; once terminated, about 1 ms is left.
    expect(await cpuMsWhileIdle(1000)).toBeLessThan(50);
    // And the next read is not held up by it.
    const sheets = await readSheetsLimited(smallWorkbook(), 'xlsx');
    expect(sheets.map((s) => s.name)).toEqual(['Cover', 'Orders']);
  });

  it('takes the default time limit from IMPORT_READ_TIME_LIMIT_MS', async () => {
    process.env.IMPORT_READ_TIME_LIMIT_MS = '2';
    try {
      await expect(readSheetsLimited(large, 'xlsx')).rejects.toThrow(/took longer than 2 ms/);
    } finally {
      delete process.env.IMPORT_READ_TIME_LIMIT_MS;
    }
  });

  it('refuses a damaged workbook with the reason readSheets gives, and one cut short', async () => {
    // A ZIP with its end record but garbage inside.
    const damaged = smallWorkbook();
    damaged.fill(0x5a, 100, damaged.length - 200);
    const reason = await readSheets(damaged, 'xlsx').then(
      () => 'read',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(reason).not.toBe('read');
    await expect(readSheetsLimited(damaged, 'xlsx')).rejects.toThrow(reason);
    const cut = smallWorkbook().slice(0, 300);
    await expect(readSheetsLimited(cut, 'xlsx')).rejects.toThrow(/^the ZIP archive is cut short/);
  });

  it('stops a reader that runs out of memory with a clear message', async () => {
    await expect(readSheetsLimited(large, 'xlsx', { memoryLimitMb: 8 })).rejects.toThrow(
      /^reading the workbook ran out of memory \(more than 8 MB\); the file may be damaged or too large\./,
    );
  });
});
