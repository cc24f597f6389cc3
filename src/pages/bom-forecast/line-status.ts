// A BOM line's standing in words, from its forecast at the target (or last) date.
import type { BomForecastLine, BomLineSupply } from '../../api/generated/model';
import { formatDate } from '../../lib/format';
import { toMicros } from '../../lib/decimal';

export interface LineStatus {
  text: string;
  /** The text colour, with enough contrast on white. */
  tone: string;
}

/** `supply`: the line's listed open order lines, once read (getBomLineSupply); the date waits for them. */
export function lineStatus(
  line: Pick<BomForecastLine, 'clearToBuild' | 'doNotPlace' | 'shortage' | 'available' | 'onHand'>,
  supply?: Pick<BomLineSupply, 'supply'>,
): LineStatus {
  if (line.clearToBuild === null) {
    return { text: line.doNotPlace ? 'Not placed' : 'Needs none', tone: 'text-slate-700' };
  }
  if (toMicros(line.shortage) > 0n) return { text: `Short ${line.shortage}`, tone: 'text-red-800' };
  if (toMicros(line.available) > toMicros(line.onHand)) {
    // It needs supply still to arrive: the last of it names the date.
    const arrivals = (supply?.supply ?? []).map((s) => s.arrivalDate).filter((d): d is string => d !== null);
    const last = arrivals.reduce<string | null>((latest, d) => (latest === null || d > latest ? d : latest), null);
    return { text: last ? `Expected by ${formatDate(last)}` : 'Expected', tone: 'text-amber-900' };
  }
  return { text: 'In stock', tone: 'text-green-800' };
}
