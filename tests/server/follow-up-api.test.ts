// The follow-up engine's operations on the real server and database: flags
// counted, resolved, dismissed and reopened in bulk with a note (all or
// nothing, and a resolve that holds until a new cause); asking a vendor for an
// update now; the update-request list with its states and filters, scoped for
// vendors; the outbox with portal tokens masked; the signed unsubscribe link
// (a check that writes nothing, a one-click opt-out that the next request
// honours); the per-organization development clock; public holidays; and the
// next request of each line in the schedule's context.
import { afterEach, describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { outboxBodies } from '../../server/domain/outbox/bodies.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';

interface Flag {
  sid: string;
  type: string;
  status: 'open' | 'resolved' | 'dismissed';
  note: string | null;
  resolved: string | null;
  dismissed: string | null;
  orderUniqueName: string | null;
  vendorName: string | null;
  dueDate: string | null;
}
interface UpdateRequest {
  sid: string;
  orderSid: string | null;
  vendorSid: string | null;
  vendorName: string | null;
  status: string;
  skipReason: string | null;
  recipients: string[];
  requestedBy: string | null;
  lines: { itemGroupSid: string; kind: string; dueAt: string }[];
}
interface Failure {
  code: string;
  field?: string;
  message: string;
}

let counter = 0;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An order of a vendor with one line per due date. */
async function order(t: Tenant, vendorName: string, dueDates: (string | null)[]) {
  const o = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-API-${String(++counter)}-${Date.now().toString(36)}`,
    vendorName,
  });
  expect(o.status).toBe(201);
  const groups: { sid: string; itemSid: string }[] = [];
  for (const [i, dueDate] of dueDates.entries()) {
    const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
      orderSid: o.body.sid,
      uniqueName: String((i + 1) * 10),
      quantity: '4',
    });
    const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
      itemSid: item.body.sid,
      quantity: '4',
      dueDate,
    });
    expect(group.status).toBe(201);
    groups.push({ sid: group.body.sid, itemSid: item.body.sid });
  }
  return { sid: o.body.sid, uniqueName: o.body.uniqueName, groups };
}

async function insertFlag(
  t: Tenant,
  line: { orderSid: string; itemSid: string; itemGroupSid: string },
  type: 'pastDue' | 'newDelay' = 'pastDue',
  cause = '2026-01-05',
): Promise<string> {
  const { db } = await server();
  const sid = newSid('FL');
  const now = new Date();
  await db
    .insertInto('flags')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      type,
      message: 'Due and not received',
      dismissed: null,
      cause,
      ...line,
    })
    .execute();
  return sid;
}

const run = async (t: Tenant, now = new Date()) =>
  runFollowUp((await server()).db, { now, publicUrl: 'https://factor.example', organizationSid: t.organizationSid });

describe('flags: counts and bulk changes', () => {
  it('counts open flags by type, for a vendor or an order', async () => {
    const t = await createTenant();
    const a = await order(t, t.vendorName, ['2026-01-05', '2026-01-06']);
    const b = await order(t, t.otherVendorName, ['2026-01-05']);
    const lineOf = (o: typeof a, i: number) => ({
      orderSid: o.sid,
      itemSid: o.groups[i].itemSid,
      itemGroupSid: o.groups[i].sid,
    });
    await insertFlag(t, lineOf(a, 0));
    await insertFlag(t, lineOf(a, 1));
    await insertFlag(t, lineOf(a, 1), 'newDelay', '2026-02-01');
    const resolved = await insertFlag(t, lineOf(b, 0));
    await t.buyer.request('POST', '/v1/flags/bulkUpdate', { sids: [resolved], status: 'resolved' });

    const counts = async (query: string) =>
      (await t.buyer.request<{ total: number; byType: Record<string, number> }>('GET', `/v1/flags/counts${query}`))
        .body;
    expect(await counts('')).toEqual({
      total: 3,
      byType: { newDelay: 1, pastDue: 2, unresponsiveVendor: 0, directReply: 0, cannotSupply: 0 },
    });
    expect((await counts(`?vendorSid=${t.otherVendorSid}`)).total).toBe(0);
    expect((await counts(`?vendorSid=${t.otherVendorSid}&status=resolved`)).byType.pastDue).toBe(1);
    expect((await counts(`?orderSid=${a.sid}`)).total).toBe(3);
    expect((await t.vendor.request('GET', '/v1/flags/counts')).status).toBe(403);
  });

  it('resolves and dismisses several flags with a note, and reopens them; all or nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const a = await order(t, t.vendorName, ['2026-01-05', '2026-01-06']);
    const line = (i: number) => ({ orderSid: a.sid, itemSid: a.groups[i].itemSid, itemGroupSid: a.groups[i].sid });
    const f1 = await insertFlag(t, line(0));
    const f2 = await insertFlag(t, line(1));
    const o = await order(other, other.vendorName, ['2026-01-05']);
    const foreign = await insertFlag(other, {
      orderSid: o.sid,
      itemSid: o.groups[0].itemSid,
      itemGroupSid: o.groups[0].sid,
    });

    // A foreign or unknown sid refuses the whole change.
    for (const sids of [
      [f1, foreign],
      [f1, 'FLnosuchflag'],
    ]) {
      const refused = await t.buyer.request<Failure>('POST', '/v1/flags/bulkUpdate', { sids, status: 'resolved' });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('sids');
    }
    const untouched = await t.buyer.request<Flag>('GET', `/v1/flags/${f1}`);
    expect(untouched.body.status).toBe('open');

    const done = await t.buyer.request<{ flags: Flag[] }>('POST', '/v1/flags/bulkUpdate', {
      sids: [f1, f2],
      status: 'resolved',
      note: 'Vendor shipped both by courier.',
    });
    expect(done.status).toBe(200);
    expect(done.body.flags.map((f) => [f.status, f.note, f.resolved !== null])).toEqual([
      ['resolved', 'Vendor shipped both by courier.', true],
      ['resolved', 'Vendor shipped both by courier.', true],
    ]);
    expect(done.body.flags[0].orderUniqueName).toBe(a.uniqueName);
    expect(done.body.flags[0].vendorName).toBe(t.vendorName);
    expect(done.body.flags[0].dueDate).toBe('2026-01-05');
    const { db } = await server();
    const events = await db
      .selectFrom('events')
      .select('eventType')
      .where('organizationSid', '=', t.organizationSid)
      .where('eventType', '=', 'flag.updated')
      .execute();
    expect(events).toHaveLength(2);

    const dismissed = await t.buyer.request<Flag>('PATCH', `/v1/flags/${f1}`, { status: 'dismissed', note: 'Known' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', note: 'Known' });
    expect(dismissed.body.dismissed).not.toBeNull();

    const reopened = await t.buyer.request<{ flags: Flag[] }>('POST', '/v1/flags/bulkUpdate', {
      sids: [f1],
      status: 'open',
    });
    expect(reopened.body.flags[0]).toMatchObject({ status: 'open', note: null, resolved: null, dismissed: null });
    // A second open flag of a type on one line is a conflict.
    const again = await insertFlag(t, line(1));
    const conflict = await t.buyer.request<Failure>('POST', '/v1/flags/bulkUpdate', { sids: [f2], status: 'open' });
    expect(conflict.status).toBe(409);
    expect((await t.buyer.request<Flag>('GET', `/v1/flags/${again}`)).body.status).toBe('open');
  });

  it('keeps a flag a user resolved while its cause stands, and raises it for a new cause', async () => {
    const t = await createTenant();
    const today = Date.now();
    const due = isoDay(today - 10 * DAY);
    const a = await order(t, t.vendorName, [due]);
    await run(t);
    const list = async () =>
      (await t.buyer.request<{ flags: Flag[] }>('GET', `/v1/flags?orderSid=${a.sid}&flag=pastDue`)).body.flags;
    const [raised] = await list();
    expect(raised.status).toBe('open');
    await t.buyer.request('POST', '/v1/flags/bulkUpdate', {
      sids: [raised.sid],
      status: 'resolved',
      note: 'On its way',
    });
    await run(t);
    expect((await list()).map((f) => f.status)).toEqual(['resolved']);
    // The buyer moves the due date to another passed day: a new cause.
    const moved = await t.buyer.request('PATCH', `/v1/itemGroups/${a.groups[0].sid}`, {
      dueDate: isoDay(today - 5 * DAY),
    });
    expect(moved.status).toBe(200);
    await run(t);
    expect((await list()).map((f) => f.status)).toEqual(['open', 'resolved']);
  });
});

describe('update requests: now, states and scope', () => {
  it('asks about an order now: one request, one email to each contact, said by whom', async () => {
    const t = await createTenant();
    const a = await order(t, t.vendorName, ['2027-06-01', '2027-07-01', null]);
    const now = await t.buyer.request<{ updateRequests: UpdateRequest[]; lineCount: number }>(
      'POST',
      '/v1/updateRequests/now',
      { orderSid: a.sid },
    );
    expect(now.status).toBe(200);
    expect(now.body.lineCount).toBe(3);
    expect(now.body.updateRequests).toHaveLength(1);
    const [request] = now.body.updateRequests;
    expect(request).toMatchObject({ orderSid: a.sid, vendorName: t.vendorName, status: 'sent', skipReason: null });
    expect(request.requestedBy).toBe(t.buyer.userSid);
    expect(request.recipients).toHaveLength(1);
    expect(request.lines.map((l) => l.itemGroupSid).sort()).toEqual(a.groups.map((g) => g.sid).sort());
    const emails = await t.buyer.request<{ outboxEmails: { toAddress: string; updateRequestSid: string }[] }>(
      'GET',
      `/v1/outboxEmails?updateRequestSid=${request.sid}`,
    );
    expect(emails.body.outboxEmails.map((e) => e.toAddress)).toEqual(request.recipients);
    // The order's history says who asked, about which lines.
    const history = await t.buyer.request<{
      orderEvents: { eventType: string; event: { actor: { sid: string } | null; after: { lines: unknown[] } } }[];
    }>('GET', `/v1/orders/${a.sid}/events`);
    const asked = history.body.orderEvents.filter((e) => e.eventType === 'order.updateRequested');
    expect(asked).toHaveLength(1);
    expect(asked[0].event.actor?.sid).toBe(t.buyer.userSid);
    expect(asked[0].event.after.lines).toHaveLength(3);
    // The scheduled run does not ask the same lines again the same day.
    const scheduled = await run(t);
    expect(scheduled.requestedLines).toBe(0);
  });

  it('says why a vendor without contacts was not asked, and names the field of bad input', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const a = await order(t, t.otherVendorName, ['2027-06-01']);
    const skipped = await t.buyer.request<{ updateRequests: UpdateRequest[] }>('POST', '/v1/updateRequests/now', {
      vendorSid: t.otherVendorSid,
    });
    expect(skipped.body.updateRequests[0]).toMatchObject({
      status: 'skipped',
      skipReason: `No one to ask at ${t.otherVendorName}: the vendor has no contact.`,
      recipients: [],
    });
    const bad: [unknown, string][] = [
      [{}, 'itemGroupSids'],
      [{ orderSid: a.sid, vendorSid: t.vendorSid }, 'itemGroupSids'],
      [{ orderSid: 'ORnosuchorder' }, 'orderSid'],
      [{ vendorSid: other.vendorSid }, 'vendorSid'],
      [{ itemGroupSids: [a.groups[0].sid, 'IGnosuch'] }, 'itemGroupSids'],
      [{ itemGroupSids: [] }, 'itemGroupSids'],
      // An empty name names nothing: refused, never read as "no filter" (every line of the organization).
      [{ vendorSid: '' }, 'vendorSid'],
      [{ orderSid: '' }, 'orderSid'],
      [{ orderSid: null }, 'orderSid'],
    ];
    const requestsNow = async () =>
      (await t.buyer.request<{ updateRequests: UpdateRequest[] }>('GET', '/v1/updateRequests?pageSize=100')).body
        .updateRequests.length;
    const before = await requestsNow();
    for (const [body, field] of bad) {
      const r = await t.buyer.request<Failure>('POST', '/v1/updateRequests/now', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await requestsNow()).toBe(before);
    expect((await t.vendor.request('POST', '/v1/updateRequests/now', { orderSid: a.sid })).status).toBe(403);
  });

  it('lists requests by state, vendor and order; a vendor sees only its own', async () => {
    const t = await createTenant();
    const mine = await order(t, t.vendorName, ['2027-06-01']);
    const theirs = await order(t, t.otherVendorName, ['2027-06-01']);
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: mine.sid });
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: theirs.sid });
    const list = async (who: 'buyer' | 'vendor', query: string) =>
      (await t[who].request<{ updateRequests: UpdateRequest[] }>('GET', `/v1/updateRequests${query}`)).body
        .updateRequests;
    expect((await list('buyer', '?status=skipped')).map((r) => r.orderSid)).toEqual([theirs.sid]);
    expect((await list('buyer', '?status=sent')).map((r) => r.orderSid)).toEqual([mine.sid]);
    expect((await list('buyer', `?vendorSid=${t.otherVendorSid}`)).map((r) => r.orderSid)).toEqual([theirs.sid]);
    expect((await list('buyer', `?orderSid=${mine.sid}`)).map((r) => r.status)).toEqual(['sent']);
    expect((await list('buyer', `?itemGroupSid=${mine.groups[0].sid}`)).map((r) => r.orderSid)).toEqual([mine.sid]);
    expect((await list('vendor', '')).map((r) => r.orderSid)).toEqual([mine.sid]);
    // A request unanswered past its links' 14 days is expired.
    const { db } = await server();
    await db
      .updateTable('updateRequests')
      .set({ created: new Date(Date.now() - 15 * DAY) })
      .where('orderSid', '=', mine.sid)
      .execute();
    expect((await list('buyer', '?status=expired')).map((r) => r.orderSid)).toEqual([mine.sid]);
    expect(await list('buyer', '?status=sent')).toEqual([]);
  });

  it('shows when each line is next asked', async () => {
    const t = await createTenant();
    const a = await order(t, t.vendorName, ['2027-06-01']);
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: a.sid });
    const rows = await t.buyer.request<{
      itemGroups: { sid: string; context: { nextUpdateRequestAt: string | null } }[];
    }>('GET', `/v1/itemGroups?orderSid=${a.sid}`);
    const next = rows.body.itemGroups[0]?.context.nextUpdateRequestAt;
    expect(next).not.toBeNull();
    expect(Date.parse(next ?? '')).toBeGreaterThan(Date.now());
  });

  it("keeps the buyer's follow-up schedule from the vendor", async () => {
    const t = await createTenant();
    const a = await order(t, t.vendorName, ['2027-06-01']);
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: a.sid });
    type Rows = { itemGroups: { context: { nextUpdateRequestAt: string | null } }[] };
    const buyer = await t.buyer.request<Rows>('GET', `/v1/itemGroups?orderSid=${a.sid}`);
    expect(buyer.body.itemGroups[0].context.nextUpdateRequestAt).not.toBeNull();
    const vendor = await t.vendor.request<Rows>('GET', `/v1/itemGroups?orderSid=${a.sid}`);
    expect(vendor.status).toBe(200);
    expect(vendor.body.itemGroups.map((g) => g.context.nextUpdateRequestAt)).toEqual([null]);
  });
});

describe('the outbox and the unsubscribe link', () => {
  it('lists emails newest first for staff and masks the portal token in the bodies', async () => {
    const t = await createTenant();
    const a = await order(t, t.vendorName, ['2027-06-01']);
    const b = await order(t, t.vendorName, ['2027-07-01']);
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: a.sid });
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: b.sid });
    const list = await t.buyer.request<{ outboxEmails: { sid: string; subject: string; status: string }[] }>(
      'GET',
      '/v1/outboxEmails',
    );
    expect(list.body.outboxEmails.map((e) => e.subject.split(':')[0])).toEqual([b.uniqueName, a.uniqueName]);
    expect(list.body.outboxEmails[0].status).toBe('queued');
    const email = await t.buyer.request<{ textBody: string; htmlBody: string; headers: Record<string, string> }>(
      'GET',
      `/v1/outboxEmails/${list.body.outboxEmails[0].sid}`,
    );
    expect(email.body.textBody).toContain('#token=hidden&request=');
    expect(email.body.htmlBody).toContain('token=hidden');
    expect(email.body.textBody).not.toMatch(/token=vl_/);
    expect(email.body.headers['List-Unsubscribe']).toMatch(/^<https?:\/\/[^>]+\/v1\/emailOptOuts\/unsubscribe\?/);
    expect((await t.vendor.request('GET', '/v1/outboxEmails')).status).toBe(403);
  });

  it('opts out an address from the link in its email; the next request skips it and says why', async () => {
    const t = await createTenant();
    const a = await order(t, t.vendorName, ['2027-06-01']);
    await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: a.sid });
    const { db } = await server();
    const stored = await db
      .selectFrom('outboxEmails')
      .select(['textBody', 'htmlBody', 'toAddress', 'headers', 'updateRequestEmail'])
      .where('organizationSid', '=', t.organizationSid)
      .executeTakeFirstOrThrow();
    const page = /Unsubscribe: (\S+)/.exec(outboxBodies(stored).text)?.[1] ?? '';
    expect(new URL(page).pathname).toBe('/unsubscribe');
    const query = new URL(page).search;

    // Checking the link writes nothing; a tampered link is refused.
    const checked = await call<{ organizationName: string; email: string; optedOut: boolean }>(
      null,
      'GET',
      `/v1/emailOptOuts/unsubscribe${query}`,
    );
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ email: stored.toAddress.toLowerCase(), optedOut: false });
    const tampered = query.replace(/email=[^&]+/, 'email=someone.else%40example.com');
    const refused = await call<Failure>(null, 'POST', `/v1/emailOptOuts/unsubscribe${tampered}`);
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('signature');

    // One click, as a mail client sends it: a form body, no session.
    const { headers } = outboxBodies(stored);
    const oneClick = /^<(.+)>$/.exec(headers['List-Unsubscribe'])?.[1] ?? '';
    const clicked = await call<{ optedOut: boolean }>(
      null,
      'POST',
      `${new URL(oneClick).pathname}${new URL(oneClick).search}`,
      'List-Unsubscribe=One-Click',
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(clicked.status).toBe(200);
    expect(clicked.body.optedOut).toBe(true);

    const next = await t.buyer.request<{ updateRequests: UpdateRequest[] }>('POST', '/v1/updateRequests/now', {
      orderSid: a.sid,
    });
    expect(next.body.updateRequests[0]).toMatchObject({
      status: 'skipped',
      skipReason: `Everyone to ask at ${t.vendorName} has opted out of these emails.`,
    });
  });
});

describe('the development clock', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it("moves one organization's clock, runs the engine, and is refused in production", async () => {
    const t = await createTenant();
    const other = await createTenant();
    const a = await order(t, t.vendorName, [isoDay(Date.now() + 3 * DAY)]);
    const b = await order(other, other.vendorName, [isoDay(Date.now() + 3 * DAY)]);
    expect((await t.buyer.request('PUT', '/v1/devClock', { offsetDays: 7 })).status).toBe(403);
    const moved = await t.admin.request<{ offsetDays: number; now: string; run: { flagsRaised: number } }>(
      'PUT',
      '/v1/devClock',
      { offsetDays: 7 },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.offsetDays).toBe(7);
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(6.9 * DAY);
    expect(moved.body.run.flagsRaised).toBeGreaterThanOrEqual(1);
    const flags = async (tenant: Tenant, orderSid: string) =>
      (await tenant.buyer.request<{ flags: Flag[] }>('GET', `/v1/flags?orderSid=${orderSid}`)).body.flags.map(
        (f) => f.type,
      );
    expect(await flags(t, a.sid)).toContain('pastDue');
    // The other organization's clock did not move.
    await run(other);
    expect(await flags(other, b.sid)).toEqual([]);
    expect((await t.buyer.request<{ offsetDays: number }>('GET', '/v1/devClock')).body.offsetDays).toBe(7);

    process.env.NODE_ENV = 'production';
    const refused = await t.admin.request<Failure>('PUT', '/v1/devClock', { offsetDays: 0 });
    expect(refused.status).toBe(403);
    expect((await t.buyer.request<{ adjustable: boolean }>('GET', '/v1/devClock')).body.adjustable).toBe(false);
  });
});

describe('public holidays', () => {
  it("lists a country's and a state's holidays, and names the field of an unknown country", async () => {
    const t = await createTenant();
    const de = await t.buyer.request<{ holidays: { date: string; name: string }[] }>(
      'GET',
      '/v1/publicHolidays?country=DE&year=2027',
    );
    expect(de.body.holidays).toContainEqual({ date: '2027-10-03', name: 'Tag der Deutschen Einheit' });
    expect(de.body.holidays.map((h) => h.date)).not.toContain('2027-01-06');
    const bavaria = await t.buyer.request<{ holidays: { date: string }[] }>(
      'GET',
      '/v1/publicHolidays?country=DE-BY&year=2027',
    );
    expect(bavaria.body.holidays.map((h) => h.date)).toContain('2027-01-06');
    for (const country of ['ZZ', 'DE-ZZ', 'germany']) {
      const r = await t.buyer.request<Failure>('GET', `/v1/publicHolidays?country=${country}&year=2027`);
      expect(r.status, country).toBe(400);
      expect(r.body.field).toBe('country');
    }
  });
});
