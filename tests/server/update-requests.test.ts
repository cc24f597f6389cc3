// Update requests and update request configurations: creation, events,
// filters, sort order, optimistic concurrency, tenancy, vendors and bad input.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface UpdateRequest {
  sid: string;
  created: string;
  updated: string;
  itemGroupSid: string | null;
  organizationSid: string;
  note: string | null;
}
interface UpdateRequestConfig {
  sid: string;
  created: string;
  updated: string;
  itemGroupSid: string | null;
  organizationSid: string;
  startDate: string | null;
  nextUpdate: string | null;
  cadenceSid: string | null;
  attempts: number | null;
  lastAttempt: string | null;
  version: string;
}
interface Failure {
  code: string;
  field?: string;
  current?: UpdateRequestConfig;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function line(t: Tenant, vendorName = t.vendorName) {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    quantity: '5',
  });
  const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity: '5',
  });
  expect([order.status, item.status, group.status]).toEqual([201, 201, 201]);
  return { orderSid: order.body.sid, itemSid: item.body.sid, itemGroupSid: group.body.sid };
}

async function cadence(t: Tenant): Promise<string> {
  const { db } = await server();
  const sid = newSid('CA');
  const now = new Date();
  await db
    .insertInto('cadences')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      delaySeconds: 86400,
      unresponsiveAfterBusinessDays: 3,
      maxAttempts: 5,
      messageType: 'email',
      title: 'Daily',
    })
    .execute();
  return sid;
}

async function countRows(table: 'updateRequests' | 'updateRequestConfigs', organizationSid: string) {
  const { db } = await server();
  return (await db.selectFrom(table).select('sid').where('organizationSid', '=', organizationSid).execute()).length;
}

describe('update requests', () => {
  it('creates an update request and records it on the item group', async () => {
    const t = await createTenant();
    const l = await line(t);
    const r = await t.buyer.request<UpdateRequest>('POST', '/v1/updateRequests', {
      itemGroupSid: l.itemGroupSid,
      note: 'Any news on the ship date?',
    });
    expect(r.status).toBe(201);
    expect(r.body.sid).toMatch(/^UR[0-9a-z]{28}$/);
    expect(r.body).toMatchObject({
      itemGroupSid: l.itemGroupSid,
      organizationSid: t.organizationSid,
      note: 'Any news on the ship date?',
    });
    const { db } = await server();
    const stored = await db
      .selectFrom('updateRequests')
      .selectAll()
      .where('sid', '=', r.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.note).toBe('Any news on the ship date?');
    const events = await t.buyer.request<
      Page<'itemGroupEvents', { eventType: string; orderSid: string; itemSid: string; event: { after: unknown } }>
    >('GET', `/v1/itemGroups/${l.itemGroupSid}/events`);
    const created = events.body.itemGroupEvents.find((e) => e.eventType === 'updateRequest.created');
    expect(created?.orderSid).toBe(l.orderSid);
    expect(created?.itemSid).toBe(l.itemSid);
    expect(created?.event.after).toEqual(r.body);

    const noNote = await t.buyer.request<UpdateRequest>('POST', '/v1/updateRequests', { itemGroupSid: l.itemGroupSid });
    expect(noNote.status).toBe(201);
    expect(noNote.body.note).toBeNull();
  });

  it('lists with the itemGroupSid filter, both sort orders and pages', async () => {
    const t = await createTenant();
    const a = await line(t);
    const b = await line(t);
    for (const [g, note] of [
      [a, 'a1'],
      [b, 'b1'],
      [a, 'a2'],
      [a, 'a3'],
    ] as const) {
      const r = await t.buyer.request<UpdateRequest>('POST', '/v1/updateRequests', {
        itemGroupSid: g.itemGroupSid,
        note,
      });
      expect(r.status).toBe(201);
      // Distinct creation times, so the order does not rest on random sids.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const notes = async (query: string) => {
      const r = await t.buyer.request<Page<'updateRequests', UpdateRequest>>('GET', `/v1/updateRequests${query}`);
      expect(r.status, query).toBe(200);
      return { notes: r.body.updateRequests.map((u) => u.note), page: r.body.page };
    };
    expect((await notes('')).notes).toEqual(['a1', 'b1', 'a2', 'a3']);
    expect((await notes('?sortOrder=Asc')).notes).toEqual(['a1', 'b1', 'a2', 'a3']);
    expect((await notes('?sortOrder=Desc')).notes).toEqual(['a3', 'a2', 'b1', 'a1']);
    expect((await notes(`?itemGroupSid=${a.itemGroupSid}`)).notes).toEqual(['a1', 'a2', 'a3']);
    expect((await notes(`?itemGroupSid=${a.itemGroupSid}&sortOrder=Desc`)).notes).toEqual(['a3', 'a2', 'a1']);
    expect((await notes(`?organizationSid=${t.organizationSid}`)).notes).toHaveLength(4);
    expect((await notes(`?organizationSid=${newSid('OG')}`)).notes).toEqual([]);

    // Newest first, two at a time, forward and back.
    const first = await notes('?sortOrder=Desc&pageSize=2');
    expect(first.notes).toEqual(['a3', 'a2']);
    expect(first.page.previousPageToken).toBeNull();
    const second = await notes(`?sortOrder=Desc&pageSize=2&pageToken=${first.page.nextPageToken}`);
    expect(second.notes).toEqual(['b1', 'a1']);
    expect(second.page.nextPageToken).toBeNull();
    const back = await notes(`?sortOrder=Desc&pageSize=2&pageToken=${second.page.previousPageToken}`);
    expect(back.notes).toEqual(['a3', 'a2']);
    expect(back.page.previousPageToken).toBeNull();

    const bad = await t.buyer.request<Failure>('GET', '/v1/updateRequests?sortOrder=Sideways');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('sortOrder');
  });

  it('refuses an item group of another organization with 400 and writes nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const theirs = await line(b);
    const cases: [unknown, string][] = [
      [{ itemGroupSid: theirs.itemGroupSid }, 'itemGroupSid'],
      [{ itemGroupSid: newSid('IG') }, 'itemGroupSid'],
      [{ note: 'no group' }, 'itemGroupSid'],
      [{ itemGroupSid: theirs.itemGroupSid, note: 5 }, 'note'],
      [{ itemGroupSid: theirs.itemGroupSid, urgent: true }, 'urgent'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<Failure>('POST', '/v1/updateRequests', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    expect(await countRows('updateRequests', a.organizationSid)).toBe(0);
    expect(await countRows('updateRequests', b.organizationSid)).toBe(0);
  });

  it('lets a vendor list the requests on its own lines, never create one', async () => {
    const t = await createTenant();
    const mine = await line(t, t.vendorName);
    const theirs = await line(t, t.otherVendorName);
    const onMine = await t.buyer.request<UpdateRequest>('POST', '/v1/updateRequests', {
      itemGroupSid: mine.itemGroupSid,
    });
    await t.buyer.request('POST', '/v1/updateRequests', { itemGroupSid: theirs.itemGroupSid });
    const list = await t.vendor.request<Page<'updateRequests', UpdateRequest>>('GET', '/v1/updateRequests');
    expect(list.body.updateRequests.map((u) => u.sid)).toEqual([onMine.body.sid]);
    const create = await t.vendor.request('POST', '/v1/updateRequests', { itemGroupSid: mine.itemGroupSid });
    expect(create.status).toBe(403);
    expect(await countRows('updateRequests', t.organizationSid)).toBe(2);
  });
});

describe('update request configs', () => {
  it('creates a config and reads it by its sid or its item group’s sid', async () => {
    const t = await createTenant();
    const l = await line(t);
    const cadenceSid = await cadence(t);
    const r = await t.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
      itemGroupSid: l.itemGroupSid,
      nextUpdate: '2027-01-05T09:00:00Z',
      startDate: '2027-01-01T09:00:00+00:00',
      cadenceSid,
    });
    expect(r.status).toBe(201);
    expect(r.body.sid).toMatch(/^UC[0-9a-z]{28}$/);
    expect(r.body).toMatchObject({
      itemGroupSid: l.itemGroupSid,
      organizationSid: t.organizationSid,
      nextUpdate: '2027-01-05T09:00:00.000Z',
      startDate: '2027-01-01T09:00:00.000Z',
      cadenceSid,
      attempts: 0,
      lastAttempt: null,
      version: '1',
    });
    const bySid = await t.buyer.request<UpdateRequestConfig>('GET', `/v1/updateRequestConfigs/${r.body.sid}`);
    expect(bySid.body).toEqual(r.body);
    const byGroup = await t.buyer.request<UpdateRequestConfig>('GET', `/v1/updateRequestConfigs/${l.itemGroupSid}`);
    expect(byGroup.body).toEqual(r.body);

    const again = await t.buyer.request<Failure>('POST', '/v1/updateRequestConfigs', {
      itemGroupSid: l.itemGroupSid,
      nextUpdate: '2027-02-05T09:00:00Z',
    });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('itemGroupSid');
    expect(await countRows('updateRequestConfigs', t.organizationSid)).toBe(1);
  });

  it('lists with the nextUpdateOnOrBefore, cadenceSid and vendorSid filters', async () => {
    const t = await createTenant();
    const mine = await line(t, t.vendorName);
    const theirs = await line(t, t.otherVendorName);
    const cadenceSid = await cadence(t);
    const early = await t.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
      itemGroupSid: mine.itemGroupSid,
      nextUpdate: '2027-01-05T09:00:00Z',
      cadenceSid,
    });
    const late = await t.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
      itemGroupSid: theirs.itemGroupSid,
      nextUpdate: '2027-03-05T09:00:00Z',
    });
    const list = async (query: string) => {
      const r = await t.buyer.request<Page<'updateRequestConfigs', UpdateRequestConfig>>(
        'GET',
        `/v1/updateRequestConfigs${query}`,
      );
      expect(r.status, query).toBe(200);
      return r.body.updateRequestConfigs.map((u) => u.sid);
    };
    expect(await list('')).toEqual([early.body.sid, late.body.sid]);
    expect(await list('?nextUpdateOnOrBefore=2027-01-05T09:00:00Z')).toEqual([early.body.sid]);
    expect(await list('?nextUpdateOnOrBefore=2027-01-05T08:59:59Z')).toEqual([]);
    expect(await list('?nextUpdateOnOrBefore=2028-01-01T00:00:00Z')).toEqual([early.body.sid, late.body.sid]);
    expect(await list(`?cadenceSid=${cadenceSid}`)).toEqual([early.body.sid]);
    expect(await list(`?vendorSid=${t.otherVendorSid}`)).toEqual([late.body.sid]);
    expect(await list(`?vendorSid=${t.vendorSid}&cadenceSid=${cadenceSid}`)).toEqual([early.body.sid]);
    const bad = await t.buyer.request<Failure>('GET', '/v1/updateRequestConfigs?nextUpdateOnOrBefore=soon');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('nextUpdateOnOrBefore');
  });

  it('updates with the current version, counts attempts and resets them with a new cadence', async () => {
    const t = await createTenant();
    const l = await line(t);
    const first = await cadence(t);
    const second = await cadence(t);
    const config = (
      await t.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
        itemGroupSid: l.itemGroupSid,
        nextUpdate: '2027-01-05T09:00:00Z',
        cadenceSid: first,
      })
    ).body;
    const attempt = await t.buyer.request<UpdateRequestConfig>('PATCH', `/v1/updateRequestConfigs/${config.sid}`, {
      currentVersion: '1',
      incrementAttempts: true,
      nextUpdate: '2027-01-06T09:00:00Z',
    });
    expect(attempt.status).toBe(200);
    expect(attempt.body).toMatchObject({ version: '2', attempts: 1, nextUpdate: '2027-01-06T09:00:00.000Z' });
    expect(attempt.body.lastAttempt).not.toBeNull();
    const twice = await t.buyer.request<UpdateRequestConfig>('PATCH', `/v1/updateRequestConfigs/${config.sid}`, {
      currentVersion: '2',
      incrementAttempts: true,
    });
    expect(twice.body).toMatchObject({ version: '3', attempts: 2 });

    const switched = await t.buyer.request<UpdateRequestConfig>('PATCH', `/v1/updateRequestConfigs/${config.sid}`, {
      currentVersion: '3',
      cadenceSid: second,
      startDate: '2027-01-10T00:00:00Z',
    });
    expect(switched.body).toMatchObject({
      version: '4',
      cadenceSid: second,
      attempts: 0,
      lastAttempt: null,
      startDate: '2027-01-10T00:00:00.000Z',
      nextUpdate: '2027-01-06T09:00:00.000Z',
    });
    const cleared = await t.buyer.request<UpdateRequestConfig>('PATCH', `/v1/updateRequestConfigs/${config.sid}`, {
      currentVersion: '4',
      cadenceSid: null,
      startDate: null,
    });
    expect(cleared.body).toMatchObject({ version: '5', cadenceSid: null, startDate: null });

    const { db } = await server();
    const stored = await db
      .selectFrom('updateRequestConfigs')
      .selectAll()
      .where('sid', '=', config.sid)
      .executeTakeFirstOrThrow();
    expect(stored.version).toBe(5);
    expect(stored.cadenceSid).toBeNull();
  });

  it('refuses a stale version with 409 version_conflict and the current record', async () => {
    const t = await createTenant();
    const l = await line(t);
    const config = (
      await t.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
        itemGroupSid: l.itemGroupSid,
        nextUpdate: '2027-01-05T09:00:00Z',
      })
    ).body;
    await t.buyer.request('PATCH', `/v1/updateRequestConfigs/${config.sid}`, {
      currentVersion: '1',
      nextUpdate: '2027-01-07T09:00:00Z',
    });
    const stale = await t.buyer.request<Failure>('PATCH', `/v1/updateRequestConfigs/${config.sid}`, {
      currentVersion: '1',
      nextUpdate: '2027-01-09T09:00:00Z',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(stale.body.current?.version).toBe('2');
    expect(stale.body.current?.nextUpdate).toBe('2027-01-07T09:00:00.000Z');
    const now = await t.buyer.request<UpdateRequestConfig>('GET', `/v1/updateRequestConfigs/${config.sid}`);
    expect(now.body.nextUpdate).toBe('2027-01-07T09:00:00.000Z');
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const mine = await line(a);
    const theirs = await line(b);
    const theirCadence = await cadence(b);
    const creates: [unknown, string][] = [
      [{ itemGroupSid: theirs.itemGroupSid, nextUpdate: '2027-01-05T09:00:00Z' }, 'itemGroupSid'],
      [{ itemGroupSid: mine.itemGroupSid, nextUpdate: '2027-01-05T09:00:00Z', cadenceSid: theirCadence }, 'cadenceSid'],
      [{ itemGroupSid: mine.itemGroupSid }, 'nextUpdate'],
      [{ itemGroupSid: mine.itemGroupSid, nextUpdate: '5 January' }, 'nextUpdate'],
      [{ itemGroupSid: mine.itemGroupSid, nextUpdate: '2027-01-05T09:00:00Z', startDate: 7 }, 'startDate'],
    ];
    for (const [body, field] of creates) {
      const r = await a.buyer.request<Failure>('POST', '/v1/updateRequestConfigs', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await countRows('updateRequestConfigs', a.organizationSid)).toBe(0);

    const config = (
      await a.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
        itemGroupSid: mine.itemGroupSid,
        nextUpdate: '2027-01-05T09:00:00Z',
      })
    ).body;
    const updates: [unknown, string][] = [
      [{ nextUpdate: '2027-01-06T09:00:00Z' }, 'currentVersion'],
      [{ currentVersion: 'one' }, 'currentVersion'],
      [{ currentVersion: 1 }, 'currentVersion'],
      [{ currentVersion: '1', nextUpdate: null }, 'nextUpdate'],
      [{ currentVersion: '1', cadenceSid: theirCadence }, 'cadenceSid'],
      [{ currentVersion: '1', incrementAttempts: 'yes' }, 'incrementAttempts'],
      [{ currentVersion: '1', attempts: 3 }, 'attempts'],
    ];
    for (const [body, field] of updates) {
      const r = await a.buyer.request<Failure>('PATCH', `/v1/updateRequestConfigs/${config.sid}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const after = await a.buyer.request<UpdateRequestConfig>('GET', `/v1/updateRequestConfigs/${config.sid}`);
    expect(after.body).toEqual(config);
  });

  it('answers another organization 404 and a vendor 403', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const l = await line(a);
    const config = (
      await a.buyer.request<UpdateRequestConfig>('POST', '/v1/updateRequestConfigs', {
        itemGroupSid: l.itemGroupSid,
        nextUpdate: '2027-01-05T09:00:00Z',
      })
    ).body;
    expect((await b.admin.request('GET', `/v1/updateRequestConfigs/${config.sid}`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/updateRequestConfigs/${l.itemGroupSid}`)).status).toBe(404);
    expect(
      (await b.admin.request('PATCH', `/v1/updateRequestConfigs/${config.sid}`, { currentVersion: '1' })).status,
    ).toBe(404);
    const list = await b.admin.request<Page<'updateRequestConfigs', UpdateRequestConfig>>(
      'GET',
      '/v1/updateRequestConfigs',
    );
    expect(list.body.updateRequestConfigs).toEqual([]);
    expect((await a.vendor.request('GET', '/v1/updateRequestConfigs')).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/updateRequestConfigs/${config.sid}`)).status).toBe(403);
    expect(
      (await a.vendor.request('PATCH', `/v1/updateRequestConfigs/${config.sid}`, { currentVersion: '1' })).status,
    ).toBe(403);
    expect(
      (
        await a.vendor.request('POST', '/v1/updateRequestConfigs', {
          itemGroupSid: l.itemGroupSid,
          nextUpdate: '2027-01-05T09:00:00Z',
        })
      ).status,
    ).toBe(403);
    const stored = await a.buyer.request<UpdateRequestConfig>('GET', `/v1/updateRequestConfigs/${config.sid}`);
    expect(stored.body.version).toBe('1');
  });
});
