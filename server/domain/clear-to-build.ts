// Clear-to-build arithmetic: how many of a BOM (or of one BOM line) the parts
// on hand can build. Pure: numbers and decimal strings in, numbers out; the
// SQL that keeps these values for the lists to filter and sort on
// (bom_stock_ctb, migration 0017 in server/db/migrations.ts) computes the same
// thing in exact numeric arithmetic.

import { toMicros } from '../../src/lib/decimal.ts';

/** floor(a / b) for bigints (BigInt division truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Clear to build of one line: floor(inventory / required quantity). A line that
 * needs nothing (required quantity 0 or less) limits nothing: null.
 */
export function lineClearToBuild(inventory: number, requiredQuantity: string | number): number | null {
  const required = toMicros(requiredQuantity);
  if (required <= 0n) return null;
  return Number(floorDiv(toMicros(inventory), required));
}

export interface CtbLine {
  /** On-hand inventory of the line's part (0 when never counted). */
  inventory: number;
  requiredQuantity: string | number;
  doNotPlace: boolean;
}

/** Whether a line counts toward its BOM's clear to build: it needs a quantity and is placed. */
export function countsTowardBom(line: Pick<CtbLine, 'requiredQuantity' | 'doNotPlace'>): boolean {
  return !line.doNotPlace && toMicros(line.requiredQuantity) > 0n;
}

/**
 * Clear to build of a BOM: the fewest builds any of its counted lines allows.
 * A BOM with no counted lines (none at all, or only do-not-place / zero-quantity
 * ones) has clear to build 0.
 */
export function bomClearToBuild(lines: readonly CtbLine[]): number {
  let lowest: number | null = null;
  for (const line of lines) {
    if (!countsTowardBom(line)) continue;
    const ctb = lineClearToBuild(line.inventory, line.requiredQuantity);
    if (ctb !== null && (lowest === null || ctb < lowest)) lowest = ctb;
  }
  return lowest ?? 0;
}
