// Inventory counts, clear-to-build records and clear-to-build targets:
// persistence, filters, scoping and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface InventoryCount {
  sid: string;
  created: string;
  recordingDate: string;
  count: number;
  uniqueName: string;
  title: string | null;
}
interface ClearToBuild {
  sid: string;
  organizationSid: string;
  referenceSid: string;
  buildDate: string;
  buildQuantity: string;
  type: 'expected' | 'actual';
}
interface Target {
  sid: string;
  organizationSid: string;
  bomSid: string;
  quantity: string;
  durationLength: number;
  durationType: string;
  startDate: string;
}
interface ApiError {
  code: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

async function bomWithLine(t: Tenant) {
  const bom = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/boms', {
    uniqueName: unique('BOM'),
  });
  const line = await t.buyer.request<{ sid: string }>('POST', '/v1/bomLines', {
    bomSid: bom.body.sid,
    uniqueName: 'R1',
    requiredQuantity: '2',
  });
  expect(bom.status).toBe(201);
  expect(line.status).toBe(201);
  return { bom: bom.body, line: line.body };
}

const ctbBody = (referenceSid: string, extra: Record<string, unknown> = {}) => ({
  referenceSid,
  buildDate: '2027-03-01T00:00:00Z',
  buildQuantity: '12',
  type: 'actual',
  ...extra,
});

const targetBody = (bomSid: string, extra: Record<string, unknown> = {}) => ({
  bomSid,
  quantity: '100',
  durationLength: 3,
  durationType: 'month',
  startDate: '2027-01-01T00:00:00Z',
  ...extra,
});

describe('inventory counts', () => {
  it('records counts, reads by sid or by the part’s latest count, and lists by recording date', async () => {
    const t = await createTenant();
    const older = await t.buyer.request<InventoryCount>('POST', '/v1/inventoryCounts', {
      uniqueName: 'GRM188R71H104KA93D',
      title: 'Capacitor 100nF',
      count: 500,
      recordingDate: '2026-01-10T08:00:00Z',
    });
    expect(older.status).toBe(201);
    expect(older.body).toMatchObject({
      uniqueName: 'GRM188R71H104KA93D',
      title: 'Capacitor 100nF',
      count: 500,
      recordingDate: '2026-01-10T08:00:00.000Z',
    });
    expect(older.body.sid).toMatch(/^IC[0-9a-z]{28}$/);
    const newer = await t.buyer.request<InventoryCount>('POST', '/v1/inventoryCounts', {
      uniqueName: 'GRM188R71H104KA93D',
      count: 420,
      recordingDate: '2026-02-10T08:00:00Z',
    });
    // No recording date: now.
    const now = await t.admin.request<InventoryCount>('POST', '/v1/inventoryCounts', {
      uniqueName: 'RC0603',
      count: 0,
    });
    expect(now.status).toBe(201);
    expect(Math.abs(Date.parse(now.body.recordingDate) - Date.now())).toBeLessThan(60_000);
    expect(now.body.title).toBeNull();

    expect((await t.buyer.request<InventoryCount>('GET', `/v1/inventoryCounts/${older.body.sid}`)).body.count).toBe(
      500,
    );
    const latest = await t.buyer.request<InventoryCount>('GET', '/v1/inventoryCounts/GRM188R71H104KA93D');
    expect(latest.body.sid).toBe(newer.body.sid);
    expect((await t.buyer.request('GET', '/v1/inventoryCounts/NOPE')).status).toBe(404);

    const list = async (query: string) =>
      (await t.buyer.request<Page<'inventoryCounts', InventoryCount>>('GET', `/v1/inventoryCounts?${query}`)).body
        .inventoryCounts;
    expect((await list('')).map((i) => i.sid)).toEqual([older.body.sid, newer.body.sid, now.body.sid]);
    expect((await list('dateBefore=2026-02-10T08:00:00Z')).map((i) => i.sid)).toEqual([older.body.sid, newer.body.sid]);
    expect((await list('dateAfter=2026-01-10T08:00:00Z')).map((i) => i.sid)).toEqual([newer.body.sid, now.body.sid]);
    expect((await list('dateAfter=2026-01-01T00:00:00Z&dateBefore=2026-01-31T00:00:00Z')).map((i) => i.sid)).toEqual([
      older.body.sid,
    ]);
    expect(await list(`organizationSid=${newSid('OG')}`)).toEqual([]);
    expect(await list(`organizationSid=${t.organizationSid}&pageSize=1`)).toHaveLength(1);
  });

  it('uses a client sid as an idempotency token and refuses bad input', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const sid = newSid('IC');
    const first = await t.buyer.request<InventoryCount>('POST', '/v1/inventoryCounts', {
      sid,
      uniqueName: 'A',
      count: 1,
    });
    expect(first.status).toBe(201);
    const again = await t.buyer.request<InventoryCount>('POST', '/v1/inventoryCounts', {
      sid,
      uniqueName: 'A',
      count: 1,
    });
    expect(again.status).toBe(200);
    expect(again.body.sid).toBe(sid);
    expect((await other.buyer.request('POST', '/v1/inventoryCounts', { sid, uniqueName: 'A', count: 1 })).status).toBe(
      409,
    );
    const cases: [unknown, string][] = [
      [{ uniqueName: 'A', count: -1 }, 'count'],
      [{ uniqueName: 'A', count: 1.5 }, 'count'],
      [{ uniqueName: 'A' }, 'count'],
      [{ count: 1 }, 'uniqueName'],
      [{ uniqueName: 'A', count: 1, recordingDate: 'yesterday' }, 'recordingDate'],
      [{ uniqueName: 'A', count: 1, sid: 'BO123' }, 'sid'],
      [{ uniqueName: 'A', count: 1, weight: 3 }, 'weight'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/inventoryCounts', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    const rows = await db
      .selectFrom('inventoryCounts')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('is staff only and scoped', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const made = await a.buyer.request<InventoryCount>('POST', '/v1/inventoryCounts', { uniqueName: 'A', count: 3 });
    expect((await a.vendor.request('GET', '/v1/inventoryCounts')).status).toBe(403);
    expect((await a.vendor.request('POST', '/v1/inventoryCounts', { uniqueName: 'A', count: 3 })).status).toBe(403);
    expect((await b.buyer.request('GET', `/v1/inventoryCounts/${made.body.sid}`)).status).toBe(404);
    expect((await b.buyer.request('GET', '/v1/inventoryCounts/A')).status).toBe(404);
    expect(
      (await b.buyer.request<Page<'inventoryCounts', InventoryCount>>('GET', '/v1/inventoryCounts')).body
        .inventoryCounts,
    ).toEqual([]);
  });
});

describe('clear to builds', () => {
  it('creates for a BOM or a BOM line, lists with filters, updates and deletes', async () => {
    const t = await createTenant();
    const { db } = await server();
    const { bom, line } = await bomWithLine(t);
    const forBom = await t.buyer.request<ClearToBuild>('POST', '/v1/clearToBuilds', ctbBody(bom.sid));
    expect(forBom.status).toBe(201);
    expect(forBom.body).toMatchObject({
      organizationSid: t.organizationSid,
      referenceSid: bom.sid,
      buildDate: '2027-03-01T00:00:00.000Z',
      buildQuantity: '12',
      type: 'actual',
    });
    const forLine = await t.buyer.request<ClearToBuild>(
      'POST',
      '/v1/clearToBuilds',
      ctbBody(line.sid, { buildDate: '2027-04-01T00:00:00Z', buildQuantity: '3.5', type: 'expected' }),
    );
    expect(forLine.status).toBe(201);

    const list = async (query: string) =>
      (
        await t.buyer.request<Page<'clearToBuilds', ClearToBuild>>('GET', `/v1/clearToBuilds?${query}`)
      ).body.clearToBuilds.map((x) => x.sid);
    expect(await list('')).toEqual([forBom.body.sid, forLine.body.sid]);
    expect(await list(`sid=${line.sid}`)).toEqual([forLine.body.sid]);
    expect(await list(`sid=${line.sid}&sid=${bom.sid}`)).toEqual([forBom.body.sid, forLine.body.sid]);
    expect(await list('startDate=2027-03-15T00:00:00Z')).toEqual([forLine.body.sid]);
    expect(await list('endDate=2027-03-01T00:00:00Z')).toEqual([forBom.body.sid]);
    expect(await list('buildQuantityLessThanEqualTo=3.5')).toEqual([forLine.body.sid]);
    expect(await list('buildQuantityLessThanEqualTo=12')).toHaveLength(2);
    expect(await list(`organizationSid=${newSid('OG')}`)).toEqual([]);

    const patched = await t.buyer.request<ClearToBuild>('PATCH', `/v1/clearToBuilds/${forBom.body.sid}`, {
      buildQuantity: '8',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.buildQuantity).toBe('8');
    const stored = await db
      .selectFrom('clearToBuilds')
      .selectAll()
      .where('sid', '=', forBom.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.buildQuantity).toBe('8.000000');

    expect((await t.buyer.request('DELETE', `/v1/clearToBuilds/${forBom.body.sid}`)).status).toBe(204);
    expect(await list('')).toEqual([forLine.body.sid]);
    const events = await db
      .selectFrom('events')
      .select('eventType')
      .where('organizationSid', '=', t.organizationSid)
      .where('eventType', 'like', 'clearToBuild.%')
      .execute();
    expect(events.map((e) => e.eventType).sort()).toEqual([
      'clearToBuild.created',
      'clearToBuild.created',
      'clearToBuild.deleted',
      'clearToBuild.updated',
    ]);
  });

  it('refuses a reference that is no BOM or line of the organization and other bad input', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { bom } = await bomWithLine(a);
    const foreign = await bomWithLine(b);
    const cases: [unknown, string][] = [
      [ctbBody(foreign.bom.sid), 'referenceSid'],
      [ctbBody(foreign.line.sid), 'referenceSid'],
      [ctbBody('nothing'), 'referenceSid'],
      [ctbBody(bom.sid, { buildQuantity: '-1' }), 'buildQuantity'],
      [ctbBody(bom.sid, { buildQuantity: 'lots' }), 'buildQuantity'],
      [ctbBody(bom.sid, { type: 'hoped' }), 'type'],
      [ctbBody(bom.sid, { buildDate: '2027-03-01' }), 'buildDate'],
      [ctbBody(bom.sid, { organizationSid: b.organizationSid }), 'organizationSid'],
      [ctbBody(bom.sid, { sid: 'CT1' }), 'sid'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<ApiError>('POST', '/v1/clearToBuilds', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    expect(
      await db.selectFrom('clearToBuilds').select('sid').where('organizationSid', '=', a.organizationSid).execute(),
    ).toEqual([]);

    const sid = newSid('CB');
    expect((await a.buyer.request('POST', '/v1/clearToBuilds', ctbBody(bom.sid, { sid }))).status).toBe(201);
    const again = await a.buyer.request<ClearToBuild>('POST', '/v1/clearToBuilds', ctbBody(bom.sid, { sid }));
    expect(again.status).toBe(200);
    expect(again.body.sid).toBe(sid);
    expect((await b.buyer.request('POST', '/v1/clearToBuilds', ctbBody(foreign.bom.sid, { sid }))).status).toBe(409);
    const bad = await a.buyer.request<ApiError>('PATCH', `/v1/clearToBuilds/${sid}`, { buildQuantity: '-2' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('buildQuantity');
  });

  it('is staff only and answers 404 to another organization', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { bom } = await bomWithLine(a);
    const made = await a.buyer.request<ClearToBuild>('POST', '/v1/clearToBuilds', ctbBody(bom.sid));
    expect((await a.vendor.request('GET', '/v1/clearToBuilds')).status).toBe(403);
    expect((await a.vendor.request('DELETE', `/v1/clearToBuilds/${made.body.sid}`)).status).toBe(403);
    expect((await b.admin.request('PATCH', `/v1/clearToBuilds/${made.body.sid}`, { buildQuantity: '1' })).status).toBe(
      404,
    );
    expect((await b.admin.request('DELETE', `/v1/clearToBuilds/${made.body.sid}`)).status).toBe(404);
    expect(
      (await b.admin.request<Page<'clearToBuilds', ClearToBuild>>('GET', `/v1/clearToBuilds?sid=${bom.sid}`)).body
        .clearToBuilds,
    ).toEqual([]);
    const { db } = await server();
    const stored = await db
      .selectFrom('clearToBuilds')
      .selectAll()
      .where('sid', '=', made.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.buildQuantity).toBe('12.000000');
  });
});

describe('clear to build targets', () => {
  it('creates, reads, updates, lists in either order and deletes', async () => {
    const t = await createTenant();
    const { db } = await server();
    const one = await bomWithLine(t);
    const two = await bomWithLine(t);
    const created = await t.buyer.request<Target>('POST', '/v1/clearToBuildTargets', targetBody(one.bom.sid));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationSid: t.organizationSid,
      bomSid: one.bom.sid,
      quantity: '100',
      durationLength: 3,
      durationType: 'month',
      startDate: '2027-01-01T00:00:00.000Z',
    });
    expect(created.body.sid).toMatch(/^CT[0-9a-z]{28}$/);
    const small = await t.buyer.request<Target>(
      'POST',
      '/v1/clearToBuildTargets',
      targetBody(two.bom.sid, { quantity: '5', startDate: '2027-06-01T00:00:00Z' }),
    );
    const large = await t.buyer.request<Target>(
      'POST',
      '/v1/clearToBuildTargets',
      targetBody(two.bom.sid, { quantity: '250.5', startDate: '2026-06-01T00:00:00Z' }),
    );
    expect((await t.buyer.request<Target>('GET', `/v1/clearToBuildTargets/${created.body.sid}`)).body.quantity).toBe(
      '100',
    );

    const list = async (query: string) => {
      const r = await t.buyer.request<Page<'clearToBuildTargets', Target>>('GET', `/v1/clearToBuildTargets?${query}`);
      expect(r.status, query).toBe(200);
      return r.body;
    };
    const sids = (body: { clearToBuildTargets: Target[] }) => body.clearToBuildTargets.map((x) => x.sid);
    expect(sids(await list(''))).toEqual([created.body.sid, small.body.sid, large.body.sid]);
    expect(sids(await list('sortOrder=Desc'))).toEqual([large.body.sid, small.body.sid, created.body.sid]);
    expect(sids(await list('orderBy=quantity'))).toEqual([small.body.sid, created.body.sid, large.body.sid]);
    expect(sids(await list('orderBy=startDate&sortOrder=Desc'))).toEqual([
      small.body.sid,
      created.body.sid,
      large.body.sid,
    ]);
    expect(sids(await list(`bomSid=${two.bom.sid}`))).toEqual([small.body.sid, large.body.sid]);
    expect(await list(`organizationSid=${newSid('OG')}`)).toMatchObject({ clearToBuildTargets: [] });
    const page1 = await list('orderBy=quantity&sortOrder=Desc&pageSize=2');
    expect(sids(page1)).toEqual([large.body.sid, created.body.sid]);
    const page2 = await list(`orderBy=quantity&sortOrder=Desc&pageSize=2&pageToken=${page1.page.nextPageToken}`);
    expect(sids(page2)).toEqual([small.body.sid]);
    const back = await list(`orderBy=quantity&sortOrder=Desc&pageSize=2&pageToken=${page2.page.previousPageToken}`);
    expect(sids(back)).toEqual([large.body.sid, created.body.sid]);
    const bad = await t.buyer.request<ApiError>('GET', '/v1/clearToBuildTargets?orderBy=colour');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('orderBy');

    const patched = await t.buyer.request<Target>('PATCH', `/v1/clearToBuildTargets/${created.body.sid}`, {
      quantity: '120',
      durationLength: 2,
      durationType: 'quarter',
      startDate: '2027-02-01T00:00:00Z',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      quantity: '120',
      durationLength: 2,
      durationType: 'quarter',
      startDate: '2027-02-01T00:00:00.000Z',
    });
    const stored = await db
      .selectFrom('clearToBuildTargets')
      .selectAll()
      .where('sid', '=', created.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ quantity: '120.000000', durationLength: 2, durationType: 'quarter' });

    expect((await t.buyer.request('DELETE', `/v1/clearToBuildTargets/${created.body.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/clearToBuildTargets/${created.body.sid}`)).status).toBe(404);
    // Deleting a BOM takes its targets along.
    expect((await t.buyer.request('DELETE', `/v1/boms/${two.bom.sid}`)).status).toBe(204);
    expect(sids(await list(''))).toEqual([]);
  });

  it('refuses a BOM of another organization and bad input, writing nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { bom } = await bomWithLine(a);
    const foreign = await bomWithLine(b);
    const cases: [unknown, string][] = [
      [targetBody(foreign.bom.sid), 'bomSid'],
      [targetBody(foreign.line.sid), 'bomSid'],
      [targetBody(bom.sid, { quantity: '-1' }), 'quantity'],
      [targetBody(bom.sid, { durationLength: 0 }), 'durationLength'],
      [targetBody(bom.sid, { durationLength: 1.5 }), 'durationLength'],
      [targetBody(bom.sid, { durationType: 'fortnight' }), 'durationType'],
      [targetBody(bom.sid, { startDate: 'soon' }), 'startDate'],
      [targetBody(bom.sid, { organizationSid: b.organizationSid }), 'organizationSid'],
      [targetBody(bom.sid, { sid: 'CB1' }), 'sid'],
      [{ bomSid: bom.sid }, 'quantity'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<ApiError>('POST', '/v1/clearToBuildTargets', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    expect(
      await db
        .selectFrom('clearToBuildTargets')
        .select('sid')
        .where('organizationSid', '=', a.organizationSid)
        .execute(),
    ).toEqual([]);

    const sid = newSid('CT');
    expect((await a.buyer.request('POST', '/v1/clearToBuildTargets', targetBody(bom.sid, { sid }))).status).toBe(201);
    expect((await a.buyer.request('POST', '/v1/clearToBuildTargets', targetBody(bom.sid, { sid }))).status).toBe(200);
    expect(
      (await b.buyer.request('POST', '/v1/clearToBuildTargets', targetBody(foreign.bom.sid, { sid }))).status,
    ).toBe(409);
    for (const [body, field] of [
      [{ quantity: null }, 'quantity'],
      [{ durationType: null }, 'durationType'],
      [{ durationLength: -3 }, 'durationLength'],
      [{ startDate: null }, 'startDate'],
    ] as const) {
      const r = await a.buyer.request<ApiError>('PATCH', `/v1/clearToBuildTargets/${sid}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    const stored = await db
      .selectFrom('clearToBuildTargets')
      .selectAll()
      .where('sid', '=', sid)
      .executeTakeFirstOrThrow();
    expect(stored.quantity).toBe('100.000000');
  });

  it('is staff only and answers 404 to another organization', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { bom } = await bomWithLine(a);
    const made = await a.buyer.request<Target>('POST', '/v1/clearToBuildTargets', targetBody(bom.sid));
    expect((await a.vendor.request('GET', '/v1/clearToBuildTargets')).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/clearToBuildTargets/${made.body.sid}`)).status).toBe(403);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { quantity: '1' }],
      ['DELETE', undefined],
    ] as const) {
      expect((await b.admin.request(method, `/v1/clearToBuildTargets/${made.body.sid}`, body)).status).toBe(404);
    }
    expect(
      (await b.admin.request<Page<'clearToBuildTargets', Target>>('GET', `/v1/clearToBuildTargets?bomSid=${bom.sid}`))
        .body.clearToBuildTargets,
    ).toEqual([]);
    expect((await a.buyer.request<Target>('GET', `/v1/clearToBuildTargets/${made.body.sid}`)).body.quantity).toBe(
      '100',
    );
  });
});
