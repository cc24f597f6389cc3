// Messages: links to orders, items and item groups, the three lists, vendor
// scoping, idempotency and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface Message {
  sid: string;
  organizationSid: string;
  outboundEmailReplySid: string | null;
  created: string;
  updated: string;
  author: string | null;
  content: string;
}
interface Failure {
  code: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function line(t: Tenant, vendorName = t.vendorName) {
  const order = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName,
  });
  const item = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '5',
  });
  const group = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    uniqueName: 'ship-1',
    quantity: '5',
  });
  expect([order.status, item.status, group.status]).toEqual([201, 201, 201]);
  return { order: order.body, item: item.body, group: group.body };
}

async function messageCount(organizationSid: string): Promise<number> {
  const { db } = await server();
  const rows = await db.selectFrom('messages').select('sid').where('organizationSid', '=', organizationSid).execute();
  return rows.length;
}

describe('messages', () => {
  it('creates a message with its author and links, and reads it back', async () => {
    const t = await createTenant();
    const { order, item, group } = await line(t);
    const created = await t.buyer.request<Message>('POST', '/v1/messages', {
      content: 'Can you ship early?',
      orderSids: [order.sid],
      itemSids: [item.sid, item.sid],
      itemGroupSids: [group.sid],
    });
    expect(created.status).toBe(201);
    expect(created.body.sid).toMatch(/^MS[0-9a-z]{28}$/);
    expect(created.body).toMatchObject({
      organizationSid: t.organizationSid,
      outboundEmailReplySid: null,
      content: 'Can you ship early?',
    });
    expect(created.body.author).toMatch(/^Buyer /);

    const { db } = await server();
    const stored = await db
      .selectFrom('messages')
      .selectAll()
      .where('sid', '=', created.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.authorSid).toBe(t.buyer.userSid);
    const links = await db.selectFrom('messageLinks').selectAll().where('messageSid', '=', created.body.sid).execute();
    // The repeated item sid links once.
    expect(links).toHaveLength(3);
    expect(links.map((l) => [l.orderSid, l.itemSid, l.itemGroupSid])).toEqual(
      expect.arrayContaining([
        [order.sid, null, null],
        [null, item.sid, null],
        [null, null, group.sid],
      ]),
    );

    const got = await t.buyer.request<Message>('GET', `/v1/messages/${created.body.sid}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
  });

  it("lists on an order its own and its lines' messages, on an item its own and its shipments', on a shipment its own", async () => {
    const t = await createTenant();
    const { order, item, group } = await line(t);
    const onOrder = await t.buyer.request<Message>('POST', '/v1/messages', {
      content: 'order',
      orderSids: [order.sid],
    });
    const onItem = await t.buyer.request<Message>('POST', '/v1/messages', { content: 'item', itemSids: [item.sid] });
    const onGroup = await t.buyer.request<Message>('POST', '/v1/messages', {
      content: 'group',
      itemGroupSids: [group.sid],
    });
    const sids = async (path: string) => {
      const r = await t.buyer.request<Page<'messages', Message>>('GET', path);
      expect(r.status, path).toBe(200);
      return r.body.messages.map((m) => m.sid);
    };
    const all = [onOrder.body.sid, onItem.body.sid, onGroup.body.sid];
    expect(await sids(`/v1/orders/${order.sid}/messages`)).toEqual(all);
    expect(await sids(`/v1/orders/${order.uniqueName}/messages`)).toEqual(all);
    const ofItem = [onItem.body.sid, onGroup.body.sid];
    expect(await sids(`/v1/items/${item.sid}/messages`)).toEqual(ofItem);
    expect(await sids(`/v1/items/${item.uniqueName}/messages?orderSid=${order.sid}`)).toEqual(ofItem);
    expect(await sids(`/v1/items/${item.uniqueName}/messages?orderUniqueName=${order.uniqueName}`)).toEqual(ofItem);
    expect(await sids(`/v1/itemGroups/${group.sid}/messages`)).toEqual([onGroup.body.sid]);
    expect(await sids(`/v1/itemGroups/${group.uniqueName}/messages?itemSid=${item.sid}`)).toEqual([onGroup.body.sid]);

    // Each names what it concerns: the order alone, the item, the shipment with its item.
    const thread = await t.buyer.request<Page<'messages', Message & { concerns: unknown[] }>>(
      'GET',
      `/v1/orders/${order.sid}/messages`,
    );
    const base = { orderSid: order.sid, orderUniqueName: order.uniqueName, vendorName: t.vendorName };
    const none = { itemSid: null, itemUniqueName: null, itemGroupSid: null, itemGroupUniqueName: null };
    expect(thread.body.messages.map((m) => m.concerns)).toEqual([
      [{ ...base, ...none }],
      [{ ...base, ...none, itemSid: item.sid, itemUniqueName: item.uniqueName }],
      [
        {
          ...base,
          itemSid: item.sid,
          itemUniqueName: item.uniqueName,
          itemGroupSid: group.sid,
          itemGroupUniqueName: group.uniqueName,
        },
      ],
    ]);
  });

  it('pages a list with cursor tokens', async () => {
    const t = await createTenant();
    const { order } = await line(t);
    for (let i = 0; i < 3; i++) {
      const r = await t.buyer.request<Message>('POST', '/v1/messages', { content: `m${i}`, orderSids: [order.sid] });
      expect(r.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const first = await t.buyer.request<Page<'messages', Message>>(
      'GET',
      `/v1/orders/${order.sid}/messages?pageSize=2`,
    );
    expect(first.body.messages.map((m) => m.content)).toEqual(['m0', 'm1']);
    const second = await t.buyer.request<Page<'messages', Message>>(
      'GET',
      `/v1/orders/${order.sid}/messages?pageSize=2&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.messages.map((m) => m.content)).toEqual(['m2']);
    expect(second.body.page.nextPageToken).toBeNull();
  });

  it('answers the same message again with the first, and other content or another organization’s sid with 409', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { order } = await line(a);
    const sid = newSid('MS');
    const first = await a.buyer.request<Message>('POST', '/v1/messages', { sid, content: 'x', orderSids: [order.sid] });
    expect(first.status).toBe(201);
    expect(first.body.sid).toBe(sid);
    const again = await a.buyer.request<Message>('POST', '/v1/messages', {
      sid,
      content: 'x',
      orderSids: [order.sid],
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const edited = await a.buyer.request<Failure>('POST', '/v1/messages', {
      sid,
      content: 'y',
      orderSids: [order.sid],
    });
    expect(edited.status).toBe(409);
    const { order: theirs } = await line(b);
    const taken = await b.buyer.request<Failure>('POST', '/v1/messages', {
      sid,
      content: 'z',
      orderSids: [theirs.sid],
    });
    expect(taken.status).toBe(409);
    expect(await messageCount(a.organizationSid)).toBe(1);
    expect(await messageCount(b.organizationSid)).toBe(0);
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const mine = await line(a);
    const theirs = await line(b);
    const cases: [unknown, string][] = [
      [{ content: 'no links' }, 'orderSids'],
      [{ content: 'empty links', orderSids: [], itemSids: null }, 'orderSids'],
      [{ content: 'x', orderSids: [newSid('OR')] }, 'orderSids'],
      [{ content: 'x', orderSids: [mine.order.uniqueName] }, 'orderSids'],
      [{ content: 'x', orderSids: [mine.order.sid], itemSids: [theirs.item.sid] }, 'itemSids'],
      [{ content: 'x', itemGroupSids: [theirs.group.sid] }, 'itemGroupSids'],
      [{ content: 'x', orderSids: [mine.order.sid], sid: 'MSshort' }, 'sid'],
      [{ content: 'x', orderSids: [mine.order.sid], sid: newSid('OR') }, 'sid'],
      [{ orderSids: [mine.order.sid] }, 'content'],
      [{ content: 5, orderSids: [mine.order.sid] }, 'content'],
      [{ content: 'x', orderSids: 'not a list' }, 'orderSids'],
      [{ content: 'x', orderSids: [mine.order.sid], author: 'me' }, 'author'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<Failure>('POST', '/v1/messages', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await messageCount(a.organizationSid)).toBe(0);
  });

  it('answers another organization 404', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { order, item, group } = await line(a);
    const m = await a.buyer.request<Message>('POST', '/v1/messages', { content: 'x', orderSids: [order.sid] });
    expect((await b.admin.request('GET', `/v1/messages/${m.body.sid}`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/orders/${order.sid}/messages`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/items/${item.sid}/messages`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/itemGroups/${group.sid}/messages`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/messages/${newSid('MS')}`)).status).toBe(404);
  });

  it('lets a vendor post and read messages on its own lines only', async () => {
    const t = await createTenant();
    const mine = await line(t, t.vendorName);
    const theirs = await line(t, t.otherVendorName);
    const posted = await t.vendor.request<Message>('POST', '/v1/messages', {
      content: 'Shipping Friday',
      itemGroupSids: [mine.group.sid],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.author).toMatch(/^Vendor /);
    const refused = await t.vendor.request<Failure>('POST', '/v1/messages', {
      content: 'peek',
      orderSids: [theirs.order.sid],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('orderSids');

    const buyerOnTheirs = await t.buyer.request<Message>('POST', '/v1/messages', {
      content: 'for the other vendor',
      itemSids: [theirs.item.sid],
    });
    const buyerOnMine = await t.buyer.request<Message>('POST', '/v1/messages', {
      content: 'for you',
      orderSids: [mine.order.sid],
    });
    expect((await t.vendor.request('GET', `/v1/messages/${buyerOnTheirs.body.sid}`)).status).toBe(404);
    expect((await t.vendor.request('GET', `/v1/messages/${buyerOnMine.body.sid}`)).status).toBe(200);
    expect((await t.vendor.request('GET', `/v1/messages/${posted.body.sid}`)).status).toBe(200);
    expect((await t.vendor.request('GET', `/v1/items/${theirs.item.sid}/messages`)).status).toBe(404);
    expect((await t.vendor.request('GET', `/v1/orders/${theirs.order.sid}/messages`)).status).toBe(404);
    const own = await t.vendor.request<Page<'messages', Message>>('GET', `/v1/itemGroups/${mine.group.sid}/messages`);
    expect(own.body.messages.map((m) => m.sid)).toEqual([posted.body.sid]);
    // The buyer sees the vendor's message too.
    expect((await t.buyer.request('GET', `/v1/messages/${posted.body.sid}`)).status).toBe(200);
  });
});
