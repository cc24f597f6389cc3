// Export columns: readable headers, a field mapping's column names in their
// place, and each entity's row as typed cells.
import { describe, expect, it } from 'vitest';
import type { ItemGroup, Order } from '../../src/api/generated/model/index.ts';
import {
  type BomLineExportRow,
  exportCells,
  exportHeader,
  type ItemExportRow,
} from '../../server/domain/export/columns.ts';

const group: ItemGroup = {
  sid: 'IGone',
  created: '2026-03-01T09:00:00.000Z',
  updated: '2026-03-01T09:00:00.000Z',
  itemSid: 'ITone',
  quantity: '12.5',
  dueDate: '2026-04-01',
  shipDate: '2026-03-20',
  deliveryDate: null,
  shipped: false,
  delivered: false,
  trackingNumber: null,
  version: 3,
  lastUpdateDate: '2026-03-02T08:30:00.000Z',
  estimatedArrivalDate: '2026-04-05',
  uniqueName: '1',
  orderSid: 'ORone',
  organizationSid: 'OGone',
  status: 'active',
  confirmed: true,
  cannotSupply: false,
  cannotSupplyReason: null,
  vendorChangedAt: null,
  context: {
    orderUniqueName: 'PO-1',
    vendorSid: 'VEone',
    vendorName: 'Acme',
    itemUniqueName: 'BRKT-1',
    manufacturerPartNumber: 'MPN-1',
    description: 'Bracket, steel',
    openFlagCount: 2,
    nextUpdateRequestAt: null,
    risk: 'promiseAfterDue',
  },
};

describe('export columns', () => {
  it('gives item groups readable headers and typed cells', () => {
    const header = exportHeader('itemGroups');
    expect(header.slice(0, 10)).toEqual([
      'Order',
      'Vendor',
      'Part',
      'MPN',
      'Description',
      'Shipment',
      'Quantity',
      'Due date',
      'Ship date',
      'Est. arrival',
    ]);
    const cells = exportCells('itemGroups', group);
    expect(cells).toHaveLength(header.length);
    const byHeader = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    expect(byHeader).toMatchObject({
      Order: 'PO-1',
      Vendor: 'Acme',
      Quantity: { decimal: '12.5' },
      'Due date': { date: '2026-04-01' },
      'Delivery date': null,
      Confirmed: true,
      Risk: 'Promised after due date',
      'Open flags': 2,
      'Last update': '2026-03-02T08:30:00.000Z',
      'Item group sid': 'IGone',
    });
  });

  it('uses a field mapping’s column names for the fields it maps (by key or label), the first one winning', () => {
    const header = exportHeader('itemGroups', [
      { name: 'PO Number', mappedFieldType: 'orderUniqueName' },
      { name: 'Supplier', mappedFieldType: 'Vendor Name' },
      { name: 'Second PO', mappedFieldType: 'orderUniqueName' },
      { name: 'Need Date', mappedFieldType: 'due_date' },
      { name: 'Notes', mappedFieldType: 'customField' },
      { name: '  ', mappedFieldType: 'quantity' },
    ]);
    expect(header.slice(0, 3)).toEqual(['PO Number', 'Supplier', 'Part']);
    expect(header).toContain('Need Date');
    expect(header).toContain('Quantity');
    expect(header).not.toContain('Notes');
    expect(header).not.toContain('Second PO');
  });

  it('writes orders with their summary, items with their order, BOM lines with their BOM', () => {
    const order: Order = {
      sid: 'ORone',
      created: '2026-03-01T09:00:00.000Z',
      updated: '2026-03-01T09:00:00.000Z',
      vendorSid: 'VEone',
      vendorName: 'Acme',
      organizationSid: 'OGone',
      uniqueName: 'PO-1',
      title: null,
      summary: { itemCount: 3, itemGroupCount: 3, openFlagCount: 0, nextDueDate: '2026-04-01', confirmedShare: 2 / 3 },
    };
    const orderRow = Object.fromEntries(exportHeader('orders').map((h, i) => [h, exportCells('orders', order)[i]]));
    expect(orderRow).toMatchObject({
      Order: 'PO-1',
      Items: 3,
      'Next due': { date: '2026-04-01' },
      'Confirmed %': 66.7,
    });

    const item: ItemExportRow = {
      sid: 'ITone',
      created: '2026-03-01T09:00:00.000Z',
      updated: '2026-03-01T09:00:00.000Z',
      orderSid: 'ORone',
      uniqueName: 'BRKT-1',
      title: null,
      status: 'active',
      quantity: '10',
      pricePerUnit: '1.25',
      nonRecurringCost: null,
      leadTime: 14,
      shipTime: null,
      organizationSid: 'OGone',
      lineNumber: 1,
      description: null,
      manufacturerPartNumber: null,
      revision: null,
      orderUniqueName: 'PO-1',
      vendorName: 'Acme',
    };
    const itemRow = Object.fromEntries(exportHeader('items').map((h, i) => [h, exportCells('items', item)[i]]));
    expect(itemRow).toMatchObject({
      Order: 'PO-1',
      Part: 'BRKT-1',
      Quantity: { decimal: '10' },
      'Price per unit': { decimal: '1.25' },
      'Non-recurring cost': null,
      'Lead time (days)': 14,
    });

    const line: BomLineExportRow = {
      sid: 'BLone',
      created: '2026-03-01T09:00:00.000Z',
      updated: '2026-03-01T09:00:00.000Z',
      bomSid: 'BOone',
      organizationSid: 'OGone',
      uniqueName: 'RES-10K',
      requiredQuantity: '4',
      version: '1',
      inventoryQuantity: 10,
      orderedQuantity: 0,
      ctb: 2,
      bomUniqueName: 'Main board',
      customId: null,
      mpn: 'RC0603',
      alternativeMpns: ['RC0603-A', 'RC0603-B'],
      manufacturerName: 'Yageo',
      description: null,
      referenceDesignators: ['R1', 'R2', 'R3', 'R4'],
      doNotPlace: false,
      lineNumber: '7',
      confirmedQuantity: 30,
      unconfirmedQuantity: 10,
      pastDueQuantity: 5,
      shortage: '6',
      shortageBy: '2027-01-15',
      suggestedQuantity: '6',
      usualVendor: 'Voltaris Components',
    };
    const lineRow = Object.fromEntries(exportHeader('bomLines').map((h, i) => [h, exportCells('bomLines', line)[i]]));
    expect(lineRow).toMatchObject({
      BOM: 'Main board',
      'Alternative MPNs': 'RC0603-A, RC0603-B',
      'Reference designators': 'R1, R2, R3, R4',
      'Do not place': false,
      Quantity: { decimal: '4' },
      Inventory: 10,
      'Clear to build': 2,
      'On order, confirmed': 30,
      'On order, unconfirmed': 10,
      'On order, past due': 5,
      'Shortage at target': { decimal: '6' },
      'Target date': '2027-01-15',
      'Suggested order': { decimal: '6' },
      'Usual vendor': 'Voltaris Components',
    });
  });
});
