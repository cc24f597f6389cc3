// Credentials: session tokens (cookie or bearer), API keys and embed tokens.
// Tokens are random and stored only as SHA-256 hashes.
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/schema.ts';
import type { AppEnv, Principal } from './context.ts';
import { embedMayCall } from '../domain/embed/scope.ts';
import { forbidden, unauthenticated } from './errors.ts';

export const SESSION_COOKIE = 'factor_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** `count` tokens as randomToken makes them, from one draw of random bytes: a run makes thousands. */
export function randomTokens(prefix: string, count: number): string[] {
  const bytes = randomBytes(32 * count);
  return Array.from(
    { length: count },
    (_, i) => `${prefix}_${bytes.subarray(32 * i, 32 * (i + 1)).toString('base64url')}`,
  );
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which type stripping cannot import). */
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the const enum's value, see ARGON2ID
  return argonHash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

// Verified when the email is unknown, so that a miss takes as long as a wrong password.
let decoyHash: Promise<string> | null = null;
export async function verifyPassword(hashValue: string | null, password: string): Promise<boolean> {
  if (!hashValue) {
    decoyHash ??= hashPassword('decoy password, never valid');
    await argonVerify(await decoyHash, password).catch(() => false);
    return false;
  }
  return argonVerify(hashValue, password).catch(() => false);
}

/** A person as the history names them: "Ada Lovelace", or the email without a name. */
export function displayName(user: { firstName: string | null; lastName: string | null; email: string }): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name || user.email;
}

/** The vendors a vendor user answers for, across the buying organizations it serves. */
export function vendorLinksOf(db: Kysely<Database>, userSid: string) {
  return db
    .selectFrom('userVendors as uv')
    .innerJoin('vendors as v', 'v.sid', 'uv.vendorSid')
    .innerJoin('organizations as o', 'o.sid', 'v.organizationSid')
    .select(['uv.vendorSid', 'v.name as vendorName', 'v.organizationSid', 'o.name as organizationName'])
    .where('uv.userSid', '=', userSid)
    .orderBy('o.name')
    .orderBy('v.name')
    .execute();
}

export type VendorLink = Awaited<ReturnType<typeof vendorLinksOf>>[number];

/**
 * The organization a user's session reads and, for a vendor user, its vendors there, from the user's vendor links.
 * Staff always read their own organization; a vendor contact reads the one its session chose, while it still serves
 * it, else its own.
 */
export function scopeOf(
  user: { role: string; organizationSid: string },
  links: readonly VendorLink[],
  chosen: string | null,
): { organizationSid: string; vendorSids: string[] } {
  if (user.role !== 'vendor') return { organizationSid: user.organizationSid, vendorSids: [] };
  const organizationSid = chosen && links.some((l) => l.organizationSid === chosen) ? chosen : user.organizationSid;
  return {
    organizationSid,
    vendorSids: links.filter((l) => l.organizationSid === organizationSid).map((l) => l.vendorSid),
  };
}

/** The vendor links of a user, for a vendor user only (staff have none to read). */
export async function linksOfUser(db: Kysely<Database>, user: { sid: string; role: string }): Promise<VendorLink[]> {
  return user.role === 'vendor' ? vendorLinksOf(db, user.sid) : [];
}

async function principalForUser(
  db: Kysely<Database>,
  userSid: string,
  extra: Pick<Principal, 'via' | 'kind' | 'sessionSid' | 'apiKeySid' | 'embed'>,
  chosenOrganizationSid: string | null = null,
): Promise<Principal | null> {
  const user = await db.selectFrom('users').selectAll().where('sid', '=', userSid).executeTakeFirst();
  // A deactivated account's sessions, embed tokens and API keys all stop working.
  if (!user || user.deactivated) return null;
  const { organizationSid, vendorSids } = scopeOf(user, await linksOfUser(db, user), chosenOrganizationSid);
  return {
    userSid: user.sid,
    organizationSid,
    role: user.role,
    vendorSids,
    name: displayName(user),
    ...extra,
  };
}

function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1] : null;
}

/** Resolves the caller from a bearer token or the session cookie; null when there is none or it is not valid. */
export async function resolvePrincipal(db: Kysely<Database>, c: Context): Promise<Principal | null> {
  const bearer = bearerToken(c);
  const token = bearer ?? getCookie(c, SESSION_COOKIE) ?? null;
  if (!token) return null;
  const via = bearer ? 'bearer' : 'cookie';
  const now = new Date();
  if (token.startsWith('fk_')) {
    if (via === 'cookie') return null;
    const key = await db
      .selectFrom('apiKeys')
      .selectAll()
      .where('secretHash', '=', tokenHash(token))
      .where('revoked', '=', false)
      .executeTakeFirst();
    if (!key || (key.expiryDate && key.expiryDate <= now)) return null;
    const creator = await principalForUser(db, key.createdBy, {
      via,
      kind: 'api_key',
      sessionSid: null,
      apiKeySid: key.sid,
      embed: null,
    });
    if (!creator || creator.organizationSid !== key.organizationSid || creator.role === 'vendor') return null;
    // When it was last used, to the minute: one write a minute at most, whatever the key's traffic.
    if (!key.lastUsed || now.getTime() - key.lastUsed.getTime() >= 60_000) {
      await db.updateTable('apiKeys').set({ lastUsed: now }).where('sid', '=', key.sid).execute();
    }
    return { ...creator, name: `API key ${key.name}`, readOnly: key.scope === 'read' };
  }
  const session = await db
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', tokenHash(token))
    .where('revoked', 'is', null)
    .where('expires', '>', now)
    .executeTakeFirst();
  if (!session) return null;
  const kind = session.kind;
  return principalForUser(
    db,
    session.userSid,
    {
      via,
      kind,
      sessionSid: session.sid,
      apiKeySid: null,
      embed:
        kind === 'embed'
          ? {
              view: session.embedView ?? '',
              recordSid: session.embedRecordSid,
              vendorSid: session.embedVendorSid,
            }
          : null,
    },
    session.organizationSid,
  );
}

const PUBLIC = new Set([
  'POST /v1/session/login',
  'POST /v1/session/vendorLink',
  // The invitation's token is the credential.
  'POST /v1/session/invite',
  // An old link's token is the credential: a fresh link goes to its owner's address only.
  'POST /v1/session/vendorLink/renew',
  // The signed unsubscribe link of an email: its signature is the credential.
  'GET /v1/emailOptOuts/unsubscribe',
  'POST /v1/emailOptOuts/unsubscribe',
]);

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin) return c.req.header('sec-fetch-site') === 'same-origin';
  return origin === c.get('publicOrigin') || origin === new URL(c.req.url).origin;
}

/** Requires a principal on every /v1 route but login; checks Origin on cookie writes; embeds are read-only. */
export function authenticate(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (PUBLIC.has(`${c.req.method} ${c.req.path}`)) return next();
    const principal = await resolvePrincipal(db, c);
    if (!principal) throw unauthenticated();
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (write && principal.via === 'cookie' && !sameOrigin(c)) {
      throw forbidden('This write did not come from the app’s own origin.');
    }
    if (principal.readOnly && write) throw forbidden('This API key may only read (its scope is read).');
    if (principal.kind === 'embed' && !embedMayCall(principal.embed, c.req.method, c.req.path, c.req.queries())) {
      throw forbidden(
        write
          ? 'Embedded views are read-only.'
          : `An embed token for the ${principal.embed?.view ?? 'unknown'} view may not read this${
              principal.embed?.recordSid || principal.embed?.vendorSid ? ': it is held to one record or vendor' : ''
            }.`,
      );
    }
    c.set('principal', principal);
    return next();
  };
}
