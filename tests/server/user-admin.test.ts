// The organization's people, administered: an invitation by email that sets a
// password once, roles, deactivation (no sign-in, no session, no API key) and
// signing a user out everywhere. Admins only; other organizations' users are
// out of reach.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { addUser, call, createTenant, server, type Tenant } from './support/harness.ts';

interface User {
  sid: string;
  email: string;
  role: string;
  deactivated: string | null;
  password: boolean;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}

async function inviteToken(t: Tenant, email: string): Promise<string> {
  const { db } = await server();
  const email_ = await db
    .selectFrom('outboxEmails')
    .select(['textBody', 'subject'])
    .where('organizationSid', '=', t.organizationSid)
    .where('kind', '=', 'userInvite')
    .where('toAddress', '=', email)
    .executeTakeFirstOrThrow();
  const token = /\/invite#token=([^\s]+)/.exec(email_.textBody ?? '')?.[1];
  if (!token) throw new Error(`no invite link in ${email_.textBody}`);
  return decodeURIComponent(token);
}

const login = (email: string, password: string) =>
  call<{ token?: string; message?: string }>(null, 'POST', '/v1/session/login', { email, password });

describe('inviting a user', () => {
  it('emails a single-use link that sets the password and signs the user in', async () => {
    const t = await createTenant('Invite');
    const email = `new.buyer.${Date.now().toString(36)}@example.test`;
    const invited = await t.admin.request<User>('POST', '/v1/users/invites', {
      email,
      role: 'buyer',
      firstName: 'Nia',
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'buyer', password: false, deactivated: null });
    const token = await inviteToken(t, email);
    // Too short a password is refused naming it, and the link still works.
    const short = await call<ApiError>(null, 'POST', '/v1/session/invite', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('password');
    const accepted = await call<{ token: string; user: { email: string } }>(null, 'POST', '/v1/session/invite', {
      token,
      password: 'a long enough password',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.user.email).toBe(email);
    expect((await call(accepted.body.token, 'GET', '/v1/orders')).status).toBe(200);
    // Once only; then the password signs in.
    const again = await call<ApiError>(null, 'POST', '/v1/session/invite', { token, password: 'another password' });
    expect(again.status).toBe(401);
    expect((await login(email, 'a long enough password')).status).toBe(200);
    expect((await login(email, 'another password')).status).toBe(401);
    expect((await call(null, 'POST', '/v1/session/invite', { token: 'ui_forged', password: 'whatever1' })).status).toBe(
      401,
    );
    // On a server that sends no mail the Mailbox shows live links, but an invitation's to admins only: a buyer
    // reading it could otherwise take the account.
    const { db } = await server();
    const live = createApp({ db, portalLinksLive: true });
    const sent = await db
      .selectFrom('outboxEmails')
      .select('sid')
      .where('kind', '=', 'userInvite')
      .where('toAddress', '=', email)
      .executeTakeFirstOrThrow();
    const read = async (who: Tenant['buyer']) => {
      const r = await live.request(`http://127.0.0.1/v1/outboxEmails/${sent.sid}`, {
        headers: { authorization: `Bearer ${who.token}` },
      });
      return ((await r.json()) as { textBody: string }).textBody;
    };
    expect(await read(t.buyer)).toContain('/invite#token=hidden');
    expect(await read(t.buyer)).not.toContain(encodeURIComponent(token));
    expect(await read(t.admin)).toContain(encodeURIComponent(token));
  });

  it('refuses a taken address, bad input and anyone but an admin, writing nothing', async () => {
    const t = await createTenant('Invite refused');
    const { db } = await server();
    const count = async () =>
      (await db.selectFrom('users').select('sid').where('organizationSid', '=', t.organizationSid).execute()).length;
    const before = await count();
    const buyerEmail = (await t.buyer.request<User>('GET', `/v1/users/${t.buyer.userSid}`)).body.email;
    const taken = await t.admin.request<ApiError>('POST', '/v1/users/invites', {
      email: buyerEmail.toUpperCase(),
      role: 'buyer',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe('email');
    const bad = await t.admin.request<ApiError>('POST', '/v1/users/invites', { email: 'not an email', role: 'buyer' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('email');
    const vendorRole = await t.admin.request<ApiError>('POST', '/v1/users/invites', {
      email: 'x@example.test',
      role: 'vendor',
    });
    expect(vendorRole.status).toBe(400);
    expect(vendorRole.body.field).toBe('role');
    for (const who of [t.buyer, t.vendor]) {
      expect((await who.request('POST', '/v1/users/invites', { email: 'y@example.test', role: 'buyer' })).status).toBe(
        403,
      );
    }
    expect((await call(null, 'POST', '/v1/users/invites', { email: 'z@example.test', role: 'buyer' })).status).toBe(
      401,
    );
    expect(await count()).toBe(before);
  });
});

describe('access', () => {
  it('changes a role; a deactivated user cannot sign in and its sessions and API keys stop', async () => {
    const t = await createTenant('Access');
    const colleague = await addUser(t, 'admin');
    const key = await colleague.request<{ secret: string }>('POST', '/v1/apiKeys', { name: 'Their key' });
    expect((await call(key.body.secret, 'GET', '/v1/orders')).status).toBe(200);

    const demoted = await t.admin.request<User>('POST', `/v1/users/${colleague.userSid}/access`, { role: 'buyer' });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    expect(demoted.body.role).toBe('buyer');
    // Read anew on each request: the demoted user is no admin any more.
    expect((await colleague.request('GET', '/v1/embedSettings')).status).toBe(403);

    const off = await t.admin.request<User>('POST', `/v1/users/${colleague.userSid}/access`, { deactivated: true });
    expect(off.body.deactivated).not.toBeNull();
    expect((await colleague.request('GET', '/v1/orders')).status).toBe(401);
    expect((await call(key.body.secret, 'GET', '/v1/orders')).status).toBe(401);
    const { db } = await server();
    await db
      .updateTable('users')
      .set({
        passwordHash: (
          await db
            .selectFrom('users')
            .select('passwordHash')
            .where('sid', '=', t.buyer.userSid)
            .executeTakeFirstOrThrow()
        ).passwordHash,
      })
      .where('sid', '=', colleague.userSid)
      .execute();
    const on = await t.admin.request<User>('POST', `/v1/users/${colleague.userSid}/access`, { deactivated: false });
    expect(on.body.deactivated).toBeNull();
    // Its old session stays ended; its key works again with the account.
    expect((await colleague.request('GET', '/v1/orders')).status).toBe(401);
    expect((await call(key.body.secret, 'GET', '/v1/orders')).status).toBe(200);
  });

  it('refuses a deactivated account at sign-in, saying so only to whoever knows the password', async () => {
    const t = await createTenant('Access sign-in');
    const { db } = await server();
    const { hashPassword } = await import('../../server/http/auth.ts');
    const buyer = await addUser(t, 'buyer');
    const email = `off.${Date.now().toString(36)}@example.test`;
    await db
      .updateTable('users')
      .set({ email, passwordHash: await hashPassword('correct horse') })
      .where('sid', '=', buyer.userSid)
      .execute();
    expect((await login(email, 'correct horse')).status).toBe(200);
    await t.admin.request('POST', `/v1/users/${buyer.userSid}/access`, { deactivated: true });
    const refused = await login(email, 'correct horse');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain('deactivated');
    const wrong = await login(email, 'wrong horse');
    expect(wrong.body.message).toBe('The email or password is not right.');
  });

  it('keeps an admin from changing its own access, vendor users to their vendor, and other organizations out', async () => {
    const t = await createTenant('Access refused');
    const other = await createTenant('Access other');
    const self = await t.admin.request<ApiError>('POST', `/v1/users/${t.admin.userSid}/access`, { role: 'buyer' });
    expect(self.status).toBe(409);
    expect(self.body.field).toBe('role');
    const selfOff = await t.admin.request<ApiError>('POST', `/v1/users/${t.admin.userSid}/access`, {
      deactivated: true,
    });
    expect(selfOff.body.field).toBe('deactivated');
    expect((await t.admin.request('POST', `/v1/users/${t.vendor.userSid}/access`, { role: 'buyer' })).status).toBe(409);
    expect((await t.admin.request('POST', `/v1/users/${other.buyer.userSid}/access`, { role: 'admin' })).status).toBe(
      404,
    );
    expect((await t.buyer.request('POST', `/v1/users/${t.admin.userSid}/access`, { role: 'buyer' })).status).toBe(403);
    const empty = await t.admin.request<ApiError>('POST', `/v1/users/${t.buyer.userSid}/access`, {});
    expect(empty.status).toBe(400);
    // Nothing changed.
    expect((await t.admin.request<User>('GET', `/v1/users/${t.admin.userSid}`)).body.role).toBe('admin');
  });

  it('signs a user out everywhere', async () => {
    const t = await createTenant('Sign out everywhere');
    const other = await createTenant('Sign out other');
    expect((await t.buyer.request('GET', '/v1/orders')).status).toBe(200);
    expect((await t.admin.request('POST', `/v1/users/${t.buyer.userSid}/sessions/reset`)).status).toBe(204);
    expect((await t.buyer.request('GET', '/v1/orders')).status).toBe(401);
    expect((await t.admin.request('POST', `/v1/users/${other.buyer.userSid}/sessions/reset`)).status).toBe(404);
    expect((await other.buyer.request('GET', '/v1/orders')).status).toBe(200);
    expect((await t.vendor.request('POST', `/v1/users/${t.admin.userSid}/sessions/reset`)).status).toBe(403);
  });
});
