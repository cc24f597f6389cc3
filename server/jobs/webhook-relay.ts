// Sends the webhook calls of cadence transitions (webhook_deliveries): each
// pending delivery that is due is claimed in a short transaction (skipping
// those another process holds, and leasing them for a few minutes so that no
// transaction stays open while a receiver answers), POSTed, and marked. A 2xx
// answer delivers it; anything else (another status, a redirect, which is not
// followed, a timeout, a refused connection) is tried again after 1, 2, 4, 8 …
// minutes until a day after the first attempt, then it has failed. Delivery
// is at least once: the receiver drops a repeat by its X-Factor-Delivery id.
//
// Each call is signed: X-Factor-Signature is sha256=<hex HMAC-SHA256 of
// "<X-Factor-Timestamp>.<body>"> keyed by the organization's webhook secret
// (organizationWebhookSecret), derived from a key kept in app_secrets.
//
// A call reaches public internet addresses only (server/domain/network-address.ts):
// the URL may not name another, and its host name is checked as the connection
// resolves it, so a name that resolves to the local network, then or later,
// is not connected to.
import { sql, type Kysely } from 'kysely';
import { createHmac, randomBytes } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Database } from '../db/schema.ts';
import { addressRefusal } from '../domain/network-address.ts';
import { organizationTime } from './clock.ts';

type Db = Kysely<Database>;

/** A receiver has this long to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Retries stop this long after the first attempt. */
export const WEBHOOK_RETRY_MS = 86_400_000;
const FIRST_RETRY_MS = 60_000;
/** A claimed delivery is left alone this long by other relays (a relay that dies meanwhile loses it for no longer). */
const CLAIM_MS = 5 * 60_000;
/** Deliveries claimed and sent at a time. */
const BATCH = 20;
/** The app secret every organization's webhook secret is derived from. */
const SECRET_NAME = 'webhook_signing';
/** Hosts a webhook may reach over plain http, outside production. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface WebhookRelayOptions {
  /** Real time, plus the development offset of the database clock. */
  now: Date;
  /** How a call is made (tests); postWebhook by default. */
  post?: WebhookPost;
  /** At most this many deliveries per call. */
  limit?: number;
}

export interface WebhookRelaySummary {
  delivered: number;
  /** Failed attempts that will be tried again. */
  retried: number;
  /** Given up: out of time, or a URL that may not be called. */
  failed: number;
}

/**
 * Why a URL may not be called, or null when it may: https to a public host, or http to this machine outside
 * production. An address in the URL (in any spelling the URL parser reads as one) must be public, and this machine's
 * name is refused in production; a host name's addresses are checked again as each call connects (postWebhook).
 */
export function webhookUrlRefusal(url: string, environment = process.env.NODE_ENV): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The webhook URL is not a URL.';
  }
  if (parsed.username || parsed.password) return 'The webhook URL may not carry credentials.';
  const production = environment === 'production';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (isIP(host)) {
    const refusal = addressRefusal(host, production);
    if (refusal) return `The webhook URL must reach a public address: ${refusal}`;
  } else if (production && (host === 'localhost' || host.endsWith('.localhost'))) {
    return 'The webhook URL must reach a public address, not this machine.';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && !production && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return 'The webhook URL must use https (plain http only to localhost, outside production).';
}

/** A webhook call: POST `body` to `url` with `headers`; resolves with the answer's status, rejects when none came. */
export type WebhookPost = (url: string, init: { headers: Record<string, string>; body: string }) => Promise<number>;

/**
 * A DNS lookup that leaves out the addresses a call may not reach (addressRefusal), and fails when none is left:
 * the connection is made to an address it answers, so a host name cannot send a call to the local network.
 */
export function guardedLookup(environment = process.env.NODE_ENV): LookupFunction {
  const production = environment === 'production';
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const allowed = addresses.filter((a) => addressRefusal(a.address, production) === null);
      if (allowed.length === 0) {
        const refusal = Object.assign(
          new Error(`${hostname} resolves to ${addresses.map((a) => a.address).join(', ')}: not a public address.`),
          { code: 'EADDRNOTPUBLIC' },
        );
        callback(refusal, '', 0);
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/**
 * Makes a webhook call over node's HTTP client, connecting through guardedLookup; a redirect is not followed and the
 * answer's body is not read. Gives up after WEBHOOK_TIMEOUT_MS.
 */
export function postWebhook(environment = process.env.NODE_ENV): WebhookPost {
  const lookup = guardedLookup(environment);
  return (url, init) =>
    new Promise<number>((resolve, reject) => {
      const target = new URL(url);
      const options: RequestOptions = {
        method: 'POST',
        headers: { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) },
        lookup,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      };
      const answered = (response: IncomingMessage) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      };
      const request =
        target.protocol === 'https:' ? httpsRequest(target, options, answered) : httpRequest(target, options, answered);
      request.on('error', reject);
      request.end(init.body);
    });
}

/** The app's webhook key, made by the first process to ask and shared by all through the database. */
async function signingKey(db: Db): Promise<string> {
  await db
    .insertInto('appSecrets')
    .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('appSecrets')
    .select('value')
    .where('name', '=', SECRET_NAME)
    .executeTakeFirstOrThrow();
  return row.value;
}

function secretFor(key: string, organizationSid: string): string {
  return `whsec_${createHmac('sha256', key).update(`webhook\n${organizationSid}`).digest('base64url')}`;
}

/** The secret an organization's webhook receivers verify signatures with. */
export async function organizationWebhookSecret(db: Db, organizationSid: string): Promise<string> {
  return secretFor(await signingKey(db), organizationSid);
}

/** The X-Factor-Signature of a body sent at a time (unix seconds), with an organization's secret. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface Claimed {
  sid: string;
  organizationSid: string;
  url: string;
  body: string;
  attempts: number;
  firstAttemptAt: Date | null;
  offsetDays: number;
}

type Outcome =
  { kind: 'answered'; status: number } | { kind: 'error'; error: string } | { kind: 'refused'; error: string };

export async function relayWebhooks(db: Db, options: WebhookRelayOptions): Promise<WebhookRelaySummary> {
  const { now } = options;
  const send = options.post ?? postWebhook();
  const limit = options.limit ?? 200;
  const summary: WebhookRelaySummary = { delivered: 0, retried: 0, failed: 0 };
  let key: string | null = null;
  const secrets = new Map<string, string>();

  for (let done = 0; done < limit;) {
    // A development setup may run an organization's clock ahead (clock.ts): its deliveries are due by it.
    const claimed = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<Claimed>`select d.sid, d.organization_sid, d.url, d.body::text as body, d.attempts,
          d.first_attempt_at, coalesce(s.clock_offset_days, 0) as offset_days
        from webhook_deliveries d
        left join organization_settings s on s.organization_sid = d.organization_sid
        where d.status = 'pending'
          and d.next_attempt_at <= ${now}::timestamptz + make_interval(days => coalesce(s.clock_offset_days, 0))
        order by d.next_attempt_at, d.sid
        limit ${Math.min(BATCH, limit - done)}
        for update of d skip locked`.execute(tx);
      if (rows.length) {
        await sql`update webhook_deliveries d set next_attempt_at = v.lease
          from unnest(${rows.map((r) => r.sid)}::text[],
            ${rows.map((r) => new Date(organizationTime(now, r.offsetDays).getTime() + CLAIM_MS).toISOString())}::timestamptz[])
            as v(sid, lease)
          where d.sid = v.sid`.execute(tx);
      }
      return rows;
    });
    if (!claimed.length) break;
    done += claimed.length;
    key ??= await signingKey(db);
    const signing = key;
    const outcomes = await Promise.all(
      claimed.map((d) => {
        let secret = secrets.get(d.organizationSid);
        if (secret === undefined) secrets.set(d.organizationSid, (secret = secretFor(signing, d.organizationSid)));
        return deliver(d, secret, now, send);
      }),
    );
    await record(db, now, claimed, outcomes, summary);
  }
  return summary;
}

async function deliver(d: Claimed, secret: string, now: Date, send: WebhookPost): Promise<Outcome> {
  const refusal = webhookUrlRefusal(d.url);
  if (refusal) return { kind: 'refused', error: refusal };
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const status = await send(d.url, {
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Factor-Webhooks/1',
        'X-Factor-Delivery': d.sid,
        'X-Factor-Timestamp': String(timestamp),
        'X-Factor-Signature': webhookSignature(secret, timestamp, d.body),
      },
      body: d.body,
    });
    return { kind: 'answered', status };
  } catch (error) {
    return { kind: 'error', error: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // The request's timeout aborts it: an AbortError caused by a TimeoutError.
    const timedOut = [error, error.cause].some((e) => e instanceof Error && e.name === 'TimeoutError');
    if (timedOut) return `No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s.`;
    return error.message.slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}

/** Marks the batch's deliveries by their outcomes, in one statement. */
async function record(
  db: Db,
  now: Date,
  claimed: readonly Claimed[],
  outcomes: readonly Outcome[],
  summary: WebhookRelaySummary,
): Promise<void> {
  const rows = claimed.map((d, i) => {
    const outcome = outcomes[i];
    const at = organizationTime(now, d.offsetDays);
    if (outcome.kind === 'refused') {
      summary.failed++;
      return {
        sid: d.sid,
        status: 'failed',
        attempts: d.attempts,
        code: null,
        error: outcome.error,
        next: null,
        first: d.firstAttemptAt,
        delivered: null,
        at,
      };
    }
    const attempts = d.attempts + 1;
    const first = d.firstAttemptAt ?? at;
    const code = outcome.kind === 'answered' ? outcome.status : null;
    if (code !== null && code >= 200 && code < 300) {
      summary.delivered++;
      return { sid: d.sid, status: 'delivered', attempts, code, error: null, next: null, first, delivered: at, at };
    }
    const error = outcome.kind === 'error' ? outcome.error : `HTTP ${code ?? ''}`.trim();
    const next = new Date(at.getTime() + FIRST_RETRY_MS * 2 ** Math.min(attempts - 1, 30));
    const giveUp = next.getTime() > first.getTime() + WEBHOOK_RETRY_MS;
    if (giveUp) summary.failed++;
    else summary.retried++;
    return {
      sid: d.sid,
      status: giveUp ? 'failed' : 'pending',
      attempts,
      code,
      error,
      next: giveUp ? null : next,
      first,
      delivered: null,
      at,
    };
  });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  await sql`update webhook_deliveries d set status = v.status, attempts = v.attempts, last_status_code = v.code,
      last_error = v.error, next_attempt_at = v.next, first_attempt_at = v.first, delivered = v.delivered,
      updated = v.at
    from unnest(${rows.map((r) => r.sid)}::text[], ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => r.attempts)}::int[], ${rows.map((r) => r.code)}::int[], ${rows.map((r) => r.error)}::text[],
      ${rows.map((r) => iso(r.next))}::timestamptz[], ${rows.map((r) => iso(r.first))}::timestamptz[],
      ${rows.map((r) => iso(r.delivered))}::timestamptz[], ${rows.map((r) => r.at.toISOString())}::timestamptz[])
      as v(sid, status, attempts, code, error, next, first, delivered, at)
    where d.sid = v.sid`.execute(db);
}
