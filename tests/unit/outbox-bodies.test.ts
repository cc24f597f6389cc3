// An outbox email's bodies: stored rendered, or for an update request stored
// as what it is rendered from and rendered when read; a row that is neither
// is refused rather than sent empty.
import { describe, expect, it } from 'vitest';
import {
  renderUpdateRequestEmail,
  updateRequestSubject,
  type UpdateRequestEmailInput,
} from '../../server/domain/follow-up/email.ts';
import { outboxBodies } from '../../server/domain/outbox/bodies.ts';

const input: UpdateRequestEmailInput = {
  organizationName: 'Acme',
  senderName: null,
  vendorName: 'Bolt & Nut Co',
  recipientName: 'Jane',
  orderNumber: 'PO-4711',
  orderTitle: null,
  lines: [
    {
      lineLabel: 'Line 10',
      part: 'BRK-2040',
      description: null,
      quantity: '250',
      dueDate: '2027-01-08',
      promise: { shipDate: '2027-01-04', arrivalDate: null, confirmed: true },
      kind: 'reminder',
    },
  ],
  portalUrl: 'https://factor.example/portal/link#token=vl_abc&request=UR1',
  unsubscribeUrl: 'https://factor.example/unsubscribe?x=1',
  oneClickUnsubscribeUrl: 'https://factor.example/v1/emailOptOuts/unsubscribe?x=1',
  linkExpiresInDays: 14,
  logoUrl: null,
};

describe('outboxBodies', () => {
  it('renders an update request stored as its input exactly as when it was written, as jsonb or as text', () => {
    const rendered = renderUpdateRequestEmail(input);
    const stored = { textBody: null, htmlBody: null, headers: {}, updateRequestEmail: input };
    expect(outboxBodies(stored)).toEqual({ text: rendered.text, html: rendered.html, headers: rendered.headers });
    expect(outboxBodies({ ...stored, updateRequestEmail: JSON.stringify(input) }).text).toBe(rendered.text);
    expect(rendered.headers['List-Unsubscribe']).toBe(`<${input.oneClickUnsubscribeUrl}>`);
    // The subject the outbox stores is the rendered one.
    expect(updateRequestSubject(input)).toBe(rendered.subject);
    expect(rendered.subject).toBe('Reminder: PO-4711: please confirm 1 line for Acme');
  });

  it('returns stored bodies as they are, with their string headers', () => {
    const bodies = outboxBodies({
      textBody: 'Hello',
      htmlBody: '<p>Hello</p>',
      headers: JSON.stringify({ 'List-Unsubscribe': '<https://u.example>', Odd: 3 }),
      updateRequestEmail: null,
    });
    expect(bodies).toEqual({
      text: 'Hello',
      html: '<p>Hello</p>',
      headers: { 'List-Unsubscribe': '<https://u.example>' },
    });
  });

  it('refuses a row with neither bodies nor a valid input', () => {
    expect(() => outboxBodies({ textBody: null, htmlBody: null, headers: {}, updateRequestEmail: null })).toThrow(
      /neither bodies/,
    );
    expect(() =>
      outboxBodies({ textBody: null, htmlBody: null, headers: {}, updateRequestEmail: { ...input, lines: 'none' } }),
    ).toThrow();
    expect(() =>
      outboxBodies({ textBody: null, htmlBody: null, headers: {}, updateRequestEmail: { ...input, lines: [] } }),
    ).toThrow(/no lines/);
  });
});
