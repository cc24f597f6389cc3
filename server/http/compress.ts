// Compressed answers: JSON above a kilobyte goes out brotli- or gzip-encoded,
// as the client's Accept-Encoding prefers. node:zlib rather than hono/compress,
// which has gzip and deflate only (no brotli).
import type { MiddlewareHandler } from 'hono';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** The file suffix of each encoding's precompressed copy (vite.config.ts writes them). */
export const ENCODING_SUFFIX: Readonly<Record<Encoding, string>> = { br: '.br', gzip: '.gz' };

/** Smaller answers fit a packet or two as they are: compressing them saves nothing worth the work. */
export const MIN_COMPRESS_BYTES = 1024;

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json(?:[;\s]|$)/i;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encodings the client accepts (RFC 9110 Accept-Encoding, q-values and
 * `*`), most preferred first; brotli before gzip when equally preferred.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const weight = params.find((p) => p.startsWith('q='));
    const value = weight === undefined ? 1 : Number(weight.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weightOf = (encoding: Encoding) => q.get(encoding) ?? q.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => weightOf(e) > 0).sort((a, b) => weightOf(b) - weightOf(a));
}

function compressBody(body: Buffer, encoding: Encoding): Promise<Buffer<ArrayBuffer>> {
  if (encoding === 'gzip') return gzipAsync(body, { level: 6 });
  // Quality 5: about 1 ms for 125 KB of JSON and smaller than gzip -9; 11 would take 150 ms.
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/**
 * Compresses JSON answers of MIN_COMPRESS_BYTES or more. Anything else (file
 * downloads, already-encoded or streamed bodies, HEAD) passes untouched.
 */
export function compressJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (
      c.req.method === 'HEAD' ||
      !res.body ||
      res.status === 206 ||
      res.headers.has('Content-Encoding') ||
      !JSON_TYPE.test(res.headers.get('Content-Type') ?? '') ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    const length = res.headers.get('Content-Length');
    if (length !== null && Number(length) < MIN_COMPRESS_BYTES) return;
    // JSON answers are built whole in memory (c.json), so reading them whole costs nothing more.
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length < MIN_COMPRESS_BYTES) {
      c.res = new Response(body, res);
      return;
    }
    const [encoding] = acceptedEncodings(c.req.header('Accept-Encoding'));
    const compressed = encoding ? await compressBody(body, encoding) : body;
    // Hono's c.res setter keeps the old answer's headers, so the new ones are set after it.
    c.res = new Response(compressed, res);
    const vary = c.res.headers.get('Vary');
    if (!vary) c.res.headers.set('Vary', 'Accept-Encoding');
    else if (!/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary) && vary !== '*') {
      c.res.headers.set('Vary', `${vary}, Accept-Encoding`);
    }
    if (encoding) c.res.headers.set('Content-Encoding', encoding);
    c.res.headers.set('Content-Length', String(compressed.length));
  };
}
