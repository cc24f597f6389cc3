// Who may frame a page. Every page of the app refuses to be framed
// (frame-ancestors 'none', X-Frame-Options DENY, set in app.ts); an embed page
// (/embed/…?org=…) may be framed by the origins on that organization's
// allowlist and by the app itself (the admin page's preview), by nothing
// else. The browser enforces it before the page runs.
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { frameAncestors, originOf } from '../domain/embed/origin.ts';
import type { AppEnv } from './context.ts';

/** Embed documents: the path the app's router gives the embed bundle. */
export const EMBED_PATH = /^\/embed(?:\/|$)/;

const ORGANIZATION_SID = /^OG[0-9a-z]{1,40}$/;

/** An organization's allowed origins, normalized, by its sid (none for a malformed or unknown one). */
export async function allowlist(db: Kysely<Database>, organizationSid: string | undefined): Promise<string[]> {
  if (!organizationSid || !ORGANIZATION_SID.test(organizationSid)) return [];
  const row = await db
    .selectFrom('organizations')
    .select('embedOrigins')
    .where('sid', '=', organizationSid)
    .executeTakeFirst();
  return (row?.embedOrigins ?? []).map((o) => originOf(o) ?? o);
}

/** Registered before the secure headers, so it runs after them: it widens frame-ancestors on embed pages only. */
export function embedFraming(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!EMBED_PATH.test(c.req.path)) return next();
    // Read once: the embed document writes the same list into its page (static.ts, sendEmbedDocument).
    const origins = await allowlist(db, c.req.query('org'));
    c.set('embedAllowlist', origins);
    await next();
    const policy = c.res.headers.get('Content-Security-Policy');
    if (!policy) return;
    const ancestors = frameAncestors(origins);
    c.res.headers.set(
      'Content-Security-Policy',
      policy.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`),
    );
    // X-Frame-Options knows no list: the policy above is what browsers follow when both are sent.
    c.res.headers.delete('X-Frame-Options');
  };
}
