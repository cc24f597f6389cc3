// The organization's logo: an admin uploads an image, anyone can fetch it at
// its address (mail clients have no session), the portal's session and the
// emails vendors receive show it. Only images are taken, judged by their
// bytes; only a current logo is served at /logos/, never another file.
import { describe, expect, it } from 'vitest';
import { outboxBodies } from '../../server/domain/outbox/bodies.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface Organization {
  sid: string;
  name: string;
  logo100x100: string | null;
}
interface ApiError {
  code: string;
  message: string;
  field?: string;
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function imageForm(bytes: Uint8Array, name: string, type = 'image/png'): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

const logoPath = (t: Tenant) => `/v1/organizations/${t.organizationSid}/logo`;

/** Fetches a logo's address as a mail client would: no session. */
async function fetchLogo(url: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const { app } = await server();
  const { pathname } = new URL(url);
  const response = await app.request(`http://127.0.0.1${pathname}`);
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('the organization logo', () => {
  it('is uploaded by an admin, served to anyone, shown in the session, and replaced and removed', async () => {
    const t = await createTenant('Logo');
    const uploaded = await t.admin.request<Organization>('PUT', logoPath(t), imageForm(PNG, 'logo.png'));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    const first = uploaded.body.logo100x100 ?? '';
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1\/logos\/FI\w+$/);

    const served = await fetchLogo(first);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(PNG)).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(served.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');

    // What the app and the portal read.
    const read = await t.buyer.request<Organization>('GET', `/v1/organizations/${t.organizationSid}`);
    expect(read.body.logo100x100).toBe(first);
    const publicView = await t.vendor.request<Organization>('GET', `/v1/organizations/${t.organizationSid}/public`);
    expect(publicView.body.logo100x100).toBe(first);
    const session = await t.vendor.request<{ organizations: { sid: string; logo100x100: string | null }[] }>(
      'GET',
      '/v1/session',
    );
    expect(session.body.organizations.find((o) => o.sid === t.organizationSid)?.logo100x100).toBe(first);

    // A new logo is a new address; the old one answers no more.
    const replaced = await t.admin.request<Organization>('PUT', logoPath(t), imageForm(GIF, 'logo.gif', 'image/gif'));
    const second = replaced.body.logo100x100 ?? '';
    expect(second).not.toBe(first);
    expect((await fetchLogo(second)).headers.get('content-type')).toBe('image/gif');
    expect((await fetchLogo(first)).status).toBe(404);

    const removed = await t.admin.request<Organization>('DELETE', logoPath(t));
    expect(removed.status).toBe(200);
    expect(removed.body.logo100x100).toBeNull();
    expect((await fetchLogo(second)).status).toBe(404);
    // Removing none changes nothing.
    expect((await t.admin.request<Organization>('DELETE', logoPath(t))).body.logo100x100).toBeNull();
  });

  it('takes only a PNG, JPEG, GIF or WebP image of at most 256 KB, naming the file otherwise', async () => {
    const t = await createTenant('Logo refusals');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const refused: { label: string; form: FormData; status: number }[] = [
      { label: 'an SVG (it runs script)', form: imageForm(svg, 'logo.svg', 'image/svg+xml'), status: 400 },
      { label: 'HTML named .png', form: imageForm(html, 'logo.png'), status: 400 },
      { label: 'an empty file', form: imageForm(new Uint8Array(0), 'logo.png'), status: 400 },
      {
        label: 'a PNG over 256 KB',
        form: imageForm(Buffer.concat([PNG, Buffer.alloc(256 * 1024)]), 'big.png'),
        status: 413,
      },
    ];
    for (const { label, form, status } of refused) {
      const answer = await t.admin.request<ApiError>('PUT', logoPath(t), form);
      expect(answer.status, label).toBe(status);
      expect(answer.body.field, label).toBe('file');
    }
    const notMultipart = await t.admin.request<ApiError>('PUT', logoPath(t), { file: 'x' });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.body.field).toBe('file');
    const read = await t.admin.request<Organization>('GET', `/v1/organizations/${t.organizationSid}`);
    expect(read.body.logo100x100).toBeNull();
  });

  it('is for admins of the organization only', async () => {
    const t = await createTenant('Logo rights');
    const other = await createTenant('Logo stranger');
    expect((await t.buyer.request('PUT', logoPath(t), imageForm(PNG, 'logo.png'))).status).toBe(403);
    expect((await t.vendor.request('PUT', logoPath(t), imageForm(PNG, 'logo.png'))).status).toBe(403);
    expect((await other.admin.request('PUT', logoPath(t), imageForm(PNG, 'logo.png'))).status).toBe(404);
    expect((await call(null, 'PUT', logoPath(t), imageForm(PNG, 'logo.png'))).status).toBe(401);
    expect((await t.buyer.request('DELETE', logoPath(t))).status).toBe(403);
  });

  it('serves no file at /logos/ that is not a current logo', async () => {
    const t = await createTenant('Logo files');
    const attachment = new FormData();
    attachment.append('file', new Blob([PNG], { type: 'image/png' }), 'drawing.png');
    const uploaded = await t.buyer.request<{ sid: string }>('POST', '/v1/messageAttachments', attachment);
    expect(uploaded.status).toBe(201);
    const { db } = await server();
    const row = await db
      .selectFrom('messageAttachments')
      .select('fileSid')
      .where('sid', '=', uploaded.body.sid)
      .executeTakeFirstOrThrow();
    expect((await fetchLogo(`http://127.0.0.1/logos/${row.fileSid}`)).status).toBe(404);
    expect((await fetchLogo('http://127.0.0.1/logos/FI-none')).status).toBe(404);
  });

  it('heads the emails vendors receive: update requests and portal invitations', async () => {
    const t = await createTenant('Logo emails');
    const uploaded = await t.admin.request<Organization>('PUT', logoPath(t), imageForm(PNG, 'logo.png'));
    const logo = uploaded.body.logo100x100 ?? '';
    const line = await makeLine(t, { prefix: 'LOGO' });
    const asked = await t.buyer.request('POST', '/v1/updateRequests/now', { orderSid: line.orderSid });
    expect(asked.status).toBe(200);
    const invited = await t.admin.request('POST', `/v1/vendors/${t.vendorSid}/users`, {
      email: `logo-contact-${Date.now().toString(36)}@vendor.example`,
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);

    const { db } = await server();
    const emails = await db
      .selectFrom('outboxEmails')
      .select(['kind', 'textBody', 'htmlBody', 'headers', 'updateRequestEmail'])
      .where('organizationSid', '=', t.organizationSid)
      .where('kind', 'in', ['updateRequest', 'vendorLink'])
      .execute();
    expect(new Set(emails.map((e) => e.kind))).toEqual(new Set(['updateRequest', 'vendorLink']));
    for (const email of emails)
      expect(outboxBodies(email).html, email.kind).toContain(`<img src="${logo}" alt="Logo emails`);
  });
});
