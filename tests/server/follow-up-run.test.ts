// The follow-up engine's run on the real database: a new line is asked on
// the next run, an order's due lines go out as one update request with one
// email per vendor contact (through the outbox, with a portal link that opens
// a vendor session once), an unanswered request is reminded once the next
// business morning, a run repeated or redone after a crash sends nothing
// twice, a vendor with no one to ask or only opted-out contacts gets no email
// and the request says why, a pause stops requests, and flags are raised and
// resolved by their causes.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { berlinTenant, morning } from './support/berlin.ts';
import { outboxBodies } from '../../server/domain/outbox/bodies.ts';
import { setUnresponsiveAfter } from './support/settings.ts';
import { call, server, type Tenant } from './support/harness.ts';

const PUBLIC_URL = 'https://factor.example';

let counter = 0;

/** A tenant in Berlin's time zone. */

/** An order of `vendorSid` with one line per due date (quantity 10 each); returns the item group sids in order. */
async function order(t: Tenant, vendorSid: string, dueDates: (string | null)[]) {
  const created = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-F-${String(counter++)}-${Date.now().toString(36)}`,
    vendorSid,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const groups: string[] = [];
  const items: string[] = [];
  for (const [index, dueDate] of dueDates.entries()) {
    const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
      orderSid: created.body.sid,
      uniqueName: String((index + 1) * 10),
      quantity: '10',
      manufacturerPartNumber: `MPN-${String(index + 1)}`,
    });
    expect(item.status).toBe(201);
    const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
      itemSid: item.body.sid,
      quantity: '10',
      dueDate,
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    groups.push(group.body.sid);
    items.push(item.body.sid);
  }
  return { sid: created.body.sid, uniqueName: created.body.uniqueName, groups, items };
}

const run = async (t: Tenant, now: Date) =>
  runFollowUp((await server()).db, { now, publicUrl: PUBLIC_URL, organizationSid: t.organizationSid });

async function requestsOf(t: Tenant) {
  const { db } = await server();
  const requests = await db
    .selectFrom('updateRequests')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .orderBy('created')
    .orderBy('sid')
    .execute();
  const lines = await db
    .selectFrom('updateRequestLines')
    .selectAll()
    .where('updateRequestSid', 'in', requests.length ? requests.map((r) => r.sid) : ['none'])
    .execute();
  return requests.map((r) => ({
    ...r,
    lines: lines
      .filter((l) => l.updateRequestSid === r.sid)
      .map((l) => ({ itemGroupSid: l.itemGroupSid, kind: l.kind }))
      .sort((a, b) => a.itemGroupSid.localeCompare(b.itemGroupSid)),
  }));
}

async function emailsOf(t: Tenant) {
  const { db } = await server();
  const rows = await db
    .selectFrom('outboxEmails')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .orderBy('created')
    .orderBy('sid')
    .execute();
  // The bodies as sent and read: an update request's email is rendered from what was stored.
  return rows.map((row) => {
    const { text, html } = outboxBodies(row);
    return { ...row, textBody: text, htmlBody: html };
  });
}

async function trackerOf(t: Tenant, itemGroupSid: string) {
  const { db } = await server();
  return db
    .selectFrom('cadenceTrackers')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .where('referenceSid', '=', itemGroupSid)
    .executeTakeFirstOrThrow();
}

async function vendorEmail(t: Tenant): Promise<string> {
  const { db } = await server();
  const row = await db
    .selectFrom('users')
    .select('email')
    .where('sid', '=', t.vendor.userSid)
    .executeTakeFirstOrThrow();
  return row.email;
}

const sorted = (list: string[]) => [...list].sort();

/** The history events the engine wrote for the requests it made, oldest first. */
async function updateRequestedEvents(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('events')
    .select(['orderSid', 'itemSid', 'itemGroupSid', 'actorName', 'after'])
    .where('organizationSid', '=', t.organizationSid)
    .where('eventType', '=', 'order.updateRequested')
    .orderBy('eventTime')
    .orderBy('sid')
    .execute();
}

describe('a run of the follow-up engine', () => {
  it('asks for a new order on the next run: one request for its lines, one email per contact, a working portal link', async () => {
    const t = await berlinTenant();
    const po = await order(t, t.vendorSid, ['2027-06-30', '2026-12-16']);
    const summary = await run(t, morning('2026-12-07'));
    expect(summary).toMatchObject({ trackersStarted: 2, updateRequests: 1, requestedLines: 2, emails: 1, skipped: 0 });

    const [request] = await requestsOf(t);
    expect(request).toMatchObject({ orderSid: po.sid, vendorSid: t.vendorSid, status: 'sent', requestedBy: 'engine' });
    expect(request.recipients).toEqual([await vendorEmail(t)]);
    expect(request.lines).toEqual(sorted(po.groups).map((sid) => ({ itemGroupSid: sid, kind: 'request' })));
    // The request has one history event on its order, naming who it went to and the lines it asked about.
    const events = await updateRequestedEvents(t);
    expect(events).toEqual([
      {
        orderSid: po.sid,
        itemSid: null,
        itemGroupSid: null,
        actorName: 'Follow-up',
        after: {
          updateRequestSid: request.sid,
          recipients: [request.recipients[0]],
          lines: po.groups.map((sid, index) => ({ itemGroupSid: sid, itemSid: po.items[index], kind: 'request' })),
        },
      },
    ]);
    // The order's, each item's and each item group's history show it; another order's does not.
    const other = await order(t, t.vendorSid, ['2027-06-30']);
    // Answered with the follow-up's name, though no user wrote it.
    const orderHistory = await t.buyer.request<{ orderEvents: { eventType: string; event: { actor: unknown } }[] }>(
      'GET',
      `/v1/orders/${po.sid}/events`,
    );
    expect(orderHistory.body.orderEvents.find((e) => e.eventType === 'order.updateRequested')?.event.actor).toEqual({
      sid: null,
      name: 'Follow-up',
    });
    const historyOf = async (record: 'order' | 'item' | 'itemGroup', sid: string) => {
      const answer = await t.buyer.request<Record<string, { eventType: string }[]>>(
        'GET',
        `/v1/${record}s/${sid}/events`,
      );
      expect(answer.status).toBe(200);
      return answer.body[`${record}Events`].filter((e) => e.eventType === 'order.updateRequested').length;
    };
    expect(await historyOf('order', po.sid)).toBe(1);
    for (const [index, group] of po.groups.entries()) {
      expect(await historyOf('item', po.items[index])).toBe(1);
      expect(await historyOf('itemGroup', group)).toBe(1);
    }
    expect(await historyOf('order', other.sid)).toBe(0);
    expect(await historyOf('item', other.items[0])).toBe(0);
    expect(await historyOf('itemGroup', other.groups[0])).toBe(0);

    const [email] = await emailsOf(t);
    expect(email.toAddress).toBe(await vendorEmail(t));
    expect(email.updateRequestSid).toBe(request.sid);
    expect(email.status).toBe('pending');
    expect(email.subject).toContain(po.uniqueName);
    expect(email.textBody).toContain('MPN-1');
    expect(email.textBody).toContain('MPN-2');
    expect(email.htmlBody).toContain(po.uniqueName);

    // The next requests follow the default tiers: the far line in 8 weeks' cadence, the near one on its date.
    const far = await trackerOf(t, po.groups[0]);
    const near = await trackerOf(t, po.groups[1]);
    expect(far.nextUpdateDate).toEqual(morning('2027-02-01')); // 7 Dec + 40 business days
    expect(near.nextUpdateDate).toEqual(morning('2026-12-16')); // 7 business days away: on the date
    expect(far.reminderAt).toEqual(morning('2026-12-08'));
    expect(far.attempts).toBe(1);

    // The link opens a vendor session, once.
    const token = /#token=([^&\s"]+)/.exec(email.textBody)?.[1];
    expect(token).toBeTruthy();
    const opened = await call<{ user: { sid: string } }>(null, 'POST', '/v1/session/vendorLink', {
      token: decodeURIComponent(token ?? ''),
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const again = await call(null, 'POST', '/v1/session/vendorLink', { token: decodeURIComponent(token ?? '') });
    expect(again.status).toBe(401);
  });

  it('sends nothing twice: the same run again, or a run redone after its trackers were lost', async () => {
    const t = await berlinTenant();
    const po = await order(t, t.vendorSid, ['2027-03-01']);
    await run(t, morning('2026-12-07'));
    const again = await run(t, morning('2026-12-07', 10));
    expect(again).toMatchObject({ updateRequests: 0, emails: 0 });

    // As if the process died after writing the request but before moving the tracker on.
    const { db } = await server();
    await db
      .updateTable('cadenceTrackers')
      .set({ nextUpdateDate: morning('2026-12-07'), reminderAt: null, attempts: 0 })
      .where('organizationSid', '=', t.organizationSid)
      .where('referenceSid', '=', po.groups[0])
      .execute();
    const redone = await run(t, morning('2026-12-07', 11));
    expect(redone).toMatchObject({ updateRequests: 0, emails: 0 });
    expect(await requestsOf(t)).toHaveLength(1);
    expect(await emailsOf(t)).toHaveLength(1);
  });

  it('reminds an unanswered request once, the next business morning, and not after an answer', async () => {
    const t = await berlinTenant();
    const po = await order(t, t.vendorSid, ['2027-03-01', '2027-03-02']);
    // Friday: the reminder is due on Monday.
    await run(t, morning('2026-12-11'));
    expect(await run(t, morning('2026-12-12'))).toMatchObject({ updateRequests: 0 });
    const monday = await run(t, morning('2026-12-14'));
    expect(monday).toMatchObject({ updateRequests: 1, remindedLines: 2, requestedLines: 0, emails: 1 });
    const requests = await requestsOf(t);
    expect(requests.map((r) => r.status)).toEqual(['sent', 'reminded']);
    expect((await emailsOf(t))[1].subject).toMatch(/^Reminder/);
    expect(await run(t, morning('2026-12-15'))).toMatchObject({ updateRequests: 0 });
    expect((await trackerOf(t, po.groups[0])).attempts).toBe(1);
  });

  it('catches up a missed run, once', async () => {
    const t = await berlinTenant();
    await order(t, t.vendorSid, [null]);
    await run(t, morning('2026-12-07'));
    // The reminder (Tuesday) and the weekly request (the next Monday) are both missed until Wednesday the 16th.
    const late = await run(t, morning('2026-12-16'));
    expect(late).toMatchObject({ updateRequests: 1, requestedLines: 1, remindedLines: 0 });
    expect(await run(t, morning('2026-12-16', 12))).toMatchObject({ updateRequests: 0 });
  });

  it('asks no one when the vendor has no contact or all opted out, and says why', async () => {
    const t = await berlinTenant();
    await order(t, t.otherVendorSid, ['2027-03-01']);
    const summary = await run(t, morning('2026-12-07'));
    expect(summary).toMatchObject({ updateRequests: 1, skipped: 1, emails: 0 });
    const [request] = await requestsOf(t);
    expect(request.status).toBe('skipped');
    expect(request.skipReason).toBe(`No one to ask at ${t.otherVendorName}: the vendor has no contact.`);
    expect((await updateRequestedEvents(t)).map((e) => e.after)).toEqual([
      {
        updateRequestSid: request.sid,
        recipients: [],
        skipped: request.skipReason,
        lines: [expect.objectContaining({ kind: 'request' })],
      },
    ]);

    const opted = await berlinTenant();
    const { db } = await server();
    await db
      .insertInto('emailOptOuts')
      .values({
        sid: `EO${'0'.repeat(20)}${opted.organizationSid.slice(-8)}`,
        organizationSid: opted.organizationSid,
        email: (await vendorEmail(opted)).toUpperCase(),
        created: new Date(),
        updated: new Date(),
      })
      .execute();
    await order(opted, opted.vendorSid, ['2027-03-01']);
    expect(await run(opted, morning('2026-12-07'))).toMatchObject({ skipped: 1, emails: 0 });
    expect((await requestsOf(opted))[0].skipReason).toBe(
      `Everyone to ask at ${opted.vendorName} has opted out of these emails.`,
    );
  });

  it('sends nothing for a paused vendor or order, and what was due goes out once the pause ends', async () => {
    const t = await berlinTenant();
    const { db } = await server();
    await db.updateTable('vendors').set({ followUpPaused: true }).where('sid', '=', t.vendorSid).execute();
    await order(t, t.vendorSid, ['2027-03-01']);
    expect(await run(t, morning('2026-12-07'))).toMatchObject({ trackersStarted: 1, updateRequests: 0 });
    await db.updateTable('vendors').set({ followUpPaused: false }).where('sid', '=', t.vendorSid).execute();
    expect(await run(t, morning('2026-12-08'))).toMatchObject({ updateRequests: 1, requestedLines: 1 });
  });

  it('ends the tracker of a received line, starts it again when the line reopens, and ends a deleted line\u2019s', async () => {
    const t = await berlinTenant();
    const po = await order(t, t.vendorSid, ['2027-03-01']);
    await run(t, morning('2026-12-07'));
    const { db } = await server();
    await db.updateTable('itemGroups').set({ delivered: true }).where('sid', '=', po.groups[0]).execute();
    expect(await run(t, morning('2026-12-08'))).toMatchObject({ trackersEnded: 1, updateRequests: 0 });
    expect((await trackerOf(t, po.groups[0])).state).toBe('ended');

    // Reopened, the line's tracker starts again and asks at once; deleted, it ends.
    await db.updateTable('itemGroups').set({ delivered: false }).where('sid', '=', po.groups[0]).execute();
    expect(await run(t, morning('2026-12-09'))).toMatchObject({
      trackersStarted: 1,
      trackersEnded: 0,
      requestedLines: 1,
    });
    expect(await trackerOf(t, po.groups[0])).toMatchObject({ state: 'active', attempts: 1 });
    expect(await run(t, morning('2026-12-09'))).toMatchObject({
      trackersStarted: 0,
      trackersEnded: 0,
      requestedLines: 0,
    });
    await db.deleteFrom('itemGroups').where('sid', '=', po.groups[0]).execute();
    expect(await run(t, morning('2026-12-10'))).toMatchObject({ trackersStarted: 0, trackersEnded: 1 });
    expect((await trackerOf(t, po.groups[0])).state).toBe('ended');
  });
});

describe('flags raised by the run', () => {
  async function flagsOf(t: Tenant) {
    const { db } = await server();
    return db
      .selectFrom('flags')
      .select(['type', 'status', 'itemGroupSid', 'cause', 'message'])
      .where('organizationSid', '=', t.organizationSid)
      .orderBy('created')
      .execute();
  }

  it('raises Past Due once when the due date passes, and resolves it when the line is received', async () => {
    const t = await berlinTenant();
    const po = await order(t, t.vendorSid, ['2026-12-08']);
    await run(t, morning('2026-12-08'));
    expect(await flagsOf(t)).toEqual([]);
    expect(await run(t, morning('2026-12-09'))).toMatchObject({ flagsRaised: 1 });
    expect(await run(t, morning('2026-12-10'))).toMatchObject({ flagsRaised: 0 });
    expect(await flagsOf(t)).toEqual([
      {
        type: 'pastDue',
        status: 'open',
        itemGroupSid: po.groups[0],
        cause: '2026-12-08',
        message: 'Due 8 Dec 2026 and not received',
      },
    ]);
    const { db } = await server();
    await db.updateTable('itemGroups').set({ delivered: true }).where('sid', '=', po.groups[0]).execute();
    expect(await run(t, morning('2026-12-11'))).toMatchObject({ flagsResolved: 1 });
    expect((await flagsOf(t)).map((f) => f.status)).toEqual(['resolved']);
  });

  it('raises Unresponsive Vendor after the organization\u2019s business days without an answer', async () => {
    const t = await berlinTenant();
    const { db } = await server();
    await setUnresponsiveAfter(t, 3);
    const po = await order(t, t.vendorSid, ['2027-06-30']);
    await run(t, morning('2026-12-07')); // Monday: the first request
    expect(await run(t, morning('2026-12-09'))).toMatchObject({ flagsRaised: 0 }); // 2 business days
    expect(await run(t, morning('2026-12-10'))).toMatchObject({ flagsRaised: 1 }); // 3
    const [flag] = await flagsOf(t);
    expect(flag).toMatchObject({ type: 'unresponsiveVendor', status: 'open', itemGroupSid: po.groups[0] });

    // An answer (the tracker's count back to 0) resolves it at the next run.
    await sql`update cadence_trackers set attempts = 0, first_unanswered_at = null where reference_sid = ${po.groups[0]}`.execute(
      db,
    );
    expect(await run(t, morning('2026-12-11'))).toMatchObject({ flagsResolved: 1 });
  });

  it('raises Unresponsive Vendor on the request that reaches a custom cadence\u2019s attempts, the morning it goes', async () => {
    const t = await berlinTenant();
    const po = await order(t, t.vendorSid, ['2027-06-30']);
    const once = await t.admin.request<{ sid: string }>('POST', '/v1/cadences', {
      delaySeconds: String(7 * 86_400),
      maxAttempts: '1',
      messageType: 'email',
      title: 'Ask once',
    });
    expect(once.status, JSON.stringify(once.body)).toBe(201);
    const { db } = await server();
    await db.updateTable('orders').set({ cadenceSid: once.body.sid }).where('sid', '=', po.sid).execute();
    // Asked this morning and never before: over the cadence's one attempt at once, though no business day has passed.
    expect(await run(t, morning('2026-12-07'))).toMatchObject({ requestedLines: 1, flagsRaised: 1 });
    const [flag] = await flagsOf(t);
    expect(flag).toMatchObject({ type: 'unresponsiveVendor', status: 'open', itemGroupSid: po.groups[0] });
  });

  it('checks the lines a change marked, whichever code wrote it, and the lines due since the last check', async () => {
    const t = await berlinTenant();
    const { db } = await server();
    const po = await order(t, t.vendorSid, ['2026-12-08', '2026-12-09', '2027-03-01']);
    const marks = async () =>
      (
        await db
          .selectFrom('flagChecks')
          .select('itemGroupSid')
          .where('organizationSid', '=', t.organizationSid)
          .orderBy('itemGroupSid')
          .execute()
      ).map((m) => m.itemGroupSid);
    // New lines are marked; a run checks them and clears their marks.
    expect(await marks()).toEqual(sorted(po.groups));
    await run(t, morning('2026-12-07'));
    expect(await marks()).toEqual([]);

    // A change to what flags go by is marked, by the database; a change to anything else is not.
    await sql`update item_groups set quantity = 12 where sid = ${po.groups[2]}`.execute(db);
    expect(await marks()).toEqual([]);
    await sql`update item_groups set due_date = '2026-12-01' where sid = ${po.groups[2]}`.execute(db);
    expect(await marks()).toEqual([po.groups[2]]);

    const pastDue = async () =>
      sorted(
        (
          await db
            .selectFrom('flags')
            .select('itemGroupSid')
            .where('organizationSid', '=', t.organizationSid)
            .where('status', '=', 'open')
            .where('type', '=', 'pastDue')
            .execute()
        ).map((f) => f.itemGroupSid ?? ''),
      );
    // Runs missed for a week: the lines due since the last check, and the marked one, are past due at once.
    await run(t, morning('2026-12-14'));
    expect(await pastDue()).toEqual(sorted(po.groups));
    expect(await marks()).toEqual([]);
    expect(await run(t, morning('2026-12-15'))).toMatchObject({ flagsRaised: 0, flagsResolved: 0 });

    // A due date moved out of the past by plain SQL resolves its flag at the next run.
    await sql`update item_groups set due_date = '2027-01-15' where sid = ${po.groups[0]}`.execute(db);
    expect(await run(t, morning('2026-12-16'))).toMatchObject({ flagsResolved: 1 });
    expect(await pastDue()).toEqual(sorted([po.groups[1], po.groups[2]]));
  });

  it('checks every line again when the clock is set back before the last check', async () => {
    const t = await berlinTenant();
    const { db } = await server();
    const po = await order(t, t.vendorSid, ['2026-12-08']);
    expect(await run(t, morning('2026-12-10'))).toMatchObject({ flagsRaised: 1 });
    // The vendor answered and the flag is gone, and nothing marks the line: a check from the last day on does not
    // see it.
    await sql`update cadence_trackers set attempts = 0, first_unanswered_at = null where reference_sid = ${po.groups[0]}`.execute(
      db,
    );
    await db.deleteFrom('flags').where('itemGroupSid', '=', po.groups[0]).execute();
    expect(await run(t, morning('2026-12-11'))).toMatchObject({ flagsRaised: 0 });
    // A clock set back (a test, a development clock) checks every line that may have a flag.
    expect(await run(t, morning('2026-12-09'))).toMatchObject({ flagsRaised: 1 });
  });
});
