// The fields of each kind of import and the column names recognised for them.
//
// One table for both sides: the server reads files with it
// (server/domain/import/columns.ts, documented in openapi/factor.yaml under
// createOpenOrderUpload, createBomUpload and createInventoryUpload) and the
// browser pre-fills the column mapping from it. Pure data: no imports, no I/O.

export type ImportKind = 'openOrder' | 'bom' | 'inventory';

export const IMPORT_KINDS: readonly ImportKind[] = ['openOrder', 'bom', 'inventory'];

export interface FieldSpec {
  key: string;
  label: string;
  /** Other column names recognised for this field (the label is recognised too). */
  synonyms: readonly string[];
}

const field = (key: string, label: string, ...synonyms: string[]): FieldSpec => ({ key, label, synonyms });

export const FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  openOrder: [
    field(
      'orderUniqueName',
      'Order Unique Name',
      'PO Number',
      'PO #',
      'PO No',
      'PO',
      'Purchase Order',
      'Purchase Order Number',
      'Order Number',
      'Order #',
      'Order No',
    ),
    field('orderTitle', 'Order Title', 'PO Title', 'Order Description', 'Order Name'),
    field('vendorName', 'Vendor Name', 'Vendor', 'Supplier', 'Supplier Name'),
    field('vendorSid', 'Vendor Sid'),
    field(
      'itemUniqueName',
      'Item Unique Name',
      'Item',
      'Item Number',
      'Item #',
      'Item No',
      'Item ID',
      'Item Code',
      'Part Number',
      'Part #',
      'Part No',
      'P/N',
      'PN',
      'SKU',
    ),
    field('itemTitle', 'Item Title', 'Item Name', 'Title', 'Part Name'),
    field('description', 'Description', 'Item Description', 'Part Description'),
    field(
      'manufacturerPartNumber',
      'Manufacturer Part Number',
      'MPN',
      'Mfr Part Number',
      'Mfg Part Number',
      'Mfr P/N',
      'Manufacturer P/N',
    ),
    field('lineNumber', 'Line Number', 'Line', 'Line #', 'Line No', 'PO Line', 'PO Line Number'),
    field('pricePerUnit', 'Price Per Unit', 'Unit Price', 'Unit Cost', 'Price'),
    field('revision', 'Revision', 'Rev'),
    field('itemGroupUniqueName', 'Item Group Unique Name', 'Item Group', 'Schedule Line', 'Release', 'Delivery Line'),
    field(
      'quantity',
      'Quantity',
      'Qty',
      'Open Qty',
      'Open Quantity',
      'Qty Open',
      'Balance Qty',
      'Order Qty',
      'Order Quantity',
      'Ordered Quantity',
      'Qty Ordered',
      'Quantity Ordered',
    ),
    field(
      'dueDate',
      'Due Date',
      'Due',
      'Need Date',
      'Need By Date',
      'Required Date',
      'Date Required',
      'Requested Date',
      'Request Date',
    ),
    field('shipDate', 'Estimated Ship Date', 'Ship Date', 'Promised Ship Date'),
    field(
      'estimatedArrivalDate',
      'Estimated Arrival Date',
      'Estimated Arrival',
      'Promise Date',
      'Promised Date',
      'Estimated Delivery Date',
      'ETA',
    ),
    field('trackingNumber', 'Tracking Number', 'Tracking #'),
  ],
  bom: [
    field('bomUniqueName', 'BOM Unique Name', 'BOM', 'BOM Name', 'Assembly', 'Assembly Name', 'Assembly Number'),
    field('customId', 'Custom ID', 'IPN', 'Internal Part Number', 'Part Number', 'Part #'),
    field(
      'mpn',
      'MPN',
      'Manufacturer Part Number',
      'Manufacturer Part Number 1',
      'Mfr Part Number',
      'Mfg Part Number',
      'Mfr P/N',
      'MFG PN',
    ),
    field(
      'alternativeMpns',
      'Alternative MPNs',
      'Alternative MPN',
      'Alternate MPN',
      'Alternates',
      'Alt MPN',
      'Manufacturer Part Number 2',
    ),
    field('manufacturerName', 'Manufacturer', 'Manufacturer Name', 'Manufacturer 1', 'Mfr', 'Mfg', 'Mfr Name'),
    field('quantity', 'Quantity', 'Qty', 'Qnty', 'Quantity Per', 'Qty Per', 'QPA'),
    field(
      'referenceDesignators',
      'Reference Designators',
      'Reference Designator',
      'Designator',
      'Designators',
      'Reference',
      'References',
      'Ref',
      'Refs',
      'Ref Des',
      'RefDes',
    ),
    field('description', 'Description', 'Comment', 'Part Description'),
    field('doNotPlace', 'Do Not Place', 'DNP', 'DNI', 'Do Not Populate', 'Not Fitted'),
    field('lineNumber', 'Line Number', 'Line', 'Line #', 'Item', 'Item #', '#'),
  ],
  inventory: [
    field(
      'uniqueName',
      'Unique Name',
      'Inventory Unique Name',
      'Part Number',
      'Part #',
      'Part No',
      'Part',
      'MPN',
      'Manufacturer Part Number',
      'Item',
      'Item Number',
      'SKU',
    ),
    field('title', 'Title', 'Description', 'Part Description', 'Name'),
    field(
      'count',
      'Count',
      'Quantity',
      'Qty',
      'On Hand',
      'Qty On Hand',
      'Quantity On Hand',
      'Stock',
      'In Stock',
      'Available',
    ),
    field('recordingDate', 'Recording Date', 'Count Date', 'Date', 'As Of', 'As Of Date', 'Inventory Date'),
  ],
};

/** A column's meaning in a mapping: a field key, an item custom field, or nothing. */
export const IGNORE = 'ignore';
export const CUSTOM_FIELD = 'customField';

/**
 * Which fields a file must have, as the server checks them: every group must
 * be met by one of its fields (open orders: without an item column the line
 * number stands in; BOMs: designators alone give the quantity).
 */
export const REQUIRED: Record<ImportKind, readonly (readonly string[])[]> = {
  openOrder: [['orderUniqueName'], ['itemUniqueName', 'lineNumber'], ['quantity']],
  bom: [['quantity', 'referenceDesignators']],
  inventory: [['uniqueName'], ['count']],
};

/** A column name compared loosely: case, spaces and punctuation ignored, "#" read as "number". */
export function normalizeHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A column named "Custom: Color" or "Custom Field: Color" is the item custom field "Color" (open orders). */
const CUSTOM_HEADER = /^\s*custom(?:\s*field)?\s*[:.]\s*(\S.*?)\s*$/i;

export function fieldLabel(kind: ImportKind, key: string): string {
  if (key === CUSTOM_FIELD) return 'Custom field';
  if (key === IGNORE) return 'Not imported';
  return FIELDS[kind].find((f) => f.key === key)?.label ?? key;
}

/**
 * The meaning the server gives a column without a saved mapping: the field
 * whose label or synonym it is, a custom field, or null when not recognised.
 */
export function recognise(kind: ImportKind, header: string): string | null {
  const normalized = normalizeHeader(header);
  if (!normalized) return null;
  if (kind === 'openOrder' && CUSTOM_HEADER.test(header)) return CUSTOM_FIELD;
  for (const spec of FIELDS[kind]) {
    if ([spec.label, ...spec.synonyms].some((s) => normalizeHeader(s) === normalized)) return spec.key;
  }
  return null;
}

/** A mapped field type as a key of this kind: accepts the key or the label, any case; null when unknown. */
export function canonicalType(kind: ImportKind, type: string): string | null {
  const normalized = normalizeHeader(type);
  if (['ignore', 'ignored', 'skip', 'none'].includes(normalized)) return IGNORE;
  if (['customfield', 'custom'].includes(normalized)) return kind === 'openOrder' ? CUSTOM_FIELD : null;
  const spec = FIELDS[kind].find(
    (f) => normalizeHeader(f.key) === normalized || normalizeHeader(f.label) === normalized,
  );
  return spec?.key ?? null;
}
