// Input the database cannot store, bodies over their route's limit and JSON
// nested without end are refused with a 400 or 413 naming what was wrong,
// before anything is written. (Every operation's path, query and body fields
// are swept in contract.test.ts; these are the cases by kind.)
import { describe, expect, it } from 'vitest';
import { withOneCharacterChanged } from '../support/tamper.ts';
import { jsonTooDeep } from '../../server/http/input-guard.ts';
import { call, createTenant, server } from './support/harness.ts';

async function orderCount(organizationSid: string): Promise<number> {
  const { db } = await server();
  const rows = await db.selectFrom('orders').select('sid').where('organizationSid', '=', organizationSid).execute();
  return rows.length;
}

describe('unstorable text', () => {
  it('answers 400 naming the path value, the query parameter or the body field, and writes nothing', async () => {
    const t = await createTenant();
    const path = await t.buyer.request<{ code: string; field: string }>('GET', '/v1/orders/%00');
    expect(path.status).toBe(400);
    expect(path.body).toMatchObject({ code: 'invalid_request', field: 'sidOrUniqueName' });
    const query = await t.buyer.request('GET', '/v1/orders?q=a%00b');
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ code: 'invalid_request', field: 'q' });
    const body = await t.buyer.request('POST', '/v1/orders', { uniqueName: 'PO\u0000', vendorName: t.vendorName });
    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({ code: 'invalid_request', field: 'uniqueName' });
    const surrogate = await t.buyer.request('POST', '/v1/orders', { uniqueName: 'PO\uD800', vendorName: t.vendorName });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({ field: 'uniqueName' });
    const key = await t.buyer.request('POST', '/v1/orders', {
      uniqueName: 'PO',
      vendorName: t.vendorName,
      ['x\u0000']: 1,
    });
    expect(key.status).toBe(400);
    const badEscape = await t.buyer.request('GET', '/v1/orders/%E0%A4%A');
    expect(badEscape.status).toBe(400);
    expect(await orderCount(t.organizationSid)).toBe(0);
  });

  it('refuses NUL in an upload’s form fields and file name', async () => {
    const t = await createTenant();
    const form = new FormData();
    form.append('file', new File(['PO,Line\nA,1\n'], 'orders\u0000.csv', { type: 'text/csv' }));
    const named = await t.buyer.request('POST', '/v1/openOrderUploads', form);
    expect(named.status).toBe(400);
    expect(named.body).toMatchObject({ code: 'invalid_request', field: 'file' });
  });
});

describe('page tokens', () => {
  it('takes only tokens this server signed: forged cursors answer 400 naming pageToken', async () => {
    const t = await createTenant();
    for (let i = 0; i < 3; i++)
      await t.buyer.request('POST', '/v1/orders', { uniqueName: `PO-${i}`, vendorName: t.vendorName });
    const first = await t.buyer.request<{ page: { nextPageToken: string } }>('GET', '/v1/orders?pageSize=2');
    const token = first.body.page.nextPageToken;
    expect((await t.buyer.request('GET', `/v1/orders?pageSize=2&pageToken=${token}`)).status).toBe(200);
    const forge = (cursor: object) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
    const forged = [
      forge({ k: 'a\u0000b', s: 'x', d: 'n' }),
      forge({ k: '+275760-09-13', s: 'x', d: 'n' }),
      `${forge({ k: '2026-01-01T00:00:00Z', s: 'x', d: 'n' })}.${token.split('.')[1]}`,
      withOneCharacterChanged(token, 0),
    ];
    for (const pageToken of forged) {
      for (const path of ['/v1/orders', '/v1/users', '/v1/boms', '/v1/openOrderUploads']) {
        const r = await t.admin.request('GET', `${path}?pageToken=${encodeURIComponent(pageToken)}`);
        expect(r.status, `${path} ${pageToken}`).toBe(400);
        expect(r.body).toMatchObject({ code: 'invalid_request', field: 'pageToken' });
      }
    }
  });
});

describe('body size and depth', () => {
  it('refuses JSON nested deeper than 32 levels before parsing it', async () => {
    const t = await createTenant();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await t.buyer.request('PATCH', '/v1/itemGroups/bulk', deep);
    expect(r.status).toBe(400);
    expect((r.body as { message: string }).message).toContain('deeper than 32');
    expect(jsonTooDeep('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')).toBe(false);
    expect(jsonTooDeep(`{"a": ${'['.repeat(32)}${']'.repeat(32)}}`)).toBe(true);
    expect(jsonTooDeep(`${'['.repeat(32)}${']'.repeat(32)}`)).toBe(false);
  });

  it('bounds each route’s body: sign-in 8 KB, ordinary writes 64 KB, with 413 and nothing written', async () => {
    const t = await createTenant();
    const login = await call(null, 'POST', '/v1/session/login', {
      email: 'a@example.test',
      password: 'x'.repeat(9000),
    });
    expect(login.status).toBe(413);
    expect(login.body).toMatchObject({ code: 'payload_too_large' });
    const order = await t.buyer.request('POST', '/v1/orders', {
      uniqueName: 'PO-BIG',
      vendorName: t.vendorName,
      notes: 'x'.repeat(70_000),
    });
    expect(order.status).toBe(413);
    expect(await orderCount(t.organizationSid)).toBe(0);
    // A message may be long (100,000 characters): its route allows more.
    const big = await t.buyer.request('POST', '/v1/messages', { content: 'x'.repeat(100_001) });
    expect(big.status).toBe(400);
  });
});
