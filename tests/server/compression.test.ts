// What the browser downloads: JSON answers compressed per Accept-Encoding
// (above a kilobyte), the build's hashed assets from their precompressed
// copies with immutable caching, index.html revalidated (portal.html for the
// vendor portal's paths), no source maps, and file downloads passed through as
// stored.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { signedFileUrl } from '../../server/http/signed-url.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';
import { storeFile } from '../../server/db/files.ts';

type App = ReturnType<typeof createApp>;

let dist: string;
let app: App;
let t: Tenant;
const portalHtml = `<!doctype html><title>Update requests · Factor</title>${'<link rel="modulepreload" href="/assets/portal-Xy1.js">'.repeat(30)}`;
const script = `export const rows = [${Array.from({ length: 200 }, (_, i) => `{ id: ${i}, label: "row ${i}" }`).join(', ')}];\n`;

beforeAll(async () => {
  // A tiny build, as vite.config.ts writes one: a hashed script with its .br and .gz copies and a stray source map.
  dist = mkdtempSync(join(tmpdir(), 'factor-dist-'));
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, '.vite'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>Factor</title><script src="/assets/app-AbC123.js"></script>',
  );
  // The vendor portal's document, over a kilobyte as the build's is: it has a precompressed copy.
  writeFileSync(join(dist, 'portal.html'), portalHtml);
  writeFileSync(join(dist, 'portal.html.br'), brotliCompressSync(portalHtml));
  writeFileSync(join(dist, 'portal.html.gz'), gzipSync(portalHtml));
  // The embedded views' document, with the meta tag the server fills with the organization's allowed origins.
  writeFileSync(
    join(dist, 'embed.html'),
    '<!doctype html><title>Factor</title><meta name="factor-embed-origins" content="" /><div id="root"></div>',
  );
  writeFileSync(join(dist, 'assets', 'app-AbC123.js'), script);
  writeFileSync(join(dist, 'assets', 'app-AbC123.js.br'), brotliCompressSync(script));
  writeFileSync(join(dist, 'assets', 'app-AbC123.js.gz'), gzipSync(script));
  writeFileSync(join(dist, 'assets', 'app-AbC123.js.map'), '{"version":3,"sources":["secret.ts"]}');
  writeFileSync(join(dist, 'assets', 'tiny-Z9.js'), 'export {};\n');
  writeFileSync(join(dist, '.vite', 'index.manifest.json'), '{}');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const { db } = await server();
  app = createApp({ db, distDir: dist });
  t = await createTenant('Compression');
  // Enough BOMs that their list is several kilobytes of JSON.
  for (let i = 0; i < 30; i++) {
    const r = await t.buyer.request('POST', '/v1/boms', {
      uniqueName: `Compression BOM ${String(i).padStart(2, '0')}`,
    });
    expect(r.status).toBe(201);
  }
});

afterAll(() => {
  rmSync(dist, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await app.request(`http://127.0.0.1${path}`, { headers });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function decoded(response: Response, bytes: Buffer): string {
  const encoding = response.headers.get('content-encoding');
  if (encoding === 'br') return brotliDecompressSync(bytes).toString();
  if (encoding === 'gzip') return gunzipSync(bytes).toString();
  expect(encoding).toBeNull();
  return bytes.toString();
}

describe('JSON answers', () => {
  const auth = () => ({ authorization: `Bearer ${t.buyer.token}` });

  it('are brotli- or gzip-encoded as Accept-Encoding prefers, and decode to the same JSON', async () => {
    const plain = await get('/v1/boms?pageSize=50', auth());
    expect(plain.response.status).toBe(200);
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    expect(plain.bytes.length).toBeGreaterThan(2048);
    const expected: unknown = JSON.parse(plain.bytes.toString());

    const cases = [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=0, *', 'gzip'],
      ['*', 'br'],
      ['identity', null],
      ['gzip;q=0, br;q=0', null],
    ] as const;
    for (const [accept, encoding] of cases) {
      const { response, bytes } = await get('/v1/boms?pageSize=50', { ...auth(), 'accept-encoding': accept });
      expect(response.status, accept).toBe(200);
      expect(response.headers.get('content-encoding'), accept).toBe(encoding);
      expect(response.headers.get('vary'), accept).toMatch(/accept-encoding/i);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
      if (encoding) expect(bytes.length).toBeLessThan(plain.bytes.length / 3);
      expect(JSON.parse(decoded(response, bytes))).toEqual(expected);
    }
  });

  it('under a kilobyte are sent as they are', async () => {
    const list = await get('/v1/boms?pageSize=1', { ...auth(), 'accept-encoding': 'gzip, br' });
    expect(list.response.status).toBe(200);
    expect(list.bytes.length).toBeLessThan(1024);
    expect(list.response.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(list.bytes.toString())).toHaveProperty('boms');
    const error = await get('/v1/boms/nothing-here', { ...auth(), 'accept-encoding': 'br' });
    expect(error.response.status).toBe(404);
    expect(error.response.headers.get('content-encoding')).toBeNull();
  });

  it('leave file downloads as stored: type, length and bytes', async () => {
    const { db } = await server();
    const content = Buffer.from(JSON.stringify({ rows: Array.from({ length: 300 }, (_, i) => ({ i })) }));
    const now = new Date();
    const fileSid = await storeFile(
      db,
      { organizationSid: t.organizationSid, name: 'rows.json', contentType: 'application/json', content },
      now,
    );
    const { url } = signedFileUrl('http://127.0.0.1', fileSid);
    const { response, bytes } = await get(new URL(url).pathname + new URL(url).search, {
      'accept-encoding': 'br, gzip',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(bytes.equals(content)).toBe(true);
  });
});

describe('the built app', () => {
  it('serves a hashed asset from its precompressed copy, immutable, varying on Accept-Encoding', async () => {
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['', null],
    ] as const) {
      const { response, bytes } = await get('/assets/app-AbC123.js', accept ? { 'accept-encoding': accept } : {});
      expect(response.status, accept).toBe(200);
      expect(response.headers.get('content-encoding'), accept).toBe(encoding);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
      expect(decoded(response, bytes)).toBe(script);
    }
  });

  it('serves a file without a compressed copy as it is', async () => {
    const { response, bytes } = await get('/assets/tiny-Z9.js', { 'accept-encoding': 'br, gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(bytes.toString()).toBe('export {};\n');
  });

  it('serves index.html and client-side routes with no-cache, and answers a revalidation with 304', async () => {
    for (const path of ['/', '/index.html', '/orders/OR123']) {
      const { response, bytes } = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(bytes.toString()).toContain('<title>Factor</title>');
    }
    const first = await get('/orders');
    const etag = first.response.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get('/orders', { 'if-none-match': etag ?? '' });
    expect(again.response.status).toBe(304);
    const favicon = await get('/favicon.svg');
    expect(favicon.response.headers.get('cache-control')).toBe('no-cache');
    expect(favicon.response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it("serves portal.html for the vendor portal's paths, as index.html is served, and index.html for the rest", async () => {
    for (const path of ['/portal', '/portal/', '/portal/link', '/portal?request=UR1', '/portal/no/such/page']) {
      for (const [accept, encoding] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
        ['', null],
      ] as const) {
        const { response, bytes } = await get(path, accept ? { 'accept-encoding': accept } : {});
        expect(response.status, path).toBe(200);
        expect(response.headers.get('cache-control'), path).toBe('no-cache');
        expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
        expect(response.headers.get('content-encoding'), `${path} ${accept}`).toBe(encoding);
        expect(response.headers.get('vary'), path).toMatch(/accept-encoding/i);
        expect(decoded(response, bytes), path).toBe(portalHtml);
      }
    }
    const first = await get('/portal/link');
    const etag = first.response.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await get('/portal', { 'if-none-match': etag ?? '' })).response.status).toBe(304);
    // Only /portal and what is under it: a path that merely starts with the word is the app's.
    for (const path of ['/portals', '/portal-link', '/orders/portal']) {
      const { bytes } = await get(path);
      expect(bytes.toString(), path).toContain('<title>Factor</title>');
    }
  });

  it("serves embed.html for the embed paths with the organization's allowed origins written in, never cached", async () => {
    await t.admin.request('PUT', '/v1/embedSettings', {
      origins: ['https://intranet.example.test', 'http://127.0.0.1:8080'],
    });
    for (const path of [`/embed/schedule?org=${t.organizationSid}`, `/embed/boms/BO1?org=${t.organizationSid}`]) {
      const { response, bytes } = await get(path, { 'accept-encoding': 'br' });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(bytes.toString(), path).toContain(
        '<meta name="factor-embed-origins" content="https://intranet.example.test http://127.0.0.1:8080"',
      );
    }
    // No organization, or one that is not: no origin but the app's own (which the page adds itself).
    for (const path of ['/embed/flags', '/embed/flags?org=OGnone', '/embed/flags?org="><script>']) {
      const { bytes } = await get(path);
      expect(bytes.toString(), path).toContain('<meta name="factor-embed-origins" content=""');
      expect(bytes.toString(), path).not.toContain('<script>');
    }
  });

  it('never serves a source map, a compressed copy by its name, a dot folder or a missing asset', async () => {
    for (const path of [
      '/assets/app-AbC123.js.map',
      '/assets/app-AbC123.js.br',
      '/assets/app-AbC123.js.gz',
      '/assets/missing-000.js',
      '/assets/..%2f..%2fpackage.json',
    ]) {
      const { response } = await get(path, { 'accept-encoding': 'br' });
      expect(response.status, path).toBe(404);
    }
    // Outside /assets/ an unknown path is a client-side route: index.html, never the file.
    for (const path of ['/.vite/index.manifest.json', '/assets/../.vite/index.manifest.json', '/favicon.svg.map']) {
      const { response, bytes } = await get(path);
      expect(bytes.toString(), path).toContain('<title>Factor</title>');
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
    }
  });
});
