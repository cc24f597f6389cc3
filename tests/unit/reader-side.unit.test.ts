import { describe, expect, it } from 'vitest';
import { isOtherSide } from '../../server/domain/messages/reader-side.ts';

describe('isOtherSide', () => {
  it('gives a vendor user the staff’s messages as news, and not vendors’ or outside emails', () => {
    expect(isOtherSide('vendor', 'buyer')).toBe(true);
    expect(isOtherSide('vendor', 'admin')).toBe(true);
    expect(isOtherSide('vendor', 'vendor')).toBe(false);
    expect(isOtherSide('vendor', null)).toBe(false);
  });

  it('gives staff the vendors’ messages and outside emails as news, and not their colleagues’', () => {
    for (const reader of ['admin', 'buyer']) {
      expect(isOtherSide(reader, 'vendor')).toBe(true);
      expect(isOtherSide(reader, null)).toBe(true);
      expect(isOtherSide(reader, 'buyer')).toBe(false);
      expect(isOtherSide(reader, 'admin')).toBe(false);
    }
  });
});
