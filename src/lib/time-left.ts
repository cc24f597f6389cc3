// How long a background job has left, from two looks at its progress: the
// rate since the first look that saw work done, applied to what remains.

/** Rows done as of a moment (ms). */
export interface Progress {
  at: number;
  done: number;
}

/** Seconds left at `latest`, at the rate since `first`; null until that rate means something (a second apart, rows done). */
export function secondsLeft(first: Progress, latest: Progress, total: number): number | null {
  const seconds = (latest.at - first.at) / 1000;
  const rows = latest.done - first.done;
  if (seconds < 1 || rows <= 0 || latest.done >= total) return null;
  return ((total - latest.done) * seconds) / rows;
}

/** "a few seconds left", "about 25 seconds left", "about a minute left", "about 3 minutes left". */
export function timeLeftText(seconds: number): string {
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 57.5) return `about ${Math.round(seconds / 5) * 5} seconds left`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? 'about a minute left' : `about ${minutes} minutes left`;
}
