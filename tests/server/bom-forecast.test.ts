// A BOM's clear-to-build forecast through the API, on the real database: parts
// matched by normalized number, supply counted from its arrival, a vendor's
// new date moving the week a BOM clears, BOMs sharing a part in target order,
// and the refusals every endpoint gives.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { countedOpenOrderLines, linkedCountedOrderLines, openOrderLines } from '../../server/db/bom-forecast.ts';
import { countedSupply, normalizePartNumber } from '../../server/domain/bom/forecast.ts';
import { addDays } from '../../server/domain/follow-up/calendar.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';

interface Forecast {
  bomSid: string;
  today: string;
  priority: number;
  target: { sid: string; quantity: string; date: string } | null;
  points: {
    date: string;
    clearToBuild: number;
    atRisk: boolean;
    usesUnconfirmed: boolean;
    limitingLineSids: string[];
  }[];
  lines: {
    sid: string;
    partNumber: string;
    onHand: string;
    available: string;
    clearToBuild: number | null;
    shortage: string;
    supplyCount: number;
  }[];
}

interface LineSupply {
  sid: string;
  supply: {
    itemGroupSid: string;
    orderSid: string;
    orderUniqueName: string | null;
    arrivalDate: string | null;
    basis: string | null;
    pastDue: boolean;
    confirmed: boolean;
    linked: boolean;
  }[];
  supplyCount: number;
  excludedSupply: { itemGroupSid: string; manufacturerPartNumber: string | null }[];
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

async function created<T>(t: Tenant, path: string, body: object): Promise<T> {
  const response = await t.buyer.request<T>('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function bomWith(t: Tenant, lines: { mpn: string; quantity: string }[]) {
  const bom = await created<{ sid: string }>(t, '/v1/boms', { uniqueName: unique('BOM') });
  const made = [];
  for (const line of lines) {
    made.push(
      await created<{ sid: string }>(t, '/v1/bomLines', {
        bomSid: bom.sid,
        // A line made through the API has no MPN: its unique name is its part number.
        uniqueName: line.mpn,
        requiredQuantity: line.quantity,
      }),
    );
  }
  return { sid: bom.sid, lineSids: made.map((l) => l.sid) };
}

/** An open order line of `quantity` of the part, to the tenant's vendor, with the dates given. */
async function supply(t: Tenant, mpn: string, quantity: string, dates: Record<string, string>) {
  const order = await created<{ sid: string }>(t, '/v1/orders', { uniqueName: unique('PO'), vendorSid: t.vendorSid });
  const item = await created<{ sid: string }>(t, '/v1/items', {
    orderSid: order.sid,
    uniqueName: '10',
    quantity,
    manufacturerPartNumber: mpn,
  });
  return created<{ sid: string; version: number }>(t, '/v1/itemGroups', { itemSid: item.sid, quantity, ...dates });
}

async function forecast(t: Tenant, bomSid: string, query = 'weeks=4') {
  const response = await t.buyer.request<Forecast>('GET', `/v1/boms/${bomSid}/forecast?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** The supply listed for these lines of the BOM (getBomLineSupply). */
async function lineSupply(t: Tenant, bomSid: string, lineSids: readonly string[], query = '') {
  const named = lineSids.map((sid) => `lineSid=${encodeURIComponent(sid)}`).join('&');
  const response = await t.buyer.request<{ lines: LineSupply[] }>(
    'GET',
    `/v1/boms/${bomSid}/lineSupply?${named}${query ? `&${query}` : ''}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.lines;
}

/** The forecast's first line with its listed supply, whose count the forecast's count equals. */
async function firstLineWithSupply(t: Tenant, bomSid: string, query = 'weeks=4') {
  const { lines } = await forecast(t, bomSid, query);
  const [listed] = await lineSupply(t, bomSid, [lines[0].sid], query.includes('alone=true') ? 'alone=true' : '');
  expect(listed.supplyCount).toBe(lines[0].supplyCount);
  return { ...lines[0], ...listed };
}

describe("the forecast's read of open order lines", () => {
  it('counts each as the domain counts it: its arrival day and its millionths, worked out in SQL', async () => {
    const t = await createTenant('Forecast read');
    const { db } = await server();
    const part = unique('P');
    const first = await supply(t, part, '1', {});
    const { itemSid } = (await t.buyer.request<{ itemSid: string }>('GET', `/v1/itemGroups/${first.sid}`)).body;
    const more = await Promise.all(
      Array.from({ length: 80 }, async () => {
        const created = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', { itemSid, quantity: '1' });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body.sid;
      }),
    );
    // Every way the four dates can be there or not, earlier or later than each other (3^4), each quantity written
    // the ways a numeric(21, 6) holds it, up to one millionth past what a number holds exactly.
    const sids = [first.sid, ...more];
    const choices = [null, '2030-03-02', '2030-03-09'];
    const quantities = ['1', '0.000001', '12.5', '0', '9007199254.740991', '9007199254.740992', '123456789012.345678'];
    const date = (i: number, field: number) => choices[Math.floor(i / 3 ** field) % 3];
    await sql`update item_groups g set due_date = v.due::date, ship_date = v.ship::date,
        delivery_date = v.delivery::date, estimated_arrival_date = v.estimated::date,
        quantity = v.quantity::numeric, confirmed = v.confirmed
      from unnest(${sids}::text[], ${sids.map((_, i) => date(i, 0))}::text[], ${sids.map((_, i) => date(i, 1))}::text[],
        ${sids.map((_, i) => date(i, 2))}::text[], ${sids.map((_, i) => date(i, 3))}::text[],
        ${sids.map((_, i) => quantities[i % quantities.length])}::text[], ${sids.map((_, i) => i % 2 === 0)}::boolean[])
        as v(sid, due, ship, delivery, estimated, quantity, confirmed)
      where g.sid = v.sid`.execute(db);

    const key = normalizePartNumber(part);
    const bySid = <T extends { itemGroupSid: string }>(rows: T[]) =>
      [...rows].sort((a, b) => a.itemGroupSid.localeCompare(b.itemGroupSid));
    const listed = bySid(await openOrderLines(db, t.organizationSid, { parts: [key] }));
    const named = bySid(await linkedCountedOrderLines(db, t.organizationSid, sids, [key]));
    expect(listed).toHaveLength(81);
    // Each as the domain counts it, under its part as matched (the line's own mpn_key), one of the parts.
    expect(named).toEqual(
      listed.map((l) => ({ ...countedSupply({ ...l, partNumber: key }), itemGroupSid: l.itemGroupSid, matched: true })),
    );
    expect(named.filter((c) => c.arrivalDay === null)).toHaveLength(1);
    expect(named.filter((c) => c.openMicros === null).length).toBeGreaterThan(0);
    // Read by part, without their sids, as read by sid; of another part, not of the parts.
    const asText = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(asText(await countedOpenOrderLines(db, t.organizationSid, [key]))).toEqual(
      asText(named.map(({ itemGroupSid: _sid, matched: _matched, ...counted }) => counted)),
    );
    expect(bySid(await linkedCountedOrderLines(db, t.organizationSid, sids.slice(0, 3), ['OTHER']))).toEqual(
      named.filter((n) => sids.slice(0, 3).includes(n.itemGroupSid)).map((n) => ({ ...n, matched: false })),
    );
  });
});

describe('the clear-to-build forecast', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant('Forecast');
  });

  it('counts stock by normalized part number, and supply from the week it arrives', async () => {
    const board = await bomWith(t, [
      { mpn: 'R-10K-0603', quantity: '2' },
      { mpn: 'C-100N', quantity: '1' },
    ]);
    await created(t, '/v1/inventoryCounts', { uniqueName: 'r10k 0603', count: 4 });
    await created(t, '/v1/inventoryCounts', { uniqueName: 'C-100N', count: 7 });
    const before = await forecast(t, board.sid);
    // Today and four weeks on: R-10K 4 / 2 = 2 limits, C-100N allows 7.
    expect(before.points).toHaveLength(5);
    expect(before.points.map((p) => p.clearToBuild)).toEqual([2, 2, 2, 2, 2]);
    expect(before.points[0]).toMatchObject({ date: before.today, limitingLineSids: [board.lineSids[0]] });
    expect(before.lines[0]).toMatchObject({ partNumber: 'R-10K-0603', onHand: '4', clearToBuild: 2, supplyCount: 0 });
    expect((await firstLineWithSupply(t, board.sid)).supply).toEqual([]);

    // Six more arrive ten days from today (the delivery date the buyer entered; not confirmed by the vendor).
    const today = before.today;
    const line = await supply(t, 'R10K-0603', '6', { dueDate: addDays(today, 8), deliveryDate: addDays(today, 10) });
    const after = await forecast(t, board.sid);
    expect(after.points.map((p) => p.clearToBuild)).toEqual([2, 2, 5, 5, 5]);
    expect(after.points[2]).toMatchObject({
      usesUnconfirmed: true,
      atRisk: false,
      limitingLineSids: [board.lineSids[0]],
    });
    expect((await firstLineWithSupply(t, board.sid)).supply).toEqual([
      expect.objectContaining({
        itemGroupSid: line.sid,
        arrivalDate: addDays(today, 10),
        basis: 'delivery',
        confirmed: false,
      }),
    ]);
    // Left out, unconfirmed supply counts for nothing.
    const confirmedOnly = await forecast(t, board.sid, 'weeks=4&includeUnconfirmed=false');
    expect(confirmedOnly.points.map((p) => p.clearToBuild)).toEqual([2, 2, 2, 2, 2]);

    // The vendor promises it a week later: the BOM clears a week later.
    const moved = await t.vendor.request('PATCH', `/v1/itemGroups/${line.sid}`, {
      version: line.version,
      deliveryDate: addDays(today, 17),
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await forecast(t, board.sid)).points.map((p) => p.clearToBuild)).toEqual([2, 2, 2, 5, 5]);
  });

  it('counts an order line under its item’s part as it is now, whichever code wrote the line or the item', async () => {
    const part = unique('K');
    const board = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const { today } = await forecast(t, board.sid);
    const dates = { dueDate: addDays(today, 3), deliveryDate: addDays(today, 3) };
    const line = await supply(t, `other-${part}`, '4', dates);
    const { itemSid } = (await t.buyer.request<{ itemSid: string }>('GET', `/v1/itemGroups/${line.sid}`)).body;
    const expected = async () => {
      const f = await forecast(t, board.sid, 'weeks=1');
      return { units: f.points[1].clearToBuild, lines: f.lines[0].supplyCount };
    };
    expect(await expected()).toEqual({ units: 0, lines: 0 });

    // The item's MPN corrected to the part (spelled another way): its line counts.
    const renamed = await t.buyer.request('PATCH', `/v1/items/${itemSid}`, {
      manufacturerPartNumber: part.toLowerCase().replaceAll('-', ' '),
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await expected()).toEqual({ units: 4, lines: 1 });
    // A second line of the item counts from the start.
    await created(t, '/v1/itemGroups', { itemSid, quantity: '3', ...dates });
    expect(await expected()).toEqual({ units: 7, lines: 2 });
    // A part written on the line by hand does not stand: the line's part is its item's.
    const { db } = await server();
    await sql`update item_groups set mpn_key = 'SOMETHING-ELSE' where item_sid = ${itemSid}`.execute(db);
    expect(await expected()).toEqual({ units: 7, lines: 2 });
    // The item's MPN taken away: neither line counts for the part.
    const cleared = await t.buyer.request('PATCH', `/v1/items/${itemSid}`, { manufacturerPartNumber: null });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(await expected()).toEqual({ units: 0, lines: 0 });
  });

  it('counts a part’s latest count, whichever spelling counted it, and no other part’s', async () => {
    const board = await bomWith(t, [{ mpn: 'L-4U7-1210', quantity: '1' }]);
    const onHand = async () => (await forecast(t, board.sid)).lines[0].onHand;
    const count = (uniqueName: string, n: number, recordingDate: string) =>
      created<{ sid: string }>(t, '/v1/inventoryCounts', { uniqueName, count: n, recordingDate });
    await count('l4u7 1210', 5, '2026-01-01T00:00:00Z');
    expect(await onHand()).toBe('5');
    // A recount under another spelling replaces it; one recorded as of an earlier day, though entered later, does not.
    await count('L-4U7-1210', 9, '2026-02-01T00:00:00Z');
    await count('L4U71210', 2, '2025-12-01T00:00:00Z');
    expect(await onHand()).toBe('9');
    // A part whose number only contains this one's is another part.
    await count('L-4U7-1210-X', 40, '2026-03-01T00:00:00Z');
    expect(await onHand()).toBe('9');
  });

  it('lists a line’s first three open order lines by arrival, and counts them all', async () => {
    const board = await bomWith(t, [{ mpn: unique('V'), quantity: '1' }]);
    const { today, lines } = await forecast(t, board.sid);
    for (let i = 12; i >= 1; i--) await supply(t, lines[0].partNumber, '1', { dueDate: addDays(today, i) });
    const listed = await firstLineWithSupply(t, board.sid);
    expect(listed.supplyCount).toBe(12);
    expect(listed.supply.map((s) => s.arrivalDate)).toEqual(Array.from({ length: 3 }, (_, i) => addDays(today, i + 1)));
  });

  it('lists a line’s first three open order lines across its part and its alternatives, and counts them all', async () => {
    const own = unique('W');
    const alternative = `${unique('W')}-ALT`;
    const board = await bomWith(t, [{ mpn: own, quantity: '1' }]);
    const { today } = await forecast(t, board.sid);
    const first = await supply(t, own, '1', { dueDate: addDays(today, 2) });
    const later = await supply(t, own, '1', { dueDate: addDays(today, 9) });
    const ofAlternative = [
      await supply(t, alternative.toLowerCase(), '2', { dueDate: addDays(today, 1) }),
      await supply(t, alternative, '2', { dueDate: addDays(today, 5) }),
      await supply(t, alternative, '2', { dueDate: addDays(today, 20) }),
    ];
    const before = await firstLineWithSupply(t, board.sid, 'weeks=1');
    expect(before.supplyCount).toBe(2);
    expect(before.supply.map((s) => s.itemGroupSid)).toEqual([first.sid, later.sid]);

    // Named an alternative, the line draws on both parts at once: the points and the listed lines say so.
    const named = await t.buyer.request('PATCH', `/v1/bomLines/${board.lineSids[0]}`, {
      alternativeMpns: [alternative],
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    const after = await forecast(t, board.sid, 'weeks=1');
    expect(after.points.map((p) => p.clearToBuild)).toEqual([0, 5]);
    const listed = await firstLineWithSupply(t, board.sid, 'weeks=1');
    expect(listed.supplyCount).toBe(5);
    expect(listed.supply.map((s) => s.itemGroupSid)).toEqual([ofAlternative[0].sid, first.sid, ofAlternative[1].sid]);
  });

  it('refuses with 422, rather than round, a part with more than 9 billion units in stock and supply', async () => {
    const part = unique('BULK');
    const board = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const { today } = await forecast(t, board.sid);
    await created(t, '/v1/inventoryCounts', { uniqueName: part, count: 5_000_000_000 });
    await supply(t, part, '4100000000', { dueDate: addDays(today, 3) });
    const refused = await t.buyer.request<{ code: string; message: string }>('GET', `/v1/boms/${board.sid}/forecast`);
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.message).toMatch(/9 billion units/);
    // The next answer is whole again once the stock is counted again.
    await created(t, '/v1/inventoryCounts', { uniqueName: part, count: 5 });
    expect((await forecast(t, board.sid, 'weeks=1')).points.map((p) => p.clearToBuild)).toEqual([5, 4100000005]);
  });

  it('counts past-due supply as arriving today, at risk', async () => {
    const board = await bomWith(t, [{ mpn: unique('U'), quantity: '1' }]);
    const part = (await forecast(t, board.sid)).lines[0].partNumber;
    const today = (await forecast(t, board.sid)).today;
    await supply(t, part, '3', { dueDate: addDays(today, -5) });
    const late = await forecast(t, board.sid);
    expect(late.points[0]).toMatchObject({ clearToBuild: 3, atRisk: true });
    expect((await firstLineWithSupply(t, board.sid)).supply[0]).toMatchObject({
      arrivalDate: today,
      basis: 'due',
      pastDue: true,
    });
  });

  it('gives a shared part to the BOM with the earlier target first, up to its target; alone, a BOM has it all', async () => {
    const part = unique('MCU');
    await created(t, '/v1/inventoryCounts', { uniqueName: part, count: 10 });
    const first = await bomWith(t, [{ mpn: part, quantity: '2' }]);
    const second = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const today = (await forecast(t, first.sid)).today;
    await created(t, '/v1/clearToBuildTargets', {
      bomSid: first.sid,
      quantity: '3',
      durationLength: 2,
      durationType: 'week',
      startDate: `${today}T00:00:00Z`,
    });
    const firstForecast = await forecast(t, first.sid);
    expect(firstForecast).toMatchObject({ priority: 1, target: { quantity: '3', date: addDays(today, 14) } });
    expect(firstForecast.points[0].clearToBuild).toBe(5);
    // FIRST takes 3 × 2 = 6 of the 10: SECOND has 4, or all 10 when seen alone.
    const secondForecast = await forecast(t, second.sid);
    expect(secondForecast.priority).toBeGreaterThan(1);
    expect(secondForecast.points[0].clearToBuild).toBe(4);
    expect(secondForecast.lines[0]).toMatchObject({ onHand: '10', available: '4' });
    expect((await forecast(t, second.sid, 'alone=true')).points[0].clearToBuild).toBe(10);
  });

  it('gives each line its shortage against the target at the target’s date', async () => {
    const board = await bomWith(t, [{ mpn: unique('Q'), quantity: '4' }]);
    const initial = await forecast(t, board.sid);
    await created(t, '/v1/inventoryCounts', { uniqueName: initial.lines[0].partNumber, count: 10 });
    await created(t, '/v1/clearToBuildTargets', {
      bomSid: board.sid,
      quantity: '5',
      durationLength: 1,
      durationType: 'month',
      startDate: `${initial.today}T00:00:00Z`,
    });
    // 5 units need 20, 10 on hand: 10 short.
    expect((await forecast(t, board.sid)).lines[0]).toMatchObject({ clearToBuild: 2, shortage: '10' });
  });

  it('is refused without a session, to a vendor, for another organization’s BOM, and for bad parameters', async () => {
    const board = await bomWith(t, [{ mpn: 'X-1', quantity: '1' }]);
    const other = await createTenant('Forecast other');
    const path = `/v1/boms/${board.sid}/forecast`;
    expect((await call(null, 'GET', path)).status).toBe(401);
    expect((await t.vendor.request('GET', path)).status).toBe(403);
    expect((await other.buyer.request('GET', path)).status).toBe(404);
    for (const [query, field] of [
      ['weeks=0', 'weeks'],
      ['weeks=53', 'weeks'],
      ['includeUnconfirmed=maybe', 'includeUnconfirmed'],
      ['alone=1', 'alone'],
    ] as const) {
      const refused = await t.buyer.request<{ code: string; field?: string }>('GET', `${path}?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid_request', field });
    }
  });

  it('follows the links a buyer makes by hand: an order line under another MPN counts, one left out does not', async () => {
    const part = unique('SENS');
    const board = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const lineSid = board.lineSids[0];
    const { today } = await forecast(t, board.sid);
    // One order line under the vendor's own number (not matched), one under the part's number (matched).
    const theirs = await supply(t, `${part}-TR-VENDOR`, '5', { dueDate: addDays(today, 3) });
    const ours = await supply(t, part.toLowerCase(), '3', { dueDate: addDays(today, 3) });
    const units = async () => (await forecast(t, board.sid, 'weeks=1')).points.map((p) => p.clearToBuild);
    const lineOf = () => firstLineWithSupply(t, board.sid, 'weeks=1');
    expect(await units()).toEqual([0, 3]);

    const link = (itemGroupSid: string, linked: boolean) =>
      t.buyer.request<{ linked: boolean; bomLineSid: string }>(
        'PUT',
        `/v1/bomLines/${lineSid}/supplyLinks/${itemGroupSid}`,
        { linked },
      );
    const linked = await link(theirs.sid, true);
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ bomLineSid: lineSid, itemGroupSid: theirs.sid, linked: true });
    expect(await units()).toEqual([0, 8]);
    const withLink = await lineOf();
    expect(withLink.supplyCount).toBe(2);
    expect(withLink.supply.find((s) => s.itemGroupSid === theirs.sid)).toMatchObject({ linked: true });
    expect(withLink.supply.find((s) => s.itemGroupSid === ours.sid)).toMatchObject({ linked: false });

    // Said not to supply the part, the matched line counts for nothing and is listed as left out.
    expect((await link(ours.sid, false)).status).toBe(200);
    expect(await units()).toEqual([0, 5]);
    const withExclusion = await lineOf();
    expect(withExclusion.supply.map((s) => s.itemGroupSid)).toEqual([theirs.sid]);
    expect(withExclusion.excludedSupply).toEqual([
      expect.objectContaining({ itemGroupSid: ours.sid, manufacturerPartNumber: part.toLowerCase() }),
    ]);

    // Each undone: matched by part number again. A link removed twice is not there.
    const unlink = (itemGroupSid: string) =>
      t.buyer.request('DELETE', `/v1/bomLines/${lineSid}/supplyLinks/${itemGroupSid}`);
    expect((await unlink(ours.sid)).status).toBe(204);
    expect((await unlink(ours.sid)).status).toBe(404);
    expect(await units()).toEqual([0, 8]);
    expect((await unlink(theirs.sid)).status).toBe(204);
    expect(await units()).toEqual([0, 3]);

    // A link goes with its BOM line.
    expect((await link(theirs.sid, true)).status).toBe(200);
    expect((await t.buyer.request('DELETE', `/v1/bomLines/${lineSid}`)).status).toBe(204);
    expect((await unlink(theirs.sid)).status).toBe(404);
  });

  it('lists the supply of the lines named, in the order named, with their orders; lines of other BOMs left out', async () => {
    const [a, b] = [unique('LA'), unique('LB')];
    const board = await bomWith(t, [
      { mpn: a, quantity: '1' },
      { mpn: b, quantity: '1' },
    ]);
    const elsewhere = await bomWith(t, [{ mpn: a, quantity: '1' }]);
    const other = await createTenant('Line supply other');
    const otherBoard = await bomWith(other, [{ mpn: a, quantity: '1' }]);
    const { today } = await forecast(t, board.sid);
    const ofA = await supply(t, a, '2', { dueDate: addDays(today, 4) });
    const ofB = [
      await supply(t, b, '1', { dueDate: addDays(today, 6) }),
      await supply(t, b.toLowerCase(), '1', { dueDate: addDays(today, 2) }),
    ];
    await supply(other, a, '9', { dueDate: addDays(today, 1) });
    const listed = await lineSupply(t, board.sid, [
      board.lineSids[1],
      elsewhere.lineSids[0],
      otherBoard.lineSids[0],
      board.lineSids[0],
      board.lineSids[1],
    ]);
    expect(listed.map((l) => l.sid)).toEqual([board.lineSids[1], board.lineSids[0]]);
    expect(listed[0].supply.map((s) => s.itemGroupSid)).toEqual([ofB[1].sid, ofB[0].sid]);
    expect(listed[1]).toMatchObject({ supplyCount: 1, excludedSupply: [] });
    expect(listed[1].supply).toEqual([
      expect.objectContaining({ itemGroupSid: ofA.sid, arrivalDate: addDays(today, 4), basis: 'due', linked: false }),
    ]);
    const orderOfA = await t.buyer.request<{ uniqueName: string }>('GET', `/v1/orders/${listed[1].supply[0].orderSid}`);
    expect(orderOfA.status).toBe(200);
    expect(listed[1].supply[0].orderUniqueName).toBe(orderOfA.body.uniqueName);
  });

  it('lists as the forecast counts: links of the BOMs before it count, and alone only its own', async () => {
    const part = unique('SHR');
    const first = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const second = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const { today } = await forecast(t, first.sid);
    await created(t, '/v1/clearToBuildTargets', {
      bomSid: first.sid,
      quantity: '1',
      durationLength: 1,
      durationType: 'week',
      startDate: `${today}T00:00:00Z`,
    });
    // An order line under the vendor's own number, linked by hand to FIRST's line: it supplies the part.
    const theirs = await supply(t, `${part}-VENDOR`, '4', { dueDate: addDays(today, 2) });
    const linked = await t.buyer.request('PUT', `/v1/bomLines/${first.lineSids[0]}/supplyLinks/${theirs.sid}`, {
      linked: true,
    });
    expect(linked.status).toBe(200);
    const shared = await firstLineWithSupply(t, second.sid);
    expect(shared.supplyCount).toBe(1);
    expect(shared.supply).toEqual([expect.objectContaining({ itemGroupSid: theirs.sid, linked: true })]);
    // Alone, SECOND sees neither FIRST's claims nor its links.
    const alone = await firstLineWithSupply(t, second.sid, 'weeks=4&alone=true');
    expect(alone).toMatchObject({ supplyCount: 0, supply: [] });
  });

  it('refuses a supply listing without a session, to a vendor, for another organization’s BOM, and for bad parameters', async () => {
    const board = await bomWith(t, [{ mpn: unique('RF'), quantity: '1' }]);
    const other = await createTenant('Line supply refusals');
    const path = `/v1/boms/${board.sid}/lineSupply?lineSid=${board.lineSids[0]}`;
    expect((await call(null, 'GET', path)).status).toBe(401);
    expect((await t.vendor.request('GET', path)).status).toBe(403);
    expect((await other.buyer.request('GET', path)).status).toBe(404);
    const named = (n: number) => Array.from({ length: n }, (_, i) => `lineSid=BL${String(i)}`).join('&');
    // A hundred lines at most: lines not of the BOM are left out of the answer, not refused.
    const hundred = await t.buyer.request<{ lines: unknown[] }>(
      'GET',
      `/v1/boms/${board.sid}/lineSupply?${named(100)}`,
    );
    expect(hundred.status).toBe(200);
    expect(hundred.body.lines).toEqual([]);
    const tooMany = named(101);
    for (const [query, field] of [
      ['', 'lineSid'],
      [tooMany, 'lineSid'],
      [`lineSid=${'x'.repeat(256)}`, 'lineSid.0'],
      [`lineSid=${board.lineSids[0]}&alone=1`, 'alone'],
    ] as const) {
      const refused = await t.buyer.request<{ code: string; field?: string }>(
        'GET',
        `/v1/boms/${board.sid}/lineSupply?${query}`,
      );
      expect(refused.status, query.slice(0, 40)).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid_request', field });
    }
  });

  it('refuses a link without a session, to a vendor, across organizations, and with a bad body, writing nothing', async () => {
    const part = unique('LNK');
    const board = await bomWith(t, [{ mpn: part, quantity: '1' }]);
    const { today } = await forecast(t, board.sid);
    const group = await supply(t, `${part}-X`, '4', { dueDate: addDays(today, 3) });
    const other = await createTenant('Links other');
    const otherBoard = await bomWith(other, [{ mpn: part, quantity: '1' }]);
    const otherGroup = await supply(other, part, '4', { dueDate: addDays(today, 3) });
    const path = (lineSid: string, groupSid: string) => `/v1/bomLines/${lineSid}/supplyLinks/${groupSid}`;
    const mine = path(board.lineSids[0], group.sid);
    expect((await call(null, 'PUT', mine, { linked: true })).status).toBe(401);
    expect((await call(null, 'DELETE', mine)).status).toBe(401);
    expect((await t.vendor.request('PUT', mine, { linked: true })).status).toBe(403);
    // Another organization's BOM line, or its order line: not found, from either side.
    expect((await other.buyer.request('PUT', mine, { linked: true })).status).toBe(404);
    expect((await t.buyer.request('PUT', path(board.lineSids[0], otherGroup.sid), { linked: true })).status).toBe(404);
    expect((await t.buyer.request('PUT', path(otherBoard.lineSids[0], group.sid), { linked: true })).status).toBe(404);
    for (const body of [{}, { linked: 'yes' }, { linked: true, extra: 1 }]) {
      const refused = await t.buyer.request<{ code: string; message: string; field?: string }>('PUT', mine, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
      expect(refused.body.message).toMatch(/linked|extra/);
    }
    // Nothing was written: the order line still does not count, and there is no link to remove.
    expect((await forecast(t, board.sid, 'weeks=1')).points.map((p) => p.clearToBuild)).toEqual([0, 0]);
    expect((await t.buyer.request('DELETE', mine)).status).toBe(404);
    expect((await forecast(other, otherBoard.sid, 'weeks=1')).points.map((p) => p.clearToBuild)).toEqual([0, 4]);
  });
});
