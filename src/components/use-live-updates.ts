// Keeps open pages current: the server's stream of changes (GET /v1/live)
// marks the matching cached reads stale, and the mounted ones read again.
// Changes arriving close together are read once. While the stream is down
// the open reads are refreshed every POLL_MS instead (not in a hidden tab),
// and when it comes back everything open is read once, for what was missed.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getGetSessionQueryKey } from '../api/generated/hooks/session/session';
import { getStreamLiveChangesUrl } from '../api/generated/hooks/live/live';
import { isApiRead, isStale, staleCollections, type LiveChangeMessage } from '../lib/live-invalidation';

/** `reconnecting`: the stream dropped and pages poll meanwhile; `unsupported`: no EventSource, pages poll. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unsupported';

/** The first change of a quiet spell is read after this; later ones wait for the next window. */
const FIRST_READ_MS = 50;
/** At most one round of reads per window, however busy the organization. */
const READ_WINDOW_MS = 700;
/** Refresh interval while the stream is down. */
export const POLL_MS = 30_000;
/** A stream the server refused (not merely dropped) is opened again after this, doubling up to a minute. */
const REOPEN_MS = 5_000;
const MAX_REOPEN_MS = 60_000;

function isChangeMessage(value: unknown): value is LiveChangeMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { resource, sids } = value as Record<string, unknown>;
  return typeof resource === 'string' && Array.isArray(sids);
}

function refreshAll(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => isApiRead(query.queryKey) });
}

/** Opens the stream while mounted; answers whether pages are live or polling meanwhile. */
export function useLiveUpdates(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>(() =>
    typeof EventSource === 'undefined' ? 'unsupported' : 'connecting',
  );

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      const poll = setInterval(() => {
        if (document.visibilityState === 'visible') void refreshAll(client);
      }, POLL_MS);
      return () => {
        clearInterval(poll);
      };
    }
    let source: EventSource | null = null;
    let stopped = false;
    let pending = new Set<string>();
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let lastFlush = 0;
    let poll: ReturnType<typeof setInterval> | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let reopenDelay = REOPEN_MS;
    let missed = false;

    const flush = () => {
      flushTimer = null;
      lastFlush = Date.now();
      const stale = pending;
      pending = new Set();
      void client.invalidateQueries({ predicate: (query) => isStale(query.queryKey, stale) });
    };
    const schedule = () => {
      if (flushTimer) return;
      const wait = Math.max(FIRST_READ_MS, lastFlush + READ_WINDOW_MS - Date.now());
      flushTimer = setTimeout(flush, wait);
    };
    const startPolling = () => {
      setStatus('reconnecting');
      missed = true;
      poll ??= setInterval(() => {
        if (document.visibilityState === 'visible') void refreshAll(client);
      }, POLL_MS);
    };
    const stopPolling = () => {
      if (poll) clearInterval(poll);
      poll = null;
    };
    const reopenLater = () => {
      if (stopped || reopenTimer) return;
      reopenTimer = setTimeout(() => {
        reopenTimer = null;
        if (!stopped) open();
      }, reopenDelay);
      reopenDelay = Math.min(reopenDelay * 2, MAX_REOPEN_MS);
    };
    const open = () => {
      const next = new EventSource(getStreamLiveChangesUrl());
      source = next;
      next.addEventListener('ready', () => {
        reopenDelay = REOPEN_MS;
        stopPolling();
        setStatus('live');
        if (missed) void refreshAll(client);
        missed = false;
      });
      next.addEventListener('change', (event) => {
        let message: unknown;
        try {
          message = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return;
        }
        if (!isChangeMessage(message)) return;
        for (const collection of staleCollections(message)) pending.add(collection);
        schedule();
      });
      next.addEventListener('end', () => {
        // The session ended or moved to another organization: the session read decides where the user goes,
        // and a stream for the session as it is now is opened again.
        next.close();
        void client.invalidateQueries({ queryKey: getGetSessionQueryKey() });
        startPolling();
        reopenLater();
      });
      next.addEventListener('error', () => {
        startPolling();
        // A dropped stream is opened again by the browser; a refused one (401, 503) is closed for good.
        if (next.readyState === EventSource.CLOSED) reopenLater();
      });
    };
    open();
    return () => {
      stopped = true;
      source?.close();
      stopPolling();
      if (flushTimer) clearTimeout(flushTimer);
      if (reopenTimer) clearTimeout(reopenTimer);
    };
  }, [client]);

  return status;
}
