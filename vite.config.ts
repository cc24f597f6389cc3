import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text files worth compressing; images, fonts and the like are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

/** Whether a file has a compressed copy written after it. */
async function compressedAlready(file: string): Promise<boolean> {
  const [original, copy] = await Promise.all([stat(file), stat(`${file}.gz`).catch(() => null)]);
  return copy !== null && copy.mtimeMs >= original.mtimeMs;
}

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside each
 * text file of the build, so the server sends them without compressing per
 * request (server/http/static.ts). Copies that save nothing are left out.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'factor:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // closeBundle: after index.html and the public files are written too.
    async closeBundle() {
      const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
        .map((e) => join(e.parentPath, e.name))
        // The manifest (.vite/) is for tooling, never served.
        .filter((file) => !file.slice(outDir.length).includes('/.'));
      await Promise.all(
        files.map(async (file) => {
          // Written by an earlier document's build (scripts/build.ts builds three into one folder): done already.
          if (await compressedAlready(file)) return;
          const content = await readFile(file);
          if (content.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(content, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            }),
            gzipAsync(content, { level: 9 }),
          ]);
          if (br.length < content.length) await writeFile(`${file}.br`, br);
          if (gz.length < content.length) await writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/** The vendor portal's paths: its own document, portal.html (server/http/static.ts serves it so in production). */
const PORTAL_PATH = /^\/portal(?:\/[^?]*)?(?:\?.*)?$/;
/** The embedded views' paths: embed.html, likewise. */
const EMBED_PATH = /^\/embed(?:\/[^?]*)?(?:\?.*)?$/;

/** The development server answers the portal's paths with portal.html, as the production server does. */
function portalDocument(): Plugin {
  return {
    name: 'factor:portal-document',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.method === 'GET' && req.url && (PORTAL_PATH.test(req.url) || EMBED_PATH.test(req.url))) {
          const query = req.url.indexOf('?');
          const document = PORTAL_PATH.test(req.url) ? '/portal.html' : '/embed.html';
          req.url = `${document}${query < 0 ? '' : req.url.slice(query)}`;
        }
        next();
      });
    },
  };
}

/**
 * Puts each document's stylesheet before its scripts in the head. Vite writes
 * it after them, and over HTTP/1.1 the browser's six connections to the server
 * were taken by the scripts (and the preloaded API answers) first: the
 * stylesheet, which holds back the first paint, waited for one to be free.
 */
function stylesheetFirst(): Plugin {
  return {
    name: 'factor:stylesheet-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const stylesheets = html.match(/^[ \t]*<link rel="stylesheet"[^>]*>\n/gm) ?? [];
        const firstScript = html.search(/^[ \t]*<script type="module"/m);
        if (!stylesheets.length || firstScript < 0) return html;
        let rest = html;
        for (const link of stylesheets) rest = rest.replace(link, '');
        const at = rest.search(/^[ \t]*<script type="module"/m);
        return rest.slice(0, at) + stylesheets.join('') + rest.slice(at);
      },
    },
  };
}

/** The three documents: the app, and the vendor portal and the embedded views, each a build of its own. */
export const DOCUMENTS = ['index', 'portal', 'embed'] as const;
export type AppDocument = (typeof DOCUMENTS)[number];

const shared = {
  plugins: [react(), tailwindcss(), portalDocument()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
} satisfies UserConfig;

/**
 * One document's production build. Each document is built alone, so none of
 * its chunks is shared with another: a chunk the app and the portal both load
 * would carry the union of the generated hooks both use, and the portal's and
 * the embedded views' first loads are budgeted (90 KB). A vendor never opens
 * the app, so sharing would save them nothing. The first build empties dist/;
 * the others add to it (scripts/build.ts).
 */
export function documentBuild(document: AppDocument, emptyOutDir: boolean): UserConfig {
  return {
    ...shared,
    plugins: [...shared.plugins, precompress(), stylesheetFirst()],
    build: {
      emptyOutDir,
      // dist/.vite/<document>.manifest.json: which chunks each page's code needs, for the server's modulepreload
      // links (server/http/static.ts) and the first-load figures (bench/first-load.ts). Never served.
      manifest: `.vite/${document}.manifest.json`,
      target: 'es2022',
      // No source maps in the build: they would be served to anyone and publish the source.
      sourcemap: false,
      // Every browser the app supports preloads modules itself: the polyfill would be half a kilobyte on each first load.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { [document]: resolve(import.meta.dirname, `${document}.html`) },
        treeshake: {
          // Modules that do nothing as they load, said so: a file that takes only inputClass or LoadMore
          // through them (each in a file of its own, re-exported) then does not load their chunk, nor
          // what that imports (the zod runtime); the vendor portal's first load is budgeted.
          moduleSideEffects: [
            { test: /[\\/]src[\\/]components[\\/](FormField|ResourceTable)\.tsx$/, sideEffects: false },
          ],
        },
        output: {
          codeSplitting: {
            groups: [
              // React and the query layer, shared by the shell and every page, as one file: left
              // to the bundler they came as six small files, more than a browser asks one
              // HTTP/1.1 server for at once, and the first load waited a round trip more for them.
              // Not useQueries: only the imports page uses it, and the vendor portal loads this file too.
              {
                name: 'shared',
                test: /[\\/]node_modules[\\/](react[\\/]|@tanstack[\\/](query-core|react-query)[\\/](?!build[\\/]modern[\\/](useQueries|queriesObserver)\.js))|[\\/]src[\\/](api[\\/](http|paging)|components[\\/]input-class)\.ts$/,
              },
            ],
          },
        },
      },
    },
  };
}

// The development server (all three documents from source); builds go through documentBuild.
export default defineConfig(shared);
