// Who reads an outbox email's links live, per kind and role, and how the
// others read them: with every token hidden.
import { describe, expect, it } from 'vitest';
import { maskLinkTokens, mayReadLiveLinks } from '../../server/domain/outbox/live-links.ts';

describe('mayReadLiveLinks', () => {
  it('shows portal and notice links to any staff user, an invitation’s to admins only', () => {
    for (const kind of ['updateRequest', 'flagNotice', 'vendorLink', 'messageNotice']) {
      expect(mayReadLiveLinks(kind, 'buyer', true), kind).toBe(true);
      expect(mayReadLiveLinks(kind, 'admin', true), kind).toBe(true);
    }
    expect(mayReadLiveLinks('userInvite', 'buyer', true)).toBe(false);
    expect(mayReadLiveLinks('userInvite', 'admin', true)).toBe(true);
  });

  it('shows no link live where links are not live, and a kind it does not know to admins only', () => {
    for (const kind of ['updateRequest', 'userInvite']) {
      expect(mayReadLiveLinks(kind, 'admin', false), kind).toBe(false);
    }
    expect(mayReadLiveLinks('somethingNew', 'buyer', true)).toBe(false);
    expect(mayReadLiveLinks('somethingNew', 'admin', true)).toBe(true);
  });
});

describe('maskLinkTokens', () => {
  it('hides the token of every link, in a fragment, a query and escaped HTML, and leaves the rest', () => {
    const text = [
      'https://factor.example/portal/link#token=vl_abc123&request=UR1',
      'https://factor.example/invite?token=ui_secret',
      '<a href="https://factor.example/portal/link#token=vl_x&amp;token=vl_y">Open</a>',
      'No token here: https://factor.example/orders?q=token',
    ].join('\n');
    expect(maskLinkTokens(text)).toBe(
      [
        'https://factor.example/portal/link#token=hidden&request=UR1',
        'https://factor.example/invite?token=hidden',
        '<a href="https://factor.example/portal/link#token=hidden&amp;token=hidden">Open</a>',
        'No token here: https://factor.example/orders?q=token',
      ].join('\n'),
    );
  });
});
