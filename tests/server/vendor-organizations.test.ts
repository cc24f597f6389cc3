// A vendor contact who serves several buying organizations: one login, linked
// to a vendor in each. Its session lists them, reads one at a time, and
// switches only among them; an emailed link opens the organization that sent
// it; and that organization's follow-up emails reach the contact.
import { describe, expect, it } from 'vitest';
import { calendar, localTime } from '../../server/domain/follow-up/calendar.ts';
import { randomToken, tokenHash } from '../../server/http/auth.ts';
import { runFollowUp } from '../../server/jobs/follow-up-run.ts';
import { call, createTenant, server } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface Session {
  user: { email: string };
  organization: { sid: string };
  vendorSids: string[];
  organizations: {
    sid: string;
    name: string | null;
    vendorName: string | null;
    logo100x100: string | null;
    vendorChangesNeedApproval: boolean;
  }[];
}

describe('a vendor contact serving several organizations', () => {
  it('lists them, reads one at a time, switches only among them, and is asked by each', async () => {
    const home = await createTenant('VendorHome');
    const customer = await createTenant('VendorCustomer');
    const stranger = await createTenant('VendorStranger');
    const { db } = await server();
    await db
      .insertInto('userVendors')
      .values({ userSid: home.vendor.userSid, vendorSid: customer.vendorSid })
      .execute();
    const homeLine = await makeLine<{ sid: string }>(home, { prefix: 'VO' });
    const customerLine = await makeLine<{ sid: string; version: number }>(customer, { prefix: 'VO' });

    const first = await home.vendor.request<Session>('GET', '/v1/session');
    expect(first.body.organization.sid).toBe(home.organizationSid);
    expect(first.body.vendorSids).toEqual([home.vendorSid]);
    expect(first.body.organizations.map((o) => [o.sid, o.vendorName]).sort()).toEqual(
      [
        [home.organizationSid, home.vendorName],
        [customer.organizationSid, customer.vendorName],
      ].sort(),
    );
    // What the portal shows of each customer comes with the session: its logo, and whether it approves new dates.
    await customer.admin.request('PATCH', `/v1/organizationSettings/${customer.organizationSid}`, {
      vendorChangesNeedApproval: true,
    });
    const listed = (await home.vendor.request<Session>('GET', '/v1/session')).body.organizations;
    expect(listed.find((o) => o.sid === customer.organizationSid)).toMatchObject({
      vendorChangesNeedApproval: true,
      logo100x100: null,
    });
    expect(listed.find((o) => o.sid === home.organizationSid)?.vendorChangesNeedApproval).toBe(false);
    const sids = async () =>
      (await home.vendor.request<{ itemGroups: { sid: string }[] }>('GET', '/v1/itemGroups')).body.itemGroups.map(
        (g) => g.sid,
      );
    expect(await sids()).toEqual([homeLine.sid]);

    // Not an organization it serves: refused, and the session stays where it was.
    const refused = await home.vendor.request('POST', '/v1/session/organization', {
      organizationSid: stranger.organizationSid,
    });
    expect(refused.status).toBe(404);
    expect((await home.vendor.request<Session>('GET', '/v1/session')).body.organization.sid).toBe(home.organizationSid);
    // Staff belong to one organization.
    const staff = await home.buyer.request('POST', '/v1/session/organization', {
      organizationSid: customer.organizationSid,
    });
    expect(staff.status).toBe(404);

    const switched = await home.vendor.request<Session>('POST', '/v1/session/organization', {
      organizationSid: customer.organizationSid,
    });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({
      organization: { sid: customer.organizationSid },
      vendorSids: [customer.vendorSid],
    });
    expect(await sids()).toEqual([customerLine.sid]);
    expect((await home.vendor.request('GET', `/v1/itemGroups/${homeLine.sid}`)).status).toBe(404);
    // Its own account stays its own, to set a password from any of them.
    const own = await home.vendor.request<{ email: string }>('GET', `/v1/users/${home.vendor.userSid}`);
    expect(own.body.email).toBe(first.body.user.email);
    const confirmed = await home.vendor.request<{ confirmed: boolean }>('PATCH', `/v1/itemGroups/${customerLine.sid}`, {
      confirmed: true,
      version: customerLine.version,
    });
    expect(confirmed.body.confirmed).toBe(true);
    const back = await home.vendor.request<Session>('POST', '/v1/session/organization', {
      organizationSid: home.organizationSid,
    });
    expect(back.body.organization.sid).toBe(home.organizationSid);
    expect(await sids()).toEqual([homeLine.sid]);

    // The customer's follow-up emails the contact, and its link opens the customer's lines.
    await runFollowUp(db, {
      now: localTime('2026-12-07', 9, calendar('UTC')),
      publicUrl: 'https://factor.example',
      organizationSid: customer.organizationSid,
    });
    const email = first.body.user.email;
    const sent = await db
      .selectFrom('outboxEmails')
      .select('organizationSid')
      .where('toAddress', '=', email)
      .where('kind', '=', 'updateRequest')
      .execute();
    expect(sent.map((s) => s.organizationSid)).toEqual([customer.organizationSid]);
    const token = randomToken('vl');
    await db
      .insertInto('vendorLinkTokens')
      .values({
        tokenHash: tokenHash(token),
        userSid: home.vendor.userSid,
        expires: new Date(Date.now() + 3_600_000),
        organizationSid: customer.organizationSid,
      })
      .execute();
    const opened = await call<Session & { token: string }>(null, 'POST', '/v1/session/vendorLink', { token });
    expect(opened.body.organization.sid).toBe(customer.organizationSid);
    const viaLink = await call<{ itemGroups: { sid: string }[] }>(opened.body.token, 'GET', '/v1/itemGroups');
    expect(viaLink.body.itemGroups.map((g) => g.sid)).toEqual([customerLine.sid]);

    // Unlinked from the customer: the session falls back to the contact's own organization.
    await db.deleteFrom('userVendors').where('vendorSid', '=', customer.vendorSid).execute();
    const after = await call<Session>(opened.body.token, 'GET', '/v1/session');
    expect(after.body.organization.sid).toBe(home.organizationSid);
    expect(after.body.organizations.map((o) => o.sid)).toEqual([home.organizationSid]);
  });
});
