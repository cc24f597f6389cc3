// The upload job: reads an uploaded file (server/domain/import) and writes
// its rows. Idempotent, so a job cut short by a crash can simply run again:
//  1. the file is read and planned in memory, the same way every time;
//  2. one transaction logs the rejected rows and sets the totals (chunksDone 0);
//  3. each chunk of rows (whole orders of about CHUNK_ROWS rows, one BOM, or
//     CHUNK_ROWS counts) is written in its own transaction together with
//     chunksDone, so a restart resumes after the last chunk written; writes
//     match records by unique names, so nothing is ever written twice;
//  4. one transaction finishes: forceItemGroupsNotPresentDelivered, then
//     status completed.
// A problem of the whole file fails the upload in one transaction, writing
// only its logs. Each transaction first locks the upload and checks it is at
// the expected step, so two workers can never both write a chunk.
import type { Kysely, Transaction } from 'kysely';
import type { Database, Row } from '../db/schema.ts';
import { bomNameFromFile, planBom, type BomPlanEntry } from '../domain/import/bom.ts';
import type { MappedFieldInput } from '../domain/import/columns.ts';
import { planInventory, type CountPlan } from '../domain/import/inventory.ts';
import { planOpenOrders, type OpenOrderPlan, type OrderPlan } from '../domain/import/open-orders.ts';
import type { FileFailure, RowIssue } from '../domain/import/plan.ts';
import { readSheets, type Sheet } from '../domain/import/table.ts';
import { newSid } from '../domain/sid.ts';
import { writeBom } from './write-bom.ts';
import { deliverItemGroupsNotInFile, writeOpenOrders } from './write-open-orders.ts';
import { writeInventory } from './write-inventory.ts';
import type { Actor, ChunkResult } from './write-support.ts';

/** Rows per chunk transaction. */
const CHUNK_ROWS = 1000;
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
  finish?: (tx: Tx) => Promise<void>;
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
          message: issue.message,
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
        failureMessage: failure.message,
        rowCountTotal: failure.totalRows,
        rowCountFailure: failure.issues.length,
        rowCountSuccess: 0,
        rowsProcessed: 0,
        version: row.version + 1,
        updated: new Date(),
      })
      .where('sid', '=', row.sid)
      .execute();
  });
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

/** Whole orders, about CHUNK_ROWS rows at a time. */
function orderChunks(orders: readonly OrderPlan[]): OrderPlan[][] {
  const out: OrderPlan[][] = [];
  let current: OrderPlan[] = [];
  let rows = 0;
  for (const order of orders) {
    current.push(order);
    rows += order.rowCount;
    if (rows >= CHUNK_ROWS) {
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
): Promise<Planned | FileFailure> {
  const vendors = await db
    .selectFrom('vendors')
    .select(['sid', 'name'])
    .where('organizationSid', '=', upload.organizationSid)
    .execute();
  const plan: OpenOrderPlan | FileFailure = planOpenOrders(sheets, {
    mapped,
    orderUniqueNameHash: (upload.orderUniqueNameHash ?? '').split(',').filter(Boolean),
    vendors,
  });
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
    chunks: orderChunks(plan.orders).map((orders) => ({
      rows: orders.reduce((n, o) => n + o.rowCount, 0),
      write: (tx) => writeOpenOrders(tx, ctx, orders),
    })),
    finish: upload.forceItemGroupsNotPresentDelivered
      ? async (tx) => {
          await deliverItemGroupsNotInFile(tx, upload.organizationSid, actor, plan.orders);
        }
      : undefined,
  };
}

function planBomUpload(upload: UploadRow, sheets: Sheet[], mapped: MappedFieldInput[], actor: Actor, fileName: string) {
  const plan = planBom(sheets, { mapped, defaultBomName: bomNameFromFile(fileName) });
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

function planInventoryUpload(upload: UploadRow, sheets: Sheet[], mapped: MappedFieldInput[]) {
  const plan = planInventory(sheets, {
    mapped,
    uniqueNameHash: upload.inventoryUniqueNameHash ?? [],
    defaultDate: upload.created.toISOString().slice(0, 10),
  });
  if (!plan.ok) return plan;
  const chunks: Chunk[] = [];
  for (let i = 0; i < plan.counts.length; i += CHUNK_ROWS) {
    const counts: CountPlan[] = plan.counts.slice(i, i + CHUNK_ROWS);
    chunks.push({ rows: counts.length, write: (tx) => writeInventory(tx, upload.organizationSid, counts) });
  }
  return { totalRows: plan.totalRows, issues: plan.issues, chunks };
}

const KIND_LABEL = { csv: 'CSV text', xlsx: 'an XLSX workbook', xls: 'an XLS workbook' } as const;

async function run(db: Kysely<Database>, uploadSid: string, options: ProcessOptions): Promise<void> {
  const upload = await db.selectFrom('uploads').selectAll().where('sid', '=', uploadSid).executeTakeFirst();
  if (!upload || upload.status !== 'processing') return;
  const file = upload.fileSid
    ? await db.selectFrom('files').select(['name', 'content']).where('sid', '=', upload.fileSid).executeTakeFirst()
    : undefined;
  if (!file) return fail(db, upload, { message: 'The uploaded file is no longer there.', issues: [], totalRows: 0 });
  const mapped = upload.fieldMappingSid
    ? await db
        .selectFrom('mappedFields')
        .select(['name', 'mappedFieldType'])
        .where('fieldMappingSid', '=', upload.fieldMappingSid)
        .execute()
    : [];
  let sheets: Sheet[];
  try {
    sheets = await readSheets(new Uint8Array(file.content), upload.fileType);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(db, upload, {
      message: `The file could not be read as ${KIND_LABEL[upload.fileType]}: ${reason}`,
      issues: [],
      totalRows: 0,
    });
  }
  const actor = await actorOf(db, upload.originatingIdentity);
  const planned =
    upload.kind === 'openOrder'
      ? await planOpenOrderUpload(db, upload, sheets, mapped, actor)
      : upload.kind === 'bom'
        ? planBomUpload(upload, sheets, mapped, actor, upload.fileName ?? file.name)
        : planInventoryUpload(upload, sheets, mapped);
  if ('ok' in planned && !planned.ok) return fail(db, upload, planned);
  const { totalRows, issues, chunks, finish } = planned as Planned;

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
          updated: new Date(),
        })
        .where('sid', '=', uploadSid)
        .execute();
      return true;
    });
    if (!started) return;
    done = 0;
  }
  for (let i = done; i < chunks.length; i++) {
    // PGlite runs queries on this thread: between chunks the server answers requests (and pg-boss its heartbeat).
    await new Promise((resolve) => setTimeout(resolve, YIELD_MS));
    if (options.signal?.aborted) throw new Error('The job lost its claim; another attempt resumes it.');
    const written = await db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, uploadSid, i);
      if (!row) return false;
      const result = await chunks[i].write(tx);
      if (result.issues?.length) await insertLogs(tx, row, result.issues);
      await tx
        .updateTable('uploads')
        .set({
          chunksDone: i + 1,
          rowsProcessed: row.rowsProcessed + chunks[i].rows,
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
    if (!written) return;
  }
  await db.transaction().execute(async (tx) => {
    const row = await lockAt(tx, uploadSid, chunks.length);
    if (!row) return;
    if (finish) await finish(tx);
    await tx
      .updateTable('uploads')
      .set({ status: 'completed', version: row.version + 1, updated: new Date() })
      .where('sid', '=', uploadSid)
      .execute();
  });
}

/** Reads and writes one upload; see the top of this file. Throws only for a retry to pick it up. */
export async function processUpload(db: Kysely<Database>, uploadSid: string, options: ProcessOptions): Promise<void> {
  try {
    await run(db, uploadSid, options);
  } catch (error) {
    if (!options.lastAttempt) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('uploads')
      .set({ status: 'failed', failureMessage: `The import stopped with an error: ${reason}`, updated: new Date() })
      .where('sid', '=', uploadSid)
      .where('status', '=', 'processing')
      .execute();
  }
}
