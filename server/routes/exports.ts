// File exports (tag: fileExports): a request to write a list view to a CSV or
// XLSX file. Creating one records it as 'processing' and sends its job in the
// same transaction; writing the file is the job's work (jobs/export-file.ts).
// Once its deleteAfter has passed, an export's file is deleted
// (jobs/purge-exports.ts) but the export stays listed; its download link
// answers 410 from that moment, whether or not the purge has run yet.
// Staff only.
import type { Hono } from 'hono';
import { ListBomLinesQueryParams } from '../../src/api/generated/zod/bom-lines/bom-lines.zod.ts';
import {
  CreateFileExportBody,
  ListFileExportsQueryParams,
} from '../../src/api/generated/zod/file-exports/file-exports.zod.ts';
import { ListItemsQueryParams } from '../../src/api/generated/zod/items/items.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { signedFileUrl } from '../http/signed-url.ts';
import { enqueueFileExport, EXPORT_QUEUE, wakeWorker } from '../jobs/queue.ts';
import { jsonBody, parseWith, queryParams } from '../http/validate.ts';
import { ListItemGroupsQuery } from './item-groups.ts';
import { fieldMappingFor } from './mappings.ts';
import { ListOrdersQuery } from './orders.ts';
import {
  clientSid,
  dbOf,
  type Db,
  iso,
  isoRequired,
  pageOf,
  principalOf,
  replayCreate,
  requireStaff,
  strictQuery,
} from './support.ts';

/** How long an export's file is kept. */
export const EXPORT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

type FileExportRow = Row<'fileExports'>;
type CreateFileExport = ReturnType<typeof CreateFileExportBody.parse>;
type ExportQuery = CreateFileExport['query'];

export function serializeFileExport(e: FileExportRow) {
  return {
    sid: e.sid,
    created: isoRequired(e.created),
    updated: isoRequired(e.updated),
    deleteAfter: iso(e.deleteAfter),
    status: e.status,
    fileType: e.fileType,
    fieldMappingSid: e.fieldMappingSid,
    query: (e.query ?? null) as Record<string, unknown> | null,
    failureMessage: e.failureMessage,
  };
}

/** The list operation whose filters each exportable entity takes (the routes' own schemas, strict about booleans). */
const LIST_PARAMS = {
  orders: ListOrdersQuery,
  items: ListItemsQueryParams,
  itemGroups: ListItemGroupsQuery,
  bomLines: strictQuery(ListBomLinesQueryParams),
} as const;

/** Paging is the export's business, not a filter. */
const NOT_FILTERS = new Set(['pageToken', 'pageSize']);

/** The filters must be ones the entity's list operation takes, with values it accepts. */
function checkFilters(query: ExportQuery): void {
  const filters = query.filters;
  if (!filters) return;
  const schema = LIST_PARAMS[query.entity];
  const known = Object.keys(schema.shape).filter((k) => !NOT_FILTERS.has(k));
  const asParams: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (!known.includes(key)) {
      throw badRequest(
        `query.filters.${key} is not a filter of the ${query.entity} list; it takes ${known.join(', ')}.`,
        `query.filters.${key}`,
      );
    }
    asParams[key] = Array.isArray(value) ? value : String(value);
  }
  parseWith<unknown>(schema, asParams, 'query.filters');
}

async function findFileExport(db: Db, p: Principal, sid: string): Promise<FileExportRow> {
  const row = await db
    .selectFrom('fileExports')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('file export');
  return row;
}

export function registerFileExports(app: Hono<AppEnv>): void {
  app.get('/v1/fileExports', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListFileExportsQueryParams);
    const q = dbOf(c).selectFrom('fileExports').selectAll().where('organizationSid', '=', p.organizationSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ fileExports: rows.map(serializeFileExport), page });
  });

  app.post('/v1/fileExports', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateFileExportBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'FE');
    if (sid) {
      const existing = await db.selectFrom('fileExports').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            query: [body.query, row.query],
            fieldMappingSid: [body.fieldMappingSid ?? null, row.fieldMappingSid],
          }),
          serializeFileExport,
        );
      }
    }
    checkFilters(body.query);
    const fieldMappingSid = await fieldMappingFor(db, p, body.fieldMappingSid, 'export');
    const now = new Date();
    // The export and its job are stored together: a committed export always has its job.
    const row = await db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('fileExports')
        .values({
          sid: sid ?? newSid('FE'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          status: 'processing',
          fileType: body.query.fileType ?? 'csv',
          fieldMappingSid,
          query: JSON.stringify(body.query),
          fileSid: null,
          deleteAfter: new Date(now.getTime() + EXPORT_RETENTION_MS),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await enqueueFileExport(db, tx, inserted.sid);
      return inserted;
    });
    wakeWorker(db, EXPORT_QUEUE);
    return c.json(serializeFileExport(row), 201);
  });

  app.get('/v1/fileExports/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeFileExport(await findFileExport(dbOf(c), p, c.req.param('sid'))));
  });

  app.delete('/v1/fileExports/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const row = await findFileExport(tx, p, c.req.param('sid'));
        await tx.deleteFrom('fileExports').where('sid', '=', row.sid).execute();
        if (row.fileSid) {
          await tx
            .deleteFrom('files')
            .where('organizationSid', '=', p.organizationSid)
            .where('sid', '=', row.fileSid)
            .execute();
        }
      });
    return c.body(null, 204);
  });

  app.get('/v1/fileExports/:sid/downloadUrl', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const row = await findFileExport(dbOf(c), p, c.req.param('sid'));
    if (row.status === 'processing') {
      throw new HttpError(
        409,
        'not_ready',
        'This export is still being written; ask again when its status is completed.',
      );
    }
    if (row.status === 'completed' && row.deleteAfter.getTime() <= Date.now()) {
      throw new HttpError(
        410,
        'export_expired',
        `This export was deleted on ${row.deleteAfter.toISOString().slice(0, 10)}; export the view again.`,
      );
    }
    if (!row.fileSid) {
      throw new HttpError(
        409,
        'not_ready',
        row.status === 'failed' ? 'This export failed and has no file; create a new one.' : 'This export has no file.',
      );
    }
    return c.json(signedFileUrl(c.get('publicOrigin'), row.fileSid));
  });
}
