// The HTTP application: the API under /v1 and the built SPA, from one process.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { embedFraming } from './http/embed-framing.ts';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { MAX_UPLOAD_BYTES } from './domain/file-type.ts';
import { authenticate } from './http/auth.ts';
import { compressJson } from './http/compress.ts';
import type { AppEnv } from './http/context.ts';
import { errorResponse, HttpError } from './http/errors.ts';
import { idempotency } from './http/idempotency.ts';
import { refuseUnstorableInput } from './http/input-guard.ts';
import { registerFileDownloads } from './http/signed-url.ts';
import { logoHeaders, MAX_LOGO_BYTES, registerLogoDownloads } from './routes/organization-logo.ts';
import { announceWrites, type LiveHub } from './http/live.ts';
import { serveBuiltApp } from './http/static.ts';
import { registerRoutes } from './routes/index.ts';
import { MAX_ATTACHMENT_BYTES } from './domain/messages/attachment-type.ts';

export interface AppOptions {
  db: Kysely<Database>;
  /** Folder of the built SPA (vite build output); omitted serves the API only. */
  distDir?: string;
  /**
   * The URL users reach the app at (PUBLIC_URL; main.ts defaults it to the listening address). Download links
   * and the session cookie's Secure flag follow it. Omitted (in-process tests), the request's own origin.
   */
  publicUrl?: string;
  /** Behind a reverse proxy (TRUST_PROXY=true): the client's address is the last one it adds to X-Forwarded-For. */
  trustProxy?: boolean;
  /**
   * The Mailbox shows the portal links of emails unmasked: a development server that sends no mail, where opening
   * the portal as the vendor from the Mailbox is the only way to try it. Off by default.
   */
  portalLinksLive?: boolean;
  /** The live-update hub streams are served from (startLiveUpdates); omitted, GET /v1/live answers 503. */
  live?: LiveHub;
}

/** Any JSON body: the API's writes are a few KB. */
const DEFAULT_JSON_BODY = 64 * 1024;
const UPLOAD_BODY = MAX_UPLOAD_BYTES + 1024 * 1024;
/** Routes whose bodies may be larger, or must be smaller, than DEFAULT_JSON_BODY. */
const BODY_LIMITS: readonly (readonly [method: string, path: string | RegExp, bytes: number])[] = [
  // Sign-in is open to anyone: a few hundred bytes of email and password.
  ['POST', '/v1/session/login', 8 * 1024],
  ['POST', '/v1/session/vendorLink', 8 * 1024],
  ['POST', '/v1/session/vendorLink/renew', 8 * 1024],
  ['POST', '/v1/emailOptOuts/unsubscribe', 8 * 1024],
  // File uploads: the file plus the form's own overhead.
  ['POST', '/v1/openOrderUploads', UPLOAD_BODY],
  ['POST', '/v1/bomUploads', UPLOAD_BODY],
  ['POST', '/v1/inventoryUploads', UPLOAD_BODY],
  // Checking a file before its upload: the same form.
  ['POST', '/v1/openOrderUploads/check', UPLOAD_BODY],
  ['POST', '/v1/bomUploads/check', UPLOAD_BODY],
  ['POST', '/v1/inventoryUploads/check', UPLOAD_BODY],
  // A file for a message: its 10 MB and the form's overhead (the part beyond 10 MB is refused naming the file).
  ['POST', '/v1/messageAttachments', MAX_ATTACHMENT_BYTES + 64 * 1024],
  // An organization's logo: 256 KB and the form's overhead.
  ['PUT', /^\/v1\/organizations\/[^/]+\/logo$/, MAX_LOGO_BYTES + 16 * 1024],
  // A BOM of up to 20,000 raw lines.
  ['PUT', '/v1/bomUpserts', 16 * 1024 * 1024],
  // Up to 500 item groups at once; messages and emails of up to 100,000 characters.
  ['PATCH', '/v1/itemGroups/bulk', 1024 * 1024],
  ['POST', '/v1/messages', 1024 * 1024],
  ['POST', '/v1/inboundEmails', 1024 * 1024],
  // A raw email with its attachments, as a mail provider delivers it.
  ['POST', '/v1/inboundEmails/raw', 10 * 1024 * 1024],
];

function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

function bodyLimitOf(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpError(413, 'payload_too_large', `The body is over this operation's limit of ${maxSize} bytes.`);
    },
  });
}

export function createApp({
  db,
  distDir,
  publicUrl,
  trustProxy = false,
  portalLinksLive = false,
  live,
}: AppOptions): Hono<AppEnv> {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
  const app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(c, error));
  app.use('/embed/*', embedFraming(db));
  app.use('/embed', embedFraming(db));
  app.use('/logos/*', logoHeaders);
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      xContentTypeOptions: 'nosniff',
    }),
  );
  // Outermost on the API, so error answers are compressed too.
  app.use('/v1/*', compressJson());

  const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('db', db);
    c.set('publicOrigin', publicOrigin ?? new URL(c.req.url).origin);
    c.set('clientAddress', clientAddress(c, trustProxy));
    c.set('portalLinksLive', portalLinksLive);
    c.set('live', live ?? null);
    c.header('Cache-Control', 'no-store');
    return next();
  };
  app.use('/v1/*', requestContext);
  // Every body is bounded before it is read (a Content-Length over the limit is refused unread), per route.
  const limits = BODY_LIMITS.map(([method, path, maxSize]) => ({ method, path, check: bodyLimitOf(maxSize) }));
  const defaultLimit = bodyLimitOf(DEFAULT_JSON_BODY);
  const bySize: MiddlewareHandler<AppEnv> = (c, next) => {
    const own = limits.find(
      (l) =>
        l.method === c.req.method && (typeof l.path === 'string' ? l.path === c.req.path : l.path.test(c.req.path)),
    );
    return (own?.check ?? defaultLimit)(c, next);
  };
  app.use('/v1/*', bySize);
  app.use('/v1/*', refuseUnstorableInput(app));
  app.use('/v1/*', authenticate(db));
  app.use('/v1/*', idempotency(db));
  // Inside idempotency: a replayed write changed nothing and is not announced again.
  app.use('/v1/*', announceWrites());
  registerRoutes(app);
  registerFileDownloads(app, db);
  registerLogoDownloads(app, db);
  app.all('/v1/*', (c) => c.json({ code: 'not_found', message: `No operation ${c.req.method} ${c.req.path}.` }, 404));

  if (distDir) serveBuiltApp(app, distDir);
  app.notFound((c) => c.json({ code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
