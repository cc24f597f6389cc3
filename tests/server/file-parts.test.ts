// Stored files live in parts of FILE_PART_BYTES (server/db/files.ts): what
// goes in comes out byte for byte whatever the chunks it arrived in, a
// download streams it whole with its length, an upload's file is written
// before its record and a pending file that never got one is purged.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_PART_BYTES, PENDING_FILE_MS, purgeAbandonedFiles, readFile, storeFile } from '../../server/db/files.ts';
import { call, createTenant, server } from './support/harness.ts';

interface Upload {
  sid: string;
  fileSid: string;
  status: string;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}

/** The bytes cut into chunks of `size` (the last shorter), as a request body arrives. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

async function partSizes(fileSid: string): Promise<number[]> {
  const { db } = await server();
  const rows = await db
    .selectFrom('fileParts')
    .select(['part', (eb) => eb.fn<number>('octet_length', ['content']).as('bytes')])
    .where('fileSid', '=', fileSid)
    .orderBy('part')
    .execute();
  expect(rows.map((r) => r.part)).toEqual(rows.map((_, i) => i));
  return rows.map((r) => r.bytes);
}

describe('files in parts', () => {
  it('gives back every byte, whatever the size and the chunks it came in, with its size and hash', async () => {
    const t = await createTenant();
    const { db } = await server();
    const sizes = [0, 1, FILE_PART_BYTES - 1, FILE_PART_BYTES, FILE_PART_BYTES + 1, 3 * FILE_PART_BYTES + 17];
    for (const size of sizes) {
      const bytes = randomBytes(size);
      for (const content of [bytes, chunked(bytes, 1000), chunked(bytes, 65_537)]) {
        const sid = await storeFile(db, {
          organizationSid: t.organizationSid,
          name: 'data.bin',
          contentType: 'application/octet-stream',
          content,
        });
        const stored = await readFile(db, sid);
        expect(stored?.size).toBe(size);
        expect(stored?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(stored?.content.equals(bytes)).toBe(true);
        const parts = await partSizes(sid);
        expect(parts).toHaveLength(Math.ceil(size / FILE_PART_BYTES));
        expect(parts.every((p, i) => p === (i < parts.length - 1 ? FILE_PART_BYTES : size - i * FILE_PART_BYTES))).toBe(
          true,
        );
      }
    }
  });

  it('stores an upload of several parts, sent with an Idempotency-Key, and its link downloads it whole', async () => {
    const t = await createTenant();
    const row = 'PO-1,Acme,10,2027-01-31\n';
    const csv = `PO Number,Vendor,Quantity,Due Date\n${row.repeat(Math.ceil((2.5 * FILE_PART_BYTES) / row.length))}`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'orders.csv');
    const headers = { 'idempotency-key': 'upload-parts-1' };
    const r = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', form, headers);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(await partSizes(r.body.fileSid)).toHaveLength(3);
    const again = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', form, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.sid).toBe(r.body.sid);
    const other = new FormData();
    other.append('file', new Blob([csv.replace('PO-1', 'PO-2')], { type: 'text/csv' }), 'orders.csv');
    const reused = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', other, headers);
    expect(reused.status).toBe(422);

    const link = await t.buyer.request<{ url: string }>('GET', `/v1/openOrderUploads/${r.body.sid}/downloadUrl`);
    expect(link.status).toBe(200);
    const { pathname, search } = new URL(link.body.url);
    const download = await call<string>(null, 'GET', `${pathname}${search}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe(String(Buffer.byteLength(csv)));
    expect(download.body).toBe(csv);

    // Deleted, it is not imported when the file's queued jobs are worked (its tens of thousands of rows took most of
    // the file's time, near the hook's limit under load), and its parts go with it.
    const { db } = await server();
    expect((await t.buyer.request('DELETE', `/v1/openOrderUploads/${r.body.sid}`)).status).toBe(204);
    expect(await partSizes(r.body.fileSid)).toEqual([]);
    const left = await db.selectFrom('uploads').select('sid').where('sid', '=', r.body.sid).execute();
    expect(left).toEqual([]);
  });

  it('refuses a form value over 64 KB by its name, and a second file, keeping nothing', async () => {
    const t = await createTenant();
    const { db } = await server();
    const long = new FormData();
    long.append('file', new Blob(['PO Number,Vendor\nPO-1,Acme\n']), 'orders.csv');
    long.append('orderMemberEmails', 'a'.repeat(64 * 1024 + 1));
    const tooLong = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', long);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.field).toBe('orderMemberEmails');
    const two = new FormData();
    two.append('file', new Blob(['PO Number,Vendor\nPO-1,Acme\n']), 'a.csv');
    two.append('file', new Blob(['PO Number,Vendor\nPO-2,Acme\n']), 'b.csv');
    const twoFiles = await t.buyer.request<ApiError>('POST', '/v1/openOrderUploads', two);
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.body).toMatchObject({ field: 'file', message: 'Send one file per upload.' });
    const files = await db.selectFrom('files').select('sid').where('organizationSid', '=', t.organizationSid).execute();
    expect(files).toEqual([]);
  });

  it('purges a pending file older than an hour, with its parts, and keeps a fresh one and a kept one', async () => {
    const t = await createTenant();
    const { db } = await server();
    const now = new Date();
    const file = (pending: boolean, created: Date) =>
      storeFile(
        db,
        {
          organizationSid: t.organizationSid,
          name: 'orders.csv',
          contentType: 'text/csv',
          content: randomBytes(FILE_PART_BYTES + 1),
          pending,
        },
        created,
      );
    const abandoned = await file(true, new Date(now.getTime() - PENDING_FILE_MS - 1000));
    const fresh = await file(true, new Date(now.getTime() - 60_000));
    const kept = await file(false, new Date(now.getTime() - 10 * PENDING_FILE_MS));
    expect(await purgeAbandonedFiles(db, now)).toBeGreaterThanOrEqual(1);
    const left = await db
      .selectFrom('files')
      .select('sid')
      .where('sid', 'in', [abandoned, fresh, kept])
      .orderBy('sid')
      .execute();
    expect(left.map((f) => f.sid)).toEqual([fresh, kept].sort());
    expect(await partSizes(abandoned)).toEqual([]);
  });

  it('keeps the file of an accepted upload (not pending)', async () => {
    const t = await createTenant();
    const { db } = await server();
    const form = new FormData();
    form.append('file', new Blob(['PO Number,Vendor\nPO-1,Acme\n'], { type: 'text/csv' }), 'orders.csv');
    const r = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', form);
    expect(r.status).toBe(202);
    const stored = await db.selectFrom('files').select('pending').where('sid', '=', r.body.fileSid).executeTakeFirst();
    expect(stored?.pending).toBe(false);
  });
});
