// Decimal quantities as scaled integers of millionths ("micros"), so sums and
// comparisons are exact: quantities carry 6 decimals (numeric(21, 6)). Pure:
// the server (clear to build, imports, splits) and the browser share it.

const SCALE = 6;
const MICROS_PER_UNIT = 1_000_000n;

/** An optional minus, digits and optional decimals; white space around it is ignored (as trim() would). */
const DECIMAL = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/;

/** What the API accepts as a quantity: not negative, at most 15 digits before the point and 6 after. */
const QUANTITY = /^\s*\d{1,15}(?:\.\d{1,6})?\s*$/;

/**
 * A decimal string ("12", "0.25", "-3.5", " 4 ") or a number in millionths.
 * Decimals past the sixth are cut off, a number's are rounded (toFixed);
 * integers of any size are exact. Anything else is a RangeError.
 */
export function toMicros(value: string | number): bigint {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return BigInt(value) * MICROS_PER_UNIT;
    return toMicros(value.toFixed(SCALE));
  }
  const match = DECIMAL.exec(value);
  if (match === null) throw new RangeError(`Not a decimal quantity: "${value}".`);
  const [, sign, whole, fraction = ''] = match;
  // Most quantities are whole: skip building the fraction for them (the import reads every row through here).
  const micros =
    BigInt(whole) * MICROS_PER_UNIT + (fraction === '' ? 0n : BigInt(fraction.slice(0, SCALE).padEnd(SCALE, '0')));
  return sign === '-' ? -micros : micros;
}

/** A quantity the API would accept in millionths; null for anything else (blank, negative, too long). */
export function parseQuantityMicros(value: string | null | undefined): bigint | null {
  return value != null && QUANTITY.test(value) ? toMicros(value) : null;
}

/** Millionths as the canonical decimal string the API returns: no trailing zeros, no point for whole numbers. */
export function fromMicros(micros: bigint): string {
  if (micros < 0n) return `-${fromMicros(-micros)}`;
  const whole = micros / MICROS_PER_UNIT;
  const rest = micros % MICROS_PER_UNIT;
  if (rest === 0n) return String(whole);
  return `${whole}.${rest.toString().padStart(SCALE, '0').replace(/0+$/, '')}`;
}
