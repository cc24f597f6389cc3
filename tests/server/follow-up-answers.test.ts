// What a change to a line means for its follow-up, through the real API and
// database: a vendor's change is an answer (the tracker starts again, no
// reminder is owed, the request is answered, Unresponsive Vendor resolves), a
// buyer's change of due date or quantity clears the confirmation and asks
// again at the next run, and a promise moved past the due date raises New
// Delay with its event, which resolves when the promise comes back.
import { describe, expect, it } from 'vitest';
import { calendar, localTime } from '../../server/domain/follow-up/calendar.ts';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { createTenant, runJobs, server, type Tenant } from './support/harness.ts';
import { setUnresponsiveAfter } from './support/settings.ts';

const utc = calendar('UTC');
const monday = localTime('2026-12-07', 9, utc);

interface ItemGroup {
  sid: string;
  version: number;
  confirmed: boolean;
  dueDate: string | null;
  quantity: string;
}

let counter = 0;

async function line(t: Tenant, dueDate = '2030-06-01'): Promise<ItemGroup> {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-A-${String(counter++)}-${Date.now().toString(36)}`,
    vendorSid: t.vendorSid,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '40',
  });
  const group = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity: '40',
    dueDate,
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  return group.body;
}

async function asked(t: Tenant, g: ItemGroup) {
  const { db } = await server();
  await runFollowUp(db, { now: monday, publicUrl: 'https://factor.example', organizationSid: t.organizationSid });
  const tracker = await db
    .selectFrom('cadenceTrackers')
    .selectAll()
    .where('referenceSid', '=', g.sid)
    .executeTakeFirstOrThrow();
  expect(tracker.attempts).toBe(1);
  expect(tracker.reminderAt).not.toBeNull();
  return tracker;
}

async function trackerOf(g: ItemGroup) {
  const { db } = await server();
  return db.selectFrom('cadenceTrackers').selectAll().where('referenceSid', '=', g.sid).executeTakeFirstOrThrow();
}

async function flagsOf(t: Tenant, g: ItemGroup) {
  const { db } = await server();
  return db
    .selectFrom('flags')
    .select(['type', 'status', 'cause', 'message', 'eventSid', 'note'])
    .where('organizationSid', '=', t.organizationSid)
    .where('itemGroupSid', '=', g.sid)
    .orderBy('created')
    .execute();
}

describe('answers and changes', () => {
  it("takes a vendor's confirmation as an answer: the count starts again, no reminder, the request answered", async () => {
    const t = await createTenant('Answers');
    const g = await line(t);
    await asked(t, g);
    const before = Date.now();
    const confirmed = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      confirmed: true,
      version: g.version,
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const tracker = await trackerOf(g);
    expect(tracker.attempts).toBe(0);
    expect(tracker.reminderAt).toBeNull();
    expect(tracker.firstUnansweredAt).toBeNull();
    expect(tracker.lastAnswerAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The next request is counted from the answer: 2030 is far off, so weeks after it, never before.
    expect(tracker.nextUpdateDate?.getTime()).toBeGreaterThan(before + 7 * 86_400_000);
    const { db } = await server();
    const requests = await db
      .selectFrom('updateRequests')
      .select(['status', 'answered'])
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(requests.map((r) => r.status)).toEqual(['answered']);
    expect(requests[0].answered).not.toBeNull();
  });

  it("takes a vendor's message about the line, or about its order, as an answer; a buyer's message is none", async () => {
    const t = await createTenant('Message answers');
    const g = await line(t);
    const other = await line(t);
    await asked(t, g);
    await asked(t, other);
    const { db } = await server();
    const statuses = async () =>
      (
        await db
          .selectFrom('updateRequests')
          .innerJoin('updateRequestLines', 'updateRequestLines.updateRequestSid', 'updateRequests.sid')
          .select(['updateRequestLines.itemGroupSid', 'updateRequests.status'])
          .where('updateRequests.organizationSid', '=', t.organizationSid)
          .execute()
      ).reduce<Record<string, string>>(
        (acc, r) => ({ ...acc, [r.itemGroupSid === g.sid ? 'g' : 'other']: r.status }),
        {},
      );

    // The buyer's own message asks; it answers nothing.
    const question = await t.buyer.request('POST', '/v1/messages', { content: 'Any news?', itemGroupSids: [g.sid] });
    expect(question.status).toBe(201);
    expect(await statuses()).toEqual({ g: 'sent', other: 'sent' });
    expect((await trackerOf(g)).attempts).toBe(1);

    // The vendor's message about the line answers it, and only it.
    const before = Date.now();
    const reply = await t.vendor.request('POST', '/v1/messages', { content: 'Ships Friday.', itemGroupSids: [g.sid] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(await statuses()).toEqual({ g: 'answered', other: 'sent' });
    const tracker = await trackerOf(g);
    expect([tracker.attempts, tracker.reminderAt]).toEqual([0, null]);
    expect(tracker.lastAnswerAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await trackerOf(other)).attempts).toBe(1);

    // About the other line's order: an answer on each of its open lines.
    const { body: otherLine } = await t.buyer.request<{ orderSid: string }>('GET', `/v1/itemGroups/${other.sid}`);
    const aboutOrder = await t.vendor.request('POST', '/v1/messages', {
      content: 'The whole order ships Friday.',
      orderSids: [otherLine.orderSid],
    });
    expect(aboutOrder.status).toBe(201);
    expect(await statuses()).toEqual({ g: 'answered', other: 'answered' });
  });

  it('clears the confirmation when the buyer moves the due date or the quantity, and asks again at the next run', async () => {
    const t = await createTenant('Answers');
    const g = await line(t);
    await asked(t, g);
    const confirmed = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      confirmed: true,
      version: g.version,
    });
    expect(confirmed.body.confirmed).toBe(true);

    const moved = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      dueDate: '2030-05-15',
      version: confirmed.body.version,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.confirmed).toBe(false);
    const tracker = await trackerOf(g);
    expect(tracker.nextUpdateDate?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(tracker.reminderAt).toBeNull();

    // A change that moves neither (a tracking number) keeps the confirmation.
    const again = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      confirmed: true,
      version: moved.body.version,
    });
    const kept = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      trackingNumber: '1Z999',
      version: again.body.version,
    });
    expect(kept.body.confirmed).toBe(true);
    const quantity = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      quantity: '35',
      version: kept.body.version,
    });
    expect(quantity.body.confirmed).toBe(false);
  });

  it('raises New Delay when the vendor promises after the due date, and resolves it when the promise comes back', async () => {
    const t = await createTenant('Answers');
    const g = await line(t, '2030-06-01');
    const late = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      shipDate: '2030-06-11',
      version: g.version,
    });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    const [flag] = await flagsOf(t, g);
    expect(flag).toMatchObject({
      type: 'newDelay',
      status: 'open',
      cause: '2030-06-11',
      message: 'Promised 11 Jun 2030, 10 days after the due date 1 Jun 2030',
    });
    const { db } = await server();
    const event = await db
      .selectFrom('events')
      .select(['eventType', 'itemGroupSid'])
      .where('sid', '=', flag.eventSid ?? '')
      .executeTakeFirst();
    expect(event).toEqual({ eventType: 'flag.raised', itemGroupSid: g.sid });

    // Later still: the one open flag follows; earlier than the due date: resolved.
    const later = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      shipDate: '2030-06-20',
      version: late.body.version,
    });
    expect((await flagsOf(t, g)).filter((f) => f.status === 'open')).toHaveLength(1);
    await t.vendor.request('PATCH', `/v1/itemGroups/${g.sid}`, { shipDate: '2030-05-28', version: later.body.version });
    const flags = await flagsOf(t, g);
    expect(flags.map((f) => f.status)).toEqual(['resolved']);
    expect(flags[0].note).toMatch(/on or before the due date/);
  });

  it('resolves Unresponsive Vendor when the vendor answers, and every flag when the line is received', async () => {
    const t = await createTenant('Answers');
    const { db } = await server();
    await setUnresponsiveAfter(t, 2);
    const g = await line(t, '2026-12-01');
    await asked(t, g);
    await runFollowUp(db, {
      now: localTime('2026-12-09', 9, utc),
      publicUrl: 'https://factor.example',
      organizationSid: t.organizationSid,
    });
    expect((await flagsOf(t, g)).map((f) => [f.type, f.status])).toEqual([
      ['pastDue', 'open'],
      ['unresponsiveVendor', 'open'],
    ]);
    const current = await t.vendor.request<ItemGroup>('GET', `/v1/itemGroups/${g.sid}`);
    const answered = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      shipDate: '2030-01-10',
      version: current.body.version,
    });
    expect(answered.status).toBe(200);
    const byType = async () =>
      (await flagsOf(t, g)).map((f) => [f.type, f.status]).sort(([a], [b]) => a.localeCompare(b));
    expect(await byType()).toEqual([
      ['newDelay', 'open'],
      ['pastDue', 'open'],
      ['unresponsiveVendor', 'resolved'],
    ]);
    await t.vendor.request('PATCH', `/v1/itemGroups/${g.sid}`, { delivered: true, version: answered.body.version });
    expect((await flagsOf(t, g)).map((f) => f.status)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('asks again when an import moves a due date or a quantity, and keeps a confirmation it leaves alone', async () => {
    const t = await createTenant('Answers');
    const importFile = async (csv: string) => {
      const fd = new FormData();
      fd.append('file', new Blob([csv]), 'open-orders.csv');
      const r = await t.buyer.request<{ sid: string }>('POST', '/v1/openOrderUploads', fd);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      await runJobs();
      const done = await t.buyer.request<{ status: string }>('GET', `/v1/openOrderUploads/${r.body.sid}`);
      expect(done.body.status).toBe('completed');
    };
    const header = 'PO Number,Vendor Name,Line,Part Number,Qty,Due Date\n';
    await importFile(
      `${header}PO-IMP-1,${t.vendorName},10,PART-A,5,2030-05-01\nPO-IMP-1,${t.vendorName},20,PART-B,5,2030-05-01\n`,
    );
    const { db } = await server();
    const groups = await db
      .selectFrom('itemGroups')
      .innerJoin('items', 'items.sid', 'itemGroups.itemSid')
      .select(['itemGroups.sid', 'itemGroups.version', 'items.uniqueName'])
      .where('itemGroups.organizationSid', '=', t.organizationSid)
      .orderBy('items.uniqueName')
      .execute();
    expect(groups).toHaveLength(2);
    await runFollowUp(db, { now: monday, publicUrl: 'https://factor.example', organizationSid: t.organizationSid });
    for (const g of groups) {
      const r = await t.vendor.request('PATCH', `/v1/itemGroups/${g.sid}`, { confirmed: true, version: g.version });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    // Line 10's due date moves; line 20 comes again as it was.
    const before = Date.now();
    await importFile(
      `${header}PO-IMP-1,${t.vendorName},10,PART-A,5,2030-06-15\nPO-IMP-1,${t.vendorName},20,PART-B,5,2030-05-01\n`,
    );
    const after = await db
      .selectFrom('itemGroups')
      .innerJoin('cadenceTrackers', 'cadenceTrackers.referenceSid', 'itemGroups.sid')
      .select(['itemGroups.sid', 'itemGroups.confirmed', 'cadenceTrackers.nextUpdateDate'])
      .where(
        'itemGroups.sid',
        'in',
        groups.map((g) => g.sid),
      )
      .execute();
    const moved = after.find((g) => g.sid === groups[0].sid);
    const kept = after.find((g) => g.sid === groups[1].sid);
    expect(moved?.confirmed).toBe(false);
    expect(moved?.nextUpdateDate?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(moved?.nextUpdateDate?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(kept?.confirmed).toBe(true);
    expect(kept?.nextUpdateDate?.getTime()).toBeGreaterThan(Date.now() + 86_400_000);
  });
});
