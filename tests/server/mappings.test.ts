// Field mappings and their mapped fields: persistence, idempotency, the
// cascade on delete, scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server } from './support/harness.ts';

interface FieldMapping {
  sid: string;
  organizationSid: string;
  name: string | null;
  importAllowed: boolean;
  exportAllowed: boolean;
}
interface MappedField {
  sid: string;
  fieldMappingSid: string | null;
  name: string | null;
  mappedFieldType: string | null;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

describe('field mappings', () => {
  it('creates with defaults, reads, lists a page at a time and deletes with its mapped fields', async () => {
    const t = await createTenant();
    const created = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { name: 'ERP open orders' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationSid: t.organizationSid,
      name: 'ERP open orders',
      importAllowed: true,
      exportAllowed: true,
    });
    expect(created.body.sid).toMatch(/^FM[0-9a-z]{28}$/);
    const bare = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', {
      name: null,
      importAllowed: false,
      exportAllowed: null,
    });
    expect(bare.body).toMatchObject({ name: null, importAllowed: false, exportAllowed: true });
    expect((await t.admin.request<FieldMapping>('GET', `/v1/fieldMappings/${created.body.sid}`)).body).toEqual(
      created.body,
    );
    const first = await t.buyer.request<Page<'fieldMappings', FieldMapping>>('GET', '/v1/fieldMappings?pageSize=1');
    expect(first.body.fieldMappings.map((m) => m.sid)).toEqual([created.body.sid]);
    const second = await t.buyer.request<Page<'fieldMappings', FieldMapping>>(
      'GET',
      `/v1/fieldMappings?pageSize=1&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.fieldMappings.map((m) => m.sid)).toEqual([bare.body.sid]);

    const field = await t.buyer.request<MappedField>('POST', '/v1/mappedFields', {
      fieldMappingSid: created.body.sid,
      name: 'PO Number',
      mappedFieldType: 'orderUniqueName',
    });
    expect(field.status).toBe(201);
    expect((await t.buyer.request('DELETE', `/v1/fieldMappings/${created.body.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/fieldMappings/${created.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('GET', `/v1/mappedFields/${field.body.sid}`)).status).toBe(404);
    const { db } = await server();
    expect(await db.selectFrom('mappedFields').select('sid').where('sid', '=', field.body.sid).executeTakeFirst()).toBe(
      undefined,
    );
  });

  it('answers a retried sid with the first mapping; other values or another organization are a conflict', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const sid = newSid('FM');
    const first = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { sid, name: 'A' });
    expect(first.status).toBe(201);
    const again = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { sid, name: 'A' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const renamed = await t.buyer.request<ApiError>('POST', '/v1/fieldMappings', { sid, name: 'B' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.field).toBe('sid');
    const elsewhere = await other.buyer.request<ApiError>('POST', '/v1/fieldMappings', { sid });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.field).toBe('sid');
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const cases: [unknown, string][] = [
      [{ name: 5 }, 'name'],
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ importAllowed: 'yes' }, 'importAllowed'],
      [{ colour: 'red' }, 'colour'],
      [{ sid: 'MF1234567890123456789012345678' }, 'sid'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/fieldMappings', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const list = await t.buyer.request<Page<'fieldMappings', FieldMapping>>('GET', '/v1/fieldMappings');
    expect(list.body.fieldMappings).toEqual([]);
  });

  it('refuses to delete a mapping an upload still being processed uses', async () => {
    const t = await createTenant();
    const mapping = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { name: 'ERP' });
    const fd = new FormData();
    fd.append('file', new Blob(['a,b\n1,2\n']), 'orders.csv');
    fd.append('fieldMappingSid', mapping.body.sid);
    expect((await t.buyer.request('POST', '/v1/openOrderUploads', fd)).status).toBe(202);
    const r = await t.buyer.request<ApiError>('DELETE', `/v1/fieldMappings/${mapping.body.sid}`);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflict');
    expect((await t.buyer.request('GET', `/v1/fieldMappings/${mapping.body.sid}`)).status).toBe(200);
  });

  it('is staff only, and another organization’s mapping is not found', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const mapping = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { name: 'ERP' });
    expect((await t.vendor.request('GET', '/v1/fieldMappings')).status).toBe(403);
    expect((await t.vendor.request('POST', '/v1/fieldMappings', {})).status).toBe(403);
    expect((await t.vendor.request('GET', `/v1/fieldMappings/${mapping.body.sid}`)).status).toBe(403);
    expect((await other.admin.request('GET', `/v1/fieldMappings/${mapping.body.sid}`)).status).toBe(404);
    expect((await other.admin.request('DELETE', `/v1/fieldMappings/${mapping.body.sid}`)).status).toBe(404);
    expect(
      (await other.admin.request<Page<'fieldMappings', FieldMapping>>('GET', '/v1/fieldMappings')).body.fieldMappings,
    ).toEqual([]);
    expect((await t.buyer.request('GET', `/v1/fieldMappings/${mapping.body.sid}`)).status).toBe(200);
  });
});

describe('mapped fields', () => {
  it('creates, reads, lists by field mapping and deletes', async () => {
    const t = await createTenant();
    const a = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { name: 'A' });
    const b = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', { name: 'B' });
    const po = await t.buyer.request<MappedField>('POST', '/v1/mappedFields', {
      fieldMappingSid: a.body.sid,
      name: 'PO Number',
      mappedFieldType: 'orderUniqueName',
    });
    expect(po.status).toBe(201);
    expect(po.body).toMatchObject({
      fieldMappingSid: a.body.sid,
      name: 'PO Number',
      mappedFieldType: 'orderUniqueName',
    });
    expect(po.body.sid).toMatch(/^MF[0-9a-z]{28}$/);
    await t.buyer.request('POST', '/v1/mappedFields', {
      fieldMappingSid: a.body.sid,
      name: 'Qty',
      mappedFieldType: 'quantity',
    });
    await t.buyer.request('POST', '/v1/mappedFields', {
      fieldMappingSid: b.body.sid,
      name: 'PO Number',
      mappedFieldType: 'orderUniqueName',
    });
    expect((await t.buyer.request<MappedField>('GET', `/v1/mappedFields/${po.body.sid}`)).body).toEqual(po.body);
    const ofA = await t.buyer.request<Page<'mappedFields', MappedField>>(
      'GET',
      `/v1/mappedFields?fieldMappingSid=${a.body.sid}`,
    );
    expect(ofA.body.mappedFields.map((f) => f.name)).toEqual(['PO Number', 'Qty']);
    const all = await t.buyer.request<Page<'mappedFields', MappedField>>('GET', '/v1/mappedFields');
    expect(all.body.mappedFields).toHaveLength(3);
    expect((await t.buyer.request('DELETE', `/v1/mappedFields/${po.body.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/mappedFields/${po.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('DELETE', `/v1/mappedFields/${po.body.sid}`)).status).toBe(404);
  });

  it('refuses a field mapping of another organization, a repeated column and bad input', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const mine = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', {});
    const theirs = await other.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', {});
    const cases: [unknown, string][] = [
      [{ fieldMappingSid: theirs.body.sid, name: 'PO', mappedFieldType: 'orderUniqueName' }, 'fieldMappingSid'],
      [{ fieldMappingSid: newSid('FM'), name: 'PO', mappedFieldType: 'orderUniqueName' }, 'fieldMappingSid'],
      [{ name: 'PO', mappedFieldType: 'orderUniqueName' }, 'fieldMappingSid'],
      [{ fieldMappingSid: mine.body.sid, mappedFieldType: 'orderUniqueName' }, 'name'],
      [{ fieldMappingSid: mine.body.sid, name: '', mappedFieldType: 'orderUniqueName' }, 'name'],
      [{ fieldMappingSid: mine.body.sid, name: 'PO' }, 'mappedFieldType'],
      [{ fieldMappingSid: mine.body.sid, name: 'PO', mappedFieldType: ' ' }, 'mappedFieldType'],
      [{ fieldMappingSid: mine.body.sid, name: 'PO', mappedFieldType: 'x', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/mappedFields', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    const first = await t.buyer.request('POST', '/v1/mappedFields', {
      fieldMappingSid: mine.body.sid,
      name: 'PO',
      mappedFieldType: 'orderUniqueName',
    });
    expect(first.status).toBe(201);
    const repeated = await t.buyer.request<ApiError>('POST', '/v1/mappedFields', {
      fieldMappingSid: mine.body.sid,
      name: 'PO',
      mappedFieldType: 'itemUniqueName',
    });
    expect(repeated.status).toBe(409);
    expect(repeated.body.field).toBe('name');
    const list = await t.buyer.request<Page<'mappedFields', MappedField>>('GET', '/v1/mappedFields');
    expect(list.body.mappedFields).toHaveLength(1);
    expect(
      (await other.buyer.request<Page<'mappedFields', MappedField>>('GET', '/v1/mappedFields')).body.mappedFields,
    ).toEqual([]);
  });

  it('answers a retried sid with the first mapped field', async () => {
    const t = await createTenant();
    const mapping = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', {});
    const sid = newSid('MF');
    const body = { sid, fieldMappingSid: mapping.body.sid, name: 'PO', mappedFieldType: 'orderUniqueName' };
    const first = await t.buyer.request<MappedField>('POST', '/v1/mappedFields', body);
    expect(first.status).toBe(201);
    const again = await t.buyer.request<MappedField>('POST', '/v1/mappedFields', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('is staff only, and another organization’s mapped field is not found', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const mapping = await t.buyer.request<FieldMapping>('POST', '/v1/fieldMappings', {});
    const field = await t.buyer.request<MappedField>('POST', '/v1/mappedFields', {
      fieldMappingSid: mapping.body.sid,
      name: 'PO',
      mappedFieldType: 'orderUniqueName',
    });
    expect((await t.vendor.request('GET', '/v1/mappedFields')).status).toBe(403);
    expect((await t.vendor.request('GET', `/v1/mappedFields/${field.body.sid}`)).status).toBe(403);
    expect((await other.admin.request('GET', `/v1/mappedFields/${field.body.sid}`)).status).toBe(404);
    expect((await other.admin.request('DELETE', `/v1/mappedFields/${field.body.sid}`)).status).toBe(404);
    expect(
      (
        await other.admin.request<Page<'mappedFields', MappedField>>(
          'GET',
          `/v1/mappedFields?fieldMappingSid=${mapping.body.sid}`,
        )
      ).body.mappedFields,
    ).toEqual([]);
    expect((await t.buyer.request('GET', `/v1/mappedFields/${field.body.sid}`)).status).toBe(200);
  });
});
