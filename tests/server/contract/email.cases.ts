// Contract cases for email opt outs, inbound emails and their attachments,
// Gmail watch subscriptions and Google auth tokens. Opt outs, attachments and
// auth tokens have no create operation: those rows are inserted directly.
import { newSid } from '../../../server/domain/sid.ts';
import { call, server, type Tenant } from '../support/harness.ts';
import { makeLine } from '../support/lines.ts';
import type { ContractCase } from './case.ts';
import { storeFile } from '../../../server/db/files.ts';

async function insertOptOut(t: Tenant): Promise<string> {
  const { db } = await server();
  const now = new Date();
  const sid = newSid('EO');
  await db
    .insertInto('emailOptOuts')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      email: `opted-out.${sid.slice(-6)}@vendor.example`,
      optOut: true,
    })
    .execute();
  return sid;
}

async function makeInboundEmail(t: Tenant): Promise<string> {
  const r = await t.buyer.request<{ sid: string }>('POST', '/v1/inboundEmails', {
    fromEmail: 'sales@vendor.example',
    toEmails: ['buyer@factory.example'],
    subject: 'Shipping update',
    content: 'The parts ship on Friday.',
    date: '2027-01-05T09:30:00Z',
  });
  if (r.status !== 201) throw new Error(`could not store an inbound email: ${r.status}`);
  return r.body.sid;
}

/** A raw email that names no conversation: held. */
async function makeHeldEmail(t: Tenant): Promise<string> {
  const r = await call<{ sid: string; status: string }>(
    t.buyer.token,
    'POST',
    '/v1/inboundEmails/raw',
    'From: Mara <sales@vendor.example>\r\nTo: buyer@factory.example\r\nSubject: Dates\r\n\r\nAll on time.\r\n',
    { 'content-type': 'message/rfc822' },
  );
  if (r.status !== 201 || r.body.status !== 'held') throw new Error(`could not hold an inbound email: ${r.status}`);
  return r.body.sid;
}

async function insertAttachment(t: Tenant): Promise<{ sid: string; inboundEmailSid: string }> {
  const inboundEmailSid = await makeInboundEmail(t);
  const { db } = await server();
  const now = new Date();
  const content = Buffer.from('%PDF-1.4 contract quote');
  const fileSid = await storeFile(
    db,
    { organizationSid: t.organizationSid, name: 'quote.pdf', contentType: 'application/pdf', content },
    now,
  );
  const sid = newSid('IA');
  await db
    .insertInto('inboundEmailAttachments')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      inboundEmailSid,
      s3Bucket: null,
      s3Key: null,
      mimeType: 'application/pdf',
      size: content.byteLength,
      name: 'quote.pdf',
      fileSid,
    })
    .execute();
  return { sid, inboundEmailSid };
}

async function makeWatch(t: Tenant): Promise<{ sid: string; version: string }> {
  const r = await t.buyer.request<{ sid: string; version: string }>('POST', '/v1/gmailWatchSubscriptions', {
    email: 'buyer@factory.example',
    expires: '2027-01-12T00:00:00Z',
    historyId: '1000',
    userSid: t.buyer.userSid,
    bearerToken: 'ya29.contract-token',
    topicName: 'projects/factor/topics/gmail',
  });
  if (r.status !== 201) throw new Error(`could not make a Gmail watch subscription: ${r.status}`);
  return r.body;
}

export const cases: ContractCase[] = [
  // email opt outs
  { operationId: 'getEmailOptOut', prepare: async (t) => ({ path: `/v1/emailOptOuts/${await insertOptOut(t)}` }) },
  {
    operationId: 'deleteEmailOptOut',
    prepare: async (t) => ({ path: `/v1/emailOptOuts/${await insertOptOut(t)}`, as: 'admin' }),
  },
  {
    operationId: 'listEmailOptOuts',
    prepare: async (t) => {
      await insertOptOut(t);
      return { path: '/v1/emailOptOuts?optOut=true&pageSize=10' };
    },
  },

  // inbound emails
  {
    operationId: 'getInboundEmail',
    prepare: async (t) => ({ path: `/v1/inboundEmails/${await makeInboundEmail(t)}` }),
  },
  {
    operationId: 'getInboundEmailDownloadUrl',
    prepare: async (t) => ({ path: `/v1/inboundEmails/${await makeInboundEmail(t)}/downloadUrl` }),
  },
  {
    // An email that names no conversation: stored and held (matching is tested in inbound-replies.test.ts).
    operationId: 'receiveRawInboundEmail',
    prepare: () =>
      Promise.resolve({
        path: '/v1/inboundEmails/raw',
        headers: { 'content-type': 'message/rfc822' },
        body: 'From: Mara <sales@vendor.example>\r\nTo: buyer@factory.example\r\nSubject: Hello\r\n\r\nWhen do we talk?\r\n',
      }),
  },
  {
    operationId: 'matchInboundEmail',
    prepare: async (t) => {
      const order = await t.buyer.request<{ uniqueName: string }>('POST', '/v1/orders', {
        uniqueName: `PO-${newSid('OR').slice(-6)}`,
        vendorName: t.vendorName,
      });
      if (order.status !== 201) throw new Error(`could not make an order: ${order.status}`);
      return {
        path: '/v1/inboundEmails',
        body: {
          organizationSid: t.organizationSid,
          fromEmail: 'sales@vendor.example',
          toEmails: ['buyer@factory.example'],
          ccEmails: ['planning@factory.example'],
          subject: `Re: ${order.body.uniqueName} ship date`,
          content: 'Confirmed: the parts ship on Friday.',
          date: '2027-01-05T09:30:00Z',
          attachmentNames: ['packing-list.pdf'],
        },
      };
    },
  },

  {
    operationId: 'listInboundEmails',
    prepare: async (t) => {
      await makeHeldEmail(t);
      return { path: '/v1/inboundEmails?status=held&pageSize=10' };
    },
  },
  {
    operationId: 'matchHeldInboundEmail',
    prepare: async (t) => {
      const [sid, line] = await Promise.all([makeHeldEmail(t), makeLine(t, { prefix: 'contract-held' })]);
      return { path: `/v1/inboundEmails/${sid}/match`, body: { itemGroupSids: [line.sid] } };
    },
  },
  {
    operationId: 'dismissHeldInboundEmail',
    prepare: async (t) => ({ path: `/v1/inboundEmails/${await makeHeldEmail(t)}/dismiss` }),
  },

  // inbound email attachments
  {
    operationId: 'listInboundEmailAttachments',
    prepare: async (t) => ({
      path: `/v1/inboundEmailAttachments?inboundEmailSid=${(await insertAttachment(t)).inboundEmailSid}&pageSize=10`,
    }),
  },
  {
    operationId: 'getInboundEmailAttachment',
    prepare: async (t) => ({ path: `/v1/inboundEmailAttachments/${(await insertAttachment(t)).sid}` }),
  },
  {
    operationId: 'deleteInboundEmailAttachment',
    prepare: async (t) => ({ path: `/v1/inboundEmailAttachments/${(await insertAttachment(t)).sid}` }),
  },
  {
    operationId: 'getInboundEmailAttachmentDownloadUrl',
    prepare: async (t) => ({ path: `/v1/inboundEmailAttachments/${(await insertAttachment(t)).sid}/downloadUrl` }),
  },

  // Gmail watch subscriptions
  {
    operationId: 'listGmailWatchSubscriptions',
    prepare: async (t) => {
      await makeWatch(t);
      return { path: `/v1/gmailWatchSubscriptions?userSid=${t.buyer.userSid}&sortOrder=Desc&pageSize=10` };
    },
  },
  {
    operationId: 'createGmailWatchSubscription',
    prepare: (t) =>
      Promise.resolve({
        path: '/v1/gmailWatchSubscriptions',
        body: {
          organizationSid: t.organizationSid,
          email: 'buyer@factory.example',
          expires: '2027-01-12T00:00:00Z',
          historyId: '1000',
          userSid: t.buyer.userSid,
          bearerToken: 'ya29.contract-token',
          topicName: 'projects/factor/topics/gmail',
        },
      }),
  },
  {
    operationId: 'getGmailWatchSubscription',
    prepare: async (t) => ({ path: `/v1/gmailWatchSubscriptions/${(await makeWatch(t)).sid}` }),
  },
  {
    operationId: 'updateGmailWatchSubscription',
    prepare: async (t) => {
      const watch = await makeWatch(t);
      return {
        path: `/v1/gmailWatchSubscriptions/${watch.sid}`,
        body: {
          currentVersion: watch.version,
          email: 'buyer@factory.example',
          expires: '2027-01-19T00:00:00Z',
          historyId: '1042',
        },
      };
    },
  },
  {
    operationId: 'deleteGmailWatchSubscription',
    prepare: async (t) => ({ path: `/v1/gmailWatchSubscriptions/${(await makeWatch(t)).sid}` }),
  },

  // Google auth tokens
  {
    operationId: 'deleteGoogleAuthToken',
    prepare: async (t) => {
      const { db } = await server();
      const now = new Date();
      const sid = newSid('GT');
      await db
        .insertInto('googleAuthTokens')
        .values({ sid, organizationSid: t.organizationSid, created: now, updated: now, userSid: t.buyer.userSid })
        .execute();
      return { path: `/v1/googleAuthTokens/${sid}` };
    },
  },
];
