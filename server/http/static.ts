// The built SPA (vite build output). Hashed files under /assets/ never change
// under their name: cached for a year, immutable. Everything else (index.html,
// portal.html, public files) is revalidated on each use (no-cache, ETag). The
// vendor portal (/portal, /portal/…) is a document of its own, portal.html,
// with its own small bundle, as are the embedded views (/embed/…, embed.html);
// every other client-side route gets index.html.
// Text files go out as the brotli or gzip copy the build made beside them
// (vite.config.ts), as the client's Accept-Encoding prefers; nothing is
// compressed per request.
// Source maps, the precompressed copies themselves and dot folders (.vite/)
// are never served.
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { getMimeType } from 'hono/utils/mime';
import { existsSync, readFileSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { acceptedEncodings, ENCODING_SUFFIX } from './compress.ts';
import { SESSION_COOKIE } from './auth.ts';
import { EMBED_PATH } from './embed-framing.ts';
import type { AppEnv } from './context.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Types the build precompresses (text); images and fonts are compressed already. */
const TEXT_TYPE = /^(?:text\/|application\/(?:javascript|json|manifest\+json|xml)|image\/svg\+xml)/;
/** Never served: source maps, the compressed copies by their own names. */
const HIDDEN_FILE = /\.(?:map|br|gz)$/i;

async function fileStats(path: string): Promise<Stats | null> {
  try {
    const found = await stat(path);
    return found.isFile() ? found : null;
  } catch {
    return null;
  }
}

/** The file under root a URL path names, or null: no dot segments, no hidden files, nothing outside root. */
function fileOf(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || HIDDEN_FILE.test(path)) return null;
  if (path.split('/').some((segment) => segment.startsWith('.'))) return null;
  const file = resolve(root, `.${path}`);
  return file.startsWith(root + sep) ? file : null;
}

/** Sends the file (or its precompressed copy) with the given caching; null when there is no such file. */
async function sendFile(c: Context<AppEnv>, file: string, cacheControl: string): Promise<Response | null> {
  const original = await fileStats(file);
  if (!original) return null;
  const type = getMimeType(file) ?? 'application/octet-stream';
  let served = file;
  let stats = original;
  let encoding: string | null = null;
  if (TEXT_TYPE.test(type)) {
    // Which copy is sent depends on Accept-Encoding, whether or not this client gets one.
    c.header('Vary', 'Accept-Encoding');
    for (const accepted of acceptedEncodings(c.req.header('Accept-Encoding'))) {
      const copy = `${file}${ENCODING_SUFFIX[accepted]}`;
      const copyStats = await fileStats(copy);
      if (copyStats) {
        served = copy;
        stats = copyStats;
        encoding = accepted;
        break;
      }
    }
  }
  const etag = `W/"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}${encoding ? `-${encoding}` : ''}"`;
  c.header('Cache-Control', cacheControl);
  c.header('ETag', etag);
  if (
    c.req
      .header('If-None-Match')
      ?.split(',')
      .some((tag) => tag.trim() === etag)
  )
    return c.body(null, 304);
  c.header('Content-Type', type.startsWith('text/') && !type.includes('charset') ? `${type}; charset=utf-8` : type);
  if (encoding) c.header('Content-Encoding', encoding);
  c.header('Content-Length', String(stats.size));
  return c.body(await readFile(served), 200);
}

/** The vendor portal's client-side routes: /portal and anything under it. */
const PORTAL_PATH = /^\/portal(?:\/|$)/;

/**
 * What the portal's page asks first, at the very URLs it asks them (src/pages/vendor-portal/lines.ts;
 * tests/unit/preloads.test.ts keeps them the same): the browser fetches them with the document, not after its
 * script has run, and hands the answers to the page.
 */
export const PORTAL_PRELOADS = [
  '/v1/session',
  '/v1/itemGroups?statusNot=canceled&pageSize=500&orderBy=dueDate&sortOrder=Asc',
] as const;

/**
 * What the app's list pages ask first in their default view (no filter in the address), at the very URLs they ask
 * them (tests/unit/preloads.test.ts keeps them the same): the session, the page's first rows, its saved views and
 * vendor filter, the navigation's flag count, and on the schedule the queue of vendor proposals.
 */
export const APP_PRELOADS: Readonly<Record<string, readonly string[]>> = {
  '/orders': [
    '/v1/session',
    '/v1/orders?pageSize=50&orderBy=created&sortOrder=Asc',
    '/v1/savedViews?page=orders&pageSize=100',
    '/v1/vendors?pageSize=100',
    '/v1/flags/counts?status=open',
  ],
  '/schedule': [
    '/v1/session',
    '/v1/itemGroups?pageSize=100&statusNot=canceled&orderBy=dueDate&sortOrder=Asc',
    '/v1/savedViews?page=schedule&pageSize=100',
    '/v1/vendors?pageSize=500',
    '/v1/flags/counts?status=open',
    '/v1/itemGroupProposals?status=pending&pageSize=50',
  ],
};

const preloadHeader = (urls: readonly string[]) =>
  urls.map((url) => `<${url}>; rel=preload; as=fetch; crossorigin=use-credentials`).join(', ');

/**
 * The Link entries that fetch a document's stylesheets (as its <link> tags ask for them, CORS mode and all, so
 * the browser uses the one answer): sent ahead of the API preloads, which would otherwise take the browser's
 * connections before the stylesheet that holds back the first paint.
 */
export function stylesheetPreloads(html: string): string[] {
  const links = html.match(/<link\b[^>]*\brel="stylesheet"[^>]*>/g) ?? [];
  return links.flatMap((link) => {
    const href = /\bhref="(\/assets\/[^"]+\.css)"/.exec(link)?.[1];
    if (!href) return [];
    return [`<${href}>; rel=preload; as=style${/\scrossorigin\b/.test(link) ? '; crossorigin' : ''}`];
  });
}

/**
 * The page module of each preloaded list page: its code (the chunk and the chunks it imports) is preloaded with
 * the document too, instead of being found only once the app's script has run and its router has asked for it.
 */
export const APP_PAGE_MODULES: Readonly<Record<string, string>> = {
  '/orders': 'src/pages/orders/OrdersPage.tsx',
  '/schedule': 'src/pages/schedule/SchedulePage.tsx',
};

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/**
 * The files of a module's chunk and of every chunk it imports, from the build's manifest, less those the
 * document already loads.
 */
export function pageModuleFiles(
  manifest: Readonly<Record<string, ManifestChunk>>,
  module: string,
  inDocument: ReadonlySet<string>,
): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    if (!inDocument.has(`/${chunk.file}`)) files.push(`/${chunk.file}`);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(module);
  return files;
}

/** The scripts a document loads itself: its module scripts and modulepreload links. */
function documentScripts(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/<(?:script\b[^>]*\bsrc|link\b[^>]*\brel="modulepreload"[^>]*\bhref)="(\/assets\/[^"]+)"/g)].map(
      (m) => m[1],
    ),
  );
}

/** Each preloaded page's code as modulepreload Link entries, from the build in root; none without its manifest. */
function pageModulePreloads(root: string, indexHtml: string): Map<string, string[]> {
  const preloads = new Map<string, string[]>();
  const manifestFile = join(root, '.vite', 'index.manifest.json');
  if (!existsSync(manifestFile) || !existsSync(indexHtml)) return preloads;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const inDocument = documentScripts(readFileSync(indexHtml, 'utf8'));
  for (const [path, module] of Object.entries(APP_PAGE_MODULES)) {
    // Modules in the same CORS mode as the document's own (<script type="module" crossorigin>).
    preloads.set(
      path,
      pageModuleFiles(manifest, module, inDocument).map((file) => `<${file}>; rel=modulepreload; crossorigin`),
    );
  }
  return preloads;
}

/**
 * The Link header that preloads an app page's first requests: for a signed-in visitor (a session cookie) on a list
 * page in its default view. Those pages ask for the session at once, so an answer preloaded for an ended session
 * (a 401) is the one that sends the visitor to sign in, never one handed over after it.
 */
export function appPreloadLinks(c: Context<AppEnv>): string | null {
  const urls = APP_PRELOADS[c.req.path];
  if (!urls || new URL(c.req.url).search !== '' || !getCookie(c, SESSION_COOKIE)) return null;
  return preloadHeader(urls);
}

/**
 * The Link header that preloads them, for /portal with a session cookie only: without one the page goes to sign
 * in, and an answer preloaded before signing in (a 401) would be handed to the page after it.
 */
export function portalPreloadLinks(c: Context<AppEnv>): string | null {
  if (c.req.path !== '/portal' || !getCookie(c, SESSION_COOKIE)) return null;
  const urls: string[] = [...PORTAL_PRELOADS];
  const request = c.req.query('request');
  if (request && /^UR[0-9a-z]{28}$/.test(request)) urls.push(`/v1/updateRequests/${request}`);
  return preloadHeader(urls);
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An embed page: embed.html with the organization's allowed origins written into its
 * `factor-embed-origins` meta tag, the only origins whose messages (the token) the page accepts. Per
 * organization, so never cached; small, so sent as it is.
 */
async function sendEmbedDocument(c: Context<AppEnv>, file: string, origins: readonly string[]) {
  const html = await readFile(file, 'utf8').catch(() => null);
  if (html === null) return c.notFound();
  c.header('Cache-Control', 'no-store');
  return c.html(
    html.replace(
      /<meta name="factor-embed-origins" content="[^"]*"/,
      `<meta name="factor-embed-origins" content="${escapeAttribute(origins.join(' '))}"`,
    ),
  );
}

/**
 * Serves the build in distDir: /assets/* immutable, other files revalidated,
 * any other GET the portal's portal.html (under /portal) or the SPA's index.html.
 */
export function serveBuiltApp(app: Hono<AppEnv>, distDir: string): void {
  const root = resolve(distDir);
  const indexHtml = join(root, 'index.html');
  const portalHtml = join(root, 'portal.html');
  const embedHtml = join(root, 'embed.html');
  const pageModules = pageModulePreloads(root, indexHtml);
  const stylesheets = new Map<string, string[]>();
  for (const page of [indexHtml, portalHtml, embedHtml]) {
    if (!existsSync(page)) console.warn(`warning: ${page} is missing; run npm run build first`);
    else stylesheets.set(page, stylesheetPreloads(readFileSync(page, 'utf8')));
  }

  app.get('/assets/*', async (c) => {
    const file = fileOf(root, c.req.path);
    // A missing hashed file (an old build's) is a 404, not index.html: a script must not get HTML.
    return (file === null ? null : await sendFile(c, file, IMMUTABLE)) ?? c.notFound();
  });
  app.get('*', async (c) => {
    const file = fileOf(root, c.req.path);
    const found = file === null ? null : await sendFile(c, file, REVALIDATE);
    if (found) return found;
    if (EMBED_PATH.test(c.req.path))
      // The embed framing middleware (embed-framing.ts) read the organization's allowlist for this request.
      return sendEmbedDocument(c, embedHtml, c.get('embedAllowlist') ?? []);
    // Client-side routes: the portal's document or the SPA's.
    const page = PORTAL_PATH.test(c.req.path) ? portalHtml : indexHtml;
    const preloads = page === portalHtml ? portalPreloadLinks(c) : appPreloadLinks(c);
    if (preloads) {
      // The stylesheet, then the data, then the page's code (needed only once the app's own script has run).
      const modules = page === indexHtml ? (pageModules.get(c.req.path) ?? []) : [];
      c.header('Link', [...(stylesheets.get(page) ?? []), preloads, ...modules].join(', '));
    }
    return (await sendFile(c, page, REVALIDATE)) ?? c.notFound();
  });
}
