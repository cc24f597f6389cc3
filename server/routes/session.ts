// Sign-in, sign-out, the current session and vendor links (tag: session, an extension).
import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ExchangeVendorLinkTokenBody, LoginBody } from '../../src/api/generated/zod/session/session.zod.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import { randomToken, SESSION_COOKIE, SESSION_TTL_MS, tokenHash, verifyPassword } from '../http/auth.ts';
import type { AppEnv } from '../http/context.ts';
import { HttpError, unauthenticated } from '../http/errors.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { jsonBody } from '../http/validate.ts';
import { type Ctx, dbOf, type Db, isoRequired, principalOf } from './support.ts';

export function serializeUser(u: Row<'users'>) {
  return {
    sid: u.sid,
    created: isoRequired(u.created),
    updated: isoRequired(u.updated),
    email: u.email,
    organizationSid: u.organizationSid,
    firstName: u.firstName,
    lastName: u.lastName,
    phoneNumber: u.phoneNumber,
    employee: u.employee,
    password: u.passwordHash !== null,
  };
}

export function serializeOrganization(o: Row<'organizations'>) {
  return { sid: o.sid, name: o.name, created: isoRequired(o.created), updated: isoRequired(o.updated) };
}

async function sessionBody(db: Db, userSid: string, expires: Date, token?: string) {
  const user = await db.selectFrom('users').selectAll().where('sid', '=', userSid).executeTakeFirstOrThrow();
  const organization = await db
    .selectFrom('organizations')
    .selectAll()
    .where('sid', '=', user.organizationSid)
    .executeTakeFirstOrThrow();
  const vendorSids =
    user.role === 'vendor'
      ? (await db.selectFrom('userVendors').select('vendorSid').where('userSid', '=', user.sid).execute()).map(
          (r) => r.vendorSid,
        )
      : [];
  return {
    user: serializeUser(user),
    organization: serializeOrganization(organization),
    role: user.role,
    expires: expires.toISOString(),
    vendorSids,
    ...(token ? { token } : {}),
  };
}

/** Opens a session for the user: a random token, stored hashed, sent as cookie and in the body. */
async function openSession(c: Ctx, db: Db, userSid: string, kind: 'login' | 'vendor_link') {
  const token = randomToken('fs');
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto('sessions')
    .values({
      sid: newSid('SE'),
      tokenHash: tokenHash(token),
      userSid,
      kind,
      embedOrigin: null,
      embedView: null,
      created: now,
      expires,
    })
    .execute();
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    expires,
  });
  return sessionBody(db, userSid, expires, token);
}

// Per address and per account: guessing is slow either way.
const byAddress = new RateLimiter(30, 15 * 60 * 1000);
const byAccount = new RateLimiter(10, 15 * 60 * 1000);

function clientAddress(c: Ctx): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

export function registerSession(app: Hono<AppEnv>): void {
  app.post('/v1/session/login', async (c) => {
    const body = await jsonBody(c, LoginBody);
    const email = body.email.trim().toLowerCase();
    const wait = Math.max(byAddress.hit(clientAddress(c)), byAccount.hit(email));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new HttpError(429, 'rate_limited', `Too many sign-in attempts; try again in ${wait} seconds.`);
    }
    const db = dbOf(c);
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !ok) throw unauthenticated('The email or password is not right.');
    byAccount.reset(email);
    return c.json(await openSession(c, db, user.sid, 'login'));
  });

  app.post('/v1/session/vendorLink', async (c) => {
    const body = await jsonBody(c, ExchangeVendorLinkTokenBody);
    const wait = byAddress.hit(clientAddress(c));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new HttpError(429, 'rate_limited', `Too many attempts; try again in ${wait} seconds.`);
    }
    const db = dbOf(c);
    const session = await db.transaction().execute(async (tx) => {
      // Single use: the token is marked used in the same statement that checks it.
      const link = await tx
        .updateTable('vendorLinkTokens')
        .set({ used: new Date() })
        .where('tokenHash', '=', tokenHash(body.token))
        .where('used', 'is', null)
        .where('expires', '>', new Date())
        .returning('userSid')
        .executeTakeFirst();
      if (!link) throw unauthenticated('This link has expired or was already used. Ask for a new one.');
      return openSession(c, tx, link.userSid, 'vendor_link');
    });
    return c.json(session);
  });

  app.get('/v1/session', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const expires = p.sessionSid
      ? (await db.selectFrom('sessions').select('expires').where('sid', '=', p.sessionSid).executeTakeFirstOrThrow())
          .expires
      : new Date(Date.now() + SESSION_TTL_MS);
    return c.json(await sessionBody(db, p.userSid, expires));
  });

  app.post('/v1/session/logout', async (c) => {
    const p = principalOf(c);
    if (p.sessionSid)
      await dbOf(c).updateTable('sessions').set({ revoked: new Date() }).where('sid', '=', p.sessionSid).execute();
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
}
