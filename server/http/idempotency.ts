// Idempotency-Key on POST: a retried request gets the first answer again
// instead of doing the work twice.
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from './context.ts';
import { badRequest, HttpError } from './errors.ts';

// Answers that carry a secret shown once (API keys, embed and session tokens) are
// never stored: a retry of these creates anew instead of replaying the secret.
const SECRET_ANSWERS = new Set(['/v1/apiKeys', '/v1/embedSessions', '/v1/session/login', '/v1/session/vendorLink']);

export function idempotency(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || !key || SECRET_ANSWERS.has(c.req.path)) return next();
    if (key.length > 255) throw badRequest('Idempotency-Key is longer than 255 characters.', 'Idempotency-Key');
    const principal = c.get('principal');
    const organizationSid = principal.organizationSid;
    const stored = await db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('organizationSid', '=', organizationSid)
      .where('key', '=', key)
      .executeTakeFirst();
    if (stored) {
      if (stored.method !== c.req.method || stored.path !== c.req.path) {
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request.',
          'Idempotency-Key',
        );
      }
      c.header('Idempotent-Replayed', 'true');
      return c.json(stored.body ?? null, stored.status as 200);
    }
    await next();
    const status = c.res.status;
    if (status >= 200 && status < 300) {
      const text = await c.res.clone().text();
      await db
        .insertInto('idempotencyKeys')
        .values({
          organizationSid,
          key,
          method: c.req.method,
          path: c.req.path,
          status,
          body: text || 'null',
          created: new Date(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  };
}
