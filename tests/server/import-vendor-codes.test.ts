// An ERP export that names vendors by their code (a fixture written for this
// test): a code column with or without a name column creates vendors with
// their code, finds the organization's vendor by code, and gives a code to a
// vendor known by name only. Columns the product has no field for (currency,
// plant, unit of measure), mapped as custom fields, are kept on the items.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, runJobs, server, type Tenant } from './support/harness.ts';

interface Upload {
  sid: string;
  status: string;
  rowCountSuccess: number;
  rowCountFailure: number;
  rowCountCreated: number;
  rowCountUpdated: number;
}
interface Order {
  sid: string;
  uniqueName: string;
  vendorName: string | null;
  vendorSid: string | null;
}
interface Vendor {
  sid: string;
  name: string;
  code: string | null;
}
interface Log {
  rowNumber: number;
  column: string | null;
  message: string;
}
interface CustomField {
  itemSid: string;
  name: string;
  value: string;
}

const file = () =>
  new Uint8Array(readFileSync(new URL('../fixtures/imports/erp-po-vendor-codes.csv', import.meta.url)));

async function mappingWithCustomFields(t: Tenant): Promise<string> {
  const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'ERP lines' });
  expect(mapping.status).toBe(201);
  for (const name of ['Currency', 'Plant', 'UoM']) {
    const r = await t.buyer.request('POST', '/v1/mappedFields', {
      fieldMappingSid: mapping.body.sid,
      name,
      mappedFieldType: 'customField',
    });
    expect(r.status).toBe(201);
  }
  return mapping.body.sid;
}

async function imported(t: Tenant, fieldMappingSid: string): Promise<Upload> {
  const form = new FormData();
  form.append('file', new Blob([file()]), 'open-lines.csv');
  form.append('fieldMappingSid', fieldMappingSid);
  const posted = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', form);
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  await runJobs();
  return (await t.buyer.request<Upload>('GET', `/v1/openOrderUploads/${posted.body.sid}`)).body;
}

async function list<T>(t: Tenant, path: string, key: string): Promise<T[]> {
  const r = await t.buyer.request<Record<string, T[]>>('GET', path);
  expect(r.status).toBe(200);
  return r.body[key];
}

describe('an ERP export naming vendors by code', () => {
  it('creates vendors with their codes, finds known ones by code and keeps the extra columns', async () => {
    const t = await createTenant();
    const { db } = await server();
    const now = new Date();
    const known = { sid: newSid('VE'), name: 'Dovetail Tools', code: 'V005' };
    const byNameOnly = { sid: newSid('VE'), name: 'Existing Supply Co', code: null };
    await db
      .insertInto('vendors')
      .values(
        [known, byNameOnly].map((v) => ({
          ...v,
          organizationSid: t.organizationSid,
          email: null,
          created: now,
          updated: now,
        })),
      )
      .execute();

    const upload = await imported(t, await mappingWithCustomFields(t));
    expect(upload).toMatchObject({ status: 'completed', rowCountSuccess: 7, rowCountFailure: 1, rowCountCreated: 7 });
    const logs = await list<Log>(t, `/v1/openOrderUploadLogs?openOrderUploadSid=${upload.sid}`, 'openOrderUploadLogs');
    expect(logs.map((l) => [l.rowNumber, l.column, l.message])).toEqual([
      [10, 'Supplier No.', 'Vendor "Corvid Metals" has the code V003 on row 6, not V006.'],
    ]);

    const vendors = await list<Vendor>(t, '/v1/vendors?pageSize=100', 'vendors');
    const codes = Object.fromEntries(vendors.map((v) => [v.name, v.code]));
    expect(codes).toEqual({
      [t.vendorName]: null,
      [t.otherVendorName]: null,
      'Brightline Optics': 'V001',
      // A code without a name column value names its vendor.
      V002: 'V002',
      'Corvid Metals': 'V003',
      'Existing Supply Co': 'V004',
      'Dovetail Tools': 'V005',
    });
    const sidOf = Object.fromEntries(vendors.map((v) => [v.name, v.sid]));
    expect(sidOf['Existing Supply Co']).toBe(byNameOnly.sid);

    const orders = await list<Order>(t, '/v1/orders?pageSize=100', 'orders');
    expect(orders.map((o) => [o.uniqueName, o.vendorName, o.vendorSid]).sort()).toEqual([
      ['4500020001', 'Brightline Optics', sidOf['Brightline Optics']],
      ['4500020002', 'V002', sidOf.V002],
      ['4500020003', 'Corvid Metals', sidOf['Corvid Metals']],
      // Another name for V001 further down is still V001, as the organization's vendor would be.
      ['4500020004', 'Brightline Optics', sidOf['Brightline Optics']],
      ['4500020005', 'Existing Supply Co', byNameOnly.sid],
      // The file calls it "Dovetail"; the vendor with code V005 keeps its own name.
      ['4500020006', 'Dovetail Tools', known.sid],
    ]);

    const first = orders.find((o) => o.uniqueName === '4500020001');
    const fields = await list<CustomField>(
      t,
      `/v1/itemCustomFields?orderSid=${first?.sid}&pageSize=100`,
      'itemCustomFields',
    );
    expect(fields.map((f) => [f.name, f.value]).sort()).toEqual([
      ['Currency', 'EUR'],
      ['Currency', 'EUR'],
      ['Plant', 'DE01'],
      ['Plant', 'DE01'],
      ['UoM', 'PCE'],
      ['UoM', 'PCE'],
    ]);

    // The same file again: the same vendors, nothing created twice.
    const again = await imported(t, await mappingWithCustomFields(t));
    expect(again).toMatchObject({ status: 'completed', rowCountCreated: 0, rowCountFailure: 1 });
    expect(await list<Vendor>(t, '/v1/vendors?pageSize=100', 'vendors')).toHaveLength(vendors.length);
  });

  it('refuses a row whose code belongs to another vendor name of the organization', async () => {
    const t = await createTenant();
    const { db } = await server();
    const now = new Date();
    await db
      .insertInto('vendors')
      .values({
        sid: newSid('VE'),
        organizationSid: t.organizationSid,
        name: 'Corvid Metals',
        code: 'C-9',
        email: null,
        created: now,
        updated: now,
      })
      .execute();
    const upload = await imported(t, await mappingWithCustomFields(t));
    const logs = await list<Log>(t, `/v1/openOrderUploadLogs?openOrderUploadSid=${upload.sid}`, 'openOrderUploadLogs');
    expect(logs.map((l) => [l.rowNumber, l.column, l.message])).toContainEqual([
      6,
      'Supplier No.',
      'Vendor "Corvid Metals" has the code C-9 in your organization, not V003.',
    ]);
  });
});
