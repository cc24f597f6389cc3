// Reference designators of a BOM upsert's raw lines: the list and the string a
// raw line may carry, split, with ranges expanded and each designator once.
// Pure: strings in, strings out.

/** At most this many designators per line once ranges are expanded. */
const MAX_DESIGNATORS = 5000;

/** "C1-C4" → C1, C2, C3, C4 (also "C1-4" and descending "C4-C1"); anything else as is. */
function expandRange(token: string): string[] {
  const m = /^([A-Za-z_]+)(\d+)-([A-Za-z_]*)(\d+)$/.exec(token);
  if (!m) return [token];
  const [, prefix, a, secondPrefix, b] = m;
  if (secondPrefix && secondPrefix.toUpperCase() !== prefix.toUpperCase()) return [token];
  const from = Number(a);
  const to = Number(b);
  if (Math.abs(to - from) + 1 > MAX_DESIGNATORS) {
    throw new RangeError(`The range "${token}" has more than ${MAX_DESIGNATORS} designators.`);
  }
  const width = a.startsWith('0') && a.length > 1 ? a.length : 0;
  const step = to >= from ? 1 : -1;
  const out: string[] = [];
  for (let n = from; step > 0 ? n <= to : n >= to; n += step) out.push(prefix + String(n).padStart(width, '0'));
  return out;
}

/** Reference designators of a raw line: the list and the string, split on commas, spaces and semicolons, ranges expanded, each once. */
export function parseDesignators(list: readonly string[] | undefined, text: string | undefined): string[] {
  const tokens = [...(list ?? []), text ?? '']
    .flatMap((s) => s.replace(/\s*-\s*/g, '-').split(/[\s,;]+/))
    .filter((s) => s.length > 0);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const token of tokens) {
    for (const designator of expandRange(token)) {
      if (seen.has(designator)) continue;
      seen.add(designator);
      out.push(designator);
      if (out.length > MAX_DESIGNATORS) throw new RangeError(`More than ${MAX_DESIGNATORS} reference designators.`);
    }
  }
  return out;
}
