// Email opt outs, inbound emails and their attachments, Gmail watch
// subscriptions and Google auth tokens: what is stored and answered, scoping,
// version conflicts and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { readFile, storeFile } from '../../server/db/files.ts';

interface OptOut {
  sid: string;
  email: string | null;
  optOut: string | null;
}
interface InboundEmail {
  sid: string;
  version: number;
  organizationSid: string;
  fromEmail: string | null;
  toEmails: string[];
  ccEmails: string[];
  content: string | null;
  s3Bucket: string | null;
  s3Key: string | null;
  frontUrl: string | null;
}
interface Attachment {
  sid: string;
  version: string;
  status: string | null;
  inboundEmailSid: string | null;
  mimeType: string | null;
  size: number | null;
  name: string | null;
}
interface Watch {
  sid: string;
  organizationSid: string;
  version: string;
  email: string | null;
  userSid: string | null;
  expires: string | null;
  historyId: string | null;
}
interface TemporaryUrl {
  url: string;
  expires: string;
}
interface ApiError {
  code: string;
  field?: string;
  message: string;
  current?: unknown;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

/** Follows a temporary url without credentials and answers the body as text. */
async function download(link: TemporaryUrl) {
  const url = new URL(link.url);
  return call<string>(null, 'GET', url.pathname + url.search);
}

async function insertOptOut(t: Tenant, email: string, optOut = true) {
  const { db } = await server();
  const now = new Date();
  const sid = newSid('EO');
  await db
    .insertInto('emailOptOuts')
    .values({ sid, organizationSid: t.organizationSid, created: now, updated: now, email, optOut })
    .execute();
  return sid;
}

const inbound = (extra: Record<string, unknown> = {}) => ({
  fromEmail: 'sales@acme.example',
  toEmails: ['buyer@factory.example'],
  subject: 'Shipping update',
  content: 'Hello, the parts ship Friday.',
  date: '2027-01-05T09:30:00Z',
  ...extra,
});

async function messagesOf(organizationSid: string) {
  const { db } = await server();
  return db
    .selectFrom('messages')
    .leftJoin('messageLinks', 'messageLinks.messageSid', 'messages.sid')
    .select(['messages.sid', 'messages.author', 'messages.authorSid', 'messages.content', 'messageLinks.orderSid'])
    .where('messages.organizationSid', '=', organizationSid)
    .execute();
}

async function insertAttachment(t: Tenant, inboundEmailSid: string, name = 'quote.pdf', content = '%PDF-1.4 quote') {
  const { db } = await server();
  const now = new Date();
  const bytes = Buffer.from(content);
  const fileSid = await storeFile(
    db,
    { organizationSid: t.organizationSid, name, contentType: 'application/pdf', content: bytes },
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
      size: bytes.byteLength,
      name,
      fileSid,
    })
    .execute();
  return { sid, fileSid };
}

describe('email opt outs', () => {
  it('lists with the email and optOut filters, reads and deletes', async () => {
    const t = await createTenant();
    const out = await insertOptOut(t, 'Gone@Vendor.example', true);
    const back = await insertOptOut(t, 'back@vendor.example', false);
    const all = await t.buyer.request<Page<'emailOptOuts', OptOut>>('GET', '/v1/emailOptOuts');
    expect(all.status).toBe(200);
    // Both rows may share a created millisecond: the list then orders them by sid.
    const bySid = (a: { sid: string }, b: { sid: string }) => (a.sid < b.sid ? -1 : 1);
    const expected = [
      { sid: out, email: 'Gone@Vendor.example', optOut: 'true' },
      { sid: back, email: 'back@vendor.example', optOut: 'false' },
    ];
    const shown = all.body.emailOptOuts.map(({ sid, email, optOut }) => ({ sid, email, optOut }));
    expect(shown.sort(bySid)).toEqual(expected.sort(bySid));

    const byEmail = await t.buyer.request<Page<'emailOptOuts', OptOut>>(
      'GET',
      '/v1/emailOptOuts?email=gone%40vendor.example',
    );
    expect(byEmail.body.emailOptOuts.map((o) => o.sid)).toEqual([out]);
    const optedOut = await t.buyer.request<Page<'emailOptOuts', OptOut>>('GET', '/v1/emailOptOuts?optOut=true');
    expect(optedOut.body.emailOptOuts.map((o) => o.sid)).toEqual([out]);
    const optedIn = await t.buyer.request<Page<'emailOptOuts', OptOut>>('GET', '/v1/emailOptOuts?optOut=false');
    expect(optedIn.body.emailOptOuts.map((o) => o.sid)).toEqual([back]);
    const bad = await t.buyer.request<ApiError>('GET', '/v1/emailOptOuts?optOut=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('optOut');

    const one = await t.admin.request<OptOut>('GET', `/v1/emailOptOuts/${out}`);
    expect(one.body).toMatchObject({ sid: out, optOut: 'true' });
    expect((await t.admin.request('DELETE', `/v1/emailOptOuts/${out}`)).status).toBe(204);
    expect((await t.admin.request('GET', `/v1/emailOptOuts/${out}`)).status).toBe(404);
    const { db } = await server();
    expect(await db.selectFrom('emailOptOuts').select('sid').where('sid', '=', out).executeTakeFirst()).toBeUndefined();
  });

  it('keeps opt outs to their organization and away from vendors', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const sid = await insertOptOut(a, 'x@vendor.example');
    expect((await b.buyer.request('GET', `/v1/emailOptOuts/${sid}`)).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/emailOptOuts/${sid}`)).status).toBe(404);
    expect((await b.buyer.request<Page<'emailOptOuts', OptOut>>('GET', '/v1/emailOptOuts')).body.emailOptOuts).toEqual(
      [],
    );
    expect((await a.vendor.request('GET', '/v1/emailOptOuts')).status).toBe(403);
    expect((await a.vendor.request('DELETE', `/v1/emailOptOuts/${sid}`)).status).toBe(403);
    // Taking an address off the list is an admin's: a buyer reads it but may not.
    expect((await a.buyer.request('DELETE', `/v1/emailOptOuts/${sid}`)).status).toBe(403);
    expect((await a.buyer.request('GET', `/v1/emailOptOuts/${sid}`)).status).toBe(200);
  });
});

describe('inbound emails', () => {
  it('stores the email and its raw content as a file the download url serves', async () => {
    const t = await createTenant();
    const r = await t.buyer.request<InboundEmail>(
      'POST',
      '/v1/inboundEmails',
      inbound({ ccEmails: ['boss@factory.example'], attachmentNames: ['quote.pdf'] }),
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      version: 1,
      organizationSid: t.organizationSid,
      fromEmail: 'sales@acme.example',
      toEmails: ['buyer@factory.example'],
      ccEmails: ['boss@factory.example'],
      content: 'Hello, the parts ship Friday.',
      s3Bucket: null,
      s3Key: null,
      frontUrl: null,
    });
    expect(r.body.sid).toMatch(/^IE[0-9a-z]{28}$/);
    const { db } = await server();
    const stored = await db
      .selectFrom('inboundEmails')
      .selectAll()
      .where('sid', '=', r.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.subject).toBe('Shipping update');
    expect(stored.date.toISOString()).toBe('2027-01-05T09:30:00.000Z');
    const file = await db
      .selectFrom('files')
      .selectAll()
      .where('organizationSid', '=', t.organizationSid)
      .where('name', '=', `${r.body.sid}.eml`)
      .executeTakeFirstOrThrow();
    expect(file.contentType).toBe('message/rfc822');
    expect((await readFile(db, file.sid))?.content.toString('utf8')).toBe('Hello, the parts ship Friday.');

    expect((await t.buyer.request<InboundEmail>('GET', `/v1/inboundEmails/${r.body.sid}`)).body).toEqual(r.body);
    const link = await t.buyer.request<TemporaryUrl>('GET', `/v1/inboundEmails/${r.body.sid}/downloadUrl`);
    expect(link.status).toBe(200);
    expect(new Date(link.body.expires).getTime()).toBeGreaterThan(Date.now());
    const fetched = await download(link.body);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('message/rfc822');
    expect(fetched.body).toBe('Hello, the parts ship Friday.');
    // No order named: no message.
    expect(await messagesOf(t.organizationSid)).toEqual([]);
  });

  it('turns an email naming an order into a message on that order', async () => {
    const t = await createTenant();
    const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: 'PO-24017',
      vendorName: t.vendorName,
    });
    const near = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
      uniqueName: 'PO-2401',
      vendorName: t.vendorName,
    });
    expect(near.status).toBe(201);
    const bySubject = await t.buyer.request<InboundEmail>(
      'POST',
      '/v1/inboundEmails',
      inbound({ subject: 'Re: po-24017 ship date', content: 'Confirmed for Friday.' }),
    );
    expect(bySubject.status).toBe(201);
    let messages = await messagesOf(t.organizationSid);
    expect(messages).toEqual([
      expect.objectContaining({
        author: 'sales@acme.example',
        authorSid: null,
        content: 'Confirmed for Friday.',
        orderSid: order.body.sid,
      }),
    ]);

    const { db } = await server();
    const vendorEmail = (
      await db.selectFrom('users').select('email').where('sid', '=', t.vendor.userSid).executeTakeFirstOrThrow()
    ).email;
    const byContent = await t.buyer.request<InboundEmail>(
      'POST',
      '/v1/inboundEmails',
      inbound({ fromEmail: vendorEmail, subject: 'Update', content: 'About PO-24017: we ship on the 12th.' }),
    );
    expect(byContent.status).toBe(201);
    messages = await messagesOf(t.organizationSid);
    expect(messages).toHaveLength(2);
    expect(messages).toContainEqual(
      expect.objectContaining({
        author: vendorEmail,
        authorSid: t.vendor.userSid,
        content: 'About PO-24017: we ship on the 12th.',
        orderSid: order.body.sid,
      }),
    );
    // PO-2401 is only a prefix of PO-24017: never linked.
    expect(messages.map((m) => m.orderSid)).not.toContain(near.body.sid);

    // Another organization's order of the same name is not matched.
    const other = await createTenant();
    await other.buyer.request('POST', '/v1/orders', { uniqueName: 'PO-555', vendorName: other.vendorName });
    await t.buyer.request('POST', '/v1/inboundEmails', inbound({ subject: 'PO-555' }));
    expect(await messagesOf(t.organizationSid)).toHaveLength(2);
  });

  it('answers the same email for a repeated client sid without a second message', async () => {
    const a = await createTenant();
    const b = await createTenant();
    await a.buyer.request('POST', '/v1/orders', { uniqueName: 'PO-77', vendorName: a.vendorName });
    const sid = newSid('IE');
    const first = await a.buyer.request<InboundEmail>('POST', '/v1/inboundEmails', inbound({ sid, subject: 'PO-77' }));
    expect(first.status).toBe(201);
    const again = await a.buyer.request<InboundEmail>('POST', '/v1/inboundEmails', inbound({ sid, subject: 'PO-77' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await messagesOf(a.organizationSid)).toHaveLength(1);
    expect((await b.buyer.request('POST', '/v1/inboundEmails', inbound({ sid }))).status).toBe(409);
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    await t.buyer.request('POST', '/v1/orders', { uniqueName: 'PO-1', vendorName: t.vendorName });
    const { date: _date, ...withoutDate } = inbound({ subject: 'PO-1' });
    const cases: [Record<string, unknown>, string][] = [
      [withoutDate, 'date'],
      [inbound({ subject: 'PO-1', date: 'yesterday' }), 'date'],
      [inbound({ subject: 'PO-1', toEmails: 'buyer@factory.example' }), 'toEmails'],
      [inbound({ subject: 'PO-1', fromEmail: null }), 'fromEmail'],
      [inbound({ subject: 'PO-1', content: 5 }), 'content'],
      [inbound({ subject: 'PO-1', organizationSid: newSid('OG') }), 'organizationSid'],
      [inbound({ subject: 'PO-1', sid: newSid('IA') }), 'sid'],
      [inbound({ subject: 'PO-1', priority: 'high' }), 'priority'],
    ];
    for (const [body, field] of cases) {
      const r = await t.buyer.request<ApiError>('POST', '/v1/inboundEmails', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    const emails = await db
      .selectFrom('inboundEmails')
      .select('sid')
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    expect(emails).toEqual([]);
    const files = await db.selectFrom('files').select('sid').where('organizationSid', '=', t.organizationSid).execute();
    expect(files).toEqual([]);
    expect(await messagesOf(t.organizationSid)).toEqual([]);
  });

  it('keeps inbound emails to their organization and away from vendors', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const email = await a.buyer.request<InboundEmail>('POST', '/v1/inboundEmails', inbound());
    expect((await b.buyer.request('GET', `/v1/inboundEmails/${email.body.sid}`)).status).toBe(404);
    expect((await b.buyer.request('GET', `/v1/inboundEmails/${email.body.sid}/downloadUrl`)).status).toBe(404);
    expect((await a.vendor.request('GET', `/v1/inboundEmails/${email.body.sid}`)).status).toBe(403);
    expect((await a.vendor.request('POST', '/v1/inboundEmails', inbound())).status).toBe(403);
  });
});

describe('inbound email attachments', () => {
  it('lists by email, reads, serves a download url and deletes with its file', async () => {
    const t = await createTenant();
    const first = await t.buyer.request<InboundEmail>('POST', '/v1/inboundEmails', inbound());
    const second = await t.buyer.request<InboundEmail>('POST', '/v1/inboundEmails', inbound({ subject: 'Other' }));
    const quote = await insertAttachment(t, first.body.sid, 'quote.pdf', '%PDF quote');
    const drawing = await insertAttachment(t, second.body.sid, 'drawing.pdf');

    const all = await t.buyer.request<Page<'inboundEmailAttachments', Attachment>>(
      'GET',
      '/v1/inboundEmailAttachments',
    );
    expect(all.body.inboundEmailAttachments.map((a) => a.sid)).toEqual([quote.sid, drawing.sid]);
    const ofFirst = await t.buyer.request<Page<'inboundEmailAttachments', Attachment>>(
      'GET',
      `/v1/inboundEmailAttachments?inboundEmailSid=${first.body.sid}`,
    );
    expect(ofFirst.body.inboundEmailAttachments).toEqual([
      expect.objectContaining({
        sid: quote.sid,
        version: '1',
        status: 'stored',
        inboundEmailSid: first.body.sid,
        mimeType: 'application/pdf',
        size: 10,
        name: 'quote.pdf',
      }),
    ]);
    const one = await t.buyer.request<Attachment>('GET', `/v1/inboundEmailAttachments/${quote.sid}`);
    expect(one.body).toEqual(ofFirst.body.inboundEmailAttachments[0]);

    const link = await t.buyer.request<TemporaryUrl>('GET', `/v1/inboundEmailAttachments/${quote.sid}/downloadUrl`);
    expect(link.status).toBe(200);
    const fetched = await download(link.body);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toBe('%PDF quote');

    expect((await t.buyer.request('DELETE', `/v1/inboundEmailAttachments/${quote.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/inboundEmailAttachments/${quote.sid}`)).status).toBe(404);
    const { db } = await server();
    expect(
      await db.selectFrom('files').select('sid').where('sid', '=', quote.fileSid).executeTakeFirst(),
    ).toBeUndefined();
    expect((await download(link.body)).status).toBe(404);
    expect(
      await db.selectFrom('files').select('sid').where('sid', '=', drawing.fileSid).executeTakeFirst(),
    ).toBeDefined();
  });

  it('answers 404 for another organization’s attachment and for one without a file', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const email = await a.buyer.request<InboundEmail>('POST', '/v1/inboundEmails', inbound());
    const attachment = await insertAttachment(a, email.body.sid);
    expect((await b.buyer.request('GET', `/v1/inboundEmailAttachments/${attachment.sid}`)).status).toBe(404);
    expect((await b.buyer.request('GET', `/v1/inboundEmailAttachments/${attachment.sid}/downloadUrl`)).status).toBe(
      404,
    );
    expect((await b.buyer.request('DELETE', `/v1/inboundEmailAttachments/${attachment.sid}`)).status).toBe(404);
    expect(
      (
        await b.buyer.request<Page<'inboundEmailAttachments', Attachment>>(
          'GET',
          `/v1/inboundEmailAttachments?inboundEmailSid=${email.body.sid}`,
        )
      ).body.inboundEmailAttachments,
    ).toEqual([]);
    expect((await a.vendor.request('GET', `/v1/inboundEmailAttachments/${attachment.sid}`)).status).toBe(403);
    expect((await a.buyer.request('GET', `/v1/inboundEmailAttachments/${attachment.sid}`)).status).toBe(200);

    const { db } = await server();
    await db.updateTable('inboundEmailAttachments').set({ fileSid: null }).where('sid', '=', attachment.sid).execute();
    expect((await a.buyer.request('GET', `/v1/inboundEmailAttachments/${attachment.sid}/downloadUrl`)).status).toBe(
      404,
    );
  });
});

describe('Gmail watch subscriptions', () => {
  const watchBody = (t: Tenant, extra: Record<string, unknown> = {}) => ({
    email: 'buyer@factory.example',
    expires: '2027-01-12T00:00:00Z',
    historyId: '12345',
    userSid: t.buyer.userSid,
    bearerToken: 'ya29.secret-token',
    topicName: 'projects/factor/topics/gmail',
    ...extra,
  });

  it('creates without ever answering the bearer token, reads, updates and deletes', async () => {
    const t = await createTenant();
    const created = await t.buyer.request<Watch>(
      'POST',
      '/v1/gmailWatchSubscriptions',
      watchBody(t, { organizationSid: t.organizationSid }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      sid: expect.stringMatching(/^GW[0-9a-z]{28}$/) as unknown,
      organizationSid: t.organizationSid,
      created: expect.any(String) as unknown,
      updated: expect.any(String) as unknown,
      version: '1',
      email: 'buyer@factory.example',
      userSid: t.buyer.userSid,
      expires: '2027-01-12T00:00:00.000Z',
      historyId: '12345',
    });
    const { db } = await server();
    const stored = await db
      .selectFrom('gmailWatchSubscriptions')
      .selectAll()
      .where('sid', '=', created.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.bearerToken).toBe('ya29.secret-token');
    expect(stored.topicName).toBe('projects/factor/topics/gmail');

    const path = `/v1/gmailWatchSubscriptions/${created.body.sid}`;
    const read = await t.buyer.request<Watch>('GET', path);
    expect(read.body).toEqual(created.body);
    expect(JSON.stringify(read.body)).not.toContain('secret');

    const patched = await t.buyer.request<Watch>('PATCH', path, {
      currentVersion: '1',
      expires: '2027-01-19T00:00:00Z',
      historyId: '12399',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: '2', expires: '2027-01-19T00:00:00.000Z', historyId: '12399' });
    const stale = await t.buyer.request<ApiError>('PATCH', path, { currentVersion: '1', historyId: '1' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(stale.body.current).toMatchObject({ version: '2', historyId: '12399' });
    expect(JSON.stringify(stale.body)).not.toContain('secret');
    for (const [body, field] of [
      [{ historyId: '1' }, 'currentVersion'],
      [{ currentVersion: 'two' }, 'currentVersion'],
      [{ currentVersion: '2', email: null }, 'email'],
      [{ currentVersion: '2', expires: 'soon' }, 'expires'],
      [{ currentVersion: '2', bearerToken: 'x' }, 'bearerToken'],
    ] as const) {
      const r = await t.buyer.request<ApiError>('PATCH', path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    expect((await t.buyer.request<Watch>('GET', path)).body.version).toBe('2');

    expect((await t.buyer.request('DELETE', path)).status).toBe(204);
    expect((await t.buyer.request('GET', path)).status).toBe(404);
  });

  it('lists with filters, in either order, a page at a time', async () => {
    const t = await createTenant();
    const made: Watch[] = [];
    for (const [email, userSid] of [
      ['one@factory.example', t.buyer.userSid],
      ['two@factory.example', t.admin.userSid],
      ['three@factory.example', t.buyer.userSid],
    ] as const) {
      const r = await t.buyer.request<Watch>('POST', '/v1/gmailWatchSubscriptions', watchBody(t, { email, userSid }));
      expect(r.status).toBe(201);
      made.push(r.body);
    }
    const list = (query: string) =>
      t.buyer.request<Page<'gmailWatchSubscriptionList', Watch>>('GET', `/v1/gmailWatchSubscriptions${query}`);
    expect((await list('')).body.gmailWatchSubscriptionList.map((w) => w.email)).toEqual([
      'one@factory.example',
      'two@factory.example',
      'three@factory.example',
    ]);
    expect((await list('?email=TWO%40factory.example')).body.gmailWatchSubscriptionList.map((w) => w.sid)).toEqual([
      made[1].sid,
    ]);
    expect((await list(`?userSid=${t.buyer.userSid}`)).body.gmailWatchSubscriptionList.map((w) => w.sid)).toEqual([
      made[0].sid,
      made[2].sid,
    ]);
    expect((await list(`?organizationSid=${newSid('OG')}`)).body.gmailWatchSubscriptionList).toEqual([]);

    const desc = await list('?sortOrder=Desc&pageSize=2');
    expect(desc.body.gmailWatchSubscriptionList.map((w) => w.sid)).toEqual([made[2].sid, made[1].sid]);
    expect(desc.body.page.previousPageToken).toBeNull();
    const descNext = await list(`?sortOrder=Desc&pageSize=2&pageToken=${desc.body.page.nextPageToken}`);
    expect(descNext.body.gmailWatchSubscriptionList.map((w) => w.sid)).toEqual([made[0].sid]);
    expect(descNext.body.page.nextPageToken).toBeNull();
    const descBack = await list(`?sortOrder=Desc&pageSize=2&pageToken=${descNext.body.page.previousPageToken}`);
    expect(descBack.body.gmailWatchSubscriptionList.map((w) => w.sid)).toEqual([made[2].sid, made[1].sid]);
    expect(descBack.body.page.previousPageToken).toBeNull();

    const asc = await list('?sortOrder=Asc&pageSize=2');
    expect(asc.body.gmailWatchSubscriptionList.map((w) => w.sid)).toEqual([made[0].sid, made[1].sid]);
    expect((await list('?sortOrder=Sideways')).status).toBe(400);
  });

  it('refuses a user of another organization and bad input, writing nothing; keeps to its organization', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const cases: [Record<string, unknown>, string][] = [
      [watchBody(a, { userSid: b.buyer.userSid }), 'userSid'],
      [watchBody(a, { userSid: newSid('US') }), 'userSid'],
      [watchBody(a, { expires: 'next week' }), 'expires'],
      [watchBody(a, { bearerToken: undefined }), 'bearerToken'],
      [watchBody(a, { organizationSid: b.organizationSid }), 'organizationSid'],
      [watchBody(a, { sid: newSid('GT') }), 'sid'],
    ];
    for (const [body, field] of cases) {
      const r = await a.buyer.request<ApiError>('POST', '/v1/gmailWatchSubscriptions', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const { db } = await server();
    const none = await db
      .selectFrom('gmailWatchSubscriptions')
      .select('sid')
      .where('organizationSid', '=', a.organizationSid)
      .execute();
    expect(none).toEqual([]);

    const sid = newSid('GW');
    const created = await a.buyer.request<Watch>('POST', '/v1/gmailWatchSubscriptions', watchBody(a, { sid }));
    expect(created.status).toBe(201);
    const again = await a.buyer.request<Watch>('POST', '/v1/gmailWatchSubscriptions', watchBody(a, { sid }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    expect((await b.buyer.request('POST', '/v1/gmailWatchSubscriptions', watchBody(b, { sid }))).status).toBe(409);

    const path = `/v1/gmailWatchSubscriptions/${sid}`;
    expect((await b.buyer.request('GET', path)).status).toBe(404);
    expect((await b.buyer.request('PATCH', path, { currentVersion: '1', historyId: '9' })).status).toBe(404);
    expect((await b.buyer.request('DELETE', path)).status).toBe(404);
    expect(
      (await b.buyer.request<Page<'gmailWatchSubscriptionList', Watch>>('GET', '/v1/gmailWatchSubscriptions')).body
        .gmailWatchSubscriptionList,
    ).toEqual([]);
    expect((await a.vendor.request('GET', '/v1/gmailWatchSubscriptions')).status).toBe(403);
    expect((await a.vendor.request('POST', '/v1/gmailWatchSubscriptions', watchBody(a))).status).toBe(403);
    expect((await a.buyer.request<Watch>('GET', path)).body).toEqual(created.body);
  });
});

describe('Google auth tokens', () => {
  it('deletes a token of the organization; another organization’s is 404; vendors 403', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const { db } = await server();
    const now = new Date();
    const sid = newSid('GT');
    await db
      .insertInto('googleAuthTokens')
      .values({ sid, organizationSid: a.organizationSid, created: now, updated: now, userSid: a.buyer.userSid })
      .execute();
    expect((await b.admin.request('DELETE', `/v1/googleAuthTokens/${sid}`)).status).toBe(404);
    expect((await a.vendor.request('DELETE', `/v1/googleAuthTokens/${sid}`)).status).toBe(403);
    expect(
      await db.selectFrom('googleAuthTokens').select('sid').where('sid', '=', sid).executeTakeFirst(),
    ).toBeDefined();
    expect((await a.buyer.request('DELETE', `/v1/googleAuthTokens/${sid}`)).status).toBe(204);
    expect(
      await db.selectFrom('googleAuthTokens').select('sid').where('sid', '=', sid).executeTakeFirst(),
    ).toBeUndefined();
    expect((await a.buyer.request('DELETE', `/v1/googleAuthTokens/${sid}`)).status).toBe(404);
  });
});
