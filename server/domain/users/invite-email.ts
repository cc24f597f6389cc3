// The email that invites a colleague into the organization: a single-use
// link to choose a password. Pure, and as careful with its values as the
// update-request email (follow-up/email.ts).
import { escapeHtml, oneLine, present, safeUrl, type RenderedEmail } from '../follow-up/email.ts';

export interface InviteEmailInput {
  organizationName: string;
  inviterName: string;
  recipientName: string | null;
  role: 'admin' | 'buyer';
  /** The single-use link to the invitation page. */
  inviteUrl: string;
  expiresInDays: number;
}

export function renderInviteEmail(input: InviteEmailInput): RenderedEmail {
  const organization = oneLine(input.organizationName);
  const inviter = oneLine(input.inviterName);
  const subject = `${inviter} invites you to ${organization} on Factor`;
  const name = present(input.recipientName);
  const greeting = name ? `Hello ${oneLine(name)},` : 'Hello,';
  const role = input.role === 'admin' ? 'an admin' : 'a buyer';
  const body = `${inviter} invites you to follow up ${organization}'s purchase orders on Factor, as ${role}. Choose your password with this link; it works once, for ${String(input.expiresInDays)} days.`;
  const closing = 'If you did not expect this, you can ignore this email.';
  const text = [greeting, '', body, '', input.inviteUrl, '', closing, ''].join('\n');
  const url = safeUrl(input.inviteUrl);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; color: #0f172a; line-height: 1.5">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
${url ? `<p><a href="${escapeHtml(url)}" style="display: inline-block; padding: 10px 16px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px">Choose your password</a></p>` : ''}
<p style="color: #475569; font-size: 14px">${escapeHtml(closing)}</p>
</body></html>`;
  return { subject, text, html, headers: {} };
}
