// The JavaScript each route loads first, gzipped (level 9), from a fresh
// production build: the document's entry chunk and every chunk it or the
// route's page imports statically, transitively (the modulepreloads and what
// they import); lazily loaded chunks do not count. Budgets (DESIGN.md
// "Budgets"): 150 KB for the login and orders routes, 90 KB for the vendor
// portal, which is a document of its own (portal.html) with both its pages in
// its entry, and for the embedded views (embed.html, 90 KB, issue 19); their
// files are listed, their budgets being the tightest.
//
// `node bench/first-load.ts` builds and prints the figures (--write also puts
// them into bench/results.json under firstLoad); `npm run bench` runs it first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DOCUMENTS } from '../vite.config.ts';
import { writeResults } from './results.ts';

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

interface RouteFigures {
  jsGzipKb: number;
  cssGzipKb: number;
  budgetKb: number | null;
  files?: { file: string; jsGzipKb: number }[];
}

/** Each route: its document's entry (a key of the Vite manifest), its page's module if lazily loaded, its budget. */
const ROUTES: Record<string, { entry: string; page?: string; budgetKb: number | null; listFiles?: boolean }> = {
  login: { entry: 'index.html', page: 'src/pages/login/LoginPage.tsx', budgetKb: 150 },
  orders: { entry: 'index.html', page: 'src/pages/orders/OrdersPage.tsx', budgetKb: 150 },
  schedule: { entry: 'index.html', page: 'src/pages/schedule/SchedulePage.tsx', budgetKb: null },
  portal: { entry: 'portal.html', budgetKb: 90, listFiles: true },
  embed: { entry: 'embed.html', budgetKb: 90, listFiles: true },
};

const round = (kb: number) => Number(kb.toFixed(1));

export function benchFirstLoad(): Record<string, RouteFigures> {
  execFileSync(process.execPath, ['scripts/build.ts', '--quiet'], { stdio: 'inherit' });
  // One manifest per document, each built alone (vite.config.ts): chunk keys may repeat from one to the next.
  const manifests = new Map(
    DOCUMENTS.map((document) => [
      `${document}.html`,
      JSON.parse(readFileSync(`dist/.vite/${document}.manifest.json`, 'utf8')) as Record<string, ManifestChunk>,
    ]),
  );
  const gzipKb = (file: string) => gzipSync(readFileSync(join('dist', file)), { level: 9 }).length / 1024;

  /** The chunks a chunk needs before it runs: itself and its static imports, transitively. */
  const staticClosure = (
    manifest: Record<string, ManifestChunk>,
    key: string,
    seen = new Set<string>(),
  ): Set<string> => {
    if (seen.has(key)) return seen;
    if (!(key in manifest)) throw new Error(`${key} is not in the Vite manifest`);
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) staticClosure(manifest, dep, seen);
    return seen;
  };

  const results: Record<string, RouteFigures> = {};
  for (const [route, { entry, page, budgetKb, listFiles }] of Object.entries(ROUTES)) {
    const manifest = manifests.get(entry);
    if (!manifest) throw new Error(`no build of ${entry}`);
    const chunks = new Set([...staticClosure(manifest, entry), ...(page ? staticClosure(manifest, page) : [])]);
    const files = [...chunks]
      .map((k) => ({ file: manifest[k].file, jsGzipKb: gzipKb(manifest[k].file) }))
      .sort((a, b) => b.jsGzipKb - a.jsGzipKb);
    const css = [...new Set([...chunks].flatMap((k) => manifest[k].css ?? []))].reduce((sum, f) => sum + gzipKb(f), 0);
    results[route] = {
      jsGzipKb: round(files.reduce((sum, f) => sum + f.jsGzipKb, 0)),
      cssGzipKb: round(css),
      budgetKb,
      ...(listFiles && { files: files.map((f) => ({ file: f.file, jsGzipKb: round(f.jsGzipKb) })) }),
    };
  }

  console.log('First-load JavaScript per route (gzip -9):');
  for (const [route, r] of Object.entries(results)) {
    const budget = r.budgetKb ? ` (budget ${r.budgetKb} KB${r.jsGzipKb > r.budgetKb ? ', OVER' : ''})` : '';
    console.log(
      `  ${route.padEnd(10)} ${r.jsGzipKb.toFixed(1).padStart(7)} KB JS  ${r.cssGzipKb.toFixed(1).padStart(5)} KB CSS${budget}`,
    );
    for (const f of r.files ?? []) console.log(`    ${f.jsGzipKb.toFixed(1).padStart(6)} KB  ${f.file}`);
  }
  return results;
}

if (import.meta.main) {
  const figures = benchFirstLoad();
  if (process.argv.includes('--write')) await writeResults({ firstLoad: figures }, { merge: true });
}
