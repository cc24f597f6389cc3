// Open order, BOM and inventory uploads and the open order upload logs: the
// file checked at the door and stored with the upload, kinds kept apart,
// download links, scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { withOneCharacterChanged } from '../support/tamper.ts';
import { newSid } from '../../server/domain/sid.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { readFile } from '../../server/db/files.ts';

interface OpenOrderUpload {
  sid: string;
  organization: string;
  status: string;
  fileSid: string | null;
  fieldMappingSid: string | null;
  orderMemberUserSids: string[];
  orderMemberEmails: string[];
  forceItemGroupsNotPresentDelivered: boolean;
  rowCountSuccess: number;
  rowCountFailure: number;
  fileType: string;
  dataChangeGroupSid: string | null;
  openOrderUploadParametersSid: string | null;
}
interface BomUpload {
  sid: string;
  version: string;
  organizationSid: string;
  originatingIdentity: string | null;
  fieldMappingSid: string | null;
  status: string;
  fileType: string;
  rowCountTotal: number;
  bomUploadParametersSid: string | null;
}
interface InventoryUpload {
  sid: string;
  version: string;
  organization: string;
  originatingIdentity: string | null;
  fileType: string;
  inventoryUniqueNameHash: string[];
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

const CSV = 'PO Number,Supplier,Line,Qty\nPO-1,Acme,10,5\n';
const XLSX = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
const XLS = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00, 0x00, 0x00]);

function form(
  fields: Record<string, string | string[]>,
  file: Blob | string | null = new Blob([CSV]),
  name = 'orders.csv',
) {
  const fd = new FormData();
  if (file instanceof Blob) fd.append('file', file, name);
  else if (typeof file === 'string') fd.append('file', file);
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) fd.append(key, v);
  }
  return fd;
}

async function counts(organizationSid: string) {
  const { db } = await server();
  const uploads = await db
    .selectFrom('uploads')
    .select(db.fn.countAll<number>().as('n'))
    .where('organizationSid', '=', organizationSid)
    .executeTakeFirstOrThrow();
  const files = await db
    .selectFrom('files')
    .select(db.fn.countAll<number>().as('n'))
    .where('organizationSid', '=', organizationSid)
    .executeTakeFirstOrThrow();
  return { uploads: uploads.n, files: files.n };
}

async function openOrderUpload(t: Tenant, fields: Record<string, string | string[]> = {}) {
  const r = await t.buyer.request<OpenOrderUpload>('POST', '/v1/openOrderUploads', form(fields));
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body;
}

/** Path and query of an absolute url, for call(). */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe('open order uploads', () => {
  it('stores the file and the upload as processing, answers 202, and reads, lists and deletes it', async () => {
    const t = await createTenant();
    const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'ERP' });
    const r = await t.buyer.request<OpenOrderUpload>(
      'POST',
      '/v1/openOrderUploads',
      form(
        {
          fieldMappingSid: mapping.body.sid,
          orderMemberEmails: 'ada@example.test, grace@example.test',
          orderMemberSids: `${t.buyer.userSid},${t.admin.userSid}`,
          forceItemGroupsNotPresentDelivered: 'true',
          membersToNotifyOnFailure: `${t.admin.userSid}, ops@example.test`,
          fileType: 'csv',
          orderUniqueNameHash: 'PO Number, Supplier',
          dataChangeGroupSid: 'DC-1',
        },
        new Blob([CSV], { type: 'text/csv' }),
      ),
    );
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      organization: t.organizationSid,
      status: 'processing',
      fieldMappingSid: mapping.body.sid,
      orderMemberUserSids: [t.buyer.userSid, t.admin.userSid],
      orderMemberEmails: ['ada@example.test', 'grace@example.test'],
      forceItemGroupsNotPresentDelivered: true,
      rowCountSuccess: 0,
      rowCountFailure: 0,
      fileType: 'csv',
      dataChangeGroupSid: 'DC-1',
      openOrderUploadParametersSid: null,
      rowCountTotal: 0,
      rowCountCreated: 0,
      rowCountUpdated: 0,
      rowsProcessed: 0,
      failureMessage: null,
      fileName: 'orders.csv',
    });
    expect(r.body.sid).toMatch(/^UP[0-9a-z]{28}$/);

    const { db } = await server();
    const stored = await db.selectFrom('uploads').selectAll().where('sid', '=', r.body.sid).executeTakeFirstOrThrow();
    expect(stored.kind).toBe('openOrder');
    expect(stored.originatingIdentity).toBe(t.buyer.userSid);
    expect(stored.membersToNotifyOnFailure).toBe(`${t.admin.userSid},ops@example.test`);
    expect(stored.orderUniqueNameHash).toBe('PO Number,Supplier');
    const file = await db.selectFrom('files').selectAll().where('sid', '=', r.body.fileSid).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ organizationSid: t.organizationSid, name: 'orders.csv', contentType: 'text/csv' });
    expect(file.size).toBe(Buffer.byteLength(CSV));
    expect((await readFile(db, file.sid))?.content.toString('utf8')).toBe(CSV);

    const got = await t.admin.request<OpenOrderUpload>('GET', `/v1/openOrderUploads/${r.body.sid}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);

    await openOrderUpload(t);
    await openOrderUpload(t);
    const first = await t.buyer.request<Page<'openOrderUploads', OpenOrderUpload>>(
      'GET',
      '/v1/openOrderUploads?pageSize=2',
    );
    expect(first.body.openOrderUploads.map((u) => u.sid)[0]).toBe(r.body.sid);
    expect(first.body.openOrderUploads).toHaveLength(2);
    const second = await t.buyer.request<Page<'openOrderUploads', OpenOrderUpload>>(
      'GET',
      `/v1/openOrderUploads?pageSize=2&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.openOrderUploads).toHaveLength(1);
    expect(second.body.page.nextPageToken).toBeNull();

    const deleted = await t.buyer.request('DELETE', `/v1/openOrderUploads/${r.body.sid}`);
    expect(deleted.status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/openOrderUploads/${r.body.sid}`)).status).toBe(404);
    expect(await db.selectFrom('files').select('sid').where('sid', '=', r.body.fileSid).executeTakeFirst()).toBe(
      undefined,
    );
    expect((await t.buyer.request('DELETE', `/v1/openOrderUploads/${r.body.sid}`)).status).toBe(404);
  });

  it('lists newest first with sortOrder Desc (each kind), and names who uploaded', async () => {
    const t = await createTenant();
    const { db } = await server();
    const buyer = await db
      .selectFrom('users')
      .select(['firstName', 'lastName'])
      .where('sid', '=', t.buyer.userSid)
      .executeTakeFirstOrThrow();
    for (const path of ['/v1/openOrderUploads', '/v1/bomUploads', '/v1/inventoryUploads']) {
      const sids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await t.buyer.request<{ sid: string; uploadedByName: string | null }>('POST', path, form({}));
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        expect(r.body.uploadedByName).toBe(`${buyer.firstName} ${buyer.lastName}`);
        sids.push(r.body.sid);
        // Distinct creation times, so the order is by time and not by the sid tie-break.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const key = path.slice(4);
      const asc = await t.buyer.request<Record<string, { sid: string }[]>>('GET', `${path}?pageSize=10`);
      expect(asc.body[key].map((u) => u.sid)).toEqual(sids);
      // Two pages of newest first: the first page holds the two newest, the next the oldest.
      const first = await t.buyer.request<Page<string, { sid: string; uploadedByName: string | null }>>(
        'GET',
        `${path}?pageSize=2&sortOrder=Desc`,
      );
      expect(first.body[key].map((u) => u.sid)).toEqual([sids[2], sids[1]]);
      expect(first.body[key].every((u) => u.uploadedByName === `${buyer.firstName} ${buyer.lastName}`)).toBe(true);
      const next = await t.buyer.request<Page<string, { sid: string }>>(
        'GET',
        `${path}?pageSize=2&sortOrder=Desc&pageToken=${first.body.page.nextPageToken}`,
      );
      expect(next.body[key].map((u) => u.sid)).toEqual([sids[0]]);
      const bad = await t.buyer.request<ApiError>('GET', `${path}?sortOrder=Newest`);
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('sortOrder');
    }
  });

  it('gives a download url that returns the exact bytes; a tampered signature is refused', async () => {
    const t = await createTenant();
    const upload = await openOrderUpload(t);
    const link = await t.buyer.request<{ url: string; expires: string }>(
      'GET',
      `/v1/openOrderUploads/${upload.sid}/downloadUrl`,
    );
    expect(link.status).toBe(200);
    expect(new Date(link.body.expires).getTime()).toBeGreaterThan(Date.now());
    const fetched = await call(null, 'GET', pathOf(link.body.url));
    expect(fetched.status).toBe(200);
    expect(fetched.body).toBe(CSV);
    expect(fetched.headers.get('content-disposition')).toContain('orders.csv');

    const url = new URL(link.body.url);
    const signature = url.searchParams.get('signature') ?? '';
    url.searchParams.set('signature', withOneCharacterChanged(signature, -1));
    expect((await call(null, 'GET', pathOf(url.toString()))).status).toBe(403);
    url.searchParams.set('signature', signature);
    url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 60));
    expect((await call(null, 'GET', pathOf(url.toString()))).status).toBe(403);
  });

  it('keeps binary files byte for byte (Windows-1252 CSV and XLSX)', async () => {
    const t = await createTenant();
    const { app } = await server();
    const latin = Uint8Array.from([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x3b, 0x80, 0x0a]); // "Größe;€\n" in Windows-1252
    for (const [content, fileType] of [
      [latin, 'csv'],
      [XLSX, 'xlsx'],
    ] as const) {
      const r = await t.buyer.request<OpenOrderUpload>(
        'POST',
        '/v1/openOrderUploads',
        form({}, new Blob([content]), `file.${fileType}`),
      );
      expect(r.status).toBe(202);
      expect(r.body.fileType).toBe(fileType);
      const link = await t.buyer.request<{ url: string }>('GET', `/v1/openOrderUploads/${r.body.sid}/downloadUrl`);
      const response = await app.request(link.body.url);
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(content);
      // sent without a type of its own: stored with the type its content shows
      expect(response.headers.get('content-type')).toBe(
        fileType === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    }
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const foreignMapping = await other.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', {});
    const exportOnly = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { importAllowed: false });
    const pdf = new Blob(['%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n']);
    const cases: [FormData, string, RegExp?][] = [
      [form({}, new Blob([])), 'file', /empty/],
      [form({}, pdf, 'orders.pdf'), 'file', /"orders.pdf" is a PDF document/],
      [form({}, new Blob([Uint8Array.from([0x61, 0x00, 0x62, 0x00])])), 'file', /NUL/],
      [form({ fileType: 'xlsx' }), 'fileType', /fileType is "xlsx" but "orders.csv" is CSV text/],
      [form({ fileType: 'csv' }, new Blob([XLSX]), 'orders.xlsx'), 'fileType', /XLSX workbook/],
      [form({ fileType: 'ods' }), 'fileType'],
      [form({ colour: 'red', shape: 'round' }), 'colour', /"colour", "shape"/],
      [form({}, null), 'file'],
      [form({}, 'not a file'), 'file', /file part/],
      [form({ sid: 'XX123' }), 'sid'],
      [form({ fieldMappingSid: foreignMapping.body.sid }), 'fieldMappingSid'],
      [form({ fieldMappingSid: exportOnly.body.sid }), 'fieldMappingSid', /importAllowed/],
      [form({ orderMemberSids: other.buyer.userSid }), 'orderMemberSids', new RegExp(other.buyer.userSid)],
      [form({ orderMemberEmails: 'ada@example.test, not-an-email' }), 'orderMemberEmails', /not-an-email/],
      [form({ membersToNotifyOnFailure: 'nobody' }), 'membersToNotifyOnFailure'],
      [form({ membersToNotifyOnFailure: other.admin.userSid }), 'membersToNotifyOnFailure'],
      [form({ forceItemGroupsNotPresentDelivered: 'yes' }), 'forceItemGroupsNotPresentDelivered'],
      [form({ fileType: ['csv', 'csv'] }), 'fileType', /more than once/],
      [form({ openOrderUploadParametersSid: 'BU19jxbkdpweojdwie8ejr92mmpy2u' }), 'openOrderUploadParametersSid'],
      [form({ orderUniqueNameHash: 'x'.repeat(256) }), 'orderUniqueNameHash'],
    ];
    for (const [body, field, message] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', body);
      expect(r.status, `${field} ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
      if (message) expect(r.body.message).toMatch(message);
    }
    const json = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', { file: CSV });
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/multipart/);
    const garbled = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', 'not a form', {
      'content-type': 'multipart/form-data; boundary=XYZ',
    });
    expect(garbled.status).toBe(400);
    expect(garbled.body.code).toBe('invalid_request');
    expect(await counts(t.organizationSid)).toEqual({ uploads: 0, files: 0 });
  });

  it('answers a file over 50 MB with 413 payload_too_large and writes nothing', async () => {
    const t = await createTenant();
    const big = new Blob([new Uint8Array(50 * 1024 * 1024 + 1).fill(0x61)]);
    const r = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', form({}, big));
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('payload_too_large');
    expect(await counts(t.organizationSid)).toEqual({ uploads: 0, files: 0 });
  });

  // Above the 5 MB limit of JSON bodies: uploads have their own.
  it('accepts a file of 6 MB', async () => {
    const t = await createTenant();
    const line = 'PO-1,Acme,10,5\n';
    const r = await t.buyer.request<OpenOrderUpload>(
      'POST',
      '/v1/openOrderUploads',
      form({}, new Blob([line.repeat(Math.ceil((6 * 1024 * 1024) / line.length))])),
    );
    expect(r.status).toBe(202);
  });

  it('answers a retried sid with the first upload, and refuses one taken elsewhere', async () => {
    const t = await createTenant();
    const sid = newSid('UP');
    const first = await t.buyer.request<OpenOrderUpload>('POST', '/v1/openOrderUploads', form({ sid }));
    expect(first.status).toBe(202);
    expect(first.body.sid).toBe(sid);
    const again = await t.buyer.request<OpenOrderUpload>('POST', '/v1/openOrderUploads', form({ sid }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await counts(t.organizationSid)).toEqual({ uploads: 1, files: 1 });
    const asBom = await t.buyer.request<ApiError>('POST', '/v1/bomUploads', form({ sid }));
    expect(asBom.status).toBe(409);
    expect(asBom.body.field).toBe('sid');
    // Another file under the same sid is another upload: 409, and the same answer another organization gets,
    // so that a sid in use elsewhere is never revealed.
    const otherFile = await t.buyer.request<ApiError>(
      'POST',
      '/v1/openOrderUploads',
      form({ sid }, new Blob([`${CSV}PO-9,Other,1\n`])),
    );
    expect(otherFile.status).toBe(409);
    expect(otherFile.body.field).toBe('sid');
    const other = await createTenant();
    const elsewhere = await other.buyer.request<ApiError>('POST', '/v1/openOrderUploads', form({ sid }));
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toEqual(otherFile.body);
    expect(await counts(other.organizationSid)).toEqual({ uploads: 0, files: 0 });
    expect(await counts(t.organizationSid)).toEqual({ uploads: 1, files: 1 });
  });

  it('is staff only, and another organization’s upload is not found', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const upload = await openOrderUpload(t);
    expect((await t.vendor.request('GET', '/v1/openOrderUploads')).status).toBe(403);
    expect((await t.vendor.request('POST', '/v1/openOrderUploads', form({}))).status).toBe(403);
    expect((await t.vendor.request('GET', `/v1/openOrderUploads/${upload.sid}`)).status).toBe(403);
    expect((await t.vendor.request('GET', `/v1/openOrderUploadLogs?openOrderUploadSid=${upload.sid}`)).status).toBe(
      403,
    );
    expect((await other.admin.request('GET', `/v1/openOrderUploads/${upload.sid}`)).status).toBe(404);
    expect((await other.admin.request('GET', `/v1/openOrderUploads/${upload.sid}/downloadUrl`)).status).toBe(404);
    expect((await other.admin.request('DELETE', `/v1/openOrderUploads/${upload.sid}`)).status).toBe(404);
    expect((await other.admin.request('GET', `/v1/openOrderUploadLogs?openOrderUploadSid=${upload.sid}`)).status).toBe(
      404,
    );
    expect(
      (await other.admin.request<Page<'openOrderUploads', OpenOrderUpload>>('GET', '/v1/openOrderUploads')).body
        .openOrderUploads,
    ).toEqual([]);
    expect((await t.buyer.request('GET', `/v1/openOrderUploads/${upload.sid}`)).status).toBe(200);
    expect(await counts(t.organizationSid)).toEqual({ uploads: 1, files: 1 });
  });
});

describe('open order upload logs', () => {
  it('lists the logs of one open order upload, a page at a time', async () => {
    const t = await createTenant();
    const upload = await openOrderUpload(t);
    const otherUpload = await openOrderUpload(t);
    const { db } = await server();
    const base = Date.now();
    const log = (uploadSid: string, rowNumber: number) => ({
      sid: newSid('UL'),
      organizationSid: t.organizationSid,
      created: new Date(base + rowNumber),
      updated: new Date(base + rowNumber),
      uploadSid,
      rowNumber,
      column: rowNumber === 2 ? null : 'Qty',
      value: rowNumber === 2 ? null : 'five',
      message: `Row ${rowNumber} is wrong.`,
    });
    await db
      .insertInto('uploadLogs')
      .values([log(upload.sid, 2), log(upload.sid, 3), log(upload.sid, 4), log(otherUpload.sid, 2)])
      .execute();
    const first = await t.buyer.request<
      Page<
        'openOrderUploadLogs',
        { uploadSid: string; rowNumber: number; column: string | null; value: string | null; message: string }
      >
    >('GET', `/v1/openOrderUploadLogs?openOrderUploadSid=${upload.sid}&pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.openOrderUploadLogs.map((l) => l.rowNumber)).toEqual([2, 3]);
    expect(first.body.openOrderUploadLogs[0]).toMatchObject({
      uploadSid: upload.sid,
      column: null,
      value: null,
      message: 'Row 2 is wrong.',
    });
    expect(Object.keys(first.body.openOrderUploadLogs[1]).sort()).toEqual(
      ['column', 'created', 'message', 'rowNumber', 'sid', 'uploadSid', 'value'].sort(),
    );
    const second = await t.buyer.request<Page<'openOrderUploadLogs', { rowNumber: number }>>(
      'GET',
      `/v1/openOrderUploadLogs?openOrderUploadSid=${upload.sid}&pageSize=2&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.openOrderUploadLogs.map((l) => l.rowNumber)).toEqual([4]);
  });

  it('requires openOrderUploadSid, naming an upload of the organization (a BOM or inventory upload too)', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const missing = await t.buyer.request<ApiError>('GET', '/v1/openOrderUploadLogs');
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('openOrderUploadSid');
    const bom = await t.buyer.request<BomUpload>('POST', '/v1/bomUploads', form({}));
    const bomLogs = await t.buyer.request<Page<'openOrderUploadLogs', unknown>>(
      'GET',
      `/v1/openOrderUploadLogs?openOrderUploadSid=${bom.body.sid}`,
    );
    expect(bomLogs.status).toBe(200);
    expect(bomLogs.body.openOrderUploadLogs).toEqual([]);
    expect(
      (await other.buyer.request('GET', `/v1/openOrderUploadLogs?openOrderUploadSid=${bom.body.sid}`)).status,
    ).toBe(404);
    expect((await t.buyer.request('GET', `/v1/openOrderUploadLogs?openOrderUploadSid=${newSid('UP')}`)).status).toBe(
      404,
    );
  });
});

describe('BOM uploads', () => {
  it('creates, reads, lists, links and deletes a BOM upload', async () => {
    const t = await createTenant();
    const r = await t.buyer.request<BomUpload>(
      'POST',
      '/v1/bomUploads',
      form(
        {
          organizationSid: t.organizationSid,
          fileType: 'xlsx',
          bomUploadParametersSid: 'BU19jxbkdpweojdwie8ejr92mmpy2u',
        },
        new Blob([XLSX], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
        'bom.xlsx',
      ),
    );
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      version: '1',
      organizationSid: t.organizationSid,
      originatingIdentity: t.buyer.userSid,
      fieldMappingSid: null,
      status: 'processing',
      fileType: 'xlsx',
      rowCountTotal: 0,
      bomUploadParametersSid: 'BU19jxbkdpweojdwie8ejr92mmpy2u',
    });
    expect(Object.keys(r.body)).not.toContain('fileSid');
    expect((await t.buyer.request<BomUpload>('GET', `/v1/bomUploads/${r.body.sid}`)).body).toEqual(r.body);
    const list = await t.buyer.request<Page<'bomUploads', BomUpload>>('GET', '/v1/bomUploads');
    expect(list.body.bomUploads.map((u) => u.sid)).toEqual([r.body.sid]);
    const filtered = await t.buyer.request<Page<'bomUploads', BomUpload>>(
      'GET',
      `/v1/bomUploads?organizationSid=${newSid('OG')}`,
    );
    expect(filtered.body.bomUploads).toEqual([]);
    // another kind's operations do not see it
    expect((await t.buyer.request('GET', `/v1/openOrderUploads/${r.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('GET', `/v1/inventoryUploads/${r.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('DELETE', `/v1/inventoryUploads/${r.body.sid}`)).status).toBe(404);
    expect(
      (await t.buyer.request<Page<'openOrderUploads', OpenOrderUpload>>('GET', '/v1/openOrderUploads')).body
        .openOrderUploads,
    ).toEqual([]);

    const link = await t.buyer.request<{ url: string }>('GET', `/v1/bomUploads/${r.body.sid}/downloadUrl`);
    expect(link.status).toBe(200);
    const { app } = await server();
    const response = await app.request(link.body.url);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(XLSX);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );

    expect((await t.buyer.request('DELETE', `/v1/bomUploads/${r.body.sid}`)).status).toBe(204);
    expect(await counts(t.organizationSid)).toEqual({ uploads: 0, files: 0 });
  });

  it('refuses another organization’s organizationSid and unknown fields', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const foreign = await t.buyer.request<ApiError>(
      'POST',
      '/v1/bomUploads',
      form({ organizationSid: other.organizationSid }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.field).toBe('organizationSid');
    const unknown = await t.buyer.request<ApiError>('POST', '/v1/bomUploads', form({ orderMemberEmails: 'a@b.c' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('orderMemberEmails');
    expect((await t.vendor.request('POST', '/v1/bomUploads', form({}))).status).toBe(403);
    expect(await counts(t.organizationSid)).toEqual({ uploads: 0, files: 0 });
  });
});

describe('inventory uploads', () => {
  it('takes inventoryUniqueNameHash repeated or comma-separated, and an XLS workbook', async () => {
    const t = await createTenant();
    const repeated = await t.buyer.request<InventoryUpload>(
      'POST',
      '/v1/inventoryUploads',
      form({ inventoryUniqueNameHash: ['Part Number', 'Bin'] }, new Blob([XLS]), 'counts.xls'),
    );
    expect(repeated.status).toBe(202);
    expect(repeated.body).toMatchObject({
      version: '1',
      organization: t.organizationSid,
      originatingIdentity: t.buyer.userSid,
      fileType: 'xls',
      inventoryUniqueNameHash: ['Part Number', 'Bin'],
    });
    const comma = await t.buyer.request<InventoryUpload>(
      'POST',
      '/v1/inventoryUploads',
      form({ inventoryUniqueNameHash: 'Part Number, Bin' }),
    );
    expect(comma.body.inventoryUniqueNameHash).toEqual(['Part Number', 'Bin']);
    expect(comma.body.fileType).toBe('csv');
    const none = await t.buyer.request<InventoryUpload>('POST', '/v1/inventoryUploads', form({}));
    expect(none.body.inventoryUniqueNameHash).toEqual([]);

    const list = await t.buyer.request<Page<'inventoryUploads', InventoryUpload>>('GET', '/v1/inventoryUploads');
    expect(list.body.inventoryUploads.map((u) => u.sid)).toEqual([repeated.body.sid, comma.body.sid, none.body.sid]);
    expect((await t.buyer.request('GET', `/v1/inventoryUploads/${comma.body.sid}`)).status).toBe(200);
    expect((await t.buyer.request('GET', `/v1/bomUploads/${comma.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('GET', `/v1/inventoryUploads/${comma.body.sid}/downloadUrl`)).status).toBe(200);
    expect((await t.buyer.request('DELETE', `/v1/inventoryUploads/${comma.body.sid}`)).status).toBe(204);
    expect(await counts(t.organizationSid)).toEqual({ uploads: 2, files: 2 });

    const tooMany = await t.buyer.request<ApiError>(
      'POST',
      '/v1/inventoryUploads',
      form({ inventoryUniqueNameHash: Array.from({ length: 101 }, (_, i) => `c${i}`) }),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.field).toBe('inventoryUniqueNameHash');
    const mismatch = await t.buyer.request<ApiError>('POST', '/v1/inventoryUploads', form({ fileType: 'xls' }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.field).toBe('fileType');
    expect(await counts(t.organizationSid)).toEqual({ uploads: 2, files: 2 });
  });
});
