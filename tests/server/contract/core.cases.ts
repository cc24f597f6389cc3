// Contract cases for orders, items, item groups, their histories, events and the session.
import { newSid } from '../../../server/domain/sid.ts';
import { hashPassword, randomToken, tokenHash } from '../../../server/http/auth.ts';
import { server, type Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** An order of the tenant's second vendor (so the vendor user must not see it), with one item and item group. */
export async function makeOrderLine(t: Tenant) {
  const order = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/orders', {
    uniqueName: unique('PO'),
    vendorName: t.otherVendorName,
    title: 'Contract order',
  });
  const item = await t.buyer.request<{ sid: string; uniqueName: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '40',
  });
  const group = await t.buyer.request<{ sid: string; version: number }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    uniqueName: 'ship-1',
    quantity: '40',
    dueDate: '2027-02-01',
  });
  if (order.status !== 201 || item.status !== 201 || group.status !== 201)
    throw new Error('could not make an order line');
  return { order: order.body, item: item.body, group: group.body };
}

export const cases: ContractCase[] = [
  {
    operationId: 'listOrders',
    prepare: async (t) => {
      await makeOrderLine(t);
      return { path: `/v1/orders?pageSize=10&vendorSid=${t.otherVendorSid}` };
    },
  },
  {
    operationId: 'createOrder',
    prepare: () =>
      Promise.resolve({
        path: '/v1/orders',
        body: { uniqueName: unique('PO'), vendorName: 'Contract Vendor', title: 'New order', eventRelations: [] },
      }),
  },
  { operationId: 'getOrder', prepare: async (t) => ({ path: `/v1/orders/${(await makeOrderLine(t)).order.sid}` }) },
  {
    operationId: 'updateOrder',
    prepare: async (t) => ({
      path: `/v1/orders/${(await makeOrderLine(t)).order.sid}`,
      body: { title: 'Renamed', uniqueName: unique('PO') },
    }),
  },
  { operationId: 'deleteOrder', prepare: async (t) => ({ path: `/v1/orders/${(await makeOrderLine(t)).order.sid}` }) },
  {
    operationId: 'listOrderEvents',
    prepare: async (t) => ({ path: `/v1/orders/${(await makeOrderLine(t)).order.sid}/events` }),
  },
  {
    operationId: 'listItems',
    prepare: async (t) => ({ path: `/v1/items?orderSid=${(await makeOrderLine(t)).order.sid}` }),
  },
  {
    operationId: 'createItem',
    prepare: async (t) => {
      const { order } = await makeOrderLine(t);
      return {
        path: '/v1/items',
        body: {
          orderSid: order.sid,
          uniqueName: '20',
          title: 'Capacitor',
          quantity: '250',
          pricePerUnit: '0.012',
          nonRecurringCost: '0',
          leadTime: 14,
          shipTime: 3,
          lineNumber: 20,
          description: '100nF 50V X7R 0603',
          manufacturerPartNumber: 'GRM188R71H104KA93D',
          revision: 'A',
          status: 'active',
        },
      };
    },
  },
  { operationId: 'getItem', prepare: async (t) => ({ path: `/v1/items/${(await makeOrderLine(t)).item.sid}` }) },
  {
    operationId: 'updateItem',
    prepare: async (t) => ({
      path: `/v1/items/${(await makeOrderLine(t)).item.sid}`,
      body: { quantity: '45', description: 'Updated' },
    }),
  },
  { operationId: 'deleteItem', prepare: async (t) => ({ path: `/v1/items/${(await makeOrderLine(t)).item.sid}` }) },
  {
    operationId: 'listItemEvents',
    prepare: async (t) => ({ path: `/v1/items/${(await makeOrderLine(t)).item.sid}/events` }),
  },
  {
    operationId: 'listItemGroups',
    prepare: async (t) => ({ path: `/v1/itemGroups?itemSid=${(await makeOrderLine(t)).item.sid}&statusNot=canceled` }),
  },
  {
    operationId: 'createItemGroup',
    prepare: async (t) => {
      const { item } = await makeOrderLine(t);
      return {
        path: '/v1/itemGroups',
        body: {
          itemSid: item.sid,
          quantity: '10',
          dueDate: '2027-03-01',
          shipDate: '2027-02-25',
          deliveryDate: '2027-03-01',
          shipped: false,
          delivered: false,
          trackingNumber: null,
          uniqueName: 'ship-2',
          status: 'active',
        },
      };
    },
  },
  {
    operationId: 'getItemGroup',
    prepare: async (t) => ({ path: `/v1/itemGroups/${(await makeOrderLine(t)).group.sid}` }),
  },
  {
    operationId: 'updateItemGroup',
    prepare: async (t) => {
      const { group } = await makeOrderLine(t);
      return {
        path: `/v1/itemGroups/${group.sid}`,
        body: { shipDate: '2027-01-20', confirmed: true, trackingNumber: '1Z999', version: group.version },
      };
    },
  },
  {
    operationId: 'deleteItemGroup',
    prepare: async (t) => ({ path: `/v1/itemGroups/${(await makeOrderLine(t)).group.sid}` }),
  },
  {
    operationId: 'bulkUpdateItemGroups',
    prepare: async (t) => {
      const a = await makeOrderLine(t);
      const b = await makeOrderLine(t);
      return {
        path: '/v1/itemGroups/bulk',
        body: [
          { sid: a.group.sid, confirmed: true },
          { sid: b.group.sid, shipDate: '2027-01-30' },
        ],
      };
    },
  },
  {
    operationId: 'listItemGroupEvents',
    prepare: async (t) => ({ path: `/v1/itemGroups/${(await makeOrderLine(t)).group.sid}/events` }),
  },
  {
    operationId: 'listEvents',
    prepare: async (t) => {
      await makeOrderLine(t);
      return { path: '/v1/events?pageSize=5' };
    },
  },
  {
    operationId: 'getEvent',
    prepare: async (t) => {
      await makeOrderLine(t);
      const events = await t.buyer.request<{ events: { sid: string }[] }>('GET', '/v1/events?pageSize=1');
      return { path: `/v1/events/${events.body.events[0].sid}` };
    },
  },
  { operationId: 'getSession', prepare: () => Promise.resolve({ path: '/v1/session' }) },
  {
    operationId: 'logout',
    prepare: () => Promise.resolve({ path: '/v1/session/logout', as: 'admin' as const, anyStaff: true, status: 204 }),
  },
];

async function userWithPassword(t: Tenant, password: string): Promise<string> {
  const { db } = await server();
  const email = `login.${unique('u')}@example.test`;
  await db
    .insertInto('users')
    .values({
      sid: newSid('US'),
      organizationSid: t.organizationSid,
      email,
      firstName: 'Login',
      lastName: 'Case',
      phoneNumber: null,
      passwordHash: await hashPassword(password),
      role: 'buyer',
      created: new Date(),
      updated: new Date(),
    })
    .execute();
  return email;
}

cases.push(
  {
    operationId: 'login',
    prepare: async (t) => {
      const email = await userWithPassword(t, 'correct horse battery');
      return { path: '/v1/session/login', body: { email, password: 'correct horse battery' } };
    },
  },
  {
    operationId: 'exchangeVendorLinkToken',
    prepare: async (t) => {
      const { db } = await server();
      const token = randomToken('fv');
      await db
        .insertInto('vendorLinkTokens')
        .values({
          tokenHash: tokenHash(token),
          userSid: t.vendor.userSid,
          expires: new Date(Date.now() + 3_600_000),
          used: null,
        })
        .execute();
      return { path: '/v1/session/vendorLink', body: { token } };
    },
  },
  {
    operationId: 'renewVendorLink',
    prepare: async (t) => {
      const { db } = await server();
      const token = randomToken('fv');
      await db
        .insertInto('vendorLinkTokens')
        .values({ tokenHash: tokenHash(token), userSid: t.vendor.userSid, expires: new Date(Date.now() - 1000) })
        .execute();
      return { path: '/v1/session/vendorLink/renew', body: { token } };
    },
  },
);
