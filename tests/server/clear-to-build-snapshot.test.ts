// The daily clear-to-build records: a BOM's units from stock today ('actual',
// dated today) and its expected units twelve weeks on ('expected', dated
// then), written once a day per BOM; a second run the same day rewrites them,
// the next day adds its own, records written through the API stay, archived
// BOMs get none, and the API lists them for the BOM.
import { describe, expect, it } from 'vitest';
import { snapshotClearToBuilds } from '../../server/jobs/clear-to-build-snapshot.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface ClearToBuild {
  sid: string;
  referenceSid: string;
  buildDate: string;
  buildQuantity: string;
  type: 'actual' | 'expected';
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function post<T>(t: Tenant, path: string, body: object): Promise<T> {
  const r = await t.buyer.request<T>('POST', path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** A BOM of one part, 2 per unit, 4 in stock (2 units), and 6 more arriving in ten days (5 units then). */
async function bomWithSupply(t: Tenant, today: string) {
  const part = unique('SNAP').toUpperCase();
  const bom = await post<{ sid: string }>(t, '/v1/boms', { uniqueName: unique('BOM') });
  await post(t, '/v1/bomLines', { bomSid: bom.sid, uniqueName: 'U1', requiredQuantity: '2', mpn: part });
  await post(t, '/v1/inventoryCounts', { uniqueName: part, count: 4, recordingDate: `${today}T06:00:00Z` });
  const order = await post<{ sid: string }>(t, '/v1/orders', { uniqueName: unique('PO'), vendorSid: t.vendorSid });
  const item = await post<{ sid: string }>(t, '/v1/items', {
    orderSid: order.sid,
    uniqueName: '10',
    quantity: '6',
    manufacturerPartNumber: part,
  });
  await post(t, '/v1/itemGroups', {
    itemSid: item.sid,
    quantity: '6',
    dueDate: addDays(today, 8),
    deliveryDate: addDays(today, 10),
  });
  return { bomSid: bom.sid, part };
}

async function recordsOf(t: Tenant, bomSid: string) {
  const r = await t.buyer.request<{ clearToBuilds: ClearToBuild[] }>('GET', `/v1/clearToBuilds?sid=${bomSid}`);
  expect(r.status).toBe(200);
  return r.body.clearToBuilds
    .map((c) => ({ type: c.type, buildDate: c.buildDate.slice(0, 10), buildQuantity: c.buildQuantity }))
    .sort((a, b) => a.buildDate.localeCompare(b.buildDate) || a.type.localeCompare(b.type));
}

describe('the daily clear-to-build records', () => {
  it('writes what a BOM builds today and is expected to build, once a day', async () => {
    const t = await createTenant('CTB records');
    const today = '2026-12-07';
    const now = new Date(`${today}T09:00:00Z`);
    const { bomSid, part } = await bomWithSupply(t, today);
    const { db } = await server();

    expect(await snapshotClearToBuilds(db, { now, organizationSid: t.organizationSid })).toMatchObject({
      boms: 1,
      records: 2,
    });
    expect(await recordsOf(t, bomSid)).toEqual([
      { type: 'actual', buildDate: today, buildQuantity: '2' },
      { type: 'expected', buildDate: addDays(today, 84), buildQuantity: '5' },
    ]);

    // The same day again, after a count: the day's records are rewritten, not added to.
    await post(t, '/v1/inventoryCounts', { uniqueName: part, count: 10, recordingDate: `${today}T08:00:00Z` });
    await snapshotClearToBuilds(db, { now: new Date(`${today}T15:00:00Z`), organizationSid: t.organizationSid });
    expect(await recordsOf(t, bomSid)).toEqual([
      { type: 'actual', buildDate: today, buildQuantity: '5' },
      { type: 'expected', buildDate: addDays(today, 84), buildQuantity: '8' },
    ]);

    // A record of the user's own stays; the next day adds the day's two.
    await post(t, '/v1/clearToBuilds', {
      referenceSid: bomSid,
      buildDate: `${addDays(today, -7)}T00:00:00Z`,
      buildQuantity: '1',
      type: 'actual',
    });
    const tomorrow = addDays(today, 1);
    await snapshotClearToBuilds(db, { now: new Date(`${tomorrow}T09:00:00Z`), organizationSid: t.organizationSid });
    expect(await recordsOf(t, bomSid)).toEqual([
      { type: 'actual', buildDate: addDays(today, -7), buildQuantity: '1' },
      { type: 'actual', buildDate: today, buildQuantity: '5' },
      { type: 'actual', buildDate: tomorrow, buildQuantity: '5' },
      { type: 'expected', buildDate: addDays(today, 84), buildQuantity: '8' },
      { type: 'expected', buildDate: addDays(tomorrow, 84), buildQuantity: '8' },
    ]);
  });

  it('skips archived BOMs and other organizations', async () => {
    const t = await createTenant('CTB records');
    const other = await createTenant('CTB records');
    const today = '2026-12-07';
    const kept = await bomWithSupply(t, today);
    const archived = await bomWithSupply(t, today);
    const elsewhere = await bomWithSupply(other, today);
    expect((await t.buyer.request('POST', `/v1/boms/${archived.bomSid}/approve`)).status).toBe(200);
    expect((await t.buyer.request('DELETE', `/v1/boms/${archived.bomSid}`)).status).toBe(204);
    const { db } = await server();
    await snapshotClearToBuilds(db, { now: new Date(`${today}T09:00:00Z`), organizationSid: t.organizationSid });
    expect(await recordsOf(t, kept.bomSid)).toHaveLength(2);
    const rows = await db
      .selectFrom('clearToBuilds')
      .select('referenceSid')
      .where('referenceSid', 'in', [archived.bomSid, elsewhere.bomSid])
      .execute();
    expect(rows).toEqual([]);
  });
  it("records a BOM's figures of today on demand, and only its own organization's", async () => {
    const t = await createTenant('CTB records');
    const other = await createTenant('CTB records');
    const { bomSid } = await bomWithSupply(t, new Date().toISOString().slice(0, 10));
    const path = `/v1/boms/${bomSid}/clearToBuilds/today`;
    const listed = async () =>
      (
        await t.buyer.request<{ boms: { sid: string; expectedClearToBuild?: unknown }[] }>('GET', '/v1/boms')
      ).body.boms.find((b) => b.sid === bomSid)?.expectedClearToBuild;
    // The BOM list shows the latest expected record: none before the first.
    expect(await listed()).toBeNull();
    const first = await t.buyer.request<{ clearToBuilds: ClearToBuild[] }>('POST', path);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.clearToBuilds.map((c) => [c.type, c.referenceSid, c.buildQuantity])).toEqual([
      ['actual', bomSid, '2'],
      ['expected', bomSid, '5'],
    ]);
    const expected = first.body.clearToBuilds.find((c) => c.type === 'expected');
    expect(await listed()).toEqual({ date: expected?.buildDate.slice(0, 10), quantity: 5 });
    const again = await t.buyer.request<{ clearToBuilds: ClearToBuild[] }>('POST', path);
    expect(again.body.clearToBuilds.map((c) => c.sid)).toEqual(first.body.clearToBuilds.map((c) => c.sid));
    expect((await other.buyer.request('POST', path)).status).toBe(404);
    expect((await t.vendor.request('POST', path)).status).toBe(403);
  });

  it('refuses only the BOM whose quantities are too large to count exactly: the others still get their records', async () => {
    const t = await createTenant('CTB records');
    const today = '2026-12-07';
    const now = new Date(`${today}T09:00:00Z`);
    const fine = await bomWithSupply(t, today);
    const huge = await bomWithSupply(t, today);
    // Within the contract's int64, past the 2^53 millionths a forecast counts exactly.
    await post(t, '/v1/inventoryCounts', {
      uniqueName: huge.part,
      count: 9_007_199_254_740_991,
      recordingDate: `${today}T07:00:00Z`,
    });
    const { db } = await server();
    const summary = await snapshotClearToBuilds(db, { now, organizationSid: t.organizationSid });
    expect(summary).toMatchObject({ boms: 1, records: 2 });
    expect([...summary.refused.keys()]).toEqual([huge.bomSid]);
    expect(await recordsOf(t, fine.bomSid)).toHaveLength(2);
    expect(await recordsOf(t, huge.bomSid)).toEqual([]);
    // On demand: 422 with the reason, as the forecast answers, not a 500.
    const refused = await t.buyer.request<{ code: string; message: string }>(
      'POST',
      `/v1/boms/${huge.bomSid}/clearToBuilds/today`,
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.message).toMatch(/9 billion/);
    expect((await t.buyer.request('GET', `/v1/boms/${huge.bomSid}/forecast`)).status).toBe(422);
  });

  it('refuses a target whose duration ends past 9999-12-31, and forecasts one stored before to that day', async () => {
    const t = await createTenant('CTB targets');
    const today = new Date().toISOString().slice(0, 10);
    const { bomSid } = await bomWithSupply(t, today);
    const target = { bomSid, quantity: '5', durationType: 'year', startDate: `${today}T00:00:00Z` };
    for (const durationLength of [8000, 300_000, 2_147_483_647]) {
      const r = await t.buyer.request<{ field?: string }>('POST', '/v1/clearToBuildTargets', {
        ...target,
        durationLength,
      });
      expect(r.status, String(durationLength)).toBe(400);
      expect(r.body.field).toBe('durationLength');
    }
    const made = await post<{ sid: string }>(t, '/v1/clearToBuildTargets', { ...target, durationLength: 10 });
    const longer = await t.buyer.request<{ field?: string }>('PATCH', `/v1/clearToBuildTargets/${made.sid}`, {
      durationType: 'day',
      durationLength: 2_147_483_647,
    });
    expect(longer.status).toBe(400);
    expect(longer.body.field).toBe('durationLength');
    // A new start can push an unchanged duration past the end as well.
    const later = await t.buyer.request<{ field?: string }>('PATCH', `/v1/clearToBuildTargets/${made.sid}`, {
      startDate: '9995-01-01T00:00:00Z',
    });
    expect(later.status).toBe(400);
    expect(later.body.field).toBe('durationLength');
    const kept = await t.buyer.request<{ durationLength: number; durationType: string }>(
      'GET',
      `/v1/clearToBuildTargets/${made.sid}`,
    );
    expect(kept.body).toMatchObject({ durationLength: 10, durationType: 'year' });

    // Stored before writes refused it: the forecast counts to the last day instead of failing.
    const { db } = await server();
    await db.updateTable('clearToBuildTargets').set({ durationLength: 300_000 }).where('sid', '=', made.sid).execute();
    const forecast = await t.buyer.request<{ target: { date: string } | null }>('GET', `/v1/boms/${bomSid}/forecast`);
    expect(forecast.status, JSON.stringify(forecast.body)).toBe(200);
    expect(forecast.body.target?.date).toBe('9999-12-31');
    expect((await t.buyer.request('POST', `/v1/boms/${bomSid}/clearToBuilds/today`)).status).toBe(200);
  });
});
