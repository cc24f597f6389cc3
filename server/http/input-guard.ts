// Input the database cannot store is refused at the door, naming where it
// came from: PostgreSQL refuses a NUL character in text, and a lone UTF-16
// surrogate has no UTF-8 form (the driver would silently store U+FFFD
// instead). Path values and query parameters are checked before any route
// runs; JSON bodies and form fields are checked where they are parsed.
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { badRequest } from './errors.ts';

/** Why the text cannot be stored, or null when it can. */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (!value.isWellFormed()) return 'is not valid Unicode text (it has a lone surrogate)';
  return null;
}

/** Throws a 400 naming the field when the text cannot be stored. */
export function requireStorableText(value: string, field: string): void {
  const reason = unstorableText(value);
  if (reason) throw badRequest(`${field} ${reason}.`, field);
}

/**
 * The first string in a parsed JSON value (keys included) that cannot be
 * stored, with its path. Every JSON write is walked, so the path is one stack
 * pushed and popped on the way, joined only for the string that is refused.
 */
export function findUnstorable(value: unknown, path: string[] = []): { field: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableText(value);
    return reason ? { field: path.join('.'), reason } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entries: Iterable<readonly [string, unknown]> = Array.isArray(value)
    ? value.map((v: unknown, i) => [String(i), v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    path.push(key);
    const keyReason = unstorableText(key);
    const found = keyReason
      ? { field: path.join('.'), reason: `has a name that ${keyReason}` }
      : findUnstorable(child, path);
    path.pop();
    if (found) return found;
  }
  return null;
}

/** The deepest nesting a JSON body may have: the API's bodies are a few levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one
 * pass over the text before it is parsed, so a body of a million `[` costs a
 * scan and never a parse.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > max) return true;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return false;
}

/** Percent-decoded, or null when the escapes are malformed. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The parameter names of the routes, by method, to name the path value that was refused. */
function paramNamer(app: Hono<AppEnv>): (method: string, segments: string[], index: number) => string {
  let routes: { method: string; parts: string[] }[] | null = null;
  return (method, segments, index) => {
    routes ??= app.routes
      .filter((r) => r.path.startsWith('/v1/') && !r.path.includes('*'))
      .map((r) => ({ method: r.method, parts: r.path.split('/') }));
    const route = routes.find(
      (r) =>
        (r.method === method || r.method === 'ALL') &&
        r.parts.length === segments.length &&
        r.parts.every((part, i) => part.startsWith(':') || part === segments[i]),
    );
    const part = route?.parts[index];
    return part?.startsWith(':') ? part.slice(1) : 'path';
  };
}

/** Refuses path values and query parameters that cannot be stored (400 naming the parameter). */
export function refuseUnstorableInput(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  const nameOf = paramNamer(app);
  return async (c, next) => {
    const url = new URL(c.req.url);
    const segments = url.pathname.split('/');
    for (let i = 0; i < segments.length; i++) {
      const value = decoded(segments[i]);
      const reason = value === null ? 'has a malformed percent escape' : unstorableText(value);
      if (reason) {
        const field = nameOf(c.req.method, segments, i);
        throw badRequest(`The path value ${field} ${reason}.`, field);
      }
    }
    for (const [key, value] of url.searchParams) {
      const keyReason = unstorableText(key);
      if (keyReason) throw badRequest(`A query parameter's name ${keyReason}.`, 'query');
      requireStorableText(value, key);
    }
    return next();
  };
}
