// BOMs, BOM lines, approval and the background upsert: persistence, clear to
// build arithmetic in lists, scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { runBomUpsert } from '../../server/jobs/bom-upsert.ts';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface Bom {
  sid: string;
  uniqueName: string;
  version: string;
  created: string;
  updated: string;
}
interface BomLine {
  sid: string;
  bomSid: string;
  organizationSid: string;
  uniqueName: string;
  requiredQuantity: string;
  version: string;
  inventoryQuantity: number;
  orderedQuantity: number;
  ctb: number | null;
}
interface Job {
  sid: string;
  status: 'processing' | 'completed' | 'failed';
  activityState: 'IDLE' | 'PROCESSING';
  bomSid: string | null;
  lineCount: number;
  error: string | null;
}
interface ApiError {
  code: string;
  field?: string;
  message: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

async function makeBom(t: Tenant, uniqueName = unique('BOM')) {
  const r = await t.buyer.request<Bom>('POST', '/v1/boms', { uniqueName });
  expect(r.status).toBe(201);
  return r.body;
}

async function makeLine(t: Tenant, bomSid: string, uniqueName: string, requiredQuantity: string) {
  const r = await t.buyer.request<BomLine>('POST', '/v1/bomLines', { bomSid, uniqueName, requiredQuantity });
  expect(r.status).toBe(201);
  return r.body;
}

async function count(t: Tenant, uniqueName: string, n: number, recordingDate?: string) {
  const r = await t.buyer.request('POST', '/v1/inventoryCounts', { uniqueName, count: n, recordingDate });
  expect(r.status).toBe(201);
}

/** An order line of `quantity` for the part, split into the given item groups. */
async function onOrder(
  t: Tenant,
  mpn: string,
  groups: { quantity: string; delivered?: boolean; status?: 'active' | 'canceled' }[],
) {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: unique('PO'),
    vendorName: t.vendorName,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '1000',
    manufacturerPartNumber: mpn,
  });
  expect(item.status).toBe(201);
  for (const g of groups) {
    const r = await t.buyer.request('POST', '/v1/itemGroups', { itemSid: item.body.sid, ...g });
    expect(r.status).toBe(201);
  }
}

async function poll(t: Tenant, sid: string): Promise<Job> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await t.buyer.request<Job>('GET', `/v1/bomUpserts/${sid}`);
    expect(r.status).toBe(200);
    if (r.body.status !== 'processing') return r.body;
    if (Date.now() > deadline) throw new Error(`job ${sid} still processing`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function storedLines(bomSid: string) {
  const { db } = await server();
  return db.selectFrom('bomLines').selectAll().where('bomSid', '=', bomSid).orderBy('uniqueName').execute();
}

describe('boms', () => {
  it('creates, reads by sid and unique name, lists with filters and cursor pages', async () => {
    const t = await createTenant();
    const created = await t.buyer.request<Bom>('POST', '/v1/boms', { uniqueName: 'Widget rev A' });
    expect(created.status).toBe(201);
    expect(created.body.sid).toMatch(/^BO[0-9a-z]{28}$/);
    expect(created.body.version).toBe('1');
    expect((await t.buyer.request<Bom>('GET', '/v1/boms/Widget%20rev%20A')).body.sid).toBe(created.body.sid);
    expect((await t.admin.request<Bom>('GET', `/v1/boms/${created.body.sid}`)).body.uniqueName).toBe('Widget rev A');

    for (const name of ['B2', 'B3', 'B4']) await makeBom(t, name);
    const first = await t.buyer.request<Page<'boms', Bom>>('GET', '/v1/boms?pageSize=3');
    expect(first.body.boms.map((b) => b.uniqueName)).toEqual(['Widget rev A', 'B2', 'B3']);
    const second = await t.buyer.request<Page<'boms', Bom>>(
      'GET',
      `/v1/boms?pageSize=3&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.boms.map((b) => b.uniqueName)).toEqual(['B4']);
    expect(second.body.page.nextPageToken).toBeNull();

    const byName = await t.buyer.request<Page<'boms', Bom>>('GET', '/v1/boms?uniqueName=B2&uniqueName=B4');
    expect(byName.body.boms.map((b) => b.uniqueName)).toEqual(['B2', 'B4']);
    const bySid = await t.buyer.request<Page<'boms', Bom>>('GET', `/v1/boms?sid=${created.body.sid}`);
    expect(bySid.body.boms.map((b) => b.sid)).toEqual([created.body.sid]);
  });

  it('uses a client sid as an idempotency token and refuses a duplicate name with 409', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const sid = newSid('BO');
    const first = await t.buyer.request<Bom>('POST', '/v1/boms', { sid, uniqueName: 'Idem' });
    expect(first.status).toBe(201);
    expect(first.body.sid).toBe(sid);
    const again = await t.buyer.request<Bom>('POST', '/v1/boms', { sid, uniqueName: 'Idem' });
    expect(again.status).toBe(200);
    expect(again.body.sid).toBe(sid);
    expect((await other.buyer.request<ApiError>('POST', '/v1/boms', { sid, uniqueName: 'X' })).status).toBe(409);

    const dup = await t.buyer.request<ApiError>('POST', '/v1/boms', { uniqueName: 'Idem' });
    expect(dup.status).toBe(409);
    expect(dup.body.field).toBe('uniqueName');
    const { db } = await server();
    const rows = await db.selectFrom('boms').select('sid').where('organizationSid', '=', t.organizationSid).execute();
    expect(rows).toHaveLength(1);
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const cases: [unknown, string | undefined][] = [
      [{}, 'uniqueName'],
      [{ uniqueName: 5 }, 'uniqueName'],
      [{ uniqueName: 'x'.repeat(256) }, 'uniqueName'],
      [{ uniqueName: 'x', colour: 'red' }, 'colour'],
      [{ uniqueName: 'x', sid: 'OR123' }, 'sid'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/boms', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    expect((await t.buyer.request<ApiError>('GET', '/v1/boms?ctbLessThanEqualTo=abc')).body.field).toBe(
      'ctbLessThanEqualTo',
    );
    expect((await t.buyer.request<Page<'boms', Bom>>('GET', '/v1/boms')).body.boms).toEqual([]);
  });

  it('is staff only and scoped to the organization', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const bom = await makeBom(a);
    expect((await a.vendor.request('GET', '/v1/boms')).status).toBe(403);
    expect((await a.vendor.request('POST', '/v1/boms', { uniqueName: 'v' })).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/boms/${bom.sid}`)).status).toBe(403);
    expect((await b.admin.request('GET', `/v1/boms/${bom.sid}`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/boms/${bom.uniqueName}`)).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/boms/${bom.sid}`)).status).toBe(404);
    expect((await b.admin.request('POST', `/v1/boms/${bom.sid}/approve`)).status).toBe(404);
    expect((await b.admin.request<Page<'boms', Bom>>('GET', `/v1/boms?sid=${bom.sid}`)).body.boms).toEqual([]);
    expect((await a.buyer.request('GET', `/v1/boms/${bom.sid}`)).status).toBe(200);
  });

  it('deletes an unapproved BOM with its lines, and archives an approved one', async () => {
    const t = await createTenant();
    const { db } = await server();
    const draft = await makeBom(t);
    const line = await makeLine(t, draft.sid, 'R1', '2');
    const ctb = await t.buyer.request<{ sid: string }>('POST', '/v1/clearToBuilds', {
      referenceSid: line.sid,
      buildDate: '2027-01-01T00:00:00Z',
      buildQuantity: '3',
      type: 'actual',
    });
    expect(ctb.status).toBe(201);
    expect((await t.buyer.request('DELETE', `/v1/boms/${draft.sid}`)).status).toBe(204);
    expect(await db.selectFrom('boms').select('sid').where('sid', '=', draft.sid).executeTakeFirst()).toBeUndefined();
    expect(await storedLines(draft.sid)).toEqual([]);
    expect(
      await db.selectFrom('clearToBuilds').select('sid').where('sid', '=', ctb.body.sid).executeTakeFirst(),
    ).toBeUndefined();

    const approved = await makeBom(t);
    await makeLine(t, approved.sid, 'C1', '1');
    const r = await t.buyer.request<Bom>('POST', `/v1/boms/${approved.sid}/approve`);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe('2');
    const twice = await t.buyer.request<ApiError>('POST', `/v1/boms/${approved.uniqueName}/approve`);
    expect(twice.status).toBe(409);
    expect((await t.buyer.request('DELETE', `/v1/boms/${approved.uniqueName}`)).status).toBe(204);
    const stored = await db.selectFrom('boms').selectAll().where('sid', '=', approved.sid).executeTakeFirstOrThrow();
    expect(stored.approved).toBe(true);
    expect(stored.archived).toBeInstanceOf(Date);
    expect(await storedLines(approved.sid)).toHaveLength(1);
    expect((await t.buyer.request('GET', `/v1/boms/${approved.sid}`)).status).toBe(404);
    expect((await t.buyer.request('DELETE', `/v1/boms/${approved.sid}`)).status).toBe(404);
    expect((await t.buyer.request<Page<'boms', Bom>>('GET', '/v1/boms')).body.boms).toEqual([]);
    expect((await t.buyer.request<Page<'bomLines', BomLine>>('GET', '/v1/bomLines')).body.bomLines).toEqual([]);
    // Its name stays taken.
    expect((await t.buyer.request('POST', '/v1/boms', { uniqueName: approved.uniqueName })).status).toBe(409);
    const events = await db
      .selectFrom('events')
      .select('eventType')
      .where('organizationSid', '=', t.organizationSid)
      .where('eventType', 'like', 'bom.%')
      .execute();
    expect(events.map((e) => e.eventType).sort()).toEqual([
      'bom.approved',
      'bom.archived',
      'bom.created',
      'bom.created',
      'bom.deleted',
    ]);
  });

  it('filters by the actual clear to build with ctbLessThanEqualTo', async () => {
    const t = await createTenant();
    const p = unique('P');
    // ten: min(floor(50/5), floor(100/1)) = 10; doNotPlace and zero lines are ignored.
    const ten = await makeBom(t, 'ten');
    await makeLine(t, ten.sid, `${p}-a`, '5');
    await makeLine(t, ten.sid, `${p}-b`, '1');
    await makeLine(t, ten.sid, `${p}-zero`, '0');
    // two: floor(5/2) = 2.
    const two = await makeBom(t, 'two');
    await makeLine(t, two.sid, `${p}-c`, '2');
    // empty: no lines, clear to build 0.
    await makeBom(t, 'empty');
    await count(t, `${p}-a`, 50);
    await count(t, `${p}-b`, 100);
    await count(t, `${p}-c`, 5);
    const names = async (n: string) =>
      (await t.buyer.request<Page<'boms', Bom>>('GET', `/v1/boms?ctbLessThanEqualTo=${n}`)).body.boms.map(
        (b) => b.uniqueName,
      );
    expect(await names('0')).toEqual(['empty']);
    expect(await names('2')).toEqual(['two', 'empty']);
    expect(await names('9.5')).toEqual(['two', 'empty']);
    expect(await names('10')).toEqual(['ten', 'two', 'empty']);
    // A later count of a part is its inventory: 3 of c makes "two" clear to build 1.
    await count(t, `${p}-c`, 3, new Date(Date.now() + 60_000).toISOString());
    await count(t, `${p}-c`, 99, '2020-01-01T00:00:00Z');
    expect(await names('1')).toEqual(['two', 'empty']);
  });
});

describe('bom lines', () => {
  it('creates by bomSid or bomUniqueName, sums a repeated unique name, reads, updates and deletes', async () => {
    const t = await createTenant();
    const { db } = await server();
    const bom = await makeBom(t);
    const line = await makeLine(t, bom.sid, 'GRM188R71H104KA93D', '4');
    expect(line.sid).toMatch(/^BL[0-9a-z]{28}$/);
    expect(line).toMatchObject({
      bomSid: bom.sid,
      organizationSid: t.organizationSid,
      requiredQuantity: '4',
      version: '1',
      inventoryQuantity: 0,
      orderedQuantity: 0,
      ctb: 0,
    });
    const summed = await t.buyer.request<BomLine>('POST', '/v1/bomLines', {
      bomUniqueName: bom.uniqueName,
      uniqueName: 'GRM188R71H104KA93D',
      requiredQuantity: '2.5',
    });
    expect(summed.status).toBe(200);
    expect(summed.body.sid).toBe(line.sid);
    expect(summed.body.requiredQuantity).toBe('6.5');
    expect(summed.body.version).toBe('2');
    expect(await storedLines(bom.sid)).toHaveLength(1);

    expect((await t.buyer.request<BomLine>('GET', `/v1/bomLines/${line.sid}`)).body.requiredQuantity).toBe('6.5');
    const byName = await t.buyer.request<BomLine>('GET', `/v1/bomLines/GRM188R71H104KA93D?bomSid=${bom.sid}`);
    expect(byName.body.sid).toBe(line.sid);
    const byBomName = await t.buyer.request<BomLine>(
      'GET',
      `/v1/bomLines/GRM188R71H104KA93D?bomUniqueName=${bom.uniqueName}`,
    );
    expect(byBomName.body.sid).toBe(line.sid);
    expect((await t.buyer.request('GET', '/v1/bomLines/GRM188R71H104KA93D')).status).toBe(404);

    const patched = await t.buyer.request<BomLine>('PATCH', `/v1/bomLines/${line.sid}`, { requiredQuantity: '3' });
    expect(patched.status).toBe(200);
    expect(patched.body.requiredQuantity).toBe('3');
    expect(patched.body.version).toBe('3');
    const stored = await db.selectFrom('bomLines').selectAll().where('sid', '=', line.sid).executeTakeFirstOrThrow();
    expect(stored.requiredQuantity).toBe('3.000000');
    expect(stored.version).toBe(3);

    expect((await t.buyer.request('DELETE', `/v1/bomLines/GRM188R71H104KA93D?bomSid=${bom.sid}`)).status).toBe(204);
    expect(await storedLines(bom.sid)).toEqual([]);
    expect((await t.buyer.request('GET', `/v1/bomLines/${line.sid}`)).status).toBe(404);
    const events = await db
      .selectFrom('events')
      .select(['eventType', 'before', 'after'])
      .where('organizationSid', '=', t.organizationSid)
      .where('eventType', 'like', 'bomLine.%')
      .orderBy('eventTime')
      .execute();
    expect(events.map((e) => e.eventType)).toEqual([
      'bomLine.created',
      'bomLine.updated',
      'bomLine.updated',
      'bomLine.deleted',
    ]);
    expect(events[2].before).toMatchObject({ requiredQuantity: '6.5' });
    expect(events[2].after).toMatchObject({ requiredQuantity: '3' });
  });

  it('answers 400 for a missing or foreign BOM and bad quantities, writing nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const bom = await makeBom(a);
    const foreign = await makeBom(b);
    const cases: [unknown, string][] = [
      [{ uniqueName: 'X', requiredQuantity: '1' }, 'bomSid'],
      [{ bomSid: foreign.sid, uniqueName: 'X', requiredQuantity: '1' }, 'bomSid'],
      [{ bomUniqueName: foreign.uniqueName, uniqueName: 'X', requiredQuantity: '1' }, 'bomUniqueName'],
      [{ bomSid: bom.sid, bomUniqueName: foreign.uniqueName, uniqueName: 'X', requiredQuantity: '1' }, 'bomUniqueName'],
      [{ bomSid: bom.sid, uniqueName: 'X', requiredQuantity: '-1' }, 'requiredQuantity'],
      [{ bomSid: bom.sid, uniqueName: 'X', requiredQuantity: 'many' }, 'requiredQuantity'],
      [{ bomSid: bom.sid, uniqueName: 'X' }, 'requiredQuantity'],
      [{ bomSid: bom.sid, requiredQuantity: '1' }, 'uniqueName'],
      [{ bomSid: bom.sid, uniqueName: 'X', requiredQuantity: '1', colour: 'Y' }, 'colour'],
      [{ bomSid: bom.sid, uniqueName: 'X', requiredQuantity: '1', doNotPlace: 'yes' }, 'doNotPlace'],
      [{ bomSid: bom.sid, uniqueName: 'X', requiredQuantity: '1', referenceDesignators: 'R1' }, 'referenceDesignators'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<ApiError>('POST', '/v1/bomLines', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await storedLines(bom.sid)).toEqual([]);
    expect(await storedLines(foreign.sid)).toEqual([]);
    const line = await makeLine(a, bom.sid, 'X', '1');
    const bad = await a.buyer.request<ApiError>('PATCH', `/v1/bomLines/${line.sid}`, { requiredQuantity: '-2' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('requiredQuantity');
    expect((await storedLines(bom.sid))[0].version).toBe(1);
  });

  it('is staff only and answers 404 to another organization', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const bom = await makeBom(a);
    const line = await makeLine(a, bom.sid, 'R1', '1');
    expect((await a.vendor.request('GET', '/v1/bomLines')).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/bomLines/${line.sid}`)).status).toBe(403);
    expect((await b.admin.request('GET', `/v1/bomLines/${line.sid}`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/bomLines/R1?bomSid=${bom.sid}`)).status).toBe(404);
    expect((await b.admin.request('PATCH', `/v1/bomLines/${line.sid}`, { requiredQuantity: '9' })).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/bomLines/${line.sid}`)).status).toBe(404);
    expect(
      (await b.admin.request<Page<'bomLines', BomLine>>('GET', `/v1/bomLines?bomSid=${bom.sid}`)).body.bomLines,
    ).toEqual([]);
    const stored = await storedLines(bom.sid);
    expect(stored[0].requiredQuantity).toBe('1.000000');
  });

  it('computes inventory, ordered quantity and clear to build, filters and sorts on them', async () => {
    const t = await createTenant();
    const bom = await makeBom(t);
    // MPNs unique to this test: inventory and orders match by part across the organization.
    const p = unique('MPN');
    const [a, b, c, d] = [`${p}-a`, `${p}-b`, `${p}-c`, `${p}-d`];
    await makeLine(t, bom.sid, a, '2'); // inventory 10 → ctb 5
    await makeLine(t, bom.sid, b, '4'); // inventory 40 → ctb 10
    await makeLine(t, bom.sid, c, '1'); // inventory 0 → ctb 0
    await makeLine(t, bom.sid, d, '0'); // needs nothing → ctb null
    await count(t, a, 99, '2024-01-01T00:00:00Z');
    await count(t, a, 10, '2025-01-01T00:00:00Z');
    await count(t, b, 40);
    await onOrder(t, a, [
      { quantity: '30' },
      { quantity: '5', delivered: true },
      { quantity: '7', status: 'canceled' },
    ]);
    await onOrder(t, b, [{ quantity: '2.5' }]);

    const list = async (query: string) => {
      const r = await t.buyer.request<Page<'bomLines', BomLine> & { totalCount?: number }>(
        'GET',
        `/v1/bomLines?bomSid=${bom.sid}&${query}`,
      );
      expect(r.status, query).toBe(200);
      return r.body;
    };
    const all = await list('');
    const byName = Object.fromEntries(all.bomLines.map((l) => [l.uniqueName, l]));
    expect(byName[a]).toMatchObject({ inventoryQuantity: 10, orderedQuantity: 30, ctb: 5 });
    expect(byName[b]).toMatchObject({ inventoryQuantity: 40, orderedQuantity: 2.5, ctb: 10 });
    expect(byName[c]).toMatchObject({ inventoryQuantity: 0, orderedQuantity: 0, ctb: 0 });
    expect(byName[d]).toMatchObject({ inventoryQuantity: 0, orderedQuantity: 0, ctb: null });
    expect(all.totalCount).toBeUndefined();

    const names = (body: { bomLines: BomLine[] }) => body.bomLines.map((l) => l.uniqueName);
    expect(names(await list('orderBy=ctb'))).toEqual([c, a, b, d]);
    expect(names(await list('orderBy=ctb&sortOrder=Desc'))).toEqual([d, b, a, c]);
    expect(names(await list('orderBy=requiredQuantity&sortOrder=Desc'))).toEqual([b, a, c, d]);
    expect(names(await list('orderBy=orderedQuantity&sortOrder=Desc')).slice(0, 2)).toEqual([a, b]);
    expect(names(await list('orderBy=inventoryQuantity')).slice(2)).toEqual([a, b]);
    expect(names(await list('inventoryCountLessThanEqualTo=10')).sort()).toEqual([a, c, d].sort());
    expect(names(await list('orderedQuantityLessThanEqualTo=2.5')).sort()).toEqual([b, c, d].sort());
    expect(names(await list(`uniqueName=${b}`))).toEqual([b]);

    // Cursor pages over a computed order, forward and back, with the total.
    const first = await list('orderBy=ctb&sortOrder=Desc&pageSize=2&includeTotalCount=true');
    expect(names(first)).toEqual([d, b]);
    expect(first.totalCount).toBe(4);
    const second = await list(`orderBy=ctb&sortOrder=Desc&pageSize=2&pageToken=${first.page.nextPageToken}`);
    expect(names(second)).toEqual([a, c]);
    expect(second.page.nextPageToken).toBeNull();
    const back = await list(`orderBy=ctb&sortOrder=Desc&pageSize=2&pageToken=${second.page.previousPageToken}`);
    expect(names(back)).toEqual([d, b]);
    const asc = await list('orderBy=ctb&pageSize=3&includeTotalCount=true&inventoryCountLessThanEqualTo=10');
    expect(names(asc)).toEqual([c, a, d]);
    expect(asc.totalCount).toBe(3);

    const bad = await t.buyer.request<ApiError>('GET', '/v1/bomLines?orderBy=price');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('orderBy');
  });
});

describe('bom upserts', () => {
  it('creates a BOM from raw lines in the background, merging duplicates and expanding designators', async () => {
    const t = await createTenant();
    const name = unique('UP');
    const accepted = await t.buyer.request<Job>('PUT', '/v1/bomUpserts', {
      uniqueName: name,
      partNumber: 'PN-100',
      approved: true,
      metadata: { source: 'altium' },
      lines: [
        { mpn: 'RC0603', quantity: 2, referenceDesignatorsString: 'R1, R2' },
        { mpn: 'RC0603', quantity: 3, referenceDesignators: ['R2', 'R1'] },
        { mpn: 'RC0603', quantity: 1, referenceDesignatorsString: 'R9' },
        { mpn: 'GRM188', quantity: 4, referenceDesignatorsString: 'C1-C4', alternativeMpns: ['CL10'] },
        { customId: 'CUSTOM-7', quantity: 1, referenceDesignatorsString: 'J1;J2 J3', doNotPlace: true },
        { quantity: 2, description: 'mystery part' },
      ],
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.sid).toMatch(/^BJ[0-9a-z]{28}$/);
    expect(accepted.body.bomSid).toBeNull();
    const job = await poll(t, accepted.body.sid);
    expect(job).toMatchObject({ status: 'completed', activityState: 'IDLE', lineCount: 5, error: null });
    const bom = await t.buyer.request<Bom>('GET', `/v1/boms/${name}`);
    expect(bom.body.sid).toBe(job.bomSid);

    const { db } = await server();
    const storedBom = await db.selectFrom('boms').selectAll().where('sid', '=', bom.body.sid).executeTakeFirstOrThrow();
    expect(storedBom).toMatchObject({ approved: true, partNumber: 'PN-100', metadata: { source: 'altium' } });
    const lines = await storedLines(bom.body.sid);
    const summary = lines.map((l) => ({
      uniqueName: l.uniqueName,
      mpn: l.mpn,
      customId: l.customId,
      requiredQuantity: l.requiredQuantity,
      referenceDesignators: l.referenceDesignators,
      doNotPlace: l.doNotPlace,
    }));
    expect(summary).toEqual([
      {
        uniqueName: 'CUSTOM-7',
        mpn: null,
        customId: 'CUSTOM-7',
        requiredQuantity: '1.000000',
        referenceDesignators: ['J1', 'J2', 'J3'],
        doNotPlace: true,
      },
      {
        uniqueName: 'GRM188',
        mpn: 'GRM188',
        customId: null,
        requiredQuantity: '4.000000',
        referenceDesignators: ['C1', 'C2', 'C3', 'C4'],
        doNotPlace: false,
      },
      {
        uniqueName: 'RC0603',
        mpn: 'RC0603',
        customId: null,
        requiredQuantity: '5.000000',
        referenceDesignators: ['R1', 'R2'],
        doNotPlace: false,
      },
      {
        uniqueName: 'RC0603 #2',
        mpn: 'RC0603',
        customId: null,
        requiredQuantity: '1.000000',
        referenceDesignators: ['R9'],
        doNotPlace: false,
      },
      {
        uniqueName: 'line-6',
        mpn: null,
        customId: null,
        requiredQuantity: '2.000000',
        referenceDesignators: [],
        doNotPlace: false,
      },
    ]);
    expect(lines.find((l) => l.uniqueName === 'GRM188')?.alternativeMpns).toEqual(['CL10']);
  });

  it('replaces the lines of an existing BOM', async () => {
    const t = await createTenant();
    const bom = await makeBom(t);
    const old = await makeLine(t, bom.sid, 'OLD-1', '3');
    const ctb = await t.buyer.request<{ sid: string }>('POST', '/v1/clearToBuilds', {
      referenceSid: old.sid,
      buildDate: '2027-01-01T00:00:00Z',
      buildQuantity: '1',
      type: 'expected',
    });
    const accepted = await t.buyer.request<Job>('PUT', '/v1/bomUpserts', {
      uniqueName: bom.uniqueName,
      lines: [{ mpn: 'NEW-1', quantity: 7 }],
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.bomSid).toBe(bom.sid);
    expect(accepted.body.activityState).toBe('PROCESSING');
    const job = await poll(t, accepted.body.sid);
    expect(job).toMatchObject({ status: 'completed', bomSid: bom.sid, lineCount: 1 });
    const lines = await storedLines(bom.sid);
    expect(lines.map((l) => [l.uniqueName, l.requiredQuantity])).toEqual([['NEW-1', '7.000000']]);
    const after = await t.buyer.request<Bom>('GET', `/v1/boms/${bom.sid}`);
    expect(after.body.version).toBe('2');
    const { db } = await server();
    expect(
      await db.selectFrom('clearToBuilds').select('sid').where('sid', '=', ctb.body.sid).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      (await db.selectFrom('boms').select('approved').where('sid', '=', bom.sid).executeTakeFirstOrThrow()).approved,
    ).toBe(false);
  });

  it('validates before accepting, is staff only and scoped', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const cases: [unknown, string][] = [
      [{ lines: [] }, 'uniqueName'],
      [{ uniqueName: '', lines: [] }, 'uniqueName'],
      [{ uniqueName: 'U' }, 'lines'],
      [{ uniqueName: 'U', lines: [{ quantity: -1 }] }, 'lines.0.quantity'],
      [{ uniqueName: 'U', lines: [{ quantity: 1.5 }] }, 'lines.0.quantity'],
      [{ uniqueName: 'U', lines: [{ mpn: 'A', colour: 'red' }] }, 'lines.0.colour'],
      [{ uniqueName: 'U', lines: [{ referenceDesignatorsString: 'R1-R9999' }] }, 'lines.0.referenceDesignatorsString'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<ApiError>('PUT', '/v1/bomUpserts', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    expect(
      await db.selectFrom('bomUpsertJobs').select('sid').where('organizationSid', '=', a.organizationSid).execute(),
    ).toEqual([]);
    expect((await a.vendor.request('PUT', '/v1/bomUpserts', { uniqueName: 'U', lines: [] })).status).toBe(403);

    const accepted = await a.buyer.request<Job>('PUT', '/v1/bomUpserts', { uniqueName: 'U', lines: [] });
    expect(accepted.status).toBe(202);
    expect((await b.buyer.request('GET', `/v1/bomUpserts/${accepted.body.sid}`)).status).toBe(404);
    expect((await a.vendor.request('GET', `/v1/bomUpserts/${accepted.body.sid}`)).status).toBe(403);
    expect(await poll(a, accepted.body.sid)).toMatchObject({ status: 'completed', lineCount: 0 });

    // An archived BOM keeps its name: upserting it is a conflict.
    expect((await a.buyer.request('POST', '/v1/boms/U/approve')).status).toBe(200);
    expect((await a.buyer.request('DELETE', '/v1/boms/U')).status).toBe(204);
    const archived = await a.buyer.request<ApiError>('PUT', '/v1/bomUpserts', { uniqueName: 'U', lines: [] });
    expect(archived.status).toBe(409);
    expect(archived.body.field).toBe('uniqueName');
  });

  it('records a failure on the job', async () => {
    const t = await createTenant();
    const { db } = await server();
    const sid = newSid('BJ');
    const now = new Date();
    await db
      .insertInto('bomUpsertJobs')
      .values({
        sid,
        organizationSid: t.organizationSid,
        created: now,
        updated: now,
        bomSid: null,
        error: null,
        payload: JSON.stringify({ uniqueName: 'broken' }),
      })
      .execute();
    const principal = {
      userSid: t.buyer.userSid,
      organizationSid: t.organizationSid,
      role: 'buyer' as const,
      vendorSids: [],
      via: 'bearer' as const,
      kind: 'login' as const,
      sessionSid: null,
      apiKeySid: null,
      embed: null,
      name: 'Buyer',
    };
    await runBomUpsert(db, principal, sid);
    const job = await t.buyer.request<Job>('GET', `/v1/bomUpserts/${sid}`);
    expect(job.body).toMatchObject({ status: 'failed', activityState: 'IDLE', lineCount: 0 });
    expect(job.body.error).toContain('lines');
    expect((await t.buyer.request<Page<'boms', Bom>>('GET', '/v1/boms')).body.boms).toEqual([]);
  });
});
