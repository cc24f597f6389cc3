// Real-world-shaped import files (tests/fixtures/imports) read, mapped and
// planned: KiCad and Altium BOMs, an ERP open-order export with a title block
// and a totals row, a semicolon file in Windows-1252 with a field mapping, a
// UTF-8 file with a byte order mark, a tab-separated file, and a workbook
// built here.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bomNameFromFile, planBom } from '../../server/domain/import/bom.ts';
import { locateHeader, mapColumns } from '../../server/domain/import/columns.ts';
import { planInventory } from '../../server/domain/import/inventory.ts';
import { openOrderPlanner, planOpenOrders } from '../../server/domain/import/open-orders.ts';
import { MAX_IMPORT_ROWS } from '../../server/domain/import/plan.ts';
import { decodeText, parseCsv, readSheets, readWorkbook } from '../../server/domain/import/table.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url)));
const csv = (name: string) => [parseCsv(decodeText(fixture(name)).text)];
const sheetOf = (text: string) => [parseCsv(text)];
const noVendors = { mapped: [], orderUniqueNameHash: [], vendors: [] };

describe('reading files', () => {
  it('drops a UTF-8 byte order mark and reads Windows-1252 text', () => {
    const bom = decodeText(fixture('inventory-utf8-bom.csv'));
    expect(bom.encoding).toBe('utf-8');
    expect(bom.text.startsWith('Part Number')).toBe(true);
    const latin = decodeText(fixture('semicolon-1252.csv'));
    expect(latin.encoding).toBe('windows-1252');
    expect(latin.text).toContain('Müller GmbH');
    expect(latin.text).toContain('9,99 €');
    expect(latin.text).toContain('GEHÄUSE');
  });

  it('detects comma, semicolon and tab delimiters, keeping quoted delimiters and line breaks in their cell', () => {
    const [erp] = csv('erp-open-orders.csv');
    const header = erp.rows.find((r) => r.cells[0] === 'PO Number');
    expect(header?.rowNumber).toBe(5);
    const multiLine = erp.rows.find((r) => r.cells[3] === 'RES-10K');
    expect(multiLine?.cells[4]).toBe('Resistor 10k\nreel of 5000');
    expect(multiLine?.rowNumber).toBe(8);
    // a row after the quoted line break keeps its spreadsheet row number
    expect(erp.rows.find((r) => r.cells[3] === 'BRK-7')?.rowNumber).toBe(9);
    expect(erp.decimalComma).toBe(false);

    const [semi] = csv('semicolon-1252.csv');
    expect(semi.rows[0].cells).toEqual(['PO-Nummer', 'Lieferant', 'Pos', 'Artikel', 'Menge', 'Preis', 'Liefertermin']);
    expect(semi.decimalComma).toBe(true);
    expect(semi.rows).toHaveLength(4);

    const [tab] = csv('tab-delimited.tsv');
    expect(tab.rows[1].cells).toEqual(['PO-3001', 'Tab Supply', 'WIDGET-A', '4', '2026-06-01', 'Red']);
  });

  it('reads a workbook built here: every sheet, numbers and date cells, and its row numbers', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Notes'], ['nothing here']]), 'Cover');
    const orders = XLSX.utils.aoa_to_sheet([
      ['Open orders export'],
      [],
      ['PO Number', 'Vendor', 'Item', 'Qty', 'Due Date'],
      ['PO-9', 'Sheet Supply', 'BOLT', 1500, new Date(Date.UTC(2026, 5, 30))],
      ['PO-9', 'Sheet Supply', 'NUT', 2.5, 46112],
    ]);
    const serial = orders.E5 as XLSX.CellObject;
    serial.z = 'yyyy-mm-dd';
    serial.t = 'n';
    XLSX.utils.book_append_sheet(wb, orders, 'Orders');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const sheets = await readWorkbook(bytes);
    expect(sheets.map((s) => s.name)).toEqual(['Cover', 'Orders']);
    const rows = sheets[1].rows;
    expect(rows[2]).toEqual({ rowNumber: 3, cells: ['PO Number', 'Vendor', 'Item', 'Qty', 'Due Date'] });
    expect(rows[3].cells).toEqual(['PO-9', 'Sheet Supply', 'BOLT', '1500', '2026-06-30']);
    expect(rows[4].cells[4]).toBe('2026-03-31'); // an Excel serial date formatted as a date
    const plan = planOpenOrders(sheets, noVendors);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.orders[0].items.map((i) => [i.uniqueName, i.quantity, i.groups[0].values.dueDate])).toEqual([
      ['BOLT', '1500', '2026-06-30'],
      ['NUT', '2.5', '2026-03-31'],
    ]);

    const xls = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const fromXls = await readSheets(xls, 'xls');
    expect(fromXls[1].rows[3].cells).toEqual(['PO-9', 'Sheet Supply', 'BOLT', '1500', '2026-06-30']);
    await expect(readWorkbook(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))).rejects.toThrow(/cut short/);
  });
});

describe('columns', () => {
  it('matches synonyms ignoring case and punctuation; a mapped field comes first; the first synonym wins a tie', () => {
    const header = ['po #', 'SUPPLIER', 'Qty Ordered', 'Open Qty', 'Part No.', 'Custom: Color', 'Ignored'];
    const plain = mapColumns('openOrder', header, []);
    expect(Object.fromEntries(plain.fields)).toEqual({
      orderUniqueName: 0,
      vendorName: 1,
      quantity: 3,
      itemUniqueName: 4,
    });
    expect(plain.customFields).toEqual([{ name: 'Color', index: 5 }]);
    const mapped = mapColumns('openOrder', header, [
      { name: 'Qty Ordered', mappedFieldType: 'quantity' },
      { name: 'Ignored', mappedFieldType: 'Order Title' },
      { name: 'SUPPLIER', mappedFieldType: 'ignore' },
    ]);
    expect(Object.fromEntries(mapped.fields)).toEqual({
      orderUniqueName: 0,
      quantity: 2,
      itemUniqueName: 4,
      orderTitle: 6,
    });
  });

  it('finds a header row below a title block, skipping blank and totals rows', () => {
    const located = locateHeader('openOrder', csv('erp-open-orders.csv'), []);
    expect(located?.headerRow.rowNumber).toBe(5);
    expect(located?.dataRows.map((r) => r.rowNumber)).toEqual([6, 7, 8, 9, 11, 12, 13, 14]);
  });
});

describe('open orders', () => {
  it('plans the ERP export: orders, items with summed quantities, item groups by place, rejected rows logged', () => {
    const plan = planOpenOrders(csv('erp-open-orders.csv'), noVendors);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.totalRows).toBe(8);
    expect(plan.issues).toEqual([
      {
        rowNumber: 11,
        column: 'Qty',
        value: 'abc',
        message:
          'Quantity "abc" is not a number; write a number such as 10, 1,000 or 2.5 (a unit after it, as in "10 pcs", is fine).',
      },
      {
        rowNumber: 12,
        column: 'Due Date',
        value: '2026-02-30',
        message:
          'Due Date "2026-02-30" is not a date; write YYYY-MM-DD, D/M/YYYY or M/D/YYYY (or with dots or hyphens), D-Mon-YYYY or YYYYMMDD (e.g. 2026-03-31, 31/03/2026, 31-Mar-2026).',
      },
      { rowNumber: 14, column: 'Part Number', value: '', message: 'Item Unique Name is blank.' },
    ]);
    expect(plan.orders.map((o) => [o.uniqueName, o.vendor?.name, o.rowCount])).toEqual([
      ['PO-1001', 'Northwind Components', 3],
      ['PO-1002', 'Contoso Metals', 1],
      ['PO-1003', 'Fabrikam Plastics', 1],
    ]);
    const [cap, res] = plan.orders[0].items;
    expect(cap).toMatchObject({
      uniqueName: 'CAP-100N',
      quantity: '2000',
      values: { lineNumber: '1', description: 'Capacitor 100nF, 0402', pricePerUnit: '0.012' },
    });
    expect(cap.groups.map((g) => [g.rowNumber, g.uniqueName, g.quantity, g.values])).toEqual([
      [6, '1', '1000', { dueDate: '2026-03-15', estimatedArrivalDate: '2026-03-14' }],
      [7, '2', '1000', { dueDate: '2026-04-15', estimatedArrivalDate: null }],
    ]);
    expect(res).toMatchObject({
      uniqueName: 'RES-10K',
      quantity: '10',
      values: { description: 'Resistor 10k\nreel of 5000' },
    });
    expect(res.groups[0].values.dueDate).toBe('2026-03-31');
    expect(plan.orders[1].items[0].groups[0].values.dueDate).toBe('2026-03-31');
    expect(plan.orders[2].items[0].groups[0].values.dueDate).toBe('2026-04-15');
    expect(plan.columns).toEqual({
      title: false,
      vendor: true,
      item: ['description', 'lineNumber', 'pricePerUnit'],
      group: ['dueDate', 'estimatedArrivalDate'],
      customFields: [],
    });
  });

  it('reads the Windows-1252 semicolon file through a field mapping, with decimal commas and D.M.YYYY dates', () => {
    const mapped = [
      { name: 'PO-Nummer', mappedFieldType: 'orderUniqueName' },
      { name: 'Lieferant', mappedFieldType: 'vendorName' },
      { name: 'Pos', mappedFieldType: 'lineNumber' },
      { name: 'Artikel', mappedFieldType: 'itemUniqueName' },
      { name: 'Menge', mappedFieldType: 'quantity' },
      { name: 'Preis', mappedFieldType: 'pricePerUnit' },
      { name: 'Liefertermin', mappedFieldType: 'dueDate' },
    ];
    const plan = planOpenOrders(csv('semicolon-1252.csv'), { ...noVendors, mapped });
    expect(plan.ok && plan.issues).toEqual([]);
    if (!plan.ok) return;
    expect(
      plan.orders.flatMap((o) =>
        o.items.map((i) => [
          o.uniqueName,
          o.vendor?.name,
          i.uniqueName,
          i.quantity,
          i.values.pricePerUnit,
          i.groups[0].values.dueDate,
        ]),
      ),
    ).toEqual([
      ['PO-2001', 'Müller GmbH', 'SCHR-M3', '1000', '0.05', '2026-04-15'],
      ['PO-2001', 'Müller GmbH', 'MUTTER-M3', '2.5', '1.2', '2026-05-01'],
      ['PO-2002', 'Bäcker & Söhne', 'GEHÄUSE', '12', '9.99', '2026-06-30'],
    ]);
    // without the mapping nothing is recognised
    const unmapped = planOpenOrders(csv('semicolon-1252.csv'), noVendors);
    expect(unmapped.ok).toBe(false);
    if (!unmapped.ok) expect(unmapped.message).toMatch(/^No header row found/);
  });

  it('reads custom fields from a tab-separated file', () => {
    const plan = planOpenOrders(csv('tab-delimited.tsv'), noVendors);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.orders[0].items.map((i) => [i.uniqueName, i.customFields])).toEqual([
      ['WIDGET-A', { Color: 'Red' }],
      ['WIDGET-B', { Color: 'Blue' }],
    ]);
    expect(plan.columns.customFields).toEqual(['Color']);
  });

  it('uses the line column as the item when there is no item column, and checks vendors by sid', () => {
    const vendors = [{ sid: 'VEaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'Acme' }];
    const plan = planOpenOrders(
      sheetOf(
        'PO Number,Vendor Sid,Vendor Name,Line,Qty\nPO-1,VEaaaaaaaaaaaaaaaaaaaaaaaaaaaa,,10,5\nPO-2,VEbbbbbbbbbbbbbbbbbbbbbbbbbbbb,,1,1\nPO-3,VEaaaaaaaaaaaaaaaaaaaaaaaaaaaa,Other,1,1\n',
      ),
      { ...noVendors, vendors },
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.orders.map((o) => [o.uniqueName, o.vendor, o.items[0].uniqueName])).toEqual([
      ['PO-1', { sid: 'VEaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'Acme' }, '10'],
    ]);
    expect(plan.issues.map((i) => [i.rowNumber, i.column, i.message])).toEqual([
      [3, 'Vendor Sid', 'Vendor Sid "VEbbbbbbbbbbbbbbbbbbbbbbbbbbbb" is no vendor of your organization.'],
      [4, 'Vendor Name', 'Vendor Name "Other" is not the name of vendor VEaaaaaaaaaaaaaaaaaaaaaaaaaaaa ("Acme").'],
    ]);
  });

  it('rejects a row that contradicts an earlier row of its order or item', () => {
    const plan = planOpenOrders(
      sheetOf(
        'PO,Vendor,Item,Description,Qty\nPO-1,Acme,A,Bolt,1\nPO-1,Beta,B,Nut,1\nPO-1,,A,Screw,1\nPO-1,Acme,A,,2\n',
      ),
      noVendors,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.issues.map((i) => [i.rowNumber, i.column, i.message])).toEqual([
      [3, 'Vendor', 'The vendor is "Beta" here but "Acme" on row 2 for the same order PO-1.'],
      [4, 'Description', 'Description is "Screw" here but "Bolt" on row 2 for the same item A of order PO-1.'],
    ]);
    expect(plan.orders[0].items[0]).toMatchObject({ quantity: '3', values: { description: 'Bolt' } });
    expect(plan.orders[0].items[0].groups.map((g) => g.uniqueName)).toEqual(['1', '2']);
  });

  it('a rejected row leaves its values out, and later rows are checked against the row that kept one', () => {
    const long = 'G'.repeat(256);
    const plan = planOpenOrders(
      sheetOf(
        [
          'PO,PO Title,Item,Description,Item Group,Qty',
          'PO-1,,A,,1,1', // row 2: no title, no description yet
          `PO-1,First,A,Bolt,${long},1`, // row 3: rejected (group name), after giving a title and a description
          'PO-1,Second,A,Nut,2,1', // row 4: gives them
          'PO-1,Third,A,Nut,3,1', // row 5: disagrees with row 4, not row 3
          'PO-1,Second,A,Washer,4,1', // row 6: likewise
        ].join('\n'),
      ),
      noVendors,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.issues.map((i) => [i.rowNumber, i.column, i.message])).toEqual([
      [3, 'Item Group', 'Item Group Unique Name is longer than 255 characters.'],
      [5, 'PO Title', 'Order Title is "Third" here but "Second" on row 4 for the same order PO-1.'],
      [6, 'Description', 'Description is "Washer" here but "Nut" on row 4 for the same item A of order PO-1.'],
    ]);
    expect(plan.orders[0]).toMatchObject({ title: 'Second', rowCount: 2 });
    expect(plan.orders[0].items[0]).toMatchObject({ quantity: '2', values: { description: 'Nut' } });
  });

  it('plans the same a few rows at a time as in one go (as the upload job does, between turns of its event loop)', () => {
    const files = [
      csv('erp-open-orders.csv'),
      sheetOf(
        'PO,PO Title,Vendor,Item,Description,Item Group,Qty\n' +
          'PO-1,,Acme,A,,1,1\nPO-2,Two,Beta,A,Bolt,1,2\nPO-1,First,Gamma,A,Bolt,2,1\nPO-1,First,Acme,A,Nut,3,x\n' +
          'PO-2,Two,Beta,A,Bolt,2,3\nPO-1,Second,Acme,B,,1,4\nPO-1,First,Acme,A,Nut,4,5\n',
      ),
      // Two rows name one item group: the file is refused, in batches too.
      sheetOf('PO,Item,Item Group,Qty\nPO-1,A,1,1\nPO-1,A,2,1\nPO-1,A,1,1\n'),
    ];
    for (const sheets of files) {
      const whole = planOpenOrders(sheets, noVendors);
      for (const batch of [1, 2, 3]) {
        const planner = openOrderPlanner(sheets, noVendors);
        if ('ok' in planner) throw new Error(planner.message);
        for (let from = 0; from < planner.rowCount; from += batch) {
          planner.addRows(from, Math.min(planner.rowCount, from + batch));
        }
        expect(planner.finish()).toEqual(whole);
      }
    }
    const refused = planOpenOrders(files[2], noVendors);
    expect(refused.ok).toBe(false);
    const mixed = planOpenOrders(files[1], noVendors);
    if (!mixed.ok) throw new Error(mixed.message);
    expect(mixed.issues.map((i) => i.rowNumber)).toEqual([4, 5, 8]);
  });

  it('makes order unique names from orderUniqueNameHash columns', () => {
    const plan = planOpenOrders(sheetOf('Plant,PO,Item,Qty\nP1,100,A,1\nP2,100,A,1\n'), {
      ...noVendors,
      orderUniqueNameHash: ['plant', 'PO'],
    });
    expect(plan.ok && plan.orders.map((o) => o.uniqueName)).toEqual(['P1 | 100', 'P2 | 100']);
  });

  it('fails the whole file when a unique-name hash names a column the header row lacks (open orders and inventory)', () => {
    const orders = planOpenOrders(sheetOf('Plant,PO,Item,Qty\nP1,100,A,1\n'), {
      ...noVendors,
      orderUniqueNameHash: ['plant', 'Site'],
    });
    const inventory = planInventory(sheetOf('Part,Count\nA,1\n'), {
      mapped: [],
      uniqueNameHash: ['Part', 'Bin'],
      defaultDate: '2026-01-01',
    });
    expect(orders).toEqual({
      ok: false,
      message: 'orderUniqueNameHash names the column "Site", which the header row (row 1) does not have.',
      issues: [
        {
          rowNumber: 1,
          column: 'Site',
          value: null,
          message: 'orderUniqueNameHash names the column "Site", which the header row (row 1) does not have.',
        },
      ],
      totalRows: 1,
    });
    expect(!inventory.ok && inventory.message).toBe(
      'inventoryUniqueNameHash names the column "Bin", which the header row (row 1) does not have.',
    );
  });

  it('fails the whole file for a missing required column, two rows naming one item group, no data, or no good row', () => {
    const missing = planOpenOrders(sheetOf('PO Number,Item,Due Date\nPO-1,A,2026-01-01\n'), noVendors);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.message).toMatch(
        /^The file has no Quantity \(a column named "Quantity", "Qty", .*or mapped to quantity\)\./,
      );
      expect(missing.message).toContain('The header row (row 1) has "PO Number", "Item", "Due Date".');
      expect(missing.issues).toHaveLength(1);
      expect(missing.issues[0].rowNumber).toBe(1);
    }
    const dup = planOpenOrders(
      sheetOf('PO,Item,Item Group Unique Name,Qty\nPO-1,A,G1,1\nPO-1,A,G2,1\nPO-1,A,G1,2\nPO-1,B,G1,2\n'),
      noVendors,
    );
    expect(dup.ok).toBe(false);
    if (!dup.ok) {
      expect(dup.message).toBe(
        'Rows 2 and 4 name the same item group "G1" of item A on order PO-1. Give each row its own Item Group Unique Name, or leave the column out to number them.',
      );
      expect(dup.issues.map((i) => [i.rowNumber, i.value])).toEqual([[4, 'G1']]);
    }
    const empty = planOpenOrders(sheetOf('PO Number,Item,Qty\n\n\n'), noVendors);
    expect(!empty.ok && empty.message).toBe('The file has a header row (row 1) but no data rows under it.');
    const allBad = planOpenOrders(sheetOf('PO Number,Item,Qty\nPO-1,A,x\n,B,1\n'), noVendors);
    expect(!allBad.ok && [allBad.message, allBad.issues.length]).toEqual([
      "None of the 2 data rows could be imported; the upload log gives each row's problem.",
      2,
    ]);
    const noHeader = planOpenOrders(sheetOf('a,b,c\n1,2,3\n'), noVendors);
    expect(!noHeader.ok && noHeader.message).toMatch(/^No header row found: none of the first 50 rows/);
  });

  it('fails a file over the row limit', () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `PO-${i},A,1`).join('\n');
    const plan = planOpenOrders(sheetOf(`PO Number,Item,Qty\n${rows}\n`), noVendors);
    expect(!plan.ok && plan.message).toBe(
      'The file has 200,001 data rows; an upload may have at most 200,000. Split it into smaller files.',
    );
  });
});

describe('BOMs', () => {
  it('plans the KiCad BOM: designator lists and ranges, DNP, quantity from designators', () => {
    const plan = planBom(csv('kicad-bom.csv'), { mapped: [], defaultBomName: bomNameFromFile('kicad-bom.csv') });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.issues).toEqual([]);
    expect(plan.boms.map((b) => b.uniqueName)).toEqual(['kicad-bom']);
    expect(
      plan.boms[0].lines.map((l) => [
        l.uniqueName,
        l.quantity,
        l.referenceDesignators.join(' '),
        l.doNotPlace,
        l.manufacturerName,
      ]),
    ).toEqual([
      ['GRM155R71C104KA88D', '3', 'C1 C2 C5', false, 'Murata'],
      ['CL21A106KAYNNNE', '2', 'C3 C4', false, 'Samsung'],
      ['RC0402FR-0710KL', '2', 'R1 R2', false, 'Yageo'],
      ['RC0402JR-070RL', '1', 'R3', true, 'Yageo'],
      ['STM32F103C8T6', '1', 'U1', false, 'STMicroelectronics'],
      // No MPN: the value in its footprint (its KiCad library left out) names the part.
      ['Conn_01x04 PinHeader_1x04_P2.54mm_Vertical', '1', 'J1', false, null],
    ]);
  });

  it('plans the Altium BOM under its title block: same part and designators summed, a bad quantity logged, totals skipped', () => {
    const plan = planBom(csv('altium-bom.csv'), { mapped: [], defaultBomName: 'Controller' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.totalRows).toBe(5);
    expect(plan.issues.map((i) => [i.rowNumber, i.column, i.value])).toEqual([[9, 'Quantity', 'one']]);
    expect(plan.boms[0].lines.map((l) => [l.uniqueName, l.quantity, l.rowNumbers, l.description])).toEqual([
      ['GRM155R71C104KA88D', '6', [5, 8], 'Capacitor, ceramic, X7R'],
      ['RC0402FR-0710KL', '2', [6], 'Resistor, 1%'],
      ['STM32F103C8T6', '1', [7], 'MCU, 64 KB flash\nLQFP-48'],
    ]);
  });

  it('takes BOM names from a column, rejects a designator on two lines and a row with no part, names a described line', () => {
    const plan = planBom(
      sheetOf(
        'Assembly,MPN,Ref Des,Qty,Description\nA1,X,C1 C2,2,\nA1,Y,C2,1,\nA2,X,C1 C2,2,\nA2,,R1,1,Bracket\nA2,,R2,1,\n',
      ),
      { mapped: [], defaultBomName: 'unused' },
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.boms.map((b) => [b.uniqueName, b.lines.map((l) => l.uniqueName)])).toEqual([
      ['A1', ['X']],
      ['A2', ['X', 'line-4']],
    ]);
    expect(plan.issues.map((i) => [i.rowNumber, i.message])).toEqual([
      [3, 'C2 is already on line X (row 2) of BOM A1; a designator belongs to one line.'],
      [6, 'The row names no part: its MPN, part number, value and description are blank.'],
    ]);
    // Quantities alone are no BOM: the file needs a column that says which part each line is.
    const quantitiesOnly = planBom(sheetOf('Ref Des,Qty\nR1,1\n'), { mapped: [], defaultBomName: 'b' });
    expect(!quantitiesOnly.ok && quantitiesOnly.message).toMatch(/^The file has no MPN .* a value and footprint/);
    const none = planBom(sheetOf('MPN,Description\nX,thing\n'), { mapped: [], defaultBomName: 'b' });
    expect(!none.ok && none.message).toMatch(
      /^The file has no Quantity .* A Reference Designators column would do instead\./,
    );
  });

  it('names the BOM after its file', () => {
    expect(bomNameFromFile('C:\\boards\\Main Board v2.xlsx')).toBe('Main Board v2');
    expect(bomNameFromFile('.csv')).toBe('BOM');
  });
});

describe('inventory', () => {
  it('plans the UTF-8 file with a byte order mark: counts with thousands separators, a default date, bad counts logged', () => {
    const plan = planInventory(csv('inventory-utf8-bom.csv'), {
      mapped: [],
      uniqueNameHash: [],
      defaultDate: '2026-03-10',
    });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.counts).toEqual([
      { rowNumber: 2, uniqueName: 'GRM155R71C104KA88D', title: 'Cap 100nF', count: 12000, recordingDate: '2026-03-01' },
      { rowNumber: 3, uniqueName: 'RC0402FR-0710KL', title: 'Res 10k', count: 5000, recordingDate: '2026-03-10' },
    ]);
    expect(plan.issues.map((i) => [i.rowNumber, i.column, i.message])).toEqual([
      [4, 'On Hand', 'Count "-3" is negative; it must be 0 or more.'],
      [5, 'On Hand', 'Count "12.5" is not a whole number.'],
    ]);
  });

  it('fails a file counting one part twice on one date', () => {
    const plan = planInventory(sheetOf('Part,Count\nA,1\nB,2\nA,3\n'), {
      mapped: [],
      uniqueNameHash: [],
      defaultDate: '2026-01-01',
    });
    expect(!plan.ok && plan.message).toBe(
      'Rows 2 and 4 count the same part "A" on 2026-01-01. Give each part one row per date.',
    );
  });

  it('logs a count dated after the day of the upload (a day ahead is a time zone ahead), and plans the others', () => {
    const plan = planInventory(
      sheetOf('Part,Count,Date\nA,1,2026-01-02\nB,2,2026-01-03\nC,3,9999-12-31\nD,4,2025-12-31\n'),
      { mapped: [], uniqueNameHash: [], defaultDate: '2026-01-01' },
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.counts.map((c) => [c.uniqueName, c.recordingDate])).toEqual([
      ['A', '2026-01-02'],
      ['D', '2025-12-31'],
    ]);
    expect(plan.issues.map((i) => [i.rowNumber, i.column, i.message])).toEqual([
      [
        3,
        'Date',
        'Date 2026-01-03 is after the day of the upload (2026-01-01): a count records the stock on hand when it was counted.',
      ],
      [
        4,
        'Date',
        'Date 9999-12-31 is after the day of the upload (2026-01-01): a count records the stock on hand when it was counted.',
      ],
    ]);
  });
});
