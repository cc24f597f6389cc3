// Idle keep-alive connections through the HTTP server as server/main.ts runs it
// (server/listen.ts): a client that sends on a connection after a pause finds it
// still open, rather than racing Node's 5-second close and getting ECONNRESET
// (as Playwright's request context did in the end-to-end suite).
import type { ServerType } from '@hono/node-server';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen } from '../../server/listen.ts';
import { server } from './support/harness.ts';

let listening: ServerType;
let port = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  const { app } = await server();
  await new Promise<void>((resolve) => {
    listening = listen(app, { hostname: '127.0.0.1', port: 0 }, () => {
      resolve();
    });
  });
  port = (listening.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => {
    listening.close(() => {
      resolve();
    });
    if ('closeAllConnections' in listening) listening.closeAllConnections();
  });
});

/** GET /v1/session without a session: its status, and whether it went over a connection used before. */
function getSession(): Promise<{ status: number; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/session', agent }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

it('keeps an idle connection open past Node’s 5 seconds, so a request after a pause goes over it', async () => {
  expect(await getSession()).toEqual({ status: 401, reusedSocket: false });
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  // Closed after 5 s, the agent would have dropped the socket and opened another (reusedSocket false).
  expect(await getSession()).toEqual({ status: 401, reusedSocket: true });
}, 20_000);
