import { describe, expect, it } from 'vitest';
import { vendorCount, vendorDate, vendorNumber } from './vendor-locale';

describe("the vendor's dates and numbers", () => {
  it('follow the language given, without shifting a day in any time zone', () => {
    expect(vendorDate('2026-12-01', 'en-GB')).toBe('1 Dec 2026');
    expect(vendorDate('2026-12-01', 'en-US')).toBe('Dec 1, 2026');
    expect(vendorDate('2026-12-01', 'de-DE')).toBe('1. Dez. 2026');
    // A timestamp: its day where the vendor is.
    const at = new Date('2026-12-31T23:30:00Z');
    const localDay = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
    expect(vendorDate(at.toISOString(), 'en-GB')).toBe(vendorDate(localDay, 'en-GB'));
    expect(vendorNumber('1234.5', 'en-US')).toBe('1,234.5');
    expect(vendorNumber('1234.5', 'de-DE')).toBe('1.234,5');
    expect(vendorNumber('0.000125', 'en-GB')).toBe('0.000125');
  });

  it("count things with the number in the vendor's way", () => {
    expect(vendorCount(1, 'line', 'en-GB')).toBe('1 line');
    expect(vendorCount(1200, 'line', 'en-US')).toBe('1,200 lines');
    expect(vendorCount(1200, 'line', 'de-DE')).toBe('1.200 lines');
    expect(vendorCount(0, 'line', 'en-GB')).toBe('0 lines');
  });

  it('fall back for what cannot be read', () => {
    expect(vendorDate(null, 'en-GB')).toBe('—');
    expect(vendorDate('soon', 'en-GB')).toBe('soon');
    expect(vendorNumber('abc', 'en-GB')).toBe('abc');
    // A malformed language tag from the browser: the runtime's default, not an error.
    expect(vendorDate('2026-12-01', 'not a tag!')).toMatch(/2026/);
  });
});
