// The HTTP application: the API under /v1 and the built SPA, from one process.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface AppOptions {
  /** Folder of the built SPA (vite build output). */
  distDir: string;
}

export function createApp({ distDir }: AppOptions): Hono {
  const app = new Hono();
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

  // No API yet: every /v1 call says so plainly instead of falling through to the SPA.
  app.all('/v1/*', (c) =>
    c.json(
      {
        code: 'api_not_configured',
        message: 'No API is configured on this server yet; the app shell is served on its own.',
      },
      503,
    ),
  );

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
  app.notFound((c) => c.json({ code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  if (!existsSync(indexHtml)) console.warn(`warning: ${indexHtml} is missing; run npm run build first`);
  return app;
}
