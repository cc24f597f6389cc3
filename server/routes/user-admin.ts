// The organization's people, for its admins (tag users, our additions):
// invitations by email, roles, deactivation and signing a user out
// everywhere. Vendor users are managed from their vendor (vendor-admin.ts).
import { accessAfter, accessChangeRefusal } from '../domain/users/access.ts';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import {
  InviteUserBody,
  UpdateUserAccessBody,
} from '../../src/api/generated/zod/user-administration/user-administration.zod.ts';
import { announceSessionChange } from '../db/live-bus.ts';
import type { Database, Row } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import { renderInviteEmail } from '../domain/users/invite-email.ts';
import { randomToken, tokenHash } from '../http/auth.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { queueEmail } from '../jobs/follow-up-run.ts';
import { serializeUser } from './session.ts';
import { dbOf, type Db, principalOf, recordEvent, requireAdmin } from './support.ts';

/** An invitation's link works this long. */
export const INVITE_DAYS = 7;

/** A user of the caller's organization, by sid; anyone else is a 404. */
async function colleague(db: Db, p: Principal, sid: string): Promise<Row<'users'>> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!user) throw notFound('user');
  return user;
}

/** Ends every session of the user (login, portal link and embed), and tells their open pages at once. */
export async function revokeSessionsOf(db: Kysely<Database> | Db, user: Row<'users'>): Promise<number> {
  const revoked = await db
    .updateTable('sessions')
    .set({ revoked: new Date() })
    .where('userSid', '=', user.sid)
    .where('revoked', 'is', null)
    .returning('sid')
    .execute();
  if (revoked.length) {
    await announceSessionChange(
      db,
      user.organizationSid,
      revoked.map((s) => s.sid),
    );
  }
  return revoked.length;
}

export function registerUserAdministration(app: Hono<AppEnv>): void {
  app.post('/v1/users/invites', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, InviteUserBody);
    const email = body.email.trim();
    const db = dbOf(c);
    const user = await db.transaction().execute(async (tx) => {
      const taken = await tx
        .selectFrom('users')
        .select('sid')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst();
      if (taken) throw conflict(`${email} already has an account.`, 'email');
      const now = new Date();
      const row = await tx
        .insertInto('users')
        .values({
          sid: newSid('US'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          email,
          firstName: body.firstName?.trim() || null,
          lastName: body.lastName?.trim() || null,
          phoneNumber: null,
          passwordHash: null,
          role: body.role,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const token = randomToken('ui');
      await tx
        .insertInto('userInvites')
        .values({
          tokenHash: tokenHash(token),
          userSid: row.sid,
          expires: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
        })
        .execute();
      const organization = await tx
        .selectFrom('organizations')
        .select('name')
        .where('sid', '=', p.organizationSid)
        .executeTakeFirstOrThrow();
      const rendered = renderInviteEmail({
        organizationName: organization.name,
        inviterName: p.name,
        recipientName: row.firstName,
        role: body.role,
        inviteUrl: `${c.get('publicOrigin')}/invite#token=${encodeURIComponent(token)}`,
        expiresInDays: INVITE_DAYS,
      });
      await queueEmail(
        tx,
        { organizationSid: p.organizationSid, now, kind: 'userInvite', replyTo: null },
        email,
        rendered,
      );
      await recordEvent(tx, p, { type: 'user.invited', after: serializeUser(row) });
      return row;
    });
    return c.json(serializeUser(user), 201);
  });

  app.post('/v1/users/:sid/access', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateUserAccessBody);
    if (body.role === undefined && body.deactivated === undefined) {
      throw badRequest('Give role, deactivated or both.', 'role');
    }
    const db = dbOf(c);
    const updated = await db.transaction().execute(async (tx) => {
      const user = await colleague(tx, p, c.req.param('sid'));
      const refusal = accessChangeRefusal(p.userSid, user, body);
      if (refusal) throw conflict(refusal.message, refusal.field);
      const now = new Date();
      const row = await tx
        .updateTable('users')
        .set({ ...accessAfter(user, body, now), updated: now })
        .where('sid', '=', user.sid)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A deactivated account is signed out everywhere at once; a changed role is read anew on each request.
      if (row.deactivated && !user.deactivated) await revokeSessionsOf(tx, row);
      await recordEvent(tx, p, { type: 'user.accessChanged', before: serializeUser(user), after: serializeUser(row) });
      return row;
    });
    return c.json(serializeUser(updated));
  });

  app.post('/v1/users/:sid/sessions/reset', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const db = dbOf(c);
    await db.transaction().execute(async (tx) => {
      const user = await colleague(tx, p, c.req.param('sid'));
      await revokeSessionsOf(tx, user);
      await recordEvent(tx, p, { type: 'user.signedOutEverywhere', after: serializeUser(user) });
    });
    return c.body(null, 204);
  });
}
