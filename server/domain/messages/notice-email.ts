// The email that tells the other side of a conversation that a message was
// written: to the vendor's contacts when the buyer writes, to the order's
// tracking members when the vendor does. It quotes the message, names the
// order and lines, links to where it is answered, and is answered by plain
// reply too (its Reply-To carries a token: reply-address.ts).
//
// Pure: the caller gives every value. Every value comes from users, so none is
// trusted: the HTML escapes them all, a link is only a link when it is
// http(s), and the subject never carries a line break.
import { escapeHtml, oneLine, present, safeUrl, type RenderedEmail } from '../follow-up/email.ts';

export interface MessageNoticeInput {
  /** The buying company. */
  organizationName: string;
  recipientName: string | null;
  authorName: string;
  /** Whose side wrote: the buyer's company, or the vendor. */
  authorSide: string;
  /** e.g. "PO-4711". */
  orderNumber: string;
  /** e.g. ["Line 10", "Line 20 / shipment 2"]; empty: about the whole order. */
  lines: readonly string[];
  content: string;
  /** Where the recipient reads and answers it (the order page, or the vendor portal). */
  link: string | null;
  /** Why the recipient gets it, e.g. "You receive this as a contact of Voltaris for Northwind Robotics." */
  why: string;
}

/** How much of the message the email quotes: the rest waits behind the link. */
export const QUOTED_CHARACTERS = 4000;

export function renderMessageNoticeEmail(input: MessageNoticeInput): RenderedEmail {
  const order = oneLine(input.orderNumber);
  const author = oneLine(input.authorName);
  const side = oneLine(input.authorSide);
  const about = input.lines.length ? ` about ${input.lines.map(oneLine).join(', ')}` : '';
  const subject = `${order}: message from ${author} (${side})`;
  const recipient = present(input.recipientName);
  const greeting = recipient === null ? 'Hello,' : `Hello ${recipient},`;
  const intro = `${author} (${side}) wrote${about} on purchase order ${order}:`;
  const whole = input.content.trim();
  const quoted =
    whole.length > QUOTED_CHARACTERS ? `${whole.slice(0, QUOTED_CHARACTERS)}… (the rest is in the message)` : whole;
  const link = input.link === null ? null : safeUrl(input.link);
  const answer = 'Reply to this email to answer: your reply goes to the same conversation.';
  const text = [
    greeting,
    '',
    intro,
    '',
    ...quoted.split(/\r?\n/).map((line) => `> ${line}`),
    '',
    answer,
    ...(link === null ? [] : [`Open the conversation: ${link}`]),
    '',
    '--',
    input.why,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; color: #0f172a; line-height: 1.5">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<blockquote style="margin: 0 0 1em; padding: 0.5em 1em; border-left: 4px solid #cbd5e1; white-space: pre-wrap">${escapeHtml(quoted)}</blockquote>
<p>${escapeHtml(answer)}</p>
${link === null ? '' : `<p><a href="${escapeHtml(link)}">Open the conversation</a></p>`}
<p style="color: #475569; font-size: 0.875em">${escapeHtml(input.why)}</p>
</body></html>
`;
  return { subject, text, html, headers: {} };
}
