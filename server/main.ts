// Entry point of `npm start`: serves the built app on HOST:PORT (127.0.0.1:3000 by default).
import { serve } from '@hono/node-server';
import { resolve } from 'node:path';
import { createApp } from './app.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const distDir = resolve(process.env.DIST_DIR ?? 'dist');

const app = createApp({ distDir });
const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  console.log(`Factor is running at http://${info.address}:${info.port}/`);
  console.log(
    'No API is configured yet: the app shell is served, and every /v1 request answers 503 api_not_configured.',
  );
});

const stop = () => {
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
