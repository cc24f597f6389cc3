// The mutator against a real HTTP server on 127.0.0.1 (not our API: a probe
// that answers what each test asks and records what it received).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, configureHttp, httpRequest, isApiError } from './http';

let server: Server;
let base = '';
let respond: (req: IncomingMessage, body: string) => { status: number; body?: string; delayMs?: number } = () => ({
  status: 200,
});
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = respond(req, body);
      setTimeout(() => {
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  received.length = 0;
  configureHttp({ baseUrl: '', token: undefined });
});
afterAll(async () => {
  await new Promise<void>((done) => {
    server.close(() => {
      done();
    });
  });
});

describe('httpRequest', () => {
  it('joins the configured base URL, sends the bearer token and parses JSON', async () => {
    configureHttp({ baseUrl: `${base}/`, token: 'tok_123' });
    respond = () => ({
      status: 200,
      body: JSON.stringify({ orders: [], page: { previousPageToken: null, nextPageToken: null } }),
    });
    const result = await httpRequest<{ orders: unknown[] }>('/v1/orders?pageSize=5', { method: 'GET' });
    expect(result.orders).toEqual([]);
    expect(received[0].url).toBe('/v1/orders?pageSize=5');
    expect(received[0].headers.authorization).toBe('Bearer tok_123');
    expect(received[0].headers.accept).toBe('application/json');
  });

  it('sends no Authorization header without a token (the browser cookie is used instead)', async () => {
    configureHttp({ baseUrl: base });
    respond = () => ({ status: 200, body: '{}' });
    await httpRequest('/v1/session', { method: 'GET' });
    expect(received[0].headers.authorization).toBeUndefined();
  });

  it('resolves undefined for 204 No Content', async () => {
    configureHttp({ baseUrl: base });
    respond = () => ({ status: 204 });
    await expect(httpRequest('/v1/orders/OR1', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('rejects with ApiError carrying status, code, message, field and the current record', async () => {
    configureHttp({ baseUrl: base });
    respond = () => ({
      status: 409,
      body: JSON.stringify({
        code: 'version_conflict',
        message: 'Changed by someone else',
        field: 'version',
        current: { version: 4 },
      }),
    });
    const error = await httpRequest('/v1/itemGroups/IG1', { method: 'PATCH', body: '{}' }).catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(409);
    expect(apiError.code).toBe('version_conflict');
    expect(apiError.message).toBe('Changed by someone else');
    expect(apiError.field).toBe('version');
    expect(apiError.current).toEqual({ version: 4 });
  });

  it('turns a non-JSON error into an ApiError with an http_<status> code', async () => {
    configureHttp({ baseUrl: base });
    respond = () => ({ status: 502, body: 'Bad gateway from proxy' });
    const error = (await httpRequest('/v1/orders').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.code).toBe('http_502');
    expect(error.message).toBe('Bad gateway from proxy');
  });

  it('reports an unreachable server as status 0, network_error', async () => {
    configureHttp({ baseUrl: 'http://127.0.0.1:1' });
    const error = (await httpRequest('/v1/orders').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.code).toBe('network_error');
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    configureHttp({ baseUrl: base });
    respond = () => ({ status: 200, body: '{}', delayMs: 500 });
    const controller = new AbortController();
    const pending = httpRequest('/v1/orders', { signal: controller.signal });
    controller.abort(new Error('navigated away'));
    await expect(pending).rejects.toThrow('navigated away');
  });
});
