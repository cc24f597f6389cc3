// Embedded views (tag embedSessions, our extension): the organization's
// allowlist of origins that may frame its views, and the short-lived,
// read-only tokens a host's server asks for, each held to one view and
// perhaps one record or vendor (server/http/embed-scope.ts).
import type { Hono } from 'hono';
import {
  CreateEmbedSessionBody,
  UpdateEmbedSettingsBody,
} from '../../src/api/generated/zod/embed-sessions/embed-sessions.zod.ts';
import { originOf } from '../domain/embed/origin.ts';
import { newSid } from '../domain/sid.ts';
import { randomToken, tokenHash } from '../http/auth.ts';
import type { AppEnv } from '../http/context.ts';
import { allowlist } from '../http/embed-framing.ts';
import { embedScopeRefusal } from '../domain/embed/scope.ts';
import { badRequest, unprocessable } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { type Db, dbOf, principalOf, recordEvent, requireAdmin, requireStaff, unchanged } from './support.ts';

/** The embed page of a view, in the app: what the iframe's src names. */
export function embedPath(view: string, recordSid: string | null): string {
  if (view === 'orders') return recordSid ? `/embed/orders/${recordSid}` : '/embed/orders';
  if (view === 'clearToBuild') return recordSid ? `/embed/boms/${recordSid}` : '/embed/boms';
  return `/embed/${view}`;
}

/** The record a view is held to, checked: one of the organization's orders or BOMs, by sid. */
async function recordOf(db: Db, organizationSid: string, view: string, sid: string): Promise<boolean> {
  const table = view === 'orders' ? 'orders' : 'boms';
  const found = await db
    .selectFrom(table)
    .select('sid')
    .where('organizationSid', '=', organizationSid)
    .where('sid', '=', sid)
    .executeTakeFirst();
  return found !== undefined;
}

export function registerEmbedSessions(app: Hono<AppEnv>): void {
  app.get('/v1/embedSettings', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    return c.json({ origins: await allowlist(dbOf(c), p.organizationSid) });
  });

  app.put('/v1/embedSettings', async (c) => {
    const p = principalOf(c);
    requireAdmin(p);
    const body = await jsonBody(c, UpdateEmbedSettingsBody);
    const origins: string[] = [];
    for (const [index, value] of body.origins.entries()) {
      const origin = originOf(value.trim());
      if (!origin) {
        throw badRequest(
          `origins[${index}] “${value}” is not an http(s) origin: give the scheme, host and port only, as https://intranet.example.`,
          'origins',
        );
      }
      if (!origins.includes(origin)) origins.push(origin);
    }
    const db = dbOf(c);
    await db.transaction().execute(async (tx) => {
      const before = await allowlist(tx, p.organizationSid);
      if (before.length === origins.length && before.every((o, i) => o === origins[i])) return unchanged(c, before);
      await tx
        .updateTable('organizations')
        .set({ embedOrigins: origins })
        .where('sid', '=', p.organizationSid)
        .execute();
      await recordEvent(tx, p, {
        type: 'organization.embedOriginsChanged',
        before: { origins: before },
        after: { origins },
      });
    });
    return c.json({ origins });
  });

  app.post('/v1/embedSessions', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateEmbedSessionBody);
    const origin = originOf(body.origin);
    if (!origin) throw badRequest('origin must be an http(s) origin: scheme, host and port only.', 'origin');
    const db = dbOf(c);
    const recordSid = body.recordSid ?? null;
    const vendorSid = body.vendorSid ?? null;
    const refusal = embedScopeRefusal({ view: body.view, recordSid, vendorSid });
    if (refusal) throw badRequest(refusal.message, refusal.field);
    if (recordSid !== null) {
      if (!(await recordOf(db, p.organizationSid, body.view, recordSid))) {
        throw badRequest(
          `recordSid names no ${body.view === 'orders' ? 'order' : 'BOM'} of yours: ${recordSid}.`,
          'recordSid',
        );
      }
    }
    if (vendorSid !== null) {
      const vendor = await db
        .selectFrom('vendors')
        .select('sid')
        .where('organizationSid', '=', p.organizationSid)
        .where('sid', '=', vendorSid)
        .executeTakeFirst();
      if (!vendor) throw badRequest(`vendorSid names no vendor of yours: ${vendorSid}.`, 'vendorSid');
    }
    // The app's own origin may always embed its views: the admin page previews them.
    const allowed = [...(await allowlist(db, p.organizationSid)), c.get('publicOrigin')];
    if (!allowed.includes(origin)) {
      throw unprocessable(`The origin ${origin} is not on your organization's embed allowlist.`, 'origin');
    }
    const token = randomToken('fe');
    const now = new Date();
    const expires = new Date(now.getTime() + body.ttlSeconds * 1000);
    await db
      .insertInto('sessions')
      .values({
        sid: newSid('SE'),
        tokenHash: tokenHash(token),
        userSid: p.userSid,
        kind: 'embed',
        embedOrigin: origin,
        embedView: body.view,
        embedRecordSid: recordSid,
        embedVendorSid: vendorSid,
        created: now,
        expires,
      })
      .execute();
    const url = new URL(embedPath(body.view, recordSid), c.get('publicOrigin'));
    url.searchParams.set('org', p.organizationSid);
    if (vendorSid) url.searchParams.set('vendor', vendorSid);
    return c.json(
      { token, origin, view: body.view, expires: expires.toISOString(), recordSid, vendorSid, url: url.href },
      201,
    );
  });
}
