// A vendor's used or expired portal link asks for a fresh one: it goes to the
// address the old one was sent to, through the outbox, at most once in ten
// minutes, and the answer is the same for a token never made (a stranger
// learns nothing). The Mailbox shows portal links masked, unless the server
// was started to show them live (a development server that sends no mail).
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { randomToken, tokenHash } from '../../server/http/auth.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';

interface Failure {
  code: string;
  field?: string;
}

async function oldLink(t: Tenant, state: 'used' | 'expired'): Promise<string> {
  const { db } = await server();
  const token = randomToken('vl');
  const now = Date.now();
  await db
    .insertInto('vendorLinkTokens')
    .values({
      tokenHash: tokenHash(token),
      userSid: t.vendor.userSid,
      // Made 20 days ago, or 13 days ago and used.
      expires: new Date(now + (state === 'expired' ? -6 : 1) * 86_400_000),
      used: state === 'used' ? new Date(now - 86_400_000) : null,
    })
    .execute();
  return token;
}

async function linkEmails(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('outboxEmails')
    .select(['sid', 'toAddress', 'subject', 'textBody', 'htmlBody', 'kind'])
    .where('organizationSid', '=', t.organizationSid)
    .where('kind', '=', 'vendorLink')
    .execute();
}

async function vendorAddress(t: Tenant): Promise<string> {
  const { db } = await server();
  return (await db.selectFrom('users').select('email').where('sid', '=', t.vendor.userSid).executeTakeFirstOrThrow())
    .email;
}

const renew = (token: unknown) =>
  call<{ message: string } & Failure>(null, 'POST', '/v1/session/vendorLink/renew', { token });

describe('a fresh vendor link', () => {
  it('is emailed to the address the old link went to, and opens a vendor session once', async () => {
    const t = await createTenant('Renew');
    for (const state of ['expired', 'used'] as const) {
      const { db } = await server();
      // The renewal of the first round, out of the way of the ten minutes.
      await db
        .deleteFrom('outboxEmails')
        .where('organizationSid', '=', t.organizationSid)
        .where('kind', '=', 'vendorLink')
        .execute();
      const before = (await linkEmails(t)).length;
      const answer = await renew(await oldLink(t, state));
      expect(answer.status).toBe(202);
      expect(answer.body.message).toMatch(/a new one is on its way to the address it was sent to/);
      const emails = await linkEmails(t);
      expect(emails).toHaveLength(before + 1);
      const email = emails.at(-1)!;
      expect(email.toAddress).toBe(await vendorAddress(t));
      expect(email.subject).toMatch(/^Your new link to /);
      const token = /\/portal\/link#token=([^\s&"]+)/.exec(email.textBody ?? '')?.[1];
      expect(token, email.textBody ?? '').toBeTruthy();
      const opened = await call<{ user: { sid: string } }>(null, 'POST', '/v1/session/vendorLink', {
        token: decodeURIComponent(token ?? ''),
      });
      expect(opened.status).toBe(200);
      expect(opened.body.user.sid).toBe(t.vendor.userSid);
      expect(
        (await call(null, 'POST', '/v1/session/vendorLink', { token: decodeURIComponent(token ?? '') })).status,
      ).toBe(401);
    }
  });

  it('goes out at most once in ten minutes, and says the same either way', async () => {
    const t = await createTenant('Renew');
    // A link the engine made a moment ago (an update request's) does not count: the vendor holds the old one.
    await oldLink(t, 'used');
    const { db } = await server();
    await db
      .insertInto('vendorLinkTokens')
      .values({
        tokenHash: tokenHash(randomToken('vl')),
        userSid: t.vendor.userSid,
        expires: new Date(Date.now() + 14 * 86_400_000),
      })
      .execute();
    const token = await oldLink(t, 'expired');
    const first = await renew(token);
    const again = await renew(token);
    const another = await renew(await oldLink(t, 'used'));
    expect([first.status, again.status, another.status]).toEqual([202, 202, 202]);
    expect(again.body).toEqual(first.body);
    expect(await linkEmails(t)).toHaveLength(1);
  });

  it('answers a token never made as it answers a real one, and sends nothing', async () => {
    const t = await createTenant('Renew');
    const real = await renew(await oldLink(t, 'expired'));
    const { db } = await server();
    const before = await db
      .selectFrom('outboxEmails')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const made = await renew(randomToken('vl'));
    expect([made.status, made.body]).toEqual([real.status, real.body]);
    const after = await db
      .selectFrom('outboxEmails')
      .select(db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('sends nothing to an account deactivated since, and answers as for any other link', async () => {
    const t = await createTenant('Renew deactivated');
    const answer = await renew(await oldLink(t, 'expired'));
    const token = await oldLink(t, 'used');
    const { db } = await server();
    await db.deleteFrom('outboxEmails').where('organizationSid', '=', t.organizationSid).execute();
    await db.updateTable('users').set({ deactivated: new Date() }).where('sid', '=', t.vendor.userSid).execute();
    const refused = await renew(token);
    expect([refused.status, refused.body]).toEqual([answer.status, answer.body]);
    expect(await linkEmails(t)).toEqual([]);
  });

  it('refuses a body without a token, naming the field', async () => {
    for (const body of [{}, { token: 12 }, { token: 'x'.repeat(600) }]) {
      const r = await call<Failure>(null, 'POST', '/v1/session/vendorLink/renew', body);
      expect([r.status, r.body.code, r.body.field], JSON.stringify(body)).toEqual([400, 'invalid_request', 'token']);
    }
  });
});

describe('portal links in the Mailbox', () => {
  it('are masked, unless the server shows them live', async () => {
    const t = await createTenant('Renew');
    await renew(await oldLink(t, 'expired'));
    const [email] = await linkEmails(t);
    const masked = await t.buyer.request<{ textBody: string; htmlBody: string; portalLinksLive: boolean }>(
      'GET',
      `/v1/outboxEmails/${email.sid}`,
    );
    expect(masked.body.portalLinksLive).toBe(false);
    expect(masked.body.textBody).toContain('#token=hidden');
    expect(masked.body.htmlBody).toContain('#token=hidden');
    expect(masked.body.textBody).not.toContain(/#token=([^\s&]+)/.exec(email.textBody ?? '')?.[1] ?? 'unreachable');

    const { db } = await server();
    const live = createApp({ db, portalLinksLive: true });
    const response = await live.request(`http://127.0.0.1/v1/outboxEmails/${email.sid}`, {
      headers: { authorization: `Bearer ${t.buyer.token}` },
    });
    const body = (await response.json()) as { textBody: string; portalLinksLive: boolean };
    expect(response.status).toBe(200);
    expect(body.portalLinksLive).toBe(true);
    expect(body.textBody).toBe(email.textBody);
  });
});
