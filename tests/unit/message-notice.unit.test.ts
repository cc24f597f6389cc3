// The message notice's words and its reply address, as pure rules.
import { describe, expect, it } from 'vitest';
import { messageLineLabel } from '../../server/domain/messages/line-label.ts';
import { QUOTED_CHARACTERS, renderMessageNoticeEmail } from '../../server/domain/messages/notice-email.ts';
import { replyAddress, tokenOfAddress } from '../../server/domain/messages/reply-address.ts';

const input = {
  organizationName: 'Northwind Robotics',
  recipientName: 'Mara',
  authorName: 'Ada Buyer',
  authorSide: 'Northwind Robotics',
  orderNumber: 'PO-4711',
  lines: ['Line 10', 'Line 20 / shipment 2'],
  content: 'Can you ship early?\nThanks',
  link: 'https://factor.example/portal',
  why: 'You receive this as a contact of Voltaris for Northwind Robotics.',
};

describe('the message notice', () => {
  it('names the author, the order and the lines, and quotes the message', () => {
    const email = renderMessageNoticeEmail(input);
    expect(email.subject).toBe('PO-4711: message from Ada Buyer (Northwind Robotics)');
    expect(email.text).toContain(
      'Ada Buyer (Northwind Robotics) wrote about Line 10, Line 20 / shipment 2 on purchase order PO-4711:',
    );
    expect(email.text).toContain('> Can you ship early?\n> Thanks');
    expect(email.text).toContain('Open the conversation: https://factor.example/portal');
  });
  it('escapes what users wrote, keeps the subject on one line and links only http(s)', () => {
    const email = renderMessageNoticeEmail({
      ...input,
      authorName: 'Eve\r\nBcc: x@example.com',
      content: '<script>alert(1)</script>',
      link: 'javascript:alert(1)',
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('Open the conversation');
  });
  it('quotes a long message in part', () => {
    const email = renderMessageNoticeEmail({ ...input, content: 'x'.repeat(QUOTED_CHARACTERS + 10) });
    expect(email.text).toContain('… (the rest is in the message)');
  });
});

describe('the reply address', () => {
  it("puts the token after a plus on the organization's address, or on replies@ the app's host", () => {
    expect(replyAddress('purchasing@northwind.example', 'msabc.0123')).toBe('purchasing+msabc.0123@northwind.example');
    expect(replyAddress('purchasing+old@northwind.example', 'msabc.0123')).toBe(
      'purchasing+msabc.0123@northwind.example',
    );
    expect(replyAddress('factor.example', 'msabc.0123')).toBe('replies+msabc.0123@factor.example');
  });
  it('reads the token back, in any case, and nothing from an address without one', () => {
    const address = replyAddress('purchasing@northwind.example', 'ms1a2b3c4d.0123456789abcdef0123');
    expect(tokenOfAddress(address)).toEqual({ messageSid: 'MS1a2b3c4d', signature: '0123456789abcdef0123' });
    expect(tokenOfAddress(address.toUpperCase())).toEqual({
      messageSid: 'MS1a2b3c4d',
      signature: '0123456789abcdef0123',
    });
    expect(tokenOfAddress('purchasing@northwind.example')).toBeNull();
    expect(tokenOfAddress('purchasing+hello@northwind.example')).toBeNull();
    expect(tokenOfAddress('a+ms1a2b3c4d.xyz@b')).toBeNull();
  });
  it('names lines as the app does', () => {
    const none = { itemSid: null, itemUniqueName: null, itemGroupUniqueName: null };
    expect(messageLineLabel(none)).toBeNull();
    expect(messageLineLabel({ ...none, itemSid: 'IT1', itemUniqueName: '10' })).toBe('Line 10');
    expect(messageLineLabel({ itemSid: 'IT1', itemUniqueName: '10', itemGroupUniqueName: '2' })).toBe(
      'Line 10 / shipment 2',
    );
    expect(messageLineLabel({ itemSid: 'IT1', itemUniqueName: '10', itemGroupUniqueName: 'ship-a' })).toBe(
      'Line 10 / ship-a',
    );
  });
});
