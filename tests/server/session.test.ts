// Sign-in: argon2id passwords, cookie and bearer sessions, revocation, rate
// limits, the Origin check on cookie writes and single-use vendor links.
import { describe, expect, it } from 'vitest';
import { randomToken, tokenHash } from '../../server/http/auth.ts';
import { call, createTenant, server, userWithPassword } from './support/harness.ts';

interface SessionBody {
  token: string;
  role: string;
  user: { sid: string; email: string };
  vendorSids: string[];
}

describe('login', () => {
  it('opens a session with an HttpOnly SameSite cookie and a bearer token; logout revokes it', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'a long passphrase');
    const login = await call<SessionBody>(null, 'POST', '/v1/session/login', {
      email: user.email.toUpperCase(),
      password: 'a long passphrase',
    });
    expect(login.status).toBe(200);
    expect(login.body.user.sid).toBe(user.sid);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^factor_session=fs_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const { db } = await server();
    const stored = await db.selectFrom('sessions').select('tokenHash').where('userSid', '=', user.sid).execute();
    expect(stored.map((s) => s.tokenHash)).toEqual([tokenHash(login.body.token)]);
    expect(stored[0].tokenHash).not.toContain(login.body.token);

    const me = await call<SessionBody>(login.body.token, 'GET', '/v1/session');
    expect(me.body.user.email).toBe(user.email);
    expect((await call(login.body.token, 'POST', '/v1/session/logout')).status).toBe(204);
    expect((await call(login.body.token, 'GET', '/v1/session')).status).toBe(401);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const wrong = await call<{ code: string; message: string }>(null, 'POST', '/v1/session/login', {
      email: user.email,
      password: 'wrong password',
    });
    const unknown = await call<{ code: string; message: string }>(null, 'POST', '/v1/session/login', {
      email: `nobody.${user.sid}@example.test`,
      password: 'wrong password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('checks the Origin of writes that come with the cookie, not of bearer calls', async () => {
    const t = await createTenant();
    const cookie = `factor_session=${t.buyer.token}`;
    const body = { uniqueName: `PO-${t.organizationSid.slice(-6)}`, vendorName: t.vendorName };
    const foreign = await call<{ code: string }>(null, 'POST', '/v1/orders', body, {
      cookie,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    const missing = await call(null, 'POST', '/v1/orders', body, { cookie });
    expect(missing.status).toBe(403);
    const read = await call(null, 'GET', '/v1/orders', undefined, { cookie });
    expect(read.status).toBe(200);
    const own = await call(null, 'POST', '/v1/orders', body, { cookie, origin: 'http://127.0.0.1' });
    expect(own.status).toBe(201);
    const { db } = await server();
    const orders = await db
      .selectFrom('orders')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(orders).toHaveLength(1);
  });

  it('refuses expired and revoked sessions', async () => {
    const t = await createTenant();
    const { db } = await server();
    await db
      .updateTable('sessions')
      .set({ expires: new Date(Date.now() - 1000) })
      .where('userSid', '=', t.buyer.userSid)
      .execute();
    expect((await t.buyer.request('GET', '/v1/orders')).status).toBe(401);
    await db.updateTable('sessions').set({ revoked: new Date() }).where('userSid', '=', t.admin.userSid).execute();
    expect((await t.admin.request('GET', '/v1/orders')).status).toBe(401);
  });
});

describe('vendor links', () => {
  it('trade a single-use, unexpired token for a session scoped to the vendor', async () => {
    const t = await createTenant();
    const vendorUser = await userWithPassword(t, 'unused password', 'vendor');
    const { db } = await server();
    const token = randomToken('fv');
    const expired = randomToken('fv');
    await db
      .insertInto('vendorLinkTokens')
      .values([
        { tokenHash: tokenHash(token), userSid: vendorUser.sid, expires: new Date(Date.now() + 60_000), used: null },
        { tokenHash: tokenHash(expired), userSid: vendorUser.sid, expires: new Date(Date.now() - 60_000), used: null },
      ])
      .execute();
    const first = await call<SessionBody>(null, 'POST', '/v1/session/vendorLink', { token });
    expect(first.status).toBe(200);
    expect(first.body.role).toBe('vendor');
    expect(first.body.vendorSids).toEqual([t.vendorSid]);
    expect((await call(null, 'POST', '/v1/session/vendorLink', { token })).status).toBe(401);
    expect((await call(null, 'POST', '/v1/session/vendorLink', { token: expired })).status).toBe(401);
  });
});
