// Figures of a set of timings that the benches share.

/** The p-th percentile of ascending values (nearest rank below); at least one value. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
