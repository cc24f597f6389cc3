// Errors the API answers with: { code, message, field? } and a 4xx status.
// Anything else thrown is a bug: logged, and answered 500 without details.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class HttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly field: string | undefined;
  readonly extra: Record<string, unknown>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    field?: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.extra = extra;
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, 'invalid_request', message, field);
export const unauthenticated = (message = 'Sign in first: no valid session, key or token was sent.') =>
  new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role may not do this.') => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'record') => new HttpError(404, 'not_found', `No such ${what}.`);
export const conflict = (message: string, field?: string, extra?: Record<string, unknown>) =>
  new HttpError(409, 'conflict', message, field, extra);
export const versionConflict = (current: unknown) =>
  new HttpError(409, 'version_conflict', 'This record changed since you read it; nothing was written.', 'version', {
    current,
  });
export const unprocessable = (message: string, field?: string) => new HttpError(422, 'unprocessable', message, field);

export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof HttpError) {
    const { retryAfterSeconds, ...extra } = error.extra;
    if (typeof retryAfterSeconds === 'number') c.header('Retry-After', String(retryAfterSeconds));
    const body: Record<string, unknown> = { code: error.code, message: error.message, ...extra };
    if (error.field !== undefined) body.field = error.field;
    return c.json(body, error.status);
  }
  const pgCode = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  // Constraint violations that slipped past validation are still the client's input, not a crash.
  if (pgCode === '23505')
    return c.json({ code: 'conflict', message: 'A record with this unique name already exists.' }, 409);
  if (pgCode === '23503')
    return c.json({ code: 'invalid_request', message: 'A referenced record does not exist.' }, 400);
  // Class 22, data exceptions: a value the database cannot take (out of range, malformed, an unstorable character).
  if (pgCode === '23514' || pgCode.startsWith('22')) {
    return c.json({ code: 'invalid_request', message: 'A value is out of range or malformed.' }, 400);
  }
  console.error('unhandled error', error);
  return c.json({ code: 'internal', message: 'Something went wrong on the server; nothing was written.' }, 500);
}
