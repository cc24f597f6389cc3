// File exports: the request recorded as processing, the download link only
// once there is a file, scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { storeFile } from '../../server/db/files.ts';

interface FileExport {
  sid: string;
  created: string;
  updated: string;
  deleteAfter: string | null;
  status: string;
  fileType: string;
  fieldMappingSid: string | null;
  query: Record<string, unknown> | null;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function createExport(t: Tenant, body: Record<string, unknown> = { query: { entity: 'orders' } }) {
  const r = await t.buyer.request<FileExport>('POST', '/v1/fileExports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** What the export job will do: write the file and mark the export completed. */
async function complete(t: Tenant, exportSid: string, content: string) {
  const { db } = await server();
  const now = new Date();
  const fileSid = await storeFile(
    db,
    { organizationSid: t.organizationSid, name: 'orders.csv', contentType: 'text/csv', content: Buffer.from(content) },
    now,
  );
  await db.updateTable('fileExports').set({ status: 'completed', fileSid }).where('sid', '=', exportSid).execute();
  return fileSid;
}

describe('file exports', () => {
  it('records an export as processing with a week to live, and reads and lists it', async () => {
    const t = await createTenant();
    const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'ERP' });
    const before = Date.now();
    const query = { entity: 'itemGroups', fileType: 'xlsx', filters: { statusNot: 'canceled', title: 'Bracket' } };
    const created = await createExport(t, { query, fieldMappingSid: mapping.body.sid });
    expect(created).toMatchObject({ status: 'processing', fileType: 'xlsx', fieldMappingSid: mapping.body.sid, query });
    expect(created.sid).toMatch(/^FE[0-9a-z]{28}$/);
    const deleteAfter = new Date(created.deleteAfter ?? '').getTime();
    const week = 7 * 24 * 60 * 60 * 1000;
    expect(deleteAfter).toBeGreaterThanOrEqual(before + week);
    expect(deleteAfter).toBeLessThanOrEqual(Date.now() + week);

    const csv = await createExport(t);
    expect(csv.fileType).toBe('csv');
    expect(csv.fieldMappingSid).toBeNull();
    expect(csv.query).toEqual({ entity: 'orders' });
    expect((await t.admin.request<FileExport>('GET', `/v1/fileExports/${created.sid}`)).body).toEqual(created);
    const first = await t.buyer.request<Page<'fileExports', FileExport>>('GET', '/v1/fileExports?pageSize=1');
    expect(first.body.fileExports.map((e) => e.sid)).toEqual([created.sid]);
    const second = await t.buyer.request<Page<'fileExports', FileExport>>(
      'GET',
      `/v1/fileExports?pageSize=1&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.fileExports.map((e) => e.sid)).toEqual([csv.sid]);
    expect(second.body.page.nextPageToken).toBeNull();
  });

  it('answers the download url with 409 not_ready until the file is written, then a working link', async () => {
    const t = await createTenant();
    const e = await createExport(t);
    const early = await t.buyer.request<ApiError>('GET', `/v1/fileExports/${e.sid}/downloadUrl`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not_ready');

    const { db } = await server();
    await db.updateTable('fileExports').set({ status: 'failed' }).where('sid', '=', e.sid).execute();
    const failed = await t.buyer.request<ApiError>('GET', `/v1/fileExports/${e.sid}/downloadUrl`);
    expect(failed.status).toBe(409);
    expect(failed.body.code).toBe('not_ready');

    await complete(t, e.sid, 'PO,Qty\nPO-1,5\n');
    const link = await t.buyer.request<{ url: string; expires: string }>('GET', `/v1/fileExports/${e.sid}/downloadUrl`);
    expect(link.status).toBe(200);
    const url = new URL(link.body.url);
    const fetched = await call(null, 'GET', `${url.pathname}${url.search}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toBe('PO,Qty\nPO-1,5\n');
  });

  it('deletes an export and its file', async () => {
    const t = await createTenant();
    const e = await createExport(t);
    const fileSid = await complete(t, e.sid, 'a,b\n');
    expect((await t.buyer.request('DELETE', `/v1/fileExports/${e.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/fileExports/${e.sid}`)).status).toBe(404);
    const { db } = await server();
    expect(await db.selectFrom('files').select('sid').where('sid', '=', fileSid).executeTakeFirst()).toBe(undefined);
    expect((await t.buyer.request('DELETE', `/v1/fileExports/${e.sid}`)).status).toBe(404);
  });

  it('answers a retried sid with the first export; a sid of another organization is a conflict', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const sid = newSid('FE');
    const first = await t.buyer.request<FileExport>('POST', '/v1/fileExports', { sid, query: { entity: 'items' } });
    expect(first.status).toBe(201);
    const again = await t.buyer.request<FileExport>('POST', '/v1/fileExports', { sid, query: { entity: 'items' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const elsewhere = await other.buyer.request<ApiError>('POST', '/v1/fileExports', {
      sid,
      query: { entity: 'items' },
    });
    expect(elsewhere.status).toBe(409);
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const foreign = await other.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', {});
    const importOnly = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { exportAllowed: false });
    const cases: [unknown, string][] = [
      [{}, 'query'],
      [{ query: { entity: 'vendors' } }, 'query.entity'],
      [{ query: { entity: 'orders', fileType: 'xls' } }, 'query.fileType'],
      [{ query: { entity: 'orders', colour: 'red' } }, 'query.colour'],
      [{ query: { entity: 'orders', filters: { vendorSid: { nested: true } } } }, 'query.filters.vendorSid'],
      [{ query: { entity: 'orders', filters: { colour: 'red' } } }, 'query.filters.colour'],
      [{ query: { entity: 'orders', filters: { pageSize: 5 } } }, 'query.filters.pageSize'],
      [{ query: { entity: 'itemGroups', filters: { statusNot: 'lost' } } }, 'query.filters.statusNot'],
      [{ query: { entity: 'itemGroups', filters: { confirmed: 'maybe' } } }, 'query.filters.confirmed'],
      [{ query: { entity: 'orders', filters: { hasOpenFlags: 'no' } } }, 'query.filters.hasOpenFlags'],
      [{ query: { entity: 'orders' }, fieldMappingSid: foreign.body.sid }, 'fieldMappingSid'],
      [{ query: { entity: 'orders' }, fieldMappingSid: importOnly.body.sid }, 'fieldMappingSid'],
      [{ query: { entity: 'orders' }, sid: 'FE123' }, 'sid'],
      [{ query: { entity: 'orders' }, extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/fileExports', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const list = await t.buyer.request<Page<'fileExports', FileExport>>('GET', '/v1/fileExports');
    expect(list.body.fileExports).toEqual([]);
    // The same filters with proper values are accepted, booleans as JSON booleans.
    const ok = await t.buyer.request('POST', '/v1/fileExports', {
      query: { entity: 'itemGroups', filters: { confirmed: false, orderBy: 'dueDate' } },
    });
    expect(ok.status).toBe(201);
  });

  it('is staff only, and another organization’s export is not found', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const e = await createExport(t);
    await complete(t, e.sid, 'a\n');
    expect((await t.vendor.request('GET', '/v1/fileExports')).status).toBe(403);
    expect((await t.vendor.request('POST', '/v1/fileExports', { query: { entity: 'orders' } })).status).toBe(403);
    expect((await t.vendor.request('GET', `/v1/fileExports/${e.sid}/downloadUrl`)).status).toBe(403);
    expect((await other.admin.request('GET', `/v1/fileExports/${e.sid}`)).status).toBe(404);
    expect((await other.admin.request('GET', `/v1/fileExports/${e.sid}/downloadUrl`)).status).toBe(404);
    expect((await other.admin.request('DELETE', `/v1/fileExports/${e.sid}`)).status).toBe(404);
    expect(
      (await other.admin.request<Page<'fileExports', FileExport>>('GET', '/v1/fileExports')).body.fileExports,
    ).toEqual([]);
    expect((await t.buyer.request('GET', `/v1/fileExports/${e.sid}`)).status).toBe(200);
  });
});
