// The unsubscribe link of an automated email (tag: emailOptOut), public: the
// link carries the organization, the address and the server's signature of
// both, so it opts out that address only. GET checks it and writes nothing (mail
// scanners follow links); POST opts out, as RFC 8058's one-click does.
import { timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { CheckUnsubscribeLinkQueryParams } from '../../src/api/generated/zod/unsubscribe/unsubscribe.zod.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { unsubscribeSignature } from '../http/signed-url.ts';
import { queryParams } from '../http/validate.ts';
import { dbOf } from './support.ts';

/** The link's organization and address, when its signature is the server's; else 400 naming signature. */
async function verifiedLink(c: Context<AppEnv>) {
  const params = queryParams(c, CheckUnsubscribeLinkQueryParams);
  const email = params.email.trim().toLowerCase();
  const expected = Buffer.from(unsubscribeSignature(params.organization, email));
  const given = Buffer.from(params.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw badRequest('This unsubscribe link is not valid: its signature does not match.', 'signature');
  }
  const organization = await dbOf(c)
    .selectFrom('organizations')
    .select(['sid', 'name'])
    .where('sid', '=', params.organization)
    .executeTakeFirst();
  // Signed by this server for an organization since removed.
  if (!organization)
    throw badRequest('This unsubscribe link is for an organization that no longer exists.', 'organization');
  return { organization, email };
}

async function optedOut(c: Context<AppEnv>, organizationSid: string, email: string): Promise<boolean> {
  const row = await dbOf(c)
    .selectFrom('emailOptOuts')
    .select('optOut')
    .where('organizationSid', '=', organizationSid)
    .where('email', '=', email)
    .executeTakeFirst();
  return row?.optOut === true;
}

export function registerUnsubscribe(app: Hono<AppEnv>): void {
  app.get('/v1/emailOptOuts/unsubscribe', async (c) => {
    const { organization, email } = await verifiedLink(c);
    return c.json({ organizationName: organization.name, email, optedOut: await optedOut(c, organization.sid, email) });
  });

  app.post('/v1/emailOptOuts/unsubscribe', async (c) => {
    const { organization, email } = await verifiedLink(c);
    const now = new Date();
    await dbOf(c)
      .insertInto('emailOptOuts')
      .values({ sid: newSid('EO'), organizationSid: organization.sid, created: now, updated: now, email, optOut: true })
      .onConflict((oc) => oc.columns(['organizationSid', 'email']).doUpdateSet({ optOut: true, updated: now }))
      .execute();
    return c.json({ organizationName: organization.name, email, optedOut: true });
  });
}
