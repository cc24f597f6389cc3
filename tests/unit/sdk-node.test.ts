// The generated fetch SDK is usable from a plain Node script (no bundler, no
// React): a child `node` process imports it, points the mutator at a probe
// server on 127.0.0.1 and lists orders with a bearer token.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

let server: Server;
let base = '';
const seen: { url: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        orders: [{ sid: 'OR1', uniqueName: 'PO-1' }],
        page: { previousPageToken: null, nextPageToken: 'n2' },
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((done) => {
    server.close(() => {
      done();
    });
  });
});

it('lists orders from a Node script through the generated SDK', async () => {
  const script = `
    import { configureHttp } from './src/api/http.ts';
    import { listOrders } from './src/api/generated/sdk/factor-sdk.ts';
    configureHttp({ baseUrl: ${JSON.stringify(base)}, token: 'key_abc' });
    const result = await listOrders({ pageSize: 2, vendorSid: 'VE1' });
    console.log(JSON.stringify(result));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
  });
  const result = JSON.parse(stdout) as { orders: { uniqueName: string }[]; page: { nextPageToken: string } };
  expect(result.orders[0].uniqueName).toBe('PO-1');
  expect(result.page.nextPageToken).toBe('n2');
  expect(seen).toEqual([{ url: '/v1/orders?pageSize=2&vendorSid=VE1', authorization: 'Bearer key_abc' }]);
});
