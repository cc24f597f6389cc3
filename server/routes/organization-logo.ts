// The organization's logo (our addition, admins): uploaded as an image file,
// stored like every file, and served to anyone at /logos/<file sid>, since
// mail clients fetch an email's images without a session. Only a file that is
// an organization's logo now is served there: no other file can be reached by
// its sid. Each upload is a new file, so its address changes and may be cached
// for good.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { fileInfo, fileStream, storeFile } from '../db/files.ts';
import type { Database, Row } from '../db/schema.ts';
import { imageContentType } from '../domain/messages/attachment-type.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import { readOneFile } from '../http/multipart.ts';
import { findOrganization } from './organizations.ts';
import { serializeOrganization } from './session.ts';
import { dbOf, principalOf, recordEvent, requireAdmin, type Db } from './support.ts';

/** The largest logo: 256 KB, ample for an image shown 48 pixels high. */
export const MAX_LOGO_BYTES = 256 * 1024;
/** Where logos are served, outside the API: no session is asked for. */
const LOGO_PATH = '/logos';

/** The admin's own organization; the logo is theirs to change. */
async function ownOrganization(db: Db, p: Principal, sid: string): Promise<Row<'organizations'>> {
  requireAdmin(p);
  return findOrganization(db, p, sid);
}

/**
 * Sets the logo `store` writes, or removes it without one, in one transaction with its history event; the file
 * of the logo before goes.
 */
async function replaceLogo(c: Context<AppEnv>, store?: (tx: Db) => Promise<{ fileSid: string; url: string }>) {
  const p = principalOf(c);
  return dbOf(c)
    .transaction()
    .execute(async (tx) => {
      const before = await ownOrganization(tx, p, c.req.param('sid') ?? '');
      const next = store ? await store(tx) : null;
      // Removing none changes nothing.
      if (!next && before.logoFileSid === null && before.logo100x100 === null) return before;
      const row = await tx
        .updateTable('organizations')
        .set({ logo100x100: next?.url ?? null, logoFileSid: next?.fileSid ?? null, updated: new Date() })
        .where('sid', '=', before.sid)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (before.logoFileSid) await tx.deleteFrom('files').where('sid', '=', before.logoFileSid).execute();
      await recordEvent(tx, p, {
        type: 'organization.updated',
        before: { logo100x100: before.logo100x100 },
        after: { logo100x100: row.logo100x100 },
      });
      return row;
    });
}

export function registerOrganizationLogo(app: Hono<AppEnv>): void {
  app.put('/v1/organizations/:sid/logo', async (c) => {
    const p = principalOf(c);
    // Who may, and whose, before the body is read.
    await ownOrganization(dbOf(c), p, c.req.param('sid'));
    const file = await readOneFile(c, MAX_LOGO_BYTES);
    const { content } = file;
    const contentType = imageContentType(content);
    if (!contentType) throw badRequest('The logo must be a PNG, JPEG, GIF or WebP image.', 'file');
    const origin = c.get('publicOrigin');
    const row = await replaceLogo(c, async (tx) => {
      const fileSid = await storeFile(tx, {
        organizationSid: p.organizationSid,
        name: 'logo',
        contentType,
        content,
        sha256: file.sha256,
      });
      return { fileSid, url: `${origin}${LOGO_PATH}/${fileSid}` };
    });
    return c.json(serializeOrganization(row));
  });

  app.delete('/v1/organizations/:sid/logo', async (c) => {
    return c.json(serializeOrganization(await replaceLogo(c)));
  });
}

/** Serves an organization's current logo to anyone; any other file sid is a 404. */
export function registerLogoDownloads(app: Hono<AppEnv>, db: Kysely<Database>): void {
  app.get(`${LOGO_PATH}/:fileSid`, async (c) => {
    const fileSid = c.req.param('fileSid');
    const owner = await db
      .selectFrom('organizations')
      .select('sid')
      .where('logoFileSid', '=', fileSid)
      .executeTakeFirst();
    const file = owner ? await fileInfo(db, fileSid) : undefined;
    if (!file) throw new HttpError(404, 'not_found', 'There is no logo here.');
    c.header('Content-Type', file.contentType);
    c.header('Content-Length', String(file.size));
    // A new logo is a new address: this one's bytes never change.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(fileStream(db, fileSid));
  });
}

/**
 * A logo's own security headers, over the app's defaults (so registered before them, and set after them): shown
 * by mail clients and by intranet pages of other origins, and never run as a document.
 */
export const logoHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  c.header('Content-Security-Policy', "default-src 'none'; sandbox");
};
