// Who may read an outbox email's links as they were sent (the Mailbox of a
// server that sends no mail, portalLinksLive): a portal link signs its holder
// in as the vendor contact it went to, an invitation link sets the password
// of a new account. Everyone else reads them with the token hidden. Pure.

/** The kinds of email the outbox holds. */
export type OutboxKind = 'updateRequest' | 'flagNotice' | 'vendorLink' | 'userInvite' | 'messageNotice';

/** Per kind, who may read its live links: any staff user, or admins only. */
const LIVE_LINK_READERS: Readonly<Record<OutboxKind, 'staff' | 'admin'>> = {
  updateRequest: 'staff',
  flagNotice: 'staff',
  vendorLink: 'staff',
  messageNotice: 'staff',
  // It makes an account's password: only those who could invite the user themselves.
  userInvite: 'admin',
};

/** Whether a staff user of this role may read this kind of email's links live; never when links are not live. */
export function mayReadLiveLinks(kind: string, role: string, portalLinksLive: boolean): boolean {
  if (!portalLinksLive) return false;
  // A kind not listed here is shown to admins only: a new kind of link is hidden until someone decides.
  const readers = (LIVE_LINK_READERS as Readonly<Record<string, 'staff' | 'admin' | undefined>>)[kind] ?? 'admin';
  return readers === 'staff' || role === 'admin';
}

/**
 * The text with every link's single-use token hidden: a buyer who reads the
 * outbox must not be able to sign in as the vendor with it.
 */
export function maskLinkTokens(text: string): string {
  return text.replace(/([#&?](?:amp;)?token=)[^&"'\s<>]+/g, '$1hidden');
}
