// The buyer the server benches call the API as: a user of the bench's
// organization with a signed-in session, written straight to the database.
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema.ts';
import { newSid } from '../server/domain/sid.ts';
import { randomToken, SESSION_TTL_MS, tokenHash } from '../server/http/auth.ts';

/** Creates the buyer and a session; resolves with the session's bearer token. */
export async function benchBuyer(
  db: Kysely<Database>,
  organizationSid: string,
  userSid: string,
  email: string,
  now = new Date(),
): Promise<string> {
  await db
    .insertInto('users')
    .values({
      sid: userSid,
      organizationSid,
      email,
      firstName: 'Bench',
      lastName: null,
      phoneNumber: null,
      passwordHash: null,
      role: 'buyer',
      created: now,
      updated: now,
    })
    .execute();
  const token = randomToken('fs');
  await db
    .insertInto('sessions')
    .values({
      sid: newSid('SE'),
      tokenHash: tokenHash(token),
      userSid,
      kind: 'login',
      embedOrigin: null,
      embedView: null,
      created: now,
      expires: new Date(Date.now() + SESSION_TTL_MS),
    })
    .execute();
  return token;
}
