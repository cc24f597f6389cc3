// Idempotency-Key on POST: a retried request gets the first answer again
// instead of doing the work twice. A key belongs to the principal that sent
// it (a user in one role, or one API key) and to one method and path, so no
// one else ever gets that answer; it runs after authentication, and the same
// key with a different request is refused (422), as Stripe does.
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { createHash, type Hash } from 'node:crypto';
import type { Database } from '../db/schema.ts';
import type { AppEnv, Principal } from './context.ts';
import { badRequest, HttpError } from './errors.ts';

// Answers that carry a secret shown once (API keys, embed and session tokens) are
// never stored: a retry of these creates anew instead of replaying the secret.
const SECRET_ANSWERS = new Set(['/v1/apiKeys', '/v1/embedSessions', '/v1/session/login', '/v1/session/vendorLink']);

/** A request still at work holds its key this long; past it, the request is taken for lost (its process died). */
const IN_FLIGHT_MS = 5 * 60 * 1000;
/** Stored while the first request is at work. */
const IN_FLIGHT = 0;

/** Who sent the key: the API key itself, or the user in the role they had then. */
export function idempotencyPrincipal(p: Principal): string {
  return p.apiKeySid ? `apiKey:${p.apiKeySid}` : `user:${p.userSid}:${p.role}`;
}

const reused = () =>
  new HttpError(
    422,
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request; send a new key.',
    'Idempotency-Key',
  );

/**
 * Adds the body to the request's hash. A multipart body is hashed without its boundary: a client sending the
 * same form again (a retry) makes a new random one, and it is still the same request.
 */
function hashBody(hash: Hash, body: Buffer, contentType: string | undefined): void {
  const boundary = /^multipart\/[^;]+;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const delimiter = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}`) : null;
  if (!delimiter) {
    hash.update(body);
    return;
  }
  let from = 0;
  for (let at = body.indexOf(delimiter, from); at !== -1; at = body.indexOf(delimiter, from)) {
    hash.update(body.subarray(from, at)).update('--boundary');
    from = at + delimiter.byteLength;
  }
  hash.update(body.subarray(from));
}

export function idempotency(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined || SECRET_ANSWERS.has(c.req.path)) return next();
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (key.length === 0 || key.length > 255 || /[\u0000-\u001f\u007f]/.test(key)) {
      throw badRequest('Idempotency-Key must be 1 to 255 printable characters.', 'Idempotency-Key');
    }
    const p = c.get('principal') as Principal | undefined;
    // A public operation (the unsubscribe link) has no one to keep answers for; doing it twice is harmless.
    if (!p) return next();
    const principal = idempotencyPrincipal(p);
    const url = new URL(c.req.url);
    const hash = createHash('sha256').update(`${c.req.method} ${url.pathname}${url.search}\n`);
    hashBody(hash, Buffer.from(await c.req.arrayBuffer()), c.req.header('content-type'));
    const requestHash = hash.digest('hex');
    const where = { principal, method: c.req.method, path: c.req.path, key };
    const now = new Date();
    // Claims the key; a request already holding it is either at work (409) or answered (replayed).
    const claimed = await db
      .insertInto('idempotencyKeys')
      .values({ ...where, organizationSid: p.organizationSid, requestHash, status: IN_FLIGHT, created: now })
      .onConflict((oc) =>
        oc
          .columns(['principal', 'method', 'path', 'key'])
          .doUpdateSet({ requestHash, created: now })
          .where('idempotencyKeys.status', '=', IN_FLIGHT)
          .where('idempotencyKeys.created', '<', new Date(now.getTime() - IN_FLIGHT_MS)),
      )
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const stored = await db
        .selectFrom('idempotencyKeys')
        .selectAll()
        .where('principal', '=', principal)
        .where('method', '=', where.method)
        .where('path', '=', where.path)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (stored.requestHash !== requestHash) throw reused();
      if (stored.status === IN_FLIGHT) {
        throw new HttpError(
          409,
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still at work; retry when it has answered.',
          'Idempotency-Key',
        );
      }
      c.header('Idempotent-Replayed', 'true');
      return c.json(stored.body ?? null, stored.status as 200);
    }
    const release = () =>
      db
        .deleteFrom('idempotencyKeys')
        .where('principal', '=', principal)
        .where('method', '=', where.method)
        .where('path', '=', where.path)
        .where('key', '=', key)
        .execute();
    try {
      await next();
    } catch (error) {
      await release();
      throw error;
    }
    const status = c.res.status;
    // Only successes are kept: a refused request may be corrected and sent again with the same key.
    if (status < 200 || status >= 300) {
      await release();
      return;
    }
    const text = await c.res.clone().text();
    await db
      .updateTable('idempotencyKeys')
      .set({ status, body: text || 'null' })
      .where('principal', '=', principal)
      .where('method', '=', where.method)
      .where('path', '=', where.path)
      .where('key', '=', key)
      .execute();
  };
}
