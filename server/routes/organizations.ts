// The organization, its settings and its users (tags: organizations, organizationSettings, users).
import type { Hono } from 'hono';
import { UpdateOrganizationBody } from '../../src/api/generated/zod/organizations/organizations.zod.ts';
import { UpdateOrganizationSettingsBody } from '../../src/api/generated/zod/organization-settings/organization-settings.zod.ts';
import { ListUsersQueryParams, UpdateUserBody } from '../../src/api/generated/zod/users/users.zod.ts';
import type { Row } from '../db/schema.ts';
import { needsApproval } from './approval-mode.ts';
import { isOneLine } from '../domain/follow-up/email.ts';
import { newSid } from '../domain/sid.ts';
import { hashPassword, verifyPassword } from '../http/auth.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, forbidden, HttpError, notFound, versionConflict } from '../http/errors.ts';
import { clearFailures, passwordChangeOf, recordFailure, requireNotThrottled } from '../http/login-throttle.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { serializeOrganization, serializeUser } from './session.ts';
import {
  changedFields,
  type Db,
  dbOf,
  ifMatchVersions,
  isoRequired,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  requireAdmin,
  requireStaff,
  unchanged,
} from './support.ts';

type SettingsRow = Row<'organizationSettings'>;

export function serializeOrganizationSettings(s: SettingsRow) {
  return {
    sid: s.sid,
    created: isoRequired(s.created),
    updated: isoRequired(s.updated),
    version: s.version,
    defaultTimeZone: s.defaultTimeZone,
    defaultUnresponsiveAfterBusinessDays: s.defaultUnresponsiveAfterBusinessDays,
    defaultItemGroupCadence: s.defaultItemGroupCadence,
    sendAutomatedUpdateRequests: s.sendAutomatedUpdateRequests,
    pastDueBusinessDays: s.pastDueBusinessDays,
    defaultPastDueCadenceSid: s.defaultPastDueCadenceSid,
    holidays: [...s.holidays].sort(),
    businessWeekdays: [...s.businessWeekdays].sort((a, b) => a - b),
    senderName: s.senderName,
    replyTo: s.replyTo,
    cadenceSid: s.cadenceSid,
    vendorChangesNeedApproval: s.vendorChangesNeedApproval,
  };
}

export function serializeUserProfile(u: Row<'users'>) {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
  return { name: name || null, email: u.email };
}

/** The caller's own organization; any other sid is 404, exactly like a missing one. */
export async function findOrganization(db: Db, p: Principal, sid: string): Promise<Row<'organizations'>> {
  if (sid !== p.organizationSid) throw notFound('organization');
  const organization = await db.selectFrom('organizations').selectAll().where('sid', '=', sid).executeTakeFirst();
  if (!organization) throw notFound('organization');
  return organization;
}

/** The settings of the caller's organization, by the settings sid or the organization sid. */
async function findSettings(db: Db, p: Principal, sid: string): Promise<SettingsRow> {
  if (sid === p.organizationSid) {
    // Every organization has settings: an organization made without them gets the defaults on first use.
    const now = new Date();
    await db
      .insertInto('organizationSettings')
      .values({
        sid: newSid('OS'),
        organizationSid: p.organizationSid,
        created: now,
        updated: now,
        defaultItemGroupCadence: null,
        defaultPastDueCadenceSid: null,
      })
      .onConflict((oc) => oc.column('organizationSid').doNothing())
      .execute();
  }
  const settings = await db
    .selectFrom('organizationSettings')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where((eb) => eb.or([eb('sid', '=', sid), eb('organizationSid', '=', sid)]))
    .executeTakeFirst();
  if (!settings) throw notFound('organization settings');
  return settings;
}

/** A user of the caller's organization by sid or (case-insensitive) email. */
async function findUser(db: Db, p: Principal, sidOrEmail: string): Promise<Row<'users'>> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    // The caller's own account too: a vendor contact reading another organization it serves keeps its login.
    .where((eb) => eb.or([eb('organizationSid', '=', p.organizationSid), eb('sid', '=', p.userSid)]))
    .where((eb) => eb.or([eb('sid', '=', sidOrEmail), eb(eb.fn('lower', ['email']), '=', sidOrEmail.toLowerCase())]))
    .executeTakeFirst();
  if (!user) throw notFound('user');
  return user;
}

/** Whether the user is on one of the vendor's orders (a member of it) or a user of one of its vendors. */
async function worksWithVendor(db: Db, p: Principal, userSid: string): Promise<boolean> {
  if (!p.vendorSids.length) return false;
  const member = await db
    .selectFrom('orderMembers')
    .innerJoin('orders', 'orders.sid', 'orderMembers.orderSid')
    .select('orderMembers.sid')
    .where('orderMembers.memberSid', '=', userSid)
    .where('orders.organizationSid', '=', p.organizationSid)
    .where('orders.vendorSid', 'in', p.vendorSids)
    .executeTakeFirst();
  if (member) return true;
  const colleague = await db
    .selectFrom('userVendors')
    .select('userSid')
    .where('userSid', '=', userSid)
    .where('vendorSid', 'in', p.vendorSids)
    .executeTakeFirst();
  return colleague !== undefined;
}

/** The canonical name of an IANA time zone, or null when the runtime does not know it. */
function canonicalTimeZone(value: string): string | null {
  if (!value.trim()) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function businessDays(value: number | null | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === null) throw badRequest(`${field} cannot be null.`, field);
  if (value < 0 || value > 365) throw badRequest(`${field} must be between 0 and 365.`, field);
  return value;
}

async function assertCadence(db: Db, p: Principal, sid: string | null | undefined, field: string): Promise<void> {
  if (sid === null || sid === undefined) return;
  const cadence = await db
    .selectFrom('cadences')
    .select('sid')
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!cadence) throw badRequest(`${field} names no cadence of your organization.`, field);
}

export function registerOrganizations(app: Hono<AppEnv>): void {
  app.get('/v1/organizations/:sid', async (c) => {
    const organization = await findOrganization(dbOf(c), principalOf(c), c.req.param('sid'));
    return c.json(serializeOrganization(organization));
  });

  app.patch('/v1/organizations/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateOrganizationBody);
    if (body.name === null) throw badRequest('name cannot be null.', 'name');
    const name = body.name?.trim();
    if (name === '') throw badRequest('name cannot be empty.', 'name');
    const updated = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const organization = await findOrganization(tx, p, c.req.param('sid'));
        if (leavesAsIs(organization, { name })) return unchanged(c, organization);
        const row = await tx
          .updateTable('organizations')
          .set({ ...(name !== undefined ? { name } : {}), updated: new Date() })
          .where('sid', '=', organization.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        const diff = changedFields(serializeOrganization(organization), serializeOrganization(row));
        if (Object.keys(diff.after).length) await recordEvent(tx, p, { type: 'organization.updated', ...diff });
        return row;
      });
    return c.json(serializeOrganization(updated));
  });

  // Scoped like every other read: the public view is the organization's name and logo, for its own users.
  app.get('/v1/organizations/:sid/public', async (c) => {
    const db = dbOf(c);
    const organization = await findOrganization(db, principalOf(c), c.req.param('sid'));
    return c.json({
      sid: organization.sid,
      name: organization.name,
      logo100x100: organization.logo100x100,
      vendorChangesNeedApproval: await needsApproval(db, organization.sid),
    });
  });

  app.get('/v1/organizationSettings/:sid', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const settings = await findSettings(dbOf(c), p, c.req.param('sid'));
    c.header('ETag', `"${settings.version}"`);
    return c.json(serializeOrganizationSettings(settings));
  });

  app.patch('/v1/organizationSettings/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateOrganizationSettingsBody);
    const accepted = ifMatchVersions(c);
    let defaultTimeZone: string | undefined;
    if (body.defaultTimeZone !== undefined) {
      const zone = canonicalTimeZone(body.defaultTimeZone);
      if (!zone) throw badRequest('defaultTimeZone is not an IANA time zone.', 'defaultTimeZone');
      defaultTimeZone = zone;
    }
    const defaultUnresponsiveAfterBusinessDays = businessDays(
      body.defaultUnresponsiveAfterBusinessDays,
      'defaultUnresponsiveAfterBusinessDays',
    );
    const pastDueBusinessDays = businessDays(body.pastDueBusinessDays, 'pastDueBusinessDays');
    if (body.vendorChangesNeedApproval === null)
      throw badRequest('vendorChangesNeedApproval cannot be null.', 'vendorChangesNeedApproval');
    if (body.sendAutomatedUpdateRequests === null)
      throw badRequest('sendAutomatedUpdateRequests cannot be null.', 'sendAutomatedUpdateRequests');
    const holidays = body.holidays && [...new Set(body.holidays)].sort();
    const businessWeekdays = body.businessWeekdays && [...new Set(body.businessWeekdays)].sort((a, b) => a - b);
    // The name emails come from is one line of a header: a line break or other control character is refused here
    // (the emails flatten it anyway), not stored to show up split in the settings and the mailbox.
    if (body.senderName && !isOneLine(body.senderName)) {
      throw badRequest('senderName may not contain line breaks or other control characters.', 'senderName');
    }
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const settings = await findSettings(tx, p, c.req.param('sid'));
        await assertCadence(tx, p, body.defaultItemGroupCadence, 'defaultItemGroupCadence');
        await assertCadence(tx, p, body.defaultPastDueCadenceSid, 'defaultPastDueCadenceSid');
        await assertCadence(tx, p, body.cadenceSid, 'cadenceSid');
        if (accepted !== null && !accepted.includes(settings.version)) {
          throw new HttpError(
            412,
            'precondition_failed',
            'The settings changed since the version in If-Match.',
            'If-Match',
            { current: serializeOrganizationSettings(settings) },
          );
        }
        const changes = {
          defaultTimeZone,
          defaultUnresponsiveAfterBusinessDays,
          defaultItemGroupCadence: body.defaultItemGroupCadence,
          sendAutomatedUpdateRequests: body.sendAutomatedUpdateRequests ?? undefined,
          pastDueBusinessDays,
          defaultPastDueCadenceSid: body.defaultPastDueCadenceSid,
          holidays,
          businessWeekdays,
          senderName: body.senderName === undefined ? undefined : body.senderName?.trim() || null,
          replyTo: body.replyTo === undefined ? undefined : body.replyTo?.trim() || null,
          cadenceSid: body.cadenceSid,
          vendorChangesNeedApproval: body.vendorChangesNeedApproval ?? undefined,
        };
        if (leavesAsIs(settings, changes)) return unchanged(c, settings);
        // A write conditioned on the version it read: a concurrent writer makes this match no row.
        const written = await tx
          .updateTable('organizationSettings')
          .set({
            ...changes,
            version: settings.version + 1,
            updated: new Date(),
          })
          .where('sid', '=', settings.sid)
          .where('version', '=', settings.version)
          .returningAll()
          .executeTakeFirst();
        if (!written) {
          const current = await tx
            .selectFrom('organizationSettings')
            .selectAll()
            .where('sid', '=', settings.sid)
            .executeTakeFirstOrThrow();
          throw versionConflict(serializeOrganizationSettings(current));
        }
        const diff = changedFields(serializeOrganizationSettings(settings), serializeOrganizationSettings(written));
        if (Object.keys(diff.after).length) await recordEvent(tx, p, { type: 'organizationSettings.updated', ...diff });
        return written;
      });
    c.header('ETag', `"${row.version}"`);
    return c.json(serializeOrganizationSettings(row));
  });
}

const MIN_PASSWORD_LENGTH = 8;

export function registerUsers(app: Hono<AppEnv>): void {
  app.get('/v1/users', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListUsersQueryParams);
    if (params.organizationSid && params.organizationSid !== p.organizationSid) {
      return c.json({ users: [], page: { previousPageToken: null, nextPageToken: null } });
    }
    const q = dbOf(c).selectFrom('users').selectAll().where('organizationSid', '=', p.organizationSid);
    const { rows, page } = await pageOf(q, params);
    return c.json({ users: rows.map(serializeUser), page });
  });

  app.get('/v1/users/:sidOrEmail/profile', async (c) => {
    const p = principalOf(c);
    const db = dbOf(c);
    const user = await findUser(db, p, c.req.param('sidOrEmail'));
    // A vendor sees the people it works with, and no one else: the answer for anyone else is the one for an
    // unknown address, so a vendor cannot probe which addresses have accounts.
    if (p.role === 'vendor' && user.sid !== p.userSid && !(await worksWithVendor(db, p, user.sid))) {
      throw notFound('user');
    }
    return c.json(serializeUserProfile(user));
  });

  app.get('/v1/users/:sidOrEmail', async (c) => {
    const p = principalOf(c);
    const user = await findUser(dbOf(c), p, c.req.param('sidOrEmail'));
    // Vendors read their own account; the rest of the organization's accounts are the staff's business.
    if (p.role === 'vendor' && user.sid !== p.userSid) throw forbidden('Vendors can read only their own account.');
    return c.json(serializeUser(user));
  });

  app.patch('/v1/users/:sidOrEmail', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, UpdateUserBody);
    const db = dbOf(c);
    const user = await findUser(db, p, c.req.param('sidOrEmail'));
    if (user.sid !== p.userSid && p.role !== 'admin') {
      throw forbidden('You can update your own account; only an administrator can update other users.');
    }
    let passwordHash: string | undefined;
    if (body.newPassword !== undefined && body.newPassword !== null) {
      if (body.newPassword.length < MIN_PASSWORD_LENGTH) {
        throw badRequest(`newPassword must be at least ${MIN_PASSWORD_LENGTH} characters.`, 'newPassword');
      }
      if (user.passwordHash) {
        if (!body.currentPassword) {
          throw badRequest('Give currentPassword to change a password that is set.', 'currentPassword');
        }
        const checks = passwordChangeOf(user.sid);
        await requireNotThrottled(db, [checks]);
        if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
          await recordFailure(db, [checks]);
          throw badRequest('currentPassword is not right.', 'currentPassword');
        }
        passwordHash = await hashPassword(body.newPassword);
        await clearFailures(db, checks);
      } else {
        passwordHash = await hashPassword(body.newPassword);
      }
    }
    const profile = { firstName: body.firstName, lastName: body.lastName, phoneNumber: body.phoneNumber };
    if (passwordHash === undefined && leavesAsIs(user, profile)) return c.json(serializeUser(unchanged(c, user)));
    const updated = await db.transaction().execute(async (tx) => {
      const now = new Date();
      const row = await tx
        .updateTable('users')
        .set({
          ...profile,
          passwordHash,
          updated: now,
        })
        .where('sid', '=', user.sid)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (passwordHash !== undefined) {
        // A new password signs the account out everywhere but in the session that changed it.
        let revoke = tx
          .updateTable('sessions')
          .set({ revoked: now })
          .where('userSid', '=', user.sid)
          .where('revoked', 'is', null);
        if (p.sessionSid) revoke = revoke.where('sid', '!=', p.sessionSid);
        await revoke.execute();
      }
      const diff = changedFields(serializeUser(user), serializeUser(row));
      if (passwordHash !== undefined) {
        diff.before.password = user.passwordHash !== null;
        diff.after.password = true;
      }
      if (Object.keys(diff.after).length) await recordEvent(tx, p, { type: 'user.updated', ...diff });
      return row;
    });
    return c.json(serializeUser(updated));
  });
}
