// New Delay and Unresponsive Vendor flags are told to the members tracking
// their order, by email through the outbox, on the real app and database: one
// email per tracking member (not the updating members, not an opted-out
// address), listing the order's new flags, written once; a Past Due flag is
// told to no one.
import { describe, expect, it } from 'vitest';
import { calendar, localTime } from '../../server/domain/follow-up/calendar.ts';
import { newSid } from '../../server/domain/sid.ts';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { addUser, createTenant, server, type Tenant } from './support/harness.ts';
import { setUnresponsiveAfter } from './support/settings.ts';

const utc = calendar('UTC');
const monday = localTime('2026-12-07', 9, utc);
const PUBLIC_URL = 'https://factor.example';

interface ItemGroup {
  sid: string;
  version: number;
}

let counter = 0;

/** An order of the tenant's vendor with one line (10) due on `dueDate`. */
async function order(t: Tenant, dueDate: string) {
  const created = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-N-${String(counter++)}-${Date.now().toString(36)}`,
    vendorSid: t.vendorSid,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: created.body.sid,
    uniqueName: '10',
    quantity: '40',
    manufacturerPartNumber: 'BRK-2040',
  });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  const group = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity: '40',
    dueDate,
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  return { sid: created.body.sid, uniqueName: created.body.uniqueName, group: group.body };
}

async function addMember(t: Tenant, orderSid: string, memberSid: string, type: 'tracking' | 'updating') {
  const r = await t.buyer.request('POST', '/v1/orderMembers', { orderSid, memberSid, type });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function emailOf(userSid: string): Promise<string> {
  const { db } = await server();
  const row = await db.selectFrom('users').select('email').where('sid', '=', userSid).executeTakeFirstOrThrow();
  return row.email;
}

/**
 * The order's members: the buyer and a second buyer track it, the admin
 * tracks it under an address in capitals that is opted out in lower case, and
 * the vendor user and a third buyer update it. Returns the addresses that
 * should be told, sorted.
 */
async function members(t: Tenant, orderSid: string): Promise<string[]> {
  const { db } = await server();
  const second = await addUser(t, 'buyer');
  const updating = await addUser(t, 'buyer');
  await addMember(t, orderSid, t.buyer.userSid, 'tracking');
  await addMember(t, orderSid, second.userSid, 'tracking');
  await addMember(t, orderSid, t.admin.userSid, 'tracking');
  await addMember(t, orderSid, t.vendor.userSid, 'updating');
  await addMember(t, orderSid, updating.userSid, 'updating');
  const admin = await emailOf(t.admin.userSid);
  await db.updateTable('users').set({ email: admin.toUpperCase() }).where('sid', '=', t.admin.userSid).execute();
  const now = new Date();
  await db
    .insertInto('emailOptOuts')
    .values({ sid: newSid('EO'), organizationSid: t.organizationSid, created: now, updated: now, email: admin })
    .execute();
  return [await emailOf(t.buyer.userSid), await emailOf(second.userSid)].sort();
}

async function notices(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('outboxEmails')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .where('kind', '=', 'flagNotice')
    .orderBy('toAddress')
    .execute();
}

async function flagsOf(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('flags')
    .select(['type', 'status', 'message'])
    .where('organizationSid', '=', t.organizationSid)
    .orderBy('created')
    .execute();
}

const run = async (t: Tenant, now: Date) =>
  runFollowUp((await server()).db, { now, publicUrl: PUBLIC_URL, organizationSid: t.organizationSid });

describe('flag notices', () => {
  it("tells each tracking member of a New Delay the vendor's later promise raises, once", async () => {
    const t = await createTenant('Notices');
    const o = await order(t, '2030-06-01');
    const told = await members(t, o.sid);

    const late = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${o.group.sid}`, {
      shipDate: '2030-06-11',
      version: o.group.version,
    });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    const [flag] = await flagsOf(t);
    expect(flag).toMatchObject({ type: 'newDelay', status: 'open' });

    const emails = await notices(t);
    expect(emails.map((e) => e.toAddress)).toEqual(told);
    const [email] = emails;
    expect(email).toMatchObject({
      kind: 'flagNotice',
      status: 'pending',
      updateRequestSid: null,
      subject: `${o.uniqueName}: New delay on 1 line`,
    });
    expect(email.textBody).toContain('New delay\n  Line:    Line 10\n  Part:    BRK-2040\n');
    expect(email.textBody).toContain(`Details: ${flag.message ?? ''}`);
    expect(email.textBody).toContain(t.vendorName);
    expect(email.htmlBody).toContain('>Line 10</td>');
    // The app's links at the origin the request came to (no public URL is configured in tests).
    expect(email.textBody).toContain(`/orders/${o.sid}\n`);
    expect(email.textBody).toContain(`/flags?orderSid=${o.sid}\n`);
    const headers = (typeof email.headers === 'string' ? JSON.parse(email.headers) : email.headers) as Record<
      string,
      string
    >;
    expect(headers['List-Unsubscribe']).toMatch(/^<https?:\/\/[^>]+\/v1\/emailOptOuts\/unsubscribe\?/);
    expect(headers['List-Unsubscribe']).toContain(encodeURIComponent(email.toAddress));

    // The flag stands: a later promise again, the next runs, tell no one again.
    await t.vendor.request('PATCH', `/v1/itemGroups/${o.group.sid}`, {
      shipDate: '2030-06-20',
      version: late.body.version,
    });
    await run(t, monday);
    await run(t, localTime('2026-12-08', 9, utc));
    expect(await notices(t)).toHaveLength(2);
    expect((await flagsOf(t)).filter((f) => f.type === 'newDelay')).toHaveLength(1);
  });

  it('tells each tracking member of an Unresponsive Vendor a run raises, with links to the app, once', async () => {
    const t = await createTenant('Notices');
    await setUnresponsiveAfter(t, 2);
    const o = await order(t, '2030-06-01');
    const told = await members(t, o.sid);
    await run(t, monday);
    expect(await notices(t)).toEqual([]);

    const raised = await run(t, localTime('2026-12-09', 9, utc));
    expect(raised).toMatchObject({ flagsRaised: 1, flagNotices: 2 });
    expect((await flagsOf(t)).map((f) => f.type)).toEqual(['unresponsiveVendor']);
    const emails = await notices(t);
    expect(emails.map((e) => e.toAddress)).toEqual(told);
    expect(emails[0].subject).toBe(`${o.uniqueName}: Unresponsive vendor on 1 line`);
    expect(emails[0].textBody).toContain('Unresponsive vendor\n  Line:    Line 10\n');
    expect(emails[0].textBody).toContain(`Open the order:\n${PUBLIC_URL}/orders/${o.sid}\n`);
    expect(emails[0].textBody).toContain(`See its flags:\n${PUBLIC_URL}/flags?orderSid=${o.sid}\n`);
    expect(emails[0].htmlBody).toContain(`href="${PUBLIC_URL}/orders/${o.sid}"`);
    expect(emails[0].textBody).toContain(`Unsubscribe: ${PUBLIC_URL}/unsubscribe?`);

    expect(await run(t, localTime('2026-12-10', 9, utc))).toMatchObject({ flagsRaised: 0, flagNotices: 0 });
    expect(await notices(t)).toHaveLength(2);
  });

  it('tells a member of each order once, listing all its flags, when a run raises flags on several orders', async () => {
    const t = await createTenant('Notices');
    await setUnresponsiveAfter(t, 2);
    const orders = [await order(t, '2030-06-01'), await order(t, '2030-06-01'), await order(t, '2030-06-01')];
    // The first order has a second line: its two flags are told in one email, whichever part of the run writes them.
    const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
      orderSid: orders[0].sid,
      uniqueName: '20',
      quantity: '5',
      manufacturerPartNumber: 'BRK-2041',
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const second = await t.buyer.request('POST', '/v1/itemGroups', {
      itemSid: item.body.sid,
      quantity: '5',
      dueDate: '2030-06-01',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    for (const o of orders) await addMember(t, o.sid, t.buyer.userSid, 'tracking');
    await run(t, monday);
    expect(await run(t, localTime('2026-12-09', 9, utc))).toMatchObject({ flagsRaised: 4, flagNotices: 3 });
    const subjects = (await notices(t)).map((e) => e.subject).sort();
    expect(subjects).toEqual(
      [
        `${orders[0].uniqueName}: Unresponsive vendor on 2 lines`,
        `${orders[1].uniqueName}: Unresponsive vendor on 1 line`,
        `${orders[2].uniqueName}: Unresponsive vendor on 1 line`,
      ].sort(),
    );
  });

  it('tells no one of a Past Due flag', async () => {
    const t = await createTenant('Notices');
    const o = await order(t, '2026-12-01');
    await members(t, o.sid);
    const first = await run(t, monday);
    expect(first).toMatchObject({ flagsRaised: 1, flagNotices: 0 });
    expect((await flagsOf(t)).map((f) => f.type)).toEqual(['pastDue']);
    expect(await notices(t)).toEqual([]);
  });

  it('tells no one when the order has no tracking member', async () => {
    const t = await createTenant('Notices');
    const o = await order(t, '2030-06-01');
    await addMember(t, o.sid, t.vendor.userSid, 'updating');
    const late = await t.vendor.request('PATCH', `/v1/itemGroups/${o.group.sid}`, {
      shipDate: '2030-06-11',
      version: o.group.version,
    });
    expect(late.status).toBe(200);
    expect((await flagsOf(t)).map((f) => f.type)).toEqual(['newDelay']);
    expect(await notices(t)).toEqual([]);
  });
});
