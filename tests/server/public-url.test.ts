// Behind a TLS proxy the app is reached at PUBLIC_URL, not at the address it
// listens on: download links are made for that URL whatever Host header a
// request carries, the session cookie is Secure when it is https, and a
// cookie write from that origin passes the Origin check. Downloads carry the
// type the server detected, never the one the uploader claimed.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { useDatabaseLinkSecret } from '../../server/http/signed-url.ts';
import { createTenant, server, userWithPassword } from './support/harness.ts';

const PUBLIC = 'https://factor.example.com';

async function publicApp() {
  const { db } = await server();
  return createApp({ db, publicUrl: `${PUBLIC}/` });
}

async function upload(app: Awaited<ReturnType<typeof publicApp>>, token: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  const r = await app.request('http://127.0.0.1/v1/openOrderUploads', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(r.status).toBe(202);
  return ((await r.json()) as { sid: string }).sid;
}

describe('PUBLIC_URL', () => {
  it('makes download links for the public URL, whatever the Host header says', async () => {
    const app = await publicApp();
    const t = await createTenant();
    const sid = await upload(app, t.buyer.token, new File(['PO,Line\nA,1\n'], 'orders.csv', { type: 'text/csv' }));
    const link = await app.request(`http://127.0.0.1/v1/openOrderUploads/${sid}/downloadUrl`, {
      headers: { authorization: `Bearer ${t.buyer.token}`, host: 'evil.example' },
    });
    const { url } = (await link.json()) as { url: string };
    expect(url.startsWith(`${PUBLIC}/files/`)).toBe(true);
  });

  it('sets the session cookie Secure when the public URL is https, and not when it is http', async () => {
    const t = await createTenant();
    const user = await userWithPassword(t, 'right password');
    const { db } = await server();
    for (const [publicUrl, secure] of [
      [PUBLIC, true],
      ['http://127.0.0.1:3000', false],
    ] as const) {
      const app = createApp({ db, publicUrl });
      // The proxy speaks plain http to the app: the request URL says nothing about TLS.
      const r = await app.request('http://127.0.0.1/v1/session/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: 'right password' }),
      });
      expect(r.status).toBe(200);
      const cookie = r.headers.get('set-cookie') ?? '';
      expect(cookie).toContain('factor_session=');
      expect(/;\s*Secure/i.test(cookie), publicUrl).toBe(secure);
    }
  });

  it('accepts a cookie write from the public origin and refuses one from elsewhere', async () => {
    const app = await publicApp();
    const t = await createTenant();
    const write = (origin: string, name: string) =>
      app.request('http://127.0.0.1/v1/orders', {
        method: 'POST',
        headers: { cookie: `factor_session=${t.buyer.token}`, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ uniqueName: name, vendorName: t.vendorName }),
      });
    expect((await write(PUBLIC, 'PO-PUBLIC')).status).toBe(201);
    expect((await write('https://evil.example', 'PO-EVIL')).status).toBe(403);
  });
});

describe('downloads', () => {
  it('carry the type the server detected, not the one the uploader claimed', async () => {
    const app = await publicApp();
    const t = await createTenant();
    const sid = await upload(app, t.buyer.token, new File(['PO,Line\nA,1\n'], 'orders.csv', { type: 'text/html' }));
    const link = await app.request(`http://127.0.0.1/v1/openOrderUploads/${sid}/downloadUrl`, {
      headers: { authorization: `Bearer ${t.buyer.token}` },
    });
    const { url } = (await link.json()) as { url: string };
    const file = await app.request(url.replace(PUBLIC, 'http://127.0.0.1'));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
  });
});

describe('download links across processes', () => {
  it('are signed with the key stored in the database, so every process of it makes and accepts the same links', async () => {
    const { db } = await server();
    await useDatabaseLinkSecret(db);
    await useDatabaseLinkSecret(db);
    // Other keys live beside it (the webhook signing key): the links' key is there once.
    const keys = await db.selectFrom('appSecrets').selectAll().where('name', '=', 'file_links').execute();
    expect(keys).toHaveLength(1);
    const app = await publicApp();
    const t = await createTenant();
    const sid = await upload(app, t.buyer.token, new File(['PO,Line\nA,1\n'], 'orders.csv'));
    const link = await app.request(`http://127.0.0.1/v1/openOrderUploads/${sid}/downloadUrl`, {
      headers: { authorization: `Bearer ${t.buyer.token}` },
    });
    const url = new URL(((await link.json()) as { url: string }).url);
    const fileSid = url.pathname.split('/').at(-1)!;
    const expected = createHmac('sha256', keys[0].value)
      .update(`${fileSid}.${url.searchParams.get('expires')}`)
      .digest('base64url');
    expect(url.searchParams.get('signature')).toBe(expected);
  });
});
