// Reading an import file in a worker thread with limits (server/jobs/read-sheets.ts):
// the same sheets as reading it here, and a clear failure, never a hang or a
// thread left running, when the file is damaged or takes too long. And the
// limits on what a file may hold (FILE_LIMITS in server/domain/import/table.ts),
// each checked while the file is read, with a message naming it.
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSheetsLimited } from '../../server/jobs/read-sheets.ts';
import {
  FILE_LIMITS,
  FileLimitError,
  type FileLimits,
  parseCsv,
  readSheets,
  readWorkbook,
} from '../../server/domain/import/table.ts';

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

  it('moves handed-over bytes to the reader without a copy, and copies a view of a larger buffer', async () => {
    const expected = await readSheets(smallWorkbook(), 'xlsx');
    const own = smallWorkbook();
    expect(await readSheetsLimited(own, 'xlsx', { handOver: true })).toEqual(expected);
    // Moved: the caller's buffer is detached.
    expect(own.byteLength).toBe(0);

    const bytes = smallWorkbook();
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    const view = padded.subarray(4, 4 + bytes.length);
    expect(await readSheetsLimited(view, 'xlsx', { handOver: true })).toEqual(expected);
    // A view of part of a buffer is not the caller's whole buffer to give: it is copied and stays intact.
    expect(padded.byteLength).toBe(bytes.length + 8);
    expect(view).toEqual(bytes);
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

/** Small limits, so each is reached with a few bytes. */
const SMALL: FileLimits = { rows: 5, columns: 3, cellChars: 10, lineChars: 20, cells: 12 };

/** The FileLimitError a read throws, or a failure of the test when it throws none (or another error). */
function limitOf(read: () => unknown): FileLimitError {
  try {
    read();
  } catch (error) {
    if (error instanceof FileLimitError) return error;
    throw error;
  }
  throw new Error('read past a limit without a FileLimitError');
}

describe('CSV limits', () => {
  it('counts blank rows toward the row limit, but not the final line break', () => {
    expect(limitOf(() => parseCsv('a,b\n\n\n\n\n\n', SMALL)).message).toBe(
      'The file has more than 5 rows (blank rows count too). Split it into smaller files.',
    );
    const five = parseCsv('a,b\n\n\n\n\n', SMALL);
    expect(five.rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(five.rows[4].cells).toEqual(['']);
  });

  it('names the row with too many columns', () => {
    expect(limitOf(() => parseCsv('a,b,c\n1,2,3,4\n', SMALL)).message).toBe(
      'Row 2 has more than 3 columns; an upload may have at most 3.',
    );
  });

  it('names the row and column of a cell too long, after quotes are read', () => {
    // Ten characters once the doubled quotes are read as one.
    expect(parseCsv('a,b\n1,"x""""""""y"\n', SMALL).rows[1].cells).toEqual(['1', 'x""""""""y'.replaceAll('""', '"')]);
    expect(limitOf(() => parseCsv('a,b\n1,2\n3,xxxxxxxxxxx\n', SMALL)).message).toBe(
      'Row 3, column 2 has a cell longer than 10 characters, the most a spreadsheet cell holds.',
    );
  });

  it('refuses a long line before reading it, whatever its line breaks', () => {
    const twenty = 'a'.repeat(20);
    const limits = { ...SMALL, cellChars: 100 };
    for (const newline of ['\n', '\r\n', '\r']) {
      expect(parseCsv(['h', twenty, twenty].join(newline), limits).rows).toHaveLength(3);
      expect(limitOf(() => parseCsv(['h', twenty, `${twenty}b`].join(newline), limits)).message).toBe(
        'Row 3 has a line longer than 20 characters; a line may have at most 20.',
      );
    }
    // The first line too, and a file that is one long line (no line break at all).
    expect(limitOf(() => parseCsv('x'.repeat(21), limits)).message).toMatch(/^Row 1 has a line longer than 20/);
    expect(limitOf(() => parseCsv('x'.repeat(1_000_001))).message).toBe(
      'Row 1 has a line longer than 1,000,000 characters; a line may have at most 1,000,000.',
    );
  });

  it('holds a row whose quoted cells span short lines to the same length', () => {
    expect(limitOf(() => parseCsv('h\n"aaaaaaaa\nbbbbbbbbbb\ncccccccc"\n', { ...SMALL, cellChars: 100 })).message).toBe(
      'Row 2 is longer than 20 characters over its lines; a row may have at most 20.',
    );
  });

  it('counts the cells of the whole file', () => {
    expect(parseCsv('a,b,c\n1,2,3\n4,5,6\n7,8,9\n', SMALL).rows).toHaveLength(4);
    expect(limitOf(() => parseCsv('a,b,c\n1,2,3\n4,5,6\n7,8,9\n0\n', SMALL)).message).toBe(
      'The file has more than 12 cells (rows × columns). Split it into smaller files.',
    );
  });

  it('names the limits with their thousands', () => {
    expect(FILE_LIMITS).toEqual({
      rows: 250_000,
      columns: 1_000,
      cellChars: 32_767,
      lineChars: 1_000_000,
      cells: 5_000_000,
    });
    expect(limitOf(() => parseCsv(`${Array.from({ length: 1001 }, () => 'x').join(',')}\n`)).message).toBe(
      'Row 1 has more than 1,000 columns; an upload may have at most 1,000.',
    );
  });
});

describe('workbook limits', () => {
  it('reads a sheet whose declared range runs far past its values only as far as they go', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([['PO Number', 'Qty'], [], ['PO-1', 5]]);
    // Far past the limits (5 rows, 3 columns) of SMALL; a larger range only makes writing the test file slow.
    sheet['!ref'] = 'A1:Z2000';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, 'Orders');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const [orders] = await readWorkbook(bytes, SMALL);
    expect(orders.rows).toEqual([
      { rowNumber: 1, cells: ['PO Number', 'Qty'] },
      { rowNumber: 2, cells: [] },
      { rowNumber: 3, cells: ['PO-1', '5'] },
    ]);
  });

  const book = (sheets: Record<string, unknown[][]>) => workbookBytes(sheets);

  it('names the sheet past a limit', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [`PO-${i}`]);
    await expect(readWorkbook(book({ Orders: rows(6) }), SMALL)).rejects.toThrow(
      new FileLimitError('Sheet "Orders" has more than 5 rows (blank rows count too). Split it into smaller files.'),
    );
    await expect(readWorkbook(book({ Orders: [['a', 'b', 'c', 'd']] }), SMALL)).rejects.toThrow(
      'Sheet "Orders" has more than 3 columns; an upload may have at most 3.',
    );
    await expect(readWorkbook(book({ Orders: [['a'], ['x'.repeat(11)]] }), SMALL)).rejects.toThrow(
      'Sheet "Orders", row 2, column 1 has a cell longer than 10 characters, the most a spreadsheet cell holds.',
    );
    // Cells are counted over every sheet, each as wide as its widest row.
    const wide = [['a', 'b', 'c'], ['1']];
    await expect(readWorkbook(book({ One: wide, Two: wide }), SMALL)).resolves.toHaveLength(2);
    await expect(readWorkbook(book({ One: wide, Two: wide, Three: [['x']] }), SMALL)).rejects.toThrow(
      'The file has more than 12 cells (rows × columns)',
    );
  });
});

describe('readSheetsLimited and the limits', () => {
  it("fails a file past a limit with the reader's FileLimitError", async () => {
    const csv = new TextEncoder().encode('a,b\n\n\n\n\n\n');
    const error = await readSheetsLimited(csv, 'csv', { file: SMALL }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileLimitError);
    expect((error as FileLimitError).message).toMatch(/^The file has more than 5 rows/);
  });

  it('brings back a file of many batches exactly as it was read', async () => {
    const lines = ['PO Number,Vendor,Item,Qty,Due Date,Note'];
    for (let i = 0; i < 30_000; i++) lines.push(`PO-${i},Vendor ${i % 50},ITEM-${i},${i},2026-01-01,"a, b"`);
    const csv = new TextEncoder().encode(lines.join('\n'));
    expect(await readSheetsLimited(csv, 'csv')).toEqual(await readSheets(csv, 'csv'));
  });
});
