// Merging the raw lines of a BOM upsert into the lines that get written. Pure:
// the raw lines as the upsert body has them in, merged lines out; the upsert
// job (server/jobs/bom-upsert.ts) writes them.
import { toMicros } from '../../../src/lib/decimal.ts';
import { parseDesignators } from './designators.ts';

/** A raw line of an upsert: the fields of the body's line that merging reads. */
export interface RawLine {
  customId?: string | null;
  mpn?: string | null;
  alternativeMpns?: readonly string[];
  manufacturerName?: string | null;
  quantity: number;
  referenceDesignatorsString?: string;
  referenceDesignators?: readonly string[];
  description?: string | null;
  doNotPlace: boolean;
  lineNumber?: string | null;
}

/** Lines of one upsert, after merging: what gets written. */
export interface MergedLine {
  uniqueName: string;
  customId: string | null;
  mpn: string | null;
  alternativeMpns: string[];
  manufacturerName: string | null;
  referenceDesignators: string[];
  description: string | null;
  doNotPlace: boolean;
  lineNumber: string | null;
  quantity: number;
}

/** numeric(21, 6): 15 digits before the point. */
const MAX_QUANTITY = 10n ** 15n * 10n ** 6n;

export class LineError extends Error {
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

const blankToNull = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/**
 * Merges raw lines: the same part (MPN, else custom id) with the same reference
 * designators is one line with the quantities summed. Unique name: the MPN, else
 * the custom id, else line-<n> (n: the raw line's position from 1); a name
 * already taken gets " #2", " #3"…. Throws LineError naming the raw line's field.
 */
export function mergeRawLines(lines: readonly RawLine[]): MergedLine[] {
  const merged: MergedLine[] = [];
  const byKey = new Map<string, MergedLine>();
  const taken = new Set<string>();
  lines.forEach((raw, index) => {
    let designators: string[];
    try {
      designators = parseDesignators(raw.referenceDesignators, raw.referenceDesignatorsString);
    } catch (e) {
      const field = raw.referenceDesignatorsString ? 'referenceDesignatorsString' : 'referenceDesignators';
      throw new LineError(e instanceof Error ? e.message : String(e), `lines.${index}.${field}`);
    }
    const mpn = blankToNull(raw.mpn);
    const customId = blankToNull(raw.customId);
    const part = mpn ?? customId;
    const key = part === null ? null : JSON.stringify([part, [...designators].sort()]);
    const same = key === null ? undefined : byKey.get(key);
    if (same) {
      same.quantity += raw.quantity;
      for (const alt of raw.alternativeMpns ?? [])
        if (!same.alternativeMpns.includes(alt)) same.alternativeMpns.push(alt);
      if (toMicros(same.quantity) >= MAX_QUANTITY) {
        throw new LineError('The summed quantity is too large.', `lines.${index}.quantity`);
      }
      return;
    }
    const base = part ?? `line-${index + 1}`;
    let uniqueName = base;
    for (let n = 2; taken.has(uniqueName); n++) uniqueName = `${base} #${n}`;
    taken.add(uniqueName);
    if (toMicros(raw.quantity) >= MAX_QUANTITY)
      throw new LineError('quantity is too large.', `lines.${index}.quantity`);
    const line: MergedLine = {
      uniqueName,
      customId,
      mpn,
      alternativeMpns: [...new Set(raw.alternativeMpns ?? [])],
      manufacturerName: blankToNull(raw.manufacturerName),
      referenceDesignators: designators,
      description: raw.description ?? null,
      doNotPlace: raw.doNotPlace,
      lineNumber: raw.lineNumber ?? null,
      quantity: raw.quantity,
    };
    merged.push(line);
    if (key !== null) byKey.set(key, line);
  });
  return merged;
}
