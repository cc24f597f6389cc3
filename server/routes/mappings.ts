// Field mappings (custom column headers for uploads and exports) and their
// mapped fields (tags: fieldMappings, mappedFields). Staff only.
import type { Hono } from 'hono';
import {
  CreateFieldMappingBody,
  ListFieldMappingsQueryParams,
} from '../../src/api/generated/zod/field-mappings/field-mappings.zod.ts';
import {
  CreateMappedFieldBody,
  ListMappedFieldsQueryParams,
} from '../../src/api/generated/zod/mapped-fields/mapped-fields.zod.ts';
import { isDateFieldType } from '../../src/lib/import-preview/fields.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { clientSid, dbOf, type Db, isoRequired, pageOf, principalOf, replayCreate, requireStaff } from './support.ts';

export function serializeFieldMapping(m: Row<'fieldMappings'>) {
  return {
    sid: m.sid,
    created: isoRequired(m.created),
    updated: isoRequired(m.updated),
    organizationSid: m.organizationSid,
    name: m.name,
    importAllowed: m.importAllowed,
    exportAllowed: m.exportAllowed,
  };
}

export function serializeMappedField(f: Row<'mappedFields'>) {
  return {
    sid: f.sid,
    created: isoRequired(f.created),
    updated: isoRequired(f.updated),
    fieldMappingSid: f.fieldMappingSid,
    name: f.name,
    mappedFieldType: f.mappedFieldType,
    dateOrder: f.dateOrder,
  };
}

async function findFieldMapping(db: Db, p: Principal, sid: string): Promise<Row<'fieldMappings'>> {
  const row = await db
    .selectFrom('fieldMappings')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('field mapping');
  return row;
}

/**
 * The field mapping a request body names for an import or an export: it must
 * be the caller's and allow that use, else 400 naming `field`.
 */
export async function fieldMappingFor(
  db: Db,
  p: Principal,
  sid: string | null | undefined,
  use: 'import' | 'export',
  field = 'fieldMappingSid',
): Promise<string | null> {
  if (sid === null || sid === undefined) return null;
  const mapping = await db
    .selectFrom('fieldMappings')
    .select(['sid', 'importAllowed', 'exportAllowed'])
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!mapping) throw badRequest(`${field} names no field mapping of yours.`, field);
  if (use === 'import' && !mapping.importAllowed) {
    throw badRequest(`The field mapping ${sid} does not allow imports (importAllowed is false).`, field);
  }
  if (use === 'export' && !mapping.exportAllowed) {
    throw badRequest(`The field mapping ${sid} does not allow exports (exportAllowed is false).`, field);
  }
  return mapping.sid;
}

function nonBlank(value: string, field: string): string {
  if (!value.trim()) throw badRequest(`${field} must not be blank.`, field);
  return value;
}

export function registerFieldMappings(app: Hono<AppEnv>): void {
  app.get('/v1/fieldMappings', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListFieldMappingsQueryParams);
    const q = dbOf(c).selectFrom('fieldMappings').selectAll().where('organizationSid', '=', p.organizationSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ fieldMappings: rows.map(serializeFieldMapping), page });
  });

  app.post('/v1/fieldMappings', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateFieldMappingBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'FM');
    if (sid) {
      const existing = await db.selectFrom('fieldMappings').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            name: [body.name ?? null, row.name],
            importAllowed: [body.importAllowed ?? true, row.importAllowed],
            exportAllowed: [body.exportAllowed ?? true, row.exportAllowed],
          }),
          serializeFieldMapping,
        );
      }
    }
    const name = body.name === null || body.name === undefined ? null : nonBlank(body.name, 'name');
    const now = new Date();
    const row = await db
      .insertInto('fieldMappings')
      .values({
        sid: sid ?? newSid('FM'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        name,
        importAllowed: body.importAllowed ?? true,
        exportAllowed: body.exportAllowed ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeFieldMapping(row), 201);
  });

  app.get('/v1/fieldMappings/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    return c.json(serializeFieldMapping(await findFieldMapping(dbOf(c), p, c.req.param('sid'))));
  });

  app.delete('/v1/fieldMappings/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const mapping = await findFieldMapping(tx, p, c.req.param('sid'));
        // Uploads and exports still being processed read the mapping later: deleting it would change their result.
        const inUse = await tx
          .selectFrom('uploads')
          .select('sid')
          .where('organizationSid', '=', p.organizationSid)
          .where('fieldMappingSid', '=', mapping.sid)
          .where('status', '=', 'processing')
          .union(
            tx
              .selectFrom('fileExports')
              .select('sid')
              .where('organizationSid', '=', p.organizationSid)
              .where('fieldMappingSid', '=', mapping.sid)
              .where('status', '=', 'processing'),
          )
          .executeTakeFirst();
        if (inUse) {
          throw conflict(
            `The field mapping is used by ${inUse.sid}, which is still processing; delete it when that is done.`,
          );
        }
        // Its mapped fields go with it (foreign key on delete cascade).
        await tx.deleteFrom('fieldMappings').where('sid', '=', mapping.sid).execute();
      });
    return c.body(null, 204);
  });

  app.get('/v1/mappedFields', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListMappedFieldsQueryParams);
    let q = dbOf(c).selectFrom('mappedFields').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.fieldMappingSid) q = q.where('fieldMappingSid', '=', params.fieldMappingSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ mappedFields: rows.map(serializeMappedField), page });
  });

  app.post('/v1/mappedFields', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateMappedFieldBody);
    const db = dbOf(c);
    const sid = clientSid(body.sid, 'MF');
    if (sid) {
      const existing = await db.selectFrom('mappedFields').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            fieldMappingSid: [body.fieldMappingSid, row.fieldMappingSid],
            name: [body.name, row.name],
            mappedFieldType: [body.mappedFieldType, row.mappedFieldType],
            dateOrder: [body.dateOrder, row.dateOrder],
          }),
          serializeMappedField,
        );
      }
    }
    const name = nonBlank(body.name, 'name');
    const mappedFieldType = nonBlank(body.mappedFieldType, 'mappedFieldType');
    const dateOrder = body.dateOrder ?? null;
    if (dateOrder !== null && !isDateFieldType(mappedFieldType)) {
      throw badRequest(
        `dateOrder is for date columns (dueDate, shipDate, estimatedArrivalDate, recordingDate), not ${mappedFieldType}.`,
        'dateOrder',
      );
    }
    const row = await db.transaction().execute(async (tx) => {
      const mapping = await tx
        .selectFrom('fieldMappings')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('sid', '=', body.fieldMappingSid)
        .forUpdate()
        .executeTakeFirst();
      if (!mapping) throw badRequest('fieldMappingSid names no field mapping of yours.', 'fieldMappingSid');
      // One meaning per column of the file: a second entry for the same column would be ambiguous.
      const taken = await tx
        .selectFrom('mappedFields')
        .select('mappedFieldType')
        .where('fieldMappingSid', '=', mapping.sid)
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken) {
        throw conflict(`This field mapping already maps the column "${name}" (to ${taken.mappedFieldType}).`, 'name');
      }
      const now = new Date();
      return tx
        .insertInto('mappedFields')
        .values({
          sid: sid ?? newSid('MF'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          fieldMappingSid: mapping.sid,
          name,
          mappedFieldType,
          dateOrder,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return c.json(serializeMappedField(row), 201);
  });

  app.get('/v1/mappedFields/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const row = await dbOf(c)
      .selectFrom('mappedFields')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (!row) throw notFound('mapped field');
    return c.json(serializeMappedField(row));
  });

  app.delete('/v1/mappedFields/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const deleted = await dbOf(c)
      .deleteFrom('mappedFields')
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound('mapped field');
    return c.body(null, 204);
  });
}
