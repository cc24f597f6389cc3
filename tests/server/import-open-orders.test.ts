// Open-order imports end to end: upload → background job → rows visible
// through the API, rejected rows logged with their row numbers, re-uploads
// updating instead of duplicating, and every kind of bad file failing with
// its message while writing nothing.
import * as XLSX from '@e965/xlsx';
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTenant, engine, runJobs, server, type Tenant } from './support/harness.ts';

interface Upload {
  sid: string;
  status: string;
  rowCountTotal: number;
  rowCountSuccess: number;
  rowCountFailure: number;
  rowCountCreated: number;
  rowCountUpdated: number;
  rowsProcessed: number;
  failureMessage: string | null;
  fileName: string | null;
}
interface Log {
  rowNumber: number;
  column: string | null;
  value: string | null;
  message: string;
}
interface Page {
  page: { nextPageToken: string | null };
}

const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url), 'utf8');
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url)));

async function upload(
  t: Tenant,
  content: string | Uint8Array<ArrayBuffer>,
  name: string,
  fields: Record<string, string> = {},
) {
  const fd = new FormData();
  fd.append('file', new Blob([content]), name);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const r = await t.buyer.request<Upload>('POST', '/v1/openOrderUploads', fd);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.body.status).toBe('processing');
  return r.body.sid;
}

/** Uploads, works the job, and answers the upload as the API shows it. */
async function imported(
  t: Tenant,
  content: string | Uint8Array<ArrayBuffer>,
  name: string,
  fields: Record<string, string> = {},
) {
  const sid = await upload(t, content, name, fields);
  await runJobs();
  const r = await t.buyer.request<Upload>('GET', `/v1/openOrderUploads/${sid}`);
  expect(r.status).toBe(200);
  return r.body;
}

const rejectsPath = (sid: string) => `/v1/openOrderUploadLogs/rejectedRowsUrl?openOrderUploadSid=${sid}`;

/** The rejected rows file of an upload, fetched through its download link. */
async function rejectedRowsFile(t: Tenant, sid: string): Promise<{ response: Response; url: string }> {
  const link = await t.buyer.request<{ url: string }>('GET', rejectsPath(sid));
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  const url = new URL(link.body.url);
  const { app } = await server();
  return {
    response: await app.request(`http://127.0.0.1${url.pathname}${url.search}`),
    url: `${url.pathname}${url.search}`,
  };
}

/** Every row of a list operation, page by page. */
async function all<T>(t: Tenant, path: string, key: string): Promise<T[]> {
  const out: T[] = [];
  let token: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r: { status: number; body: Page & Record<string, unknown> } = await t.buyer.request(
      'GET',
      `${path}${sep}pageSize=100${token ? `&pageToken=${token}` : ''}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    out.push(...(r.body[key] as T[]));
    token = r.body.page.nextPageToken;
  } while (token);
  return out;
}

async function counts(t: Tenant) {
  const { db } = await server();
  const n = async (table: 'orders' | 'items' | 'itemGroups' | 'events') => {
    const row = await db
      .selectFrom(table)
      .select(db.fn.countAll<number>().as('n'))
      .where('organizationSid', '=', t.organizationSid)
      .executeTakeFirstOrThrow();
    return row.n;
  };
  return {
    orders: await n('orders'),
    items: await n('items'),
    itemGroups: await n('itemGroups'),
    events: await n('events'),
  };
}

interface Order {
  sid: string;
  uniqueName: string;
  vendorName: string | null;
  vendorSid: string | null;
  title: string | null;
}
interface Item {
  uniqueName: string;
  quantity: string;
  description: string | null;
  lineNumber: number | null;
  pricePerUnit: string | null;
  orderSid: string;
}
interface Group {
  sid: string;
  uniqueName: string;
  quantity: string;
  dueDate: string | null;
  estimatedArrivalDate: string | null;
  version: number;
  delivered: boolean;
  context: { orderUniqueName: string; itemUniqueName: string };
}

const groupsOf = async (t: Tenant) =>
  (await all<Group>(t, '/v1/itemGroups', 'itemGroups'))
    .map((g) => [
      g.context.orderUniqueName,
      g.context.itemUniqueName,
      g.uniqueName,
      g.quantity,
      g.dueDate,
      g.estimatedArrivalDate,
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('open-order imports', () => {
  it('imports the ERP export: good rows as orders, items and item groups, bad rows logged with their row numbers', async () => {
    const t = await createTenant();
    const result = await imported(t, fixture('erp-open-orders.csv'), 'erp-open-orders.csv');
    expect(result).toMatchObject({
      status: 'completed',
      rowCountTotal: 8,
      rowCountSuccess: 5,
      rowCountFailure: 3,
      rowCountCreated: 5,
      rowCountUpdated: 0,
      rowsProcessed: 8,
      failureMessage: null,
      fileName: 'erp-open-orders.csv',
    });
    const orders = await all<Order>(t, '/v1/orders', 'orders');
    expect(orders.map((o) => [o.uniqueName, o.vendorName]).sort()).toEqual([
      ['PO-1001', 'Northwind Components'],
      ['PO-1002', 'Contoso Metals'],
      ['PO-1003', 'Fabrikam Plastics'],
    ]);
    expect(orders.every((o) => o.vendorSid?.startsWith('VE'))).toBe(true);
    const items = await all<Item>(t, '/v1/items', 'items');
    expect(items.map((i) => [i.uniqueName, i.quantity, i.lineNumber, i.pricePerUnit]).sort()).toEqual([
      ['BRK-7', '25', 1, '4.5'],
      ['CAP-100N', '2000', 1, '0.012'],
      ['HSG-2', '40', 2, '1.1'],
      ['RES-10K', '10', 2, '0.002'],
    ]);
    expect(items.find((i) => i.uniqueName === 'RES-10K')?.description).toBe('Resistor 10k\nreel of 5000');
    expect(await groupsOf(t)).toEqual([
      ['PO-1001', 'CAP-100N', '1', '1000', '2026-03-15', '2026-03-14'],
      ['PO-1001', 'CAP-100N', '2', '1000', '2026-04-15', null],
      ['PO-1001', 'RES-10K', '1', '10', '2026-03-31', null],
      ['PO-1002', 'BRK-7', '1', '25', '2026-03-31', null],
      ['PO-1003', 'HSG-2', '1', '40', '2026-04-15', null],
    ]);
    const logs = await all<Log>(t, `/v1/openOrderUploadLogs?openOrderUploadSid=${result.sid}`, 'openOrderUploadLogs');
    expect(logs.map((l) => [l.rowNumber, l.column, l.value])).toEqual([
      [11, 'Qty', 'abc'],
      [12, 'Due Date', '2026-02-30'],
      [14, 'Part Number', ''],
    ]);
    expect(logs[1].message).toContain('write YYYY-MM-DD, D/M/YYYY or M/D/YYYY');
    // history: each new record has its created event, by the uploader
    const { db } = await server();
    const events = await db
      .selectFrom('events')
      .select(['eventType', 'actorSid'])
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(events.filter((e) => e.eventType === 'itemGroup.created')).toHaveLength(5);
    expect(events.filter((e) => e.eventType === 'order.created')).toHaveLength(3);
    expect(events.every((e) => e.actorSid === t.buyer.userSid)).toBe(true);
  });

  it('re-uploading the same file updates and never duplicates; a corrected file adds its fixed rows and changes dates', async () => {
    const t = await createTenant();
    const erp = fixtureText('erp-open-orders.csv');
    await imported(t, erp, 'erp.csv');
    const before = await counts(t);
    const again = await imported(t, erp, 'erp.csv');
    expect(again).toMatchObject({ status: 'completed', rowCountCreated: 0, rowCountUpdated: 5, rowCountFailure: 3 });
    expect(await counts(t)).toEqual(before); // not even an event: nothing changed
    const cap1 = (await all<Group>(t, '/v1/itemGroups', 'itemGroups')).find(
      (g) => g.context.itemUniqueName === 'CAP-100N' && g.uniqueName === '1',
    );
    const corrected = erp
      .replace('Bracket long,abc', 'Bracket long,30')
      .replace('2026-02-30', '2026-02-28')
      .replace('1000,0.012,2026-03-15,2026-03-14', '1000,0.012,2026-03-20,2026-03-14');
    const fixed = await imported(t, corrected, 'erp-fixed.csv');
    expect(fixed).toMatchObject({ status: 'completed', rowCountCreated: 2, rowCountUpdated: 5, rowCountFailure: 1 });
    const after = await counts(t);
    expect(after).toMatchObject({ orders: 3, items: 6, itemGroups: 7 });
    const groups = await all<Group>(t, '/v1/itemGroups', 'itemGroups');
    const changed = groups.find((g) => g.sid === cap1?.sid);
    expect(changed).toMatchObject({ dueDate: '2026-03-20', version: (cap1?.version ?? 0) + 1 });
    const names = groups.map((g) => `${g.context.orderUniqueName}/${g.context.itemUniqueName}/${g.uniqueName}`);
    expect(new Set(names).size).toBe(names.length);
    const { db } = await server();
    const updates = await db
      .selectFrom('events')
      .select(['eventType', 'before', 'after'])
      .where('itemGroupSid', '=', cap1?.sid ?? '')
      .where('eventType', '=', 'itemGroup.updated')
      .execute();
    expect(updates).toHaveLength(1);
    expect(updates[0].after).toMatchObject({ dueDate: '2026-03-20' });
  });

  it('gives each line its item’s part: lines added to new and to existing items, and when the file changes an MPN', async () => {
    const t = await createTenant();
    const { db } = await server();
    /** Each line of the tenant's with the part it keeps and its item's part, by order, item and line. */
    const parts = async () =>
      (
        await sql<{ line: string; kept: string | null; item: string | null }>`select
            o.unique_name || '/' || i.unique_name || '/' || g.unique_name as line, g.mpn_key as kept,
            coalesce(i.mpn_key, '') as item
          from item_groups g join items i on i.sid = g.item_sid join orders o on o.sid = g.order_sid
          where g.organization_sid = ${t.organizationSid} order by 1`.execute(db)
      ).rows;
    const head = 'PO Number,Supplier,Line,Part Number,MPN,Qty,Due Date\n';
    const first = `${head}PO-1,Acme,1,R1,r-10k 0603,5,2026-03-15\nPO-1,Acme,2,C1,,5,2026-03-15\n`;
    expect(await imported(t, first, 'first.csv')).toMatchObject({ status: 'completed', rowCountCreated: 2 });
    // A line whose item has no MPN has no part ('').
    expect((await parts()).map((p) => p.kept)).toEqual(['', 'R10K0603']);
    // A second release of an item there before, a new item, and an MPN changed and one given.
    const second = `${first}PO-1,Acme,1,R1,r-10k 0603,7,2026-04-15\nPO-2,Acme,1,R2,R 22K,1,2026-03-01\n`.replace(
      'PO-1,Acme,2,C1,,5',
      'PO-1,Acme,2,C1,c-100n,5',
    );
    expect(await imported(t, second, 'second.csv')).toMatchObject({ status: 'completed', rowCountCreated: 2 });
    const kept = await parts();
    expect(kept.map((p) => p.kept)).toEqual(['C100N', 'R10K0603', 'R10K0603', 'R22K']);
    expect(kept.every((p) => p.kept === p.item)).toBe(true);
    const third = second.replace('PO-2,Acme,1,R2,R 22K', 'PO-2,Acme,1,R2,R-47K');
    await imported(t, third, 'third.csv');
    expect((await parts()).map((p) => p.kept)).toEqual(['C100N', 'R10K0603', 'R10K0603', 'R47K']);
  });

  it('gives the rejected rows as they were in the file, with what was wrong; fixed and uploaded again they import once', async () => {
    const t = await createTenant();
    const { app } = await server();
    const sid = await upload(t, fixture('erp-open-orders.csv'), 'erp-open-orders.csv');
    const early = await t.buyer.request<{ code: string }>('GET', rejectsPath(sid));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('upload_processing');
    await runJobs();
    const done = await t.buyer.request<Upload & { hasRejectedRowsFile: boolean }>('GET', `/v1/openOrderUploads/${sid}`);
    expect(done.body).toMatchObject({ status: 'completed', rowCountFailure: 3, hasRejectedRowsFile: true });
    // Another organization does not learn the upload exists; a vendor may not read uploads.
    const stranger = await createTenant();
    expect((await stranger.admin.request('GET', rejectsPath(sid))).status).toBe(404);
    expect((await t.vendor.request('GET', rejectsPath(sid))).status).toBe(403);
    const { response: file, url } = await rejectedRowsFile(t, sid);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('erp-open-orders-rejected-rows.csv');
    const text = await file.text();
    // The header row as in the file, then rows 11, 12 and 14 as they were, each with its problem.
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'PO Number,Supplier,Line,Part Number,Description,Qty,Unit Price,Due Date,Promise Date,Import problem',
    );
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 9).join(','))).toEqual([
      'PO-1002,Contoso Metals,2,BRK-8,Bracket long,abc,4.75,2026-04-01,',
      'PO-1003,Fabrikam Plastics,1,HSG-1,Housing,40,2.2,2026-02-30,',
      'PO-1004,,1,,Missing part,5,1,2026-05-01,',
    ]);
    expect(lines[1]).toContain('Qty: ');
    expect(lines[2]).toContain('Due Date: ');
    expect(lines.slice(4)).toEqual(['']);

    // Fixed in place and uploaded again: the three rows come in, nothing imported before is duplicated.
    const before = await counts(t);
    const fixed = text
      .replace(',abc,', ',30,')
      .replace('2026-02-30', '2026-02-28')
      .replace(',,1,,Missing', ',,1,MISC-1,Missing');
    const again = await imported(t, fixed, 'erp-open-orders-rejected-rows.csv');
    expect(again).toMatchObject({ status: 'completed', rowCountTotal: 3, rowCountCreated: 3, rowCountFailure: 0 });
    expect((again as Upload & { hasRejectedRowsFile: boolean }).hasRejectedRowsFile).toBe(false);
    const after = await counts(t);
    expect(after).toMatchObject({
      orders: before.orders + 1,
      items: before.items + 3,
      itemGroups: before.itemGroups + 3,
    });
    const none = await t.buyer.request<{ code: string }>('GET', rejectsPath(again.sid));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('no_rejected_rows');

    // Deleting the upload deletes the file of its rejected rows too.
    expect((await t.buyer.request('DELETE', `/v1/openOrderUploads/${sid}`)).status).toBe(204);
    expect((await app.request(`http://127.0.0.1${url}`)).status).toBe(404);
  });

  it('reads back a value it escaped against formulas as it was, so rejected rows with =, +, - or @ upload again', async () => {
    const t = await createTenant();
    const csv = 'PO Number,Part Number,Qty,Due Date\r\n@PO-1,-PART,5,2026-05-01\r\n@PO-1,=SUM(1),x,2026-05-01\r\n';
    const result = await imported(t, csv, 'formulas.csv');
    expect(result).toMatchObject({ status: 'completed', rowCountCreated: 1, rowCountFailure: 1 });
    const text = await (await rejectedRowsFile(t, result.sid)).response.text();
    // Escaped when written: a spreadsheet shows them as text.
    expect(text.split('\r\n')[1]).toMatch(/^'@PO-1,'=SUM\(1\),x,2026-05-01,/);
    const again = await imported(t, text.replace(',x,', ',7,'), 'fixed.csv');
    expect(again).toMatchObject({ status: 'completed', rowCountCreated: 1, rowCountFailure: 0 });
    const items = await all<Item>(t, '/v1/items', 'items');
    expect(items.map((i) => [i.uniqueName, i.quantity]).sort()).toEqual([
      ['-PART', '5'],
      ['=SUM(1)', '7'],
    ]);
    const orders = await all<Order>(t, '/v1/orders', 'orders');
    expect(orders.map((o) => o.uniqueName)).toEqual(['@PO-1']);
  });

  it('reads a Windows-1252 semicolon file through the organization’s field mapping', async () => {
    const t = await createTenant();
    const mapping = await t.buyer.request<{ sid: string }>('POST', '/v1/fieldMappings', { name: 'German ERP' });
    for (const [name, mappedFieldType] of [
      ['PO-Nummer', 'orderUniqueName'],
      ['Lieferant', 'vendorName'],
      ['Pos', 'lineNumber'],
      ['Artikel', 'itemUniqueName'],
      ['Menge', 'quantity'],
      ['Preis', 'pricePerUnit'],
      ['Liefertermin', 'dueDate'],
    ]) {
      const r = await t.buyer.request('POST', '/v1/mappedFields', {
        fieldMappingSid: mapping.body.sid,
        name,
        mappedFieldType,
      });
      expect(r.status).toBe(201);
    }
    const result = await imported(t, fixture('semicolon-1252.csv'), 'lieferungen.csv', {
      fieldMappingSid: mapping.body.sid,
    });
    expect(result).toMatchObject({ status: 'completed', rowCountCreated: 3, rowCountFailure: 0 });
    const orders = await all<Order>(t, '/v1/orders', 'orders');
    expect(orders.map((o) => [o.uniqueName, o.vendorName]).sort()).toEqual([
      ['PO-2001', 'Müller GmbH'],
      ['PO-2002', 'Bäcker & Söhne'],
    ]);
    const items = await all<Item>(t, '/v1/items', 'items');
    expect(items.map((i) => [i.uniqueName, i.quantity, i.pricePerUnit]).sort()).toEqual([
      ['GEHÄUSE', '12', '9.99'],
      ['MUTTER-M3', '2.5', '1.2'],
      ['SCHR-M3', '1000', '0.05'],
    ]);
  });

  it('imports a workbook, custom fields from a tab-separated file, members and invites, and marks missing item groups delivered', async () => {
    const t = await createTenant();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['PO Number', 'Vendor', 'Item', 'Qty', 'Due Date'],
        ['PO-3001', 'Tab Supply', 'OLD-PART', 3, new Date(Date.UTC(2026, 4, 1))],
      ]),
      'Sheet1',
    );
    const xlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect(await imported(t, xlsx, 'orders.xlsx')).toMatchObject({ status: 'completed', rowCountCreated: 1 });
    const result = await imported(t, fixture('tab-delimited.tsv'), 'orders.tsv', {
      forceItemGroupsNotPresentDelivered: 'true',
      orderMemberSids: t.admin.userSid,
      orderMemberEmails: `new.person@example.test`,
    });
    expect(result).toMatchObject({ status: 'completed', rowCountCreated: 2 });
    const groups = await all<Group>(t, '/v1/itemGroups', 'itemGroups');
    expect(groups.map((g) => [g.context.itemUniqueName, g.delivered, g.dueDate]).sort()).toEqual([
      ['OLD-PART', true, '2026-05-01'],
      ['WIDGET-A', false, '2026-06-01'],
      ['WIDGET-B', false, '2026-06-02'],
    ]);
    const { db } = await server();
    const fields = await db
      .selectFrom('itemCustomFields')
      .innerJoin('items', 'items.sid', 'itemCustomFields.itemSid')
      .select(['items.uniqueName', 'itemCustomFields.name', 'itemCustomFields.value'])
      .where('itemCustomFields.organizationSid', '=', t.organizationSid)
      .orderBy('items.uniqueName')
      .execute();
    expect(fields).toEqual([
      { uniqueName: 'WIDGET-A', name: 'Color', value: 'Red' },
      { uniqueName: 'WIDGET-B', name: 'Color', value: 'Blue' },
    ]);
    const order = (await all<Order>(t, '/v1/orders', 'orders')).find((o) => o.uniqueName === 'PO-3001');
    const members = await db
      .selectFrom('orderMembers')
      .select('memberSid')
      .where('orderSid', '=', order?.sid ?? '')
      .execute();
    expect(members.map((m) => m.memberSid)).toEqual([t.admin.userSid]);
    const invites = await db
      .selectFrom('orderInvites')
      .select('email')
      .where('orderSid', '=', order?.sid ?? '')
      .execute();
    expect(invites.map((i) => i.email)).toEqual(['new.person@example.test']);
  });

  it('fails a bad file as a whole with its message, writing nothing but its logs', async () => {
    const t = await createTenant();
    const corruptXlsx = Uint8Array.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00,
    ]);
    const tooMany = `PO Number,Item,Qty\n${Array.from({ length: 200_001 }, (_, i) => `PO-${i},A,1`).join('\n')}\n`;
    const cases: [string | Uint8Array<ArrayBuffer>, string, RegExp, number[]][] = [
      [
        'PO Number,Item,Due Date\nPO-1,A,2026-01-01\n',
        'no-qty.csv',
        /^The file has no Quantity \(a column named "Quantity", "Qty"/,
        [1],
      ],
      [
        'PO Number,Item,Item Group Unique Name,Qty\nPO-1,A,G1,1\nPO-1,A,G1,2\n',
        'dup.csv',
        /^Rows 2 and 3 name the same item group "G1" of item A on order PO-1\./,
        [3],
      ],
      [
        'PO Number,Item,Qty\n',
        'header-only.csv',
        /^The file has a header row \(row 1\) but no data rows under it\.$/,
        [],
      ],
      ['just,some,words\n1,2,3\n', 'no-header.csv', /^No header row found/, []],
      [
        'PO Number,Item,Qty\nPO-1,A,lots\nPO-2,,1\n',
        'all-bad.csv',
        /^None of the 2 data rows could be imported/,
        [2, 3],
      ],
      [corruptXlsx, 'broken.xlsx', /^The file could not be read as an XLSX workbook/, []],
      [tooMany, 'too-many.csv', /^The file has 200,001 data rows; an upload may have at most 200,000\./, []],
    ];
    for (const [content, name, message, logRows] of cases) {
      const result = await imported(t, content, name);
      expect(result.status, name).toBe('failed');
      expect(result.failureMessage, name).toMatch(message);
      expect(result.rowCountSuccess, name).toBe(0);
      const logs = await all<Log>(t, `/v1/openOrderUploadLogs?openOrderUploadSid=${result.sid}`, 'openOrderUploadLogs');
      expect(
        logs.map((l) => l.rowNumber),
        name,
      ).toEqual(logRows);
    }
    expect(await counts(t)).toEqual({ orders: 0, items: 0, itemGroups: 0, events: 0 });
  });

  it('stores the chunk size an import starts with, and a resumed run cuts the file the same way', async () => {
    const t = await createTenant();
    const { db } = await server();
    const chunkRowsOf = async (sid: string) =>
      (await db.selectFrom('uploads').select('chunkRows').where('sid', '=', sid).executeTakeFirstOrThrow()).chunkRows;
    const done = await imported(t, 'PO Number,Item,Qty\nPO-1,A,1\n', 'fresh.csv');
    expect(await chunkRowsOf(done.sid)).toBe(engine === 'postgres' ? 2500 : 1000);

    // As a run that started with chunks of 2 rows leaves an upload when its process stops after the first chunk
    // (PO-2 and PO-3); the size this version starts with is another.
    const sid = await upload(t, 'PO Number,Item,Qty\nPO-2,A,1\nPO-3,A,1\nPO-4,A,1\n', 'resumed.csv');
    await db
      .updateTable('uploads')
      .set({ chunksDone: 1, chunkRows: 2, rowCountTotal: 3, rowsProcessed: 2, rowCountSuccess: 2, rowCountCreated: 2 })
      .where('sid', '=', sid)
      .execute();
    await runJobs();
    const r = await t.buyer.request<Upload>('GET', `/v1/openOrderUploads/${sid}`);
    expect(r.body).toMatchObject({ status: 'completed', rowsProcessed: 3, rowCountCreated: 3, rowCountFailure: 0 });
    // The resumed run wrote the second chunk, PO-4, and left the first, counted as written, alone.
    const names = await db
      .selectFrom('orders')
      .select('uniqueName')
      .where('organizationSid', '=', t.organizationSid)
      .orderBy('uniqueName')
      .execute();
    expect(names.map((o) => o.uniqueName)).toEqual(['PO-1', 'PO-4']);
    expect(await chunkRowsOf(sid)).toBe(2);
  });

  it('leaves an upload deleted while queued alone', async () => {
    const t = await createTenant();
    const sid = await upload(t, 'PO Number,Item,Qty\nPO-1,A,1\n', 'gone.csv');
    expect((await t.buyer.request('DELETE', `/v1/openOrderUploads/${sid}`)).status).toBe(204);
    await runJobs();
    expect(await counts(t)).toEqual({ orders: 0, items: 0, itemGroups: 0, events: 0 });
  });
});
