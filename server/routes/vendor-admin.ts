// Vendors, for the organization's admins (tag vendors, our additions): create
// and edit a vendor, and its contacts: the vendor users who sign in to the
// portal and receive its update requests, each added by email with a
// single-use portal link.
import type { Hono } from 'hono';
import {
  CreateVendorBody,
  InviteVendorUserBody,
  ListVendorUsersQueryParams,
  UpdateVendorBody,
} from '../../src/api/generated/zod/vendors/vendors.zod.ts';
import type { Row } from '../db/schema.ts';
import { renderVendorLinkEmail } from '../domain/follow-up/vendor-link-email.ts';
import { newSid } from '../domain/sid.ts';
import { randomToken, tokenHash } from '../http/auth.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { conflict, notFound } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { PORTAL_LINK_DAYS, queueEmail } from '../jobs/follow-up-run.ts';
import { serializeUser } from './session.ts';
import {
  type Db,
  dbOf,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  requireAdmin,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';
import { serializeVendor } from './vendors.ts';

async function vendorOf(db: Db, p: Principal, sid: string): Promise<Row<'vendors'>> {
  const vendor = await db
    .selectFrom('vendors')
    .selectAll()
    .where('organizationSid', '=', p.organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  if (!vendor) throw notFound('vendor');
  return vendor;
}

/** A code is unique in the organization: another vendor's is a 409 naming code. */
async function requireFreeCode(db: Db, p: Principal, code: string | null | undefined, except: string | null) {
  if (!code) return;
  const taken = await db
    .selectFrom('vendors')
    .select(['sid', 'name'])
    .where('organizationSid', '=', p.organizationSid)
    .where('code', '=', code)
    .executeTakeFirst();
  if (taken && taken.sid !== except) throw conflict(`The code ${code} is ${taken.name}'s already.`, 'code');
}

export function registerVendorAdministration(app: Hono<AppEnv>): void {
  app.post('/v1/vendors', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, CreateVendorBody);
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const code = body.code?.trim() || null;
        await requireFreeCode(tx, p, code, null);
        const now = new Date();
        const vendor = await tx
          .insertInto('vendors')
          .values({
            sid: newSid('VE'),
            organizationSid: p.organizationSid,
            created: now,
            updated: now,
            name: body.name.trim(),
            email: body.email?.trim() || null,
            code,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(tx, p, { type: 'vendor.created', after: serializeVendor(vendor) });
        return vendor;
      });
    return c.json(serializeVendor(row), 201);
  });

  app.patch('/v1/vendors/:sid', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateVendorBody);
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const vendor = await vendorOf(tx, p, c.req.param('sid'));
        const code = body.code === undefined ? undefined : body.code?.trim() || null;
        await requireFreeCode(tx, p, code, vendor.sid);
        const changes = {
          name: body.name?.trim(),
          email: body.email === undefined ? undefined : body.email?.trim() || null,
          code,
        };
        if (leavesAsIs(vendor, changes)) return unchanged(c, vendor);
        const updated = await tx
          .updateTable('vendors')
          .set({ ...changes, updated: new Date() })
          .where('sid', '=', vendor.sid)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(tx, p, {
          type: 'vendor.updated',
          before: serializeVendor(vendor),
          after: serializeVendor(updated),
        });
        return updated;
      });
    return c.json(serializeVendor(row));
  });

  app.get('/v1/vendors/:sid/users', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const vendor = await vendorOf(db, p, c.req.param('sid'));
    const params = queryParams(c, strictQuery(ListVendorUsersQueryParams));
    const q = db
      .selectFrom('users')
      .selectAll()
      .where('sid', 'in', (eb) =>
        eb.selectFrom('userVendors').select('userSid').where('userVendors.vendorSid', '=', vendor.sid),
      );
    const { rows, page } = await pageOf(q, params);
    return c.json({ users: rows.map(serializeUser), page });
  });

  app.post('/v1/vendors/:sid/users', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, InviteVendorUserBody);
    const email = body.email.trim();
    const user = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const vendor = await vendorOf(tx, p, c.req.param('sid'));
        const now = new Date();
        let user = await tx
          .selectFrom('users')
          .selectAll()
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
          .executeTakeFirst();
        if (user && user.role !== 'vendor') {
          throw conflict(`${email} is a staff account, not a vendor contact.`, 'email');
        }
        if (user) {
          const linked = await tx
            .selectFrom('userVendors')
            .select('userSid')
            .where('userSid', '=', user.sid)
            .where('vendorSid', '=', vendor.sid)
            .executeTakeFirst();
          if (linked) throw conflict(`${email} is a contact of ${vendor.name} already.`, 'email');
        } else {
          user = await tx
            .insertInto('users')
            .values({
              sid: newSid('US'),
              organizationSid: p.organizationSid,
              created: now,
              updated: now,
              email,
              firstName: body.firstName?.trim() || null,
              lastName: null,
              phoneNumber: null,
              passwordHash: null,
              role: 'vendor',
            })
            .returningAll()
            .executeTakeFirstOrThrow();
        }
        await tx.insertInto('userVendors').values({ userSid: user.sid, vendorSid: vendor.sid }).execute();
        // The portal link that lets them in, for the organization that added them.
        const token = randomToken('vl');
        await tx
          .insertInto('vendorLinkTokens')
          .values({
            tokenHash: tokenHash(token),
            userSid: user.sid,
            expires: new Date(now.getTime() + PORTAL_LINK_DAYS * 86_400_000),
            organizationSid: p.organizationSid,
          })
          .execute();
        const organization = await tx
          .selectFrom('organizations')
          .select(['name', 'logo100x100'])
          .where('sid', '=', p.organizationSid)
          .executeTakeFirstOrThrow();
        const rendered = renderVendorLinkEmail({
          organizationName: organization.name,
          logoUrl: organization.logo100x100,
          recipientName: user.firstName,
          portalUrl: `${c.get('publicOrigin')}/portal/link#token=${encodeURIComponent(token)}`,
          linkExpiresInDays: PORTAL_LINK_DAYS,
          invitedBy: p.name,
        });
        await queueEmail(
          tx,
          { organizationSid: p.organizationSid, now, kind: 'vendorLink', replyTo: null },
          user.email,
          rendered,
        );
        await recordEvent(tx, p, { type: 'vendor.contactAdded', after: { vendorSid: vendor.sid, userSid: user.sid } });
        return user;
      });
    return c.json(serializeUser(user), 201);
  });
}
