// An outbox email's bodies: stored rendered, or for an update request stored
// as what it is rendered from and rendered when read; a row that is neither
// is refused rather than sent empty.
import { describe, expect, it } from 'vitest';
import { renderUpdateRequestEmail, updateRequestSubject } from '../../server/domain/follow-up/email.ts';
import { outboxBodies, readableOutboxBodies } from '../../server/domain/outbox/bodies.ts';
import { updateRequestEmailInput } from '../support/update-request-email.ts';

const asked = updateRequestEmailInput().lines[0];
const input = updateRequestEmailInput({
  lines: [{ ...asked, promise: { shipDate: '2027-01-04', arrivalDate: null, confirmed: true }, kind: 'reminder' }],
  logoUrl: null,
});

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

  it('shows a reader a row it cannot render as a text saying so and why, and a good row as it is', () => {
    const broken = readableOutboxBodies({
      textBody: null,
      htmlBody: null,
      headers: {},
      updateRequestEmail: { ...input, lines: 'none' },
    });
    expect(broken.text).toMatch(/^This email could not be rendered from what was stored, so it is not sent\./);
    expect(broken.text).toContain('lines');
    expect(broken).toMatchObject({ html: '', headers: {} });
    const stored = { textBody: null, htmlBody: null, headers: {}, updateRequestEmail: input };
    expect(readableOutboxBodies(stored)).toEqual(outboxBodies(stored));
  });
});
