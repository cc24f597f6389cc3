// Temporary download links: /files/<fileSid>?expires=<unix seconds>&signature=<HMAC>.
// Anyone holding the link may fetch the file until it expires; nothing else
// about the caller is checked, so links are short-lived.
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { fileInfo, fileStream } from '../db/files.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from './context.ts';
import { HttpError } from './errors.ts';

export const LINK_TTL_SECONDS = 15 * 60;

// FILE_LINK_SECRET keeps links valid across restarts and processes; without it, the database's shared key once
// useDatabaseLinkSecret has run (main.ts), else a key of this process's own.
let secret = process.env.FILE_LINK_SECRET ? Buffer.from(process.env.FILE_LINK_SECRET) : randomBytes(32);

/**
 * Signs links with the key stored in the database (made by the first process to ask), unless FILE_LINK_SECRET
 * is set: every process of one database then makes links the others accept, and links outlive restarts.
 */
export async function useDatabaseLinkSecret(db: Kysely<Database>): Promise<void> {
  if (process.env.FILE_LINK_SECRET) return;
  await db
    .insertInto('appSecrets')
    .values({ name: 'file_links', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('appSecrets')
    .select('value')
    .where('name', '=', 'file_links')
    .executeTakeFirstOrThrow();
  secret = Buffer.from(row.value);
}

/** An HMAC of `data` for one purpose (page tokens, …) with the same key as the links, so every process agrees. */
export function signFor(purpose: string, data: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${data}`).digest('base64url').slice(0, 22);
}

/** As signFor, in lower-case hex: for values that pass through systems that may change their case (email addresses). */
export function signHexFor(purpose: string, data: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${data}`).digest('hex').slice(0, 24);
}

/** The signature an email's unsubscribe link carries for an organization and an address. */
export function unsubscribeSignature(organizationSid: string, email: string): string {
  return signFor('unsubscribe', `${organizationSid}\n${email.trim().toLowerCase()}`);
}

function signature(fileSid: string, expires: number): string {
  return createHmac('sha256', secret).update(`${fileSid}.${expires}`).digest('base64url');
}

/** A link to the file that works for LINK_TTL_SECONDS; `origin` is the API's own origin. */
export function signedFileUrl(origin: string, fileSid: string, now = new Date()): { url: string; expires: string } {
  const expires = Math.floor(now.getTime() / 1000) + LINK_TTL_SECONDS;
  const url = `${origin}/files/${fileSid}?expires=${expires}&signature=${signature(fileSid, expires)}`;
  return { url, expires: new Date(expires * 1000).toISOString() };
}

function validSignature(fileSid: string, expires: number, given: string): boolean {
  const expected = Buffer.from(signature(fileSid, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function registerFileDownloads(app: Hono<AppEnv>, db: Kysely<Database>): void {
  app.get('/files/:fileSid', async (c) => {
    const fileSid = c.req.param('fileSid');
    const expires = Number(c.req.query('expires'));
    const given = c.req.query('signature') ?? '';
    if (!Number.isInteger(expires) || !validSignature(fileSid, expires, given)) {
      throw new HttpError(403, 'invalid_signature', 'This download link is not valid.');
    }
    if (expires * 1000 < Date.now())
      throw new HttpError(410, 'link_expired', 'This download link has expired; ask for a new one.');
    const file = await fileInfo(db, fileSid);
    if (!file) throw new HttpError(404, 'not_found', 'The file no longer exists.');
    c.header('Content-Type', file.contentType);
    c.header('Content-Length', String(file.size));
    c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    c.header('Cache-Control', 'private, no-store');
    // Streamed a part at a time, as the client reads: a large file is never held whole.
    return c.body(fileStream(db, fileSid));
  });
}
