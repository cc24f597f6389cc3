// Contract cases for the follow-up engine's own operations: flag counts and
// bulk updates, asking for an update now, the outbox, the unsubscribe link,
// the development clock, the public-holiday preset, and the follow-up (pause
// and cadence) of orders and vendors.
import { newSid } from '../../../server/domain/sid.ts';
import { unsubscribeSignature } from '../../../server/http/signed-url.ts';
import { server, type Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';

let counter = 0;

/** An open order line of the tenant's vendor that has a contact, so asking about it writes an email. */
async function makeContactLine(t: Tenant) {
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-FU-${Date.now()}-${++counter}`,
    vendorName: t.vendorName,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity: '5',
  });
  const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    uniqueName: '1',
    quantity: '5',
    dueDate: '2027-03-01',
  });
  if (order.status !== 201 || item.status !== 201 || group.status !== 201) throw new Error('could not make a line');
  return { orderSid: order.body.sid, itemSid: item.body.sid, itemGroupSid: group.body.sid };
}

async function makeFlag(t: Tenant): Promise<string> {
  const line = await makeContactLine(t);
  const { db } = await server();
  const sid = newSid('FL');
  const now = new Date();
  await db
    .insertInto('flags')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      type: 'pastDue',
      message: 'Due 1 Mar 2027 and not received',
      dismissed: null,
      orderSid: line.orderSid,
      itemSid: line.itemSid,
      itemGroupSid: line.itemGroupSid,
      cause: '2027-03-01',
    })
    .execute();
  return sid;
}

/** Asks about a new line now: the engine writes a request and its email. */
async function makeEmail(t: Tenant): Promise<string> {
  const line = await makeContactLine(t);
  const r = await t.buyer.request<{ updateRequests: { sid: string }[] }>('POST', '/v1/updateRequests/now', {
    orderSid: line.orderSid,
  });
  if (r.status !== 200 || !r.body.updateRequests.length) throw new Error(`could not ask for an update: ${r.status}`);
  const { db } = await server();
  const email = await db
    .selectFrom('outboxEmails')
    .select('sid')
    .where('updateRequestSid', '=', r.body.updateRequests[0].sid)
    .executeTakeFirstOrThrow();
  return email.sid;
}

function unsubscribeQuery(t: Tenant, email = 'buyer.contact@vendor.example'): string {
  return `organization=${t.organizationSid}&email=${encodeURIComponent(email)}&signature=${unsubscribeSignature(t.organizationSid, email)}`;
}

export const cases: ContractCase[] = [
  {
    operationId: 'countFlags',
    prepare: async (t) => {
      await makeFlag(t);
      return { path: `/v1/flags/counts?status=open&vendorSid=${t.vendorSid}` };
    },
  },
  {
    operationId: 'bulkUpdateFlags',
    prepare: async (t) => ({
      path: '/v1/flags/bulkUpdate',
      body: { sids: [await makeFlag(t), await makeFlag(t)], status: 'resolved', note: 'Called the vendor.' },
    }),
  },
  {
    operationId: 'requestUpdatesNow',
    prepare: async (t) => ({
      path: '/v1/updateRequests/now',
      body: { orderSid: (await makeContactLine(t)).orderSid },
    }),
  },
  {
    operationId: 'getUpdateRequest',
    prepare: async (t) => {
      const r = await t.buyer.request<{ updateRequests: { sid: string }[] }>('POST', '/v1/updateRequests/now', {
        orderSid: (await makeContactLine(t)).orderSid,
      });
      if (r.status !== 200 || !r.body.updateRequests.length)
        throw new Error(`could not ask for an update: ${r.status}`);
      // The vendor reads its own requests (the portal puts their lines first).
      return { path: `/v1/updateRequests/${r.body.updateRequests[0].sid}`, vendorMay: true };
    },
  },
  {
    operationId: 'listOutboxEmails',
    prepare: async (t) => {
      await makeEmail(t);
      return { path: '/v1/outboxEmails?pageSize=10' };
    },
  },
  {
    operationId: 'getOutboxEmail',
    prepare: async (t) => ({ path: `/v1/outboxEmails/${await makeEmail(t)}` }),
  },
  {
    operationId: 'checkUnsubscribeLink',
    prepare: (t) => Promise.resolve({ path: `/v1/emailOptOuts/unsubscribe?${unsubscribeQuery(t)}` }),
  },
  {
    operationId: 'unsubscribe',
    prepare: (t) => Promise.resolve({ path: `/v1/emailOptOuts/unsubscribe?${unsubscribeQuery(t)}` }),
  },
  {
    operationId: 'getDevClock',
    prepare: () => Promise.resolve({ path: '/v1/devClock' }),
  },
  {
    operationId: 'setDevClock',
    prepare: () =>
      Promise.resolve({
        path: '/v1/devClock',
        body: { offsetDays: 3 },
        as: 'admin',
        answerChanges: 'it answers the time now on the moved clock',
      }),
  },
  {
    operationId: 'getPublicHolidays',
    prepare: () => Promise.resolve({ path: '/v1/publicHolidays?country=DE-BY&year=2027' }),
  },
  {
    operationId: 'getOrderFollowUp',
    prepare: async (t) => ({ path: `/v1/orders/${(await makeContactLine(t)).orderSid}/followUp` }),
  },
  {
    operationId: 'updateOrderFollowUp',
    prepare: async (t) => ({
      path: `/v1/orders/${(await makeContactLine(t)).orderSid}/followUp`,
      body: { paused: true, cadenceSid: null },
    }),
  },
  {
    operationId: 'getVendorFollowUp',
    prepare: (t) => Promise.resolve({ path: `/v1/vendors/${t.vendorSid}/followUp` }),
  },
  {
    operationId: 'updateVendorFollowUp',
    prepare: (t) => Promise.resolve({ path: `/v1/vendors/${t.otherVendorSid}/followUp`, body: { paused: false } }),
  },
  {
    operationId: 'listVendorFollowUps',
    prepare: async (t) => {
      await t.buyer.request('PATCH', `/v1/vendors/${t.otherVendorSid}/followUp`, { paused: true });
      return { path: '/v1/vendorFollowUps?pageSize=10' };
    },
  },
];
