// Denial of service at the door, through a real HTTP server on 127.0.0.1
// (served as server/main.ts serves it: server/listen.ts, whose clientError handler
// answers what Node's parser refuses), since the in-process app.request skips Node's own limits. JSON nested
// 100,000 levels deep, a 10 MB JSON body (with and without a Content-Length),
// many headers and a very long URL are each refused with a 4xx carrying
// { code, message }, and the server answers a probe request afterwards.
import type { ServerType } from '@hono/node-server';
import { listen } from '../../server/listen.ts';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, server, type Tenant } from './support/harness.ts';

let listening: ServerType;
let port = 0;
let tenant: Tenant;

beforeAll(async () => {
  const { app } = await server();
  tenant = await createTenant('DoS');
  await new Promise<void>((resolve) => {
    listening = listen(app, { hostname: '127.0.0.1', port: 0 }, () => {
      resolve();
    });
  });
  port = (listening.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    listening.close(() => {
      resolve();
    });
    // Connections the refusals left open must not hold the close up.
    if ('closeAllConnections' in listening) listening.closeAllConnections();
  });
});

interface Answer {
  status: number;
  text: string;
}

/**
 * One request on its own connection. A body sent as chunks has no
 * Content-Length (chunked transfer). The answer counts even when the server
 * closes the connection while the body is still being written.
 */
function send(options: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  chunked?: boolean;
  auth?: boolean;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== false) headers.authorization = `Bearer ${tenant.buyer.token}`;
    if (options.body) {
      headers['content-type'] ??= 'application/json';
      if (!options.chunked) headers['content-length'] = String(options.body.length);
    }
    let answered = false;
    const req = request({ host: '127.0.0.1', port, method: options.method, path: options.path, headers, agent: false });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      // Writing the rest of a refused body fails once the server has answered and closed: the answer stands.
      if (!answered) reject(error);
    });
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    const body = options.body;
    if (!body) {
      req.end();
    } else if (options.chunked) {
      const size = 64 * 1024;
      let offset = 0;
      const pump = () => {
        while (offset < body.length && !req.destroyed) {
          const more = req.write(body.subarray(offset, offset + size));
          offset += size;
          if (!more) {
            req.once('drain', pump);
            return;
          }
        }
        if (!req.destroyed) req.end();
      };
      pump();
    } else {
      req.end(body);
    }
  });
}

/** A 4xx with { code, message } strings. */
function expectRefused(answer: Answer): void {
  const summary = answer.text
    ? `${answer.status} ${answer.text.slice(0, 300)}`
    : `${answer.status} with an empty body: Node's HTTP parser answered before the app did (its clientError handler must answer { code, message })`;
  expect(answer.status, summary).toBeGreaterThanOrEqual(400);
  expect(answer.status, summary).toBeLessThan(500);
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = (JSON.parse(answer.text) ?? {}) as typeof body;
  } catch {
    // not JSON: no code, no message
  }
  expect({ code: typeof body.code, message: typeof body.message }, summary).toEqual({
    code: 'string',
    message: 'string',
  });
}

/** The server still answers: the session of the tenant's buyer. */
async function expectAlive(): Promise<void> {
  const probe = await send({ method: 'GET', path: '/v1/session' });
  expect(probe.status, probe.text.slice(0, 300)).toBe(200);
}

const DEEP = 100_000;
const deepArrays = Buffer.from('['.repeat(DEEP) + ']'.repeat(DEEP));
const deepObjects = Buffer.from('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP));
/** The nesting inside a field of an otherwise plausible body. */
const deepInField = Buffer.from(`{"uniqueName":"PO-DEEP","title":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`);
const TEN_MB = 10 * 1024 * 1024;
/** 10 MB of valid JSON: an order whose title is one very long string. */
const tenMegabytes = Buffer.from(
  JSON.stringify({ uniqueName: 'PO-DOS', vendorName: 'Acme', title: 'x'.repeat(TEN_MB) }),
);

describe('denial of service through the HTTP server', () => {
  describe('JSON nested 100,000 levels deep', () => {
    // A route with the usual 64 KB limit, and the BOM upsert whose 16 MB limit lets the whole text in.
    for (const [method, path] of [
      ['POST', '/v1/orders'],
      ['PUT', '/v1/bomUpserts'],
      ['PATCH', '/v1/itemGroups/bulk'],
    ] as const) {
      it(`${method} ${path}: arrays, objects and a deep field are refused, and the server answers after`, async () => {
        expectRefused(await send({ method, path, body: deepArrays }));
        expectRefused(await send({ method, path, body: deepObjects }));
        expectRefused(await send({ method, path, body: deepInField }));
        await expectAlive();
      });
    }

    it('on sign-in (no session; the body is read before anyone is known)', async () => {
      expectRefused(await send({ method: 'POST', path: '/v1/session/login', body: deepArrays, auth: false }));
      // Within sign-in's 8 KB: the depth itself must be refused, not the size.
      const within = Buffer.from('['.repeat(4_000) + ']'.repeat(4_000));
      expectRefused(await send({ method: 'POST', path: '/v1/session/login', body: within, auth: false }));
      await expectAlive();
    });
  });

  describe('a 10 MB JSON body', () => {
    it('with its Content-Length is refused unread, and the server answers after', async () => {
      const answer = await send({ method: 'POST', path: '/v1/orders', body: tenMegabytes });
      expectRefused(answer);
      expect(answer.status).toBe(413);
      await expectAlive();
    });

    it('sent in chunks without a Content-Length is refused, and the server answers after', async () => {
      const answer = await send({ method: 'POST', path: '/v1/orders', body: tenMegabytes, chunked: true });
      expectRefused(answer);
      expect(answer.status).toBe(413);
      await expectAlive();
    });

    it('without a session is refused too', async () => {
      expectRefused(await send({ method: 'POST', path: '/v1/orders', body: tenMegabytes, auth: false }));
      expectRefused(await send({ method: 'POST', path: '/v1/session/login', body: tenMegabytes, auth: false }));
      await expectAlive();
    });
  });

  it('many headers (2,000, about 60 KB) are refused, and the server answers after', async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 2_000; i++) headers[`x-fuzz-${i}`] = 'y'.repeat(20);
    expectRefused(await send({ method: 'GET', path: '/v1/session', headers }));
    await expectAlive();
  });

  it('a 100 KB URL is refused, and the server answers after', async () => {
    expectRefused(await send({ method: 'GET', path: `/v1/orders/${'x'.repeat(100_000)}` }));
    await expectAlive();
  });
});
