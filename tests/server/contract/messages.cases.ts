// Contract cases for messages (and their order, item and item group lists),
// flags, update requests and their configs, item custom fields and event relations.
import { newSid } from '../../../server/domain/sid.ts';
import { server, type Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';
import { makeOrderLine } from './core.cases.ts';
import { makeLine } from '../support/lines.ts';

type Line = Awaited<ReturnType<typeof makeOrderLine>>;

async function postMessage(t: Tenant, body: Record<string, unknown>): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/messages', { content: 'When will it ship?', ...body });
  if (r.status !== 201) throw new Error(`could not make a message: ${r.status}`);
  return r.body.sid;
}

/** Flags are raised by the automation, which no operation exposes: inserted directly. */
async function insertFlag(t: Tenant, line: Line): Promise<string> {
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
      status: 'open',
      message: 'The due date passed without receipt.',
      dismissed: null,
      orderSid: line.order.sid,
      itemSid: line.item.sid,
      itemGroupSid: line.group.sid,
    })
    .execute();
  return sid;
}

async function makeCadence(t: Tenant): Promise<string> {
  const r = await t.admin.request<{ sid: string }>('POST', '/v1/cadences', {
    delaySeconds: '86400',
    messageType: 'email',
    title: 'Daily',
  });
  if (r.status !== 201) throw new Error(`could not make a cadence: ${r.status}`);
  return r.body.sid;
}

async function makeConfig(t: Tenant, line: Line): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/updateRequestConfigs', {
    itemGroupSid: line.group.sid,
    nextUpdate: '2027-01-05T09:00:00Z',
  });
  if (r.status !== 201) throw new Error(`could not make an update request config: ${r.status}`);
  return r.body.sid;
}

/** An order's creation event, and a relation on it. */
async function makeEventRelation(t: Tenant): Promise<{ eventSid: string; sid: string }> {
  const line = await makeOrderLine(t);
  const events = await t.buyer.request<{ orderEvents: { sid: string }[] }>(
    'GET',
    `/v1/orders/${line.order.sid}/events`,
  );
  const eventSid = events.body.orderEvents[0].sid;
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/eventRelations', {
    eventSid,
    eventType: 'order.created',
    relation: 'factor:createdByAiParse:AP1',
  });
  if (r.status !== 201) throw new Error(`could not make an event relation: ${r.status}`);
  return { eventSid, sid: r.body.sid };
}

export const cases: ContractCase[] = [
  // ---- messages
  {
    operationId: 'createMessage',
    prepare: async (t) => {
      const { order, item, group } = await makeOrderLine(t);
      return {
        path: '/v1/messages',
        body: {
          sid: newSid('MS'),
          content: 'Can you confirm the ship date?',
          orderSids: [order.sid],
          itemSids: [item.sid],
          itemGroupSids: [group.sid],
        },
      };
    },
  },
  {
    operationId: 'listMessages',
    prepare: async (t) => {
      const { order } = await makeOrderLine(t);
      await postMessage(t, { orderSids: [order.sid] });
      return { path: '/v1/messages?unread=false&pageSize=10', vendorMay: true };
    },
  },
  {
    // A vendor user attaching a quote to its next message (any user of the organization may upload).
    operationId: 'uploadMessageAttachment',
    prepare: () => {
      const body = new FormData();
      body.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'quote.pdf');
      return Promise.resolve({ path: '/v1/messageAttachments', body, as: 'vendor' as const });
    },
  },
  {
    operationId: 'countMessages',
    prepare: () => Promise.resolve({ path: '/v1/messages/counts', vendorMay: true }),
  },
  {
    // The vendor reads the buyer's message about its line.
    operationId: 'markMessagesRead',
    prepare: async (t) => {
      const line = await makeLine(t, { prefix: 'contract-read' });
      const sid = await postMessage(t, { itemGroupSids: [line.sid] });
      return { path: '/v1/messages/reads', body: { messageSids: [sid] }, as: 'vendor' };
    },
  },
  {
    operationId: 'getMessage',
    prepare: async (t) => {
      const { order } = await makeOrderLine(t);
      return { path: `/v1/messages/${await postMessage(t, { orderSids: [order.sid] })}` };
    },
  },
  {
    operationId: 'listOrderMessages',
    prepare: async (t) => {
      const { order } = await makeOrderLine(t);
      await postMessage(t, { orderSids: [order.sid] });
      return { path: `/v1/orders/${order.sid}/messages?pageSize=10` };
    },
  },
  {
    operationId: 'listItemMessages',
    prepare: async (t) => {
      const { item } = await makeOrderLine(t);
      await postMessage(t, { itemSids: [item.sid] });
      return { path: `/v1/items/${item.sid}/messages?pageSize=10` };
    },
  },
  {
    operationId: 'listItemGroupMessages',
    prepare: async (t) => {
      const { group } = await makeOrderLine(t);
      await postMessage(t, { itemGroupSids: [group.sid] });
      return { path: `/v1/itemGroups/${group.sid}/messages?pageSize=10` };
    },
  },

  // ---- flags
  {
    operationId: 'listFlags',
    prepare: async (t) => {
      const line = await makeOrderLine(t);
      await insertFlag(t, line);
      return { path: `/v1/flags?itemGroupSid=${line.group.sid}&status=open&flag=pastDue` };
    },
  },
  {
    operationId: 'getFlag',
    prepare: async (t) => ({ path: `/v1/flags/${await insertFlag(t, await makeOrderLine(t))}` }),
  },
  {
    operationId: 'updateFlag',
    prepare: async (t) => ({
      path: `/v1/flags/${await insertFlag(t, await makeOrderLine(t))}`,
      body: { message: 'Vendor confirmed by phone.', status: 'dismissed', dismissed: '2027-01-02T10:00:00Z' },
    }),
  },

  // ---- update requests
  {
    operationId: 'listUpdateRequests',
    prepare: async (t) => {
      const { group } = await makeOrderLine(t);
      const r = await t.buyer.request('POST', '/v1/updateRequests', { itemGroupSid: group.sid, note: 'news?' });
      if (r.status !== 201) throw new Error(`could not make an update request: ${r.status}`);
      return { path: `/v1/updateRequests?itemGroupSid=${group.sid}&sortOrder=Desc` };
    },
  },
  {
    operationId: 'createUpdateRequest',
    prepare: async (t) => ({
      path: '/v1/updateRequests',
      body: { itemGroupSid: (await makeOrderLine(t)).group.sid, note: 'Any news on the ship date?' },
    }),
  },

  // ---- update request configs
  {
    operationId: 'listUpdateRequestConfigs',
    prepare: async (t) => {
      await makeConfig(t, await makeOrderLine(t));
      return {
        path: `/v1/updateRequestConfigs?nextUpdateOnOrBefore=2027-02-01T00:00:00Z&vendorSid=${t.otherVendorSid}`,
      };
    },
  },
  {
    operationId: 'createUpdateRequestConfig',
    prepare: async (t) => {
      const { group } = await makeOrderLine(t);
      return {
        path: '/v1/updateRequestConfigs',
        body: {
          itemGroupSid: group.sid,
          nextUpdate: '2027-01-05T09:00:00Z',
          startDate: '2027-01-01T09:00:00Z',
          cadenceSid: await makeCadence(t),
        },
      };
    },
  },
  {
    operationId: 'getUpdateRequestConfig',
    prepare: async (t) => ({ path: `/v1/updateRequestConfigs/${await makeConfig(t, await makeOrderLine(t))}` }),
  },
  {
    operationId: 'updateUpdateRequestConfig',
    prepare: async (t) => {
      const sid = await makeConfig(t, await makeOrderLine(t));
      return {
        path: `/v1/updateRequestConfigs/${sid}`,
        body: {
          nextUpdate: '2027-01-06T09:00:00Z',
          startDate: '2027-01-01T09:00:00Z',
          cadenceSid: await makeCadence(t),
          incrementAttempts: true,
          currentVersion: '1',
        },
        repeatWrites: 'each call counts one more attempt',
      };
    },
  },

  // ---- item custom fields
  {
    operationId: 'listItemCustomFields',
    prepare: async (t) => {
      const { item } = await makeOrderLine(t);
      const r = await t.buyer.request('POST', '/v1/itemCustomFields', {
        itemSid: item.sid,
        name: 'colour',
        value: 'blue',
      });
      if (r.status !== 201) throw new Error(`could not make a custom field: ${r.status}`);
      return { path: `/v1/itemCustomFields?itemSid=${item.sid}` };
    },
  },
  {
    operationId: 'createItemCustomField',
    prepare: async (t) => ({
      path: '/v1/itemCustomFields',
      body: { sid: newSid('CF'), itemSid: (await makeOrderLine(t)).item.sid, name: 'colour', value: 'blue' },
    }),
  },

  // ---- event relations
  {
    operationId: 'listEventRelations',
    prepare: async (t) => {
      const { eventSid } = await makeEventRelation(t);
      return { path: `/v1/eventRelations?eventSid=${eventSid}&relation=factor:createdByAiParse:AP1&sortOrder=Desc` };
    },
  },
  {
    operationId: 'createEventRelation',
    prepare: async (t) => {
      const { eventSid } = await makeEventRelation(t);
      return {
        path: '/v1/eventRelations',
        body: { sid: newSid('VR'), eventSid, eventType: 'order.created', relation: 'factor:importedBy:UP1' },
      };
    },
  },
  {
    operationId: 'getEventRelation',
    prepare: async (t) => ({ path: `/v1/eventRelations/${(await makeEventRelation(t)).sid}` }),
  },
  {
    operationId: 'deleteEventRelation',
    prepare: async (t) => ({ path: `/v1/eventRelations/${(await makeEventRelation(t)).sid}` }),
  },
];
