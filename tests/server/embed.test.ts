// Embedding: the allowlist an admin keeps, the tokens held to one record or
// vendor, and the framing policy the browser enforces: embed pages may be
// framed by the organization's allowed origins only, every other page by none.
import { describe, expect, it } from 'vitest';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface EmbedSession {
  token: string;
  url: string;
  recordSid: string | null;
  vendorSid: string | null;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}

const ORIGIN = 'https://intranet.example.test';

async function allow(t: Tenant, origins: string[]) {
  const r = await t.admin.request<{ origins: string[] }>('PUT', '/v1/embedSettings', { origins });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.origins;
}

async function page(path: string) {
  const { app } = await server();
  return app.request(`http://127.0.0.1${path}`);
}

describe('the embed allowlist', () => {
  it('is kept by admins: origins normalized and kept once, bad ones refused naming origins, nothing half saved', async () => {
    const t = await createTenant('Embed allowlist');
    expect((await t.admin.request<{ origins: string[] }>('GET', '/v1/embedSettings')).body).toEqual({ origins: [] });
    expect(await allow(t, ['https://Intranet.Example.test/', ORIGIN, 'http://127.0.0.1:8080'])).toEqual([
      ORIGIN,
      'http://127.0.0.1:8080',
    ]);
    for (const bad of [
      'intranet.example.test',
      'https://intranet.example.test/app',
      'ftp://x.test',
      'https://u:p@x.test',
    ]) {
      const r = await t.admin.request<ApiError>('PUT', '/v1/embedSettings', { origins: [ORIGIN, bad] });
      expect(r.status, bad).toBe(400);
      expect(r.body.field).toBe('origins');
      expect(r.body.message).toContain(bad);
    }
    expect((await t.admin.request<{ origins: string[] }>('GET', '/v1/embedSettings')).body.origins).toEqual([
      ORIGIN,
      'http://127.0.0.1:8080',
    ]);
    // Buyers and vendors cannot read or change it; without a session, nobody.
    for (const who of [t.buyer, t.vendor]) {
      expect((await who.request('GET', '/v1/embedSettings')).status).toBe(403);
      expect((await who.request('PUT', '/v1/embedSettings', { origins: [] })).status).toBe(403);
    }
    expect((await call(null, 'GET', '/v1/embedSettings')).status).toBe(401);
    // Another organization's list is its own.
    const other = await createTenant('Embed allowlist other');
    expect((await other.admin.request<{ origins: string[] }>('GET', '/v1/embedSettings')).body.origins).toEqual([]);
  });
});

describe('an embed session held to one record or one vendor', () => {
  it('reads its order and the order’s lines only', async () => {
    const t = await createTenant('Embed record');
    await allow(t, [ORIGIN]);
    const line = await makeLine(t, { prefix: 'embed-a' });
    const elsewhere = await makeLine(t, { prefix: 'embed-b' });
    const r = await t.buyer.request<EmbedSession>('POST', '/v1/embedSessions', {
      origin: ORIGIN,
      view: 'orders',
      recordSid: line.orderSid,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.recordSid).toBe(line.orderSid);
    const url = new URL(r.body.url);
    expect(url.pathname).toBe(`/embed/orders/${line.orderSid}`);
    expect(url.searchParams.get('org')).toBe(t.organizationSid);
    const token = r.body.token;
    expect((await call(token, 'GET', `/v1/orders/${line.orderSid}`)).status).toBe(200);
    const lines = await call<{ itemGroups: { sid: string }[] }>(
      token,
      'GET',
      `/v1/itemGroups?orderSid=${line.orderSid}`,
    );
    expect(lines.status).toBe(200);
    expect(lines.body.itemGroups.map((g) => g.sid)).toEqual([line.sid]);
    expect((await call(token, 'GET', `/v1/items?orderSid=${line.orderSid}`)).status).toBe(200);
    // Not another order, nor a list that does not name this one, nor a line by its sid.
    for (const path of [
      `/v1/orders/${elsewhere.orderSid}`,
      `/v1/itemGroups?orderSid=${elsewhere.orderSid}`,
      '/v1/itemGroups',
      '/v1/orders',
      `/v1/itemGroups/${line.sid}`,
      `/v1/items/${line.itemSid}`,
      // Its order named first and another after it: the list would read the other, or both.
      `/v1/itemGroups?orderSid=${line.orderSid}&orderSid=${elsewhere.orderSid}`,
      `/v1/items?orderSid=${line.orderSid}&orderSid=${elsewhere.orderSid}`,
      `/v1/orders?orderSid=${line.orderSid}&orderSid=${elsewhere.orderSid}`,
    ]) {
      expect((await call(token, 'GET', path)).status, path).toBe(403);
    }
  });

  it('reads its BOM and the BOM’s forecast only', async () => {
    const t = await createTenant('Embed BOM');
    await allow(t, [ORIGIN]);
    const { db } = await server();
    const bom = async (name: string) => {
      const r = await t.buyer.request<{ sid: string }>('POST', '/v1/boms', { uniqueName: name });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.sid;
    };
    const mine = await bom('Controller rev C');
    const other = await bom('Motor driver');
    const r = await t.buyer.request<EmbedSession>('POST', '/v1/embedSessions', {
      origin: ORIGIN,
      view: 'clearToBuild',
      recordSid: mine,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(new URL(r.body.url).pathname).toBe(`/embed/boms/${mine}`);
    expect((await call(r.body.token, 'GET', `/v1/boms/${mine}`)).status).toBe(200);
    expect((await call(r.body.token, 'GET', `/v1/boms/${mine}/forecast`)).status).toBe(200);
    expect((await call(r.body.token, 'GET', `/v1/bomLines?bomSid=${mine}`)).status).toBe(200);
    for (const path of [
      `/v1/boms/${other}`,
      `/v1/boms/${other}/forecast`,
      `/v1/bomLines?bomSid=${other}`,
      '/v1/boms',
      `/v1/bomLines?bomSid=${mine}&bomSid=${other}`,
      `/v1/clearToBuildTargets?bomSid=${mine}&bomSid=${other}`,
      `/v1/clearToBuilds?bomSid=${mine}&bomSid=${other}`,
    ]) {
      expect((await call(r.body.token, 'GET', path)).status, path).toBe(403);
    }
    expect(await db.selectFrom('boms').select('sid').where('sid', '=', mine).executeTakeFirst()).toBeDefined();
  });

  it('held to a vendor, reads lists of that vendor only and no record by its sid', async () => {
    const t = await createTenant('Embed vendor');
    await allow(t, [ORIGIN]);
    const line = await makeLine(t, { prefix: 'embed-v' });
    const r = await t.buyer.request<EmbedSession>('POST', '/v1/embedSessions', {
      origin: ORIGIN,
      view: 'schedule',
      vendorSid: t.vendorSid,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(new URL(r.body.url).searchParams.get('vendor')).toBe(t.vendorSid);
    const mine = await call<{ itemGroups: { sid: string }[] }>(
      r.body.token,
      'GET',
      `/v1/itemGroups?vendorSid=${t.vendorSid}`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.itemGroups.map((g) => g.sid)).toEqual([line.sid]);
    for (const path of [
      `/v1/itemGroups?vendorSid=${t.otherVendorSid}`,
      `/v1/itemGroups?vendorSid=${t.vendorSid}&vendorSid=${t.otherVendorSid}`,
      `/v1/flags?vendorSid=${t.vendorSid}&vendorSid=${t.otherVendorSid}`,
      '/v1/itemGroups',
      `/v1/itemGroups/${line.sid}`,
      `/v1/orders/${line.orderSid}`,
    ]) {
      expect((await call(r.body.token, 'GET', path)).status, path).toBe(403);
    }
  });

  it('refuses a record or vendor the view cannot take, or that is not the organization’s, writing no session', async () => {
    const t = await createTenant('Embed refused');
    const other = await createTenant('Embed refused other');
    await allow(t, [ORIGIN]);
    const theirs = await makeLine(other, { prefix: 'embed-theirs' });
    const { db } = await server();
    const sessions = async () =>
      (
        await db
          .selectFrom('sessions')
          .select('sid')
          .where('kind', '=', 'embed')
          .where('userSid', '=', t.buyer.userSid)
          .execute()
      ).length;
    const before = await sessions();
    const cases: [Record<string, unknown>, string][] = [
      [{ view: 'orders', recordSid: theirs.orderSid }, 'recordSid'],
      [{ view: 'schedule', recordSid: theirs.orderSid }, 'recordSid'],
      [{ view: 'flags', vendorSid: other.vendorSid }, 'vendorSid'],
      [{ view: 'clearToBuild', vendorSid: t.vendorSid }, 'vendorSid'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/embedSessions', { origin: ORIGIN, ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    expect(await sessions()).toBe(before);
  });
});

describe('framing', () => {
  it('lets an embed page be framed by the organization’s allowed origins, and no other page by anyone', async () => {
    const t = await createTenant('Embed framing');
    await allow(t, [ORIGIN, 'http://127.0.0.1:8080']);
    const embed = await page(`/embed/schedule?org=${t.organizationSid}`);
    expect(embed.headers.get('content-security-policy')).toMatch(
      /frame-ancestors 'self' https:\/\/intranet\.example\.test http:\/\/127\.0\.0\.1:8080(;|$)/,
    );
    expect(embed.headers.get('x-frame-options')).toBeNull();
    // Without an organization, an unknown one, or one whose list is empty: framed by the app itself only.
    const empty = await createTenant('Embed framing empty');
    for (const path of ['/embed/schedule', '/embed/flags?org=OGnope', `/embed/flags?org=${empty.organizationSid}`]) {
      const r = await page(path);
      expect(r.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'self'(;|$)/);
    }
    // The app itself and the API refuse framing outright.
    for (const path of ['/orders', '/login', '/v1/session', `/embedded?org=${t.organizationSid}`]) {
      const r = await page(path);
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});
