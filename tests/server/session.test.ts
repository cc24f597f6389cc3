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

/** A new portal link of the user that expires in `expiresInMs` (past when negative); its token. */
async function vendorLink(userSid: string, expiresInMs = 60_000): Promise<string> {
  const { db } = await server();
  const token = randomToken('fv');
  await db
    .insertInto('vendorLinkTokens')
    .values({ tokenHash: tokenHash(token), userSid, expires: new Date(Date.now() + expiresInMs), used: null })
    .execute();
  return token;
}

describe('vendor links', () => {
  it('trade a single-use, unexpired token for a session scoped to the vendor', async () => {
    const t = await createTenant();
    const vendorUser = await userWithPassword(t, 'unused password', 'vendor');
    const { db } = await server();
    const token = await vendorLink(vendorUser.sid);
    const expired = await vendorLink(vendorUser.sid, -60_000);
    const first = await call<SessionBody>(null, 'POST', '/v1/session/vendorLink', { token });
    expect(first.status).toBe(200);
    expect(first.body.role).toBe('vendor');
    expect(first.body.vendorSids).toEqual([t.vendorSid]);
    expect((await call(null, 'POST', '/v1/session/vendorLink', { token })).status).toBe(401);
    expect((await call(null, 'POST', '/v1/session/vendorLink', { token: expired })).status).toBe(401);

    // A link of an account deactivated since it was sent opens nothing.
    const later = await vendorLink(vendorUser.sid);
    await db.updateTable('users').set({ deactivated: new Date() }).where('sid', '=', vendorUser.sid).execute();
    const refused = await call<{ code: string }>(null, 'POST', '/v1/session/vendorLink', { token: later });
    expect([refused.status, refused.body.code]).toEqual([401, 'unauthenticated']);
  });

  it('lets a vendor who came by a link set a first password, then sign in with it; never for someone else', async () => {
    const t = await createTenant();
    const vendorUser = await userWithPassword(t, 'placeholder', 'vendor');
    const { db } = await server();
    // An account made for a vendor contact has no password until the contact sets one.
    await db.updateTable('users').set({ passwordHash: null }).where('sid', '=', vendorUser.sid).execute();
    const token = await vendorLink(vendorUser.sid);
    const linked = await call<SessionBody & { user: { password: boolean } }>(null, 'POST', '/v1/session/vendorLink', {
      token,
    });
    expect(linked.body.user.password).toBe(false);
    expect((await call(null, 'POST', '/v1/session/login', { email: vendorUser.email, password: '' })).status).toBe(400);

    // Not someone else's: the buyer's account is refused, and nothing changes.
    const other = await call(linked.body.token, 'PATCH', `/v1/users/${t.buyer.userSid}`, {
      newPassword: 'taken over!',
    });
    expect(other.status).toBe(403);
    const tooShort = await call<{ field: string }>(linked.body.token, 'PATCH', `/v1/users/${vendorUser.sid}`, {
      newPassword: 'short',
    });
    expect([tooShort.status, tooShort.body.field]).toEqual([400, 'newPassword']);

    const set = await call(linked.body.token, 'PATCH', `/v1/users/${vendorUser.sid}`, {
      newPassword: 'my own password',
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const signedIn = await call<SessionBody>(null, 'POST', '/v1/session/login', {
      email: vendorUser.email,
      password: 'my own password',
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.role).toBe('vendor');
    expect(signedIn.body.vendorSids).toEqual([t.vendorSid]);
    // From then on, changing it takes the current one.
    const again = await call<{ field: string }>(signedIn.body.token, 'PATCH', `/v1/users/${vendorUser.sid}`, {
      newPassword: 'another password',
    });
    expect([again.status, again.body.field]).toEqual([400, 'currentPassword']);
  });
});
