// Item custom fields: create and list, unique names per item, idempotency,
// tenancy, vendors and bad input.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface CustomField {
  sid: string;
  created: string;
  updated: string;
  itemSid: string | null;
  name: string | null;
  value: string | null;
}
interface Failure {
  code: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function item(t: Tenant, vendorName = t.vendorName): Promise<string> {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${Math.random().toString(36).slice(2, 9)}`,
    vendorName,
  });
  const created = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    quantity: '5',
  });
  expect(created.status).toBe(201);
  return created.body.sid;
}

async function fieldCount(organizationSid: string): Promise<number> {
  const { db } = await server();
  return (
    await db.selectFrom('itemCustomFields').select('sid').where('organizationSid', '=', organizationSid).execute()
  ).length;
}

describe('item custom fields', () => {
  it('creates fields on an item and lists them by item', async () => {
    const t = await createTenant();
    const itemSid = await item(t);
    const otherItemSid = await item(t);
    const colour = await t.buyer.request<CustomField>('POST', '/v1/itemCustomFields', {
      itemSid,
      name: 'colour',
      value: 'blue',
    });
    expect(colour.status).toBe(201);
    expect(colour.body.sid).toMatch(/^CF[0-9a-z]{28}$/);
    expect(colour.body).toMatchObject({ itemSid, name: 'colour', value: 'blue' });
    await new Promise((resolve) => setTimeout(resolve, 2));
    const finish = await t.buyer.request<CustomField>('POST', '/v1/itemCustomFields', {
      itemSid,
      name: 'finish',
      value: 'matte',
    });
    // The same name on another item is fine.
    const elsewhere = await t.buyer.request<CustomField>('POST', '/v1/itemCustomFields', {
      itemSid: otherItemSid,
      name: 'colour',
      value: 'red',
    });
    expect(elsewhere.status).toBe(201);

    const { db } = await server();
    const stored = await db
      .selectFrom('itemCustomFields')
      .selectAll()
      .where('sid', '=', colour.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ organizationSid: t.organizationSid, itemSid, name: 'colour', value: 'blue' });

    const list = await t.buyer.request<Page<'itemCustomFields', CustomField>>(
      'GET',
      `/v1/itemCustomFields?itemSid=${itemSid}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.itemCustomFields).toEqual([colour.body, finish.body]);
    const paged = await t.buyer.request<Page<'itemCustomFields', CustomField>>(
      'GET',
      `/v1/itemCustomFields?itemSid=${itemSid}&pageSize=1`,
    );
    expect(paged.body.itemCustomFields.map((f) => f.name)).toEqual(['colour']);
    expect(paged.body.page.nextPageToken).not.toBeNull();
  });

  it('refuses a duplicate name on the same item with 409', async () => {
    const t = await createTenant();
    const itemSid = await item(t);
    await t.buyer.request('POST', '/v1/itemCustomFields', { itemSid, name: 'colour', value: 'blue' });
    const again = await t.buyer.request<Failure>('POST', '/v1/itemCustomFields', {
      itemSid,
      name: 'colour',
      value: 'green',
    });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('name');
    expect(await fieldCount(t.organizationSid)).toBe(1);
  });

  it('answers a repeated sid with the first field, and another organization’s sid with 409', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const itemSid = await item(a);
    const sid = newSid('CF');
    const first = await a.buyer.request<CustomField>('POST', '/v1/itemCustomFields', {
      sid,
      itemSid,
      name: 'colour',
      value: 'blue',
    });
    expect(first.status).toBe(201);
    expect(first.body.sid).toBe(sid);
    const replay = await a.buyer.request<CustomField>('POST', '/v1/itemCustomFields', {
      sid,
      itemSid,
      name: 'colour',
      value: 'blue',
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const taken = await b.buyer.request('POST', '/v1/itemCustomFields', {
      sid,
      itemSid: await item(b),
      name: 'colour',
      value: 'blue',
    });
    expect(taken.status).toBe(409);
    expect(await fieldCount(b.organizationSid)).toBe(0);
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const mine = await item(a);
    const theirs = await item(b);
    const cases: [unknown, string][] = [
      [{ itemSid: theirs, name: 'colour', value: 'blue' }, 'itemSid'],
      [{ itemSid: newSid('IT'), name: 'colour', value: 'blue' }, 'itemSid'],
      [{ itemSid: mine, value: 'blue' }, 'name'],
      [{ itemSid: mine, name: 'colour' }, 'value'],
      [{ itemSid: mine, name: 'colour', value: 'x'.repeat(256) }, 'value'],
      [{ itemSid: mine, name: 'colour', value: 'blue', sid: 'CF123' }, 'sid'],
      [{ itemSid: mine, name: 'colour', value: 'blue', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<Failure>('POST', '/v1/itemCustomFields', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const missing = await a.buyer.request<Failure>('GET', '/v1/itemCustomFields');
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('itemSid');
    expect(await fieldCount(a.organizationSid)).toBe(0);
  });

  it('answers another organization’s item 404; a vendor reads its own items’ fields only and never writes', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const mine = await item(a, a.vendorName);
    const theirs = await item(a, a.otherVendorName);
    await a.buyer.request('POST', '/v1/itemCustomFields', { itemSid: mine, name: 'colour', value: 'blue' });
    await a.buyer.request('POST', '/v1/itemCustomFields', { itemSid: theirs, name: 'colour', value: 'red' });
    expect((await b.admin.request('GET', `/v1/itemCustomFields?itemSid=${mine}`)).status).toBe(404);
    const own = await a.vendor.request<Page<'itemCustomFields', CustomField>>(
      'GET',
      `/v1/itemCustomFields?itemSid=${mine}`,
    );
    expect(own.body.itemCustomFields.map((f) => f.value)).toEqual(['blue']);
    expect((await a.vendor.request('GET', `/v1/itemCustomFields?itemSid=${theirs}`)).status).toBe(404);
    // By order: every item's fields in one list, within the same scope.
    const orderOf = async (itemSid: string) =>
      (await a.buyer.request<{ orderSid: string }>('GET', `/v1/items/${itemSid}`)).body.orderSid;
    const byOrder = await a.buyer.request<Page<'itemCustomFields', CustomField>>(
      'GET',
      `/v1/itemCustomFields?orderSid=${await orderOf(theirs)}`,
    );
    expect(byOrder.body.itemCustomFields.map((f) => [f.itemSid, f.value])).toEqual([[theirs, 'red']]);
    expect((await a.vendor.request('GET', `/v1/itemCustomFields?orderSid=${await orderOf(theirs)}`)).status).toBe(404);
    expect((await b.admin.request('GET', `/v1/itemCustomFields?orderSid=${await orderOf(mine)}`)).status).toBe(404);
    const write = await a.vendor.request('POST', '/v1/itemCustomFields', { itemSid: mine, name: 'x', value: 'y' });
    expect(write.status).toBe(403);
    expect(await fieldCount(a.organizationSid)).toBe(2);
  });
});
