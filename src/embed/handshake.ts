// The embed's side of the handshake with its host page. The host's server
// asks the API for an embed token; the host page hands it to this iframe with
// postMessage and an explicit target origin. Browsers block third-party
// cookies, so the token, sent as a bearer, is the only credential.
//
// Messages (all { type, ... } objects):
//   iframe → host  factor:embed-ready          the page loaded and waits for a token
//   host → iframe  factor:embed-token          { token, expires? }
//   iframe → host  factor:embed-token-request  the token runs out soon (or was refused): send a fresh one
//   iframe → host  factor:embed-height         { height } of the content in CSS pixels, to size the iframe
// The iframe accepts a token only from its parent window, and only when the
// message's origin is on the organization's allowlist (written into the page
// by the server). It speaks to the origin that sent the token, never to "*".

export const EMBED_READY = 'factor:embed-ready';
export const EMBED_TOKEN = 'factor:embed-token';
export const EMBED_TOKEN_REQUEST = 'factor:embed-token-request';
export const EMBED_HEIGHT = 'factor:embed-height';

export interface EmbedToken {
  token: string;
  /** When the token runs out (ISO 8601), as createEmbedSession answered; unknown when the host leaves it out. */
  expires: string | null;
  /** The host page's origin, the one this page speaks to from now on. */
  origin: string;
}

/** The origins the server wrote into the page (the organization's allowlist), and the app's own (its preview). */
export function allowedOrigins(doc: Document): string[] {
  const content = doc.querySelector('meta[name="factor-embed-origins"]')?.getAttribute('content') ?? '';
  return [...new Set([...content.split(/\s+/).filter(Boolean), doc.location.origin])];
}

/** The token a message carries, when it comes from the parent window on an allowed origin; null otherwise. */
export function tokenFrom(
  event: Pick<MessageEvent, 'origin' | 'source' | 'data'>,
  allowed: readonly string[],
  parent: unknown,
): EmbedToken | null {
  if (event.source !== parent || !allowed.includes(event.origin)) return null;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null) return null;
  const { type, token, expires } = data as Record<string, unknown>;
  if (type !== EMBED_TOKEN || typeof token !== 'string' || !/^fe_[A-Za-z0-9_-]{16,200}$/.test(token)) return null;
  const when = typeof expires === 'string' && !Number.isNaN(Date.parse(expires)) ? expires : null;
  return { token, expires: when, origin: event.origin };
}

/** Without a known expiry, a fresh token is asked for this often. */
const UNKNOWN_EXPIRY_MS = 10 * 60_000;

/**
 * How long until a fresh token is asked for: a minute before it runs out, or halfway through a shorter
 * remaining life, so a slow host answers in time; never sooner than five seconds from now.
 */
export function refreshDelay(expires: string | null, now: number): number {
  if (expires === null) return UNKNOWN_EXPIRY_MS;
  const left = Date.parse(expires) - now;
  return Math.max(5_000, left - Math.min(60_000, left / 2));
}
