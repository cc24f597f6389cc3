// The email that brings a vendor contact a portal link: a fresh one, when the
// one they had expired or was used (POST /v1/session/vendorLink/renew), or the
// first, when an admin adds them to the vendor (inviteVendorUser). Pure, and
// as careful with its values as the update-request email (email.ts).
import { escapeHtml, logoHtml, oneLine, present, safeUrl, type RenderedEmail } from './email.ts';

export interface VendorLinkEmailInput {
  /** The buying company. */
  organizationName: string;
  recipientName: string | null;
  /** The new single-use link to the vendor portal. */
  portalUrl: string;
  linkExpiresInDays: number;
  /** Who added the contact, for an invitation; absent, the contact asked for a fresh link. */
  invitedBy?: string;
  /** The buying organization's logo (email.ts, logoHtml). */
  logoUrl?: string | null;
}

export function renderVendorLinkEmail(input: VendorLinkEmailInput): RenderedEmail {
  const organization = oneLine(input.organizationName);
  const inviter = input.invitedBy ? oneLine(input.invitedBy) : null;
  const subject = inviter
    ? `${organization} invites you to answer its update requests`
    : `Your new link to ${organization}'s update requests`;
  const name = present(input.recipientName);
  const greeting = name ? `Hello ${oneLine(name)},` : 'Hello,';
  const days = String(input.linkExpiresInDays);
  const body = inviter
    ? `${inviter} of ${organization} added you as a contact: with this link you see and answer ${organization}'s update requests, confirming or changing the dates of your open lines. It works once, for ${days} days.`
    : `Here is a new link to see and answer ${organization}'s update requests. It works once, for ${days} days.`;
  const closing = inviter
    ? 'If you did not expect this, you can ignore this email.'
    : 'You asked for it from an expired or used link. If you did not, you can ignore this email.';
  const text = [greeting, '', body, '', input.portalUrl, '', closing, ''].join('\n');
  const url = safeUrl(input.portalUrl);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; color: #0f172a; line-height: 1.5">
${logoHtml(input.logoUrl ?? null, organization)}
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
${url ? `<p><a href="${escapeHtml(url)}" style="display: inline-block; padding: 10px 16px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px">Open your update requests</a></p>` : ''}
<p style="color: #475569; font-size: 14px">${escapeHtml(closing)}</p>
</body></html>`;
  return { subject, text, html, headers: {} };
}
