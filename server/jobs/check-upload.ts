// The check of an upload (checkOpenOrderUpload, checkBomUpload,
// checkInventoryUpload): the file read and planned as its upload job would
// (plan-file.ts, the planners of domain/import), and the plan compared with
// the organization's records by the keys the writers match on:
//  - open orders (write-open-orders.ts): orders by unique name, items by
//    order and unique name, item groups by item and unique name;
//  - BOMs (write-bom.ts): BOMs by unique name, lines by unique name within
//    their BOM (lines the file no longer has are deleted; an archived BOM's
//    rows are rejected);
//  - inventory (write-inventory.ts): counts by part and recording date.
// A record found counts as updated when a field the writer compares differs,
// else as unchanged. Only reads: nothing is written, not even a log.
import { sql, type Kysely } from 'kysely';
import type {
  UploadCheck,
  UploadCheckRecords,
  UploadCheckRecordsRecord,
  UploadCheckRejectedRow,
} from '../../src/api/generated/model/index.ts';
import type { Database, Row, UploadKind } from '../db/schema.ts';
import type { UploadFileType } from '../domain/file-type.ts';
import { bomNameFromFile, bomPlanner, type BomFilePlan } from '../domain/import/bom.ts';
import type { MappedFieldInput } from '../domain/import/columns.ts';
import { inventoryPlanner } from '../domain/import/inventory.ts';
import { openOrderPlanner, type OrderPlan } from '../domain/import/open-orders.ts';
import { locateFile, type FileFailure, type RowIssue } from '../domain/import/plan.ts';
import type { Sheet } from '../domain/import/table.ts';
import { vendorsToCreate } from '../domain/import/vendors.ts';
import { HttpError } from '../http/errors.ts';
import { planInBatches, readUploadSheets } from './plan-file.ts';
import { sameLine } from './write-bom.ts';
import { GROUP_MATCH, ITEM_MATCH, sameDecimal, type GroupMatch, type ItemMatch } from './write-open-orders.ts';

type Db = Kysely<Database>;

/** What a check is given: the upload's file and the values its create would store (routes/uploads.ts). */
export interface CheckRequest {
  kind: UploadKind;
  organizationSid: string;
  /** Handed over to the file reader: not to be read again. */
  file: { name: string; fileType: UploadFileType; content: Uint8Array };
  sheetName: string | null;
  fieldMappingSid: string | null;
  /** As an upload stores it: column names joined by commas. */
  orderUniqueNameHash: string | null;
  inventoryUniqueNameHash: readonly string[] | null;
  forceItemGroupsNotPresentDelivered: boolean;
}

/** Rejected rows and new vendors shown; the counts say how many there are in all. */
const SHOWN = 100;
/** Keys per lookup of existing records (one array parameter). */
const LOOKUP_BATCH = 5000;
/** As the upload logs keep them (upload-import.ts). */
const MAX_VALUE_CHARS = 1000;
const MAX_MESSAGE_CHARS = 2000;
const SEP = '\u0000';

/**
 * Checks reading a file at once in this process, and checks waiting for one of them. Each reads its file in
 * a worker of its own (up to 1 GB of heap for a 50 MB file); uploads queue as jobs, a check answers now.
 */
const MAX_RUNNING = 2;
const MAX_WAITING = 8;
let running = 0;
const waiting: (() => void)[] = [];

/** A place among the running checks, waited for; its release hands it to the next waiting check. */
async function admit(): Promise<() => void> {
  if (running < MAX_RUNNING) {
    running++;
  } else {
    if (waiting.length >= MAX_WAITING) {
      throw new HttpError(
        429,
        'rate_limited',
        'Too many files are being checked at once; try again in a few seconds.',
        undefined,
        { retryAfterSeconds: 5 },
      );
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function shownIssues(issues: readonly RowIssue[]): UploadCheckRejectedRow[] {
  // Stable: the planner's order within a row is kept.
  return [...issues]
    .sort((a, b) => a.rowNumber - b.rowNumber)
    .slice(0, SHOWN)
    .map((i) => ({
      rowNumber: i.rowNumber,
      column: i.column,
      value: i.value === null ? null : clip(i.value, MAX_VALUE_CHARS),
      message: clip(i.message, MAX_MESSAGE_CHARS),
    }));
}

interface Base {
  kind: UploadKind;
  fileName: string;
  fileType: UploadFileType;
  sheetName: string | null;
}

type OpenOrderParts = Pick<
  UploadCheck,
  'numberedLines' | 'customFields' | 'vendorsToCreate' | 'vendorsToCreateTotal' | 'itemGroupsMarkedDelivered'
>;

/** What only an open-order check has, for the others and a refused file. */
const empty = (): OpenOrderParts => ({
  numberedLines: false,
  customFields: [],
  vendorsToCreate: [],
  vendorsToCreateTotal: 0,
  itemGroupsMarkedDelivered: null,
});

function refused(base: Base, failure: Omit<FileFailure, 'ok'>): UploadCheck {
  return {
    ...base,
    ...empty(),
    ok: false,
    message: clip(failure.message, MAX_MESSAGE_CHARS),
    totalRows: failure.totalRows,
    importedRowCount: 0,
    rejectedRowCount: failure.issues.length,
    rejectedRows: shownIssues(failure.issues),
    records: [],
  };
}

function checked(
  base: Base,
  totalRows: number,
  issues: readonly RowIssue[],
  records: UploadCheckRecords[],
  extra: Partial<OpenOrderParts> = {},
): UploadCheck {
  return {
    ...base,
    ...empty(),
    ...extra,
    ok: true,
    message: null,
    totalRows,
    importedRowCount: totalRows - issues.length,
    rejectedRowCount: issues.length,
    rejectedRows: shownIssues(issues),
    records,
  };
}

/** Counts of one record type, added up as records are compared. */
class Tally {
  readonly counts: UploadCheckRecords;
  constructor(record: UploadCheckRecordsRecord) {
    this.counts = { record, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  }
  found(changed: boolean): void {
    if (changed) this.counts.updated++;
    else this.counts.unchanged++;
  }
}

/** What importing the file would do; nothing is written. Throws 429 when too many checks are at work. */
export async function checkUpload(db: Db, request: CheckRequest): Promise<UploadCheck> {
  const release = await admit();
  try {
    return await check(db, request);
  } finally {
    release();
  }
}

async function check(db: Db, request: CheckRequest): Promise<UploadCheck> {
  const { kind, file } = request;
  const mapped: MappedFieldInput[] = request.fieldMappingSid
    ? await db
        .selectFrom('mappedFields')
        .select(['name', 'mappedFieldType', 'dateOrder'])
        .where('fieldMappingSid', '=', request.fieldMappingSid)
        .execute()
    : [];
  const base: Base = { kind, fileName: file.name, fileType: file.fileType, sheetName: request.sheetName };
  const sheets = await readUploadSheets(file.content, file.fileType, request.sheetName);
  if (!Array.isArray(sheets)) return refused(base, sheets);
  // The sheet the planner reads. Of several, found as it finds it (tens of ms for 100,000 rows: only then).
  if (sheets.length === 1) base.sheetName = sheets[0].name;
  else {
    const located = locateFile(kind, sheets, mapped);
    if (!('ok' in located)) base.sheetName = located.sheet.name;
  }
  if (kind === 'openOrder') return checkOpenOrders(db, request, base, sheets, mapped);
  if (kind === 'bom') return checkBoms(db, request, base, sheets, mapped);
  return checkInventory(db, request, base, sheets, mapped);
}

// ---- open orders ----

type OrderMatch = Pick<Row<'orders'>, 'sid' | 'uniqueName' | 'title' | 'vendorSid' | 'vendorName'>;
/** Rows of `table` whose `column` is one of `values`, LOOKUP_BATCH values a query (one array parameter each). */
async function selectWhereIn<R>(
  db: Db,
  table: 'orders' | 'items' | 'itemGroups',
  column: 'uniqueName' | 'orderSid' | 'itemSid',
  values: readonly string[],
  columns: readonly (keyof R & string)[],
  organizationSid: string,
): Promise<R[]> {
  const out: R[] = [];
  const selected = sql.join(columns.map((c) => sql.ref(c)));
  for (let i = 0; i < values.length; i += LOOKUP_BATCH) {
    const batch = values.slice(i, i + LOOKUP_BATCH);
    const { rows } = await sql<R>`select ${selected} from ${sql.table(table)}
      where organization_sid = ${organizationSid} and ${sql.ref(column)} = any(${batch}::text[])`.execute(db);
    out.push(...rows);
  }
  return out;
}

async function checkOpenOrders(
  db: Db,
  request: CheckRequest,
  base: Base,
  sheets: Sheet[],
  mapped: MappedFieldInput[],
): Promise<UploadCheck> {
  const org = request.organizationSid;
  const vendors = await db
    .selectFrom('vendors')
    .select(['sid', 'name', 'code'])
    .where('organizationSid', '=', org)
    .execute();
  const plan = await planInBatches(
    openOrderPlanner(sheets, {
      mapped,
      orderUniqueNameHash: (request.orderUniqueNameHash ?? '').split(',').filter(Boolean),
      vendors,
    }),
  );
  if (!plan.ok) return refused(base, plan);
  const vendorSids = new Map(vendors.map((v) => [v.name, v.sid]));
  const created = vendorsToCreate(plan.orders, vendorSids);
  const records = await compareOpenOrders(db, org, plan.orders, vendorSids);
  const delivered = request.forceItemGroupsNotPresentDelivered ? await countNotInFile(db, org, plan.orders) : null;
  return checked(base, plan.totalRows, plan.issues, records, {
    numberedLines: plan.numberedLines,
    customFields: plan.columns.customFields,
    vendorsToCreate: created.slice(0, SHOWN),
    vendorsToCreateTotal: created.length,
    itemGroupsMarkedDelivered: delivered,
  });
}

/** The orders, items and item groups the plan would create, update or leave as they are (as writeOpenOrders). */
async function compareOpenOrders(
  db: Db,
  org: string,
  orders: readonly OrderPlan[],
  vendorSids: ReadonlyMap<string, string>,
): Promise<UploadCheckRecords[]> {
  const orderTally = new Tally('order');
  const itemTally = new Tally('item');
  const groupTally = new Tally('itemGroup');
  const existingOrders = await selectWhereIn<OrderMatch>(
    db,
    'orders',
    'uniqueName',
    orders.map((o) => o.uniqueName),
    ['sid', 'uniqueName', 'title', 'vendorSid', 'vendorName'],
    org,
  );
  const orderByName = new Map(existingOrders.map((o) => [o.uniqueName ?? '', o]));
  const existingItems = await selectWhereIn<ItemMatch>(
    db,
    'items',
    'orderSid',
    existingOrders.map((o) => o.sid),
    ITEM_MATCH,
    org,
  );
  const itemByKey = new Map(existingItems.map((i) => [`${i.orderSid}${SEP}${i.uniqueName ?? ''}`, i]));
  const existingGroups = await selectWhereIn<GroupMatch>(
    db,
    'itemGroups',
    'itemSid',
    existingItems.map((i) => i.sid),
    GROUP_MATCH,
    org,
  );
  const groupByKey = new Map(existingGroups.map((g) => [`${g.itemSid}${SEP}${g.uniqueName ?? ''}`, g]));

  for (const plan of orders) {
    const order = orderByName.get(plan.uniqueName);
    if (!order) {
      // A new order's items and item groups are all new.
      orderTally.counts.created++;
      itemTally.counts.created += plan.items.length;
      groupTally.counts.created += plan.items.reduce((n, i) => n + i.groups.length, 0);
      continue;
    }
    let changed = plan.title !== undefined && plan.title !== order.title;
    if (plan.vendor) {
      const { sid, name } = plan.vendor;
      // undefined: a vendor the import creates, whose sid no order has yet.
      const vendorSid = sid ?? (name ? vendorSids.get(name) : null);
      changed ||= vendorSid === undefined || vendorSid !== order.vendorSid || name !== order.vendorName;
    }
    orderTally.found(changed);
    for (const item of plan.items) {
      const found = itemByKey.get(`${order.sid}${SEP}${item.uniqueName}`);
      if (!found) {
        itemTally.counts.created++;
        groupTally.counts.created += item.groups.length;
        continue;
      }
      const v = item.values;
      const differs = (key: keyof typeof v, current: string | null) => v[key] !== undefined && v[key] !== current;
      itemTally.found(
        !sameDecimal(item.quantity, found.quantity) ||
          (v.pricePerUnit !== undefined && !sameDecimal(v.pricePerUnit, found.pricePerUnit)) ||
          (v.lineNumber !== undefined && (v.lineNumber === null ? null : Number(v.lineNumber)) !== found.lineNumber) ||
          differs('itemTitle', found.title) ||
          differs('description', found.description) ||
          differs('manufacturerPartNumber', found.manufacturerPartNumber) ||
          differs('revision', found.revision),
      );
      for (const group of item.groups) {
        const g = groupByKey.get(`${found.sid}${SEP}${group.uniqueName}`);
        if (!g) {
          groupTally.counts.created++;
          continue;
        }
        const gv = group.values;
        groupTally.found(
          !sameDecimal(group.quantity, g.quantity) ||
            (gv.dueDate !== undefined && gv.dueDate !== g.dueDate) ||
            (gv.shipDate !== undefined && gv.shipDate !== g.shipDate) ||
            (gv.estimatedArrivalDate !== undefined && gv.estimatedArrivalDate !== g.estimatedArrivalDate) ||
            (gv.trackingNumber !== undefined && gv.trackingNumber !== g.trackingNumber),
        );
      }
    }
  }
  return [orderTally.counts, itemTally.counts, groupTally.counts];
}

/** forceItemGroupsNotPresentDelivered: the item groups deliverItemGroupsNotInFile would mark delivered. */
async function countNotInFile(db: Db, org: string, orders: readonly OrderPlan[]): Promise<number> {
  const o: string[] = [];
  const i: string[] = [];
  const g: string[] = [];
  for (const order of orders) {
    for (const item of order.items) {
      for (const group of item.groups) {
        o.push(order.uniqueName);
        i.push(item.uniqueName);
        g.push(group.uniqueName);
      }
    }
  }
  const { rows } = await sql<{ n: number }>`select count(*)::int as n
    from item_groups as g join items as i on i.sid = g.item_sid join orders as o on o.sid = g.order_sid
    where g.organization_sid = ${org} and g.status = 'active' and not g.delivered
      and not exists (
        select 1 from unnest(${o}::text[], ${i}::text[], ${g}::text[]) as f(o, i, g)
        where f.o = o.unique_name and f.i = i.unique_name and f.g = g.unique_name)`.execute(db);
  return rows[0]?.n ?? 0;
}

// ---- BOMs ----

async function checkBoms(
  db: Db,
  request: CheckRequest,
  base: Base,
  sheets: Sheet[],
  mapped: MappedFieldInput[],
): Promise<UploadCheck> {
  const org = request.organizationSid;
  const plan: BomFilePlan | FileFailure = await planInBatches(
    bomPlanner(sheets, { mapped, defaultBomName: bomNameFromFile(request.file.name) }),
  );
  if (!plan.ok) return refused(base, plan);
  const names = plan.boms.map((b) => b.uniqueName);
  const boms = names.length
    ? await db
        .selectFrom('boms')
        .select(['sid', 'uniqueName', 'archived'])
        .where('organizationSid', '=', org)
        .where('uniqueName', 'in', names)
        .execute()
    : [];
  const bomByName = new Map(boms.map((b) => [b.uniqueName, b]));
  const live = boms.filter((b) => !b.archived).map((b) => b.sid);
  const lines = live.length
    ? await db
        .selectFrom('bomLines')
        .selectAll()
        .where('organizationSid', '=', org)
        .where('bomSid', 'in', live)
        .execute()
    : [];
  const linesByBom = new Map<string, Map<string, Row<'bomLines'>>>();
  for (const line of lines) {
    const byName = linesByBom.get(line.bomSid) ?? new Map<string, Row<'bomLines'>>();
    byName.set(line.uniqueName, line);
    linesByBom.set(line.bomSid, byName);
  }
  const bomTally = new Tally('bom');
  const lineTally = new Tally('bomLine');
  const issues = [...plan.issues];
  for (const entry of plan.boms) {
    const existing = bomByName.get(entry.uniqueName);
    if (existing?.archived) {
      // The writer rejects an archived BOM's rows, one log each, in these words.
      const message = `The BOM "${entry.uniqueName}" is archived; restore it or name another BOM.`;
      for (const line of entry.lines) {
        for (const rowNumber of line.rowNumbers) issues.push({ rowNumber, column: null, value: null, message });
      }
      continue;
    }
    if (!existing) {
      bomTally.counts.created++;
      lineTally.counts.created += entry.lines.length;
      continue;
    }
    const left = new Map(linesByBom.get(existing.sid));
    let changes = 0;
    for (const line of entry.lines) {
      const found = left.get(line.uniqueName);
      if (!found) {
        lineTally.counts.created++;
        changes++;
        continue;
      }
      left.delete(line.uniqueName);
      const same = sameLine(found, line);
      lineTally.found(!same);
      if (!same) changes++;
    }
    lineTally.counts.deleted += left.size;
    bomTally.found(changes + left.size > 0);
  }
  return checked(base, plan.totalRows, issues, [bomTally.counts, lineTally.counts]);
}

// ---- inventory ----

async function checkInventory(
  db: Db,
  request: CheckRequest,
  base: Base,
  sheets: Sheet[],
  mapped: MappedFieldInput[],
): Promise<UploadCheck> {
  const plan = await planInBatches(
    inventoryPlanner(sheets, {
      mapped,
      uniqueNameHash: request.inventoryUniqueNameHash ?? [],
      // An upload sent now is dated today: rows without a date are counted at its day.
      defaultDate: new Date().toISOString().slice(0, 10),
    }),
  );
  if (!plan.ok) return refused(base, plan);
  const byKey = new Map<string, { count: number; title: string | null }[]>();
  for (let i = 0; i < plan.counts.length; i += LOOKUP_BATCH) {
    const batch = plan.counts.slice(i, i + LOOKUP_BATCH);
    const { rows } = await sql<{ uniqueName: string; recordingDate: Date; count: number; title: string | null }>`
      select c.unique_name, c.recording_date, c.count, c.title from inventory_counts c
      join unnest(${batch.map((c) => c.uniqueName)}::text[], ${batch.map((c) => `${c.recordingDate}T00:00:00.000Z`)}::timestamptz[])
        as v(unique_name, recording_date)
        on c.unique_name = v.unique_name and c.recording_date = v.recording_date
      where c.organization_sid = ${request.organizationSid}`.execute(db);
    for (const row of rows) {
      const key = `${row.uniqueName}${SEP}${new Date(row.recordingDate).toISOString().slice(0, 10)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
  }
  const tally = new Tally('inventoryCount');
  for (const c of plan.counts) {
    const found = byKey.get(`${c.uniqueName}${SEP}${c.recordingDate}`);
    if (!found) {
      tally.counts.created++;
      continue;
    }
    // As writeInventory: every count of the part and day takes the file's count (and title, when the file has one).
    tally.found(found.some((row) => row.count !== c.count || (c.title !== undefined && c.title !== row.title)));
  }
  return checked(base, plan.totalRows, plan.issues, [tally.counts]);
}
