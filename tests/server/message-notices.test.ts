// A new message tells the other side by email, through the outbox: the
// buyer's goes to the vendor's contacts, the vendor's to the order's tracking
// members; with a reply address whose signed token names the message.
import { describe, expect, it } from 'vitest';
import { withOneCharacterChanged } from '../support/tamper.ts';
import { tokenOfAddress } from '../../server/domain/messages/reply-address.ts';
import { newSid } from '../../server/domain/sid.ts';
import { isReplyToken } from '../../server/jobs/message-notices.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

async function notices(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('outboxEmails')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .where('kind', '=', 'messageNotice')
    .orderBy('created')
    .orderBy('toAddress')
    .execute();
}
async function emailOf(userSid: string): Promise<string> {
  const { db } = await server();
  return (await db.selectFrom('users').select('email').where('sid', '=', userSid).executeTakeFirstOrThrow()).email;
}

describe('message notices', () => {
  it("emails the buyer's message to the vendor's contacts, with a reply address that names it", async () => {
    const t = await createTenant('Notices');
    const line = await makeLine(t, { prefix: 'notice' });
    const posted = await t.buyer.request<{ sid: string }>('POST', '/v1/messages', {
      content: 'Can you ship <b>early</b>?',
      itemGroupSids: [line.sid],
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const sent = await notices(t);
    expect(sent.map((e) => e.toAddress)).toEqual([await emailOf(t.vendor.userSid)]);
    const [email] = sent;
    expect(email.messageSid).toBe(posted.body.sid);
    expect(email.subject).toMatch(/^PO-notice-.*: message from Buyer \S+ \(Notices \S+\)$/);
    expect(email.textBody).toContain('wrote about Line 10 on purchase order');
    expect(email.textBody).toContain('> Can you ship <b>early</b>?');
    expect(email.htmlBody).toContain('Can you ship &lt;b&gt;early&lt;/b&gt;?');
    expect(email.textBody).toContain('/portal');

    // The reply address carries the message and a signature only this organization's key makes.
    const token = tokenOfAddress(email.replyTo ?? '');
    expect(token?.messageSid).toBe(posted.body.sid);
    expect(isReplyToken(t.organizationSid, posted.body.sid, token!.signature)).toBe(true);
    expect(isReplyToken(t.organizationSid, posted.body.sid, withOneCharacterChanged(token!.signature, -1))).toBe(false);
    const other = await createTenant('Notices other');
    expect(isReplyToken(other.organizationSid, posted.body.sid, token!.signature)).toBe(false);
    // A mail system that lowercases the address still finds it.
    expect(tokenOfAddress((email.replyTo ?? '').toUpperCase())?.messageSid).toBe(posted.body.sid);
  });

  it("emails the vendor's message to the order's tracking members, and no one who opted out", async () => {
    const t = await createTenant('Notices vendor');
    const line = await makeLine(t, { prefix: 'notice-v' });
    for (const [memberSid, type] of [
      [t.buyer.userSid, 'tracking'],
      [t.admin.userSid, 'updating'],
    ] as const) {
      const member = await t.buyer.request('POST', '/v1/orderMembers', { orderSid: line.orderSid, memberSid, type });
      expect(member.status, JSON.stringify(member.body)).toBe(201);
    }
    const reply = await t.vendor.request('POST', '/v1/messages', { content: 'Friday.', orderSids: [line.orderSid] });
    expect(reply.status).toBe(201);
    const sent = await notices(t);
    expect(sent.map((e) => e.toAddress)).toEqual([await emailOf(t.buyer.userSid)]);
    expect(sent[0].textBody).toContain('wrote on purchase order');
    expect(sent[0].textBody).toContain(`/orders/${line.orderSid}#messages`);

    // The vendor's contact opted out: the buyer's message reaches no one, and is still posted.
    const { db } = await server();
    await db
      .insertInto('emailOptOuts')
      .values({
        sid: newSid('EO'),
        organizationSid: t.organizationSid,
        email: (await emailOf(t.vendor.userSid)).toUpperCase(),
        optOut: true,
        created: new Date(),
        updated: new Date(),
      })
      .execute();
    const question = await t.buyer.request('POST', '/v1/messages', { content: 'Sure?', orderSids: [line.orderSid] });
    expect(question.status).toBe(201);
    // The admin updates the order: a member of the vendor's side, told of the buyer's message.
    expect((await notices(t)).map((e) => e.toAddress).slice(1)).toEqual([await emailOf(t.admin.userSid)]);
  });
});
