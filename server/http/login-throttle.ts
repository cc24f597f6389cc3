// Slows password guessing without letting anyone lock an account (OWASP's
// authentication guidance): failures are counted per account at one client
// address and per address across accounts, never successes; past a few free
// failures each further one doubles the wait (2 s, 4 s, … up to 15 minutes)
// instead of locking. The owner signing in from another address is not
// slowed by someone guessing elsewhere. The counters live in the database,
// so the limits hold across every process on one PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from './errors.ts';

export interface ThrottleKey {
  key: string;
  /** Failures before the first wait. */
  free: number;
}

const MAX_WAIT_SECONDS = 15 * 60;
/** A quiet hour forgets a key's failures. */
const FORGET_AFTER_SECONDS = 60 * 60;

/** Failures of one account from one address: a person mistyping gets five before any wait. */
export const accountAtAddress = (account: string, address: string | null): ThrottleKey => ({
  key: `account:${account}|address:${address ?? 'unknown'}`,
  free: 5,
});

/** Failures from one address across all accounts: an office behind one address shares it, so it is generous. */
export const fromAddress = (scope: string, address: string): ThrottleKey => ({
  key: `${scope}-address:${address}`,
  free: 50,
});

/** Wrong current passwords on one user's password change: only a signed-in user gets there, so no address. */
export const passwordChangeOf = (userSid: string): ThrottleKey => ({ key: `password-change:${userSid}`, free: 5 });

/** Throws 429 with Retry-After when any of the keys is still waiting. */
export async function requireNotThrottled(
  db: Kysely<Database>,
  keys: readonly ThrottleKey[],
  now = new Date(),
): Promise<void> {
  if (!keys.length) return;
  const rows = await db
    .selectFrom('loginFailures')
    .select('blockedUntil')
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .where('blockedUntil', '>', now)
    .execute();
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  if (until > now.getTime()) {
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    throw new HttpError(429, 'rate_limited', `Too many failed attempts; try again in ${seconds} seconds.`, undefined, {
      retryAfterSeconds: seconds,
    });
  }
}

/** Counts one failure against each key, and sets its wait once past its free failures. */
export async function recordFailure(
  db: Kysely<Database>,
  keys: readonly ThrottleKey[],
  now = new Date(),
): Promise<void> {
  for (const { key, free } of keys) {
    // One statement per key: two processes counting at once both count.
    const failures = sql<number>`case when login_failures.last_failure < ${now}::timestamptz - make_interval(secs => ${FORGET_AFTER_SECONDS})
      then 1 else login_failures.failures + 1 end`;
    await db
      .insertInto('loginFailures')
      .values({ key, failures: 1, lastFailure: now, blockedUntil: free < 1 ? new Date(now.getTime() + 2000) : null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures,
          lastFailure: now,
          blockedUntil: sql<Date | null>`case when ${failures} > ${free}
            then ${now}::timestamptz + make_interval(secs => least(${MAX_WAIT_SECONDS}, power(2, ${failures} - ${free})))
            else null end`,
        }),
      )
      .execute();
  }
  // Keys quiet for a day are of no use any more.
  await db
    .deleteFrom('loginFailures')
    .where('lastFailure', '<', new Date(now.getTime() - 24 * 3600 * 1000))
    .execute();
}

/** After a success: the account's failures at this address are forgotten (the address's are not). */
export async function clearFailures(db: Kysely<Database>, key: ThrottleKey): Promise<void> {
  await db.deleteFrom('loginFailures').where('key', '=', key.key).execute();
}
