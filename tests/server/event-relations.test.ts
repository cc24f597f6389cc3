// Event relations: create, read, list with filters and sort order, delete,
// tenancy, vendors and bad input.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface EventRelation {
  sid: string;
  created: string;
  updated: string;
  version: string;
  organizationSid: string;
  eventSid: string | null;
  eventType: string | null;
  relation: string | null;
}
interface Failure {
  code: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

/** The sid and type of a history event in the tenant: an order's creation. */
async function anEvent(t: Tenant): Promise<{ sid: string; eventType: string }> {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName: t.vendorName,
  });
  const events = await t.buyer.request<Page<'orderEvents', { sid: string; eventType: string }>>(
    'GET',
    `/v1/orders/${order.body.sid}/events`,
  );
  const event = events.body.orderEvents[0];
  expect(event.eventType).toBe('order.created');
  return event;
}

async function relationCount(organizationSid: string): Promise<number> {
  const { db } = await server();
  return (await db.selectFrom('eventRelations').select('sid').where('organizationSid', '=', organizationSid).execute())
    .length;
}

describe('event relations', () => {
  it('creates, reads and deletes a relation', async () => {
    const t = await createTenant();
    const event = await anEvent(t);
    const r = await t.admin.request<EventRelation>('POST', '/v1/eventRelations', {
      eventSid: event.sid,
      eventType: event.eventType,
      relation: 'factor:createdByAiParse:AI123',
    });
    expect(r.status).toBe(201);
    expect(r.body.sid).toMatch(/^VR[0-9a-z]{28}$/);
    expect(r.body).toMatchObject({
      organizationSid: t.organizationSid,
      eventSid: event.sid,
      eventType: 'order.created',
      relation: 'factor:createdByAiParse:AI123',
      version: '1',
    });
    const got = await t.buyer.request<EventRelation>('GET', `/v1/eventRelations/${r.body.sid}?fromWriter=true`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
    const deleted = await t.buyer.request('DELETE', `/v1/eventRelations/${r.body.sid}`);
    expect(deleted.status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/eventRelations/${r.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('DELETE', `/v1/eventRelations/${r.body.sid}`)).status).toBe(404);
    expect(await relationCount(t.organizationSid)).toBe(0);
  });

  it('answers a repeated sid with the first relation, and another organization’s sid with 409', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const event = await anEvent(a);
    const sid = newSid('VR');
    const body = { sid, eventSid: event.sid, eventType: event.eventType, relation: 'factor:x' };
    const first = await a.buyer.request<EventRelation>('POST', '/v1/eventRelations', body);
    expect(first.status).toBe(201);
    expect(first.body.sid).toBe(sid);
    const replay = await a.buyer.request<EventRelation>('POST', '/v1/eventRelations', body);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const theirEvent = await anEvent(b);
    const taken = await b.buyer.request('POST', '/v1/eventRelations', { ...body, eventSid: theirEvent.sid });
    expect(taken.status).toBe(409);
    expect(await relationCount(b.organizationSid)).toBe(0);
  });

  it('lists with the eventSid, eventType and relation filters and both sort orders', async () => {
    const t = await createTenant();
    const e1 = await anEvent(t);
    const e2 = await anEvent(t);
    const made: [string, string][] = [
      [e1.sid, 'factor:a'],
      [e1.sid, 'factor:b'],
      [e2.sid, 'factor:a'],
    ];
    for (const [eventSid, relation] of made) {
      const r = await t.buyer.request('POST', '/v1/eventRelations', { eventSid, eventType: 'order.created', relation });
      expect(r.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await t.buyer.request('POST', '/v1/eventRelations', {
      eventSid: e2.sid,
      eventType: 'order.renamed',
      relation: 'factor:c',
    });
    const list = async (query: string) => {
      const r = await t.buyer.request<Page<'eventRelationList', EventRelation>>('GET', `/v1/eventRelations${query}`);
      expect(r.status, query).toBe(200);
      return r.body.eventRelationList.map((x) => `${x.eventSid === e1.sid ? 1 : 2}${x.relation}`);
    };
    expect(await list('')).toEqual(['1factor:a', '1factor:b', '2factor:a', '2factor:c']);
    expect(await list('?sortOrder=Desc')).toEqual(['2factor:c', '2factor:a', '1factor:b', '1factor:a']);
    expect(await list(`?eventSid=${e1.sid}`)).toEqual(['1factor:a', '1factor:b']);
    expect(await list('?relation=factor:a')).toEqual(['1factor:a', '2factor:a']);
    expect(await list('?eventType=order.renamed')).toEqual(['2factor:c']);
    expect(await list(`?eventSid=${e2.sid}&relation=factor:a&sortOrder=Desc`)).toEqual(['2factor:a']);
    expect(await list(`?organizationSid=${t.organizationSid}&fromWriter=false`)).toHaveLength(4);
    expect(await list(`?organizationSid=${newSid('OG')}`)).toEqual([]);
    const page = await t.buyer.request<Page<'eventRelationList', EventRelation>>(
      'GET',
      '/v1/eventRelations?sortOrder=Desc&pageSize=3',
    );
    expect(page.body.eventRelationList).toHaveLength(3);
    const rest = await t.buyer.request<Page<'eventRelationList', EventRelation>>(
      'GET',
      `/v1/eventRelations?sortOrder=Desc&pageSize=3&pageToken=${page.body.page.nextPageToken}`,
    );
    expect(rest.body.eventRelationList.map((x) => x.relation)).toEqual(['factor:a']);
    expect(rest.body.page.nextPageToken).toBeNull();
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const mine = await anEvent(a);
    const theirs = await anEvent(b);
    const cases: [unknown, string][] = [
      [{ eventSid: theirs.sid, eventType: 'order.created', relation: 'factor:x' }, 'eventSid'],
      [{ eventSid: newSid('EV'), eventType: 'order.created', relation: 'factor:x' }, 'eventSid'],
      [{ eventSid: mine.sid, relation: 'factor:x' }, 'eventType'],
      [{ eventSid: mine.sid, eventType: 'order.created' }, 'relation'],
      [{ eventSid: mine.sid, eventType: 'order.created', relation: 'x'.repeat(256) }, 'relation'],
      [{ eventSid: mine.sid, eventType: 'order.created', relation: 'factor:x', sid: newSid('ER') }, 'sid'],
      [{ eventSid: mine.sid, eventType: 'order.created', relation: 'factor:x', version: '1' }, 'version'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<Failure>('POST', '/v1/eventRelations', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    expect(await relationCount(a.organizationSid)).toBe(0);
  });

  it('answers another organization 404 and a vendor 403', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const event = await anEvent(a);
    const r = await a.buyer.request<EventRelation>('POST', '/v1/eventRelations', {
      eventSid: event.sid,
      eventType: event.eventType,
      relation: 'factor:x',
    });
    expect((await b.admin.request('GET', `/v1/eventRelations/${r.body.sid}`)).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/eventRelations/${r.body.sid}`)).status).toBe(404);
    const theirs = await b.admin.request<Page<'eventRelationList', EventRelation>>('GET', '/v1/eventRelations');
    expect(theirs.body.eventRelationList).toEqual([]);
    expect((await a.vendor.request('GET', '/v1/eventRelations')).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/eventRelations/${r.body.sid}`)).status).toBe(403);
    expect((await a.vendor.request('DELETE', `/v1/eventRelations/${r.body.sid}`)).status).toBe(403);
    expect(
      (
        await a.vendor.request('POST', '/v1/eventRelations', {
          eventSid: event.sid,
          eventType: event.eventType,
          relation: 'factor:y',
        })
      ).status,
    ).toBe(403);
    expect(await relationCount(a.organizationSid)).toBe(1);
  });
});
