// Contract cases for the organization, its settings and users, order members
// and invites, applications, API keys and embed sessions.
import { newSid } from '../../../server/domain/sid.ts';
import { randomToken, tokenHash } from '../../../server/http/auth.ts';
import { server, type Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A 1×1 PNG, as the form field a logo upload takes. */
export function logoForm(): FormData {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'logo.png');
  return form;
}

async function makeOrder(t: Tenant): Promise<string> {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: unique('PO'),
    vendorName: t.vendorName,
  });
  if (order.status !== 201) throw new Error('could not make an order');
  return order.body.sid;
}

async function makeMember(t: Tenant, orderSid?: string, memberSid = t.buyer.userSid): Promise<string> {
  const member = await t.buyer.request<{ sid: string }>('POST', '/v1/orderMembers', {
    orderSid: orderSid ?? (await makeOrder(t)),
    memberSid,
  });
  if (member.status !== 201) throw new Error('could not make an order member');
  return member.body.sid;
}

/** No operation creates an invite: it comes from the invitation flow, so it is inserted. */
async function makeInvite(t: Tenant, orderSid: string, email: string): Promise<string> {
  const { db } = await server();
  const now = new Date();
  const sid = newSid('OI');
  await db
    .insertInto('orderInvites')
    .values({ sid, organizationSid: t.organizationSid, created: now, updated: now, orderSid, email, type: 'updating' })
    .execute();
  return sid;
}

/** No operation creates an application: it is inserted. */
async function makeApplication(t: Tenant): Promise<string> {
  const { db } = await server();
  const now = new Date();
  const sid = newSid('AP');
  await db
    .insertInto('applications')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      name: 'Contract application',
      secretHash: tokenHash(randomToken('fa')),
    })
    .execute();
  return sid;
}

async function makeApiKey(t: Tenant): Promise<string> {
  const key = await t.admin.request<{ sid: string }>('POST', '/v1/apiKeys', { name: unique('key') });
  if (key.status !== 201) throw new Error('could not make an API key');
  return key.body.sid;
}

async function settingsSid(t: Tenant): Promise<string> {
  const settings = await t.admin.request<{ sid: string }>('GET', `/v1/organizationSettings/${t.organizationSid}`);
  if (settings.status !== 200) throw new Error('could not read the organization settings');
  return settings.body.sid;
}

const future = () => new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString();

export const cases: ContractCase[] = [
  {
    operationId: 'getOrganization',
    prepare: (t) => Promise.resolve({ path: `/v1/organizations/${t.organizationSid}`, vendorMay: true }),
  },
  {
    operationId: 'updateOrganization',
    prepare: (t) =>
      Promise.resolve({ path: `/v1/organizations/${t.organizationSid}`, body: { name: unique('Org') }, as: 'admin' }),
  },
  {
    operationId: 'uploadOrganizationLogo',
    prepare: (t) =>
      Promise.resolve({
        path: `/v1/organizations/${t.organizationSid}/logo`,
        body: logoForm(),
        as: 'admin',
        repeatWrites: 'each upload stores the image sent, as a new file',
      }),
  },
  {
    operationId: 'deleteOrganizationLogo',
    prepare: async (t) => {
      const path = `/v1/organizations/${t.organizationSid}/logo`;
      const uploaded = await t.admin.request('PUT', path, logoForm());
      if (uploaded.status !== 200) throw new Error(`could not upload a logo: ${uploaded.status}`);
      return { path, as: 'admin' };
    },
  },
  {
    operationId: 'getPublicOrganization',
    prepare: (t) => Promise.resolve({ path: `/v1/organizations/${t.organizationSid}/public`, as: 'vendor' }),
  },
  {
    operationId: 'listUsers',
    prepare: (t) => Promise.resolve({ path: `/v1/users?organizationSid=${t.organizationSid}&pageSize=10` }),
  },
  {
    operationId: 'getUser',
    prepare: (t) => Promise.resolve({ path: `/v1/users/${t.admin.userSid}` }),
  },
  {
    operationId: 'updateUser',
    prepare: (t) => {
      // The same password as new and current: valid before the first change and after it.
      const password = 'contract password 1';
      return Promise.resolve({
        path: `/v1/users/${t.buyer.userSid}`,
        body: {
          firstName: 'Contract',
          lastName: 'Buyer',
          phoneNumber: '+1 555 0199',
          newPassword: password,
          currentPassword: password,
        },
        repeatWrites: 'a new password is set each time: a new hash, and the other sessions signed out',
      });
    },
  },
  {
    operationId: 'getUserProfile',
    // A vendor sees the profiles of the people on its own orders.
    prepare: async (t) => {
      await makeMember(t);
      return { path: `/v1/users/${t.buyer.userSid}/profile`, as: 'vendor' };
    },
  },
  {
    operationId: 'getOrganizationSettings',
    prepare: async (t) => ({ path: `/v1/organizationSettings/${await settingsSid(t)}` }),
  },
  {
    operationId: 'updateOrganizationSettings',
    prepare: async (t) => ({
      path: `/v1/organizationSettings/${await settingsSid(t)}`,
      body: {
        defaultTimeZone: 'America/New_York',
        defaultUnresponsiveAfterBusinessDays: 4,
        sendAutomatedUpdateRequests: false,
        pastDueBusinessDays: 2,
        defaultPastDueCadenceSid: null,
      },
      as: 'admin',
    }),
  },
  {
    operationId: 'listOrderMembers',
    prepare: async (t) => {
      const orderSid = await makeOrder(t);
      await makeMember(t, orderSid);
      return { path: `/v1/orderMembers?orderSid=${orderSid}&memberSid=${t.buyer.userSid}&pageSize=10` };
    },
  },
  {
    operationId: 'createOrderMember',
    prepare: async (t) => ({
      path: '/v1/orderMembers',
      body: { sid: newSid('OM'), orderSid: await makeOrder(t), memberSid: t.admin.userSid, type: 'updating' },
    }),
  },
  {
    operationId: 'bulkDeleteOrderMembers',
    prepare: async (t) => {
      const orderSid = await makeOrder(t);
      const a = await makeMember(t, orderSid, t.buyer.userSid);
      const b = await makeMember(t, orderSid, t.admin.userSid);
      return { path: `/v1/orderMembers?orderMemberSid=${a}&orderMemberSid=${b}` };
    },
  },
  {
    operationId: 'deleteOrderMember',
    prepare: async (t) => ({ path: `/v1/orderMembers/${await makeMember(t)}` }),
  },
  {
    operationId: 'listOrderInvites',
    prepare: async (t) => {
      const orderSid = await makeOrder(t);
      await makeInvite(t, orderSid, 'planner@example.test');
      return { path: `/v1/orderInvites?orderSid=${orderSid}&email=planner%40example.test&pageSize=10` };
    },
  },
  {
    operationId: 'listApplications',
    prepare: async (t) => {
      await makeApplication(t);
      return { path: '/v1/applications?pageSize=10', as: 'admin' };
    },
  },
  {
    operationId: 'getApplication',
    prepare: async (t) => ({ path: `/v1/applications/${await makeApplication(t)}`, as: 'admin' }),
  },
  {
    operationId: 'updateApplication',
    prepare: async (t) => ({
      path: `/v1/applications/${await makeApplication(t)}`,
      body: { name: unique('app'), regenerateSecret: true },
      as: 'admin',
      repeatWrites: 'each call makes a new secret',
    }),
  },
  {
    operationId: 'deleteApplication',
    prepare: async (t) => ({ path: `/v1/applications/${await makeApplication(t)}`, as: 'admin' }),
  },
  {
    operationId: 'listApiKeys',
    prepare: async (t) => {
      await makeApiKey(t);
      return { path: '/v1/apiKeys?pageSize=10', as: 'admin' };
    },
  },
  {
    operationId: 'createApiKey',
    prepare: () =>
      Promise.resolve({ path: '/v1/apiKeys', body: { name: unique('key'), expiryDate: future() }, as: 'admin' }),
  },
  {
    operationId: 'updateApiKey',
    prepare: async (t) => ({ path: `/v1/apiKeys/${await makeApiKey(t)}`, body: { name: unique('key') }, as: 'admin' }),
  },
  {
    operationId: 'revokeApiKey',
    prepare: async (t) => ({ path: `/v1/apiKeys/${await makeApiKey(t)}`, as: 'admin' }),
  },
  {
    operationId: 'createEmbedSession',
    prepare: async (t) => {
      const allowed = await t.admin.request('PUT', '/v1/embedSettings', { origins: ['https://intranet.example.test'] });
      if (allowed.status !== 200) throw new Error(`allowlist: ${allowed.status}`);
      return {
        path: '/v1/embedSessions',
        body: { origin: 'https://intranet.example.test', view: 'orders', ttlSeconds: 600 },
      };
    },
  },
  {
    operationId: 'getEmbedSettings',
    prepare: () => Promise.resolve({ path: '/v1/embedSettings', as: 'admin' }),
  },
  {
    operationId: 'updateEmbedSettings',
    prepare: () =>
      Promise.resolve({
        path: '/v1/embedSettings',
        body: { origins: ['https://intranet.example.test', 'http://127.0.0.1:8080'] },
        as: 'admin',
      }),
  },
  {
    operationId: 'inviteUser',
    prepare: () =>
      Promise.resolve({
        path: '/v1/users/invites',
        body: { email: `${unique('invitee')}@example.test`, role: 'buyer', firstName: 'Nia', lastName: null },
        as: 'admin',
      }),
  },
  {
    operationId: 'updateUserAccess',
    prepare: (t) =>
      Promise.resolve({
        path: `/v1/users/${t.buyer.userSid}/access`,
        body: { role: 'buyer', deactivated: false },
        as: 'admin',
      }),
  },
  {
    operationId: 'resetUserSessions',
    prepare: (t) => Promise.resolve({ path: `/v1/users/${t.buyer.userSid}/sessions/reset`, as: 'admin' }),
  },
  {
    operationId: 'acceptUserInvite',
    prepare: async (t) => {
      const { db } = await server();
      const sid = newSid('US');
      const now = new Date();
      await db
        .insertInto('users')
        .values({
          sid,
          organizationSid: t.organizationSid,
          email: `${unique('accept')}@example.test`,
          firstName: null,
          lastName: null,
          phoneNumber: null,
          passwordHash: null,
          role: 'buyer',
          created: now,
          updated: now,
        })
        .execute();
      const token = randomToken('ui');
      await db
        .insertInto('userInvites')
        .values({ tokenHash: tokenHash(token), userSid: sid, expires: new Date(now.getTime() + 86_400_000) })
        .execute();
      return { path: '/v1/session/invite', body: { token, password: 'a chosen password' } };
    },
  },
  {
    operationId: 'createVendor',
    prepare: () =>
      Promise.resolve({
        path: '/v1/vendors',
        body: { name: unique('Vendor'), email: 'orders@vendor.example', code: unique('V') },
        as: 'admin',
      }),
  },
  {
    operationId: 'updateVendor',
    prepare: (t) =>
      Promise.resolve({
        path: `/v1/vendors/${t.vendorSid}`,
        body: { name: unique('Renamed'), email: null },
        as: 'admin',
      }),
  },
  {
    operationId: 'listVendorUsers',
    prepare: (t) => Promise.resolve({ path: `/v1/vendors/${t.vendorSid}/users` }),
  },
  {
    operationId: 'inviteVendorUser',
    prepare: (t) =>
      Promise.resolve({
        path: `/v1/vendors/${t.vendorSid}/users`,
        body: { email: `${unique('contact')}@vendor.example`, firstName: 'Kai' },
        as: 'admin',
      }),
  },
];
