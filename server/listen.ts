// The HTTP server around the app, as main.ts runs it. Node's own parser
// refuses what never reaches the app (headers or a request line over 16 KB,
// malformed HTTP, a request that takes too long) with an empty body; here it
// answers as the API does, { code, message } in JSON.
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Socket } from 'node:net';
import type { AppEnv } from './http/context.ts';

const REFUSALS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'headers_too_large',
    message: 'The request line and headers are over 16 KB.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request_timeout',
    message: 'The request took too long to arrive.',
  },
};
const MALFORMED = {
  status: 400,
  reason: 'Bad Request',
  code: 'invalid_request',
  message: 'The request is not valid HTTP.',
};

function refuse(error: Error & { code?: string }, socket: Socket): void {
  // A connection the client already dropped has no one to answer.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = (error.code && REFUSALS[error.code]) || MALFORMED;
  const body = JSON.stringify({ code: refusal.code, message: refusal.message });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_MS = 65_000;

/** Serves the app on hostname:port; `onListening` gets the address actually bound. */
export function listen(
  app: Hono<AppEnv>,
  options: { hostname: string; port: number },
  onListening: (info: { address: string; port: number }) => void,
): ServerType {
  const server = serve({ fetch: app.fetch, hostname: options.hostname, port: options.port }, onListening);
  server.on('clientError', refuse);
  if ('keepAliveTimeout' in server) {
    // Node closes an idle connection after 5 s; a client (or proxy) that sends on it as it closes gets ECONNRESET
    // for a request it never knew failed. Kept open longer than a load balancer's usual 60 s, so the client
    // closes first; the headers' timeout is longer still, as Node requires of it.
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  }
  return server;
}
