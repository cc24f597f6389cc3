// Applications, API keys and embed sessions: secrets shown once and kept
// hashed, keys that work until revoked, read-only embeds on allowed origins.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newSid } from '../../server/domain/sid.ts';
import { randomToken, tokenHash } from '../../server/http/auth.ts';
import { EMBED_VIEW_READS } from '../../server/domain/embed/scope.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';

interface Application {
  sid: string;
  created: string;
  updated: string;
  name: string | null;
  organization: string | null;
  secret: string | null;
}
interface ApiKey {
  sid: string;
  name: string;
  prefix: string;
  created: string;
  expiryDate: string | null;
  hasExpired: boolean;
  revoked: boolean;
  keyType: 'application';
  createdBy: string;
  scope: 'read' | 'readWrite';
  lastUsed: string | null;
  secret?: string;
}
interface EmbedSession {
  token: string;
  origin: string;
  view: string;
  expires: string;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function insertApplication(t: Tenant, name: string | null = 'ERP connector') {
  const { db } = await server();
  const now = new Date();
  const sid = newSid('AP');
  const secretHash = tokenHash(randomToken('fa'));
  await db
    .insertInto('applications')
    .values({ sid, organizationSid: t.organizationSid, created: now, updated: now, name, secretHash })
    .execute();
  return { sid, secretHash };
}

async function applicationRow(sid: string) {
  const { db } = await server();
  return db.selectFrom('applications').selectAll().where('sid', '=', sid).executeTakeFirst();
}

async function apiKeyRow(sid: string) {
  const { db } = await server();
  return db.selectFrom('apiKeys').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
}

async function allowOrigins(t: Tenant, origins: string[]) {
  const { db } = await server();
  await db.updateTable('organizations').set({ embedOrigins: origins }).where('sid', '=', t.organizationSid).execute();
}

describe('applications', () => {
  it('lists and reads the organization’s applications without their secrets, for administrators only', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const a = await insertApplication(t, 'ERP connector');
    const b = await insertApplication(t, null);
    await insertApplication(other);

    const list = await t.admin.request<Page<'applications', Application>>('GET', '/v1/applications');
    expect(list.status).toBe(200);
    expect(list.body.applications.map((x) => x.sid).sort()).toEqual([a.sid, b.sid].sort());
    expect(list.body.applications.every((x) => x.secret === null && x.organization === t.organizationSid)).toBe(true);
    const one = await t.admin.request<Application>('GET', `/v1/applications/${a.sid}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      sid: a.sid,
      name: 'ERP connector',
      organization: t.organizationSid,
      secret: null,
    });

    expect((await t.buyer.request('GET', '/v1/applications')).status).toBe(403);
    expect((await t.vendor.request('GET', `/v1/applications/${a.sid}`)).status).toBe(403);
    expect((await other.admin.request('GET', `/v1/applications/${a.sid}`)).status).toBe(404);
  });

  it('renames, and regenerates the secret: shown once, stored hashed', async () => {
    const t = await createTenant();
    const app = await insertApplication(t);
    const renamed = await t.admin.request<Application>('PATCH', `/v1/applications/${app.sid}`, { name: 'MES bridge' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'MES bridge', secret: null });
    expect((await applicationRow(app.sid))?.secretHash).toBe(app.secretHash);

    const regenerated = await t.admin.request<Application>('PATCH', `/v1/applications/${app.sid}`, {
      regenerateSecret: true,
    });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.name).toBe('MES bridge');
    const secret = regenerated.body.secret;
    expect(secret).toMatch(/^fa_[A-Za-z0-9_-]{40,}$/);
    const stored = await applicationRow(app.sid);
    expect(stored?.secretHash).toBe(tokenHash(secret!));
    expect(stored?.secretHash).not.toBe(app.secretHash);
    expect((await t.admin.request<Application>('GET', `/v1/applications/${app.sid}`)).body.secret).toBeNull();

    const unchanged = await t.admin.request<Application>('PATCH', `/v1/applications/${app.sid}`, {
      regenerateSecret: false,
    });
    expect(unchanged.body.secret).toBeNull();
    expect((await applicationRow(app.sid))?.secretHash).toBe(tokenHash(secret!));
  });

  it('refuses bad input, other roles and other organizations, writing nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const app = await insertApplication(t, 'Original');
    const cases: [unknown, string][] = [
      [{ regenerateSecret: 'yes' }, 'regenerateSecret'],
      [{ name: 7 }, 'name'],
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: 'ok', secret: 'mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const r = await t.admin.request<ApiError>('PATCH', `/v1/applications/${app.sid}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    expect((await t.buyer.request('PATCH', `/v1/applications/${app.sid}`, { name: 'x' })).status).toBe(403);
    expect(
      (await other.admin.request('PATCH', `/v1/applications/${app.sid}`, { name: 'x', regenerateSecret: true })).status,
    ).toBe(404);
    const stored = await applicationRow(app.sid);
    expect(stored?.name).toBe('Original');
    expect(stored?.secretHash).toBe(app.secretHash);
  });

  it('hard deletes; another organization’s delete is 404 and changes nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const app = await insertApplication(t);
    expect((await other.admin.request('DELETE', `/v1/applications/${app.sid}`)).status).toBe(404);
    expect((await t.buyer.request('DELETE', `/v1/applications/${app.sid}`)).status).toBe(403);
    expect(await applicationRow(app.sid)).toBeDefined();
    expect((await t.admin.request('DELETE', `/v1/applications/${app.sid}`)).status).toBe(204);
    expect(await applicationRow(app.sid)).toBeUndefined();
    expect((await t.admin.request('GET', `/v1/applications/${app.sid}`)).status).toBe(404);
  });
});

describe('API keys', () => {
  it('read keys only read; every key shows when it was last used', async () => {
    const t = await createTenant();
    const reader = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'Report', scope: 'read' });
    expect(reader.status, JSON.stringify(reader.body)).toBe(201);
    expect(reader.body).toMatchObject({ scope: 'read', lastUsed: null });
    const writer = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'ERP' });
    expect(writer.body.scope).toBe('readWrite');
    const secret = reader.body.secret ?? '';
    expect((await call(secret, 'GET', '/v1/orders')).status).toBe(200);
    const write = await call<{ message: string }>(secret, 'POST', '/v1/boms', { uniqueName: 'Read key BOM' });
    expect(write.status).toBe(403);
    expect(write.body.message).toContain('only read');
    const boms = await t.buyer.request<{ boms: unknown[] }>('GET', '/v1/boms');
    expect(boms.body.boms).toEqual([]);
    expect((await call(writer.body.secret ?? '', 'POST', '/v1/boms', { uniqueName: 'Writer BOM' })).status).toBe(201);
    const keys = await t.admin.request<{ apiKeys: ApiKey[] }>('GET', '/v1/apiKeys');
    const used = keys.body.apiKeys.find((k) => k.sid === reader.body.sid);
    expect(used?.lastUsed).not.toBeNull();
    expect(Date.now() - Date.parse(used?.lastUsed ?? '')).toBeLessThan(60_000);
    const bad = await t.admin.request<{ field: string }>('POST', '/v1/apiKeys', { name: 'X', scope: 'everything' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('scope');
  });

  it('creates a key that works as a bearer token until it is revoked', async () => {
    const t = await createTenant();
    const created = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'ERP sync' });
    expect(created.status).toBe(201);
    const secret = created.body.secret!;
    expect(secret).toMatch(/^fk_[A-Za-z0-9_-]{40,}$/);
    expect(created.body).toMatchObject({
      name: 'ERP sync',
      prefix: secret.slice(0, 10),
      expiryDate: null,
      hasExpired: false,
      revoked: false,
      keyType: 'application',
      createdBy: t.admin.userSid,
    });
    const stored = await apiKeyRow(created.body.sid);
    expect(stored.secretHash).toBe(tokenHash(secret));
    expect(stored.organizationSid).toBe(t.organizationSid);

    const list = await t.admin.request<Page<'apiKeys', ApiKey>>('GET', '/v1/apiKeys');
    expect(list.body.apiKeys).toHaveLength(1);
    expect(list.body.apiKeys[0]).not.toHaveProperty('secret');

    expect((await call(secret, 'GET', '/v1/orders')).status).toBe(200);
    const made = await call<{ sid: string }>(secret, 'POST', '/v1/orders', {
      uniqueName: 'PO-KEY',
      vendorName: t.vendorName,
    });
    expect(made.status).toBe(201);
    // A key cannot mint its successors.
    expect((await call(secret, 'POST', '/v1/apiKeys', { name: 'child' })).status).toBe(403);

    expect((await t.admin.request('DELETE', `/v1/apiKeys/${created.body.sid}`)).status).toBe(204);
    expect((await call(secret, 'GET', '/v1/orders')).status).toBe(401);
    expect((await apiKeyRow(created.body.sid)).revoked).toBe(true);
    const after = await t.admin.request<Page<'apiKeys', ApiKey>>('GET', '/v1/apiKeys');
    expect(after.body.apiKeys[0]).toMatchObject({ sid: created.body.sid, revoked: true });
    expect((await t.admin.request('DELETE', `/v1/apiKeys/${created.body.sid}`)).status).toBe(204);
  });

  it('keeps an expiry date and stops the key after it', async () => {
    const t = await createTenant();
    const expiryDate = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const created = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'Temporary', expiryDate });
    expect(created.status).toBe(201);
    expect(created.body.expiryDate).toBe(expiryDate);
    expect((await call(created.body.secret!, 'GET', '/v1/orders')).status).toBe(200);
    const { db } = await server();
    await db
      .updateTable('apiKeys')
      .set({ expiryDate: new Date(Date.now() - 1000) })
      .where('sid', '=', created.body.sid)
      .execute();
    expect((await call(created.body.secret!, 'GET', '/v1/orders')).status).toBe(401);
    const list = await t.admin.request<Page<'apiKeys', ApiKey>>('GET', '/v1/apiKeys');
    expect(list.body.apiKeys[0].hasExpired).toBe(true);
  });

  it('renames a key', async () => {
    const t = await createTenant();
    const created = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'Old name' });
    const renamed = await t.admin.request<ApiKey>('PATCH', `/v1/apiKeys/${created.body.sid}`, { name: 'New name' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ sid: created.body.sid, name: 'New name', prefix: created.body.prefix });
    expect(renamed.body).not.toHaveProperty('secret');
    expect((await apiKeyRow(created.body.sid)).name).toBe('New name');
  });

  it('is for administrators of the organization only and refuses bad input', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const created = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'Keep' });
    const sid = created.body.sid;
    expect((await t.buyer.request('GET', '/v1/apiKeys')).status).toBe(403);
    expect((await t.buyer.request('POST', '/v1/apiKeys', { name: 'x' })).status).toBe(403);
    expect((await t.vendor.request('PATCH', `/v1/apiKeys/${sid}`, { name: 'x' })).status).toBe(403);
    expect((await t.buyer.request('DELETE', `/v1/apiKeys/${sid}`)).status).toBe(403);
    expect((await other.admin.request('PATCH', `/v1/apiKeys/${sid}`, { name: 'Hijacked' })).status).toBe(404);
    expect((await other.admin.request('DELETE', `/v1/apiKeys/${sid}`)).status).toBe(404);
    expect((await other.admin.request<Page<'apiKeys', ApiKey>>('GET', '/v1/apiKeys')).body.apiKeys).toEqual([]);

    const createCases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x', expiryDate: 'tomorrow' }, 'expiryDate'],
      [{ name: 'x', expiryDate: '2020-01-01T00:00:00Z' }, 'expiryDate'],
      [{ name: 'x', scopes: ['read'] }, 'scopes'],
    ];
    for (const [body, field] of createCases) {
      const r = await t.admin.request<ApiError>('POST', '/v1/apiKeys', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: 3 }, 'name'],
      [{ revoked: false }, 'revoked'],
    ] as [unknown, string][]) {
      const r = await t.admin.request<ApiError>('PATCH', `/v1/apiKeys/${sid}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    const { db } = await server();
    const keys = await db.selectFrom('apiKeys').selectAll().where('organizationSid', '=', t.organizationSid).execute();
    expect(keys.map((k) => [k.name, k.revoked])).toEqual([['Keep', false]]);
  });
});

describe('embed sessions', () => {
  it('issues a read-only token for an allowed origin', async () => {
    const t = await createTenant();
    await allowOrigins(t, ['https://intranet.example.test']);
    const before = Date.now();
    const r = await t.buyer.request<EmbedSession>('POST', '/v1/embedSessions', {
      origin: 'https://intranet.example.test/',
      view: 'schedule',
    });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^fe_/);
    expect(r.body.origin).toBe('https://intranet.example.test');
    expect(r.body.view).toBe('schedule');
    const expires = Date.parse(r.body.expires);
    expect(expires).toBeGreaterThanOrEqual(before + 900_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 900_000);

    const { db } = await server();
    const session = await db
      .selectFrom('sessions')
      .selectAll()
      .where('tokenHash', '=', tokenHash(r.body.token))
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({
      kind: 'embed',
      userSid: t.buyer.userSid,
      embedOrigin: 'https://intranet.example.test',
      embedView: 'schedule',
    });

    expect((await call(r.body.token, 'GET', '/v1/orders')).status).toBe(200);
    const write = await call(r.body.token, 'POST', '/v1/orders', { uniqueName: 'PO-EMBED', vendorName: 'x' });
    expect(write.status).toBe(403);
    expect(
      (await call(r.body.token, 'POST', '/v1/embedSessions', { origin: r.body.origin, view: 'orders' })).status,
    ).toBe(403);
    const orders = await t.buyer.request<Page<'orders', { uniqueName: string }>>('GET', '/v1/orders');
    expect(orders.body.orders).toEqual([]);
  });

  it('lets an embed token read only what its view shows, for every view and every read of the spec', async () => {
    const t = await createTenant();
    await allowOrigins(t, ['https://intranet.example.test']);
    const spec = parse(readFileSync('openapi/factor.yaml', 'utf8')) as {
      paths: Record<string, Record<string, { security?: unknown[] } | undefined>>;
    };
    // Public reads (an email's unsubscribe link) answer every caller alike, token or not.
    const reads = Object.entries(spec.paths)
      .filter(
        ([, item]) => item.get !== undefined && !(Array.isArray(item.get.security) && item.get.security.length === 0),
      )
      .map(([path]) => path);
    const failures: string[] = [];
    for (const view of Object.keys(EMBED_VIEW_READS)) {
      const r = await t.buyer.request<EmbedSession>('POST', '/v1/embedSessions', {
        origin: 'https://intranet.example.test',
        view,
      });
      for (const template of reads) {
        const path = template.replace(/\{[^}]+\}/g, t.organizationSid);
        const route = template.replace(/\{([^}]+)\}/g, ':$1');
        const allowed = EMBED_VIEW_READS[view].includes(route);
        const status = (await call(r.body.token, 'GET', path)).status;
        if (allowed ? status === 403 || status === 401 : status !== 403) {
          failures.push(`${view} GET ${template}: ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The flags view, as the attacker tried it: no users, keys, history, uploads, exports or settings.
    const flags = await t.buyer.request<EmbedSession>('POST', '/v1/embedSessions', {
      origin: 'https://intranet.example.test',
      view: 'flags',
    });
    expect((await call(flags.body.token, 'GET', '/v1/flags')).status).toBe(200);
    for (const path of ['/v1/users', '/v1/apiKeys', '/v1/events', '/v1/openOrderUploads', '/v1/fileExports']) {
      expect((await call(flags.body.token, 'GET', path)).status, path).toBe(403);
    }
  });

  it('takes a custom lifetime and can be issued with an API key', async () => {
    const t = await createTenant();
    await allowOrigins(t, ['https://portal.example.test:8443']);
    const key = await t.admin.request<ApiKey>('POST', '/v1/apiKeys', { name: 'Intranet backend' });
    const r = await call<EmbedSession>(key.body.secret!, 'POST', '/v1/embedSessions', {
      origin: 'https://portal.example.test:8443',
      view: 'flags',
      ttlSeconds: 60,
    });
    expect(r.status).toBe(201);
    expect(Date.parse(r.body.expires)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect((await call(r.body.token, 'GET', '/v1/orders')).status).toBe(200);
  });

  it('refuses origins off the allowlist with 422, bad input with 400, and vendors with 403', async () => {
    const t = await createTenant();
    const other = await createTenant();
    await allowOrigins(t, ['https://intranet.example.test']);
    await allowOrigins(other, ['https://elsewhere.example.test']);
    const off = await t.buyer.request<ApiError>('POST', '/v1/embedSessions', {
      origin: 'https://elsewhere.example.test',
      view: 'orders',
    });
    expect(off.status).toBe(422);
    expect(off.body.field).toBe('origin');
    expect(off.body.message).toContain('https://elsewhere.example.test');
    const httpInstead = await t.buyer.request<ApiError>('POST', '/v1/embedSessions', {
      origin: 'http://intranet.example.test',
      view: 'orders',
    });
    expect(httpInstead.status).toBe(422);

    const cases: [unknown, string][] = [
      [{ view: 'orders' }, 'origin'],
      [{ origin: 'not a url', view: 'orders' }, 'origin'],
      [{ origin: 'https://intranet.example.test/dashboard', view: 'orders' }, 'origin'],
      [{ origin: 'https://intranet.example.test', view: 'admin' }, 'view'],
      [{ origin: 'https://intranet.example.test', view: 'orders', ttlSeconds: 30 }, 'ttlSeconds'],
      [{ origin: 'https://intranet.example.test', view: 'orders', ttlSeconds: 7200 }, 'ttlSeconds'],
      [{ origin: 'https://intranet.example.test', view: 'orders', write: true }, 'write'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/embedSessions', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    const vendor = await t.vendor.request('POST', '/v1/embedSessions', {
      origin: 'https://intranet.example.test',
      view: 'orders',
    });
    expect(vendor.status).toBe(403);

    const { db } = await server();
    const embeds = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.sid', 'sessions.userSid')
      .select('sessions.sid')
      .where('users.organizationSid', '=', t.organizationSid)
      .where('sessions.kind', '=', 'embed')
      .execute();
    expect(embeds).toEqual([]);
  });
});
