// GET /v1/live (streamLiveChanges, our addition): a server-sent events stream
// of the changes the session may read, as { resource, sids }. It opens with a
// "ready" event, keeps the connection warm with a comment, and ends once the
// session no longer reads what it read when the stream opened (signed out,
// expired, revoked, another organization chosen, a vendor link removed).
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { resolvePrincipal } from '../http/auth.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import type { LiveStream } from '../http/live.ts';
import { dbOf, principalOf, strictQuery } from './support.ts';
import { StreamLiveChangesQueryParams } from '../../src/api/generated/zod/live/live.zod.ts';

/** How often the stream proves it is alive (proxies close a silent connection). */
export const LIVE_HEARTBEAT_MS = 15_000;
/**
 * Every so many heartbeats the session is checked again, for an expiry: sign-outs, another organization and changed
 * users are announced at once (announceSessionChange, the users resource), so this is only the backstop.
 */
const CHECK_EVERY_HEARTBEATS = 4;
/** How long a browser waits before it opens a dropped stream again. */
const RETRY_MS = 2000;

const sameScope = (a: Principal, b: Principal | null): boolean =>
  b !== null &&
  a.userSid === b.userSid &&
  a.organizationSid === b.organizationSid &&
  a.role === b.role &&
  a.vendorSids.length === b.vendorSids.length &&
  a.vendorSids.every((sid) => b.vendorSids.includes(sid));

export function registerLive(app: Hono<AppEnv>): void {
  const query = strictQuery(StreamLiveChangesQueryParams);
  app.get('/v1/live', (c) => {
    const principal = principalOf(c);
    const { once } = queryParams(c, query);
    const hub = c.get('live');
    if (!hub)
      throw new HttpError(503, 'unavailable', 'Live updates are not running in this process; read again to refresh.');
    const db = dbOf(c);
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'ready', data: '{}', retry: RETRY_MS });
      if (once) return;
      let ended = false;
      let wake: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const end = () => {
        ended = true;
        wake();
      };
      // The session's scope, checked again on each heartbeat and whenever its session or user changes.
      let checking = false;
      const check = async () => {
        if (checking || ended) return;
        checking = true;
        try {
          const current = await resolvePrincipal(db, c).catch(() => null);
          if (ended) return;
          if (!sameScope(principal, current)) {
            await stream.writeSSE({ event: 'end', data: JSON.stringify({ reason: 'session' }) }).catch(() => undefined);
            end();
          }
        } finally {
          checking = false;
        }
      };
      const subscriber: LiveStream = {
        organizationSid: principal.organizationSid,
        role: principal.role,
        vendorSids: principal.vendorSids,
        userSid: principal.userSid,
        sessionSid: principal.sessionSid,
        send: (message) => {
          if (!ended) void stream.writeSSE({ event: 'change', data: JSON.stringify(message) }).catch(end);
        },
        recheck: () => void check().catch(end),
      };
      const unsubscribe = hub.subscribe(subscriber, end);
      stream.onAbort(end);
      let beats = 0;
      const heartbeat = setInterval(() => {
        beats += 1;
        void (beats % CHECK_EVERY_HEARTBEATS === 0 ? check() : Promise.resolve())
          .then(() => (ended ? undefined : stream.write(': alive\n\n')))
          .catch(end);
      }, LIVE_HEARTBEAT_MS);
      try {
        await finished;
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
}
