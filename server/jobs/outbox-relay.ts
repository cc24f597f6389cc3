// Sends the outbox through SMTP (nodemailer) when SMTP_URL is set; without
// it, mail stays in the outbox for the Mailbox page. Each email is claimed in
// its own transaction (skipping those another process holds), sent, and
// marked; a failed send is tried again with growing delays for about a day.
// Delivery is at least once: a process that dies between sending and marking
// sends again, with the same Message-ID, by which mail systems drop the copy.
import type { Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import type { Database } from '../db/schema.ts';
import { outboxBodies } from '../domain/outbox/bodies.ts';

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/** SMTP through nodemailer: SMTP_URL such as smtps://user:pass@smtp.example.com:465. */
export function smtpSender(url: string): MailSender {
  const transport = createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: mail.to,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
    },
  };
}

/** Attempts before an email is given up as failed; the delays double from a minute: about a day in all. */
export const MAX_SEND_ATTEMPTS = 11;
const FIRST_RETRY_MS = 60_000;

export interface RelayOptions {
  now: Date;
  /** The sender address, e.g. "Factor <follow-up@factor.example>"; the organization's sender name is shown with it. */
  from: string;
  /** The host part of Message-IDs. */
  messageIdDomain: string;
  /** At most this many emails per call. */
  limit?: number;
}

export async function relayOutbox(
  db: Kysely<Database>,
  sender: MailSender,
  options: RelayOptions,
): Promise<{ sent: number; failed: number }> {
  const { now } = options;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const outcome = await db.transaction().execute(async (tx) => {
      const email = await tx
        .selectFrom('outboxEmails as e')
        .leftJoin('organizationSettings as s', 's.organizationSid', 'e.organizationSid')
        .innerJoin('organizations as o', 'o.sid', 'e.organizationSid')
        .select([
          'e.sid',
          'e.toAddress',
          'e.replyTo',
          'e.subject',
          'e.textBody',
          'e.htmlBody',
          'e.headers',
          'e.updateRequestEmail',
          'e.attempts',
          's.senderName',
          'o.name as organizationName',
        ])
        .where('e.status', '=', 'pending')
        .where((eb) => eb.or([eb('e.nextAttemptAt', 'is', null), eb('e.nextAttemptAt', '<=', now)]))
        .orderBy('e.created')
        .orderBy('e.sid')
        .limit(1)
        .forUpdate('e')
        .skipLocked()
        .executeTakeFirst();
      if (!email) return 'empty' as const;
      try {
        // A row that cannot be rendered fails like a refused send: recorded, retried, then given up.
        const bodies = outboxBodies(email);
        await sender.send({
          messageId: `<${email.sid}@${options.messageIdDomain}>`,
          from: withDisplayName(options.from, email.senderName ?? email.organizationName),
          to: email.toAddress,
          replyTo: email.replyTo,
          subject: email.subject,
          text: bodies.text,
          html: bodies.html,
          headers: bodies.headers,
        });
        await tx
          .updateTable('outboxEmails')
          .set({ status: 'sent', sent: now, attempts: email.attempts + 1, lastError: null, updated: now })
          .where('sid', '=', email.sid)
          .execute();
        return 'sent' as const;
      } catch (error) {
        const attempts = email.attempts + 1;
        const giveUp = attempts >= MAX_SEND_ATTEMPTS;
        await tx
          .updateTable('outboxEmails')
          .set({
            status: giveUp ? 'failed' : 'pending',
            attempts,
            lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error),
            nextAttemptAt: giveUp ? null : new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (attempts - 1)),
            updated: now,
          })
          .where('sid', '=', email.sid)
          .execute();
        return 'failed' as const;
      }
    });
    if (outcome === 'empty') break;
    if (outcome === 'sent') sent++;
    else failed++;
  }
  return { sent, failed };
}

/** "follow-up@factor.example" or "Factor <…>" shown as "Acme Procurement <follow-up@factor.example>". */
function withDisplayName(from: string, name: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  const quoted = name.replace(/["\\\r\n]/g, '');
  return `"${quoted}" <${address}>`;
}
