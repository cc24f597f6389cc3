// The outbox (tag: outboxEmails): the emails the follow-up automation wrote,
// newest first, with their delivery state. Without SMTP_URL nothing leaves
// it, and the Mailbox page reads it here.
import { readableOutboxBodies } from '../domain/outbox/bodies.ts';
import { maskLinkTokens, mayReadLiveLinks } from '../domain/outbox/live-links.ts';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { ListOutboxEmailsQueryParams } from '../../src/api/generated/zod/outbox-emails/outbox-emails.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import { dbOf, iso, isoRequired, pageOf, principalOf, requireStaff } from './support.ts';

type OutboxRow = Row<'outboxEmails'>;

function serializeOutboxEmail(
  e: Omit<OutboxRow, 'textBody' | 'htmlBody' | 'headers' | 'messageSid' | 'updateRequestEmail'>,
) {
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
    const live = mayReadLiveLinks(email.kind, p.role, c.get('portalLinksLive'));
    const { text, html, headers } = readableOutboxBodies(email);
    return c.json({
      ...serializeOutboxEmail(email),
      textBody: live ? text : maskLinkTokens(text),
      htmlBody: live ? html : maskLinkTokens(html),
      portalLinksLive: live,
      headers,
    });
  });
}
