import { describe, expect, it } from 'vitest';
import {
  renderUpdateRequestEmail,
  type UpdateRequestEmailInput,
  type UpdateRequestEmailLine,
} from '../../../server/domain/follow-up/email.ts';

const line = (over: Partial<UpdateRequestEmailLine> = {}): UpdateRequestEmailLine => ({
  lineLabel: 'Line 10',
  part: 'BRK-2040',
  description: 'Steel bracket, zinc plated',
  quantity: '250',
  dueDate: '2027-01-08',
  promise: { shipDate: null, arrivalDate: null, confirmed: false },
  kind: 'request',
  ...over,
});

const input = (over: Partial<UpdateRequestEmailInput> = {}): UpdateRequestEmailInput => ({
  organizationName: 'Acme',
  senderName: 'Acme Procurement',
  vendorName: 'Bolt & Nut Co',
  recipientName: 'Jane Doe',
  orderNumber: 'PO-4711',
  orderTitle: 'Brackets for the Q1 build',
  lines: [line()],
  portalUrl: 'https://portal.example.com/r/tok123',
  unsubscribeUrl: 'https://portal.example.com/u/unsub456',
  linkExpiresInDays: 14,
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

describe('the subject', () => {
  it('counts one line and several lines, for the buying organization', () => {
    expect(renderUpdateRequestEmail(input()).subject).toBe('PO-4711: please confirm 1 line for Acme');
    const three = input({ lines: [line(), line({ lineLabel: 'Line 20' }), line({ lineLabel: 'Line 30' })] });
    expect(renderUpdateRequestEmail(three).subject).toBe('PO-4711: please confirm 3 lines for Acme');
  });

  it('is a reminder only when every line is one', () => {
    const reminders = input({ lines: [line({ kind: 'reminder' }), line({ lineLabel: 'Line 20', kind: 'reminder' })] });
    expect(renderUpdateRequestEmail(reminders).subject).toBe('Reminder: PO-4711: please confirm 2 lines for Acme');
    const mixed = input({ lines: [line({ kind: 'reminder' }), line({ lineLabel: 'Line 20' })] });
    expect(renderUpdateRequestEmail(mixed).subject).toBe('PO-4711: please confirm 2 lines for Acme');
  });

  it('keeps a line break in a name out of the header', () => {
    const email = renderUpdateRequestEmail(input({ organizationName: 'Acme\r\nBcc: victim@example.com' }));
    expect(email.subject).toBe('PO-4711: please confirm 1 line for Acme Bcc: victim@example.com');
  });
});

describe('the body', () => {
  const full = input({
    lines: [
      line({ promise: { shipDate: '2027-01-05', arrivalDate: null, confirmed: false } }),
      line({
        lineLabel: '20 / shipment 2',
        part: 'NUT-M8',
        description: 'Hex nut M8',
        quantity: '12.5',
        dueDate: '2027-02-15',
      }),
    ],
  });
  const email = renderUpdateRequestEmail(full);

  it('shows every value in the text and in the HTML', () => {
    const expected = [
      'Hello Jane Doe,',
      'Acme',
      'Bolt &amp; Nut Co',
      'PO-4711',
      'Brackets for the Q1 build',
      'Line 10',
      'BRK-2040',
      'Steel bracket, zinc plated',
      '250',
      '8 Jan 2027',
      'ships 5 Jan 2027',
      '20 / shipment 2',
      'NUT-M8',
      'Hex nut M8',
      '12.5',
      '15 Feb 2027',
      'not yet confirmed',
      'Confirm or update these lines',
      'https://portal.example.com/r/tok123',
      'This link works once and expires in 14 days.',
      'Sent by Acme Procurement',
      'https://portal.example.com/u/unsub456',
    ];
    for (const value of expected) {
      expect(email.html).toContain(value);
      expect(email.text).toContain(value.replace('&amp;', '&'));
    }
    expect(email.text).toContain('Unsubscribe');
    expect(email.html).toContain('href="https://portal.example.com/r/tok123"');
    expect(email.html).toContain('href="https://portal.example.com/u/unsub456"');
  });

  it('says what is asked and that it takes a minute, in one sentence', () => {
    const sentence =
      'Please confirm or update the 2 lines below of purchase order PO-4711 “Brackets for the Q1 build” ' +
      'from Acme to Bolt & Nut Co; it takes about a minute.';
    expect(email.text).toContain(sentence);
    expect(email.html).toContain(sentence.replace('&', '&amp;'));
    const one = renderUpdateRequestEmail(input({ orderTitle: null, lines: [line({ kind: 'reminder' })] }));
    expect(one.text).toContain(
      'A reminder: please confirm or update the line below of purchase order PO-4711 from Acme to Bolt & Nut Co;',
    );
  });

  it('greets without a name when there is none, and signs as the organization without a sender', () => {
    const anonymous = renderUpdateRequestEmail(input({ recipientName: null, senderName: null }));
    expect(anonymous.text.startsWith('Hello,\n')).toBe(true);
    expect(anonymous.html).toContain('>Hello,<');
    expect(anonymous.text).toContain('Sent by Acme\n');
    expect(anonymous.html).toContain('Sent by Acme ·');
  });

  it('lists the lines in the text as blocks with aligned labels', () => {
    expect(email.text).toContain(
      [
        '20 / shipment 2',
        '  Part:            NUT-M8',
        '  Description:     Hex nut M8',
        '  Quantity:        12.5',
        '  Due:             15 Feb 2027',
        '  Current promise: not yet confirmed',
      ].join('\n'),
    );
  });

  it('shows the lines in the HTML as a table, one row a line under one header row', () => {
    expect(email.html.match(/<tr>/g)).toHaveLength(3);
    expect(email.html).toMatch(/<th[^>]*>Line<\/th><th[^>]*>Part<\/th>/);
  });

  it('marks the reminders among new requests', () => {
    const mixed = renderUpdateRequestEmail(
      input({ lines: [line({ kind: 'reminder' }), line({ lineLabel: 'Line 20' })] }),
    );
    expect(mixed.text).toContain('Line 10 (reminder)\n');
    expect(mixed.text).toContain('Line 20\n');
    const allReminders = renderUpdateRequestEmail(input({ lines: [line({ kind: 'reminder' })] }));
    expect(allReminders.text).not.toContain('(reminder)');
  });

  it('shows a dash for what a line does not have', () => {
    const bare = renderUpdateRequestEmail(input({ lines: [line({ part: null, description: '  ', dueDate: null })] }));
    expect(valuesOf(bare.text, 'Part')).toEqual(['—']);
    expect(valuesOf(bare.text, 'Description')).toEqual(['—']);
    expect(valuesOf(bare.text, 'Due')).toEqual(['—']);
    expect(bare.html.match(/>—<\/td>/g)).toHaveLength(3);
  });

  it('counts a link that expires in one day', () => {
    expect(renderUpdateRequestEmail(input({ linkExpiresInDays: 1 })).text).toContain('expires in 1 day.');
  });

  it('stays a small, self-contained HTML page with inline styles', () => {
    expect(email.html).not.toMatch(/<style|<img|<link|<script|src=|url\(/i);
    expect(email.html.length).toBeLessThan(5_000);
  });

  it('has no lines to ask about without lines', () => {
    expect(() => renderUpdateRequestEmail(input({ lines: [] }))).toThrow(RangeError);
  });
});

describe('the promise', () => {
  const promiseOf = (promise: UpdateRequestEmailLine['promise']) =>
    valuesOf(renderUpdateRequestEmail(input({ lines: [line({ promise })] })).text, 'Current promise')[0];

  it('reads for each case', () => {
    expect(promiseOf({ shipDate: null, arrivalDate: null, confirmed: false })).toBe('not yet confirmed');
    expect(promiseOf({ shipDate: '2027-01-05', arrivalDate: null, confirmed: false })).toBe('ships 5 Jan 2027');
    expect(promiseOf({ shipDate: null, arrivalDate: '2027-01-08', confirmed: false })).toBe('arrives 8 Jan 2027');
    expect(promiseOf({ shipDate: null, arrivalDate: '2027-01-08', confirmed: true })).toBe(
      'confirmed: arrives 8 Jan 2027',
    );
    expect(promiseOf({ shipDate: '2027-01-05', arrivalDate: null, confirmed: true })).toBe(
      'confirmed: ships 5 Jan 2027',
    );
    expect(promiseOf({ shipDate: '2027-01-05', arrivalDate: '2027-01-08', confirmed: true })).toBe(
      'confirmed: ships 5 Jan 2027, arrives 8 Jan 2027',
    );
    expect(promiseOf({ shipDate: null, arrivalDate: null, confirmed: true })).toBe('confirmed');
  });

  it('is the same in the HTML', () => {
    const html = renderUpdateRequestEmail(
      input({ lines: [line({ promise: { shipDate: null, arrivalDate: '2027-01-08', confirmed: true } })] }),
    ).html;
    expect(html).toContain('>confirmed: arrives 8 Jan 2027</td>');
  });
});

describe('dates', () => {
  it('read as day, short month and year, without a leading zero', () => {
    const dues = ['2027-01-08', '2027-12-31', '2028-02-29', '2027-10-01'].map((dueDate) =>
      valuesOf(renderUpdateRequestEmail(input({ lines: [line({ dueDate })] })).text, 'Due'),
    );
    expect(dues).toEqual([['8 Jan 2027'], ['31 Dec 2027'], ['29 Feb 2028'], ['1 Oct 2027']]);
    const html = renderUpdateRequestEmail(input({ lines: [line({ dueDate: '2027-01-08' })] })).html;
    expect(html).toContain('>8 Jan 2027</td>');
  });

  it('shows a value that is no calendar date as given', () => {
    const text = renderUpdateRequestEmail(input({ lines: [line({ dueDate: '2027-13-01' })] })).text;
    expect(valuesOf(text, 'Due')).toEqual(['2027-13-01']);
  });
});

describe('hostile values', () => {
  const hostile = '<script>alert(1)</script> & "x"';

  it('escapes a description in the HTML and keeps it as written in the text', () => {
    const email = renderUpdateRequestEmail(input({ lines: [line({ description: hostile })] }));
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(email.html).not.toContain('<script');
    expect(email.text).toContain(hostile);
  });

  it('escapes a vendor name, and every other value, in the HTML', () => {
    const vendorName = `Evil "Co" <img src=x onerror=alert(1)> & 'Sons'`;
    const email = renderUpdateRequestEmail(
      input({
        vendorName,
        organizationName: '<b>Acme</b>',
        senderName: '<i>Sender</i>',
        recipientName: '<u>Jane</u>',
        orderNumber: '<PO>',
        orderTitle: '<title>',
        lines: [line({ lineLabel: '<L>', part: '<P>', quantity: '<Q>', dueDate: '<D>' })],
      }),
    );
    expect(email.html).toContain('Evil &quot;Co&quot; &lt;img src=x onerror=alert(1)&gt; &amp; &#39;Sons&#39;');
    expect(email.html).not.toMatch(/<(img|b|i|u|PO|L|P|Q|D)>|<img /);
    expect(words(email.html)).not.toMatch(/[<>"']/);
    expect(email.text).toContain(vendorName);
  });

  it('puts no javascript: portal URL in an href, and shows it as text', () => {
    const email = renderUpdateRequestEmail(input({ portalUrl: 'javascript:alert(document.cookie)' }));
    expect(email.html).not.toContain('href="javascript:');
    expect(email.html).not.toMatch(/href="(?!https:\/\/portal\.example\.com\/u\/)/);
    expect(email.html).toContain('Confirm or update these lines:</strong> javascript:alert(document.cookie)');
  });

  it('puts neither a data: nor a disguised URL in an href', () => {
    for (const portalUrl of [
      'data:text/html,<script>alert(1)</script>',
      ' javascript:alert(1)',
      'https://ok.example.com/"onmouseover="alert(1)',
      'https://ok.example.com/\r\nX: y',
    ]) {
      const html = renderUpdateRequestEmail(input({ portalUrl })).html;
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
      expect(hrefs.every((h) => h.startsWith('https://') && !/["\s]/.test(h))).toBe(true);
      expect(html).not.toContain('onmouseover="');
    }
  });

  it('accepts http and https in any case', () => {
    expect(renderUpdateRequestEmail(input({ portalUrl: 'HTTP://portal.example.com/r/1' })).html).toContain(
      'href="HTTP://portal.example.com/r/1"',
    );
  });
});

describe('the headers', () => {
  it('offer a one-click unsubscribe (RFC 8058)', () => {
    expect(renderUpdateRequestEmail(input()).headers).toEqual({
      'List-Unsubscribe': '<https://portal.example.com/u/unsub456>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('point mail clients at the one-click address when there is one, and people at the page', () => {
    const email = renderUpdateRequestEmail(
      input({ oneClickUnsubscribeUrl: 'https://portal.example.com/v1/one-click' }),
    );
    expect(email.headers['List-Unsubscribe']).toBe('<https://portal.example.com/v1/one-click>');
    expect(email.html).toContain('href="https://portal.example.com/u/unsub456"');
    expect(email.text).toContain('Unsubscribe: https://portal.example.com/u/unsub456');
  });

  it('are left out when the unsubscribe URL is no http(s) link, and the footer links nowhere', () => {
    const email = renderUpdateRequestEmail(input({ unsubscribeUrl: 'javascript:alert(1)>\r\nBcc: x@example.com' }));
    expect(email.headers).toEqual({});
    expect(email.html).not.toContain('href="javascript:');
    expect(email.html).toContain('· Unsubscribe</p>');
  });
});
