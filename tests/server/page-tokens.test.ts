// A page token belongs to the list and sort it was issued for: sent to another list, or to the same list sorted by
// another key, it would compare a key of the wrong kind (a quantity with a timestamp) and fail in the database. It is
// refused as a bad pageToken, naming it; on its own list it pages on.
import { describe, expect, it } from 'vitest';
import { createTenant } from './support/harness.ts';

interface Page {
  page: { nextPageToken: string | null; previousPageToken: string | null };
}

describe('page tokens', () => {
  it('are refused by another list or sort, naming pageToken, and page on through their own', async () => {
    const t = await createTenant('Page tokens');
    const bom = await t.buyer.request<{ sid: string }>('POST', '/v1/boms', { uniqueName: 'PAGED' });
    expect(bom.status).toBe(201);
    for (const [name, quantity] of [
      ['R1', '2'],
      ['R2', '3'],
      ['R3', '1'],
    ]) {
      const line = await t.buyer.request('POST', '/v1/bomLines', {
        bomSid: bom.body.sid,
        uniqueName: name,
        requiredQuantity: quantity,
        mpn: `PART-${name}`,
      });
      expect(line.status).toBe(201);
    }
    const byQuantity = `/v1/bomLines?bomSid=${bom.body.sid}&orderBy=requiredQuantity&pageSize=1`;
    const first = await t.buyer.request<Page & { bomLines: { uniqueName: string }[] }>('GET', byQuantity);
    const token = first.body.page.nextPageToken;
    expect(token).not.toBeNull();

    const elsewhere = [
      `/v1/bomLines?bomSid=${bom.body.sid}`,
      `/v1/bomLines?bomSid=${bom.body.sid}&orderBy=ctb`,
      '/v1/flags',
      '/v1/outboxEmails',
      '/v1/cadenceTrackers',
      '/v1/updateRequests',
      '/v1/inventoryCounts',
      '/v1/clearToBuilds',
      '/v1/webhookDeliveries',
      '/v1/boms',
      '/v1/vendors',
      '/v1/orders',
      '/v1/itemGroups',
    ];
    for (const path of elsewhere) {
      const r = await t.buyer.request<{ code: string; field?: string }>(
        'GET',
        `${path}${path.includes('?') ? '&' : '?'}pageToken=${encodeURIComponent(token ?? '')}`,
      );
      expect(r.status, path).toBe(400);
      expect(r.body.field, path).toBe('pageToken');
    }

    // On its own list the token pages on, to the end and back.
    const names = [first.body.bomLines[0].uniqueName];
    let next = token;
    let last: Page | undefined;
    while (next) {
      const r = await t.buyer.request<Page & { bomLines: { uniqueName: string }[] }>(
        'GET',
        `${byQuantity}&pageToken=${encodeURIComponent(next)}`,
      );
      expect(r.status).toBe(200);
      names.push(...r.body.bomLines.map((l) => l.uniqueName));
      next = r.body.page.nextPageToken;
      last = r.body;
    }
    expect(names).toEqual(['R3', 'R1', 'R2']);
    const back = await t.buyer.request<{ bomLines: { uniqueName: string }[] }>(
      'GET',
      `${byQuantity}&pageToken=${encodeURIComponent(last?.page.previousPageToken ?? '')}`,
    );
    expect(back.body.bomLines.map((l) => l.uniqueName)).toEqual(['R1']);

    // A list sorted by an expression (vendors by name) pages through its own tokens too.
    const vendors = await t.buyer.request<Page & { vendors: { sid: string }[] }>('GET', '/v1/vendors?pageSize=1');
    expect(vendors.body.page.nextPageToken).not.toBeNull();
    const second = await t.buyer.request<{ vendors: { sid: string }[] }>(
      'GET',
      `/v1/vendors?pageSize=1&pageToken=${encodeURIComponent(vendors.body.page.nextPageToken ?? '')}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.vendors[0].sid).not.toBe(vendors.body.vendors[0].sid);
  });
});
