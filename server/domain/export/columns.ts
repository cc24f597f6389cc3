// The columns of each export: readable headers in the order a buyer reads the
// list on screen, and how each row (the list operation's row, plus a little
// context for items and BOM lines) becomes cells. A column that is also an
// import field carries that field's key: with a field mapping, its header is
// the mapping's column name for the field, so a file exported with an ERP's
// mapping has that ERP's headers. Pure: no I/O.
import type { BomLine, Item, ItemGroup, ItemGroupRisk, Order } from '../../../src/api/generated/model/index.ts';
import { FIELDS, normalizeHeader, type ImportKind } from '../import/columns.ts';
import { type Cell, dateCell, decimalCell } from './cells.ts';

export type ExportEntity = 'orders' | 'items' | 'itemGroups' | 'bomLines';

/** An item with its order's name and vendor. */
export interface ItemExportRow extends Item {
  orderUniqueName: string | null;
  vendorName: string | null;
}

/** A BOM line with its BOM's name and the line's own part fields. */
export interface BomLineExportRow extends BomLine {
  bomUniqueName: string | null;
  customId: string | null;
  mpn: string | null;
  alternativeMpns: string[];
  manufacturerName: string | null;
  description: string | null;
  referenceDesignators: string[];
  doNotPlace: boolean;
  lineNumber: string | null;
  /** Short at the BOM's target date (shortageBy), as forecast on the day of the export. */
  shortage: string | null;
  shortageBy: string | null;
  /** What to order: the shortage, once per part; null when nothing is short. */
  suggestedQuantity: string | null;
  /** The vendor of the part's latest order line. */
  usualVendor: string | null;
}

export interface ExportRows {
  orders: Order;
  items: ItemExportRow;
  itemGroups: ItemGroup;
  bomLines: BomLineExportRow;
}

export interface Column<R> {
  header: string;
  /** The import field this column holds (a key of FIELDS), for a field mapping's header. */
  field?: string;
  cell: (row: R) => Cell;
}

const RISK_WORDS: Record<ItemGroupRisk, string> = {
  pastDue: 'Past due',
  promiseAfterDue: 'Promised after due date',
  unconfirmedDueSoon: 'Unconfirmed, due soon',
};

/** A timestamp as ISO 8601 text in UTC ("2026-03-02T10:00:00.000Z"): a spreadsheet has no time zones. */
const timestamp = (value: string | null | undefined): Cell => value ?? null;

const orderColumns: Column<Order>[] = [
  { header: 'Order', field: 'orderUniqueName', cell: (o) => o.uniqueName },
  { header: 'Title', field: 'orderTitle', cell: (o) => o.title },
  { header: 'Vendor', field: 'vendorName', cell: (o) => o.vendorName },
  { header: 'Items', cell: (o) => o.summary?.itemCount ?? null },
  { header: 'Shipments', cell: (o) => o.summary?.itemGroupCount ?? null },
  { header: 'Next due', cell: (o) => dateCell(o.summary?.nextDueDate) },
  {
    header: 'Confirmed %',
    cell: (o) => (o.summary && o.summary.itemGroupCount > 0 ? Math.round(o.summary.confirmedShare * 1000) / 10 : null),
  },
  { header: 'Open flags', cell: (o) => o.summary?.openFlagCount ?? null },
  { header: 'Created', cell: (o) => timestamp(o.created) },
  { header: 'Order sid', cell: (o) => o.sid },
  { header: 'Vendor sid', field: 'vendorSid', cell: (o) => o.vendorSid },
];

const itemColumns: Column<ItemExportRow>[] = [
  { header: 'Order', field: 'orderUniqueName', cell: (i) => i.orderUniqueName },
  { header: 'Vendor', field: 'vendorName', cell: (i) => i.vendorName },
  { header: 'Line', field: 'lineNumber', cell: (i) => i.lineNumber },
  { header: 'Part', field: 'itemUniqueName', cell: (i) => i.uniqueName },
  { header: 'Title', field: 'itemTitle', cell: (i) => i.title },
  { header: 'MPN', field: 'manufacturerPartNumber', cell: (i) => i.manufacturerPartNumber },
  { header: 'Description', field: 'description', cell: (i) => i.description },
  { header: 'Revision', field: 'revision', cell: (i) => i.revision },
  { header: 'Quantity', field: 'quantity', cell: (i) => decimalCell(i.quantity) },
  { header: 'Price per unit', field: 'pricePerUnit', cell: (i) => decimalCell(i.pricePerUnit) },
  { header: 'Non-recurring cost', cell: (i) => decimalCell(i.nonRecurringCost) },
  { header: 'Lead time (days)', cell: (i) => i.leadTime },
  { header: 'Ship time (days)', cell: (i) => i.shipTime },
  { header: 'Status', cell: (i) => i.status },
  { header: 'Created', cell: (i) => timestamp(i.created) },
  { header: 'Item sid', cell: (i) => i.sid },
];

const itemGroupColumns: Column<ItemGroup>[] = [
  { header: 'Order', field: 'orderUniqueName', cell: (g) => g.context?.orderUniqueName ?? null },
  { header: 'Vendor', field: 'vendorName', cell: (g) => g.context?.vendorName ?? null },
  { header: 'Part', field: 'itemUniqueName', cell: (g) => g.context?.itemUniqueName ?? null },
  { header: 'MPN', field: 'manufacturerPartNumber', cell: (g) => g.context?.manufacturerPartNumber ?? null },
  { header: 'Description', field: 'description', cell: (g) => g.context?.description ?? null },
  { header: 'Shipment', field: 'itemGroupUniqueName', cell: (g) => g.uniqueName },
  { header: 'Quantity', field: 'quantity', cell: (g) => decimalCell(g.quantity) },
  { header: 'Due date', field: 'dueDate', cell: (g) => dateCell(g.dueDate) },
  { header: 'Ship date', field: 'shipDate', cell: (g) => dateCell(g.shipDate) },
  { header: 'Est. arrival', field: 'estimatedArrivalDate', cell: (g) => dateCell(g.estimatedArrivalDate) },
  { header: 'Delivery date', cell: (g) => dateCell(g.deliveryDate) },
  { header: 'Confirmed', cell: (g) => g.confirmed },
  { header: 'Shipped', cell: (g) => g.shipped },
  { header: 'Delivered', cell: (g) => g.delivered },
  { header: 'Tracking number', field: 'trackingNumber', cell: (g) => g.trackingNumber },
  { header: 'Status', cell: (g) => g.status },
  { header: 'Risk', cell: (g) => (g.context?.risk ? RISK_WORDS[g.context.risk] : null) },
  { header: 'Open flags', cell: (g) => g.context?.openFlagCount ?? null },
  { header: 'Last update', cell: (g) => timestamp(g.lastUpdateDate) },
  { header: 'Item group sid', cell: (g) => g.sid },
];

const bomLineColumns: Column<BomLineExportRow>[] = [
  { header: 'BOM', field: 'bomUniqueName', cell: (l) => l.bomUniqueName },
  { header: 'Line', field: 'lineNumber', cell: (l) => l.lineNumber },
  { header: 'Part', cell: (l) => l.uniqueName },
  { header: 'Custom ID', field: 'customId', cell: (l) => l.customId },
  { header: 'MPN', field: 'mpn', cell: (l) => l.mpn },
  { header: 'Alternative MPNs', field: 'alternativeMpns', cell: (l) => l.alternativeMpns.join(', ') },
  { header: 'Manufacturer', field: 'manufacturerName', cell: (l) => l.manufacturerName },
  { header: 'Description', field: 'description', cell: (l) => l.description },
  { header: 'Reference designators', field: 'referenceDesignators', cell: (l) => l.referenceDesignators.join(', ') },
  { header: 'Do not place', field: 'doNotPlace', cell: (l) => l.doNotPlace },
  { header: 'Quantity', field: 'quantity', cell: (l) => decimalCell(l.requiredQuantity) },
  { header: 'Inventory', cell: (l) => decimalCell(l.inventoryQuantity) },
  { header: 'On order', cell: (l) => decimalCell(l.orderedQuantity) },
  { header: 'On order, confirmed', cell: (l) => decimalCell(l.confirmedQuantity) },
  { header: 'On order, unconfirmed', cell: (l) => decimalCell(l.unconfirmedQuantity) },
  { header: 'On order, past due', cell: (l) => decimalCell(l.pastDueQuantity) },
  { header: 'Clear to build', cell: (l) => decimalCell(l.ctb) },
  { header: 'Shortage at target', cell: (l) => decimalCell(l.shortage) },
  { header: 'Target date', cell: (l) => l.shortageBy },
  { header: 'Suggested order', cell: (l) => decimalCell(l.suggestedQuantity) },
  { header: 'Usual vendor', cell: (l) => l.usualVendor },
  { header: 'Created', cell: (l) => timestamp(l.created) },
  { header: 'BOM line sid', cell: (l) => l.sid },
];

export const EXPORT_COLUMNS: { [E in ExportEntity]: readonly Column<ExportRows[E]>[] } = {
  orders: orderColumns,
  items: itemColumns,
  itemGroups: itemGroupColumns,
  bomLines: bomLineColumns,
};

/** The import whose fields an entity's columns hold. */
const IMPORT_KIND: Record<ExportEntity, ImportKind> = {
  orders: 'openOrder',
  items: 'openOrder',
  itemGroups: 'openOrder',
  bomLines: 'bom',
};

export interface MappedField {
  name: string;
  mappedFieldType: string;
}

/**
 * The header row of an export: each column's own header, or, with a field
 * mapping, the mapping's column name for the column's field (its type given as
 * the field's key or label, compared as the importer does); the first mapped
 * name of a field wins.
 */
export function exportHeader(entity: ExportEntity, mapped: readonly MappedField[] = []): string[] {
  const specs = FIELDS[IMPORT_KIND[entity]];
  const names = new Map<string, string>();
  for (const m of mapped) {
    const type = normalizeHeader(m.mappedFieldType);
    const spec = specs.find((s) => normalizeHeader(s.key) === type || normalizeHeader(s.label) === type);
    if (spec && m.name.trim() && !names.has(spec.key)) names.set(spec.key, m.name.trim());
  }
  return EXPORT_COLUMNS[entity].map((column) => (column.field && names.get(column.field)) || column.header);
}

/** One row as the cells of its entity's columns. */
export function exportCells<E extends ExportEntity>(entity: E, row: ExportRows[E]): Cell[] {
  const columns: readonly Column<ExportRows[E]>[] = EXPORT_COLUMNS[entity];
  return columns.map((column) => column.cell(row));
}
