// The outbox (tag: outboxEmails): the emails the follow-up automation wrote,
// newest first, with their delivery state. Without SMTP_URL nothing leaves
// it, and the Mailbox page reads it here.
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { ListOutboxEmailsQueryParams } from '../../src/api/generated/zod/outbox-emails/outbox-emails.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import { dbOf, iso, isoRequired, pageOf, principalOf, requireStaff } from './support.ts';

type OutboxRow = Row<'outboxEmails'>;

function serializeOutboxEmail(e: Omit<OutboxRow, 'textBody' | 'htmlBody' | 'headers' | 'messageSid'>) {
  return {
    sid: e.sid,
    created: isoRequired(e.created),
    kind: e.kind,
    toAddress: e.toAddress,
    replyTo: e.replyTo,
    subject: e.subject,
    status: e.status === 'pending' ? ('queued' as const) : e.status,
    attempts: e.attempts,
    lastError: e.lastError,
    sent: iso(e.sent),
    updateRequestSid: e.updateRequestSid,
  };
}

/**
 * The single-use portal token of an email is for its recipient: a buyer who
 * reads the outbox must not be able to sign in as the vendor with it.
 */
export function maskPortalTokens(text: string): string {
  return text.replace(/([#&?](?:amp;)?token=)[^&"'\s<>]+/g, '$1hidden');
}

export function registerOutbox(app: Hono<AppEnv>): void {
  app.get('/v1/outboxEmails', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListOutboxEmailsQueryParams);
    let q = dbOf(c)
      .selectFrom('outboxEmails')
      .select([
        'sid',
        'organizationSid',
        'created',
        'updated',
        'kind',
        'toAddress',
        'replyTo',
        'subject',
        'status',
        'attempts',
        'nextAttemptAt',
        'lastError',
        'sent',
        'updateRequestSid',
      ])
      .where('organizationSid', '=', p.organizationSid);
    if (params.toAddress) q = q.where(sql<boolean>`lower(to_address) = ${params.toAddress.trim().toLowerCase()}`);
    if (params.updateRequestSid) q = q.where('updateRequestSid', '=', params.updateRequestSid);
    const { rows, page } = await pageOf(q, params, { descending: true });
    return c.json({ outboxEmails: rows.map(serializeOutboxEmail), page });
  });

  app.get('/v1/outboxEmails/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const email = await dbOf(c)
      .selectFrom('outboxEmails')
      .selectAll()
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (!email) throw notFound('email');
    // An invitation's link makes an account's password: only an admin reads it, even on a server that sends no mail.
    const live = c.get('portalLinksLive') && (email.kind !== 'userInvite' || p.role === 'admin');
    // jsonb comes back parsed on both engines; a string is what an older writer stored as text.
    const raw: unknown = typeof email.headers === 'string' ? JSON.parse(email.headers) : email.headers;
    const headers = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    return c.json({
      ...serializeOutboxEmail(email),
      textBody: live ? email.textBody : maskPortalTokens(email.textBody),
      htmlBody: live ? email.htmlBody : maskPortalTokens(email.htmlBody),
      portalLinksLive: live,
      headers: Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ),
    });
  });
}
