// The outbox relay against a real SMTP server on 127.0.0.1 (smtp-server):
// pending emails go out once each with their Message-ID, sender name,
// reply-to and List-Unsubscribe headers; a refused email is kept pending and
// tried again after its delay, and given up after the last attempt.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insertable } from 'kysely';
import type { OutboxEmailsTable } from '../../server/db/schema.ts';
import { updateRequestSubject } from '../../server/domain/follow-up/email.ts';
import { newSid } from '../../server/domain/sid.ts';
import { MAX_SEND_ATTEMPTS, relayOutbox, smtpSender } from '../../server/jobs/outbox-relay.ts';
import { updateRequestEmailInput } from '../support/update-request-email.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
/** Recipients the server refuses, as a mail system with a problem would. */
const refused = new Set<string>();
let smtp: SMTPServer;
let url = '';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) callback(new Error('mailbox unavailable'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  url = `smtp://127.0.0.1:${String((smtp.server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    smtp.close(() => {
      resolve();
    });
  });
});

async function queue(
  t: Tenant,
  to: string,
  subject: string,
  body: Partial<Pick<Insertable<OutboxEmailsTable>, 'textBody' | 'htmlBody' | 'headers' | 'updateRequestEmail'>> = {},
): Promise<string> {
  const { db } = await server();
  const sid = newSid('EM');
  await db
    .insertInto('outboxEmails')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: new Date(),
      updated: new Date(),
      updateRequestSid: null,
      kind: 'updateRequest',
      toAddress: to,
      replyTo: 'buyers@acme.example',
      subject,
      textBody: 'Please confirm line 10.',
      htmlBody: '<p>Please confirm line 10.</p>',
      headers: JSON.stringify({ 'List-Unsubscribe': '<https://factor.example/u>' }),
      ...body,
    })
    .execute();
  return sid;
}

const options = (now: Date) => ({
  now,
  from: 'Factor <follow-up@factor.example>',
  messageIdDomain: 'factor.example',
});

describe('the outbox relay', () => {
  it('sends each pending email once, with its Message-ID, sender name, reply-to and headers', async () => {
    const t = await createTenant('Relay');
    const { db } = await server();
    await db
      .updateTable('organizationSettings')
      .set({ senderName: 'Acme Procurement' })
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    const to = `vendor.${t.organizationSid.slice(-6)}@example.test`;
    const sid = await queue(t, to, 'PO-1: please confirm 1 line');
    const before = received.length;
    const result = await relayOutbox(db, smtpSender(url), options(new Date()));
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mail = received.slice(before).find((m) => m.to.includes(to));
    expect(mail?.from).toBe('follow-up@factor.example');
    expect(mail?.raw).toContain(`Message-ID: <${sid}@factor.example>`);
    expect(mail?.raw).toMatch(/From: "?Acme Procurement"? <follow-up@factor\.example>/);
    expect(mail?.raw).toContain('Reply-To: buyers@acme.example');
    expect(mail?.raw).toContain('List-Unsubscribe: <https://factor.example/u>');
    expect(mail?.raw).toContain('Subject: PO-1: please confirm 1 line');
    const row = await db.selectFrom('outboxEmails').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });

    // Nothing left to send: a second pass sends nothing more to this address.
    const count = received.filter((m) => m.to.includes(to)).length;
    await relayOutbox(db, smtpSender(url), options(new Date()));
    expect(received.filter((m) => m.to.includes(to)).length).toBe(count);
  });

  it('renders an update request stored as what it is rendered from when it sends it; a row it cannot render fails', async () => {
    const t = await createTenant('Relay');
    const { db } = await server();
    const to = `rendered.${t.organizationSid.slice(-6)}@example.test`;
    const input = updateRequestEmailInput({ orderNumber: 'PO-77' });
    // Stored as the engine stores them: no bodies, what they are rendered from.
    const stored = (updateRequestEmail: unknown) =>
      queue(t, to, updateRequestSubject(input), {
        textBody: null,
        htmlBody: null,
        headers: '{}',
        updateRequestEmail: JSON.stringify(updateRequestEmail),
      });
    const good = await stored(input);
    const broken = await stored({ ...input, lines: 'none' });
    const before = received.length;
    await relayOutbox(db, smtpSender(url), options(new Date()));
    const mails = received.slice(before).filter((m) => m.to.includes(to));
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toContain(`Message-ID: <${good}@factor.example>`);
    expect(mails[0].raw).toContain('Subject: PO-77: please confirm 1 line for Acme');
    expect(mails[0].raw).toContain('List-Unsubscribe: <https://factor.example/v1/emailOptOuts/unsubscribe?x=1>');
    expect(mails[0].raw).toContain('BRK-2040');
    const rows = await db
      .selectFrom('outboxEmails')
      .select(['sid', 'status', 'attempts', 'lastError'])
      .where('sid', 'in', [good, broken])
      .execute();
    expect(rows.find((r) => r.sid === good)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rows.find((r) => r.sid === broken)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(rows.find((r) => r.sid === broken)?.lastError).toBeTruthy();
    // The Mailbox shows it as what it is: an email that could not be rendered, and why.
    const shown = await t.buyer.request<{ textBody: string; htmlBody: string }>('GET', `/v1/outboxEmails/${broken}`);
    expect(shown.status).toBe(200);
    expect(shown.body.textBody).toMatch(/^This email could not be rendered from what was stored/);
    expect(shown.body.htmlBody).toBe('');
  });

  it('keeps a refused email pending, tries it again after its delay, and gives up after the last attempt', async () => {
    const t = await createTenant('Relay');
    const { db } = await server();
    const to = `refused.${t.organizationSid.slice(-6)}@example.test`;
    refused.add(to);
    const sid = await queue(t, to, 'PO-2: please confirm 1 line');
    const start = new Date();
    await relayOutbox(db, smtpSender(url), options(start));
    let row = await db.selectFrom('outboxEmails').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/mailbox unavailable/);
    expect(row.nextAttemptAt?.getTime()).toBe(start.getTime() + 60_000);

    // Not before its delay.
    await relayOutbox(db, smtpSender(url), options(new Date(start.getTime() + 30_000)));
    row = await db.selectFrom('outboxEmails').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);

    // Each attempt after its delay, which doubles, until the last.
    let now = start;
    for (let attempt = 2; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      now = row.nextAttemptAt ?? now;
      await relayOutbox(db, smtpSender(url), options(now));
      row = await db.selectFrom('outboxEmails').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
      expect(row.attempts).toBe(attempt);
    }
    expect(row.status).toBe('failed');
    expect(row.nextAttemptAt).toBeNull();
    // The delays added up to about a day.
    expect(now.getTime() - start.getTime()).toBeGreaterThan(12 * 3_600_000);

    // Once delivery works again, a new email goes out.
    refused.delete(to);
    const next = await queue(t, to, 'PO-3');
    await relayOutbox(db, smtpSender(url), options(new Date(now.getTime() + 1)));
    expect(
      (await db.selectFrom('outboxEmails').select('status').where('sid', '=', next).executeTakeFirstOrThrow()).status,
    ).toBe('sent');
  });
});
