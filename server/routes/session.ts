// Sign-in, sign-out, the current session and vendor links (tag: session, an extension).
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { deleteCookie, setCookie } from 'hono/cookie';
import {
  AcceptUserInviteBody,
  ExchangeVendorLinkTokenBody,
  LoginBody,
  RenewVendorLinkBody,
  SwitchSessionOrganizationBody,
} from '../../src/api/generated/zod/session/session.zod.ts';
import { renderVendorLinkEmail } from '../domain/follow-up/vendor-link-email.ts';
import { PORTAL_LINK_DAYS, queueEmail } from '../jobs/follow-up-run.ts';
import type { Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import {
  hashPassword,
  randomToken,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  linksOfUser,
  scopeOf,
  tokenHash,
  type VendorLink,
  verifyPassword,
} from '../http/auth.ts';
import type { AppEnv } from '../http/context.ts';
import { forbidden, notFound, unauthenticated } from '../http/errors.ts';
import {
  accountAtAddress,
  clearFailures,
  fromAddress,
  recordFailure,
  requireNotThrottled,
  type ThrottleKey,
} from '../http/login-throttle.ts';
import { jsonBody } from '../http/validate.ts';
import { announceSessionChange } from '../db/live-bus.ts';
import { type Ctx, dbOf, type Db, iso, isoRequired, principalOf } from './support.ts';

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
    role: u.role,
    deactivated: iso(u.deactivated),
  };
}

export function serializeOrganization(o: Row<'organizations'>) {
  return {
    sid: o.sid,
    name: o.name,
    logo100x100: o.logo100x100,
    created: isoRequired(o.created),
    updated: isoRequired(o.updated),
  };
}

/**
 * The buying organizations a user can switch between (a vendor contact's customers, else its own), with what the
 * portal shows of each: its logo and whether it approves vendor dates.
 */
async function sessionOrganizations(db: Db, ownSid: string, links: readonly VendorLink[]) {
  const vendorOf = new Map<string, string>();
  for (const l of links) if (!vendorOf.has(l.organizationSid)) vendorOf.set(l.organizationSid, l.vendorName);
  const sids = [...new Set([...vendorOf.keys(), ownSid])];
  const rows = await db
    .selectFrom('organizations as o')
    .leftJoin('organizationSettings as s', 's.organizationSid', 'o.sid')
    .select(['o.sid', 'o.name', 'o.logo100x100', 's.vendorChangesNeedApproval'])
    .where('o.sid', 'in', sids)
    .orderBy('o.name')
    .execute();
  return rows.map((o) => ({
    sid: o.sid,
    name: o.name,
    vendorName: vendorOf.get(o.sid) ?? null,
    logo100x100: o.logo100x100,
    vendorChangesNeedApproval: o.vendorChangesNeedApproval ?? false,
  }));
}

async function sessionBody(db: Db, userSid: string, expires: Date, chosen: string | null, token?: string) {
  const user = await db.selectFrom('users').selectAll().where('sid', '=', userSid).executeTakeFirstOrThrow();
  const links = await linksOfUser(db, user);
  const { organizationSid, vendorSids } = scopeOf(user, links, chosen);
  const organization = await db
    .selectFrom('organizations')
    .selectAll()
    .where('sid', '=', organizationSid)
    .executeTakeFirstOrThrow();
  return {
    user: serializeUser(user),
    organization: serializeOrganization(organization),
    role: user.role,
    expires: expires.toISOString(),
    vendorSids,
    organizations: await sessionOrganizations(db, user.organizationSid, links),
    ...(token ? { token } : {}),
  };
}

/** Opens a session for the user: a random token, stored hashed, sent as cookie and in the body. */
async function openSession(
  c: Ctx,
  db: Db,
  userSid: string,
  kind: 'login' | 'vendor_link',
  organizationSid: string | null = null,
) {
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
      organizationSid,
      created: now,
      expires,
    })
    .execute();
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('publicOrigin').startsWith('https:'),
    path: '/',
    expires,
  });
  return sessionBody(db, userSid, expires, organizationSid, token);
}

/** The per-address keys of the caller (none in-process, where there is no client address). */
function addressKeys(c: Ctx, scope: string): ThrottleKey[] {
  const address = c.get('clientAddress');
  return address ? [fromAddress(scope, address)] : [];
}

/** A vendor contact gets at most one fresh link in this time. */
const RENEW_INTERVAL_MS = 10 * 60_000;

export function registerSession(app: Hono<AppEnv>): void {
  app.post('/v1/session/login', async (c) => {
    const db = dbOf(c);
    // The address is checked before the body is read: a throttled client costs no parsing or hashing.
    const byAddress = addressKeys(c, 'login');
    await requireNotThrottled(db, byAddress);
    const body = await jsonBody(c, LoginBody);
    const email = body.email.trim().toLowerCase();
    const account = accountAtAddress(email, c.get('clientAddress'));
    await requireNotThrottled(db, [account]);
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !ok) {
      await recordFailure(db, [account, ...byAddress]);
      throw unauthenticated('The email or password is not right.');
    }
    // Said only to whoever knows the password: a stranger learns nothing of the account.
    if (user.deactivated) throw unauthenticated('This account is deactivated. Ask an admin of your organization.');
    await clearFailures(db, account);
    return c.json(await openSession(c, db, user.sid, 'login'));
  });

  // An invitation's link: the invited user chooses a password and is signed in. The token works once.
  app.post('/v1/session/invite', async (c) => {
    const db = dbOf(c);
    const byAddress = addressKeys(c, 'invite');
    await requireNotThrottled(db, byAddress);
    const body = await jsonBody(c, AcceptUserInviteBody);
    const passwordHash = await hashPassword(body.password);
    const session = await db.transaction().execute(async (tx) => {
      const invite = await tx
        .updateTable('userInvites')
        .set({ used: new Date() })
        .where('tokenHash', '=', tokenHash(body.token))
        .where('used', 'is', null)
        .where('expires', '>', new Date())
        .returning('userSid')
        .executeTakeFirst();
      if (!invite) return null;
      const user = await tx
        .updateTable('users')
        .set({ passwordHash, updated: new Date() })
        .where('sid', '=', invite.userSid)
        .where('deactivated', 'is', null)
        .returning('sid')
        .executeTakeFirst();
      return user ? openSession(c, tx, user.sid, 'login') : null;
    });
    if (!session) {
      await recordFailure(db, byAddress);
      throw unauthenticated('This invitation has expired or was already used. Ask an admin for a new one.');
    }
    return c.json(session);
  });

  app.post('/v1/session/vendorLink', async (c) => {
    const db = dbOf(c);
    const byAddress = addressKeys(c, 'vendor-link');
    await requireNotThrottled(db, byAddress);
    const body = await jsonBody(c, ExchangeVendorLinkTokenBody);
    const session = await db.transaction().execute(async (tx) => {
      // Single use: the token is marked used in the same statement that checks it.
      const link = await tx
        .updateTable('vendorLinkTokens')
        .set({ used: new Date() })
        .where('tokenHash', '=', tokenHash(body.token))
        .where('used', 'is', null)
        .where('expires', '>', new Date())
        .returning(['userSid', 'organizationSid'])
        .executeTakeFirst();
      if (!link) return null;
      // A link of an account deactivated since it was sent opens nothing (else a session no request would accept).
      const user = await tx
        .selectFrom('users')
        .select('deactivated')
        .where('sid', '=', link.userSid)
        .executeTakeFirst();
      if (!user || user.deactivated) return null;
      // The session opens in the organization whose request the link answers.
      return openSession(c, tx, link.userSid, 'vendor_link', link.organizationSid);
    });
    if (!session) {
      await recordFailure(db, byAddress);
      throw unauthenticated('This link has expired or was already used. Ask for a new one.');
    }
    return c.json(session);
  });

  // A used or expired link asks for a fresh one, sent to the address the old one went to: whoever holds an old
  // link can only make its owner's inbox receive a new one, at most once in RENEW_INTERVAL_MS.
  app.post('/v1/session/vendorLink/renew', async (c) => {
    const db = dbOf(c);
    const byAddress = addressKeys(c, 'vendor-link-renew');
    await requireNotThrottled(db, byAddress);
    const body = await jsonBody(c, RenewVendorLinkBody);
    const now = new Date();
    const answer = {
      message:
        'If this link came from us, a new one is on its way to the address it was sent to. Open it from that email.',
    };
    const owner = await db
      .selectFrom('vendorLinkTokens as t')
      .innerJoin('users as u', 'u.sid', 't.userSid')
      // The organization the old link was for (a contact may serve several), else the contact's own.
      .innerJoin('organizations as o', (join) =>
        join.on((eb) => eb('o.sid', '=', eb.fn.coalesce('t.organizationSid', 'u.organizationSid'))),
      )
      .select([
        'u.sid',
        'u.email',
        'u.firstName',
        'u.role',
        'o.sid as organizationSid',
        'o.name as organizationName',
        'o.logo100x100',
      ])
      .where('t.tokenHash', '=', tokenHash(body.token))
      // A deactivated account gets no fresh link: it could not open it.
      .where('u.deactivated', 'is', null)
      .executeTakeFirst();
    if (!owner || owner.role !== 'vendor') {
      // The same answer for a token we never made: a stranger learns nothing. It counts against the address.
      await recordFailure(db, byAddress);
      return c.json(answer, 202);
    }
    const expires = new Date(now.getTime() + PORTAL_LINK_DAYS * 86_400_000);
    // One fresh link per address in RENEW_INTERVAL_MS, counted from the renewal emails themselves (an update
    // request's link, made by the engine, does not count: it is not what the vendor holds).
    const recent = await db
      .selectFrom('outboxEmails')
      .select('sid')
      .where('organizationSid', '=', owner.organizationSid)
      .where('kind', '=', 'vendorLink')
      .where(sql<boolean>`lower(to_address) = ${owner.email.toLowerCase()}`)
      .where('created', '>', new Date(now.getTime() - RENEW_INTERVAL_MS))
      .executeTakeFirst();
    if (recent) return c.json(answer, 202);
    const token = randomToken('vl');
    const rendered = renderVendorLinkEmail({
      organizationName: owner.organizationName,
      logoUrl: owner.logo100x100,
      recipientName: owner.firstName,
      portalUrl: `${c.get('publicOrigin')}/portal/link#token=${encodeURIComponent(token)}`,
      linkExpiresInDays: PORTAL_LINK_DAYS,
    });
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('vendorLinkTokens')
        .values({ tokenHash: tokenHash(token), userSid: owner.sid, expires, organizationSid: owner.organizationSid })
        .execute();
      await queueEmail(
        tx,
        { organizationSid: owner.organizationSid, now, kind: 'vendorLink', replyTo: null },
        owner.email,
        rendered,
      );
    });
    return c.json(answer, 202);
  });

  app.get('/v1/session', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const expires = p.sessionSid
      ? (await db.selectFrom('sessions').select('expires').where('sid', '=', p.sessionSid).executeTakeFirstOrThrow())
          .expires
      : new Date(Date.now() + SESSION_TTL_MS);
    return c.json(await sessionBody(db, p.userSid, expires, p.organizationSid));
  });

  // A vendor contact serving several buying organizations moves its session to another of them.
  app.post('/v1/session/organization', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, SwitchSessionOrganizationBody);
    if (!p.sessionSid || p.kind === 'embed') throw forbidden('Only a signed-in session can switch organizations.');
    const db = dbOf(c);
    const user = await db.selectFrom('users').selectAll().where('sid', '=', p.userSid).executeTakeFirstOrThrow();
    // Its own organization, or one it serves as a vendor contact.
    const links = await linksOfUser(db, user);
    const choices = [{ sid: user.organizationSid }, ...links.map((l) => ({ sid: l.organizationSid }))];
    if (!choices.some((o) => o.sid === body.organizationSid)) throw notFound('organization');
    const session = await db
      .updateTable('sessions')
      .set({ organizationSid: body.organizationSid === user.organizationSid ? null : body.organizationSid })
      .where('sid', '=', p.sessionSid)
      .returning('expires')
      .executeTakeFirstOrThrow();
    // Streams opened for the organization left behind end.
    await announceSessionChange(db, p.organizationSid, [p.sessionSid]);
    return c.json(await sessionBody(db, p.userSid, session.expires, body.organizationSid));
  });

  app.post('/v1/session/logout', async (c) => {
    const p = principalOf(c);
    if (p.sessionSid) {
      await dbOf(c).updateTable('sessions').set({ revoked: new Date() }).where('sid', '=', p.sessionSid).execute();
      // Its open streams end now, in every process, not at their next heartbeat.
      await announceSessionChange(dbOf(c), p.organizationSid, [p.sessionSid]);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
}
