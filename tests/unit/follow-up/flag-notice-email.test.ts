import { describe, expect, it } from 'vitest';
import {
  renderFlagNoticeEmail,
  type FlagNoticeEmailFlag,
  type FlagNoticeEmailInput,
} from '../../../server/domain/follow-up/flag-notice-email.ts';

const flag = (over: Partial<FlagNoticeEmailFlag> = {}): FlagNoticeEmailFlag => ({
  type: 'newDelay',
  message: 'Promised 11 Jun 2030, 10 days after the due date 1 Jun 2030',
  lineLabel: 'Line 10',
  part: 'BRK-2040',
  ...over,
});

const input = (over: Partial<FlagNoticeEmailInput> = {}): FlagNoticeEmailInput => ({
  organizationName: 'Acme',
  recipientName: 'Jane',
  orderNumber: 'PO-4711',
  orderSid: 'OR123',
  orderTitle: 'Brackets for the Q1 build',
  vendorName: 'Bolt & Nut Co',
  flags: [flag()],
  appUrl: 'https://factor.example',
  unsubscribeUrl: 'https://factor.example/unsubscribe?x=1',
  oneClickUnsubscribeUrl: 'https://factor.example/v1/emailOptOuts/unsubscribe?x=1',
  ...over,
});

/** The values the text part lists under a label, one a line, in order. */
const valuesOf = (text: string, label: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`  ${label}:`))
    .map((l) => l.slice(label.length + 3).trim());

/** The HTML with its tags removed, to read the words a reader sees. */
const words = (html: string) => html.replace(/<[^>]*>/g, ' ');

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('the subject', () => {
  it('names the type and counts the lines when every flag is of one type', () => {
    expect(renderFlagNoticeEmail(input()).subject).toBe('PO-4711: New delay on 1 line');
    const two = input({ flags: [flag(), flag({ lineLabel: 'Line 20' })] });
    expect(renderFlagNoticeEmail(two).subject).toBe('PO-4711: New delay on 2 lines');
    const unresponsive = input({
      flags: [flag({ type: 'unresponsiveVendor', message: 'No answer to 3 update requests' })],
    });
    expect(renderFlagNoticeEmail(unresponsive).subject).toBe('PO-4711: Unresponsive vendor on 1 line');
  });

  it('counts the flags when their types are mixed', () => {
    const mixed = input({
      flags: [flag(), flag({ type: 'unresponsiveVendor' }), flag({ lineLabel: 'Line 20' })],
    });
    expect(renderFlagNoticeEmail(mixed).subject).toBe('PO-4711: 3 new flags');
  });

  it('keeps a line break in a value out of the header', () => {
    const email = renderFlagNoticeEmail(input({ orderNumber: 'PO-1\r\nBcc: victim@example.com' }));
    expect(email.subject).toBe('PO-1 Bcc: victim@example.com: New delay on 1 line');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the body', () => {
  const email = renderFlagNoticeEmail(
    input({
      flags: [
        flag(),
        flag({
          type: 'unresponsiveVendor',
          lineLabel: 'Line 20 / shipment 2',
          part: 'NUT-M8',
          message: 'No answer to 3 update requests since 1 Dec 2026',
        }),
      ],
    }),
  );

  it('shows every value in the text and in the HTML', () => {
    const expected = [
      'Hello Jane,',
      'PO-4711',
      'Brackets for the Q1 build',
      'Bolt &amp; Nut Co',
      'New delay',
      'Line 10',
      'BRK-2040',
      'Promised 11 Jun 2030, 10 days after the due date 1 Jun 2030',
      'Unresponsive vendor',
      'Line 20 / shipment 2',
      'NUT-M8',
      'No answer to 3 update requests since 1 Dec 2026',
      'https://factor.example/orders/OR123',
      'https://factor.example/flags?orderSid=OR123',
      'Sent by Acme.',
      'https://factor.example/unsubscribe?x=1',
    ];
    for (const value of expected) {
      expect(email.html).toContain(value);
      expect(email.text).toContain(value.replace('&amp;', '&'));
    }
  });

  it('says what was raised on which order, in one sentence', () => {
    const sentence =
      'The follow-up raised 2 flags on purchase order PO-4711 “Brackets for the Q1 build” from Bolt & Nut Co:';
    expect(email.text).toContain(sentence);
    expect(email.html).toContain(sentence.replace('&', '&amp;'));
    const one = renderFlagNoticeEmail(input({ orderTitle: null, vendorName: null, recipientName: null }));
    expect(one.text.startsWith('Hello,\n\nThe follow-up raised a flag on purchase order PO-4711:\n')).toBe(true);
  });

  it('lists the flags in the text as blocks with aligned labels', () => {
    expect(email.text).toContain(
      [
        'Unresponsive vendor',
        '  Line:    Line 20 / shipment 2',
        '  Part:    NUT-M8',
        '  Details: No answer to 3 update requests since 1 Dec 2026',
      ].join('\n'),
    );
  });

  it('shows the flags in the HTML as a table, one row a flag under one header row', () => {
    expect(email.html.match(/<tr>/g)).toHaveLength(3);
    expect(email.html).toMatch(/<th[^>]*>Flag<\/th><th[^>]*>Line<\/th>/);
  });

  it('links to the order and to its flags in the app', () => {
    expect(hrefs(email.html)).toEqual([
      'https://factor.example/orders/OR123',
      'https://factor.example/flags?orderSid=OR123',
      'https://factor.example/unsubscribe?x=1',
    ]);
    expect(email.text).toContain('Open the order:\nhttps://factor.example/orders/OR123\n');
    expect(email.text).toContain('See its flags:\nhttps://factor.example/flags?orderSid=OR123\n');
  });

  it('encodes the order sid in the links, and takes the app URL with or without a trailing slash', () => {
    const odd = renderFlagNoticeEmail(input({ orderSid: 'OR 1&x', appUrl: 'https://factor.example/' }));
    expect(hrefs(odd.html).slice(0, 2)).toEqual([
      'https://factor.example/orders/OR%201%26x',
      'https://factor.example/flags?orderSid=OR%201%26x',
    ]);
  });

  it('has no links to the app without its address, and no unsubscribe link without one', () => {
    const bare = renderFlagNoticeEmail(input({ appUrl: null, unsubscribeUrl: null, oneClickUnsubscribeUrl: null }));
    expect(bare.html).not.toContain('href=');
    expect(bare.text).not.toMatch(/https?:/);
    expect(bare.text).not.toContain('Open the order');
    expect(bare.text).not.toContain('Unsubscribe');
    expect(bare.html).not.toContain('Unsubscribe');
    expect(bare.headers).toEqual({});
    // Still the whole notice.
    expect(bare.text).toContain('Promised 11 Jun 2030');
    expect(bare.text).toContain('Sent by Acme. You receive this as a member tracking PO-4711 at Acme.\n');
  });

  it('shows a dash for what a flag does not have', () => {
    const text = renderFlagNoticeEmail(input({ flags: [flag({ message: null, part: '  ' })] })).text;
    expect(valuesOf(text, 'Part')).toEqual(['—']);
    expect(valuesOf(text, 'Details')).toEqual(['—']);
  });

  it('stays a small, self-contained HTML page with inline styles', () => {
    expect(email.html).not.toMatch(/<style|<img|<link|<script|src=|url\(/i);
    expect(email.html.length).toBeLessThan(5_000);
  });

  it('has nothing to tell without flags', () => {
    expect(() => renderFlagNoticeEmail(input({ flags: [] }))).toThrow(RangeError);
  });
});

describe('hostile values', () => {
  it('escapes every value in the HTML and keeps it as written in the text', () => {
    const message = '<script>alert(1)</script> & "x"';
    const vendorName = `Evil "Co" <img src=x onerror=alert(1)> & 'Sons'`;
    const email = renderFlagNoticeEmail(
      input({
        vendorName,
        organizationName: '<b>Acme</b>',
        recipientName: '<u>Jane</u>',
        orderNumber: '<PO>',
        orderTitle: '<title>',
        flags: [flag({ message, lineLabel: '<L>', part: '<P>' })],
      }),
    );
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(email.html).toContain('Evil &quot;Co&quot; &lt;img src=x onerror=alert(1)&gt; &amp; &#39;Sons&#39;');
    expect(email.html).not.toMatch(/<(script|img|b|u|PO|L|P)[ >]/);
    expect(words(email.html)).not.toMatch(/[<>"']/);
    expect(email.text).toContain(message);
    expect(email.text).toContain(vendorName);
  });

  it('puts no javascript: or disguised app URL in an href, and shows it as text', () => {
    const html = renderFlagNoticeEmail(input({ appUrl: 'javascript:alert(1)//' })).html;
    expect(hrefs(html)).toEqual(['https://factor.example/unsubscribe?x=1']);
    expect(html).toContain('<strong>Open the order:</strong> javascript:alert(1)/orders/OR123');
    for (const appUrl of [
      'data:text/html,<script>alert(1)</script>',
      'https://ok.example.com/"onmouseover="alert(1)',
    ]) {
      const hostile = renderFlagNoticeEmail(input({ appUrl })).html;
      expect(hrefs(hostile).every((h) => h.startsWith('https://') && !/["\s]/.test(h))).toBe(true);
      expect(hostile).not.toContain('onmouseover="');
      expect(hostile).not.toContain('<script');
    }
  });
});

describe('the headers', () => {
  it('offer a one-click unsubscribe (RFC 8058) at the one-click address, and people the page', () => {
    const email = renderFlagNoticeEmail(input());
    expect(email.headers).toEqual({
      'List-Unsubscribe': '<https://factor.example/v1/emailOptOuts/unsubscribe?x=1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(email.html).toContain('href="https://factor.example/unsubscribe?x=1"');
    expect(email.text).toContain('Unsubscribe: https://factor.example/unsubscribe?x=1');
  });

  it('point at the footer link without a one-click address', () => {
    const email = renderFlagNoticeEmail(input({ oneClickUnsubscribeUrl: undefined }));
    expect(email.headers['List-Unsubscribe']).toBe('<https://factor.example/unsubscribe?x=1>');
  });

  it('are refused for an unsubscribe URL that would inject a header, and the footer links nowhere', () => {
    const email = renderFlagNoticeEmail(
      input({
        unsubscribeUrl: 'https://factor.example/u>\r\nBcc: x@example.com',
        oneClickUnsubscribeUrl: 'https://factor.example/u\r\nBcc: x@example.com',
      }),
    );
    expect(email.headers).toEqual({});
    expect(Object.values(email.headers).join('')).not.toMatch(/[\r\n]/);
    expect(email.html).toContain('· Unsubscribe</p>');
    expect(email.text).not.toMatch(/\r/);
    expect(email.text).toContain('Unsubscribe: https://factor.example/u> Bcc: x@example.com\n');
  });
});
