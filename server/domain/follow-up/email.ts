// The email the follow-up engine sends a vendor contact: it asks them to
// confirm or update the lines of one purchase order in the vendor portal.
//
// Pure: the caller gives every value, including the single-use portal link and
// the unsubscribe link, and sends what comes back. Dates are calendar dates
// 'YYYY-MM-DD', written out here without Intl (see src/lib/format.ts).
//
// Every value comes from buyers, vendors or imports, so none is trusted: the
// HTML escapes them all, a link is only a link when it is http(s), and the
// header values never carry a line break.

import { formatDay, plural } from './words.ts';

export interface UpdateRequestEmailLine {
  /** e.g. "Line 10" or "10 / shipment 2". */
  lineLabel: string;
  /** The manufacturer part number or the item's name. */
  part: string | null;
  description: string | null;
  /** A decimal as text, e.g. "250" or "12.5". */
  quantity: string;
  /** The buyer's due date. */
  dueDate: string | null;
  /** The vendor's current promise. */
  promise: { shipDate: string | null; arrivalDate: string | null; confirmed: boolean };
  kind: 'request' | 'reminder';
}

export interface UpdateRequestEmailInput {
  /** The buying company. */
  organizationName: string;
  /** e.g. "Acme Procurement"; the organization's name when null. */
  senderName: string | null;
  vendorName: string;
  recipientName: string | null;
  /** e.g. "PO-4711". */
  orderNumber: string;
  orderTitle: string | null;
  lines: UpdateRequestEmailLine[];
  /** The single-use link that opens the vendor portal on this request. */
  portalUrl: string;
  /** The link in the footer: a page that asks before it unsubscribes (mail scanners follow links). */
  unsubscribeUrl: string;
  /** Where mail clients POST a one-click unsubscribe (RFC 8058); the footer link when not given. */
  oneClickUnsubscribeUrl?: string;
  linkExpiresInDays: number;
  /** The buying organization's logo, shown above the greeting; none when null or not an http(s) URL. */
  logoUrl?: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const BUTTON_LABEL = 'Confirm or update these lines';
/** Shown for a value the line does not have. */
const NONE = '—';

/**
 * The update request for one purchase order: subject, plain text and HTML
 * parts with the same content, and the one-click unsubscribe headers
 * (RFC 8058). Throws on an order without lines: there would be nothing to ask.
 */
export function renderUpdateRequestEmail(input: UpdateRequestEmailInput): RenderedEmail {
  const n = input.lines.length;
  if (n === 0) throw new RangeError(`Update request for ${input.orderNumber} has no lines`);

  const org = oneLine(input.organizationName);
  const sender = present(input.senderName) ?? org;
  const recipient = present(input.recipientName);
  const title = present(input.orderTitle);
  const allReminders = input.lines.every((l) => l.kind === 'reminder');
  // In a mix, the lines asked about before are marked; when all were, the subject and opening say so.
  const markReminders = !allReminders && input.lines.some((l) => l.kind === 'reminder');
  const lines = input.lines.map((l) => rowOf(l, markReminders));

  const order = `purchase order ${oneLine(input.orderNumber)}${title === null ? '' : ` “${title}”`}`;
  const subject = updateRequestSubject(input);
  const greeting = recipient === null ? 'Hello,' : `Hello ${recipient},`;
  const ask =
    `${allReminders ? 'A reminder: please' : 'Please'} confirm or update ${n === 1 ? 'the line' : `the ${n} lines`} ` +
    `below of ${order} from ${org} to ${oneLine(input.vendorName)}; it takes about a minute.`;
  const expiry = `This link works once and expires in ${plural(input.linkExpiresInDays, 'day')}.`;
  const portal = safeUrl(input.portalUrl);
  const unsubscribe = safeUrl(input.unsubscribeUrl);
  const oneClick = safeUrl(input.oneClickUnsubscribeUrl ?? input.unsubscribeUrl);

  const content: Content = { greeting, ask, lines, expiry, sender, portalUrl: oneLine(input.portalUrl) };
  const headers: Record<string, string> = {};
  // A header without a usable link would only make mail clients offer an unsubscribe that fails.
  if (oneClick !== null) {
    headers['List-Unsubscribe'] = `<${oneClick}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    subject,
    text: renderText(content, oneLine(input.unsubscribeUrl)),
    html: renderHtml(content, subject, portal, unsubscribe, logoHtml(input.logoUrl ?? null, org)),
    headers,
  };
}

/** The subject of an update request's email: what the outbox lists without rendering the bodies. */
export function updateRequestSubject(
  input: Pick<UpdateRequestEmailInput, 'organizationName' | 'orderNumber' | 'lines'>,
) {
  const allReminders = input.lines.every((l) => l.kind === 'reminder');
  return `${allReminders ? 'Reminder: ' : ''}${oneLine(input.orderNumber)}: please confirm ${plural(input.lines.length, 'line')} for ${oneLine(input.organizationName)}`;
}

/** One line of the table, as plain text (the HTML escapes it). */
interface Row {
  line: string;
  part: string;
  description: string;
  quantity: string;
  due: string;
  promise: string;
}

interface Content {
  greeting: string;
  ask: string;
  lines: Row[];
  expiry: string;
  sender: string;
  portalUrl: string;
}

const COLUMNS: readonly { key: keyof Row; label: string }[] = [
  { key: 'line', label: 'Line' },
  { key: 'part', label: 'Part' },
  { key: 'description', label: 'Description' },
  { key: 'quantity', label: 'Quantity' },
  { key: 'due', label: 'Due' },
  { key: 'promise', label: 'Current promise' },
];

function rowOf(l: UpdateRequestEmailLine, markReminder: boolean): Row {
  return {
    line: oneLine(l.lineLabel) + (markReminder && l.kind === 'reminder' ? ' (reminder)' : ''),
    part: present(l.part) ?? NONE,
    description: present(l.description) ?? NONE,
    quantity: oneLine(l.quantity),
    due: l.dueDate === null ? NONE : day(l.dueDate),
    promise: promiseText(l.promise),
  };
}

/** "not yet confirmed", "ships 5 Jan 2027", "arrives 8 Jan 2027", "confirmed: arrives 8 Jan 2027", … */
function promiseText(p: UpdateRequestEmailLine['promise']): string {
  const dates = [
    p.shipDate === null ? null : `ships ${day(p.shipDate)}`,
    p.arrivalDate === null ? null : `arrives ${day(p.arrivalDate)}`,
  ].filter((d) => d !== null);
  if (dates.length === 0) return p.confirmed ? 'confirmed' : 'not yet confirmed';
  return `${p.confirmed ? 'confirmed: ' : ''}${dates.join(', ')}`;
}

function renderText(c: Content, unsubscribeUrl: string): string {
  // A block per line with aligned labels: columns side by side would wrap in a narrow reader.
  const width = Math.max(...COLUMNS.slice(1).map((col) => col.label.length)) + 2;
  const blocks = c.lines.map((row) =>
    [row.line, ...COLUMNS.slice(1).map((col) => `  ${`${col.label}:`.padEnd(width)}${row[col.key]}`)].join('\n'),
  );
  return [
    c.greeting,
    c.ask,
    ...blocks,
    `${BUTTON_LABEL}:\n${c.portalUrl}\n${c.expiry}`,
    `Sent by ${c.sender}\nUnsubscribe: ${unsubscribeUrl}`,
  ]
    .join('\n\n')
    .concat('\n');
}

// Inline styles only: many email clients drop <style> blocks. Short, since
// each cell repeats them and Gmail clips a message past about 100 kB.
const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#1f2937';
const TH = 'text-align:left;padding:6px 8px;border-bottom:2px solid #d1d5db;background:#f3f4f6';
const TD = 'padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top';
const BUTTON =
  'display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold';

/**
 * The organization's logo as the first thing of an email's body, 48 pixels high; empty without one. The name is
 * its alternative text, for clients that block images.
 */
export function logoHtml(url: string | null, organizationName: string): string {
  const safe = url === null ? null : safeUrl(url);
  if (safe === null) return '';
  return `<p style="margin:0 0 16px"><img src="${escapeHtml(safe)}" alt="${escapeHtml(organizationName)}" height="48" style="display:block;height:48px;width:auto;border:0"></p>`;
}

function renderHtml(
  c: Content,
  subject: string,
  portal: string | null,
  unsubscribe: string | null,
  logo: string,
): string {
  const head = COLUMNS.map((col) => `<th style="${TH}">${escapeHtml(col.label)}</th>`).join('');
  const body = c.lines
    .map((row) => `<tr>${COLUMNS.map((col) => `<td style="${TD}">${escapeHtml(row[col.key])}</td>`).join('')}</tr>`)
    .join('\n');
  const button =
    portal === null
      ? // No link to a scheme that could run script: the vendor still sees what was sent.
        `<strong>${BUTTON_LABEL}:</strong> ${escapeHtml(c.portalUrl)}`
      : `<a href="${escapeHtml(portal)}" style="${BUTTON}">${BUTTON_LABEL}</a>`;
  const unsubscribeLink =
    unsubscribe === null ? 'Unsubscribe' : `<a href="${escapeHtml(unsubscribe)}" style="color:#6b7280">Unsubscribe</a>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:16px;${FONT}">`,
    ...(logo ? [logo] : []),
    `<p style="margin:0 0 12px">${escapeHtml(c.greeting)}</p>`,
    `<p style="margin:0 0 16px">${escapeHtml(c.ask)}</p>`,
    `<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FONT}">`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table>`,
    `<p style="margin:20px 0 6px">${button}</p>`,
    `<p style="margin:0 0 24px;font-size:12px;color:#6b7280">${escapeHtml(c.expiry)}</p>`,
    `<p style="margin:0;font-size:12px;color:#6b7280">Sent by ${escapeHtml(c.sender)} · ${unsubscribeLink}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * The URL when it may be a link: http(s) only, so no javascript: or data:
 * link, and no whitespace, control character or angle bracket, which could
 * break out of the List-Unsubscribe header's <…>. Null otherwise.
 */
export function safeUrl(url: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  return /^https?:\/\/[^\s<>\u0000-\u001f\u007f]+$/i.test(url) ? url : null;
}

/** A value on one line: a line break in a name must not split the subject or the aligned list. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return s.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Whether a value is one line already: no line break or other control character, as a header's name must be. */
export function isOneLine(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return !/[\u0000-\u001f\u007f]/.test(s);
}

/** The value on one line, or null when there is none or it is blank. */
export function present(s: string | null): string | null {
  if (s === null) return null;
  const v = oneLine(s);
  return v === '' ? null : v;
}

/** A date for the email, on one line whatever it holds. */
function day(date: string): string {
  return oneLine(formatDay(date));
}
