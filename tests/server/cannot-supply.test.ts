// A vendor that cannot supply a line says so, with its reason, through the
// API the portal calls: the line stops being confirmed, the answer resets the
// follow-up like any answer, a Cannot Supply flag is raised (and told to the
// order's tracking members), and it all stands until the vendor confirms or
// gives a date, someone withdraws it, or the line is closed. Bad input is
// refused naming its field, with nothing written.
import { describe, expect, it } from 'vitest';
import { calendar, localTime } from '../../server/domain/follow-up/calendar.ts';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine, type MadeLine } from './support/lines.ts';

const utc = calendar('UTC');
const monday = localTime('2026-12-07', 9, utc);

interface ItemGroup {
  sid: string;
  version: number;
  confirmed: boolean;
  cannotSupply: boolean;
  cannotSupplyReason: string | null;
  shipDate: string | null;
  status: string;
}

async function line(t: Tenant): Promise<ItemGroup & MadeLine> {
  const group = await makeLine<ItemGroup>(t, { prefix: 'CS' });
  expect(group).toMatchObject({ cannotSupply: false, cannotSupplyReason: null });
  return group;
}

async function flagsOf(t: Tenant, sid: string) {
  const { db } = await server();
  return db
    .selectFrom('flags')
    .select(['sid', 'type', 'status', 'message', 'note', 'eventSid'])
    .where('organizationSid', '=', t.organizationSid)
    .where('itemGroupSid', '=', sid)
    .where('type', '=', 'cannotSupply')
    .orderBy('created')
    .execute();
}

async function stored(sid: string) {
  const { db } = await server();
  return db.selectFrom('itemGroups').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
}

const run = async (t: Tenant, now: Date) =>
  runFollowUp((await server()).db, { now, publicUrl: 'https://factor.example', organizationSid: t.organizationSid });

describe('a vendor that cannot supply a line', () => {
  it('says so with a reason: not confirmed, an answer, a Cannot Supply flag with its event, told to the trackers', async () => {
    const t = await createTenant('CannotSupply');
    const g = await line(t);
    await t.buyer.request('POST', '/v1/orderMembers', {
      orderSid: g.orderSid,
      memberSid: t.buyer.userSid,
      type: 'tracking',
    });
    await run(t, monday);
    const { db } = await server();
    const asked = await db
      .selectFrom('cadenceTrackers')
      .selectAll()
      .where('referenceSid', '=', g.sid)
      .executeTakeFirstOrThrow();
    expect(asked.attempts).toBe(1);
    const confirmed = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      confirmed: true,
      version: g.version,
    });
    expect(confirmed.body.confirmed).toBe(true);
    await run(t, localTime('2027-03-01', 9, utc));

    const said = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      cannotSupply: true,
      cannotSupplyReason: '  Part discontinued by the manufacturer  ',
      version: confirmed.body.version,
    });
    expect(said.status, JSON.stringify(said.body)).toBe(200);
    expect(said.body).toMatchObject({
      cannotSupply: true,
      cannotSupplyReason: 'Part discontinued by the manufacturer',
      confirmed: false,
    });
    // An answer: the tracker starts again, no reminder owed, the request answered.
    const tracker = await db
      .selectFrom('cadenceTrackers')
      .selectAll()
      .where('referenceSid', '=', g.sid)
      .executeTakeFirstOrThrow();
    expect(tracker.attempts).toBe(0);
    expect(tracker.reminderAt).toBeNull();
    const requests = await db
      .selectFrom('updateRequests')
      .select('status')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.status === 'answered')).toBe(true);

    const [flag] = await flagsOf(t, g.sid);
    expect(flag).toMatchObject({
      type: 'cannotSupply',
      status: 'open',
      message: 'The vendor cannot supply it: Part discontinued by the manufacturer',
    });
    const raised = await db
      .selectFrom('events')
      .select(['eventType', 'actorSid'])
      .where('sid', '=', flag.eventSid ?? '')
      .executeTakeFirst();
    expect(raised?.eventType).toBe('flag.raised');
    const changes = await db
      .selectFrom('events')
      .select(['actorSid', 'before', 'after'])
      .where('itemGroupSid', '=', g.sid)
      .where('eventType', '=', 'itemGroup.updated')
      .orderBy('eventTime')
      .execute();
    expect(changes.at(-1)).toMatchObject({
      actorSid: t.vendor.userSid,
      before: { cannotSupply: false, confirmed: true },
      after: { cannotSupply: true, cannotSupplyReason: 'Part discontinued by the manufacturer', confirmed: false },
    });
    const notices = await db
      .selectFrom('outboxEmails')
      .select(['subject', 'textBody'])
      .where('organizationSid', '=', t.organizationSid)
      .where('kind', '=', 'flagNotice')
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0].textBody).toContain('Cannot supply');
    expect(notices[0].textBody).toContain('Part discontinued by the manufacturer');

    // The next runs keep the flag open while the statement stands.
    await run(t, localTime('2027-03-02', 9, utc));
    expect((await flagsOf(t, g.sid)).map((f) => f.status)).toEqual(['open']);
    // The buyer sees it on the line.
    const seen = await t.buyer.request<ItemGroup>('GET', `/v1/itemGroups/${g.sid}`);
    expect(seen.body).toMatchObject({
      cannotSupply: true,
      cannotSupplyReason: 'Part discontinued by the manufacturer',
    });
  });

  it('is withdrawn by a confirmation, a new date from the vendor, or cannotSupply: false, and the flag resolves', async () => {
    const t = await createTenant('CannotSupplyWithdrawn');
    const say = async (g: { sid: string; version: number }) => {
      const r = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
        cannotSupply: true,
        cannotSupplyReason: 'No capacity this quarter',
        version: g.version,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const answers: Record<string, (g: ItemGroup) => Promise<ItemGroup>> = {
      confirmation: async (g) =>
        (await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, { confirmed: true, version: g.version }))
          .body,
      'new ship date': async (g) =>
        (
          await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
            shipDate: '2030-05-20',
            version: g.version,
          })
        ).body,
      "buyer's withdrawal": async (g) =>
        (
          await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
            cannotSupply: false,
            version: g.version,
          })
        ).body,
    };
    for (const [name, answer] of Object.entries(answers)) {
      const g = await say(await line(t));
      const after = await answer(g);
      expect(after, name).toMatchObject({ cannotSupply: false, cannotSupplyReason: null });
      const flags = await flagsOf(t, g.sid);
      expect(
        flags.map((f) => f.status),
        name,
      ).toEqual(['resolved']);
      expect(flags[0].note, name).toBe('The vendor can supply it after all');
    }

    // A buyer's change of the due date does not answer for the vendor: the statement stands.
    const g = await say(await line(t));
    const moved = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      dueDate: '2030-07-01',
      version: g.version,
    });
    expect(moved.body).toMatchObject({ cannotSupply: true, cannotSupplyReason: 'No capacity this quarter' });
    // Canceling the line closes it.
    await t.buyer.request('PATCH', `/v1/itemGroups/${g.sid}`, { status: 'canceled', version: moved.body.version });
    const flags = await flagsOf(t, g.sid);
    expect(flags.map((f) => [f.status, f.note])).toEqual([['resolved', 'Canceled']]);
  });

  it('keeps a dismissal while the same reason stands, and raises again for a new reason', async () => {
    const t = await createTenant('CannotSupplyDismissed');
    const g = await line(t);
    const said = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      cannotSupply: true,
      cannotSupplyReason: 'Out of stock',
      version: g.version,
    });
    const [flag] = await flagsOf(t, g.sid);
    const dismissed = await t.buyer.request('POST', '/v1/flags/bulkUpdate', {
      sids: [flag.sid],
      status: 'dismissed',
      note: 'We buy it elsewhere',
    });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    await run(t, monday);
    expect((await flagsOf(t, g.sid)).map((f) => f.status)).toEqual(['dismissed']);
    // The same reason again changes nothing; a new one raises it again.
    const again = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      cannotSupply: true,
      cannotSupplyReason: 'Out of stock',
      version: said.body.version,
    });
    expect((await flagsOf(t, g.sid)).filter((f) => f.status === 'open')).toHaveLength(0);
    await t.vendor.request('PATCH', `/v1/itemGroups/${g.sid}`, {
      cannotSupply: true,
      cannotSupplyReason: 'The plant burned down',
      version: again.body.version,
    });
    const open = (await flagsOf(t, g.sid)).filter((f) => f.status === 'open');
    expect(open.map((f) => f.message)).toEqual(['The vendor cannot supply it: The plant burned down']);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const t = await createTenant('CannotSupplyRefused');
    const g = await line(t);
    const second = await line(t);
    const refused: [string, Record<string, unknown>, string][] = [
      ['no reason', { cannotSupply: true }, 'cannotSupplyReason'],
      ['a blank reason', { cannotSupply: true, cannotSupplyReason: '   ' }, 'cannotSupplyReason'],
      ['with a confirmation', { cannotSupply: true, cannotSupplyReason: 'x', confirmed: true }, 'confirmed'],
      ['a reason alone', { cannotSupplyReason: 'Out of stock' }, 'cannotSupplyReason'],
      ['null', { cannotSupply: null }, 'cannotSupply'],
      ['a reason too long', { cannotSupply: true, cannotSupplyReason: 'x'.repeat(2001) }, 'cannotSupplyReason'],
    ];
    for (const [name, body, field] of refused) {
      const r = await t.vendor.request<{ code: string; message: string; field?: string }>(
        'PATCH',
        `/v1/itemGroups/${g.sid}`,
        {
          ...body,
          version: g.version,
        },
      );
      expect(r.status, name).toBe(400);
      expect(r.body.code, name).toBeTruthy();
      expect(`${r.body.field ?? ''} ${r.body.message}`, name).toContain(field);
    }
    // In a bulk update, one bad line refuses the whole batch.
    const bulk = await t.vendor.request<{ message: string; field?: string }>('PATCH', '/v1/itemGroups/bulk', [
      { sid: second.sid, version: second.version, cannotSupply: true, cannotSupplyReason: 'Out of stock' },
      { sid: g.sid, version: g.version, cannotSupply: true },
    ]);
    expect(bulk.status).toBe(400);
    expect(`${bulk.body.field ?? ''} ${bulk.body.message}`).toContain('cannotSupplyReason');
    for (const sid of [g.sid, second.sid]) {
      const row = await stored(sid);
      expect(row).toMatchObject({ cannotSupply: false, cannotSupplyReason: null, version: g.version });
      expect(await flagsOf(t, sid)).toEqual([]);
    }
    // Another vendor's line is not there for this vendor.
    const other = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: `PO-CS-OTHER-${Date.now().toString(36)}`,
      vendorSid: t.otherVendorSid,
    });
    const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
      orderSid: other.body.sid,
      uniqueName: '10',
      quantity: '1',
    });
    const theirs = await t.buyer.request<ItemGroup>('POST', '/v1/itemGroups', {
      itemSid: item.body.sid,
      quantity: '1',
    });
    const foreign = await t.vendor.request('PATCH', `/v1/itemGroups/${theirs.body.sid}`, {
      cannotSupply: true,
      cannotSupplyReason: 'Out of stock',
    });
    expect(foreign.status).toBe(404);
    expect((await stored(theirs.body.sid)).cannotSupply).toBe(false);
  });
});
