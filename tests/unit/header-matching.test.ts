// Header matching (issue 14): how a column's name is read as a field, by
// kind. A table of spellings as ERP, CAD and stock exports write them, each
// with the field it is taken as, the field only suggested (a near miss is
// offered in the browser, never taken), or nothing. Then the tokenizer, the
// distance behind suggestions, and the server's ranking when two columns
// claim one field.
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../server/domain/import/columns.ts';
import {
  CUSTOM_FIELD,
  editDistance,
  headerTokens,
  type HeaderMatch,
  type ImportKind,
  matchHeader,
  recognise,
} from '../../src/lib/import-preview/fields.ts';

/** A field key: taken. `{ suggest: key }`: offered, not taken. null: neither. */
type Expected = string | { suggest: string } | null;

/** What matchHeader answered, in the table's terms (exact or by words alike: both are taken). */
function outcome(match: HeaderMatch): Expected {
  if (match === null) return null;
  return 'key' in match ? match.key : { suggest: match.suggestion };
}

const OPEN_ORDERS: [string, Expected][] = [
  // The vendor's promise: promised, confirmed, committed dates, without "ship".
  ['promised / confirmed delivery date', 'estimatedArrivalDate'],
  ['Conf. Del. Date', 'estimatedArrivalDate'],
  ['Vendor Promise Date', 'estimatedArrivalDate'],
  ['Promised Date', 'estimatedArrivalDate'],
  ['Confirmed Date', 'estimatedArrivalDate'],
  ['Supplier Commit Date', 'estimatedArrivalDate'],
  ['ETA', 'estimatedArrivalDate'],
  ['Vendor ETA', 'estimatedArrivalDate'],
  ['Est. Del. Date', 'estimatedArrivalDate'],
  ['Expected Arrival Date', 'estimatedArrivalDate'],
  ['Arrival Date', 'estimatedArrivalDate'],
  // Ship dates, promised or not.
  ['Promised Ship Date', 'shipDate'],
  ['Conf Ship Date', 'shipDate'],
  ['Vendor Confirmed Ship Date', 'shipDate'],
  ['ETD', 'shipDate'],
  ['Ship Date', 'shipDate'],
  ['Shipping_Date', 'shipDate'],
  // What the buyer asked for.
  ['requested / need-by / due date', 'dueDate'],
  ['Req. Del. Date', 'dueDate'],
  ['Need By', 'dueDate'],
  ['Need-by Date', 'dueDate'],
  ['Due', 'dueDate'],
  ['DueDate', 'dueDate'],
  ['Requested Arrival Date', 'dueDate'],
  ['Delivery Date', 'dueDate'],
  // Orders, lines, items.
  ['PO_Number', 'orderUniqueName'],
  ['po-no', 'orderUniqueName'],
  ['Order No.', 'orderUniqueName'],
  ['PO Nr.', 'orderUniqueName'],
  ['Order ID', 'orderUniqueName'],
  ['PurchaseOrder', 'orderUniqueName'],
  ['Order', 'orderUniqueName'],
  ['PO Line', 'lineNumber'],
  ['Line Nr', 'lineNumber'],
  ['Order Line Number', 'lineNumber'],
  ['Line Item', 'lineNumber'],
  ['PO Name', 'orderTitle'],
  ['Order Title', 'orderTitle'],
  ['Item', 'itemUniqueName'],
  ['Part', 'itemUniqueName'],
  ['Material No', 'itemUniqueName'],
  ['Item_Code', 'itemUniqueName'],
  ['Item Description', 'description'],
  ['Item Desc', 'description'],
  ['Material Description', 'description'],
  ['Mfr. P/N', 'manufacturerPartNumber'],
  ['MfrPN', 'manufacturerPartNumber'],
  ['Item Rev', 'revision'],
  ['Release No', 'itemGroupUniqueName'],
  ['Sched. Line', 'itemGroupUniqueName'],
  ['Tracking Nr', 'trackingNumber'],
  ['Supplier', 'vendorName'],
  ['Vendor_Name', 'vendorName'],
  // A vendor's code in the ERP is its own field, never the name nor Factor's sid.
  ['Vendor Code', 'vendorCode'],
  ['Vendor ID', 'vendorCode'],
  ['Supplier Nr.', 'vendorCode'],
  ['VendorNo', 'vendorCode'],
  ['Vend #', 'vendorCode'],
  ['Supplier_Code', 'vendorCode'],
  // Quantities and prices.
  ['Qty Open', 'quantity'],
  ['Open_Qty', 'quantity'],
  ['ORDER QTY', 'quantity'],
  ['PoLineQty', 'quantity'],
  ['Balance Quantities', 'quantity'],
  ['Unit Price', 'pricePerUnit'],
  ['Price/Unit', 'pricePerUnit'],
  ['Net Price', 'pricePerUnit'],
  ['Custom: Color', CUSTOM_FIELD],
  // Near misses: offered, not taken.
  ['Quantitiy', { suggest: 'quantity' }],
  ['Qunatity Open', { suggest: 'quantity' }],
  ['Descrption', { suggest: 'description' }],
  ['Vendor Nmae', { suggest: 'vendorName' }],
  ['Promsied Ship Date', { suggest: 'shipDate' }],
  ['Duee Date', { suggest: 'dueDate' }],
  ['PO-Nummer', { suggest: 'orderUniqueName' }],
  // Other columns, and names that only look like ours.
  ['Notes', null],
  ['Buyer', null],
  ['Plant', null],
  ['Warehouse', null],
  ['Status', null],
  ['Cust PO', null],
  ['Amount', null],
  ['Extended Price', null],
  ['Line Total', null],
  ['Currency', null],
  ['UOM', null],
  ['Qty Received', null],
  ['Confirmed Qty', null],
  ['Order Date', null],
  ['Release Date', null],
  ['Requested Ship Date', null],
  ['Ship To', null],
  ['Ship Via', null],
  // Too short to guess from: "Pos" is one letter from "PO".
  ['Pos', null],
  ['Preis', null],
  ['Column 12', null],
  ['PO-1001', null],
  ['Open Purchase Order Report', null],
];

const BOMS: [string, Expected][] = [
  ['Ref Des', 'referenceDesignators'],
  ['Reference Designator(s)', 'referenceDesignators'],
  ['Designators', 'referenceDesignators'],
  ['Qty per Assy', 'quantity'],
  ['Quantity Required', 'quantity'],
  ['MPN 1', 'mpn'],
  ['Mfr. Part #', 'mpn'],
  ['MPN 2', 'alternativeMpns'],
  ['Alternate Part Number', 'alternativeMpns'],
  ['Mfr 1', 'manufacturerName'],
  ['Part Number', 'customId'],
  ['Item #', 'lineNumber'],
  ['No.', 'lineNumber'],
  ['Item Description', 'description'],
  ['Assy No', 'bomUniqueName'],
  ['Quantitiy', { suggest: 'quantity' }],
  ['Manufacturer 2', null],
  ['Value', 'value'],
  ['Footprint', 'footprint'],
  ['Package', 'footprint'],
  ['Component', 'customId'],
  ['Designation', 'customId'],
];

const INVENTORY: [string, Expected][] = [
  ['QOH', 'count'],
  ['On-Hand Qty', 'count'],
  ['Available Qty', 'count'],
  ['Stock Qty', 'count'],
  ['Item Name', 'title'],
  ['Part Desc', 'title'],
  ['Inventory Item', 'uniqueName'],
  ['Last Count Date', 'recordingDate'],
  ['Quantitiy', { suggest: 'count' }],
  ['Descrption', { suggest: 'title' }],
  ['Location', null],
  ['Bin', null],
];

const TABLES: [ImportKind, [string, Expected][]][] = [
  ['openOrder', OPEN_ORDERS],
  ['bom', BOMS],
  ['inventory', INVENTORY],
];

describe('matching header spellings', () => {
  it('has at least 40 spellings for open orders', () => {
    expect(OPEN_ORDERS.length).toBeGreaterThanOrEqual(40);
  });

  for (const [kind, table] of TABLES) {
    it(`reads each ${kind} spelling as its field, its suggestion, or nothing`, () => {
      const got = table.map(([header]) => [header, outcome(matchHeader(kind, header))]);
      expect(got).toEqual(table);
    });

    it(`takes only matches (${kind}): a suggestion is not recognised`, () => {
      for (const [header, expected] of table) {
        expect([header, recognise(kind, header)]).toEqual([header, typeof expected === 'string' ? expected : null]);
      }
    });
  }

  it('tells an exact name from a match by words', () => {
    expect(matchHeader('openOrder', 'PO #')).toEqual({ key: 'orderUniqueName', how: 'exact' });
    expect(matchHeader('openOrder', 'Req. Del. Date')).toEqual({ key: 'dueDate', how: 'token' });
    expect(matchHeader('openOrder', '  ')).toBeNull();
    // Without suggestions (the server's reading), a near miss is nothing.
    expect(matchHeader('openOrder', 'Quantitiy', { suggest: false })).toBeNull();
  });
});

describe('the tokenizer', () => {
  it('splits on case changes and punctuation and writes abbreviations out', () => {
    expect(headerTokens('PoLineQty')).toEqual(['purchase', 'order', 'line', 'quantity']);
    expect(headerTokens('POLineQty')).toEqual(['purchase', 'order', 'line', 'quantity']);
    expect(headerTokens('Mfr. P/N')).toEqual(['manufacturer', 'part', 'number']);
    expect(headerTokens('order_no#')).toEqual(['order', 'number', 'number']);
    expect(headerTokens('Conf.Del-Date (UOM)')).toEqual(['confirmed', 'delivery', 'date', 'unit', 'of', 'measure']);
    expect(headerTokens('MPNs')).toEqual(['manufacturer', 'part', 'number']);
    expect(headerTokens('MPN2')).toEqual(['manufacturer', 'part', 'number', '2']);
    expect(headerTokens('Quantities')).toEqual(['quantity']);
    expect(headerTokens('ETA / ETD')).toEqual(['estimated', 'arrival', 'estimated', 'ship']);
    // Words it does not know are kept as they are, plurals included.
    expect(headerTokens('Notes')).toEqual(['notes']);
  });
});

describe('the edit distance behind suggestions', () => {
  it('counts an adjacent transposition as one edit and stops past the limit', () => {
    expect(editDistance('quantity', 'quantitiy', 2)).toBe(1);
    expect(editDistance('qty', 'qyt', 1)).toBe(1);
    expect(editDistance('description', 'descrption', 2)).toBe(1);
    expect(editDistance('price', 'preis', 2)).toBe(3);
    expect(editDistance('a'.repeat(40), 'quantity', 2)).toBe(3);
  });
});

describe('columns claimed by two names (server)', () => {
  it('ranks an exact name over a match by words, and the earlier column among matches by words', () => {
    const exactLater = mapColumns('openOrder', ['PO', 'Qty Balance', 'Item', 'Open Qty'], []);
    expect(exactLater.fields.get('quantity')).toBe(3);
    expect(exactLater.recognised).toBe(4);
    const byWords = mapColumns('openOrder', ['PO', 'Item', 'PoLineQty', 'Qty Outstanding'], []);
    expect(byWords.fields.get('quantity')).toBe(2);
    // A mapped column still comes first, and a near miss is never taken.
    const mapped = mapColumns(
      'openOrder',
      ['PO', 'Item', 'Open Qty', 'Menge', 'Quantitiy'],
      [{ name: 'Menge', mappedFieldType: 'quantity' }],
    );
    expect(mapped.fields.get('quantity')).toBe(3);
    expect(mapped.recognised).toBe(4);
  });

  it('reads a real ERP header row by its words', () => {
    const header = ['PO', 'Vendor', 'MPN', 'Description', 'Open Qty', 'Req. Del. Date', 'Conf. Ship Date'];
    expect(Object.fromEntries(mapColumns('openOrder', header, []).fields)).toEqual({
      orderUniqueName: 0,
      vendorName: 1,
      manufacturerPartNumber: 2,
      description: 3,
      quantity: 4,
      dueDate: 5,
      shipDate: 6,
    });
  });
});
