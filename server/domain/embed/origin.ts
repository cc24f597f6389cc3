// Origins as an embed allowlist holds them: scheme, host and port, nothing
// else. Pure.

/** The origin of an absolute URL that names nothing but an origin (a trailing slash is allowed); null otherwise. */
export function originOf(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    return null;
  return url.origin;
}

/**
 * The Content-Security-Policy frame-ancestors value for an allowlist: the app itself (its admin page previews
 * each view) and the list's origins.
 */
export function frameAncestors(origins: readonly string[]): string {
  const valid = origins.map(originOf).filter((o): o is string => o !== null);
  return ["'self'", ...new Set(valid)].join(' ');
}
