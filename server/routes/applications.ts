// Credentials other than a sign-in: applications and API keys (tags:
// applications; apiKeys, an extension). Secrets are answered once and kept
// only as hashes. Embed sessions are in embed.ts.
import type { Hono } from 'hono';
import {
  ListApplicationsQueryParams,
  UpdateApplicationBody,
} from '../../src/api/generated/zod/applications/applications.zod.ts';
import {
  CreateApiKeyBody,
  ListApiKeysQueryParams,
  UpdateApiKeyBody,
} from '../../src/api/generated/zod/api-keys/api-keys.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import { randomToken, tokenHash } from '../http/auth.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import {
  changedFields,
  type Db,
  dbOf,
  iso,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  requireAdmin,
  unchanged,
} from './support.ts';

export function serializeApplication(a: Row<'applications'>, secret: string | null = null) {
  return {
    sid: a.sid,
    created: isoRequired(a.created),
    updated: isoRequired(a.updated),
    name: a.name,
    organization: a.organizationSid,
    secret,
  };
}

export function serializeApiKey(k: Row<'apiKeys'>, now = new Date()) {
  return {
    sid: k.sid,
    name: k.name,
    prefix: k.prefix,
    created: isoRequired(k.created),
    expiryDate: iso(k.expiryDate),
    hasExpired: k.expiryDate !== null && k.expiryDate <= now,
    revoked: k.revoked,
    keyType: 'application' as const,
    createdBy: k.createdBy,
    scope: k.scope,
    lastUsed: iso(k.lastUsed),
  };
}

async function findApplication(db: Db, p: Principal, sid: string): Promise<Row<'applications'>> {
  const application = await db
    .selectFrom('applications')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!application) throw notFound('application');
  return application;
}

async function findApiKey(db: Db, p: Principal, sid: string): Promise<Row<'apiKeys'>> {
  const key = await db
    .selectFrom('apiKeys')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!key) throw notFound('API key');
  return key;
}

export function registerApplications(app: Hono<AppEnv>): void {
  app.get('/v1/applications', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const params = queryParams(c, ListApplicationsQueryParams);
    const q = dbOf(c).selectFrom('applications').selectAll().where('organizationSid', '=', p.organizationSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ applications: rows.map((a) => serializeApplication(a)), page });
  });

  app.get('/v1/applications/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const application = await findApplication(dbOf(c), p, c.req.param('sid'));
    return c.json(serializeApplication(application));
  });

  app.patch('/v1/applications/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateApplicationBody);
    // The new secret is answered once, in this response; only its hash is kept.
    const secret = body.regenerateSecret === true ? randomToken('fa') : null;
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const application = await findApplication(tx, p, c.req.param('sid'));
        if (!secret && leavesAsIs(application, { name: body.name })) return unchanged(c, application);
        const row = await tx
          .updateTable('applications')
          .set({
            name: body.name,
            ...(secret ? { secretHash: tokenHash(secret) } : {}),
            updated: new Date(),
          })
          .where('sid', '=', application.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeApplication(application), serializeApplication(row));
        if (secret) (diff.after as Record<string, unknown>).secretRegenerated = true;
        if (Object.keys(diff.after).length) await recordEvent(tx, p, { type: 'application.updated', ...diff });
        return row;
      });
    return c.json(serializeApplication(updated, secret));
  });

  app.delete('/v1/applications/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const application = await findApplication(tx, p, c.req.param('sid'));
        await tx.deleteFrom('applications').where('sid', '=', application.sid).execute();
        await recordEvent(tx, p, { type: 'application.deleted', before: serializeApplication(application) });
      });
    return c.body(null, 204);
  });
}

export function registerApiKeys(app: Hono<AppEnv>): void {
  app.get('/v1/apiKeys', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const params = queryParams(c, ListApiKeysQueryParams);
    const q = dbOf(c).selectFrom('apiKeys').selectAll().where('organizationSid', '=', p.organizationSid);
    const { rows, page } = await pageOf(q, params);
    const now = new Date();
    return c.json({ apiKeys: rows.map((k) => serializeApiKey(k, now)), page });
  });

  app.post('/v1/apiKeys', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    // A leaked key must not be able to mint its own successors.
    if (p.kind === 'api_key') throw forbidden('An API key cannot create API keys; sign in as an administrator.');
    const body = await jsonBody(c, CreateApiKeyBody);
    const now = new Date();
    const expiryDate = body.expiryDate ? new Date(body.expiryDate) : null;
    if (expiryDate && expiryDate <= now) throw badRequest('expiryDate must be in the future.', 'expiryDate');
    const name = body.name.trim();
    if (!name) throw badRequest('name cannot be blank.', 'name');
    const secret = randomToken('fk');
    const key = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const row = await tx
          .insertInto('apiKeys')
          .values({
            sid: newSid('AK'),
            organizationSid: p.organizationSid,
            created: now,
            updated: now,
            name,
            prefix: secret.slice(0, 10),
            secretHash: tokenHash(secret),
            expiryDate,
            createdBy: p.userSid,
            scope: body.scope,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(tx, p, { type: 'apiKey.created', after: serializeApiKey(row, now) });
        return row;
      });
    return c.json({ ...serializeApiKey(key, now), secret }, 201);
  });

  app.patch('/v1/apiKeys/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateApiKeyBody);
    const name = body.name?.trim();
    if (name === '') throw badRequest('name cannot be blank.', 'name');
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const key = await findApiKey(tx, p, c.req.param('sid'));
        if (leavesAsIs(key, { name })) return unchanged(c, key);
        const row = await tx
          .updateTable('apiKeys')
          .set({ name, updated: new Date() })
          .where('sid', '=', key.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeApiKey(key), serializeApiKey(row), ['hasExpired']);
        if (Object.keys(diff.after).length) await recordEvent(tx, p, { type: 'apiKey.updated', ...diff });
        return row;
      });
    return c.json(serializeApiKey(updated));
  });

  // Revoking stops the key at once; it stays listed, as revoked. Revoking twice is harmless.
  app.delete('/v1/apiKeys/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const key = await findApiKey(tx, p, c.req.param('sid'));
        if (key.revoked) return;
        const row = await tx
          .updateTable('apiKeys')
          .set({ revoked: true, updated: new Date() })
          .where('sid', '=', key.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(tx, p, { type: 'apiKey.revoked', before: serializeApiKey(key), after: serializeApiKey(row) });
      });
    return c.body(null, 204);
  });
}
