// The browser's preview of import files, on the same real-world-shaped files
// the server's tests read (tests/fixtures/imports): the header row, row
// numbers and the mapping must come out as the server will read them.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locateHeader as serverLocateHeader } from '../../../server/domain/import/columns.ts';
import { decodeText as serverDecode, parseCsv as serverParseCsv } from '../../../server/domain/import/table.ts';
import { csvCell, rejectedRowsCsv } from './csv-out';
import { normalizeHeader, type ImportKind } from './fields';
import {
  buildPreview,
  checkMapping,
  initialMapping,
  isMappingOfKind,
  keptColumns,
  MAX_KEPT_COLUMNS,
  mappingName,
  reusableMapping,
  savedColumns,
  type SavedMapping,
} from './mapping';
import { readPreview, type RawPreview } from './read';
import { readWorkbookPreview } from './read-workbook';

const fixtureBytes = (name: string) =>
  readFileSync(new URL(`../../../tests/fixtures/imports/${name}`, import.meta.url));
const fixture = (name: string) => new Blob([fixtureBytes(name)]);
const noSaved = new Map<string, string>();

function ok(raw: RawPreview) {
  if (!raw.ok) throw new Error(`expected a preview, got: ${raw.message}`);
  return raw;
}

async function previewOf(kind: ImportKind, blob: Blob, saved: ReadonlyMap<string, string> = noSaved) {
  const preview = buildPreview(kind, ok(await readPreview(blob)), saved);
  if (!preview) throw new Error('no preview');
  return preview;
}

describe('reading a file for its preview', () => {
  it('finds the header below the title lines of an ERP export, on the row the server finds', async () => {
    const preview = await previewOf('openOrder', fixture('erp-open-orders.csv'));
    const server = serverLocateHeader(
      'openOrder',
      [serverParseCsv(serverDecode(fixtureBytes('erp-open-orders.csv')).text)],
      [],
    );
    expect(preview.header.rowNumber).toBe(5);
    expect(preview.header.rowNumber).toBe(server?.headerRow.rowNumber);
    expect(preview.skippedAbove).toBe(3);
    expect(preview.header.cells[0]).toBe('PO Number');
    // A quoted cell with a line break is one row: the row after it keeps its spreadsheet number.
    const multiLine = preview.rows.find((r) => r.cells[3] === 'RES-10K');
    expect(multiLine?.rowNumber).toBe(8);
    expect(multiLine?.cells[4]).toBe('Resistor 10k\nreel of 5000');
    expect(preview.rows[1].rowNumber).toBe(7);
    // Blank and totals rows are neither shown nor counted.
    expect(preview.rows.map((r) => r.rowNumber)).toEqual(server?.dataRows.slice(0, 20).map((r) => r.rowNumber));
    expect(preview.dataRowCount).toBe(server?.dataRows.length);
    expect(preview.exact).toBe(true);
  });

  it('reads Windows-1252 text with semicolons, and UTF-8 with a byte order mark', async () => {
    const latin = ok(await readPreview(fixture('semicolon-1252.csv')));
    expect(latin.encoding).toBe('windows-1252');
    expect(latin.delimiter).toBe(';');
    expect(latin.sheets[0].rows[1].cells[1]).toBe('Müller GmbH');

    const bom = await previewOf('inventory', fixture('inventory-utf8-bom.csv'));
    expect(bom.encoding).toBe('utf-8');
    expect(bom.header.cells[0]).toBe('Part Number');
    expect(bom.columns[0].normalized).toBe('partnumber');

    const tabs = ok(await readPreview(fixture('tab-delimited.tsv')));
    expect(tabs.delimiter).toBe('\t');
  });

  it('estimates the rows of a large file from its first megabyte, without reading the rest', async () => {
    const lines = ['PO Number,Supplier,Part Number,Qty,Due Date'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`PO-${100000 + i},Vendor ${i % 50},PART-${i % 977},${(i % 40) + 1},2026-05-01`);
    const blob = new Blob([lines.join('\n')]);
    const started = performance.now();
    const preview = await previewOf('openOrder', blob);
    const elapsed = performance.now() - started;
    expect(preview.exact).toBe(false);
    expect(Math.abs(preview.dataRowCount - 100_000)).toBeLessThan(2_000);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0].cells[0]).toBe('PO-100000');
    // Generous, for a busy machine: reading the whole 4 MB would not matter, parsing 100,000 rows would.
    expect(elapsed).toBeLessThan(2_000);
  });

  it('refuses what is not CSV text or a workbook, by its content', async () => {
    expect(await readPreview(new Blob([]))).toEqual({ ok: false, message: 'The file is empty.' });
    const pdf = await readPreview(new Blob(['%PDF-1.7\n%âãÏÓ\n1 0 obj']));
    expect(pdf.ok).toBe(false);
    expect(!pdf.ok && pdf.message).toContain('a PDF document');
    const binary = await readPreview(new Blob([new Uint8Array([1, 2, 0, 4])]));
    expect(!binary.ok && binary.message).toContain('NUL bytes');
  });

  it('reads the first rows of each sheet of a workbook and picks the first with a header', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Notes only'], ['nothing here']]), 'Cover');
    const rows: unknown[][] = [['Open orders, March'], [], ['PO #', 'Vendor', 'Item', 'Qty', 'Due Date']];
    for (let i = 0; i < 500; i++) rows.push([`PO-${i}`, 'Acme', `ITEM-${i}`, i + 1, new Date(Date.UTC(2026, 3, 1))]);
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Orders');
    const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    const raw = ok(await readWorkbookPreview(new Blob([bytes])));
    expect(raw.fileType).toBe('xlsx');
    const preview = buildPreview('openOrder', raw, noSaved);
    expect(preview?.sheetName).toBe('Orders');
    expect(preview?.header.rowNumber).toBe(3);
    expect(preview?.rows[0].cells).toEqual(['PO-0', 'Acme', 'ITEM-0', '1', '2026-04-01']);
    expect(preview?.dataRowCount).toBe(500);
  });

  it('lists the sheets with their rows, takes the lines over a pivot and a summary, and shows a sheet asked for', async () => {
    const book = XLSX.utils.book_new();
    const add = (rows: unknown[][], name: string) => {
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
    };
    add(
      [
        ['Row Labels', 'Sum of Qty'],
        ['PO-1', 9],
        ['Grand Total', 9],
      ],
      'Pivot',
    );
    add(
      [
        ['PO Number', 'Qty'],
        ['PO-1', 9],
      ],
      'Summary',
    );
    add(
      [
        ['PO Number', 'Line', 'Qty'],
        ['PO-1', 1, 4],
        ['PO-1', 2, 5],
      ],
      'Open lines',
    );
    add(
      [
        ['PO Number', 'Line', 'Qty'],
        ['PO-9', 1, 7],
      ],
      'Closed lines',
    );
    const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    const raw = ok(await readWorkbookPreview(new Blob([bytes])));
    const preview = buildPreview('openOrder', raw, noSaved);
    expect(preview?.sheetName).toBe('Open lines');
    expect(preview?.sheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['Pivot', 2],
      ['Summary', 2],
      ['Open lines', 3],
      ['Closed lines', 2],
    ]);
    const asked = buildPreview('openOrder', raw, noSaved, 'Closed lines');
    expect(asked?.sheetName).toBe('Closed lines');
    expect(asked?.rows.map((r) => r.cells[0])).toEqual(['PO-9']);
    // A name the workbook does not have: the sheet the server would take.
    expect(buildPreview('openOrder', raw, noSaved, 'Gone')?.sheetName).toBe('Open lines');
  });
});

describe('the column mapping', () => {
  it('is pre-filled from the header synonyms, and tells what a required field lacks', async () => {
    const preview = await previewOf('openOrder', fixture('erp-open-orders.csv'));
    const { mapping, sources } = initialMapping('openOrder', preview.columns, noSaved);
    expect(mapping).toEqual({
      ponumber: 'orderUniqueName',
      supplier: 'vendorName',
      line: 'lineNumber',
      partnumber: 'itemUniqueName',
      description: 'description',
      qty: 'quantity',
      unitprice: 'pricePerUnit',
      duedate: 'dueDate',
      promisedate: 'estimatedArrivalDate',
    });
    expect(sources.ponumber).toBe('recognised');
    expect(checkMapping('openOrder', preview.columns, mapping)).toEqual({ missing: [], duplicates: [] });

    const noQty = { ...mapping, qty: 'ignore' };
    expect(checkMapping('openOrder', preview.columns, noQty).missing).toEqual(['Quantity']);
    const twice = { ...mapping, unitprice: 'quantity' };
    expect(checkMapping('openOrder', preview.columns, twice).duplicates).toEqual([
      { field: 'Quantity', columns: ['Qty', 'Unit Price'] },
    ]);
  });

  it('takes a saved mapping first, which also finds a header the synonyms do not know', async () => {
    const saved: SavedMapping[] = [
      {
        sid: 'FMnew',
        fields: new Map([
          ['ponummer', 'orderUniqueName'],
          ['artikel', 'itemUniqueName'],
          ['menge', 'Quantity'],
          ['lieferant', 'vendorName'],
        ]),
      },
      {
        sid: 'FMold',
        fields: new Map([
          ['menge', 'ignore'],
          ['liefertermin', 'dueDate'],
        ]),
      },
    ];
    const columns = savedColumns(saved);
    // The first mapping wins where two disagree.
    expect(columns.get('menge')).toBe('Quantity');
    const preview = await previewOf('openOrder', fixture('semicolon-1252.csv'), columns);
    expect(preview.header.rowNumber).toBe(1);
    expect(preview.recognised).toBe(5);
    const { mapping, sources } = initialMapping('openOrder', preview.columns, columns);
    expect(mapping).toMatchObject({
      ponummer: 'orderUniqueName',
      lieferant: 'vendorName',
      artikel: 'itemUniqueName',
      menge: 'quantity',
      liefertermin: 'dueDate',
      // Columns no field holds are kept on the item as custom fields, not dropped.
      pos: 'customField',
      preis: 'customField',
    });
    expect(sources).toMatchObject({ ponummer: 'saved', pos: 'kept' });

    // Sent again as it is, the saved mapping would read the file the same way only if it names every column.
    expect(reusableMapping('openOrder', preview.columns, mapping, saved)).toBeNull();
    const complete: SavedMapping = {
      sid: 'FMall',
      fields: new Map(Object.entries({ ...mapping, extra: 'orderTitle' })),
    };
    expect(reusableMapping('openOrder', preview.columns, mapping, [complete])).toBe('FMall');
    expect(reusableMapping('openOrder', preview.columns, { ...mapping, pos: 'lineNumber' }, [complete])).toBeNull();
  });

  it('keeps unrecognised open-order columns as custom fields, up to a limit, but not near misses', () => {
    const names = [
      'PO',
      'Qty',
      'Quantitiy',
      'Currency',
      'Plant',
      ...Array.from({ length: 25 }, (_, i) => `Extra ${i}`),
    ];
    const columns = names.map((name, index) => ({ name, normalized: normalizeHeader(name), index }));
    const { mapping, sources } = initialMapping('openOrder', columns, new Map());
    expect(mapping).toMatchObject({
      po: 'orderUniqueName',
      qty: 'quantity',
      currency: 'customField',
      plant: 'customField',
    });
    // A near miss of a field's name is offered as that field, not kept as a custom field.
    expect(mapping.quantitiy).toBe('ignore');
    expect(keptColumns('openOrder', columns, mapping)).toHaveLength(MAX_KEPT_COLUMNS);
    expect(sources.extra17).toBe('kept');
    expect(mapping.extra18).toBe('ignore');
    // BOMs and inventory have no custom fields: their other columns are left out.
    expect(initialMapping('bom', columns, new Map()).mapping.currency).toBe('ignore');
    expect(keptColumns('bom', columns, initialMapping('bom', columns, new Map()).mapping)).toEqual([]);
  });

  it('names the mappings it saves after their kind', () => {
    expect(mappingName('bom', 'board.csv')).toBe('BOM import (board.csv)');
    expect(isMappingOfKind('bom', 'BOM import (board.csv)')).toBe(true);
    expect(isMappingOfKind('openOrder', 'BOM import (board.csv)')).toBe(false);
    expect(isMappingOfKind('openOrder', null)).toBe(false);
    expect(mappingName('openOrder', 'x'.repeat(300))).toHaveLength(255);
  });
});

describe('the CSV of rejected rows', () => {
  it('escapes cells that a spreadsheet would run as formulas, and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(['+1', '-2', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'+1", "'-2", "'@SUM(A1)", "'\tx", '"\'\rx"']);
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(null)).toBe('');
    expect(
      rejectedRowsCsv([
        { rowNumber: 12, column: 'Qty', value: '-5', message: 'Quantity must be at least 0.' },
        { rowNumber: 14, column: null, value: null, message: 'Duplicate row, "again"' },
      ]),
    ).toBe(
      'Row,Column,Value,Problem\r\n12,Qty,\'-5,Quantity must be at least 0.\r\n14,,,"Duplicate row, ""again"""\r\n',
    );
  });
});
