// The upload job: reads an uploaded file (server/domain/import) and writes
// its rows. Idempotent, so a job cut short by a crash can simply run again:
//  1. the file is read and planned in memory, the same way every time;
//  2. one transaction logs the rejected rows and sets the totals (chunksDone 0);
//  3. each chunk of rows (whole orders of about chunkRows rows, one BOM, or
//     chunkRows counts) is written in its own transaction together with
//     chunksDone, so a restart resumes after the last chunk written; writes
//     match records by unique names, so nothing is ever written twice;
//  4. one transaction finishes: forceItemGroupsNotPresentDelivered, then
//     status completed.
// A problem of the whole file fails the upload in one transaction, writing
// only its logs. Each transaction locks the upload and checks it is at the
// expected step, so two workers can never both write a chunk, and chunks
// commit in order. On PostgreSQL an open-order import writes the next
// chunk's rows while the one before finishes (open-order chunks are whole
// orders: none touches another's rows); that chunk locks the upload once the
// one before has committed, and is rolled back if it did not. Every run is
// counted in the database before it reads the file, and the run after
// MAX_IMPORT_ATTEMPTS fails the upload instead: a file that took the process
// down would otherwise take down every restart after it.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Row } from '../db/schema.ts';
import { bomNameFromFile, bomPlanner, type BomPlanEntry } from '../domain/import/bom.ts';
import type { MappedFieldInput } from '../domain/import/columns.ts';
import { inventoryPlanner, type CountPlan } from '../domain/import/inventory.ts';
import { openOrderPlanner, type OpenOrderPlan, type OrderPlan } from '../domain/import/open-orders.ts';
import type { FileFailure, RowIssue } from '../domain/import/plan.ts';
import { rejectedRows } from '../domain/import/rejects.ts';
import { decimalCell } from '../domain/export/cells.ts';
import { toCsv } from '../domain/export/csv.ts';
import type { Sheet } from '../domain/import/table.ts';
import { newSid } from '../domain/sid.ts';
import { readFile, storeFile } from '../db/files.ts';
import { publishChanges, vendorsOfOrdersWrittenSince } from '../db/live-bus.ts';
import type { LiveChange } from '../domain/live.ts';
import { planInBatches, readUploadSheets } from './plan-file.ts';
import { writeBom } from './write-bom.ts';
import {
  analyzeAfterImport,
  deliverItemGroupsNotInFile,
  prepareOpenOrders,
  writeOpenOrders,
} from './write-open-orders.ts';
import { writeInventory } from './write-inventory.ts';
import type { Actor, ChunkResult } from './write-support.ts';

/**
 * Rows per chunk transaction. PGlite runs on the server's own thread, which
 * answers requests only between chunks, so its chunks stay short. On
 * PostgreSQL, 2,500-row chunks import 100,000 rows about a tenth faster than
 * 1,000-row ones (fewer commits, and fewer waits of one overlapping chunk for
 * the other); 5,000 gained nothing more. The size is stored with the upload
 * when its import starts, and a run that resumes it uses that one.
 */
const CHUNK_ROWS = { pglite: 1000, postgres: 2500 } as const;
/**
 * Runs of one upload's import that may start. A file that takes the whole
 * process down is seen by no error handler, and a restart would pick it up
 * and go down again: the run after these is failed before it reads the file.
 */
export const MAX_IMPORT_ATTEMPTS = 3;
/** Characters of a failure message or row log kept: one may quote a whole header row or a long cell. */
const MAX_MESSAGE_CHARS = 2000;

const clip = (text: string, max = MAX_MESSAGE_CHARS) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** A pause between chunks, in ms, for the rest of the process. */
const YIELD_MS = 5;

type UploadRow = Row<'uploads'>;
type Tx = Transaction<Database>;

export interface ProcessOptions {
  /** This is the job's last attempt: an unexpected error fails the upload instead of being retried. */
  lastAttempt: boolean;
  /** Aborted when the job's claim is lost (another worker may take it over). */
  signal?: AbortSignal;
}

interface Chunk {
  rows: number;
  write(tx: Tx): Promise<ChunkResult & { issues?: RowIssue[] }>;
}

interface Planned {
  totalRows: number;
  issues: RowIssue[];
  chunks: Chunk[];
  /** The last step, in the transaction that completes the upload (row: the upload, locked). */
  finish?: (tx: Tx, row: UploadRow) => Promise<void>;
  /** No chunk reads or locks what another writes (open orders: whole orders each), so two may be written at once. */
  independentChunks?: boolean;
  /** Before the first chunk (and again when a run resumes): what every chunk needs, written once. */
  prepare?: () => Promise<void>;
  /** After the upload is completed (not redone if the process stops first). */
  afterCompleted?: (row: UploadRow) => Promise<void>;
}

async function insertLogs(tx: Tx, upload: UploadRow, issues: readonly RowIssue[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < issues.length; i += 2000) {
    await tx
      .insertInto('uploadLogs')
      .values(
        issues.slice(i, i + 2000).map((issue) => ({
          sid: newSid('UL'),
          organizationSid: upload.organizationSid,
          created: now,
          updated: now,
          uploadSid: upload.sid,
          rowNumber: issue.rowNumber,
          column: issue.column,
          value: issue.value === null ? null : issue.value.slice(0, 1000),
          message: clip(issue.message),
        })),
      )
      .execute();
  }
}

/** The upload, locked, if it is still processing at this step; null means another run got there first. */
async function lockAt(tx: Tx, sid: string, chunksDone: number | null): Promise<UploadRow | null> {
  const row = await tx.selectFrom('uploads').selectAll().where('sid', '=', sid).forUpdate().executeTakeFirst();
  if (!row || row.status !== 'processing' || row.chunksDone !== chunksDone) return null;
  return row;
}

async function fail(db: Kysely<Database>, upload: UploadRow, failure: Omit<FileFailure, 'ok'>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await lockAt(tx, upload.sid, upload.chunksDone);
    if (!row) return;
    await insertLogs(tx, row, failure.issues);
    await tx
      .updateTable('uploads')
      .set({
        status: 'failed',
        failureMessage: clip(failure.message),
        rowCountTotal: failure.totalRows,
        rowCountFailure: failure.issues.length,
        rowCountSuccess: 0,
        rowsProcessed: 0,
        version: row.version + 1,
        updated: new Date(),
      })
      .where('sid', '=', row.sid)
      .execute();
    await publishChanges(tx, [uploadChange(row)]);
  });
}

const UPLOAD_RESOURCE: Readonly<Record<UploadRow['kind'], string>> = {
  openOrder: 'openOrderUploads',
  bom: 'bomUploads',
  inventory: 'inventoryUploads',
};
/** What an import writes, announced once it completes (its chunks are not announced one by one). */
const IMPORTED_RESOURCES: Readonly<Record<UploadRow['kind'], readonly string[]>> = {
  openOrder: ['orders', 'items', 'itemGroups'],
  bom: ['boms', 'bomLines'],
  inventory: ['inventoryCounts'],
};

function uploadChange(row: UploadRow): LiveChange {
  return { organizationSid: row.organizationSid, resource: UPLOAD_RESOURCE[row.kind], sids: [row.sid], vendorSids: [] };
}

/**
 * The records an import wrote (many: none named), then the upload itself, last, as its status is read last. The
 * vendors of the orders an open-order import touched hear of their orders, items and lines, so an open portal
 * shows new and changed lines.
 */
async function importChanges(tx: Tx, row: UploadRow): Promise<LiveChange[]> {
  const vendorSids =
    row.kind === 'openOrder' ? await vendorsOfOrdersWrittenSince(tx, row.organizationSid, row.created) : [];
  const written = IMPORTED_RESOURCES[row.kind].map((resource) => ({
    organizationSid: row.organizationSid,
    resource,
    sids: [],
    vendorSids,
  }));
  return [...written, uploadChange(row)];
}

async function actorOf(db: Kysely<Database>, userSid: string | null): Promise<Actor> {
  if (!userSid) return { sid: null, name: 'Upload' };
  const user = await db
    .selectFrom('users')
    .select(['firstName', 'lastName', 'email'])
    .where('sid', '=', userSid)
    .executeTakeFirst();
  if (!user) return { sid: userSid, name: null };
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return { sid: userSid, name: name || user.email };
}

/**
 * When the upload has rejected data rows: stores them as a CSV file to fix
 * and upload again (rejects.ts) and returns its sid. A cell that reads as a
 * plain number is written as one, anything else as text escaped against
 * formula injection (the importer drops that quote again).
 */
async function storeRejects(
  tx: Tx,
  row: UploadRow,
  sheets: readonly Sheet[],
  mapped: readonly MappedFieldInput[],
): Promise<string | null> {
  if (row.rowCountFailure === 0) return null;
  const logs = await tx
    .selectFrom('uploadLogs')
    .select(['rowNumber', 'column', 'message'])
    .where('uploadSid', '=', row.sid)
    .orderBy('rowNumber')
    .orderBy('sid')
    .execute();
  const table = rejectedRows(row.kind, sheets, mapped, logs);
  if (!table) return null;
  return storeFile(tx, {
    organizationSid: row.organizationSid,
    name: `${(row.fileName ?? 'upload').replace(/\.[^.]+$/, '')}-rejected-rows.csv`,
    contentType: 'text/csv; charset=utf-8',
    content: Buffer.from(
      toCsv(
        table.header,
        table.rows.map((cells) => cells.map(decimalCell)),
      ),
      'utf8',
    ),
  });
}

/** Whole orders, about chunkRows rows at a time. */
function orderChunks(orders: readonly OrderPlan[], chunkRows: number): OrderPlan[][] {
  const out: OrderPlan[][] = [];
  let current: OrderPlan[] = [];
  let rows = 0;
  for (const order of orders) {
    current.push(order);
    rows += order.rowCount;
    if (rows >= chunkRows) {
      out.push(current);
      current = [];
      rows = 0;
    }
  }
  if (current.length) out.push(current);
  return out;
}

async function planOpenOrderUpload(
  db: Kysely<Database>,
  upload: UploadRow,
  sheets: Sheet[],
  mapped: MappedFieldInput[],
  actor: Actor,
  chunkRows: number,
): Promise<Planned | FileFailure> {
  const vendors = await db
    .selectFrom('vendors')
    .select(['sid', 'name', 'code'])
    .where('organizationSid', '=', upload.organizationSid)
    .execute();
  const planner = openOrderPlanner(sheets, {
    mapped,
    orderUniqueNameHash: (upload.orderUniqueNameHash ?? '').split(',').filter(Boolean),
    vendors,
  });
  const plan: OpenOrderPlan | FileFailure = await planInBatches(planner);
  if (!plan.ok) return plan;
  const ctx = {
    organizationSid: upload.organizationSid,
    uploadSid: upload.sid,
    actor,
    columns: plan.columns,
    vendors: new Map(vendors.map((v) => [v.name, v.sid])),
    memberSids: upload.orderMemberUserSids,
    memberEmails: upload.orderMemberEmails,
  };
  return {
    totalRows: plan.totalRows,
    issues: plan.issues,
    chunks: orderChunks(plan.orders, chunkRows).map((orders) => ({
      rows: orders.reduce((n, o) => n + o.rowCount, 0),
      write: (tx) => writeOpenOrders(tx, ctx, orders),
    })),
    independentChunks: true,
    prepare: () => prepareOpenOrders(db, ctx, plan.orders),
    finish: upload.forceItemGroupsNotPresentDelivered
      ? async (tx) => {
          await deliverItemGroupsNotInFile(tx, upload.organizationSid, actor, plan.orders);
        }
      : undefined,
    afterCompleted: (row) => analyzeAfterImport(db, row.rowCountCreated),
  };
}

async function planBomUpload(
  upload: UploadRow,
  sheets: Sheet[],
  mapped: MappedFieldInput[],
  actor: Actor,
  fileName: string,
): Promise<Planned | FileFailure> {
  const plan = await planInBatches(bomPlanner(sheets, { mapped, defaultBomName: bomNameFromFile(fileName) }));
  if (!plan.ok) return plan;
  return {
    totalRows: plan.totalRows,
    issues: plan.issues,
    chunks: plan.boms.map((bom: BomPlanEntry): Chunk => ({
      rows: bom.rowCount,
      write: (tx) => writeBom(tx, upload.organizationSid, actor, upload.sid, bom),
    })),
  };
}

async function planInventoryUpload(
  upload: UploadRow,
  sheets: Sheet[],
  mapped: MappedFieldInput[],
  chunkRows: number,
): Promise<Planned | FileFailure> {
  const plan = await planInBatches(
    inventoryPlanner(sheets, {
      mapped,
      uniqueNameHash: upload.inventoryUniqueNameHash ?? [],
      defaultDate: upload.created.toISOString().slice(0, 10),
    }),
  );
  if (!plan.ok) return plan;
  const chunks: Chunk[] = [];
  for (let i = 0; i < plan.counts.length; i += chunkRows) {
    const counts: CountPlan[] = plan.counts.slice(i, i + chunkRows);
    chunks.push({ rows: counts.length, write: (tx) => writeInventory(tx, upload.organizationSid, counts) });
  }
  return { totalRows: plan.totalRows, issues: plan.issues, chunks };
}

/** Rolls a chunk's transaction back: the chunk before it was not written, or another run got there first. */
class Superseded extends Error {}

/**
 * Writes chunk i in its own transaction together with chunksDone = i + 1.
 * Without `prior` it first locks the upload at step i (so no other run
 * writes the same chunk). With `prior`, the transaction of the chunk before,
 * still going, it writes its rows first, then waits for that one to commit
 * and locks the upload at step i; if that one was not written this one is
 * rolled back. Resolves false when there is nothing more for this run to do.
 */
async function writeChunk(
  db: Kysely<Database>,
  uploadSid: string,
  i: number,
  chunk: Chunk,
  prior: Promise<boolean> | null,
): Promise<boolean> {
  try {
    return await db.transaction().execute(async (tx) => {
      let row = prior ? null : await lockAt(tx, uploadSid, i);
      if (!prior && !row) return false;
      const result = await chunk.write(tx);
      if (prior) {
        if (!(await prior.catch(() => false))) throw new Superseded();
        row = await lockAt(tx, uploadSid, i);
      }
      if (!row) throw new Superseded();
      if (result.issues?.length) await insertLogs(tx, row, result.issues);
      await tx
        .updateTable('uploads')
        .set({
          chunksDone: i + 1,
          rowsProcessed: row.rowsProcessed + chunk.rows,
          rowCountCreated: row.rowCountCreated + result.created,
          rowCountUpdated: row.rowCountUpdated + result.updated,
          rowCountFailure: row.rowCountFailure + result.failed,
          rowCountSuccess: row.rowCountSuccess + result.rows,
          updated: new Date(),
        })
        .where('sid', '=', uploadSid)
        .execute();
      return true;
    });
  } catch (error) {
    if (error instanceof Superseded) return false;
    throw error;
  }
}

/** PGlite runs in this process, one query at a time; PostgreSQL is a server of its own. */
async function isPglite(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  return rows.some((r) => r.version.includes('PGlite'));
}

/**
 * Counts a run of the upload's import as started, committed before the file
 * is read: its number, or null when the upload is no longer processing or
 * this run is one too many, which fails the upload (its counts stay as the
 * runs before left them: the chunks they wrote are kept).
 */
async function startAttempt(db: Kysely<Database>, upload: UploadRow): Promise<number | null> {
  const counted = await db
    .updateTable('uploads')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('sid', '=', upload.sid)
    .where('status', '=', 'processing')
    .returning('attempts')
    .executeTakeFirst();
  if (!counted) return null;
  if (counted.attempts <= MAX_IMPORT_ATTEMPTS) return counted.attempts;
  const kept = upload.rowsProcessed > 0 ? ' The rows it wrote before are kept.' : '';
  await db
    .updateTable('uploads')
    .set((eb) => ({
      status: 'failed',
      failureMessage:
        `The import stopped ${MAX_IMPORT_ATTEMPTS} times without finishing, so it is not tried again: the file may be too large or damaged. ` +
        `Split it into smaller files, or save it again from your spreadsheet program, and upload it again.${kept}`,
      version: eb('version', '+', 1),
      updated: new Date(),
    }))
    .where('sid', '=', upload.sid)
    .where('status', '=', 'processing')
    .execute();
  return null;
}

/** What processUpload learns from a run: whether an error it throws should fail the upload rather than be retried. */
interface RunState {
  lastAttempt: boolean;
}

async function run(db: Kysely<Database>, uploadSid: string, options: ProcessOptions, state: RunState): Promise<void> {
  const upload = await db.selectFrom('uploads').selectAll().where('sid', '=', uploadSid).executeTakeFirst();
  if (!upload || upload.status !== 'processing') return;
  const attempt = await startAttempt(db, upload);
  if (attempt === null) return;
  // The last run allowed: an error fails the upload with its reason rather than leaving it to the next run.
  if (attempt === MAX_IMPORT_ATTEMPTS) state.lastAttempt = true;
  const file = upload.fileSid ? await readFile(db, upload.fileSid) : undefined;
  if (!file) return fail(db, upload, { message: 'The uploaded file is no longer there.', issues: [], totalRows: 0 });
  const mapped = upload.fieldMappingSid
    ? await db
        .selectFrom('mappedFields')
        .select(['name', 'mappedFieldType', 'dateOrder'])
        .where('fieldMappingSid', '=', upload.fieldMappingSid)
        .execute()
    : [];
  // The file's buffer is its own (readFile) and not read again here: handed to the reader, not copied. The
  // sheet the uploader chose is the only one read (and the one its rejected rows come from).
  const sheets = await readUploadSheets(file.content, upload.fileType, upload.sheetName);
  if (!Array.isArray(sheets)) return fail(db, upload, sheets);
  const actor = await actorOf(db, upload.originatingIdentity);
  const pglite = await isPglite(db);
  // A run that resumes an import cuts the file as the run that started it did (the size is stored with
  // chunksDone 0; migration 0010 gave imports already under way the 1,000 rows of before).
  const chunkRows = upload.chunkRows ?? CHUNK_ROWS[pglite ? 'pglite' : 'postgres'];
  const planned =
    upload.kind === 'openOrder'
      ? await planOpenOrderUpload(db, upload, sheets, mapped, actor, chunkRows)
      : upload.kind === 'bom'
        ? await planBomUpload(upload, sheets, mapped, actor, upload.fileName ?? file.name)
        : await planInventoryUpload(upload, sheets, mapped, chunkRows);
  if ('ok' in planned && !planned.ok) return fail(db, upload, planned);
  const { totalRows, issues, chunks, finish, independentChunks, prepare, afterCompleted } = planned as Planned;

  let done = upload.chunksDone;
  if (done === null) {
    const started = await db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, uploadSid, null);
      if (!row) return false;
      await insertLogs(tx, row, issues);
      await tx
        .updateTable('uploads')
        .set({
          rowCountTotal: totalRows,
          rowCountFailure: issues.length,
          rowsProcessed: issues.length,
          chunksDone: 0,
          chunkRows,
          updated: new Date(),
        })
        .where('sid', '=', uploadSid)
        .execute();
      return true;
    });
    if (!started) return;
    done = 0;
  }
  // On PostgreSQL an open-order import keeps two chunk transactions going: the next chunk's rows are
  // written while the one before finishes, on two connections (two cores). PGlite runs one at a time.
  if (prepare && done < chunks.length) await prepare();
  const overlap = independentChunks === true && !pglite;
  let previous: Promise<boolean> | null = null;
  for (let i = done; i < chunks.length; i++) {
    if (!overlap) {
      // PGlite runs queries on this thread: between chunks the server answers requests (and pg-boss its heartbeat).
      await new Promise((resolve) => setTimeout(resolve, YIELD_MS));
    }
    if (options.signal?.aborted) {
      await previous?.catch(() => false);
      throw new Error('The job lost its claim; another attempt resumes it.');
    }
    const prior: Promise<boolean> | null = previous;
    const current = writeChunk(db, uploadSid, i, chunks[i], prior);
    if (!overlap) {
      if (!(await current)) return;
      continue;
    }
    if (prior) {
      let ok: boolean;
      try {
        ok = await prior;
      } catch (error) {
        await current.catch(() => false);
        throw error;
      }
      if (!ok) {
        await current.catch(() => false);
        return;
      }
    }
    previous = current;
  }
  if (previous && !(await previous)) return;
  const completed = await db.transaction().execute(async (tx) => {
    const row = await lockAt(tx, uploadSid, chunks.length);
    if (!row) return null;
    if (finish) await finish(tx, row);
    const rejectsFileSid = await storeRejects(tx, row, sheets, mapped);
    await tx
      .updateTable('uploads')
      .set({ status: 'completed', rejectsFileSid, version: row.version + 1, updated: new Date() })
      .where('sid', '=', uploadSid)
      .execute();
    await publishChanges(tx, await importChanges(tx, row));
    return row;
  });
  if (completed && afterCompleted) await afterCompleted(completed);
}

/** Reads and writes one upload; see the top of this file. Throws only for a retry to pick it up. */
export async function processUpload(db: Kysely<Database>, uploadSid: string, options: ProcessOptions): Promise<void> {
  const state: RunState = { lastAttempt: options.lastAttempt };
  try {
    await run(db, uploadSid, options, state);
  } catch (error) {
    if (!state.lastAttempt) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('uploads')
      .set({
        status: 'failed',
        failureMessage: clip(`The import stopped with an error: ${reason}`),
        updated: new Date(),
      })
      .where('sid', '=', uploadSid)
      .where('status', '=', 'processing')
      .execute();
  }
}
