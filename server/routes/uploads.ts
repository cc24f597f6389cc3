// File uploads of open orders, BOMs and inventory counts, and the open order
// upload logs (tags: Upload an open order file, openOrderUploads,
// openOrderUploadLogs, bomUploads, bomUploadsCreate, inventoryUploads,
// inventoryUploadsCreate). All three kinds live in the `uploads` table, told
// apart by `kind`; each kind's operations see only their own rows.
//
// Creating an upload checks the file at the door (size, content, declared
// type), stores it and the upload as 'processing', and answers 202; reading
// the rows is the upload job's work. Checking an upload (tag uploadChecks,
// our addition) reads the same form the same way and answers what the
// import would do, storing nothing (jobs/check-upload.ts). Staff only.
import type { Hono } from 'hono';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type * as z from 'zod/mini';
import { ListBomUploadsQueryParams } from '../../src/api/generated/zod/bom-uploads/bom-uploads.zod.ts';
import { CreateBomUploadBody } from '../../src/api/generated/zod/bom-uploads-create/bom-uploads-create.zod.ts';
import { ListInventoryUploadsQueryParams } from '../../src/api/generated/zod/inventory-uploads/inventory-uploads.zod.ts';
import { CreateInventoryUploadBody } from '../../src/api/generated/zod/inventory-uploads-create/inventory-uploads-create.zod.ts';
import { ListOpenOrderUploadLogsQueryParams } from '../../src/api/generated/zod/open-order-upload-logs/open-order-upload-logs.zod.ts';
import { GetRejectedRowsDownloadUrlQueryParams } from '../../src/api/generated/zod/upload-rejected-rows/upload-rejected-rows.zod.ts';
import { ListOpenOrderUploadsQueryParams } from '../../src/api/generated/zod/open-order-uploads/open-order-uploads.zod.ts';
import { CreateOpenOrderUploadBody } from '../../src/api/generated/zod/upload-an-open-order-file/upload-an-open-order-file.zod.ts';
import { fileInfo, keepFile, storeFile } from '../db/files.ts';
import type { Database, Row, UploadKind } from '../db/schema.ts';
import { checkUploadFile, CONTENT_TYPES, MAX_UPLOAD_BYTES, type UploadFileType } from '../domain/file-type.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { requireStorableText } from '../http/input-guard.ts';
import {
  isReceivedFile,
  readMultipart,
  type FormPart,
  type MultipartLimits,
  type ReceivedFile,
} from '../http/multipart.ts';
import { signedFileUrl } from '../http/signed-url.ts';
import { checkUpload } from '../jobs/check-upload.ts';
import { enqueueUploadImport, UPLOAD_QUEUE, wakeWorker } from '../jobs/queue.ts';
import { parseWith, queryParams } from '../http/validate.ts';
import { fieldMappingFor } from './mappings.ts';
import {
  clientSid,
  type Ctx,
  dbOf,
  type Db,
  isoRequired,
  pageOf,
  principalOf,
  requireStaff,
  sidConflict,
} from './support.ts';

type UploadRow = Row<'uploads'>;
/** An upload as the API shows it: the row and who uploaded it. */
type UploadView = UploadRow & { uploadedByName: string | null };

/** The rows with their uploader's name (first and last name, else email), in one query. */
async function withUploaders(db: Db, rows: UploadRow[]): Promise<UploadView[]> {
  const sids = [...new Set(rows.flatMap((r) => (r.originatingIdentity ? [r.originatingIdentity] : [])))];
  const users = sids.length
    ? await db.selectFrom('users').select(['sid', 'firstName', 'lastName', 'email']).where('sid', 'in', sids).execute()
    : [];
  const names = new Map(
    users.map((u) => [u.sid, [u.firstName, u.lastName].filter(Boolean).join(' ').trim() || u.email]),
  );
  return rows.map((r) => ({
    ...r,
    uploadedByName: r.originatingIdentity ? (names.get(r.originatingIdentity) ?? null) : null,
  }));
}

const viewOf = async (db: Db, row: UploadRow): Promise<UploadView> => (await withUploaders(db, [row]))[0];

/** The extension fields every kind shows: the import job's progress and outcome (see upload-import.ts). */
function progress(u: UploadView) {
  return {
    rowCountCreated: u.rowCountCreated,
    rowCountUpdated: u.rowCountUpdated,
    rowsProcessed: u.rowsProcessed,
    failureMessage: u.failureMessage,
    fileName: u.fileName,
    sheetName: u.sheetName,
    hasRejectedRowsFile: u.rejectsFileSid !== null,
    uploadedByName: u.uploadedByName,
  };
}

export function serializeOpenOrderUpload(u: UploadView) {
  return {
    sid: u.sid,
    created: isoRequired(u.created),
    updated: isoRequired(u.updated),
    organization: u.organizationSid,
    status: u.status,
    fileSid: u.fileSid,
    fieldMappingSid: u.fieldMappingSid,
    orderMemberUserSids: u.orderMemberUserSids,
    orderMemberEmails: u.orderMemberEmails,
    forceItemGroupsNotPresentDelivered: u.forceItemGroupsNotPresentDelivered,
    rowCountSuccess: u.rowCountSuccess,
    rowCountFailure: u.rowCountFailure,
    fileType: u.fileType,
    dataChangeGroupSid: u.dataChangeGroupSid,
    openOrderUploadParametersSid: u.parametersSid,
    rowCountTotal: u.rowCountTotal,
    ...progress(u),
  };
}

export function serializeBomUpload(u: UploadView) {
  return {
    sid: u.sid,
    created: isoRequired(u.created),
    updated: isoRequired(u.updated),
    version: String(u.version),
    organizationSid: u.organizationSid,
    originatingIdentity: u.originatingIdentity,
    fieldMappingSid: u.fieldMappingSid,
    status: u.status,
    fileType: u.fileType,
    rowCountSuccess: u.rowCountSuccess,
    rowCountFailure: u.rowCountFailure,
    rowCountTotal: u.rowCountTotal,
    dataChangeGroupSid: u.dataChangeGroupSid,
    bomUploadParametersSid: u.parametersSid,
    ...progress(u),
  };
}

export function serializeInventoryUpload(u: UploadView) {
  return {
    sid: u.sid,
    created: isoRequired(u.created),
    updated: isoRequired(u.updated),
    version: String(u.version),
    organization: u.organizationSid,
    status: u.status,
    fieldMappingSid: u.fieldMappingSid,
    originatingIdentity: u.originatingIdentity,
    rowCountSuccess: u.rowCountSuccess,
    rowCountFailure: u.rowCountFailure,
    rowCountTotal: u.rowCountTotal,
    fileType: u.fileType,
    inventoryUniqueNameHash: u.inventoryUniqueNameHash ?? [],
    dataChangeGroupSid: u.dataChangeGroupSid,
    ...progress(u),
  };
}

export function serializeUploadLog(l: Row<'uploadLogs'>) {
  return {
    sid: l.sid,
    created: isoRequired(l.created),
    uploadSid: l.uploadSid,
    rowNumber: l.rowNumber,
    column: l.column,
    value: l.value,
    message: l.message,
  };
}

interface KindSpec {
  path: string;
  listKey: string;
  what: string;
  serialize: (u: UploadView) => unknown;
}

/** Sid prefixes as the Factor API writes them: inventory uploads are IP…, the others UP…. */
const UPLOAD_SID_PREFIX: Record<UploadKind, string> = { openOrder: 'UP', bom: 'UP', inventory: 'IP' };

const KINDS: Record<UploadKind, KindSpec> = {
  openOrder: {
    path: '/v1/openOrderUploads',
    listKey: 'openOrderUploads',
    what: 'open order upload',
    serialize: serializeOpenOrderUpload,
  },
  bom: { path: '/v1/bomUploads', listKey: 'bomUploads', what: 'BOM upload', serialize: serializeBomUpload },
  inventory: {
    path: '/v1/inventoryUploads',
    listKey: 'inventoryUploads',
    what: 'inventory upload',
    serialize: serializeInventoryUpload,
  },
};

export async function findUpload(db: Db, p: Principal, kind: UploadKind, sid: string): Promise<UploadRow> {
  const row = await db
    .selectFrom('uploads')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('kind', '=', kind)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound(KINDS[kind].what);
  return row;
}

// ---- the multipart form ----

/** How each form field is read: the file, one text value, true/false, or a list (repeated or comma-separated). */
type FieldKind = 'file' | 'text' | 'boolean' | 'list';

const CSV_SEPARATOR = /\s*,\s*/;

/** A comma-separated text value as its entries: trimmed, blanks dropped, each once. */
function entries(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(CSV_SEPARATOR).map((s) => s.trim()))].filter(Boolean);
}

function readField(name: string, kind: FieldKind, parts: FormPart[]): unknown {
  if (kind === 'file') {
    if (parts.length > 1) throw badRequest('Send one file per upload.', name);
    const [part] = parts;
    if (!isReceivedFile(part)) throw badRequest(`${name} must be a file part of the form, not a text value.`, name);
    requireStorableText(part.name, name);
    return part;
  }
  if (parts.some(isReceivedFile)) throw badRequest(`${name} must be a text value, not a file.`, name);
  const texts = parts as string[];
  for (const text of texts) requireStorableText(text, name);
  if (kind === 'list') return texts.length === 1 ? entries(texts[0]) : texts.map((t) => t.trim()).filter(Boolean);
  if (texts.length > 1) throw badRequest(`${name} was sent more than once.`, name);
  const text = texts[0];
  // An empty form input means the value was left out.
  if (text === '') return null;
  if (kind === 'boolean') {
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw badRequest(`${name} must be true or false.`, name);
  }
  return text;
}

/**
 * Text values are sids, names and lists of emails: 64 KB is far more than any needs. The parts bound is well
 * past the longest list the schema takes one value per part, so the schema is what names a list too long.
 */
const FORM_LIMITS: MultipartLimits = { fileBytes: MAX_UPLOAD_BYTES, fieldBytes: 64 * 1024, parts: 1000 };

/**
 * The multipart body: the file as it arrived, and the other fields as an object for the generated schema
 * (unknown fields refused by name, values typed). The schema's check of `file` is its presence; the bytes stay
 * in the chunks they came in.
 */
async function multipartBody<T>(
  c: Ctx,
  fields: Record<string, FieldKind>,
  schema: z.ZodMiniType<T>,
): Promise<{ body: T; file: ReceivedFile }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'multipart/form-data') throw badRequest('Send the body as multipart/form-data.', 'file');
  const form = await readMultipart(c, 'file', FORM_LIMITS);
  // A list may also come in the `name[]` convention.
  const keyOf = (key: string) => (key.endsWith('[]') && fields[key.slice(0, -2)] === 'list' ? key.slice(0, -2) : key);
  const unknown = Object.keys(form).filter((key) => !Object.hasOwn(fields, keyOf(key)));
  if (unknown.length) {
    const names = unknown.map((k) => `"${k}"`).join(', ');
    throw badRequest(
      `Unknown form field${unknown.length > 1 ? 's' : ''} ${names}; this operation takes ${Object.keys(fields).join(', ')}.`,
      unknown[0],
    );
  }
  const values: Record<string, unknown> = {};
  for (const [key, parts] of Object.entries(form)) {
    const name = keyOf(key);
    const value = readField(name, fields[name], parts);
    const earlier = values[name];
    values[name] =
      Array.isArray(earlier) && Array.isArray(value) ? [...(earlier as unknown[]), ...(value as unknown[])] : value;
  }
  const file = values.file;
  if (!file || !isReceivedFile(file as FormPart)) throw badRequest('Attach the file as the form field "file".', 'file');
  return { body: parseWith(schema, { ...values, file: new Blob() }), file: file as ReceivedFile };
}

interface AcceptedFile {
  name: string;
  contentType: string;
  content: Buffer;
  sha256: string;
  fileType: UploadFileType;
}

/** The uploaded file, if it passes the door: not empty, not too large, CSV text or a workbook matching fileType. */
function acceptFile(file: ReceivedFile, declared: UploadFileType | null | undefined): AcceptedFile {
  const content = file.chunks.length === 1 ? file.chunks[0] : Buffer.concat(file.chunks, file.size);
  const check = checkUploadFile(content, declared, file.name);
  if (!check.ok) {
    if (check.tooLarge) throw new HttpError(413, 'payload_too_large', check.message, check.field);
    throw badRequest(check.message, check.field);
  }
  return {
    name: file.name || `upload.${check.fileType}`,
    // The type the content shows, never the one the uploader claimed: it is sent back on download.
    contentType: CONTENT_TYPES[check.fileType],
    content,
    sha256: file.sha256,
    fileType: check.fileType,
  };
}

/**
 * The upload a client sid already names, when this is the same upload again (the caller's organization, this
 * kind, the same file's bytes): answered again with 200. Any other use of the sid, another organization's
 * included, is one and the same 409, so a sid in use elsewhere is never revealed.
 */
async function existingUpload(
  db: Db,
  p: Principal,
  kind: UploadKind,
  sid: string | null,
  file: AcceptedFile,
): Promise<UploadRow | null> {
  if (!sid) return null;
  const row = await db.selectFrom('uploads').selectAll().where('sid', '=', sid).executeTakeFirst();
  if (!row) return null;
  if (row.organizationSid !== p.organizationSid || row.kind !== kind || !row.fileSid) throw sidConflict();
  if ((await fileInfo(db, row.fileSid))?.sha256 !== file.sha256) throw sidConflict();
  return row;
}

type UploadValues = Omit<
  Insertable<Database['uploads']>,
  'sid' | 'organizationSid' | 'created' | 'updated' | 'fileSid' | 'status' | 'fileType' | 'originatingIdentity'
>;

/**
 * Stores the file, pending, and then the upload ('processing') and its import job in one transaction that keeps
 * the file. The file is written outside that transaction, a part at a time, so other requests go on meanwhile
 * (on PGlite a transaction holds the one connection); a refused upload deletes it again.
 */
async function storeUpload(
  db: Kysely<Database>,
  p: Principal,
  sid: string | null,
  file: AcceptedFile,
  values: UploadValues,
): Promise<UploadRow> {
  const now = new Date();
  const fileSid = await storeFile(
    db,
    {
      organizationSid: p.organizationSid,
      name: file.name,
      contentType: file.contentType,
      content: file.content,
      sha256: file.sha256,
      pending: true,
    },
    now,
  );
  const stored = await db
    .transaction()
    .execute(async (tx) => {
      await keepFile(tx, fileSid);
      return recordUpload(db, tx, p, sid, file, values, fileSid, now);
    })
    .catch(async (error: unknown) => {
      await db.deleteFrom('files').where('sid', '=', fileSid).execute();
      throw error;
    });
  wakeWorker(db, UPLOAD_QUEUE);
  return stored;
}

async function recordUpload(
  db: Kysely<Database>,
  tx: Transaction<Database>,
  p: Principal,
  sid: string | null,
  file: AcceptedFile,
  values: UploadValues,
  fileSid: string,
  now: Date,
): Promise<UploadRow> {
  const row = await tx
    .insertInto('uploads')
    .values({
      ...values,
      sid: sid ?? newSid(UPLOAD_SID_PREFIX[values.kind]),
      organizationSid: p.organizationSid,
      created: now,
      updated: now,
      status: 'processing',
      fileSid,
      fileName: file.name,
      fileType: file.fileType,
      originatingIdentity: p.userSid,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await enqueueUploadImport(db, tx, row.sid);
  return row;
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;
const USER_SID = /^US[0-9a-z]{28}$/;

/** The users of the caller's organization among `sids`; any other sid is a 400 naming `field`. */
async function requireUsers(db: Db, p: Principal, sids: string[], field: string): Promise<void> {
  if (!sids.length) return;
  const found = await db
    .selectFrom('users')
    .select('sid')
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', 'in', sids)
    .execute();
  const known = new Set(found.map((u) => u.sid));
  const missing = sids.filter((s) => !known.has(s));
  if (missing.length) throw badRequest(`${field} names no user of yours: ${missing.join(', ')}.`, field);
}

function requireEmails(emails: string[], field: string): void {
  const bad = emails.filter((e) => !EMAIL.test(e));
  if (bad.length) throw badRequest(`${field} has entries that are not email addresses: ${bad.join(', ')}.`, field);
}

// ---- the routes ----

/** A kind's upload form: its fields and schema, and the values its upload row gets from it. */
interface UploadForm<Body> {
  fields: Record<string, FieldKind>;
  schema: z.ZodMiniType<Body>;
  /** The prefix of a client sid. */
  sidPrefix: string;
  /** The upload row's values, each checked against the organization (a 400 naming the field). */
  values(db: Db, p: Principal, body: Body): Promise<UploadValues>;
}

interface FormBody {
  sid?: string | null;
  fileType?: UploadFileType | null;
}

/** A staff member's form, its file taken at the door: where a create and a check both start. */
async function readUploadForm<Body extends FormBody>(c: Ctx, form: UploadForm<Body>) {
  const p = principalOf(c);
  requireStaff(p);
  const { body, file: received } = await multipartBody(c, form.fields, form.schema);
  const sid = clientSid(body.sid, form.sidPrefix);
  const file = acceptFile(received, body.fileType);
  return { p, db: dbOf(c), body, sid, file };
}

function registerKind<Body extends FormBody>(app: Hono<AppEnv>, kind: UploadKind, form: UploadForm<Body>): void {
  const { path, listKey, serialize } = KINDS[kind];

  app.get(path, async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params: { organizationSid?: string; sortOrder?: 'Asc' | 'Desc'; pageToken?: string; pageSize?: number } =
      kind === 'openOrder'
        ? queryParams(c, ListOpenOrderUploadsQueryParams)
        : kind === 'bom'
          ? queryParams(c, ListBomUploadsQueryParams)
          : queryParams(c, ListInventoryUploadsQueryParams);
    let q = dbOf(c)
      .selectFrom('uploads')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('kind', '=', kind);
    if (params.organizationSid && params.organizationSid !== p.organizationSid) q = q.where('sid', '=', '');
    const { rows, page } = await pageOf(q, params, { descending: params.sortOrder === 'Desc' });
    return c.json({ [listKey]: (await withUploaders(dbOf(c), rows)).map(serialize), page });
  });

  app.post(path, async (c) => {
    const { p, db, body, sid, file } = await readUploadForm(c, form);
    // The same upload sent again is answered before its values are checked again (a mapping deleted since).
    const existing = await existingUpload(db, p, kind, sid, file);
    if (existing) return c.json(serialize(await viewOf(db, existing)), 200);
    const row = await storeUpload(db, p, sid, file, await form.values(db, p, body));
    return c.json(serialize(await viewOf(db, row)), 202);
  });

  // Our addition: the same form, checked as the import would do it (jobs/check-upload.ts); nothing is written.
  app.post(`${path}/check`, async (c) => {
    const { p, db, body, file } = await readUploadForm(c, form);
    const values = await form.values(db, p, body);
    const result = await checkUpload(db, {
      kind,
      organizationSid: p.organizationSid,
      file: { name: file.name, fileType: file.fileType, content: file.content },
      sheetName: values.sheetName ?? null,
      fieldMappingSid: values.fieldMappingSid ?? null,
      orderUniqueNameHash: values.orderUniqueNameHash ?? null,
      inventoryUniqueNameHash: values.inventoryUniqueNameHash ?? null,
      forceItemGroupsNotPresentDelivered: values.forceItemGroupsNotPresentDelivered ?? false,
    });
    return c.json(result, 200);
  });

  app.get(`${path}/:sid`, async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    return c.json(serialize(await viewOf(db, await findUpload(db, p, kind, c.req.param('sid')))));
  });

  app.delete(`${path}/:sid`, async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const upload = await findUpload(tx, p, kind, c.req.param('sid'));
        // Its logs go with it (foreign key on delete cascade); the original file and the rejected rows' file here.
        await tx.deleteFrom('uploads').where('sid', '=', upload.sid).execute();
        const fileSids = [upload.fileSid, upload.rejectsFileSid].filter((f): f is string => f !== null);
        if (fileSids.length) {
          await tx
            .deleteFrom('files')
            .where('organizationSid', '=', p.organizationSid)
            .where('sid', 'in', fileSids)
            .execute();
        }
      });
    return c.body(null, 204);
  });

  app.get(`${path}/:sid/downloadUrl`, async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const upload = await findUpload(dbOf(c), p, kind, c.req.param('sid'));
    if (!upload.fileSid) throw notFound(`file of this ${KINDS[kind].what}`);
    return c.json(signedFileUrl(c.get('publicOrigin'), upload.fileSid));
  });
}

const blankToNull = (value: string | null | undefined): string | null => (value?.trim() ? value.trim() : null);

const OPEN_ORDER_FORM: UploadForm<z.output<typeof CreateOpenOrderUploadBody>> = {
  fields: {
    sid: 'text',
    file: 'file',
    sheetName: 'text',
    fieldMappingSid: 'text',
    orderMemberEmails: 'text',
    orderMemberSids: 'text',
    forceItemGroupsNotPresentDelivered: 'boolean',
    membersToNotifyOnFailure: 'text',
    fileType: 'text',
    orderUniqueNameHash: 'text',
    dataChangeGroupSid: 'text',
    openOrderUploadParametersSid: 'text',
  },
  schema: CreateOpenOrderUploadBody,
  sidPrefix: UPLOAD_SID_PREFIX.openOrder,
  async values(db, p, body) {
    const fieldMappingSid = await fieldMappingFor(db, p, body.fieldMappingSid, 'import');
    const memberSids = entries(body.orderMemberSids);
    await requireUsers(db, p, memberSids, 'orderMemberSids');
    const memberEmails = entries(body.orderMemberEmails);
    requireEmails(memberEmails, 'orderMemberEmails');
    const notify = entries(body.membersToNotifyOnFailure);
    requireEmails(
      notify.filter((e) => !USER_SID.test(e)),
      'membersToNotifyOnFailure',
    );
    await requireUsers(
      db,
      p,
      notify.filter((e) => USER_SID.test(e)),
      'membersToNotifyOnFailure',
    );
    const parametersSid = clientSid(
      blankToNull(body.openOrderUploadParametersSid),
      'OU',
      'openOrderUploadParametersSid',
    );
    return {
      kind: 'openOrder',
      sheetName: blankToNull(body.sheetName),
      fieldMappingSid,
      orderMemberUserSids: memberSids,
      orderMemberEmails: memberEmails,
      forceItemGroupsNotPresentDelivered: body.forceItemGroupsNotPresentDelivered ?? false,
      membersToNotifyOnFailure: notify.length ? notify.join(',') : null,
      orderUniqueNameHash: entries(body.orderUniqueNameHash).join(',') || null,
      dataChangeGroupSid: blankToNull(body.dataChangeGroupSid),
      parametersSid,
    };
  },
};

const BOM_FORM: UploadForm<z.output<typeof CreateBomUploadBody>> = {
  fields: {
    sid: 'text',
    file: 'file',
    sheetName: 'text',
    organizationSid: 'text',
    fieldMappingSid: 'text',
    fileType: 'text',
    dataChangeGroupSid: 'text',
    bomUploadParametersSid: 'text',
  },
  schema: CreateBomUploadBody,
  sidPrefix: UPLOAD_SID_PREFIX.bom,
  async values(db, p, body) {
    if (body.organizationSid && body.organizationSid !== p.organizationSid) {
      throw badRequest('organizationSid is not your organization.', 'organizationSid');
    }
    const fieldMappingSid = await fieldMappingFor(db, p, body.fieldMappingSid, 'import');
    const parametersSid = clientSid(blankToNull(body.bomUploadParametersSid), 'BU', 'bomUploadParametersSid');
    return {
      kind: 'bom',
      sheetName: blankToNull(body.sheetName),
      fieldMappingSid,
      dataChangeGroupSid: blankToNull(body.dataChangeGroupSid),
      parametersSid,
    };
  },
};

const INVENTORY_FORM: UploadForm<z.output<typeof CreateInventoryUploadBody>> = {
  fields: {
    sid: 'text',
    file: 'file',
    sheetName: 'text',
    fieldMappingSid: 'text',
    fileType: 'text',
    inventoryUniqueNameHash: 'list',
    dataChangeGroupSid: 'text',
  },
  schema: CreateInventoryUploadBody,
  sidPrefix: UPLOAD_SID_PREFIX.inventory,
  async values(db, p, body) {
    const fieldMappingSid = await fieldMappingFor(db, p, body.fieldMappingSid, 'import');
    return {
      kind: 'inventory',
      sheetName: blankToNull(body.sheetName),
      fieldMappingSid,
      inventoryUniqueNameHash: body.inventoryUniqueNameHash?.length ? body.inventoryUniqueNameHash : null,
      dataChangeGroupSid: blankToNull(body.dataChangeGroupSid),
    };
  },
};

export function registerUploads(app: Hono<AppEnv>): void {
  registerKind(app, 'openOrder', OPEN_ORDER_FORM);
  registerKind(app, 'bom', BOM_FORM);
  registerKind(app, 'inventory', INVENTORY_FORM);

  /** An upload of any kind (the logs operations take all three). */
  async function anyUpload(db: Db, p: Principal, sid: string): Promise<UploadRow> {
    const upload = await db
      .selectFrom('uploads')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', sid)
      .executeTakeFirst();
    if (!upload) throw notFound('upload');
    return upload;
  }

  app.get('/v1/openOrderUploadLogs/rejectedRowsUrl', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, GetRejectedRowsDownloadUrlQueryParams);
    const upload = await anyUpload(dbOf(c), p, params.openOrderUploadSid);
    if (upload.status === 'processing') {
      throw new HttpError(
        409,
        'upload_processing',
        'The upload is still being read; its rejected rows are ready once it completes.',
      );
    }
    if (!upload.rejectsFileSid) {
      throw new HttpError(
        404,
        'no_rejected_rows',
        upload.status === 'failed'
          ? 'The whole upload failed, so there are no rejected rows to download: fix the file itself and upload it again.'
          : 'This upload has no rejected rows.',
      );
    }
    return c.json(signedFileUrl(c.get('publicOrigin'), upload.rejectsFileSid));
  });

  app.get('/v1/openOrderUploadLogs', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListOpenOrderUploadLogsQueryParams);
    const db = dbOf(c);
    // Our addition: the logs of a BOM or inventory upload too; in row order.
    const upload = await anyUpload(db, p, params.openOrderUploadSid);
    const q = db
      .selectFrom('uploadLogs')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('uploadSid', '=', upload.sid);
    const { rows, page } = await pageOf(q, params, { key: 'rowNumber' });
    return c.json({ openOrderUploadLogs: rows.map(serializeUploadLog), page });
  });
}
