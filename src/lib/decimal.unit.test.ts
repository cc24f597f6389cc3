// Decimal quantities in millionths: what each reader accepts, and the canonical
// string the API returns for a sum.
import { describe, expect, it } from 'vitest';
import { fromMicros, parseQuantityMicros, toMicros } from './decimal';

describe('toMicros', () => {
  it('scales decimal strings to millionths exactly, negatives included', () => {
    expect(toMicros('0')).toBe(0n);
    expect(toMicros('0.000001')).toBe(1n);
    expect(toMicros('1.5')).toBe(1_500_000n);
    expect(toMicros('-2')).toBe(-2_000_000n);
    expect(toMicros('-0.5')).toBe(-500_000n);
    expect(toMicros('007.250000')).toBe(7_250_000n);
  });

  it('ignores white space around the number', () => {
    expect(toMicros(' 4 ')).toBe(4_000_000n);
    expect(toMicros('\t1.25\n')).toBe(1_250_000n);
    expect(toMicros('\u00a0-3\u00a0')).toBe(-3_000_000n);
  });

  it('cuts decimals past the sixth off, toward zero', () => {
    expect(toMicros('1.9999999')).toBe(1_999_999n);
    expect(toMicros('-1.0000009')).toBe(-1_000_000n);
    expect(toMicros('0.0000009')).toBe(0n);
  });

  it('stays exact beyond Number.MAX_SAFE_INTEGER millionths', () => {
    expect(toMicros('999999999999999.999999')).toBe(999_999_999_999_999_999_999n);
    expect(toMicros('123456789012345678901.5')).toBe(123_456_789_012_345_678_901_500_000n);
    expect(toMicros(Number.MAX_SAFE_INTEGER)).toBe(9_007_199_254_740_991_000_000n);
    expect(toMicros(1e21)).toBe(10n ** 27n);
  });

  it('takes numbers: integers exactly, fractions rounded to the millionth', () => {
    expect(toMicros(7)).toBe(7_000_000n);
    expect(toMicros(-3)).toBe(-3_000_000n);
    expect(toMicros(0.1)).toBe(100_000n);
    expect(toMicros(-3.25)).toBe(-3_250_000n);
    // A string of the same digits is cut off instead: 1_234_567n.
    expect(toMicros(1.2345678)).toBe(1_234_568n);
  });

  it('refuses anything that is not a plain decimal with a RangeError naming it', () => {
    for (const text of ['', ' ', 'abc', '1e3', '.5', '5.', '+1', '--1', '1,5', '1 000', '0x10', '1.2.3']) {
      expect(() => toMicros(text)).toThrow(RangeError);
    }
    expect(() => toMicros('12 pcs')).toThrow('Not a decimal quantity: "12 pcs".');
    expect(() => toMicros(Number.NaN)).toThrow(RangeError);
    expect(() => toMicros(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('parseQuantityMicros', () => {
  it('reads quantities the API accepts, white space around them ignored', () => {
    expect(parseQuantityMicros('0')).toBe(0n);
    expect(parseQuantityMicros('0.000001')).toBe(1n);
    expect(parseQuantityMicros(' 2.5 ')).toBe(2_500_000n);
    expect(parseQuantityMicros('999999999999999.999999')).toBe(999_999_999_999_999_999_999n);
  });

  it('is null for blanks, negatives, more than 6 decimals or 15 digits, and non-numbers', () => {
    for (const value of [null, undefined, '', '  ', '-2', '1.0000001', '1234567890123456', '1e3', 'abc', '1,5', '.5']) {
      expect(parseQuantityMicros(value)).toBeNull();
    }
  });
});

describe('fromMicros', () => {
  it('writes the canonical decimal: no trailing zeros, no point for whole numbers', () => {
    expect(fromMicros(0n)).toBe('0');
    expect(fromMicros(1n)).toBe('0.000001');
    expect(fromMicros(1_500_000n)).toBe('1.5');
    expect(fromMicros(1_000_000n)).toBe('1');
    expect(fromMicros(120_000_000n)).toBe('120');
    expect(fromMicros(1_010_000n)).toBe('1.01');
  });

  it('keeps the sign of negatives, below one too', () => {
    expect(fromMicros(-2_000_000n)).toBe('-2');
    expect(fromMicros(-500_000n)).toBe('-0.5');
    expect(fromMicros(-1n)).toBe('-0.000001');
  });

  it('stays exact beyond Number.MAX_SAFE_INTEGER millionths', () => {
    expect(fromMicros(999_999_999_999_999_999_999n)).toBe('999999999999999.999999');
    expect(fromMicros(10n ** 27n)).toBe('1000000000000000000000');
  });

  it('round-trips canonical strings and normalizes the rest', () => {
    for (const text of ['0', '0.000001', '1.5', '-2', '-0.25', '1000', '999999999999999.999999']) {
      expect(fromMicros(toMicros(text))).toBe(text);
    }
    expect(fromMicros(toMicros(' 007.500 '))).toBe('7.5');
    expect(fromMicros(toMicros('-0'))).toBe('0');
    expect(fromMicros(toMicros('1.0000009'))).toBe('1');
  });

  it('sums exactly where binary floating point would not', () => {
    expect(fromMicros(toMicros('0.1') + toMicros('0.2'))).toBe('0.3');
    expect(fromMicros(toMicros('0.3') - toMicros('0.1') - toMicros('0.2'))).toBe('0');
  });
});
