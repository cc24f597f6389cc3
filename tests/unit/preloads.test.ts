// The server preloads what the portal and the app's list pages ask first with
// their document: the browser hands those answers to the page only when the
// page asks for the very same URLs with the same credentials, and only a
// signed-in visitor's answers are worth handing over (one preloaded before
// signing in, a 401, would be handed to the page after it).
import { Hono } from 'hono';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../server/http/context.ts';
import {
  APP_PAGE_MODULES,
  APP_PRELOADS,
  pageModuleFiles,
  PORTAL_PRELOADS,
  serveBuiltApp,
  stylesheetPreloads,
} from '../../server/http/static.ts';
import { getCountFlagsUrl } from '../../src/api/generated/hooks/flag-triage/flag-triage.ts';
import { getListItemGroupProposalsUrl } from '../../src/api/generated/hooks/item-group-proposals/item-group-proposals.ts';
import { getListOrdersUrl } from '../../src/api/generated/hooks/orders/orders.ts';
import { getListSavedViewsUrl } from '../../src/api/generated/hooks/saved-views/saved-views.ts';
import { getListVendorsUrl } from '../../src/api/generated/hooks/vendors/vendors.ts';
import { savedViewsParams } from '../../src/components/saved-views-query.ts';
import { VENDOR_PAGE_SIZE } from '../../src/components/VendorFilter.tsx';
import { ordersQuery, parseOrdersView } from '../../src/pages/orders/orders-view.ts';
import { vendorsParams } from '../../src/pages/schedule/prefetch.ts';
import { parseScheduleView, scheduleQuery } from '../../src/components/schedule-view.ts';
import { getGetSessionUrl } from '../../src/api/generated/hooks/session/session.ts';
import { getListItemGroupsUrl } from '../../src/api/generated/hooks/item-groups/item-groups.ts';
import { getGetUpdateRequestUrl } from '../../src/api/generated/hooks/follow-up/follow-up.ts';
import { PORTAL_LIST_PARAMS } from '../../src/pages/vendor-portal/lines.ts';

const STYLESHEET = '<link rel="stylesheet" crossorigin href="/assets/src-A1b2.css">';

/** A build's manifest in little: the schedule page's chunk imports one chunk of its own and one the document loads. */
const MANIFEST = {
  'index.html': { file: 'assets/index-1.js', imports: ['_shared.js'] },
  '_shared.js': { file: 'assets/shared-1.js' },
  'src/pages/schedule/SchedulePage.tsx': { file: 'assets/SchedulePage-1.js', imports: ['_grid.js', '_shared.js'] },
  '_grid.js': { file: 'assets/grid-1.js', imports: ['_shared.js'] },
};
const DOCUMENT_SCRIPTS =
  '<script type="module" crossorigin src="/assets/index-1.js"></script><link rel="modulepreload" crossorigin href="/assets/shared-1.js">';

function builtApp() {
  const dist = mkdtempSync(join(tmpdir(), 'factor-dist-'));
  mkdirSync(join(dist, '.vite'));
  writeFileSync(join(dist, '.vite', 'index.manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(dist, 'index.html'), `<!doctype html><title>app</title>${STYLESHEET}${DOCUMENT_SCRIPTS}`);
  writeFileSync(join(dist, 'portal.html'), `<!doctype html><title>portal</title>${STYLESHEET}`);
  writeFileSync(join(dist, 'embed.html'), '<!doctype html><title>embed</title>');
  const app = new Hono<AppEnv>();
  serveBuiltApp(app, dist);
  return app;
}

const signedIn = { cookie: 'factor_session=fs_anything' };
const request = 'UR0123456789abcdefghijklmnopqr';

describe('the app preloads', () => {
  it('are the URLs the orders and schedule pages ask first in their default view', () => {
    const none = new URLSearchParams();
    const common = [getGetSessionUrl()];
    const counts = getCountFlagsUrl({ status: 'open' });
    expect(APP_PRELOADS['/orders']).toEqual([
      ...common,
      getListOrdersUrl(ordersQuery(parseOrdersView(none))),
      getListSavedViewsUrl(savedViewsParams('orders')),
      getListVendorsUrl({ pageSize: VENDOR_PAGE_SIZE }),
      counts,
    ]);
    expect(APP_PRELOADS['/schedule']).toEqual([
      ...common,
      getListItemGroupsUrl(scheduleQuery(parseScheduleView(none))),
      getListSavedViewsUrl(savedViewsParams('schedule')),
      getListVendorsUrl(vendorsParams),
      counts,
      getListItemGroupProposalsUrl({ status: 'pending', pageSize: 50 }),
    ]);
  });

  it('go with a list page in its default view for a signed-in visitor only', async () => {
    const app = builtApp();
    const [stylesheet, ...links] = (
      (await app.request('/schedule', { headers: signedIn })).headers.get('link') ?? ''
    ).split(', ');
    // The stylesheet first, as its tag asks for it: the API answers must not hold back the first paint.
    expect(stylesheet).toBe('</assets/src-A1b2.css>; rel=preload; as=style; crossorigin');
    const fetches = links.filter((l) => l.includes('as=fetch'));
    expect(fetches.map((l) => /^<([^>]+)>/.exec(l)?.[1])).toEqual(APP_PRELOADS['/schedule']);
    for (const link of fetches) expect(link).toContain('rel=preload; as=fetch; crossorigin=use-credentials');
    // Then the page's code: its chunk and what it imports, less what the document loads itself.
    expect(links.slice(fetches.length)).toEqual([
      '</assets/SchedulePage-1.js>; rel=modulepreload; crossorigin',
      '</assets/grid-1.js>; rel=modulepreload; crossorigin',
    ]);
    expect((await app.request('/schedule')).headers.get('link')).toBeNull();
    // A filtered view asks for other rows.
    expect((await app.request('/orders?q=acme', { headers: signedIn })).headers.get('link')).toBeNull();
    expect((await app.request('/login', { headers: signedIn })).headers.get('link')).toBeNull();
    expect((await app.request('/orders/OR1', { headers: signedIn })).headers.get('link')).toBeNull();
  });
});

describe('the portal preloads', () => {
  it('are the URLs the portal asks first', () => {
    expect(PORTAL_PRELOADS).toEqual([getGetSessionUrl(), getListItemGroupsUrl(PORTAL_LIST_PARAMS)]);
  });

  it('go with /portal for a signed-in visitor, with the request in its link, and credentials', async () => {
    const app = builtApp();
    const portal = await app.request(`/portal?request=${request}`, { headers: signedIn });
    expect(await portal.text()).toContain('portal');
    const [stylesheet, ...links] = (portal.headers.get('link') ?? '').split(', ');
    expect(stylesheet).toBe('</assets/src-A1b2.css>; rel=preload; as=style; crossorigin');
    expect(links.map((l) => /^<([^>]+)>/.exec(l)?.[1])).toEqual([...PORTAL_PRELOADS, getGetUpdateRequestUrl(request)]);
    for (const link of links) expect(link).toContain('rel=preload; as=fetch; crossorigin=use-credentials');
    // A request sid that is not one is not asked for.
    const odd = await app.request('/portal?request=../v1/users', { headers: signedIn });
    expect(odd.headers.get('link')?.split(', ')).toHaveLength(1 + PORTAL_PRELOADS.length);
  });

  it('do not go where the visitor is not signed in yet, nor with the sign-in link page or the app', async () => {
    const app = builtApp();
    expect((await app.request('/portal')).headers.get('link')).toBeNull();
    expect((await app.request('/portal/link', { headers: signedIn })).headers.get('link')).toBeNull();
  });
});

describe('the stylesheet preload', () => {
  it('names each stylesheet of the document with the CORS mode its tag asks for, and nothing else', () => {
    expect(
      stylesheetPreloads(
        '<link rel="icon" href="/favicon.svg"><link rel="stylesheet" crossorigin href="/assets/a.css">' +
          '<link rel="modulepreload" crossorigin href="/assets/b.js"><link rel="stylesheet" href="/assets/c.css">' +
          '<link rel="stylesheet" href="https://elsewhere.example/d.css">',
      ),
    ).toEqual(['</assets/a.css>; rel=preload; as=style; crossorigin', '</assets/c.css>; rel=preload; as=style']);
  });
});

describe('the page code preloads', () => {
  it('name the very modules the router loads for each preloaded page', async () => {
    expect(Object.keys(APP_PAGE_MODULES)).toEqual(Object.keys(APP_PRELOADS));
    const router = await readFile('src/app/router.tsx', 'utf8');
    for (const module of Object.values(APP_PAGE_MODULES)) {
      expect(existsSync(module)).toBe(true);
      expect(router).toContain(`import('../${module.slice('src/'.length).replace(/\.tsx$/, '')}')`);
    }
  });

  it('follow every import once, and leave out what the document loads and what the manifest lacks', () => {
    const manifest = {
      page: { file: 'assets/page.js', imports: ['a', 'b'] },
      a: { file: 'assets/a.js', imports: ['b', 'page'] },
      b: { file: 'assets/b.js', imports: ['missing'] },
    };
    expect(pageModuleFiles(manifest, 'page', new Set(['/assets/b.js']))).toEqual(['/assets/page.js', '/assets/a.js']);
    expect(pageModuleFiles(manifest, 'nowhere', new Set())).toEqual([]);
  });

  it('are left out when the build has no manifest, and with the portal or a filtered view', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'factor-dist-'));
    writeFileSync(join(dist, 'index.html'), `<!doctype html><title>app</title>${STYLESHEET}`);
    writeFileSync(join(dist, 'portal.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(dist, 'embed.html'), '<!doctype html><title>embed</title>');
    const app = new Hono<AppEnv>();
    serveBuiltApp(app, dist);
    const links = (await app.request('/schedule', { headers: signedIn })).headers.get('link') ?? '';
    expect(links).toContain('as=fetch');
    expect(links).not.toContain('modulepreload');
    const withManifest = builtApp();
    expect((await withManifest.request('/portal', { headers: signedIn })).headers.get('link')).not.toContain(
      'modulepreload',
    );
    expect((await withManifest.request('/schedule?vendor=V1', { headers: signedIn })).headers.get('link')).toBeNull();
  });
});
