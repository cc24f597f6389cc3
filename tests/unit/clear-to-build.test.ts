// The clear-to-build arithmetic: exact decimal division, floors, ignored lines.
import { describe, expect, it } from 'vitest';
import { toMicros } from '../../src/lib/decimal.ts';
import { bomClearToBuild, countsTowardBom, lineClearToBuild } from '../../server/domain/clear-to-build.ts';

describe('toMicros', () => {
  it('scales decimal strings and integers to millionths exactly', () => {
    expect(toMicros('12')).toBe(12_000_000n);
    expect(toMicros('0.25')).toBe(250_000n);
    expect(toMicros('1.000001')).toBe(1_000_001n);
    expect(toMicros('-3.5')).toBe(-3_500_000n);
    expect(toMicros(7)).toBe(7_000_000n);
    expect(toMicros(0.1)).toBe(100_000n);
    expect(toMicros('100.000000')).toBe(100_000_000n);
  });

  it('refuses what is not a decimal', () => {
    expect(() => toMicros('1e3')).toThrow(RangeError);
    expect(() => toMicros('abc')).toThrow(RangeError);
  });
});

describe('lineClearToBuild', () => {
  it('is floor(inventory / required quantity)', () => {
    expect(lineClearToBuild(10, '3')).toBe(3);
    expect(lineClearToBuild(9, '3')).toBe(3);
    expect(lineClearToBuild(2, '3')).toBe(0);
    expect(lineClearToBuild(0, '1')).toBe(0);
    expect(lineClearToBuild(100, 4)).toBe(25);
  });

  it('divides fractional quantities exactly where binary floats would not', () => {
    // 6 / 0.6 is 10.000000000000002 in floating point and 0.3 / 0.1 is 2.9999999999999996.
    expect(lineClearToBuild(6, '0.6')).toBe(10);
    expect(lineClearToBuild(3, '0.3')).toBe(10);
    expect(lineClearToBuild(1, '0.1')).toBe(10);
    expect(lineClearToBuild(10, '0.000001')).toBe(10_000_000);
    expect(lineClearToBuild(5, '2.5')).toBe(2);
    expect(lineClearToBuild(4, '2.5')).toBe(1);
  });

  it('is null for a line that needs nothing', () => {
    expect(lineClearToBuild(10, '0')).toBeNull();
    expect(lineClearToBuild(0, '0.000000')).toBeNull();
  });

  it('floors toward minus infinity for a negative inventory', () => {
    expect(lineClearToBuild(-1, '2')).toBe(-1);
    expect(lineClearToBuild(-4, '2')).toBe(-2);
  });
});

describe('bomClearToBuild', () => {
  it('is the minimum over the counted lines', () => {
    expect(
      bomClearToBuild([
        { inventory: 100, requiredQuantity: '2', doNotPlace: false },
        { inventory: 30, requiredQuantity: '4', doNotPlace: false },
        { inventory: 1000, requiredQuantity: '1', doNotPlace: false },
      ]),
    ).toBe(7);
  });

  it('ignores do-not-place lines and lines with required quantity 0', () => {
    expect(
      bomClearToBuild([
        { inventory: 50, requiredQuantity: '5', doNotPlace: false },
        { inventory: 0, requiredQuantity: '1', doNotPlace: true },
        { inventory: 0, requiredQuantity: '0', doNotPlace: false },
      ]),
    ).toBe(10);
    expect(countsTowardBom({ requiredQuantity: '0', doNotPlace: false })).toBe(false);
    expect(countsTowardBom({ requiredQuantity: '1', doNotPlace: true })).toBe(false);
    expect(countsTowardBom({ requiredQuantity: '0.5', doNotPlace: false })).toBe(true);
  });

  it('is 0 for a BOM without lines, or with only ignored ones', () => {
    expect(bomClearToBuild([])).toBe(0);
    expect(bomClearToBuild([{ inventory: 10, requiredQuantity: '0', doNotPlace: false }])).toBe(0);
    expect(bomClearToBuild([{ inventory: 10, requiredQuantity: '1', doNotPlace: true }])).toBe(0);
  });

  it('is 0 when any counted part is out of stock', () => {
    expect(
      bomClearToBuild([
        { inventory: 500, requiredQuantity: '1', doNotPlace: false },
        { inventory: 0, requiredQuantity: '1', doNotPlace: false },
      ]),
    ).toBe(0);
  });
});
