// Checking an upload before it is sent (checkOpenOrderUpload, checkBomUpload,
// checkInventoryUpload): the file read and planned as its import would, the
// records it would create, update or leave as they are counted against the
// organization's, its rejected rows and new vendors listed, and nothing
// written, against the real app and database.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UploadCheck } from '../../src/api/generated/model/index.ts';
import { call, createTenant, runJobs, server, type Tenant } from './support/harness.ts';

interface Upload {
  sid: string;
  status: string;
  rowCountFailure: number;
  failureMessage: string | null;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url), 'utf8');

const CHECK = {
  openOrder: '/v1/openOrderUploads/check',
  bom: '/v1/bomUploads/check',
  inventory: '/v1/inventoryUploads/check',
};
const CREATE = { openOrder: '/v1/openOrderUploads', bom: '/v1/bomUploads', inventory: '/v1/inventoryUploads' };
type Kind = keyof typeof CHECK;

type Content = string | Uint8Array<ArrayBuffer>;

function form(content: Content, name: string, fields: Record<string, string> = {}): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([content]), name);
  for (const [key, value] of Object.entries(fields)) fd.append(key, value);
  return fd;
}

async function checked(
  t: Tenant,
  kind: Kind,
  content: Content,
  name: string,
  fields: Record<string, string> = {},
): Promise<UploadCheck> {
  const r = await t.buyer.request<UploadCheck>('POST', CHECK[kind], form(content, name, fields));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Uploads for real and works the job. */
async function imported(t: Tenant, kind: Kind, content: Content, name: string, fields: Record<string, string> = {}) {
  const r = await t.buyer.request<Upload>('POST', CREATE[kind], form(content, name, fields));
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  await runJobs();
  const done = await t.buyer.request<Upload>('GET', `${CREATE[kind]}/${r.body.sid}`);
  expect(done.body.status, JSON.stringify(done.body)).toBe('completed');
  return done.body;
}

/** The counts by record type, as [record, created, updated, unchanged, deleted]. */
const records = (check: UploadCheck) =>
  check.records.map((r) => [r.record, r.created, r.updated, r.unchanged, r.deleted] as const);

/** Rows of every table a check could write to, for the organization (file parts and jobs in all). */
async function footprint(organizationSid: string): Promise<Record<string, number>> {
  const { db } = await server();
  const owned = [
    'uploads',
    'uploadLogs',
    'files',
    'orders',
    'items',
    'itemGroups',
    'itemCustomFields',
    'vendors',
    'events',
    'orderMembers',
    'orderInvites',
    'boms',
    'bomLines',
    'inventoryCounts',
  ] as const;
  const out: Record<string, number> = {};
  for (const table of owned) {
    const row = await db
      .selectFrom(table)
      .select(db.fn.countAll<number>().as('n'))
      .where('organizationSid', '=', organizationSid)
      .executeTakeFirstOrThrow();
    out[table] = row.n;
  }
  const parts = await db.selectFrom('fileParts').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  out.fileParts = parts.n;
  return out;
}

describe('checking an open-order file', () => {
  it('counts a fresh file as all created, lists its rejected rows and new vendors, and writes nothing', async () => {
    const t = await createTenant();
    const before = await footprint(t.organizationSid);
    const check = await checked(t, 'openOrder', fixture('erp-open-orders.csv'), 'erp-open-orders.csv');
    expect(check).toMatchObject({
      ok: true,
      kind: 'openOrder',
      message: null,
      fileName: 'erp-open-orders.csv',
      fileType: 'csv',
      sheetName: null,
      totalRows: 8,
      importedRowCount: 5,
      rejectedRowCount: 3,
      numberedLines: false,
      customFields: [],
      vendorsToCreateTotal: 3,
      itemGroupsMarkedDelivered: null,
    });
    expect(records(check)).toEqual([
      ['order', 3, 0, 0, 0],
      ['item', 4, 0, 0, 0],
      ['itemGroup', 5, 0, 0, 0],
    ]);
    // The rows its upload would log, with the same row numbers, columns, values and reasons.
    expect(check.rejectedRows.map((r) => [r.rowNumber, r.column, r.value])).toEqual([
      [11, 'Qty', 'abc'],
      [12, 'Due Date', '2026-02-30'],
      [14, 'Part Number', ''],
    ]);
    expect(check.rejectedRows[1].message).toContain('write YYYY-MM-DD, D/M/YYYY or M/D/YYYY');
    expect(check.rejectedRows[2].message).toBe('Item Unique Name is blank.');
    expect(check.vendorsToCreate).toEqual([
      { name: 'Contoso Metals', code: null },
      { name: 'Fabrikam Plastics', code: null },
      { name: 'Northwind Components', code: null },
    ]);
    expect(await footprint(t.organizationSid)).toEqual(before);
    expect(await runJobs()).toBe(0);
  });

  it('counts the same file as unchanged once imported, and a corrected one as created and updated', async () => {
    const t = await createTenant();
    const erp = fixture('erp-open-orders.csv');
    await imported(t, 'openOrder', erp, 'erp.csv');
    const again = await checked(t, 'openOrder', erp, 'erp.csv');
    expect(records(again)).toEqual([
      ['order', 0, 0, 3, 0],
      ['item', 0, 0, 4, 0],
      ['itemGroup', 0, 0, 5, 0],
    ]);
    expect(again).toMatchObject({ rejectedRowCount: 3, vendorsToCreate: [], vendorsToCreateTotal: 0 });

    const corrected = erp
      .replace('Bracket long,abc', 'Bracket long,30')
      .replace('2026-02-30', '2026-02-28')
      .replace('1000,0.012,2026-03-15,2026-03-14', '1000,0.012,2026-03-20,2026-03-14')
      .replace('Housing lid,40,1.1', 'Housing lid,40,1.25');
    const before = await footprint(t.organizationSid);
    const fixed = await checked(t, 'openOrder', corrected, 'erp-fixed.csv');
    // BRK-8 and HSG-1 are new lines; CAP-100N's first shipment moves; HSG-2's price changes.
    expect(records(fixed)).toEqual([
      ['order', 0, 0, 3, 0],
      ['item', 2, 1, 3, 0],
      ['itemGroup', 2, 1, 4, 0],
    ]);
    expect(fixed).toMatchObject({ importedRowCount: 7, rejectedRowCount: 1 });
    expect(await footprint(t.organizationSid)).toEqual(before);

    // What the check said is what the import does.
    const done = await imported(t, 'openOrder', corrected, 'erp-fixed.csv');
    expect(done.rowCountFailure).toBe(1);
    const after = await footprint(t.organizationSid);
    expect([after.orders - before.orders, after.items - before.items, after.itemGroups - before.itemGroups]).toEqual([
      0, 2, 2,
    ]);
  });

  it('lists only the vendors the organization does not have, sorted, with their codes', async () => {
    const t = await createTenant();
    const csv = [
      'PO Number,Supplier,Part Number,Qty',
      `PO-1,${t.vendorName},P1,1`,
      'PO-2,Zeta Supply,P2,1',
      'PO-3,Alpha Parts,P3,1',
      'PO-4,Zeta Supply,P4,1',
    ].join('\n');
    const check = await checked(t, 'openOrder', csv, 'po.csv');
    expect(check.vendorsToCreate).toEqual([
      { name: 'Alpha Parts', code: null },
      { name: 'Zeta Supply', code: null },
    ]);
    expect(check.vendorsToCreateTotal).toBe(2);

    // By their ERP codes: a code the organization does not know creates a vendor with it.
    const codes = await checked(t, 'openOrder', fixture('erp-po-vendor-codes.csv'), 'codes.csv');
    expect(codes.ok).toBe(true);
    expect(codes.vendorsToCreate.every((v) => v.code !== null)).toBe(true);
    expect(codes.vendorsToCreate.map((v) => v.name)).toEqual(codes.vendorsToCreate.map((v) => v.name).sort());
    expect(codes.vendorsToCreate.map((v) => v.name)).not.toContain(t.vendorName);
    const { db } = await server();
    const before = await db
      .selectFrom('vendors')
      .select('name')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    await imported(t, 'openOrder', fixture('erp-po-vendor-codes.csv'), 'codes.csv');
    const after = await db
      .selectFrom('vendors')
      .select('name')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    const made = after.map((v) => v.name).filter((n) => !before.some((b) => b.name === n));
    expect(made.sort()).toEqual(codes.vendorsToCreate.map((v) => v.name));
    expect(codes.vendorsToCreateTotal).toBe(made.length);
  });

  it('says when lines are numbered in file order and which columns are kept as custom fields', async () => {
    const t = await createTenant();
    // A column mapped as a custom field (as the Imports page maps a column we have no field for), and one named so.
    const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'Lines' });
    const field = await t.buyer.request('POST', '/v1/mappedFields', {
      fieldMappingSid: mapping.body.sid,
      name: 'Buyer Note',
      mappedFieldType: 'customField',
    });
    expect(field.status).toBe(201);
    const csv = [
      'PO Number,Qty,Need By,Buyer Note,Custom: Colour',
      'PO-1,5,2027-01-02,rush,red',
      'PO-1,6,2027-01-03,,',
      'PO-2,1,,,',
    ].join('\n');
    const check = await checked(t, 'openOrder', csv, 'lines.csv', { fieldMappingSid: mapping.body.sid });
    expect(check).toMatchObject({ ok: true, numberedLines: true, customFields: ['Buyer Note', 'Colour'] });
    const unmapped = await checked(t, 'openOrder', csv, 'lines.csv');
    expect(unmapped.customFields).toEqual(['Colour']);
    expect(records(check)).toEqual([
      ['order', 2, 0, 0, 0],
      ['item', 3, 0, 0, 0],
      ['itemGroup', 3, 0, 0, 0],
    ]);
  });

  it('counts the item groups forceItemGroupsNotPresentDelivered would mark delivered', async () => {
    const t = await createTenant();
    const csv = ['PO Number,Part Number,Qty', 'PO-1,P1,1', 'PO-1,P2,1', 'PO-2,P3,1'].join('\n');
    await imported(t, 'openOrder', csv, 'all.csv');
    const check = await checked(t, 'openOrder', 'PO Number,Part Number,Qty\nPO-1,P1,1\n', 'one.csv', {
      forceItemGroupsNotPresentDelivered: 'true',
    });
    expect(check.itemGroupsMarkedDelivered).toBe(2);
    const without = await checked(t, 'openOrder', 'PO Number,Part Number,Qty\nPO-1,P1,1\n', 'one.csv');
    expect(without.itemGroupsMarkedDelivered).toBeNull();
  });

  it('answers a file the import would refuse with ok false and its message, writing nothing', async () => {
    const t = await createTenant();
    const before = await footprint(t.organizationSid);
    const noQty = await checked(t, 'openOrder', 'PO Number,Part Number\nPO-1,P1\n', 'no-qty.csv');
    expect(noQty).toMatchObject({ ok: false, records: [], importedRowCount: 0, vendorsToCreate: [] });
    expect(noQty.message).toContain('The file has no');
    expect(noQty.message).toContain('Quantity');
    expect(noQty.rejectedRowCount).toBe(1);

    const twice = await checked(
      t,
      'openOrder',
      'PO Number,Part Number,Item Group,Qty\nPO-1,P1,A,1\nPO-1,P1,A,2\n',
      'twice.csv',
    );
    expect(twice.ok).toBe(false);
    expect(twice.message).toContain('name the same item group "A"');
    expect(twice.rejectedRows.map((r) => r.rowNumber)).toEqual([3]);

    const sheet = await checked(t, 'openOrder', 'PO Number,Qty\nPO-1,1\n', 'po.csv', { sheetName: 'Lines' });
    expect(sheet).toMatchObject({ ok: false, message: 'sheetName "Lines" was given, but a CSV file has no sheets.' });

    // The same message its upload fails with.
    const r = await t.buyer.request<Upload>(
      'POST',
      CREATE.openOrder,
      form('PO Number,Part Number\nPO-1,P1\n', 'no-qty.csv'),
    );
    await runJobs();
    const failed = await t.buyer.request<Upload>('GET', `${CREATE.openOrder}/${r.body.sid}`);
    expect(failed.body).toMatchObject({ status: 'failed', failureMessage: noQty.message });
    const { db } = await server();
    await db.deleteFrom('uploads').where('sid', '=', r.body.sid).execute();
    await db.deleteFrom('files').where('organizationSid', '=', t.organizationSid).execute();
    expect(await footprint(t.organizationSid)).toEqual(before);
  });

  it('names the sheet of a workbook it reads, and refuses a sheet the workbook does not have', async () => {
    const t = await createTenant();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([['Open orders as of March'], ['Prepared by purchasing']]),
      'Notes',
    );
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['PO Number', 'Vendor', 'Item', 'Qty'],
        ['PO-1', 'Sheet Supply', 'P1', 3],
        ['PO-1', 'Sheet Supply', 'P2', 4],
      ]),
      'Lines',
    );
    const xlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const check = await checked(t, 'openOrder', xlsx, 'orders.xlsx');
    expect(check).toMatchObject({ ok: true, fileType: 'xlsx', sheetName: 'Lines', totalRows: 2 });
    expect(records(check)[2]).toEqual(['itemGroup', 2, 0, 0, 0]);
    const missing = await checked(t, 'openOrder', xlsx, 'orders.xlsx', { sheetName: 'Totals' });
    expect(missing).toMatchObject({
      ok: false,
      sheetName: 'Totals',
      message: 'The workbook has no sheet named "Totals"; its sheets are "Notes", "Lines".',
    });
  });

  it('reads files past the JSON body limit within the upload limits', async () => {
    const t = await createTenant();
    const rows = Array.from(
      { length: 4000 },
      (_, i) => `PO-${Math.floor(i / 10)},P${i % 10},${i + 1},Supplier ${Math.floor(i / 10) % 7}`,
    );
    const csv = ['PO Number,Part Number,Qty,Supplier', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const check = await checked(t, 'openOrder', csv, 'big.csv');
    expect(records(check)).toEqual([
      ['order', 400, 0, 0, 0],
      ['item', 4000, 0, 0, 0],
      ['itemGroup', 4000, 0, 0, 0],
    ]);
    expect(check.vendorsToCreateTotal).toBe(7);
  });
});

describe('who may check, and bad input', () => {
  it('needs a session, refuses vendors, and names the bad field', async () => {
    const t = await createTenant();
    const before = await footprint(t.organizationSid);
    for (const path of Object.values(CHECK)) {
      const anonymous = await call<ApiError>(null, 'POST', path, form('PO Number,Qty\nPO-1,1\n', 'po.csv'));
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('unauthenticated');
      const vendor = await t.vendor.request<ApiError>('POST', path, form('PO Number,Qty\nPO-1,1\n', 'po.csv'));
      expect([403, 404]).toContain(vendor.status);
    }
    const bad = async (fd: FormData, field: string) => {
      const r = await t.buyer.request<ApiError>('POST', CHECK.openOrder, fd);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_request', field });
    };
    await bad(form('PO Number,Qty\nPO-1,1\n', 'po.csv', { fieldMappingSid: 'FMnotone' }), 'fieldMappingSid');
    await bad(form('PO Number,Qty\nPO-1,1\n', 'po.csv', { colour: 'blue' }), 'colour');
    await bad(form('PO Number,Qty\nPO-1,1\n', 'po.csv', { orderMemberEmails: 'not an email' }), 'orderMemberEmails');
    await bad(form('PO Number,Qty\nPO-1,1\n', 'po.csv', { fileType: 'xlsx' }), 'fileType');
    await bad(form('', 'empty.csv'), 'file');
    const noFile = new FormData();
    noFile.append('sheetName', 'x');
    await bad(noFile, 'file');
    const bom = await t.buyer.request<ApiError>(
      'POST',
      CHECK.bom,
      form('MPN,Qty\nX,1\n', 'b.csv', { organizationSid: 'OGsomeoneelse' }),
    );
    expect(bom.body).toMatchObject({ code: 'invalid_request', field: 'organizationSid' });
    expect(await footprint(t.organizationSid)).toEqual(before);
  });

  it('keeps an Idempotency-Key of a check apart from the uploads: a check never replays as one, nor creates one', async () => {
    const t = await createTenant();
    const key = 'check-then-upload-1';
    const csv = 'PO Number,Part Number,Qty\nPO-1,P1,1\n';
    const first = await t.buyer.request<UploadCheck>('POST', CHECK.openOrder, form(csv, 'po.csv'), {
      'Idempotency-Key': key,
    });
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(true);
    const { db } = await server();
    const uploads = () =>
      db.selectFrom('uploads').select('sid').where('organizationSid', '=', t.organizationSid).execute();
    expect(await uploads()).toEqual([]);
    const created = await t.buyer.request<Upload>('POST', CREATE.openOrder, form(csv, 'po.csv'), {
      'Idempotency-Key': key,
    });
    expect(created.status).toBe(202);
    expect(created.headers.get('Idempotent-Replayed')).toBeNull();
    expect((await uploads()).map((u) => u.sid)).toEqual([created.body.sid]);
    // And the other way round: a check after an upload with the same key is a check.
    const after = await t.buyer.request<UploadCheck>('POST', CHECK.openOrder, form(csv, 'po.csv'), {
      'Idempotency-Key': 'upload-then-check-1',
    });
    expect(after.body.kind).toBe('openOrder');
    expect(await uploads()).toHaveLength(1);
  });
});

describe('checks at once', () => {
  it('reads a few files at a time and answers the rest beyond its queue 429 with Retry-After', async () => {
    const t = await createTenant();
    const rows = Array.from({ length: 3000 }, (_, i) => `PO-${Math.floor(i / 10)},P${i % 10},${i + 1}`);
    const csv = ['PO Number,Part Number,Qty', ...rows].join('\n');
    const answers = await Promise.all(
      Array.from({ length: 14 }, () => t.buyer.request<UploadCheck>('POST', CHECK.openOrder, form(csv, 'po.csv'))),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].headers.get('Retry-After')).toBe('5');
    const done = answers.filter((a) => a.status === 200);
    expect(done.length + refused.length).toBe(14);
    expect(done.every((a) => a.body.records[2].created === 3000)).toBe(true);
  });
});

describe('checking BOM and inventory files', () => {
  it('counts BOMs and lines created, then updated, unchanged and deleted, and rejects an archived BOM', async () => {
    const t = await createTenant();
    const kicad = fixture('kicad-bom.csv');
    const before = await footprint(t.organizationSid);
    const fresh = await checked(t, 'bom', kicad, 'board-a.csv');
    expect(fresh).toMatchObject({ ok: true, kind: 'bom', totalRows: 6, rejectedRowCount: 0 });
    expect(records(fresh)).toEqual([
      ['bom', 1, 0, 0, 0],
      ['bomLine', 6, 0, 0, 0],
    ]);
    expect(await footprint(t.organizationSid)).toEqual(before);

    await imported(t, 'bom', kicad, 'board-a.csv');
    expect(records(await checked(t, 'bom', kicad, 'board-a.csv'))).toEqual([
      ['bom', 0, 0, 1, 0],
      ['bomLine', 0, 0, 6, 0],
    ]);
    // One line's quantity changes (C3-C4 → C3-C6, 4 parts), the STM32 line goes.
    const changed = kicad
      .replace(
        '"C3-C4","10uF","Capacitor_SMD:C_0805_2012Metric","2"',
        '"C3-C4","10uF","Capacitor_SMD:C_0805_2012Metric","4"',
      )
      .split('\n')
      .filter((line) => !line.includes('STM32F103C8T6'))
      .join('\n');
    expect(records(await checked(t, 'bom', changed, 'board-a.csv'))).toEqual([
      ['bom', 0, 1, 0, 0],
      ['bomLine', 0, 1, 4, 1],
    ]);

    const { db } = await server();
    await db
      .updateTable('boms')
      .set({ archived: new Date() })
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    const archived = await checked(t, 'bom', kicad, 'board-a.csv');
    expect(archived).toMatchObject({ ok: true, importedRowCount: 0, rejectedRowCount: 6 });
    expect(records(archived)).toEqual([
      ['bom', 0, 0, 0, 0],
      ['bomLine', 0, 0, 0, 0],
    ]);
    expect(archived.rejectedRows.map((r) => r.message)).toEqual(
      Array.from({ length: 6 }, () => 'The BOM "board-a" is archived; restore it or name another BOM.'),
    );
  });

  it('counts inventory counts created, then unchanged and updated', async () => {
    const t = await createTenant();
    const counts = fixture('inventory-utf8-bom.csv');
    const before = await footprint(t.organizationSid);
    const fresh = await checked(t, 'inventory', counts, 'stock.csv');
    expect(fresh).toMatchObject({
      ok: true,
      kind: 'inventory',
      totalRows: 4,
      importedRowCount: 2,
      rejectedRowCount: 2,
    });
    expect(fresh.rejectedRows).toEqual([
      { rowNumber: 4, column: 'On Hand', value: '-3', message: 'Count "-3" is negative; it must be 0 or more.' },
      { rowNumber: 5, column: 'On Hand', value: '12.5', message: 'Count "12.5" is not a whole number.' },
    ]);
    expect(records(fresh)).toEqual([['inventoryCount', 2, 0, 0, 0]]);
    expect(await footprint(t.organizationSid)).toEqual(before);

    await imported(t, 'inventory', counts, 'stock.csv');
    expect(records(await checked(t, 'inventory', counts, 'stock.csv'))).toEqual([['inventoryCount', 0, 0, 2, 0]]);
    const recounted = counts.replace('RC0402FR-0710KL,Res 10k,5000,', 'RC0402FR-0710KL,Res 10k,4900,');
    expect(records(await checked(t, 'inventory', recounted, 'stock.csv'))).toEqual([['inventoryCount', 0, 1, 1, 0]]);
  });
});
