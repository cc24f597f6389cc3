// An ERP report of open PO lines as it comes (a fixture written for this
// test): a title block, semicolons and decimal commas, day-first dates with
// two-digit and four-digit days, and no line or item number column. Each row
// is a line of its order, numbered in file order; importing the same file
// again updates the same lines.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTenant, runJobs, type Tenant } from './support/harness.ts';

interface Upload {
  sid: string;
  status: string;
  rowCountTotal: number;
  rowCountSuccess: number;
  rowCountFailure: number;
  rowCountCreated: number;
  rowCountUpdated: number;
  failureMessage: string | null;
}
interface Item {
  uniqueName: string;
  lineNumber: number | null;
  quantity: string;
  orderUniqueName?: string;
  context?: { orderUniqueName: string };
}
interface Group {
  uniqueName: string;
  quantity: string;
  dueDate: string | null;
  shipDate: string | null;
  context: { orderUniqueName: string; itemUniqueName: string };
}
interface Log {
  rowNumber: number;
  column: string | null;
  message: string;
}

const file = () =>
  new Uint8Array(readFileSync(new URL('../fixtures/imports/erp-po-lines-day-first.csv', import.meta.url)));

async function imported(t: Tenant): Promise<Upload> {
  const form = new FormData();
  form.append('file', new Blob([file()]), 'open-po-lines.csv');
  const posted = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', form);
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  await runJobs();
  const r = await t.buyer.request<Upload>('GET', `/v1/openOrderUploads/${posted.body.sid}`);
  return r.body;
}

async function list<T>(t: Tenant, path: string, key: string): Promise<T[]> {
  const r = await t.buyer.request<Record<string, T[]>>('GET', path);
  expect(r.status).toBe(200);
  return r.body[key];
}

describe('an ERP export of PO lines without line numbers', () => {
  it('numbers the lines of each order in file order and reads the dates day first', async () => {
    const t = await createTenant();
    const first = await imported(t);
    expect(first).toMatchObject({
      status: 'completed',
      rowCountTotal: 5,
      rowCountSuccess: 4,
      rowCountFailure: 1,
      rowCountCreated: 4,
      failureMessage: null,
    });
    const logs = await list<Log>(t, `/v1/openOrderUploadLogs?openOrderUploadSid=${first.sid}`, 'openOrderUploadLogs');
    expect(logs.map((l) => [l.rowNumber, l.column, l.message])).toEqual([[9, 'Open Qty', 'Quantity is blank.']]);

    const groups = (await list<Group>(t, '/v1/itemGroups?pageSize=100', 'itemGroups'))
      .map((g) => [g.context.orderUniqueName, g.context.itemUniqueName, g.quantity, g.dueDate, g.shipDate])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(groups).toEqual([
      ['4500012001', '1', '5000', '2027-02-03', '2027-01-28'],
      ['4500012001', '2', '10000', '2027-02-03', null],
      ['4500012001', '3', '2.5', '2027-03-17', null],
      ['4500012002', '1', '400', '2027-01-05', '2026-12-20'],
    ]);
    const items = await list<Item>(t, '/v1/items?pageSize=100', 'items');
    expect(items.map((i) => i.lineNumber).sort()).toEqual([1, 1, 2, 3]);

    const again = await imported(t);
    expect(again).toMatchObject({ status: 'completed', rowCountCreated: 0, rowCountUpdated: 4, rowCountFailure: 1 });
    expect(await list<Group>(t, '/v1/itemGroups?pageSize=100', 'itemGroups')).toHaveLength(4);
  });

  it('reads an ambiguous date column in the order saved with the mapping', async () => {
    const t = await createTenant();
    const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'ERP lines' });
    expect(mapping.status).toBe(201);
    const field = await t.buyer.request<{ dateOrder: string | null }>('POST', '/v1/mappedFields', {
      fieldMappingSid: mapping.body.sid,
      name: 'Need By',
      mappedFieldType: 'dueDate',
      dateOrder: 'dayFirst',
    });
    expect(field.status).toBe(201);
    expect(field.body.dateOrder).toBe('dayFirst');
    const notADate = await t.buyer.request<{ field: string }>('POST', '/v1/mappedFields', {
      fieldMappingSid: mapping.body.sid,
      name: 'Qty',
      mappedFieldType: 'quantity',
      dateOrder: 'dayFirst',
    });
    expect(notADate.status).toBe(400);
    expect(notADate.body.field).toBe('dateOrder');

    const form = new FormData();
    form.append('file', new Blob(['PO Number,Line,Qty,Need By\nPO-7,1,5,03/04/2026\nPO-7,2,5,05/06/26\n']), 'po.csv');
    form.append('fieldMappingSid', mapping.body.sid);
    const posted = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', form);
    expect(posted.status).toBe(202);
    await runJobs();
    const groups = await list<Group>(t, '/v1/itemGroups?pageSize=100', 'itemGroups');
    expect(groups.map((g) => g.dueDate).sort()).toEqual(['2026-04-03', '2026-06-05']);
  });

  it('takes the sheet that lists the lines, passing over pivots and summaries, or the sheet asked for', async () => {
    const t = await createTenant();
    const wb = XLSX.utils.book_new();
    const sheet = (rows: (string | number)[][], name: string) => {
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
    };
    sheet(
      [
        ['Row Labels', 'Sum of Qty'],
        ['PO-1', 9],
        ['Grand Total', 9],
      ],
      'Pivot',
    );
    sheet(
      [
        ['PO Number', 'Qty'],
        ['PO-1', 9],
      ],
      'Summary by PO',
    );
    sheet(
      [
        ['PO Number', 'Line', 'Qty'],
        ['PO-1', 1, 4],
        ['PO-1', 2, 5],
      ],
      'Open lines',
    );
    sheet(
      [
        ['PO Number', 'Line', 'Qty'],
        ['PO-9', 1, 7],
      ],
      'Closed lines',
    );
    const xlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);

    const send = async (fields: Record<string, string>) => {
      const form = new FormData();
      form.append('file', new Blob([xlsx]), 'po-report.xlsx');
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const posted = await t.buyer.request<Upload & { sheetName: string | null }>('POST', '/v1/openOrderUploads', form);
      expect(posted.status, JSON.stringify(posted.body)).toBe(202);
      await runJobs();
      return (
        await t.buyer.request<Upload & { sheetName: string | null }>('GET', `/v1/openOrderUploads/${posted.body.sid}`)
      ).body;
    };
    const chosen = await send({});
    expect(chosen).toMatchObject({ status: 'completed', rowCountCreated: 2, sheetName: null });
    const asked = await send({ sheetName: 'Closed lines' });
    expect(asked).toMatchObject({ status: 'completed', rowCountCreated: 1, sheetName: 'Closed lines' });
    const orders = (await list<{ uniqueName: string }>(t, '/v1/orders?pageSize=100', 'orders')).map(
      (o) => o.uniqueName,
    );
    expect(orders.sort()).toEqual(['PO-1', 'PO-9']);
    const missing = await send({ sheetName: 'Lines' });
    expect(missing.status).toBe('failed');
    expect(missing.failureMessage).toBe(
      'The workbook has no sheet named "Lines"; its sheets are "Pivot", "Summary by PO", "Open lines", "Closed lines".',
    );
  });
});
