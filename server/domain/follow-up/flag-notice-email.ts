// The email that tells a member tracking a purchase order that the follow-up
// raised flags on its lines: a New Delay (the vendor promised after the due
// date) or an Unresponsive Vendor (update requests went unanswered).
//
// Pure: the caller gives every value, including the app's address and the
// unsubscribe links, and sends what comes back. Dates are already written out
// in the flags' messages (see words.ts); nothing here uses Intl.
//
// Every value comes from buyers, vendors or imports, so none is trusted: the
// HTML escapes them all, a link is only a link when it is http(s), and the
// header values never carry a line break. The helpers below are those of
// email.ts, kept private to each renderer.

import { escapeHtml, oneLine, present, safeUrl, type RenderedEmail } from './email.ts';
import { plural } from './words.ts';

/** The flag types a member is told of. */
export type NoticeFlagType = 'newDelay' | 'unresponsiveVendor' | 'cannotSupply';

export interface FlagNoticeEmailFlag {
  type: NoticeFlagType;
  /** What the flag says, e.g. "Promised 11 Jun 2030, 10 days after the due date 1 Jun 2030". */
  message: string | null;
  /** e.g. "Line 10" or "Line 10 / shipment 2". */
  lineLabel: string;
  /** The manufacturer part number or the item's name. */
  part: string | null;
}

export interface FlagNoticeEmailInput {
  /** The buying company. */
  organizationName: string;
  recipientName: string | null;
  /** e.g. "PO-4711". */
  orderNumber: string;
  orderSid: string;
  orderTitle: string | null;
  vendorName: string | null;
  /** The flags just raised on the order's lines, in the order to list them. */
  flags: FlagNoticeEmailFlag[];
  /** The origin users reach the app at, e.g. "https://factor.example"; null: the email has no links to the app. */
  appUrl: string | null;
  /** The link in the footer: a page that asks before it unsubscribes; null: none (no app address to build it on). */
  unsubscribeUrl: string | null;
  /** Where mail clients POST a one-click unsubscribe (RFC 8058); the footer link when not given. */
  oneClickUnsubscribeUrl?: string | null;
}

export const NOTICE_FLAG_LABELS: Record<NoticeFlagType, string> = {
  newDelay: 'New delay',
  unresponsiveVendor: 'Unresponsive vendor',
  cannotSupply: 'Cannot supply',
};

/** Shown for a value a flag does not have. */
const NONE = '—';

/**
 * The notice of one order's new flags for one member: subject, plain text and
 * HTML parts with the same content, and the one-click unsubscribe headers
 * (RFC 8058) when there is an unsubscribe link. Throws without flags: there
 * would be nothing to tell.
 */
export function renderFlagNoticeEmail(input: FlagNoticeEmailInput): RenderedEmail {
  const n = input.flags.length;
  if (n === 0) throw new RangeError(`Flag notice for ${input.orderNumber} has no flags`);

  const org = oneLine(input.organizationName);
  const orderNumber = oneLine(input.orderNumber);
  const recipient = present(input.recipientName);
  const title = present(input.orderTitle);
  const vendor = present(input.vendorName);
  const only = input.flags.every((f) => f.type === input.flags[0].type) ? input.flags[0].type : null;
  const subject =
    only === null
      ? `${orderNumber}: ${n} new flags`
      : `${orderNumber}: ${NOTICE_FLAG_LABELS[only]} on ${plural(n, 'line')}`;

  const order = `purchase order ${orderNumber}${title === null ? '' : ` “${title}”`}`;
  const greeting = recipient === null ? 'Hello,' : `Hello ${recipient},`;
  const intro = `The follow-up raised ${n === 1 ? 'a flag' : plural(n, 'flag')} on ${order}${vendor === null ? '' : ` from ${vendor}`}:`;
  const rows = input.flags.map(rowOf);

  const base = input.appUrl === null ? null : oneLine(input.appUrl).replace(/\/+$/, '');
  const sid = encodeURIComponent(oneLine(input.orderSid));
  const links: Link[] =
    base === null
      ? []
      : [
          { label: 'Open the order', url: `${base}/orders/${sid}` },
          { label: 'See its flags', url: `${base}/flags?orderSid=${sid}` },
        ];
  const why = `You receive this as a member tracking ${orderNumber} at ${org}.`;
  const unsubscribeText = input.unsubscribeUrl === null ? null : oneLine(input.unsubscribeUrl);
  const unsubscribe = input.unsubscribeUrl === null ? null : safeUrl(input.unsubscribeUrl);
  const oneClickUrl = input.oneClickUnsubscribeUrl ?? input.unsubscribeUrl;
  const oneClick = oneClickUrl === null ? null : safeUrl(oneClickUrl);

  const headers: Record<string, string> = {};
  // A header without a usable link would only make mail clients offer an unsubscribe that fails.
  if (oneClick !== null) {
    headers['List-Unsubscribe'] = `<${oneClick}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const content: Content = { greeting, intro, rows, links, why, org };
  return {
    subject,
    text: renderText(content, unsubscribeText),
    html: renderHtml(content, subject, unsubscribeText, unsubscribe),
    headers,
  };
}

/** One flag of the list, as plain text (the HTML escapes it). */
interface Row {
  flag: string;
  line: string;
  part: string;
  details: string;
}

interface Link {
  label: string;
  url: string;
}

interface Content {
  greeting: string;
  intro: string;
  rows: Row[];
  links: Link[];
  why: string;
  org: string;
}

const COLUMNS: readonly { key: keyof Row; label: string }[] = [
  { key: 'flag', label: 'Flag' },
  { key: 'line', label: 'Line' },
  { key: 'part', label: 'Part' },
  { key: 'details', label: 'Details' },
];

function rowOf(f: FlagNoticeEmailFlag): Row {
  return {
    flag: NOTICE_FLAG_LABELS[f.type],
    line: oneLine(f.lineLabel),
    part: present(f.part) ?? NONE,
    details: present(f.message) ?? NONE,
  };
}

function renderText(c: Content, unsubscribeUrl: string | null): string {
  // A block per flag with aligned labels: columns side by side would wrap in a narrow reader.
  const rest = COLUMNS.filter((col) => col.key !== 'flag');
  const width = Math.max(...rest.map((col) => col.label.length)) + 2;
  const blocks = c.rows.map((row) =>
    [row.flag, ...rest.map((col) => `  ${`${col.label}:`.padEnd(width)}${row[col.key]}`)].join('\n'),
  );
  const links = c.links.map((l) => `${l.label}:\n${l.url}`);
  const footer = [`Sent by ${c.org}. ${c.why}`, ...(unsubscribeUrl === null ? [] : [`Unsubscribe: ${unsubscribeUrl}`])];
  return [c.greeting, c.intro, ...blocks, ...links, footer.join('\n')].join('\n\n').concat('\n');
}

// Inline styles only: many email clients drop <style> blocks.
const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#1f2937';
const TH = 'text-align:left;padding:6px 8px;border-bottom:2px solid #d1d5db;background:#f3f4f6';
const TD = 'padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top';
const BUTTON =
  'display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold';
const SECONDARY = 'color:#1d4ed8';

function renderHtml(c: Content, subject: string, unsubscribeText: string | null, unsubscribe: string | null): string {
  const head = COLUMNS.map((col) => `<th style="${TH}">${escapeHtml(col.label)}</th>`).join('');
  const body = c.rows
    .map((row) => `<tr>${COLUMNS.map((col) => `<td style="${TD}">${escapeHtml(row[col.key])}</td>`).join('')}</tr>`)
    .join('\n');
  const links = c.links.map((l, i) => {
    const url = safeUrl(l.url);
    // No link to a scheme that could run script: the member still sees the address.
    if (url === null) return `<strong>${escapeHtml(l.label)}:</strong> ${escapeHtml(l.url)}`;
    return `<a href="${escapeHtml(url)}" style="${i === 0 ? BUTTON : SECONDARY}">${escapeHtml(l.label)}</a>`;
  });
  const unsubscribeLink =
    unsubscribeText === null
      ? ''
      : unsubscribe === null
        ? ' · Unsubscribe'
        : ` · <a href="${escapeHtml(unsubscribe)}" style="color:#6b7280">Unsubscribe</a>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:16px;${FONT}">`,
    `<p style="margin:0 0 12px">${escapeHtml(c.greeting)}</p>`,
    `<p style="margin:0 0 16px">${escapeHtml(c.intro)}</p>`,
    `<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FONT}">`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table>`,
    ...(links.length ? [`<p style="margin:20px 0 24px">${links.join(' &nbsp; ')}</p>`] : []),
    `<p style="margin:${links.length ? '0' : '24px 0 0'};font-size:12px;color:#6b7280">Sent by ${escapeHtml(c.org)}. ${escapeHtml(c.why)}${unsubscribeLink}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
