// What the BOM pages read beyond the seed's fields: a BOM's approval, line
// count, clear to build today and limiting part; a line's part (MPN or value
// and footprint, alternatives, designators, do-not-place), written by create
// and update; what is on order for its part split into confirmed,
// unconfirmed and past due; and one part's inventory counts, newest first,
// matched with case, spaces and dashes ignored.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface Bom {
  sid: string;
  uniqueName: string;
  approved: boolean;
  lineCount: number;
  clearToBuild: number;
  limitingPart: string | null;
}
interface BomLine {
  sid: string;
  uniqueName: string;
  mpn: string | null;
  alternativeMpns: string[];
  manufacturerName: string | null;
  description: string | null;
  referenceDesignators: string[];
  value: string | null;
  footprint: string | null;
  doNotPlace: boolean;
  inventoryQuantity: number;
  orderedQuantity: number;
  confirmedQuantity: number;
  unconfirmedQuantity: number;
  pastDueQuantity: number;
  ctb: number | null;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

async function makeBom(t: Tenant): Promise<Bom> {
  const r = await t.buyer.request<Bom>('POST', '/v1/boms', { uniqueName: unique('BOM') });
  expect(r.status).toBe(201);
  return r.body;
}

async function addLine(t: Tenant, body: Record<string, unknown>): Promise<BomLine> {
  const r = await t.buyer.request<BomLine>('POST', '/v1/bomLines', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** An open order line for `mpn`: `quantity` due `dueDate`, confirmed or not. */
async function onOrder(t: Tenant, mpn: string, quantity: string, dueDate: string, confirmed: boolean) {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: unique('PO'),
    vendorSid: t.vendorSid,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity,
    manufacturerPartNumber: mpn,
  });
  const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity,
    dueDate,
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  if (confirmed) {
    const { db } = await server();
    await sql`update item_groups set confirmed = true where sid = ${group.body.sid}`.execute(db);
  }
}

async function count(t: Tenant, uniqueName: string, n: number, recordingDate: string) {
  const r = await t.buyer.request('POST', '/v1/inventoryCounts', { uniqueName, count: n, recordingDate });
  expect(r.status).toBe(201);
}

describe('a BOM with its figures', () => {
  it('lists its approval, lines, clear to build today and limiting part', async () => {
    const t = await createTenant('BOM detail');
    const bom = await makeBom(t);
    expect(bom).toMatchObject({ approved: false, lineCount: 0, clearToBuild: 0, limitingPart: null });
    await addLine(t, { bomSid: bom.sid, uniqueName: 'R1', requiredQuantity: '2', mpn: 'RES-10K' });
    await addLine(t, { bomSid: bom.sid, uniqueName: 'U1', requiredQuantity: '1', mpn: 'MCU-1' });
    await addLine(t, { bomSid: bom.sid, uniqueName: 'J9', requiredQuantity: '1', mpn: 'JUMPER', doNotPlace: true });
    await count(t, 'RES-10K', 9, '2026-11-01T00:00:00Z'); // 4 units
    await count(t, 'MCU-1', 7, '2026-11-01T00:00:00Z'); // 7 units

    const listed = await t.buyer.request<{ boms: Bom[] }>('GET', `/v1/boms?sid=${bom.sid}`);
    expect(listed.body.boms).toEqual([
      expect.objectContaining({
        sid: bom.sid,
        approved: false,
        lineCount: 3,
        clearToBuild: 4,
        limitingPart: 'RES-10K',
      }),
    ]);
    const approved = await t.buyer.request<Bom>('POST', `/v1/boms/${bom.sid}/approve`);
    expect(approved.body).toMatchObject({ approved: true, lineCount: 3, clearToBuild: 4 });
    const read = await t.buyer.request<Bom>('GET', `/v1/boms/${bom.uniqueName}`);
    expect(read.body).toMatchObject({ approved: true, clearToBuild: 4, limitingPart: 'RES-10K' });
  });

  it('writes a line part on create and update, and splits what is on order for it', async () => {
    const t = await createTenant('BOM detail');
    const bom = await makeBom(t);
    const line = await addLine(t, {
      bomSid: bom.sid,
      uniqueName: 'C7',
      requiredQuantity: '4',
      mpn: ' CAP-100N ',
      alternativeMpns: ['CAP-100N-ALT', ' '],
      manufacturerName: 'Murata',
      description: '100 nF 50 V X7R',
      referenceDesignators: ['C7', 'C8', 'C9', 'C10'],
    });
    expect(line).toMatchObject({
      mpn: 'CAP-100N',
      alternativeMpns: ['CAP-100N-ALT'],
      manufacturerName: 'Murata',
      referenceDesignators: ['C7', 'C8', 'C9', 'C10'],
      value: null,
      footprint: null,
      doNotPlace: false,
      orderedQuantity: 0,
      confirmedQuantity: 0,
      unconfirmedQuantity: 0,
      pastDueQuantity: 0,
    });

    await onOrder(t, 'CAP-100N', '100', '2020-01-10', true); // confirmed, past due
    await onOrder(t, 'CAP-100N', '40', '2031-01-10', true); // confirmed
    await onOrder(t, 'CAP-100N', '25', '2031-02-10', false); // unconfirmed
    await onOrder(t, 'OTHER', '999', '2031-02-10', false);
    const lines = await t.buyer.request<{ bomLines: BomLine[] }>('GET', `/v1/bomLines?bomSid=${bom.sid}`);
    expect(lines.body.bomLines).toEqual([
      expect.objectContaining({
        sid: line.sid,
        orderedQuantity: 165,
        confirmedQuantity: 140,
        unconfirmedQuantity: 25,
        pastDueQuantity: 100,
      }),
    ]);

    // A part by value and footprint, not fitted: the update clears the MPN and writes the rest.
    const updated = await t.buyer.request<BomLine>('PATCH', `/v1/bomLines/${line.sid}`, {
      mpn: null,
      value: '100nF',
      footprint: '0402',
      doNotPlace: true,
      referenceDesignators: ['C7'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      mpn: null,
      value: '100nF',
      footprint: '0402',
      doNotPlace: true,
      referenceDesignators: ['C7'],
      manufacturerName: 'Murata',
      requiredQuantity: '4',
    });
    const bad = await t.buyer.request<{ field?: string }>('PATCH', `/v1/bomLines/${line.sid}`, { doNotPlace: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('doNotPlace');
  });
});

describe("a part's inventory counts", () => {
  it('lists one part newest first, matched with case, spaces and dashes ignored', async () => {
    const t = await createTenant('Inventory history');
    const part = unique('ABC-12');
    await count(t, part, 5, '2026-10-01T08:00:00Z');
    await count(t, part.toLowerCase(), 8, '2026-11-01T08:00:00Z');
    await count(t, part.replaceAll('-', ' '), 3, '2026-09-01T08:00:00Z');
    await count(t, `${part}-X`, 100, '2026-11-02T08:00:00Z');
    const history = await t.buyer.request<{ inventoryCounts: { count: number; recordingDate: string }[] }>(
      'GET',
      `/v1/inventoryCounts?uniqueName=${encodeURIComponent(part.toUpperCase())}`,
    );
    expect(history.status).toBe(200);
    expect(history.body.inventoryCounts.map((c) => c.count)).toEqual([8, 5, 3]);
    const other = await createTenant('Inventory history');
    const foreign = await other.buyer.request<{ inventoryCounts: unknown[] }>(
      'GET',
      `/v1/inventoryCounts?uniqueName=${encodeURIComponent(part)}`,
    );
    expect(foreign.body.inventoryCounts).toEqual([]);
  });
});
