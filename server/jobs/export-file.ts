// The export job: writes the rows of a file export's view to a CSV or XLSX
// file (server/domain/export), stores it in `files` and marks the export
// completed, or failed when the view cannot be written.
//
// The rows are the list operation's own answer for the stored filters: the
// job pages through GET /v1/orders, /v1/items, /v1/itemGroups or /v1/bomLines
// in this process, as a staff member of the export's organization, so an
// export always holds exactly what the list (and so the page) shows, in the
// same order, with the same context (risk, open flags, summaries). Items and
// BOM lines get their order's or BOM's name from one query per page.
//
// Idempotent, so a job cut short can simply run again: the file is built in
// memory, then one transaction locks the export and, only if it is still
// processing, stores the file and completes it; a second run finds it
// completed and does nothing.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { BomLine, Item } from '../../src/api/generated/model/index.ts';
import { CreateFileExportBody } from '../../src/api/generated/zod/file-exports/file-exports.zod.ts';
import type { Database } from '../db/schema.ts';
import type { Cell } from '../domain/export/cells.ts';
import {
  type BomLineExportRow,
  type ExportEntity,
  type ExportRows,
  exportCells,
  exportHeader,
  type ItemExportRow,
} from '../domain/export/columns.ts';
import { toCsv } from '../domain/export/csv.ts';
import { toXlsx } from '../domain/export/xlsx.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { errorResponse } from '../http/errors.ts';
import { registerBoms } from '../routes/boms.ts';
import { registerItemGroups } from '../routes/item-groups.ts';
import { registerItems } from '../routes/items.ts';
import { registerOrders } from '../routes/orders.ts';
import { storeFile } from '../db/files.ts';
import { forecastInputs, usualVendors } from '../db/bom-forecast.ts';
import { forecastClearToBuild, normalizePartNumber, suggestedOrders } from '../domain/bom/forecast.ts';
import { addDays } from '../domain/follow-up/calendar.ts';
import { HORIZON_DAYS } from './clear-to-build-snapshot.ts';
import { organizationToday } from './clock.ts';

/** Rows asked of the list per page (the lists' largest page). */
const PAGE_SIZE = 500;
/** An export holds at most this many rows (as an import reads at most 200,000). */
export const MAX_EXPORT_ROWS = 200_000;

const LIST_PATH: Record<ExportEntity, string> = {
  orders: '/v1/orders',
  items: '/v1/items',
  itemGroups: '/v1/itemGroups',
  bomLines: '/v1/bomLines',
};

const FILE_BASE_NAME: Record<ExportEntity, string> = {
  orders: 'orders',
  items: 'items',
  itemGroups: 'item-groups',
  bomLines: 'bom-lines',
};

const SHEET_NAME: Record<ExportEntity, string> = {
  orders: 'Orders',
  items: 'Items',
  itemGroups: 'Item groups',
  bomLines: 'BOM lines',
};

const CONTENT_TYPE = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Why an export cannot be written; it fails at once instead of being retried. */
class ExportFailure extends Error {}

export interface ExportOptions {
  /** This is the job's last attempt: an unexpected error fails the export instead of being retried. */
  lastAttempt: boolean;
}

type Filters = Record<string, string | number | boolean | string[]>;

/** The list operations, answering as a staff member of one organization. */
function listApp(db: Kysely<Database>, organizationSid: string): Hono<AppEnv> {
  const principal: Principal = {
    userSid: '',
    organizationSid,
    role: 'admin',
    vendorSids: [],
    via: 'bearer',
    kind: 'api_key',
    sessionSid: null,
    apiKeySid: null,
    embed: null,
    name: 'File export',
  };
  const app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(c, error));
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('principal', principal);
    await next();
  });
  registerOrders(app);
  registerItems(app);
  registerItemGroups(app);
  registerBoms(app);
  return app;
}

/** The filters as the list's query string (booleans as true/false, arrays repeated). */
function listSearch(filters: Filters, pageToken: string | null): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.set(key, String(value));
  }
  search.set('pageSize', String(PAGE_SIZE));
  if (pageToken) search.set('pageToken', pageToken);
  return search;
}

interface ListPage {
  rows: unknown[];
  next: string | null;
}

async function listPage(
  app: Hono<AppEnv>,
  entity: ExportEntity,
  filters: Filters,
  pageToken: string | null,
): Promise<ListPage> {
  const response = await app.request(`http://export.local${LIST_PATH[entity]}?${listSearch(filters, pageToken)}`);
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status >= 400 && response.status < 500) {
    throw new ExportFailure(`The list refused the export's filters: ${String(body.message)}`);
  }
  if (!response.ok) throw new Error(`The list answered ${response.status}.`);
  const rows = body[entity];
  const page = body.page as { nextPageToken: string | null } | undefined;
  if (!Array.isArray(rows)) throw new Error(`The list answered no ${entity}.`);
  return { rows, next: page?.nextPageToken ?? null };
}

/** Items with their order's name and vendor. */
async function withOrders(db: Kysely<Database>, organizationSid: string, items: Item[]): Promise<ItemExportRow[]> {
  const sids = [...new Set(items.map((i) => i.orderSid))];
  const orders = sids.length
    ? await db
        .selectFrom('orders')
        .select(['sid', 'uniqueName', 'vendorName'])
        .where('organizationSid', '=', organizationSid)
        .where('sid', 'in', sids)
        .execute()
    : [];
  const bySid = new Map(orders.map((o) => [o.sid, o]));
  return items.map((item) => {
    const order = bySid.get(item.orderSid);
    return { ...item, orderUniqueName: order?.uniqueName ?? null, vendorName: order?.vendorName ?? null };
  });
}

type LineShortage = Pick<BomLineExportRow, 'shortage' | 'shortageBy' | 'suggestedQuantity' | 'usualVendor'>;

/**
 * Each line's shortage at its BOM's target date (twelve weeks on without a
 * target), as the forecast works it out today, and what to order for it: the
 * shortage once per part, with the part's usual vendor. One per export: a
 * BOM's forecast is worked out once, not again for each page of its lines.
 */
function bomShortages(db: Kysely<Database>, organizationSid: string) {
  const byLine = new Map<string, LineShortage>();
  const done = new Set<string>();
  let today: string | undefined;
  return async (bomSids: readonly string[]): Promise<Map<string, LineShortage>> => {
    for (const bomSid of bomSids) {
      if (done.has(bomSid)) continue;
      done.add(bomSid);
      today ??= await organizationToday(db, organizationSid);
      const { boms, self, stock, supply } = await forecastInputs(db, organizationSid, bomSid, today);
      if (self?.sid !== bomSid) continue;
      const date = self.target?.date ?? addDays(today, HORIZON_DAYS);
      const [atDate] = forecastClearToBuild(boms, stock, supply, [date], { today, includeUnconfirmed: true });
      const atTarget = atDate[atDate.length - 1];
      const partOf = new Map(
        self.lines.flatMap((l) => (l.partNumbers[0] ? [[l.sid, normalizePartNumber(l.partNumbers[0])] as const] : [])),
      );
      const vendors = await usualVendors(db, organizationSid, [...new Set(partOf.values())]);
      const suggested = new Map<string, string>();
      for (const order of suggestedOrders(self, atTarget, (part) => vendors.get(part) ?? null)) {
        for (const l of order.lines) suggested.set(l.lineSid, l.quantity);
      }
      for (const line of atTarget.lines) {
        const part = partOf.get(line.lineSid);
        byLine.set(line.lineSid, {
          shortage: line.shortage,
          shortageBy: date,
          suggestedQuantity: suggested.get(line.lineSid) ?? null,
          usualVendor: part ? (vendors.get(part) ?? null) : null,
        });
      }
    }
    return byLine;
  };
}

/** BOM lines with their BOM's name and the line's part fields. */
async function withBoms(
  db: Kysely<Database>,
  organizationSid: string,
  lines: BomLine[],
  shortagesOf: ReturnType<typeof bomShortages>,
): Promise<BomLineExportRow[]> {
  const sids = lines.map((l) => l.sid);
  const found = sids.length
    ? await db
        .selectFrom('bomLines')
        .innerJoin('boms', 'boms.sid', 'bomLines.bomSid')
        .select([
          'bomLines.sid',
          'boms.uniqueName as bomUniqueName',
          'bomLines.customId',
          'bomLines.mpn',
          'bomLines.alternativeMpns',
          'bomLines.manufacturerName',
          'bomLines.description',
          'bomLines.referenceDesignators',
          'bomLines.doNotPlace',
          'bomLines.lineNumber',
        ])
        .where('bomLines.organizationSid', '=', organizationSid)
        .where('bomLines.sid', 'in', sids)
        .execute()
    : [];
  const bySid = new Map(found.map((f) => [f.sid, f]));
  const shortages = await shortagesOf([...new Set(lines.map((l) => l.bomSid))]);
  return lines.map((line) => {
    const more = bySid.get(line.sid);
    return {
      ...line,
      ...(shortages.get(line.sid) ?? { shortage: null, shortageBy: null, suggestedQuantity: null, usualVendor: null }),
      bomUniqueName: more?.bomUniqueName ?? null,
      customId: more?.customId ?? null,
      mpn: more?.mpn ?? null,
      alternativeMpns: more?.alternativeMpns ?? [],
      manufacturerName: more?.manufacturerName ?? null,
      description: more?.description ?? null,
      referenceDesignators: more?.referenceDesignators ?? [],
      doNotPlace: more?.doNotPlace ?? false,
      lineNumber: more?.lineNumber ?? null,
    };
  });
}

/** One page of list rows as cells. The rows are our own server's answer, so they have the contract's shape. */
async function pageCells(
  db: Kysely<Database>,
  organizationSid: string,
  entity: ExportEntity,
  rows: unknown[],
  shortagesOf: ReturnType<typeof bomShortages>,
): Promise<Cell[][]> {
  const as = <E extends ExportEntity>(e: E, list: ExportRows[E][]) => list.map((row) => exportCells(e, row));
  switch (entity) {
    case 'orders':
      return as('orders', rows as ExportRows['orders'][]);
    case 'itemGroups':
      return as('itemGroups', rows as ExportRows['itemGroups'][]);
    case 'items':
      return as('items', await withOrders(db, organizationSid, rows as Item[]));
    case 'bomLines':
      return as('bomLines', await withBoms(db, organizationSid, rows as BomLine[], shortagesOf));
  }
}

/** Every row of the view, as cells. */
async function viewCells(
  db: Kysely<Database>,
  organizationSid: string,
  entity: ExportEntity,
  filters: Filters,
): Promise<Cell[][]> {
  const app = listApp(db, organizationSid);
  const shortagesOf = bomShortages(db, organizationSid);
  const out: Cell[][] = [];
  let token: string | null = null;
  do {
    const page = await listPage(app, entity, filters, token);
    if (out.length + page.rows.length > MAX_EXPORT_ROWS) {
      throw new ExportFailure(
        `The view has more than ${MAX_EXPORT_ROWS.toLocaleString('en-US')} rows; narrow its filters and export again.`,
      );
    }
    out.push(...(await pageCells(db, organizationSid, entity, page.rows, shortagesOf)));
    token = page.next;
  } while (token);
  return out;
}

async function complete(
  db: Kysely<Database>,
  exportSid: string,
  file: { name: string; contentType: string; content: Uint8Array },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('fileExports')
      .selectAll()
      .where('sid', '=', exportSid)
      .forUpdate()
      .executeTakeFirst();
    // Deleted meanwhile, or another run got there first.
    if (!row || row.status !== 'processing' || row.fileSid) return;
    const now = new Date();
    const fileSid = await storeFile(
      tx,
      { organizationSid: row.organizationSid, name: file.name, contentType: file.contentType, content: file.content },
      now,
    );
    await tx
      .updateTable('fileExports')
      .set({ status: 'completed', fileSid, updated: now })
      .where('sid', '=', exportSid)
      .execute();
  });
}

async function fail(db: Kysely<Database>, exportSid: string, reason: string): Promise<void> {
  await db
    .updateTable('fileExports')
    .set({ status: 'failed', failureMessage: reason, updated: new Date() })
    .where('sid', '=', exportSid)
    .where('status', '=', 'processing')
    .execute();
}

async function run(db: Kysely<Database>, exportSid: string): Promise<void> {
  const row = await db.selectFrom('fileExports').selectAll().where('sid', '=', exportSid).executeTakeFirst();
  if (!row || row.status !== 'processing') return;
  const parsed = CreateFileExportBody.safeParse({ query: row.query });
  if (!parsed.success) throw new ExportFailure('The stored query of this export is not one the API takes.');
  const { entity, filters = {} } = parsed.data.query;
  const fileType = row.fileType;
  const mapped = row.fieldMappingSid
    ? await db
        .selectFrom('mappedFields')
        .select(['name', 'mappedFieldType'])
        .where('fieldMappingSid', '=', row.fieldMappingSid)
        .orderBy('created')
        .orderBy('sid')
        .execute()
    : [];
  const header = exportHeader(entity, mapped);
  const cells = await viewCells(db, row.organizationSid, entity, filters);
  const day = new Date().toISOString().slice(0, 10);
  const name = `${FILE_BASE_NAME[entity]}-${day}.${fileType}`;
  const content =
    fileType === 'xlsx'
      ? await toXlsx(SHEET_NAME[entity], header, cells)
      : new TextEncoder().encode(toCsv(header, cells));
  await complete(db, exportSid, { name, contentType: CONTENT_TYPE[fileType], content });
}

/** Writes one export's file; see the top of this file. Throws only for a retry to pick it up. */
export async function processFileExport(
  db: Kysely<Database>,
  exportSid: string,
  options: ExportOptions = { lastAttempt: true },
): Promise<void> {
  try {
    await run(db, exportSid);
  } catch (error) {
    if (!(error instanceof ExportFailure) && !options.lastAttempt) throw error;
    await fail(db, exportSid, error instanceof Error ? error.message : String(error));
  }
}
