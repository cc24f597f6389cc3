// Vendors, administered: created and edited by admins (codes unique), and
// their contacts added by email, each with a single-use portal link that
// signs them in to their own lines. Another organization's vendor is out of
// reach.
import { describe, expect, it } from 'vitest';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface Vendor {
  sid: string;
  name: string;
  email: string | null;
  code: string | null;
}
interface User {
  sid: string;
  email: string;
  role: string;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}

async function portalToken(t: Tenant, email: string): Promise<string> {
  const { db } = await server();
  const sent = await db
    .selectFrom('outboxEmails')
    .select(['textBody', 'subject'])
    .where('organizationSid', '=', t.organizationSid)
    .where('kind', '=', 'vendorLink')
    .where('toAddress', '=', email)
    .executeTakeFirstOrThrow();
  expect(sent.subject).toContain('invites you to answer its update requests');
  return decodeURIComponent(/\/portal\/link#token=(\S+)/.exec(sent.textBody ?? '')?.[1] ?? '');
}

describe('vendors', () => {
  it('are created and edited by admins, their codes unique', async () => {
    const t = await createTenant('Vendor admin');
    const made = await t.admin.request<Vendor>('POST', '/v1/vendors', {
      name: ' Orbit Plastics ',
      email: 'orders@orbit.example',
      code: 'V900',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ name: 'Orbit Plastics', email: 'orders@orbit.example', code: 'V900' });
    const listed = await t.buyer.request<{ vendors: Vendor[] }>('GET', '/v1/vendors?q=Orbit');
    expect(listed.body.vendors.map((v) => v.sid)).toEqual([made.body.sid]);

    const twin = await t.admin.request<ApiError>('POST', '/v1/vendors', { name: 'Orbit twin', code: 'V900' });
    expect(twin.status).toBe(409);
    expect(twin.body.field).toBe('code');
    const renamed = await t.admin.request<Vendor>('PATCH', `/v1/vendors/${made.body.sid}`, {
      name: 'Orbit Plastics GmbH',
      email: null,
    });
    expect(renamed.body).toMatchObject({ name: 'Orbit Plastics GmbH', email: null, code: 'V900' });
    const other = await t.admin.request<Vendor>('POST', '/v1/vendors', { name: 'Second', code: 'V901' });
    const clash = await t.admin.request<ApiError>('PATCH', `/v1/vendors/${other.body.sid}`, { code: 'V900' });
    expect(clash.status).toBe(409);
    // Keeping its own code is no clash.
    expect((await t.admin.request('PATCH', `/v1/vendors/${made.body.sid}`, { code: 'V900' })).status).toBe(200);

    const bad = await t.admin.request<ApiError>('POST', '/v1/vendors', { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('name');
    const badEmail = await t.admin.request<ApiError>('POST', '/v1/vendors', { name: 'X', email: 'nope' });
    expect(badEmail.body.field).toBe('email');
    for (const who of [t.buyer, t.vendor]) {
      expect((await who.request('POST', '/v1/vendors', { name: 'Sneaky' })).status).toBe(403);
      expect((await who.request('PATCH', `/v1/vendors/${made.body.sid}`, { name: 'Sneaky' })).status).toBe(403);
    }
    expect((await call(null, 'POST', '/v1/vendors', { name: 'Anon' })).status).toBe(401);
    const elsewhere = await createTenant('Vendor admin other');
    expect((await elsewhere.admin.request('PATCH', `/v1/vendors/${made.body.sid}`, { name: 'Mine' })).status).toBe(404);
  });
});

describe('vendor contacts', () => {
  it('adds a contact by email whose portal link signs in to the vendor’s lines only', async () => {
    const t = await createTenant('Vendor contacts');
    const line = await makeLine(t, { prefix: 'contact' });
    const email = `kai.${Date.now().toString(36)}@vendor.example`;
    const invited = await t.admin.request<User>('POST', `/v1/vendors/${t.vendorSid}/users`, {
      email,
      firstName: 'Kai',
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'vendor' });
    const contacts = await t.buyer.request<{ users: User[] }>('GET', `/v1/vendors/${t.vendorSid}/users`);
    expect(contacts.body.users.map((u) => u.email)).toContain(email);

    const token = await portalToken(t, email);
    const session = await call<{ token: string }>(null, 'POST', '/v1/session/vendorLink', { token });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    const lines = await call<{ itemGroups: { sid: string }[] }>(session.body.token, 'GET', '/v1/itemGroups');
    expect(lines.body.itemGroups.map((g) => g.sid)).toEqual([line.sid]);

    // Twice, or a staff address: refused naming email.
    const again = await t.admin.request<ApiError>('POST', `/v1/vendors/${t.vendorSid}/users`, { email });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('email');
    const staffEmail = (await t.buyer.request<User>('GET', `/v1/users/${t.buyer.userSid}`)).body.email;
    const staff = await t.admin.request<ApiError>('POST', `/v1/vendors/${t.vendorSid}/users`, { email: staffEmail });
    expect(staff.status).toBe(409);
    // The same contact can serve another vendor too.
    const second = await t.admin.request<User>('POST', `/v1/vendors/${t.otherVendorSid}/users`, { email });
    expect(second.status).toBe(201);
    expect(second.body.sid).toBe(invited.body.sid);
  });

  it('keeps other organizations’ vendors and non-admins out', async () => {
    const t = await createTenant('Vendor contacts refused');
    const other = await createTenant('Vendor contacts other');
    expect(
      (await t.admin.request('POST', `/v1/vendors/${other.vendorSid}/users`, { email: 'a@vendor.example' })).status,
    ).toBe(404);
    expect((await t.admin.request('GET', `/v1/vendors/${other.vendorSid}/users`)).status).toBe(404);
    expect(
      (await t.buyer.request('POST', `/v1/vendors/${t.vendorSid}/users`, { email: 'b@vendor.example' })).status,
    ).toBe(403);
    expect((await t.vendor.request('GET', `/v1/vendors/${t.vendorSid}/users`)).status).toBe(403);
    const bad = await t.admin.request<ApiError>('POST', `/v1/vendors/${t.vendorSid}/users`, { email: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('email');
  });
});
