// An open-order file as orders, items and item groups: one item group per
// row, grouped into items by order and item unique name, into orders by
// order unique name. Rows with a bad value, or that contradict an earlier row
// of their order or item, are rejected one by one; problems of the whole file
// (a missing column, two rows naming one item group…) refuse it. Pure: no I/O.
import type { MappedFieldInput } from './columns.ts';
import {
  locateFile,
  fileFailure,
  joinedName,
  capitalize,
  listRows,
  missingColumns,
  namedColumns,
  RowReader,
  type FileFailure,
  type RowIssue,
  type RowPlanner,
} from './plan.ts';
import type { Sheet, SheetRow } from './table.ts';
import { fromMicros, toMicros } from '../../../src/lib/decimal.ts';
import { parseDate, parseNumber } from './values.ts';
import { DATE_FIELDS } from '../../../src/lib/import-preview/fields.ts';

const ITEM_FIELDS = [
  'itemTitle',
  'description',
  'manufacturerPartNumber',
  'lineNumber',
  'pricePerUnit',
  'revision',
] as const;
const GROUP_FIELDS = ['dueDate', 'shipDate', 'estimatedArrivalDate', 'trackingNumber'] as const;

export type ItemField = (typeof ITEM_FIELDS)[number];
export type GroupField = (typeof GROUP_FIELDS)[number];

export interface GroupPlan {
  rowNumber: number;
  uniqueName: string;
  quantity: string;
  /** The fields whose column is in the file: a value, or null to clear it. */
  values: Partial<Record<GroupField, string | null>>;
}

export interface ItemPlan {
  uniqueName: string;
  /** Its item groups' quantities summed. */
  quantity: string;
  values: Partial<Record<ItemField, string | null>>;
  /** Custom fields by name: a value, or null to remove it. */
  customFields: Record<string, string | null>;
  groups: GroupPlan[];
}

export interface VendorRef {
  sid: string | null;
  name: string | null;
  /** The vendor's code in the ERP, when the file has a Vendor Code column: a vendor created by the import gets it. */
  code?: string | null;
}

export interface OrderPlan {
  uniqueName: string;
  /** undefined: the file has no title column. */
  title?: string | null;
  /** undefined: the file has no vendor columns; a vendor without sid is created by name. */
  vendor?: VendorRef;
  items: ItemPlan[];
  /** Rows of the file that make this order. */
  rowCount: number;
}

export interface OpenOrderPlan {
  ok: true;
  orders: OrderPlan[];
  issues: RowIssue[];
  totalRows: number;
  /** The file has no item or line column: each row is a line of its order, numbered 1, 2, 3… in file order. */
  numberedLines: boolean;
  /** Which optional columns the file has (their fields are written; the others are left as they are). */
  columns: { title: boolean; vendor: boolean; item: ItemField[]; group: GroupField[]; customFields: string[] };
}

export interface OpenOrderOptions {
  mapped: readonly MappedFieldInput[];
  /** Column names whose values, joined, make the order unique name (orderUniqueNameHash). */
  orderUniqueNameHash: readonly string[];
  /** The organization's vendors, for Vendor Sid, Vendor Name and Vendor Code. */
  vendors: readonly { sid: string; name: string; code?: string | null }[];
}

const MAX_NAME = 255;
/** The label of line numbers the import gives (no column of the file has them). */
const NUMBERED_LINE = 'Line Number (numbered in file order)';
const MAX_LINE_NUMBER = 2_147_483_647;

class RowProblem extends Error {
  readonly issue: RowIssue;
  constructor(issue: RowIssue) {
    super(issue.message);
    this.issue = issue;
  }
}

interface ItemState {
  plan: ItemPlan;
  firstRow: Record<string, number>;
  micros: bigint;
  /** Row numbers and explicit item group names (null: named by place), in file order. */
  rows: { group: GroupPlan; explicit: boolean }[];
}

interface OrderState {
  plan: OrderPlan;
  firstRow: Record<string, number>;
  items: Map<string, ItemState>;
}

/** Plans an open-order file a batch of rows at a time (see RowPlanner); planOpenOrders plans one in one go. */
export type OpenOrderPlanner = RowPlanner<OpenOrderPlan>;

export function planOpenOrders(sheets: readonly Sheet[], options: OpenOrderOptions): OpenOrderPlan | FileFailure {
  const planner = openOrderPlanner(sheets, options);
  if ('ok' in planner) return planner;
  planner.addRows(0, planner.rowCount);
  return planner.finish();
}

export function openOrderPlanner(sheets: readonly Sheet[], options: OpenOrderOptions): OpenOrderPlanner | FileFailure {
  const located = locateFile('openOrder', sheets, options.mapped);
  if ('ok' in located) return located;
  const r = new RowReader(located, options.mapped);
  const totalRows = located.dataRows.length;

  const named = namedColumns(located, options.orderUniqueNameHash, 'orderUniqueNameHash');
  if (!Array.isArray(named)) return named;
  const hashColumns: number[] = named;
  const missing: string[] = [];
  if (!hashColumns.length && !r.has('orderUniqueName')) missing.push('orderUniqueName');
  if (!r.has('quantity')) missing.push('quantity');
  if (missing.length) return missingColumns('openOrder', located, missing);

  // Without an item or line column (ERP reports of one row per PO line), each row is a line of its order,
  // numbered 1, 2, 3… in file order: the same file numbers them the same again.
  const itemKey = r.has('itemUniqueName') ? 'itemUniqueName' : r.has('lineNumber') ? 'lineNumber' : null;
  const linesSeen = new Map<string, number>();
  const itemColumns: ItemField[] = ITEM_FIELDS.filter((f) => r.has(f) || (f === 'lineNumber' && itemKey === null));
  const itemLabels = itemColumns.map((f) => r.column(f) ?? NUMBERED_LINE);
  const groupColumns = GROUP_FIELDS.filter((f) => r.has(f));
  const customColumns = located.columns.customFields;
  const hasVendor = r.has('vendorName') || r.has('vendorSid') || r.has('vendorCode');
  const vendorsBySid = new Map(options.vendors.map((v) => [v.sid, v]));
  const vendorsByName = new Map(options.vendors.map((v) => [v.name, v]));
  const vendorsByCode = new Map(options.vendors.flatMap((v) => (v.code ? [[v.code, v] as const] : [])));
  /** Vendor codes the file gives to vendors it creates: their name and the first row that named it. */
  const newVendorCodes = new Map<string, { name: string; rowNumber: number }>();
  /** The same by name: a vendor created with one code cannot take another. */
  const newVendorNames = new Map<string, { code: string; rowNumber: number }>();

  const orders = new Map<string, OrderState>();
  const issues: RowIssue[] = [];

  const fail = (row: SheetRow, key: string | null, message: string): never => {
    throw new RowProblem(r.issue(row, key, message));
  };
  const text = (row: SheetRow, key: string): string | null => {
    const v = r.get(row, key);
    return v ? v : null;
  };
  const name = (row: SheetRow, key: string, label: string): string => {
    const v = r.get(row, key) ?? '';
    if (!v) fail(row, key, `${label} is blank.`);
    if (v.length > MAX_NAME) fail(row, key, `${label} is longer than ${MAX_NAME} characters.`);
    return v;
  };
  /**
   * The vendor a Vendor Code names: the organization's vendor with that code (its name stands, whatever the
   * file calls it); else a vendor to create with that code, named as the first row with the code names it (by
   * the Vendor Name column or, without one, by the code), which takes over an existing vendor of that name
   * that has no code yet. One name cannot take two codes.
   */
  const vendorByCode = (row: SheetRow, code: string, vendorName: string | null): VendorRef => {
    if (code.length > MAX_NAME) fail(row, 'vendorCode', `Vendor Code is longer than ${MAX_NAME} characters.`);
    const known = vendorsByCode.get(code);
    if (known) return { sid: known.sid, name: known.name, code };
    // The code is the vendor: a later row that names it otherwise is still that vendor, as a known one would be.
    const earlier = newVendorCodes.get(code);
    if (earlier) return { sid: null, name: earlier.name, code };
    const name = vendorName ?? code;
    if (name.length > MAX_NAME) fail(row, 'vendorName', `Vendor Name is longer than ${MAX_NAME} characters.`);
    const byName = vendorsByName.get(name);
    if (byName?.code) {
      fail(row, 'vendorCode', `Vendor "${name}" has the code ${byName.code} in your organization, not ${code}.`);
    }
    const named = newVendorNames.get(name);
    if (named && named.code !== code) {
      fail(row, 'vendorCode', `Vendor "${name}" has the code ${named.code} on row ${named.rowNumber}, not ${code}.`);
    }
    return { sid: byName?.sid ?? null, name, code };
  };
  /** What a disagreement is about: the order, or the item (itemName) of the order. */
  const subject = (orderName: string, itemName: string | null) =>
    itemName === null ? `order ${orderName}` : `item ${itemName} of order ${orderName}`;
  /** An order or item value must agree with the first row that gave one. */
  const agree = (
    row: SheetRow,
    key: string,
    label: string,
    orderName: string,
    itemName: string | null,
    firstRow: Record<string, number>,
    current: string | null | undefined,
    next: string | null,
  ): string | null => {
    if (next === null) return current ?? null;
    if (current === null || current === undefined) {
      firstRow[key] = row.rowNumber;
      return next;
    }
    if (current !== next) {
      fail(
        row,
        key,
        `${label} is "${next}" here but "${current}" on row ${firstRow[key]} for the same ${subject(orderName, itemName)}.`,
      );
    }
    return current;
  };

  const addRow = (row: SheetRow): void => {
    try {
      const orderName = hashColumns.length
        ? joinedName(hashColumns.map((i) => (row.cells[i] ?? '').trim()))
        : name(row, 'orderUniqueName', 'Order Unique Name');
      if (hashColumns.length && hashColumns.every((i) => !(row.cells[i] ?? '').trim())) {
        fail(row, null, `The columns of orderUniqueNameHash (${options.orderUniqueNameHash.join(', ')}) are blank.`);
      }
      const lineInFile = (linesSeen.get(orderName) ?? 0) + 1;
      linesSeen.set(orderName, lineInFile);
      const itemName =
        itemKey === null
          ? String(lineInFile)
          : name(row, itemKey, itemKey === 'itemUniqueName' ? 'Item Unique Name' : 'Line Number');
      const quantityText = r.get(row, 'quantity') ?? '';
      if (!quantityText) fail(row, 'quantity', 'Quantity is blank.');
      const quantity = parseNumber(quantityText, { decimalComma: located.sheet.decimalComma });
      if (!quantity.ok) return fail(row, 'quantity', `Quantity ${quantity.message}`);
      const groupValues: Partial<Record<GroupField, string | null>> = {};
      for (const f of groupColumns) {
        const raw = r.get(row, f) ?? '';
        if (DATE_FIELDS.has(f)) {
          const date = parseDate(raw, r.dateOrder(f));
          if (!date.ok) return fail(row, f, `${r.column(f)} ${date.message}`);
          groupValues[f] = date.value;
        } else {
          groupValues[f] = raw || null;
        }
      }
      const itemValues: Partial<Record<ItemField, string | null>> = {};
      for (const f of itemColumns) {
        if (f === 'lineNumber' && itemKey === null) {
          itemValues.lineNumber = itemName;
          continue;
        }
        const raw = r.get(row, f) ?? '';
        if (f === 'lineNumber' || f === 'pricePerUnit') {
          const n = parseNumber(raw, { decimalComma: located.sheet.decimalComma, integer: f === 'lineNumber' });
          if (!n.ok) return fail(row, f, `${r.column(f)} ${n.message}`);
          if (f === 'lineNumber' && n.value !== null && Number(n.value) > MAX_LINE_NUMBER) {
            return fail(row, f, `${r.column(f)} "${raw}" is too large for a line number.`);
          }
          itemValues[f] = n.value;
        } else {
          itemValues[f] = raw || null;
        }
      }
      let vendor: VendorRef | undefined;
      if (hasVendor) {
        const sid = text(row, 'vendorSid');
        const vendorName = text(row, 'vendorName');
        const code = text(row, 'vendorCode');
        if (sid) {
          const known = vendorsBySid.get(sid);
          if (!known) return fail(row, 'vendorSid', `Vendor Sid "${sid}" is no vendor of your organization.`);
          if (vendorName && vendorName !== known.name) {
            return fail(
              row,
              'vendorName',
              `Vendor Name "${vendorName}" is not the name of vendor ${sid} ("${known.name}").`,
            );
          }
          if (code && known.code && code !== known.code) {
            return fail(row, 'vendorCode', `Vendor Code "${code}" is not the code of vendor ${sid} (${known.code}).`);
          }
          vendor = { sid, name: known.name };
        } else if (code) {
          vendor = vendorByCode(row, code, vendorName);
        } else if (vendorName) {
          if (vendorName.length > MAX_NAME)
            fail(row, 'vendorName', `Vendor Name is longer than ${MAX_NAME} characters.`);
          vendor = { sid: null, name: vendorName };
        }
      }

      // Consistency with earlier rows of the same order and item; values are kept only if the row is good.
      // Which row gave a value is noted even if this row turns out bad: it is read only once a value is
      // kept, and the row that keeps one notes itself.
      const order = orders.get(orderName);
      const orderFirst = order?.firstRow ?? {};
      const title = r.has('orderTitle')
        ? agree(
            row,
            'orderTitle',
            'Order Title',
            orderName,
            null,
            orderFirst,
            order?.plan.title,
            text(row, 'orderTitle'),
          )
        : undefined;
      let vendorKept = order?.plan.vendor;
      if (vendor) {
        const known = order?.plan.vendor;
        if (known && (known.name !== vendor.name || (known.sid && vendor.sid && known.sid !== vendor.sid))) {
          fail(
            row,
            text(row, 'vendorSid') ? 'vendorSid' : text(row, 'vendorCode') ? 'vendorCode' : 'vendorName',
            `The vendor is "${vendor.name ?? vendor.sid ?? ''}" here but "${known.name ?? known.sid ?? ''}" on row ${orderFirst.vendor} for the same order ${orderName}.`,
          );
        }
        if (!known) orderFirst.vendor = row.rowNumber;
        vendorKept = { sid: known?.sid ?? vendor.sid, name: vendor.name, code: known?.code ?? vendor.code };
      }
      const item = order?.items.get(itemName);
      const itemFirst = item?.firstRow ?? {};
      // Copied only when this row adds a value (most rows repeat their item's).
      const knownValues = item?.plan.values ?? {};
      let keptItemValues = knownValues;
      for (let i = 0; i < itemColumns.length; i++) {
        const f = itemColumns[i];
        const current = knownValues[f];
        const kept = agree(row, f, itemLabels[i], orderName, itemName, itemFirst, current, itemValues[f] ?? null);
        if (kept !== current) {
          if (keptItemValues === knownValues) keptItemValues = { ...knownValues };
          keptItemValues[f] = kept;
        }
      }
      const knownCustom = item?.plan.customFields ?? {};
      let keptCustom = knownCustom;
      for (const { name: fieldName, index } of customColumns) {
        const value = (row.cells[index] ?? '').trim() || null;
        const key = `custom:${fieldName}`;
        const current = item?.plan.customFields[fieldName];
        if (value !== null && current !== null && current !== undefined && current !== value) {
          throw new RowProblem({
            rowNumber: row.rowNumber,
            column: located.headerRow.cells[index]?.trim() ?? fieldName,
            value,
            message: `${fieldName} is "${value}" here but "${current}" on row ${itemFirst[key]} for the same item ${itemName} of order ${orderName}.`,
          });
        }
        if (value !== null && (current === null || current === undefined)) itemFirst[key] = row.rowNumber;
        const kept = current ?? value;
        if (kept !== current) {
          if (keptCustom === knownCustom) keptCustom = { ...knownCustom };
          keptCustom[fieldName] = kept;
        }
      }
      if (vendor?.sid === null && vendor.code && vendor.name && !newVendorCodes.has(vendor.code)) {
        newVendorCodes.set(vendor.code, { name: vendor.name, rowNumber: row.rowNumber });
        newVendorNames.set(vendor.name, { code: vendor.code, rowNumber: row.rowNumber });
      }
      const explicitGroup = text(row, 'itemGroupUniqueName');
      if (explicitGroup && explicitGroup.length > MAX_NAME) {
        fail(row, 'itemGroupUniqueName', `Item Group Unique Name is longer than ${MAX_NAME} characters.`);
      }

      // The row is good: keep it.
      const orderState: OrderState = order ?? {
        plan: { uniqueName: orderName, items: [], rowCount: 0 },
        firstRow: {},
        items: new Map(),
      };
      if (!order) orders.set(orderName, orderState);
      orderState.firstRow = orderFirst;
      if (title !== undefined) orderState.plan.title = title;
      if (hasVendor) orderState.plan.vendor = vendorKept ?? { sid: null, name: null };
      orderState.plan.rowCount++;
      const itemState: ItemState = item ?? {
        plan: { uniqueName: itemName, quantity: '0', values: {}, customFields: {}, groups: [] },
        firstRow: {},
        micros: 0n,
        rows: [],
      };
      if (!item) {
        orderState.items.set(itemName, itemState);
        orderState.plan.items.push(itemState.plan);
      }
      itemState.firstRow = itemFirst;
      itemState.plan.values = keptItemValues;
      itemState.plan.customFields = keptCustom;
      itemState.micros += toMicros(quantity.value ?? '0');
      const group: GroupPlan = {
        rowNumber: row.rowNumber,
        uniqueName: explicitGroup ?? '',
        quantity: quantity.value ?? '0',
        values: groupValues,
      };
      itemState.rows.push({ group, explicit: explicitGroup !== null });
      itemState.plan.groups.push(group);
    } catch (error) {
      if (error instanceof RowProblem) issues.push(error.issue);
      else throw error;
    }
  };

  const finish = (): OpenOrderPlan | FileFailure => {
    // Item groups without a name are named by their place among their item's rows; two rows may not name one group.
    const duplicates: { rows: number[]; order: string; item: string; group: string }[] = [];
    for (const order of orders.values()) {
      for (const item of order.items.values()) {
        item.plan.quantity = fromMicros(item.micros);
        const byName = new Map<string, number[]>();
        item.rows.forEach(({ group, explicit }, i) => {
          if (!explicit) group.uniqueName = String(i + 1);
          const rows = byName.get(group.uniqueName) ?? [];
          rows.push(group.rowNumber);
          byName.set(group.uniqueName, rows);
        });
        for (const [group, rows] of byName) {
          if (rows.length > 1)
            duplicates.push({ rows, order: order.plan.uniqueName, item: item.plan.uniqueName, group });
        }
      }
    }
    if (duplicates.length) {
      const first = duplicates[0];
      const message =
        `${capitalize(listRows(first.rows))} name the same item group "${first.group}" of item ${first.item} on order ${first.order}` +
        (duplicates.length > 1 ? `, and ${duplicates.length - 1} more item groups are named twice` : '') +
        '. Give each row its own Item Group Unique Name, or leave the column out to number them.';
      const dupIssues = duplicates.flatMap((d) =>
        d.rows.slice(1).map((rowNumber) => ({
          rowNumber,
          column: r.column('itemGroupUniqueName'),
          value: d.group,
          message: `Item group "${d.group}" of item ${d.item} on order ${d.order} is also on row ${d.rows[0]}.`,
        })),
      );
      return fileFailure(
        message,
        [...issues, ...dupIssues].sort((a, b) => a.rowNumber - b.rowNumber),
        totalRows,
      );
    }
    if (orders.size === 0) {
      return fileFailure(
        `None of the ${totalRows} data rows could be imported; the upload log gives each row's problem.`,
        issues,
        totalRows,
      );
    }
    return {
      ok: true,
      orders: [...orders.values()].map((o) => o.plan),
      issues,
      totalRows,
      numberedLines: itemKey === null,
      columns: {
        title: r.has('orderTitle'),
        vendor: hasVendor,
        item: itemColumns,
        group: groupColumns,
        customFields: customColumns.map((c) => c.name),
      },
    };
  };

  return {
    rowCount: located.dataRows.length,
    columnCount: located.headerRow.cells.length,
    addRows(from: number, to: number) {
      for (let i = from; i < to; i++) addRow(located.dataRows[i]);
    },
    finish,
  };
}
