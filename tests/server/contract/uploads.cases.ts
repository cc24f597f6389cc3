// Contract cases for open order, BOM and inventory uploads, the open order
// upload logs, file exports, field mappings and mapped fields.
import { newSid } from '../../../server/domain/sid.ts';
import { runJobs, server, type Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';
import { storeFile } from '../../../server/db/files.ts';

const CSV = 'PO Number,Supplier,Line,Qty\nPO-1,Acme,10,5\n';

function csvForm(fields: Record<string, string | string[]> = {}): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([CSV], { type: 'text/csv' }), 'upload.csv');
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) fd.append(key, v);
  }
  return fd;
}

async function makeFieldMapping(t: Tenant): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'Contract mapping' });
  if (r.status !== 201) throw new Error('could not make a field mapping');
  return r.body.sid;
}

async function makeMappedField(t: Tenant): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/mappedFields', {
    fieldMappingSid: await makeFieldMapping(t),
    name: 'PO Number',
    mappedFieldType: 'orderUniqueName',
  });
  if (r.status !== 201) throw new Error('could not make a mapped field');
  return r.body.sid;
}

async function makeUpload(t: Tenant, path: string): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', path, csvForm());
  if (r.status !== 202) throw new Error(`could not make an upload at ${path}`);
  return r.body.sid;
}

/** An open order upload with one log entry; no operation writes logs, so the entry is inserted. */
async function makeUploadWithLog(t: Tenant): Promise<string> {
  const sid = await makeUpload(t, '/v1/openOrderUploads');
  const { db } = await server();
  const now = new Date();
  await db
    .insertInto('uploadLogs')
    .values({
      sid: newSid('UL'),
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      uploadSid: sid,
      rowNumber: 2,
      column: 'Qty',
      value: 'five',
      message: 'Qty must be a number.',
    })
    .execute();
  return sid;
}

/** A completed open order upload with one rejected row, read by the upload job. */
async function makeUploadWithRejects(t: Tenant): Promise<string> {
  const fd = new FormData();
  fd.append(
    'file',
    new Blob(['PO Number,Part Number,Qty\nPO-1,P1,5\nPO-1,P2,five\n'], { type: 'text/csv' }),
    'bad.csv',
  );
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/openOrderUploads', fd);
  if (r.status !== 202) throw new Error('could not make an upload with a rejected row');
  await runJobs();
  return r.body.sid;
}

async function makeFileExport(t: Tenant): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/fileExports', { query: { entity: 'orders' } });
  if (r.status !== 201) throw new Error('could not make a file export');
  return r.body.sid;
}

/** A finished export with its file; only the export job writes files, so the file is inserted. */
async function makeCompletedFileExport(t: Tenant): Promise<string> {
  const sid = await makeFileExport(t);
  const { db } = await server();
  const now = new Date();
  const fileSid = await storeFile(
    db,
    { organizationSid: t.organizationSid, name: 'orders.csv', contentType: 'text/csv', content: Buffer.from(CSV) },
    now,
  );
  await db.updateTable('fileExports').set({ status: 'completed', fileSid }).where('sid', '=', sid).execute();
  return sid;
}

export const cases: ContractCase[] = [
  // open order uploads
  {
    operationId: 'listOpenOrderUploads',
    prepare: async (t) => {
      await makeUpload(t, '/v1/openOrderUploads');
      return { path: '/v1/openOrderUploads?pageSize=10' };
    },
  },
  {
    operationId: 'createOpenOrderUpload',
    prepare: async (t) => ({
      path: '/v1/openOrderUploads',
      status: 202,
      body: csvForm({
        sid: newSid('UP'),
        fieldMappingSid: await makeFieldMapping(t),
        orderMemberEmails: 'ada@example.test,grace@example.test',
        orderMemberSids: t.buyer.userSid,
        forceItemGroupsNotPresentDelivered: 'false',
        membersToNotifyOnFailure: `${t.admin.userSid},ops@example.test`,
        fileType: 'csv',
        orderUniqueNameHash: 'PO Number,Supplier',
        dataChangeGroupSid: 'DC-contract',
        openOrderUploadParametersSid: newSid('OU'),
      }),
    }),
  },
  {
    operationId: 'getOpenOrderUpload',
    prepare: async (t) => ({ path: `/v1/openOrderUploads/${await makeUpload(t, '/v1/openOrderUploads')}` }),
  },
  {
    operationId: 'deleteOpenOrderUpload',
    prepare: async (t) => ({ path: `/v1/openOrderUploads/${await makeUpload(t, '/v1/openOrderUploads')}` }),
  },
  {
    operationId: 'getOpenOrderUploadDownloadUrl',
    prepare: async (t) => ({
      path: `/v1/openOrderUploads/${await makeUpload(t, '/v1/openOrderUploads')}/downloadUrl`,
    }),
  },
  {
    operationId: 'getRejectedRowsDownloadUrl',
    prepare: async (t) => ({
      path: `/v1/openOrderUploadLogs/rejectedRowsUrl?openOrderUploadSid=${await makeUploadWithRejects(t)}`,
    }),
  },
  {
    operationId: 'listOpenOrderUploadLogs',
    prepare: async (t) => ({
      path: `/v1/openOrderUploadLogs?openOrderUploadSid=${await makeUploadWithLog(t)}&pageSize=10`,
    }),
  },

  // BOM uploads
  {
    operationId: 'listBomUploads',
    prepare: async (t) => {
      await makeUpload(t, '/v1/bomUploads');
      return { path: `/v1/bomUploads?organizationSid=${t.organizationSid}&pageSize=10` };
    },
  },
  {
    operationId: 'createBomUpload',
    prepare: async (t) => ({
      path: '/v1/bomUploads',
      status: 202,
      body: csvForm({
        sid: newSid('UP'),
        organizationSid: t.organizationSid,
        fieldMappingSid: await makeFieldMapping(t),
        fileType: 'csv',
        dataChangeGroupSid: 'DC-contract',
        bomUploadParametersSid: newSid('BU'),
      }),
    }),
  },
  {
    operationId: 'getBomUpload',
    prepare: async (t) => ({ path: `/v1/bomUploads/${await makeUpload(t, '/v1/bomUploads')}` }),
  },
  {
    operationId: 'deleteBomUpload',
    prepare: async (t) => ({ path: `/v1/bomUploads/${await makeUpload(t, '/v1/bomUploads')}` }),
  },
  {
    operationId: 'getBomUploadDownloadUrl',
    prepare: async (t) => ({ path: `/v1/bomUploads/${await makeUpload(t, '/v1/bomUploads')}/downloadUrl` }),
  },

  // inventory uploads
  {
    operationId: 'listInventoryUploads',
    prepare: async (t) => {
      await makeUpload(t, '/v1/inventoryUploads');
      return { path: `/v1/inventoryUploads?organizationSid=${t.organizationSid}&pageSize=10` };
    },
  },
  {
    operationId: 'createInventoryUpload',
    prepare: async (t) => ({
      path: '/v1/inventoryUploads',
      status: 202,
      body: csvForm({
        sid: newSid('IP'),
        fieldMappingSid: await makeFieldMapping(t),
        fileType: 'csv',
        inventoryUniqueNameHash: ['Part Number', 'Bin'],
        dataChangeGroupSid: 'DC-contract',
      }),
    }),
  },
  {
    operationId: 'getInventoryUpload',
    prepare: async (t) => ({ path: `/v1/inventoryUploads/${await makeUpload(t, '/v1/inventoryUploads')}` }),
  },
  {
    operationId: 'deleteInventoryUpload',
    prepare: async (t) => ({ path: `/v1/inventoryUploads/${await makeUpload(t, '/v1/inventoryUploads')}` }),
  },
  {
    operationId: 'getInventoryUploadDownloadUrl',
    prepare: async (t) => ({
      path: `/v1/inventoryUploads/${await makeUpload(t, '/v1/inventoryUploads')}/downloadUrl`,
    }),
  },

  // checking an upload's file before sending it (our addition)
  {
    operationId: 'checkOpenOrderUpload',
    prepare: async (t) => ({
      path: '/v1/openOrderUploads/check',
      body: csvForm({
        fieldMappingSid: await makeFieldMapping(t),
        orderMemberEmails: 'ada@example.test',
        forceItemGroupsNotPresentDelivered: 'true',
        fileType: 'csv',
        orderUniqueNameHash: 'PO Number,Supplier',
      }),
    }),
  },
  {
    operationId: 'checkBomUpload',
    prepare: async (t) => ({
      path: '/v1/bomUploads/check',
      body: csvForm({
        organizationSid: t.organizationSid,
        fieldMappingSid: await makeFieldMapping(t),
        fileType: 'csv',
      }),
    }),
  },
  {
    operationId: 'checkInventoryUpload',
    prepare: async (t) => ({
      path: '/v1/inventoryUploads/check',
      body: csvForm({ fieldMappingSid: await makeFieldMapping(t), fileType: 'csv' }),
    }),
  },

  // file exports
  {
    operationId: 'listFileExports',
    prepare: async (t) => {
      await makeFileExport(t);
      return { path: '/v1/fileExports?pageSize=10' };
    },
  },
  {
    operationId: 'createFileExport',
    prepare: async (t) => ({
      path: '/v1/fileExports',
      body: {
        sid: newSid('FE'),
        query: { entity: 'orders', fileType: 'xlsx', filters: { vendorSid: t.vendorSid } },
        fieldMappingSid: await makeFieldMapping(t),
      },
    }),
  },
  { operationId: 'getFileExport', prepare: async (t) => ({ path: `/v1/fileExports/${await makeFileExport(t)}` }) },
  {
    operationId: 'deleteFileExport',
    prepare: async (t) => ({ path: `/v1/fileExports/${await makeCompletedFileExport(t)}` }),
  },
  {
    operationId: 'getFileExportDownloadUrl',
    prepare: async (t) => ({ path: `/v1/fileExports/${await makeCompletedFileExport(t)}/downloadUrl` }),
  },

  // field mappings and mapped fields
  {
    operationId: 'listFieldMappings',
    prepare: async (t) => {
      await makeFieldMapping(t);
      return { path: '/v1/fieldMappings?pageSize=10' };
    },
  },
  {
    operationId: 'createFieldMapping',
    prepare: () =>
      Promise.resolve({
        path: '/v1/fieldMappings',
        body: { sid: newSid('FM'), name: 'ERP open orders', importAllowed: true, exportAllowed: false },
      }),
  },
  {
    operationId: 'getFieldMapping',
    prepare: async (t) => ({ path: `/v1/fieldMappings/${await makeFieldMapping(t)}` }),
  },
  {
    operationId: 'deleteFieldMapping',
    prepare: async (t) => ({ path: `/v1/fieldMappings/${await makeFieldMapping(t)}` }),
  },
  {
    operationId: 'listMappedFields',
    prepare: async (t) => {
      const sid = await makeMappedField(t);
      const { db } = await server();
      const field = await db
        .selectFrom('mappedFields')
        .select('fieldMappingSid')
        .where('sid', '=', sid)
        .executeTakeFirstOrThrow();
      return { path: `/v1/mappedFields?fieldMappingSid=${field.fieldMappingSid}&pageSize=10` };
    },
  },
  {
    operationId: 'createMappedField',
    prepare: async (t) => ({
      path: '/v1/mappedFields',
      body: {
        sid: newSid('MF'),
        fieldMappingSid: await makeFieldMapping(t),
        name: 'Qty Ordered',
        mappedFieldType: 'quantity',
      },
    }),
  },
  { operationId: 'getMappedField', prepare: async (t) => ({ path: `/v1/mappedFields/${await makeMappedField(t)}` }) },
  {
    operationId: 'deleteMappedField',
    prepare: async (t) => ({ path: `/v1/mappedFields/${await makeMappedField(t)}` }),
  },
];
