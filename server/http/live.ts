// Live updates in this process: the hub hands every change heard on the
// database channel to the streams that may hear it, and the middleware
// announces each successful write of the API.
import type { MiddlewareHandler } from 'hono';
import { listenForChanges, publishChanges, vendorsOfRecords, type LiveSource } from '../db/live-bus.ts';
import type { Db } from '../db/schema.ts';
import {
  changeOfWrite,
  hears,
  SESSIONS_RESOURCE,
  messageOf,
  sidsOfAnswer,
  type LiveChange,
  type LiveMessage,
  type LiveSubscriber,
} from '../domain/live.ts';
import type { AppEnv } from './context.ts';

export interface LiveStream extends LiveSubscriber {
  userSid: string;
  sessionSid: string | null;
  send(message: LiveMessage): void;
  /** Checks the session again now (it was signed out, or its user changed): the stream ends if its scope did. */
  recheck(): void;
}

/** A session may hold this many streams at once (a few tabs); one more closes its oldest. */
export const MAX_STREAMS_PER_SESSION = 8;

export class LiveHub {
  /** Open streams by organization: a change is matched against its own organization's streams only. */
  private readonly streams = new Map<string, Set<LiveStream>>();
  private readonly closers = new WeakMap<LiveStream, () => void>();

  /** Adds a stream; `close` ends it when the session opens too many. Returns the function that removes it. */
  subscribe(stream: LiveStream, close: () => void): () => void {
    let own = this.streams.get(stream.organizationSid);
    if (!own) {
      own = new Set();
      this.streams.set(stream.organizationSid, own);
    }
    if (stream.sessionSid !== null) {
      const same = [...own].filter((s) => s.sessionSid === stream.sessionSid);
      if (same.length >= MAX_STREAMS_PER_SESSION) this.closers.get(same[0])?.();
    }
    own.add(stream);
    this.closers.set(stream, close);
    return () => {
      const set = this.streams.get(stream.organizationSid);
      set?.delete(stream);
      if (set?.size === 0) this.streams.delete(stream.organizationSid);
    };
  }

  /**
   * Hands a change to every stream that may hear it. A change to sessions (sign-out, another organization chosen)
   * or to a user makes their streams check the session again; sessions are never announced to pages.
   */
  deliver(change: LiveChange): void {
    const own = this.streams.get(change.organizationSid);
    if (!own) return;
    if (change.resource === SESSIONS_RESOURCE || change.resource === 'users') {
      for (const stream of own) {
        const named = change.resource === SESSIONS_RESOURCE ? stream.sessionSid : stream.userSid;
        if (named !== null && change.sids.includes(named)) stream.recheck();
      }
      if (change.resource === SESSIONS_RESOURCE) return;
    }
    const message = messageOf(change);
    for (const stream of own) if (hears(stream, change)) stream.send(message);
  }

  /** Ends every stream (the process is stopping: an open stream would keep its server from closing). */
  closeAll(): void {
    for (const set of this.streams.values()) for (const stream of set) this.closers.get(stream)?.();
  }

  /** Open streams, all organizations together (the benchmark's figure). */
  get size(): number {
    let total = 0;
    for (const set of this.streams.values()) total += set.size;
    return total;
  }
}

export interface LiveUpdates {
  hub: LiveHub;
  close(): Promise<void>;
}

/** Starts hearing the database's changes into a new hub. */
export async function startLiveUpdates(source: LiveSource): Promise<LiveUpdates> {
  const hub = new LiveHub();
  const listener = await listenForChanges(source, (change) => {
    hub.deliver(change);
  });
  return { hub, close: () => listener.close() };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Announces every successful write of the API: the record its path names (its vendors read before the write,
 * so a deleted line still reaches its vendor), or those its answer names (a create, a bulk edit).
 */
export function announceWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const write = changeOfWrite(c.req.method, c.req.path);
    if (!write) return next();
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    if (!principal) return next();
    const db: Db = c.get('db');
    const organizationSid = principal.organizationSid;
    const vendorsBefore =
      write.sid === null ? [] : await vendorsOfRecords(db, organizationSid, write.resource, [write.sid]);
    await next();
    if (!isSuccess(c.res.status) || c.get('unchanged') === true) return;
    try {
      let sids = write.sid === null ? [] : [write.sid];
      let vendorSids = vendorsBefore;
      if (write.sid === null && c.res.headers.get('content-type')?.startsWith('application/json')) {
        sids = sidsOfAnswer(await c.res.clone().json());
        vendorSids = await vendorsOfRecords(db, organizationSid, write.resource, sids);
      }
      await publishChanges(db, [{ organizationSid, resource: write.resource, sids, vendorSids }]);
    } catch (error) {
      // The write stands; pages that missed this change see it on their next read.
      console.error('Could not announce a change:', error);
    }
  };
}
