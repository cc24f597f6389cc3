// Embedding across origins, in a real browser: two more servers on
// 127.0.0.1 stand for an intranet (its origin on the allowlist) and a site
// that is not. The intranet page is the host snippet of docs/embedding.md as
// written, with its server's embed-session call; the embed shows the
// schedule, reports its height and asks for a fresh token before its
// 60-second token runs out. The other site cannot frame it, a token posted
// from a frame of the other origin is ignored, and the full app refuses to be
// framed at all.
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_EMBED_ORIGIN } from '../server/seed/demo.ts';
import { expectNoAxeViolations } from './support.ts';

// One worker for the file: its servers and the allowlist they are on are made once, in beforeAll.
test.describe.configure({ mode: 'serial' });

const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;
const DOC_FACTOR = 'https://factor.example.com';

/** The host page's snippet, as docs/embedding.md gives it. */
function documentedSnippet(factor: string): string {
  const doc = readFileSync('docs/embedding.md', 'utf8');
  const html = /```html\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!html) throw new Error('docs/embedding.md has no html snippet');
  return html.replaceAll(DOC_FACTOR, factor);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

async function listen(handler: Handler): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    void Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

/** Every message the host page hears, for the test to read. */
const RECORDER = `<script>window.heard = []; addEventListener('message', (e) => heard.push({ origin: e.origin, type: e.data && e.data.type, height: e.data && e.data.height }));</script>`;

let factor: string;
let api: APIRequestContext;
let apiKey: string;
let intranet: { server: Server; origin: string };
let elsewhere: { server: Server; origin: string };
let sessionsMade = 0;

/** What the intranet's server does (the documented server call), with a 60-second token. */
async function embedSession(origin: string, view = 'schedule') {
  const response = await fetch(`${factor}/v1/embedSessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ origin, view, ttlSeconds: 60 }),
  });
  if (!response.ok) throw new Error(`Factor answered ${response.status}: ${await response.text()}`);
  sessionsMade += 1;
  return (await response.json()) as { token: string; expires: string; url: string };
}

test.beforeAll(async ({ baseURL }) => {
  factor = new URL(baseURL ?? '').origin;
  api = await request.newContext({ baseURL: factor, extraHTTPHeaders: { origin: factor } });
  expect((await api.post('/v1/session/login', { data: { email: admin.email, password: DEMO_PASSWORD } })).ok()).toBe(
    true,
  );
  const key = await api.post('/v1/apiKeys', { data: { name: 'Intranet embed (e2e)' } });
  apiKey = ((await key.json()) as { secret: string }).secret;

  intranet = await listen(async (req, res) => {
    const path = req.url ?? '/';
    if (path === '/factor-embed-session') {
      const session = await embedSession(intranet.origin);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(session));
    } else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page('Intranet', RECORDER + documentedSnippet(factor)));
    } else if (path === '/held') {
      // The embed without its token, and a frame of the other origin that tries to hand it one.
      const { url } = await embedSession(intranet.origin);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        page(
          'Intranet, token held',
          `<iframe id="factor" title="Factor schedule" src="${url}" style="width:100%;border:0"></iframe>
           <iframe id="other" title="Other site" src="${elsewhere.origin}/poster"></iframe>
           <script>
             window.sendFromOther = (token) => document.getElementById('other').contentWindow.postMessage({ token }, '*');
             window.sendFromHost = (token) => document.getElementById('factor').contentWindow.postMessage({ type: 'factor:embed-token', token }, '${factor}');
           </script>`,
        ),
      );
    } else if (path === '/app') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page('Intranet framing the app', `<iframe title="Factor" src="${factor}/login"></iframe>`));
    } else res.writeHead(404).end();
  });
  elsewhere = await listen(async (req, res) => {
    if (req.url === '/poster') {
      // Posts whatever token it is given into its sibling, the Factor frame.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        page(
          'Other',
          `<script>addEventListener('message', (e) => parent.frames[0].postMessage({ type: 'factor:embed-token', token: e.data.token }, '*'));</script>`,
        ),
      );
    } else {
      const { url } = await embedSession(intranet.origin);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page('Not allowed', RECORDER + `<iframe title="Factor schedule" src="${url}"></iframe>`));
    }
  });
  const allowed = await api.put('/v1/embedSettings', { data: { origins: [DEMO_EMBED_ORIGIN, intranet.origin] } });
  expect(allowed.ok()).toBe(true);
});

test.afterAll(async () => {
  await api.put('/v1/embedSettings', { data: { origins: [DEMO_EMBED_ORIGIN] } });
  await api.dispose();
  intranet.server.close();
  elsewhere.server.close();
});

const heard = (p: Page, type: string) =>
  p.evaluate(
    (t) => (window as unknown as { heard: { type: string }[] }).heard.filter((m) => m.type === t).length,
    type,
  );

test('an allowed intranet page embeds the schedule with the documented snippet, sized and kept signed in', async ({
  page: host,
}) => {
  test.setTimeout(120_000);
  await host.goto(`${intranet.origin}/`);
  const embed = host.frameLocator('#factor');
  await expect(embed.getByRole('heading', { level: 1, name: /^Schedule/ })).toBeVisible();
  await expect(embed.getByRole('table', { name: 'Open lines by due date' }).getByRole('row').nth(1)).toBeVisible();
  // Deep links open the full app in a new tab.
  await expect(embed.getByRole('link', { name: /Open in Factor/ })).toHaveAttribute('target', '_blank');
  // The height arrives from Factor's origin, and the host sized the frame to it.
  await expect.poll(() => heard(host, 'factor:embed-height')).toBeGreaterThan(0);
  const sized = await host.evaluate(() => {
    const last = (window as unknown as { heard: { type: string; origin: string; height: number }[] }).heard
      .filter((m) => m.type === 'factor:embed-height')
      .at(-1);
    return { origin: last?.origin, height: last?.height, frame: document.getElementById('factor')?.style.height };
  });
  expect(sized.origin).toBe(factor);
  expect(sized.frame).toBe(`${sized.height}px`);
  expect(sized.height).toBeGreaterThan(100);
  await expectNoAxeViolations(host);
  // Halfway through its 60 s the embed asks for a fresh token, gets one, and keeps reading.
  const before = sessionsMade;
  await expect.poll(() => heard(host, 'factor:embed-token-request'), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => sessionsMade).toBeGreaterThan(before);
  await expect(embed.getByRole('table', { name: 'Open lines by due date' })).toBeVisible();
});

test('a token posted from a frame of another origin is ignored; the host page’s own is taken', async ({
  page: host,
}) => {
  await host.goto(`${intranet.origin}/held`);
  const embed = host.frameLocator('#factor');
  await expect(embed.getByText('Waiting for the host page to sign this view in…')).toBeVisible();
  const { token } = await embedSession(intranet.origin);
  await host.evaluate((t) => {
    (window as unknown as { sendFromOther: (t: string) => void }).sendFromOther(t);
  }, token);
  // Given time to arrive, it changed nothing.
  await host.waitForTimeout(1_500);
  await expect(embed.getByText('Waiting for the host page to sign this view in…')).toBeVisible();
  await host.evaluate((t) => {
    (window as unknown as { sendFromHost: (t: string) => void }).sendFromHost(t);
  }, token);
  await expect(embed.getByRole('heading', { level: 1, name: /^Schedule/ })).toBeVisible();
});

test('a page off the allowlist cannot frame the embed, and no page can frame the app', async ({ page: host }) => {
  await host.goto(`${elsewhere.origin}/`);
  // The browser refuses the frame (frame-ancestors): nothing of Factor loads in it, nothing is heard from it.
  const blocked = host.frames().find((f) => f !== host.mainFrame());
  await expect.poll(() => blocked?.url()).toMatch(/^chrome-error:/);
  expect(await heard(host, 'factor:embed-ready')).toBe(0);

  await host.goto(`${intranet.origin}/app`);
  const app = host.frames().find((f) => f !== host.mainFrame());
  await expect.poll(() => app?.url()).toMatch(/^chrome-error:/);
  const response = await api.get('/login');
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
});
