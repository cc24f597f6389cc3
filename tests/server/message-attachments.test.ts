// Files attached to messages: uploaded first (judged by their bytes, at most
// 10 MB), then attached by their uploader to one new message; read back with
// a signed download link by whoever may read the message.
import { describe, expect, it } from 'vitest';
import { withOneCharacterChanged } from '../support/tamper.ts';
import { purgeUnsentAttachments, UNSENT_ATTACHMENT_MS } from '../../server/db/messages.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface Attachment {
  sid: string;
  name: string;
  size: number;
  contentType: string;
  url: string;
  expires: string;
}
interface Message {
  sid: string;
  attachments: Attachment[];
}

const PDF = Buffer.from('%PDF-1.4\n% a quote\n1 0 obj << >> endobj\n%%EOF\n');

function form(content: Buffer | string, name: string): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(typeof content === 'string' ? Buffer.from(content) : content)]), name);
  return fd;
}

async function upload(t: Tenant, as: 'buyer' | 'vendor', content: Buffer | string, name: string) {
  return t[as].request<Attachment & { code?: string; field?: string }>(
    'POST',
    '/v1/messageAttachments',
    form(content, name),
  );
}

async function download(url: string) {
  const { app } = await server();
  const { pathname, search } = new URL(url);
  return app.request(`http://127.0.0.1${pathname}${search}`);
}

describe('message attachments', () => {
  it('attaches an uploaded PDF to a message; buyer and vendor download it by its signed link', async () => {
    const t = await createTenant('Attachments');
    const line = await makeLine(t, { prefix: 'attach' });
    const uploaded = await upload(t, 'buyer', PDF, 'C:\\quotes\\quote.pdf');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({ name: 'quote.pdf', size: PDF.length, contentType: 'application/pdf' });

    const posted = await t.buyer.request<Message>('POST', '/v1/messages', {
      content: 'The quote, attached.',
      itemGroupSids: [line.sid],
      attachmentSids: [uploaded.body.sid],
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.attachments.map((a) => [a.sid, a.name])).toEqual([[uploaded.body.sid, 'quote.pdf']]);

    // The vendor reads the line's thread and downloads the file.
    const thread = await t.vendor.request<{ messages: Message[] }>('GET', `/v1/itemGroups/${line.sid}/messages`);
    expect(thread.status).toBe(200);
    const [attachment] = thread.body.messages.flatMap((m) => m.attachments);
    const file = await download(attachment.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    // A link with its signature changed is refused.
    const url = new URL(attachment.url);
    url.searchParams.set('signature', withOneCharacterChanged(url.searchParams.get('signature') ?? '', 0));
    expect((await download(url.toString())).status).toBe(403);

    // Attached once: it cannot be attached again.
    const again = await t.buyer.request<{ field: string }>('POST', '/v1/messages', {
      content: 'Again',
      itemGroupSids: [line.sid],
      attachmentSids: [uploaded.body.sid],
    });
    expect(again.status).toBe(400);
    expect(again.body.field).toBe('attachmentSids');
  });

  it('judges a file by its bytes and its size, and refuses what is not a file', async () => {
    const t = await createTenant('Attachments refused');
    const exe = await upload(t, 'buyer', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'invoice.pdf');
    expect(exe.status).toBe(400);
    expect(exe.body.field).toBe('file');
    const empty = await upload(t, 'vendor', '', 'empty.txt');
    expect(empty.status).toBe(400);
    const big = await upload(t, 'buyer', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'huge.pdf');
    expect(big.status).toBe(413);
    expect(big.body.field).toBe('file');
    const json = await t.buyer.request<{ field: string }>('POST', '/v1/messageAttachments', { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.field).toBe('file');
    // A file of several megabytes passes the door.
    const scan = await upload(t, 'buyer', Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024)]), 'scan.pdf');
    expect(scan.status, JSON.stringify(scan.body)).toBe(201);
    expect(scan.body.size).toBe(PDF.length + 3 * 1024 * 1024);
    const text = await upload(t, 'vendor', 'Liefertermin: 12. März\n', 'note.txt');
    expect(text.status).toBe(201);
    expect(text.body.contentType).toBe('text/plain');
    expect((await call(null, 'POST', '/v1/messageAttachments', form(PDF, 'a.pdf'))).status).toBe(401);
  });

  it("refuses someone else's upload and too many files, writing no message", async () => {
    const t = await createTenant('Attachments owner');
    const line = await makeLine(t, { prefix: 'attach-owner' });
    const theirs = await upload(t, 'vendor', PDF, 'theirs.pdf');
    const { db } = await server();
    const count = async () =>
      (await db.selectFrom('messages').select('sid').where('organizationSid', '=', t.organizationSid).execute()).length;
    const before = await count();
    const foreign = await t.buyer.request<{ field: string }>('POST', '/v1/messages', {
      content: 'Not mine',
      itemGroupSids: [line.sid],
      attachmentSids: [theirs.body.sid],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.field).toBe('attachmentSids');
    const six = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(t, 'buyer', PDF, `q${i}.pdf`)));
    const tooMany = await t.buyer.request<{ field: string }>('POST', '/v1/messages', {
      content: 'Six files',
      itemGroupSids: [line.sid],
      attachmentSids: six.map((u) => u.body.sid),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.field).toBe('attachmentSids');
    expect(await count()).toBe(before);
    // Another organization cannot attach this organization's upload either.
    const other = await createTenant('Attachments other');
    const otherLine = await makeLine(other, { prefix: 'attach-other' });
    const across = await other.buyer.request('POST', '/v1/messages', {
      content: 'Across',
      itemGroupSids: [otherLine.sid],
      attachmentSids: [six[0].body.sid],
    });
    expect(across.status).toBe(400);
  });

  it('deletes uploads no message took within a day, and keeps those sent and those still fresh', async () => {
    const t = await createTenant('Attachments purge');
    const line = await makeLine(t, { prefix: 'attach-purge' });
    const { db } = await server();
    const [sent, left, fresh] = await Promise.all(
      ['sent.pdf', 'left.pdf', 'fresh.pdf'].map(async (name) => (await upload(t, 'buyer', PDF, name)).body),
    );
    const posted = await t.buyer.request('POST', '/v1/messages', {
      content: 'Sent with its file.',
      itemGroupSids: [line.sid],
      attachmentSids: [sent.sid],
    });
    expect(posted.status).toBe(201);
    // Two uploaded over a day ago: the one sent stays, the one left behind goes.
    const dayAgo = new Date(Date.now() - UNSENT_ATTACHMENT_MS - 60_000);
    await db
      .updateTable('messageAttachments')
      .set({ created: dayAgo })
      .where('sid', 'in', [sent.sid, left.sid])
      .execute();
    const fileOf = async (sid: string) =>
      (await db.selectFrom('messageAttachments').select('fileSid').where('sid', '=', sid).executeTakeFirst())?.fileSid;
    const leftFile = await fileOf(left.sid);
    expect(await purgeUnsentAttachments(db)).toBeGreaterThanOrEqual(1);
    expect(await fileOf(left.sid)).toBeUndefined();
    expect(
      await db
        .selectFrom('files')
        .select('sid')
        .where('sid', '=', leftFile ?? '')
        .execute(),
    ).toEqual([]);
    expect(await fileOf(sent.sid)).toBeDefined();
    expect(await fileOf(fresh.sid)).toBeDefined();
    // The purged upload cannot be sent any more; the fresh one can.
    const late = await t.buyer.request<{ field: string }>('POST', '/v1/messages', {
      content: 'Too late',
      itemGroupSids: [line.sid],
      attachmentSids: [left.sid],
    });
    expect(late.status).toBe(400);
    expect(late.body.field).toBe('attachmentSids');
    const onTime = await t.buyer.request('POST', '/v1/messages', {
      content: 'On time',
      itemGroupSids: [line.sid],
      attachmentSids: [fresh.sid],
    });
    expect(onTime.status).toBe(201);
  });
});
