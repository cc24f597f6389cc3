import { describe, expect, it } from 'vitest';
import { EMBED_TOKEN, refreshDelay, tokenFrom } from './handshake';

const parent = {};
const TOKEN = 'fe_0123456789abcdefghijklmnop';
const message = (origin: string, data: unknown, source: unknown = parent) => ({ origin, data, source }) as MessageEvent;

describe('the embed handshake', () => {
  it('takes a token from the parent window on an allowed origin only', () => {
    const allowed = ['https://intranet.example'];
    const data = { type: EMBED_TOKEN, token: TOKEN, expires: '2026-12-06T10:00:00.000Z' };
    expect(tokenFrom(message('https://intranet.example', data), allowed, parent)).toEqual({
      token: TOKEN,
      expires: '2026-12-06T10:00:00.000Z',
      origin: 'https://intranet.example',
    });
    // Another origin, another window (a frame of the host page), or the page itself: ignored.
    expect(tokenFrom(message('https://evil.example', data), allowed, parent)).toBeNull();
    expect(tokenFrom(message('https://intranet.example', data, {}), allowed, parent)).toBeNull();
    expect(tokenFrom(message('https://intranet.example', data), [], parent)).toBeNull();
    // Not a token message, or not a token.
    for (const bad of [null, 'fe_x', { type: 'other', token: TOKEN }, { type: EMBED_TOKEN, token: 'fs_session' }]) {
      expect(tokenFrom(message('https://intranet.example', bad), allowed, parent)).toBeNull();
    }
    // An expiry that is not a date is as good as none.
    expect(
      tokenFrom(message('https://intranet.example', { ...data, expires: 'soon' }), allowed, parent)?.expires,
    ).toBeNull();
  });

  it('asks for a fresh token a minute before expiry, or halfway through a short life', () => {
    const now = Date.parse('2026-12-06T09:00:00.000Z');
    expect(refreshDelay('2026-12-06T09:15:00.000Z', now)).toBe(14 * 60_000);
    expect(refreshDelay('2026-12-06T09:01:00.000Z', now)).toBe(30_000);
    expect(refreshDelay('2026-12-06T09:00:04.000Z', now)).toBe(5_000);
    expect(refreshDelay(null, now)).toBe(10 * 60_000);
  });
});
