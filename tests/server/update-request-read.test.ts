// One update request read by its sid (the vendor portal puts the lines a
// request asked about first): the buyer and the request's own vendor read it
// with its lines; another vendor of the same organization gets a 404.
import { describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from './support/harness.ts';

let counter = 0;

async function askedLine(t: Tenant, vendorSid: string) {
  const order = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: `PO-UR-${String(counter++)}-${Date.now().toString(36)}`,
    vendorSid,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '5',
  });
  const groups = await Promise.all(
    ['1', '2'].map((uniqueName) =>
      t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
        itemSid: item.body.sid,
        uniqueName,
        quantity: '5',
        dueDate: '2030-03-01',
      }),
    ),
  );
  const asked = await t.buyer.request<{ updateRequests: { sid: string }[] }>('POST', '/v1/updateRequests/now', {
    orderSid: order.body.sid,
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  return { order: order.body, groupSids: groups.map((g) => g.body.sid), requestSid: asked.body.updateRequests[0].sid };
}

interface UpdateRequest {
  sid: string;
  orderSid: string;
  orderUniqueName: string;
  vendorSid: string;
  lines: { itemGroupSid: string; kind: string }[];
}

describe('getUpdateRequest', () => {
  it('gives the buyer and the vendor asked the request with its lines, and no other vendor', async () => {
    const t = await createTenant('ReadRequest');
    const mine = await askedLine(t, t.vendorSid);
    for (const caller of [t.buyer, t.vendor]) {
      const r = await caller.request<UpdateRequest>('GET', `/v1/updateRequests/${mine.requestSid}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        sid: mine.requestSid,
        orderSid: mine.order.sid,
        orderUniqueName: mine.order.uniqueName,
        vendorSid: t.vendorSid,
      });
      expect(r.body.lines.map((l) => l.itemGroupSid).sort()).toEqual([...mine.groupSids].sort());
    }
    const theirs = await askedLine(t, t.otherVendorSid);
    const refused = await t.vendor.request<{ code: string }>('GET', `/v1/updateRequests/${theirs.requestSid}`);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('not_found');
    expect((await t.vendor.request('GET', '/v1/updateRequests/URnothing')).status).toBe(404);
  });
});
