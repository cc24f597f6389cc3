// The HTTP application: the API under /v1 and the built SPA, from one process.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Database } from './db/schema.ts';
import { MAX_UPLOAD_BYTES } from './domain/file-type.ts';
import { authenticate } from './http/auth.ts';
import type { AppEnv } from './http/context.ts';
import { errorResponse, HttpError } from './http/errors.ts';
import { idempotency } from './http/idempotency.ts';
import { registerFileDownloads } from './http/signed-url.ts';
import { registerRoutes } from './routes/index.ts';

export interface AppOptions {
  db: Kysely<Database>;
  /** Folder of the built SPA (vite build output); omitted serves the API only. */
  distDir?: string;
}

const MAX_JSON_BODY = 5 * 1024 * 1024;
const UPLOAD_PATHS = new Set(['/v1/openOrderUploads', '/v1/bomUploads', '/v1/inventoryUploads']);

export function createApp({ db, distDir }: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(c, error));
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

  app.use('/v1/*', async (c, next) => {
    c.set('db', db);
    c.header('Cache-Control', 'no-store');
    return next();
  });
  // JSON bodies are small; file uploads may be up to MAX_UPLOAD_BYTES plus the form's own overhead.
  const limit = (maxSize: number): MiddlewareHandler<AppEnv> =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HttpError(413, 'payload_too_large', 'The body is over the size limit.');
      },
    });
  const uploadLimit = limit(MAX_UPLOAD_BYTES + 1024 * 1024);
  const jsonLimit = limit(MAX_JSON_BODY);
  const bySize: MiddlewareHandler<AppEnv> = (c, next) =>
    (c.req.method === 'POST' && UPLOAD_PATHS.has(c.req.path) ? uploadLimit : jsonLimit)(c, next);
  app.use('/v1/*', bySize);
  app.use('/v1/*', authenticate(db));
  app.use('/v1/*', idempotency(db));
  registerRoutes(app);
  registerFileDownloads(app, db);
  app.all('/v1/*', (c) => c.json({ code: 'not_found', message: `No operation ${c.req.method} ${c.req.path}.` }, 404));

  if (distDir) {
    const root = relative(process.cwd(), distDir) || '.';
    app.use(
      '/assets/*',
      serveStatic({
        root,
        // Hashed file names: a new build has new names, so these never go stale.
        onFound: (_path, c) => {
          c.header('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
    app.use('*', serveStatic({ root }));
    // Client-side routes: any other GET gets the SPA's index.html.
    const indexHtml = join(distDir, 'index.html');
    app.get('*', serveStatic({ path: relative(process.cwd(), indexHtml) }));
    if (!existsSync(indexHtml)) console.warn(`warning: ${indexHtml} is missing; run npm run build first`);
  }
  app.notFound((c) => c.json({ code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
