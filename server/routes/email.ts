// Email: opt outs, inbound emails and their attachments, Gmail watch
// subscriptions and Google auth tokens (tags: emailOptOut, inboundEmails,
// inboundEmailAttachments, gmailWatchSubscription, googleAuthTokens).
// All staff only.
import { matchHeldEmail, receiveRawEmail } from '../jobs/inbound-replies.ts';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { ListEmailOptOutsQueryParams } from '../../src/api/generated/zod/email-opt-out/email-opt-out.zod.ts';
import {
  CreateGmailWatchSubscriptionBody,
  GetGmailWatchSubscriptionQueryParams,
  ListGmailWatchSubscriptionsQueryParams,
  UpdateGmailWatchSubscriptionBody,
} from '../../src/api/generated/zod/gmail-watch-subscription/gmail-watch-subscription.zod.ts';
import {
  GetInboundEmailAttachmentQueryParams,
  ListInboundEmailAttachmentsQueryParams,
} from '../../src/api/generated/zod/inbound-email-attachments/inbound-email-attachments.zod.ts';
import {
  GetInboundEmailQueryParams,
  MatchInboundEmailBody,
} from '../../src/api/generated/zod/inbound-emails/inbound-emails.zod.ts';
import {
  ListInboundEmailsQueryParams,
  MatchHeldInboundEmailBody,
} from '../../src/api/generated/zod/inbound-email-replies/inbound-email-replies.zod.ts';
import { storeFile } from '../db/files.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound, versionConflict } from '../http/errors.ts';
import { signedFileUrl } from '../http/signed-url.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { versionOf } from './cadences.ts';
import { checkedLinks } from './messages.ts';
import {
  clientSid,
  type Db,
  dbOf,
  instant,
  iso,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  replayCreate,
  requireAdmin,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';

type OptOutRow = Row<'emailOptOuts'>;
type InboundEmailRow = Row<'inboundEmails'>;
type AttachmentRow = Row<'inboundEmailAttachments'>;
type WatchRow = Row<'gmailWatchSubscriptions'>;

const EMPTY_PAGE = { previousPageToken: null, nextPageToken: null };

// ---------------------------------------------------------------- serializing

export function serializeEmailOptOut(o: OptOutRow) {
  return {
    sid: o.sid,
    created: isoRequired(o.created),
    updated: isoRequired(o.updated),
    email: o.email,
    optOut: o.optOut ? 'true' : 'false',
  };
}

export function serializeInboundEmail(e: InboundEmailRow) {
  return {
    sid: e.sid,
    created: isoRequired(e.created),
    updated: isoRequired(e.updated),
    version: e.version,
    organizationSid: e.organizationSid,
    fromEmail: e.fromEmail,
    toEmails: e.toEmails,
    ccEmails: e.ccEmails,
    content: e.content,
    s3Bucket: e.s3Bucket,
    s3Key: e.s3Key,
    frontUrl: e.frontUrl,
    status: e.status,
    holdReason: e.holdReason,
    messageSid: e.messageSid,
    subject: e.subject,
    date: isoRequired(e.date),
  };
}

export function serializeInboundEmailAttachment(a: AttachmentRow) {
  return {
    sid: a.sid,
    created: isoRequired(a.created),
    updated: isoRequired(a.updated),
    version: String(a.version),
    status: a.status,
    organizationSid: a.organizationSid,
    s3Bucket: a.s3Bucket,
    s3Key: a.s3Key,
    inboundEmailSid: a.inboundEmailSid,
    mimeType: a.mimeType,
    size: a.size,
    name: a.name,
  };
}

/** The bearer token and topic name are never answered. */
export function serializeGmailWatchSubscription(w: WatchRow) {
  return {
    sid: w.sid,
    organizationSid: w.organizationSid,
    created: isoRequired(w.created),
    updated: isoRequired(w.updated),
    version: String(w.version),
    email: w.email,
    userSid: w.userSid,
    expires: iso(w.expires),
    historyId: w.historyId,
  };
}

// ---------------------------------------------------------------- helpers

/** The name of the files row holding an inbound email's raw content. */
export const inboundEmailFileName = (sid: string) => `${sid}.eml`;

function assertOwnOrganization(p: Principal, organizationSid: string | null | undefined): void {
  if (organizationSid && organizationSid !== p.organizationSid) {
    throw badRequest('organizationSid is not your organization.', 'organizationSid');
  }
}

async function findOptOut(db: Db, p: Principal, sid: string): Promise<OptOutRow> {
  const row = await db
    .selectFrom('emailOptOuts')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('email opt out');
  return row;
}

async function findInboundEmail(db: Db, p: Principal, sid: string): Promise<InboundEmailRow> {
  const row = await db
    .selectFrom('inboundEmails')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('inbound email');
  return row;
}

async function findAttachment(db: Db, p: Principal, sid: string): Promise<AttachmentRow> {
  const row = await db
    .selectFrom('inboundEmailAttachments')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('inbound email attachment');
  return row;
}

async function findWatch(db: Db, p: Principal, sid: string): Promise<WatchRow> {
  const row = await db
    .selectFrom('gmailWatchSubscriptions')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!row) throw notFound('Gmail watch subscription');
  return row;
}

/** Whether `needle` occurs in `haystack` as a whole token (no letter or digit right before or after it). */
function mentions(haystack: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(haystack);
}

/** The organization's orders whose unique name the subject or content mentions. */
async function mentionedOrders(db: Db, p: Principal, text: string): Promise<{ sid: string }[]> {
  const lowered = text.toLowerCase();
  const candidates = await db
    .selectFrom('orders')
    .select(['sid', 'uniqueName'])
    .where('organizationSid', '=', p.organizationSid)
    .where('uniqueName', 'is not', null)
    .where('uniqueName', '!=', '')
    .where(sql<boolean>`position(lower(${sql.ref('uniqueName')}) in ${lowered}) > 0`)
    .orderBy('created')
    .orderBy('sid')
    .execute();
  return candidates.filter((o) => o.uniqueName !== null && mentions(text, o.uniqueName));
}

// ---------------------------------------------------------------- routes

export function registerEmail(app: Hono<AppEnv>): void {
  // ---- email opt outs

  app.get('/v1/emailOptOuts', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListEmailOptOutsQueryParams);
    let q = dbOf(c).selectFrom('emailOptOuts').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.email) q = q.where((eb) => eb(eb.fn('lower', ['email']), '=', params.email?.toLowerCase() ?? ''));
    if (params.optOut !== undefined) {
      if (params.optOut !== 'true' && params.optOut !== 'false') {
        throw badRequest('optOut must be "true" or "false".', 'optOut');
      }
      q = q.where('optOut', '=', params.optOut === 'true');
    }
    const { rows, page } = await pageOf(q, params);
    return c.json({ emailOptOuts: rows.map(serializeEmailOptOut), page });
  });

  app.get('/v1/emailOptOuts/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const row = await findOptOut(dbOf(c), p, c.req.param('sid'));
    return c.json(serializeEmailOptOut(row));
  });

  // Taking an address off the list sends it email again, which its owner asked to stop: an admin's decision.
  app.delete('/v1/emailOptOuts/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const db = dbOf(c);
    const row = await findOptOut(db, p, c.req.param('sid'));
    await db.deleteFrom('emailOptOuts').where('sid', '=', row.sid).execute();
    return c.body(null, 204);
  });

  // ---- inbound emails

  app.post('/v1/inboundEmails', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, MatchInboundEmailBody);
    const sid = clientSid(body.sid, 'IE');
    assertOwnOrganization(p, body.organizationSid);
    const db = dbOf(c);
    if (sid) {
      const existing = await db.selectFrom('inboundEmails').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            fromEmail: [body.fromEmail, row.fromEmail],
            toEmails: [body.toEmails, row.toEmails],
            ccEmails: [body.ccEmails ?? [], row.ccEmails],
            subject: [body.subject, row.subject],
            content: [body.content ?? null, row.content],
            date: [instant(body.date), row.date],
          }),
          serializeInboundEmail,
        );
      }
    }
    const stored = await db.transaction().execute(async (tx) => {
      const now = new Date();
      const emailSid = sid ?? newSid('IE');
      const email = await tx
        .insertInto('inboundEmails')
        .values({
          sid: emailSid,
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          fromEmail: body.fromEmail,
          toEmails: body.toEmails,
          ccEmails: body.ccEmails ?? [],
          subject: body.subject,
          content: body.content ?? null,
          date: new Date(body.date),
          s3Bucket: null,
          s3Key: null,
          frontUrl: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The raw content is kept as a file, which the download url serves.
      await storeFile(
        tx,
        {
          organizationSid: p.organizationSid,
          name: inboundEmailFileName(emailSid),
          contentType: 'message/rfc822',
          content: Buffer.from(body.content ?? '', 'utf8'),
        },
        now,
      );
      // An email that names one of the organization's orders becomes a message on that order.
      const orders = await mentionedOrders(tx, p, `${body.subject}\n${body.content ?? ''}`);
      if (orders.length) {
        const author = await tx
          .selectFrom('users')
          .select(['sid', 'role'])
          .where('organizationSid', '=', p.organizationSid)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', body.fromEmail.toLowerCase()))
          .executeTakeFirst();
        const messageSid = newSid('MS');
        await tx
          .insertInto('messages')
          .values({
            sid: messageSid,
            organizationSid: p.organizationSid,
            created: now,
            updated: now,
            outboundEmailReplySid: null,
            author: body.fromEmail,
            authorSid: author?.sid ?? null,
            authorRole: author?.role ?? null,
            content: body.content?.trim() ? body.content : body.subject,
          })
          .execute();
        await tx
          .insertInto('messageLinks')
          .values(orders.map((o) => ({ messageSid, orderSid: o.sid, itemSid: null, itemGroupSid: null })))
          .execute();
      }
      return email;
    });
    return c.json(serializeInboundEmail(stored), 201);
  });

  app.post('/v1/inboundEmails/raw', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const type = c.req.header('content-type') ?? '';
    if (!/^message\/rfc822\b/i.test(type)) {
      throw badRequest('Send the email as it was received, with Content-Type message/rfc822.', 'content');
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.length === 0) throw badRequest('The email is empty.', 'content');
    const row = await dbOf(c)
      .transaction()
      .execute((tx) => receiveRawEmail(tx, p, raw, c.get('publicOrigin')));
    return c.json(serializeInboundEmail(row), 201);
  });

  app.get('/v1/inboundEmails', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListInboundEmailsQueryParams));
    let q = dbOf(c).selectFrom('inboundEmails').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.status) q = q.where('status', '=', params.status);
    const { rows, page } = await pageOf(q, params, { descending: true });
    return c.json({ inboundEmails: rows.map(serializeInboundEmail), page });
  });

  app.post('/v1/inboundEmails/:sid/match', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, MatchHeldInboundEmailBody);
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const email = await findInboundEmail(tx, p, c.req.param('sid'));
        const { links } = await checkedLinks(tx, p, body);
        const matched = await matchHeldEmail(tx, { p, origin: c.get('publicOrigin') }, email, links);
        if (typeof matched === 'string') throw conflict(`This email is ${matched}, not held.`, 'status');
        return matched;
      });
    return c.json(serializeInboundEmail(row));
  });

  app.post('/v1/inboundEmails/:sid/dismiss', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const email = await findInboundEmail(tx, p, c.req.param('sid'));
        const dismissed = await tx
          .updateTable('inboundEmails')
          .set({ status: 'dismissed', updated: new Date(), version: email.version + 1 })
          .where('sid', '=', email.sid)
          .where('status', '=', 'held')
          .returningAll()
          .executeTakeFirst();
        if (!dismissed) throw conflict(`This email is ${email.status}, not held.`, 'status');
        return dismissed;
      });
    return c.json(serializeInboundEmail(row));
  });

  app.get('/v1/inboundEmails/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetInboundEmailQueryParams));
    const row = await findInboundEmail(dbOf(c), p, c.req.param('sid'));
    return c.json(serializeInboundEmail(row));
  });

  app.get('/v1/inboundEmails/:sid/downloadUrl', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const email = await findInboundEmail(db, p, c.req.param('sid'));
    const file = await db
      .selectFrom('files')
      .select('sid')
      .where('organizationSid', '=', p.organizationSid)
      .where('name', '=', inboundEmailFileName(email.sid))
      .orderBy('created', 'desc')
      .executeTakeFirst();
    if (!file) throw notFound('inbound email content');
    return c.json(signedFileUrl(c.get('publicOrigin'), file.sid));
  });

  // ---- inbound email attachments

  app.get('/v1/inboundEmailAttachments', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListInboundEmailAttachmentsQueryParams));
    let q = dbOf(c).selectFrom('inboundEmailAttachments').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.inboundEmailSid) q = q.where('inboundEmailSid', '=', params.inboundEmailSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ inboundEmailAttachments: rows.map(serializeInboundEmailAttachment), page });
  });

  app.get('/v1/inboundEmailAttachments/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetInboundEmailAttachmentQueryParams));
    const row = await findAttachment(dbOf(c), p, c.req.param('sid'));
    return c.json(serializeInboundEmailAttachment(row));
  });

  app.delete('/v1/inboundEmailAttachments/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const row = await findAttachment(tx, p, c.req.param('sid'));
        await tx.deleteFrom('inboundEmailAttachments').where('sid', '=', row.sid).execute();
        if (row.fileSid) {
          await tx
            .deleteFrom('files')
            .where('organizationSid', '=', p.organizationSid)
            .where('sid', '=', row.fileSid)
            .execute();
        }
      });
    return c.body(null, 204);
  });

  app.get('/v1/inboundEmailAttachments/:sid/downloadUrl', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const row = await findAttachment(dbOf(c), p, c.req.param('sid'));
    if (!row.fileSid) throw notFound('inbound email attachment file');
    return c.json(signedFileUrl(c.get('publicOrigin'), row.fileSid));
  });

  // ---- Gmail watch subscriptions

  app.get('/v1/gmailWatchSubscriptions', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, strictQuery(ListGmailWatchSubscriptionsQueryParams));
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ gmailWatchSubscriptionList: [], page: EMPTY_PAGE });
    }
    let q = dbOf(c).selectFrom('gmailWatchSubscriptions').selectAll().where('organizationSid', '=', p.organizationSid);
    if (params.email) q = q.where((eb) => eb(eb.fn('lower', ['email']), '=', params.email?.toLowerCase() ?? ''));
    if (params.userSid) q = q.where('userSid', '=', params.userSid);
    const { rows, page } = await pageOf(q, params, { descending: params.sortOrder === 'Desc' });
    return c.json({ gmailWatchSubscriptionList: rows.map(serializeGmailWatchSubscription), page });
  });

  app.post('/v1/gmailWatchSubscriptions', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateGmailWatchSubscriptionBody);
    const sid = clientSid(body.sid, 'GW');
    assertOwnOrganization(p, body.organizationSid);
    if (!body.email.trim()) throw badRequest('email cannot be empty.', 'email');
    const db = dbOf(c);
    if (sid) {
      const existing = await db
        .selectFrom('gmailWatchSubscriptions')
        .selectAll()
        .where('sid', '=', sid)
        .executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          (row) => ({
            email: [body.email, row.email],
            userSid: [body.userSid, row.userSid],
            expires: [instant(body.expires), row.expires],
            historyId: [body.historyId, row.historyId],
            bearerToken: [body.bearerToken, row.bearerToken],
            topicName: [body.topicName, row.topicName],
          }),
          serializeGmailWatchSubscription,
        );
      }
    }
    const user = await db
      .selectFrom('users')
      .select('sid')
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', body.userSid)
      .executeTakeFirst();
    if (!user) throw badRequest('userSid names no user of your organization.', 'userSid');
    const now = new Date();
    const row = await db
      .insertInto('gmailWatchSubscriptions')
      .values({
        sid: sid ?? newSid('GW'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        email: body.email,
        userSid: user.sid,
        expires: new Date(body.expires),
        historyId: body.historyId,
        bearerToken: body.bearerToken,
        topicName: body.topicName,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return c.json(serializeGmailWatchSubscription(row), 201);
  });

  app.get('/v1/gmailWatchSubscriptions/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    queryParams(c, strictQuery(GetGmailWatchSubscriptionQueryParams));
    return c.json(serializeGmailWatchSubscription(await findWatch(dbOf(c), p, c.req.param('sid'))));
  });

  app.patch('/v1/gmailWatchSubscriptions/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, UpdateGmailWatchSubscriptionBody);
    const expected = versionOf(body.currentVersion);
    for (const field of ['email', 'expires', 'historyId'] as const) {
      if (body[field] === null) throw badRequest(`${field} cannot be null.`, field);
    }
    if (body.email !== undefined && !body.email?.trim()) throw badRequest('email cannot be empty.', 'email');
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const watch = await findWatch(tx, p, c.req.param('sid'));
        if (watch.version !== expected) throw versionConflict(serializeGmailWatchSubscription(watch));
        const changes = {
          email: body.email ?? undefined,
          expires: body.expires ? new Date(body.expires) : undefined,
          historyId: body.historyId ?? undefined,
        };
        if (leavesAsIs(watch, changes)) return unchanged(c, watch);
        const row = await tx
          .updateTable('gmailWatchSubscriptions')
          .set({
            ...changes,
            version: watch.version + 1,
            updated: new Date(),
          })
          .where('sid', '=', watch.sid)
          .where('version', '=', watch.version)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw versionConflict(serializeGmailWatchSubscription(await findWatch(tx, p, watch.sid)));
        return row;
      });
    return c.json(serializeGmailWatchSubscription(updated));
  });

  app.delete('/v1/gmailWatchSubscriptions/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const watch = await findWatch(db, p, c.req.param('sid'));
    await db.deleteFrom('gmailWatchSubscriptions').where('sid', '=', watch.sid).execute();
    return c.body(null, 204);
  });

  // ---- Google auth tokens

  app.delete('/v1/googleAuthTokens/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const token = await db
      .selectFrom('googleAuthTokens')
      .select('sid')
      .where('organizationSid', '=', p.organizationSid)
      .where('sid', '=', c.req.param('sid'))
      .executeTakeFirst();
    if (!token) throw notFound('Google auth token');
    await db.deleteFrom('googleAuthTokens').where('sid', '=', token.sid).execute();
    return c.body(null, 204);
  });
}
