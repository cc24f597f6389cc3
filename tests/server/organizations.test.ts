// The organization, its settings and its users: scoping, roles, versions,
// passwords and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { call, createTenant, server } from './support/harness.ts';

interface Organization {
  sid: string;
  name: string | null;
  created: string;
  updated: string;
}
interface Settings {
  sid: string;
  version: number;
  defaultTimeZone: string | null;
  defaultUnresponsiveAfterBusinessDays: number | null;
  defaultItemGroupCadence: string | null;
  sendAutomatedUpdateRequests: boolean;
  pastDueBusinessDays: number | null;
  defaultPastDueCadenceSid: string | null;
}
interface User {
  sid: string;
  email: string | null;
  organizationSid: string;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  employee: boolean;
  password: boolean;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function eventTypes(organizationSid: string): Promise<string[]> {
  const { db } = await server();
  const rows = await db
    .selectFrom('events')
    .select('eventType')
    .where('organizationSid', '=', organizationSid)
    .orderBy('eventTime')
    .execute();
  return rows.map((r) => r.eventType);
}

async function userRow(sid: string) {
  const { db } = await server();
  return db.selectFrom('users').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
}

async function makeCadence(organizationSid: string): Promise<string> {
  const { db } = await server();
  const sid = newSid('CA');
  const now = new Date();
  await db
    .insertInto('cadences')
    .values({
      sid,
      organizationSid,
      created: now,
      updated: now,
      delaySeconds: 86400,
      unresponsiveAfterBusinessDays: null,
      maxAttempts: null,
      messageType: 'email',
      title: 'Daily',
    })
    .execute();
  return sid;
}

describe('organizations', () => {
  it('reads the own organization, for every role, and answers 404 for another', async () => {
    const a = await createTenant('Alpha');
    const b = await createTenant('Beta');
    for (const caller of [a.admin, a.buyer, a.vendor]) {
      const r = await caller.request<Organization>('GET', `/v1/organizations/${a.organizationSid}`);
      expect(r.status).toBe(200);
      expect(r.body.sid).toBe(a.organizationSid);
      expect(r.body.name).toMatch(/^Alpha /);
      expect(Object.keys(r.body).sort()).toEqual(['created', 'logo100x100', 'name', 'sid', 'updated']);
    }
    expect((await b.admin.request('GET', `/v1/organizations/${a.organizationSid}`)).status).toBe(404);
    expect((await a.admin.request('GET', `/v1/organizations/OGnosuchorganization0000000000`)).status).toBe(404);
  });

  it('lets an administrator rename it, records the change and refuses everyone else', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const r = await t.admin.request<Organization>('PATCH', `/v1/organizations/${t.organizationSid}`, {
      name: '  Renamed Ltd ',
    });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('Renamed Ltd');
    const { db } = await server();
    const stored = await db
      .selectFrom('organizations')
      .selectAll()
      .where('sid', '=', t.organizationSid)
      .executeTakeFirstOrThrow();
    expect(stored.name).toBe('Renamed Ltd');
    expect(await eventTypes(t.organizationSid)).toContain('organization.updated');

    expect((await t.buyer.request('PATCH', `/v1/organizations/${t.organizationSid}`, { name: 'x' })).status).toBe(403);
    expect((await t.vendor.request('PATCH', `/v1/organizations/${t.organizationSid}`, { name: 'x' })).status).toBe(403);
    const foreign = await other.admin.request('PATCH', `/v1/organizations/${t.organizationSid}`, { name: 'Hijacked' });
    expect(foreign.status).toBe(404);
    const after = await db
      .selectFrom('organizations')
      .select('name')
      .where('sid', '=', t.organizationSid)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe('Renamed Ltd');
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const path = `/v1/organizations/${t.organizationSid}`;
    const cases: [unknown, string][] = [
      [{ name: null }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 5 }, 'name'],
      [{ name: 'x'.repeat(256) }, 'name'],
      [{ name: 'ok', logo: 'x' }, 'logo'],
    ];
    for (const [body, field] of cases) {
      const r = await t.admin.request<ApiError>('PATCH', path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const unchanged = await t.admin.request<Organization>('GET', path);
    expect(unchanged.body.name).toMatch(/^Test /);
  });

  it('shows the public view: name and logo', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const { db } = await server();
    await db
      .updateTable('organizations')
      .set({ logo100x100: 'https://cdn.example.test/logo.png' })
      .where('sid', '=', t.organizationSid)
      .execute();
    const r = await t.vendor.request<{ sid: string; name: string; logo100x100: string | null }>(
      'GET',
      `/v1/organizations/${t.organizationSid}/public`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      sid: t.organizationSid,
      name: expect.stringMatching(/^Test /) as unknown,
      logo100x100: 'https://cdn.example.test/logo.png',
      vendorChangesNeedApproval: false,
    });
    expect((await other.buyer.request('GET', `/v1/organizations/${t.organizationSid}/public`)).status).toBe(404);
  });
});

describe('organization settings', () => {
  it('reads by organization sid or settings sid, and updates with a new version', async () => {
    const t = await createTenant();
    const byOrg = await t.buyer.request<Settings>('GET', `/v1/organizationSettings/${t.organizationSid}`);
    expect(byOrg.status).toBe(200);
    expect(byOrg.body.sid).toMatch(/^OS[0-9a-z]{28}$/);
    expect(byOrg.body.version).toBe(1);
    expect(byOrg.body.defaultTimeZone).toBe('UTC');
    expect(byOrg.headers.get('etag')).toBe('"1"');
    const bySid = await t.buyer.request<Settings>('GET', `/v1/organizationSettings/${byOrg.body.sid}`);
    expect(bySid.body).toEqual(byOrg.body);

    const cadenceSid = await makeCadence(t.organizationSid);
    const r = await t.admin.request<Settings>('PATCH', `/v1/organizationSettings/${byOrg.body.sid}`, {
      defaultTimeZone: 'europe/berlin',
      defaultUnresponsiveAfterBusinessDays: 3,
      defaultItemGroupCadence: cadenceSid,
      sendAutomatedUpdateRequests: false,
      pastDueBusinessDays: 2,
      defaultPastDueCadenceSid: cadenceSid,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      sid: byOrg.body.sid,
      version: 2,
      defaultTimeZone: 'Europe/Berlin',
      defaultUnresponsiveAfterBusinessDays: 3,
      defaultItemGroupCadence: cadenceSid,
      sendAutomatedUpdateRequests: false,
      pastDueBusinessDays: 2,
      defaultPastDueCadenceSid: cadenceSid,
    });
    const { db } = await server();
    const stored = await db
      .selectFrom('organizationSettings')
      .selectAll()
      .where('organizationSid', '=', t.organizationSid)
      .executeTakeFirstOrThrow();
    expect(stored.version).toBe(2);
    expect(stored.defaultTimeZone).toBe('Europe/Berlin');
    expect(stored.sendAutomatedUpdateRequests).toBe(false);
    expect(await eventTypes(t.organizationSid)).toContain('organizationSettings.updated');

    const cleared = await t.admin.request<Settings>('PATCH', `/v1/organizationSettings/${t.organizationSid}`, {
      defaultPastDueCadenceSid: null,
    });
    expect(cleared.body.version).toBe(3);
    expect(cleared.body.defaultPastDueCadenceSid).toBeNull();
    expect(cleared.body.defaultItemGroupCadence).toBe(cadenceSid);
  });

  it('answers a stale If-Match with 412 and writes nothing', async () => {
    const t = await createTenant();
    const path = `/v1/organizationSettings/${t.organizationSid}`;
    await t.admin.request('PATCH', path, { pastDueBusinessDays: 4 });
    const stale = await t.admin.request<ApiError & { current: Settings }>(
      'PATCH',
      path,
      { pastDueBusinessDays: 9 },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.current.version).toBe(2);
    expect(stale.body.current.pastDueBusinessDays).toBe(4);
    const fresh = await t.admin.request<Settings>('PATCH', path, { pastDueBusinessDays: 9 }, { 'if-match': '"2"' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(3);
    expect(fresh.headers.get('etag')).toBe('"3"');
  });

  it('is for the staff to read and the administrator to change; another organization is 404', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const path = `/v1/organizationSettings/${t.organizationSid}`;
    expect((await t.vendor.request('GET', path)).status).toBe(403);
    expect((await t.buyer.request('PATCH', path, { pastDueBusinessDays: 3 })).status).toBe(403);
    const settingsSid = (await t.buyer.request<Settings>('GET', path)).body.sid;
    expect((await other.admin.request('GET', path)).status).toBe(404);
    expect((await other.admin.request('GET', `/v1/organizationSettings/${settingsSid}`)).status).toBe(404);
    expect(
      (await other.admin.request('PATCH', `/v1/organizationSettings/${settingsSid}`, { pastDueBusinessDays: 3 }))
        .status,
    ).toBe(404);
    expect((await t.buyer.request<Settings>('GET', path)).body.version).toBe(1);
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const foreignCadence = await makeCadence(other.organizationSid);
    const path = `/v1/organizationSettings/${t.organizationSid}`;
    const cases: [unknown, string][] = [
      [{ defaultTimeZone: 'Mars/Olympus_Mons' }, 'defaultTimeZone'],
      [{ defaultTimeZone: 5 }, 'defaultTimeZone'],
      [{ defaultUnresponsiveAfterBusinessDays: -1 }, 'defaultUnresponsiveAfterBusinessDays'],
      [{ defaultUnresponsiveAfterBusinessDays: 1.5 }, 'defaultUnresponsiveAfterBusinessDays'],
      [{ pastDueBusinessDays: null }, 'pastDueBusinessDays'],
      [{ pastDueBusinessDays: 100000 }, 'pastDueBusinessDays'],
      [{ sendAutomatedUpdateRequests: null }, 'sendAutomatedUpdateRequests'],
      [{ sendAutomatedUpdateRequests: 'yes' }, 'sendAutomatedUpdateRequests'],
      [{ defaultPastDueCadenceSid: foreignCadence }, 'defaultPastDueCadenceSid'],
      [{ defaultItemGroupCadence: 'CAnosuchcadence000000000000000' }, 'defaultItemGroupCadence'],
      [{ pastDueBusinessDays: 2, holidays: ['25 Dec 2027'] }, 'holidays.0'],
      [{ businessWeekdays: [] }, 'businessWeekdays'],
      [{ businessWeekdays: [1, 8] }, 'businessWeekdays.1'],
      [{ replyTo: 'not an address' }, 'replyTo'],
      [{ cadenceSid: foreignCadence }, 'cadenceSid'],
      [{ pastDueBusinessDays: 2, unknownSetting: true }, 'unknownSetting'],
    ];
    for (const [body, field] of cases) {
      const r = await t.admin.request<ApiError>('PATCH', path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const unchanged = await t.admin.request<Settings>('GET', path);
    expect(unchanged.body.version).toBe(1);
    expect(unchanged.body.pastDueBusinessDays).toBe(1);
  });

  it('gives an organization without settings the defaults on first read', async () => {
    const t = await createTenant();
    const { db } = await server();
    await db.deleteFrom('organizationSettings').where('organizationSid', '=', t.organizationSid).execute();
    const r = await t.buyer.request<Settings>('GET', `/v1/organizationSettings/${t.organizationSid}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 1, defaultTimeZone: 'UTC', sendAutomatedUpdateRequests: true });
    const again = await t.buyer.request<Settings>('GET', `/v1/organizationSettings/${t.organizationSid}`);
    expect(again.body.sid).toBe(r.body.sid);
  });
});

describe('users', () => {
  it('lists the organization’s users in pages, for the staff only', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const all = await t.buyer.request<Page<'users', User>>('GET', '/v1/users');
    expect(all.status).toBe(200);
    expect(all.body.users).toHaveLength(3);
    expect(new Set(all.body.users.map((u) => u.organizationSid))).toEqual(new Set([t.organizationSid]));
    expect(all.body.users.every((u) => !u.password && !u.employee)).toBe(true);
    const first = await t.admin.request<Page<'users', User>>('GET', '/v1/users?pageSize=2');
    expect(first.body.users).toHaveLength(2);
    const second = await t.admin.request<Page<'users', User>>(
      'GET',
      `/v1/users?pageSize=2&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(second.body.users).toHaveLength(1);
    expect(second.body.page.nextPageToken).toBeNull();
    expect([...first.body.users, ...second.body.users].map((u) => u.sid).sort()).toEqual(
      all.body.users.map((u) => u.sid).sort(),
    );
    const filtered = await t.buyer.request<Page<'users', User>>(
      'GET',
      `/v1/users?organizationSid=${other.organizationSid}`,
    );
    expect(filtered.body.users).toEqual([]);
    const own = await t.buyer.request<Page<'users', User>>('GET', `/v1/users?organizationSid=${t.organizationSid}`);
    expect(own.body.users).toHaveLength(3);
    expect((await t.vendor.request('GET', '/v1/users')).status).toBe(403);
    expect((await t.buyer.request<ApiError>('GET', '/v1/users?pageSize=0')).body.field).toBe('pageSize');
  });

  it('reads a user by sid or email; vendors only themselves; another organization is 404', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const admin = await userRow(t.admin.userSid);
    const bySid = await t.buyer.request<User>('GET', `/v1/users/${admin.sid}`);
    expect(bySid.status).toBe(200);
    expect(bySid.body).toMatchObject({ sid: admin.sid, email: admin.email, firstName: 'Admin', password: false });
    const byEmail = await t.buyer.request<User>('GET', `/v1/users/${encodeURIComponent(admin.email.toUpperCase())}`);
    expect(byEmail.body.sid).toBe(admin.sid);
    expect((await t.vendor.request<User>('GET', `/v1/users/${t.vendor.userSid}`)).status).toBe(200);
    expect((await t.vendor.request('GET', `/v1/users/${admin.sid}`)).status).toBe(403);
    expect((await other.admin.request('GET', `/v1/users/${admin.sid}`)).status).toBe(404);
    expect((await other.admin.request('GET', `/v1/users/${encodeURIComponent(admin.email)}`)).status).toBe(404);
  });

  it('shows a user’s public profile to the organization, and to a vendor only for people on its own orders', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const buyer = await userRow(t.buyer.userSid);
    const admin = await userRow(t.admin.userSid);
    expect((await t.admin.request('GET', `/v1/users/${buyer.sid}/profile`)).status).toBe(200);
    // Not yet on any of the vendor's orders: the vendor is answered as for an address without an account.
    const hidden = await t.vendor.request('GET', `/v1/users/${encodeURIComponent(buyer.email)}/profile`);
    const unknown = await t.vendor.request('GET', `/v1/users/${encodeURIComponent('nobody@example.test')}/profile`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(unknown.body);
    const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: 'PO-PROFILE',
      vendorName: t.vendorName,
    });
    await t.buyer.request('POST', '/v1/orderMembers', { orderSid: order.body.sid, memberSid: buyer.sid });
    const r = await t.vendor.request<{ name: string | null; email: string | null }>(
      'GET',
      `/v1/users/${buyer.sid}/profile`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: `Buyer ${buyer.lastName}`, email: buyer.email });
    // The admin is on none of its orders; an order of the other vendor does not count either.
    const otherOrder = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: 'PO-OTHER',
      vendorName: t.otherVendorName,
    });
    await t.buyer.request('POST', '/v1/orderMembers', { orderSid: otherOrder.body.sid, memberSid: admin.sid });
    expect((await t.vendor.request('GET', `/v1/users/${admin.sid}/profile`)).status).toBe(404);
    expect((await t.vendor.request('GET', `/v1/users/${t.vendor.userSid}/profile`)).status).toBe(200);
    expect((await other.buyer.request('GET', `/v1/users/${buyer.sid}/profile`)).status).toBe(404);
  });

  it('lets users update themselves and administrators update anyone of the organization', async () => {
    const t = await createTenant();
    const other = await createTenant();
    const self = await t.buyer.request<User>('PATCH', `/v1/users/${t.buyer.userSid}`, {
      firstName: 'Grace',
      lastName: 'Hopper',
      phoneNumber: '+1 555 0100',
    });
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', phoneNumber: '+1 555 0100' });
    const stored = await userRow(t.buyer.userSid);
    expect(stored.firstName).toBe('Grace');
    expect(stored.phoneNumber).toBe('+1 555 0100');
    expect(await eventTypes(t.organizationSid)).toContain('user.updated');

    const byAdmin = await t.admin.request<User>('PATCH', `/v1/users/${t.buyer.userSid}`, { phoneNumber: null });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.phoneNumber).toBeNull();
    expect(byAdmin.body.firstName).toBe('Grace');

    expect((await t.buyer.request('PATCH', `/v1/users/${t.admin.userSid}`, { firstName: 'Mallory' })).status).toBe(403);
    expect((await t.vendor.request('PATCH', `/v1/users/${t.buyer.userSid}`, { firstName: 'Mallory' })).status).toBe(
      403,
    );
    expect((await other.admin.request('PATCH', `/v1/users/${t.buyer.userSid}`, { firstName: 'Mallory' })).status).toBe(
      404,
    );
    expect((await userRow(t.admin.userSid)).firstName).toBe('Admin');
    expect((await userRow(t.buyer.userSid)).firstName).toBe('Grace');
  });

  it('sets and changes a password: the current one is required once there is one', async () => {
    const t = await createTenant();
    const user = await userRow(t.buyer.userSid);
    const path = `/v1/users/${user.sid}`;

    const set = await t.buyer.request<User>('PATCH', path, { newPassword: 'first secret 1' });
    expect(set.status).toBe(200);
    expect(set.body.password).toBe(true);
    expect((await userRow(user.sid)).passwordHash).toMatch(/^\$argon2id\$/);
    const login = await call<{ token: string }>(null, 'POST', '/v1/session/login', {
      email: user.email,
      password: 'first secret 1',
    });
    expect(login.status).toBe(200);

    const missing = await t.buyer.request<ApiError>('PATCH', path, { newPassword: 'second secret 2' });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('currentPassword');
    const wrong = await t.buyer.request<ApiError>('PATCH', path, {
      newPassword: 'second secret 2',
      currentPassword: 'not it at all',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('currentPassword');
    const short = await t.buyer.request<ApiError>('PATCH', path, { newPassword: 'short', currentPassword: 'x' });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('newPassword');
    // The admin needs it too: a password that is set is changed only by someone who knows it.
    expect((await t.admin.request<ApiError>('PATCH', path, { newPassword: 'admin chosen 3' })).body.field).toBe(
      'currentPassword',
    );

    const changed = await t.buyer.request<User>('PATCH', path, {
      newPassword: 'second secret 2',
      currentPassword: 'first secret 1',
    });
    expect(changed.status).toBe(200);
    // The session that changed it goes on; the others are signed out.
    expect((await t.buyer.request('GET', '/v1/session')).status).toBe(200);
    expect((await call(login.body.token, 'GET', '/v1/session')).status).toBe(401);
    const oldLogin = await call(null, 'POST', '/v1/session/login', { email: user.email, password: 'first secret 1' });
    expect(oldLogin.status).toBe(401);
    const newLogin = await call(null, 'POST', '/v1/session/login', { email: user.email, password: 'second secret 2' });
    expect(newLogin.status).toBe(200);
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const path = `/v1/users/${t.buyer.userSid}`;
    const cases: [unknown, string][] = [
      [{ firstName: 5 }, 'firstName'],
      [{ lastName: 'x'.repeat(256) }, 'lastName'],
      [{ email: 'new@example.test' }, 'email'],
      [{ newPassword: 12345678 }, 'newPassword'],
      [{ firstName: 'Changed', role: 'admin' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('PATCH', path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field).toBe(field);
    }
    const stored = await userRow(t.buyer.userSid);
    expect(stored.firstName).toBe('Buyer');
    expect(stored.role).toBe('buyer');
  });
});
