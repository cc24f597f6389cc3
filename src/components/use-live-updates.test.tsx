// The live-update hook against a stand-in EventSource (jsdom has none): what a
// change makes a page read again, and what happens when the stream drops.
import { useQuery } from '@tanstack/react-query';
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithClient } from '../test/render';
import { POLL_MS, useLiveUpdates } from './use-live-updates';

class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data = '{}') {
    if (type === 'ready') this.readyState = FakeEventSource.OPEN;
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  }
}

const reads = { flags: 0, users: 0 };

function Page() {
  const status = useLiveUpdates();
  useQuery({
    queryKey: ['/v1/flags/counts', { status: 'open' }],
    queryFn: () => ++reads.flags,
    staleTime: Infinity,
  });
  useQuery({ queryKey: ['/v1/users'], queryFn: () => ++reads.users, staleTime: Infinity });
  return <p>{status}</p>;
}

const latest = () => FakeEventSource.opened.at(-1)!;

beforeEach(() => {
  FakeEventSource.opened = [];
  reads.flags = 0;
  reads.users = 0;
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useLiveUpdates', () => {
  it('reads again what a change makes stale, and nothing else', async () => {
    renderWithClient(<Page />);
    await waitFor(() => {
      expect([reads.flags, reads.users]).toEqual([1, 1]);
    });
    expect(latest().url).toBe('/v1/live');
    act(() => {
      latest().emit('ready');
    });
    expect(await screen.findByText('live')).toBeTruthy();
    act(() => {
      latest().emit('change', JSON.stringify({ resource: 'itemGroups', sids: ['IG1'] }));
    });
    // A line's change: the flag count shows its lines' flags; the users list does not.
    await waitFor(() => {
      expect(reads.flags).toBe(2);
    });
    expect(reads.users).toBe(1);
    // Malformed data is ignored.
    act(() => {
      latest().emit('change', 'not json');
      latest().emit('change', JSON.stringify({ resource: 42 }));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([reads.flags, reads.users]).toEqual([2, 1]);
  });

  it('reads once for changes that come close together', async () => {
    renderWithClient(<Page />);
    await waitFor(() => {
      expect(reads.flags).toBe(1);
    });
    act(() => {
      latest().emit('ready');
      for (let i = 0; i < 20; i++) latest().emit('change', JSON.stringify({ resource: 'flags', sids: [`FL${i}`] }));
    });
    await waitFor(() => {
      expect(reads.flags).toBe(2);
    });
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(reads.flags).toBe(2);
  });

  it('polls while the stream is down, opens it again, and reads everything once when it is back', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderWithClient(<Page />);
    await waitFor(() => {
      expect(reads.flags).toBe(1);
    });
    act(() => {
      latest().emit('ready');
    });
    expect(await screen.findByText('live')).toBeTruthy();
    // The server refused the stream (a restart): closed for good, so the hook polls and opens a new one later.
    act(() => {
      latest().readyState = FakeEventSource.CLOSED;
      latest().emit('error');
    });
    expect(await screen.findByText('reconnecting')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    await waitFor(() => {
      expect([reads.flags, reads.users]).toEqual([2, 2]);
    });
    expect(FakeEventSource.opened.length).toBe(2);
    act(() => {
      latest().emit('ready');
    });
    expect(await screen.findByText('live')).toBeTruthy();
    // Back: what changed meanwhile is read once.
    await waitFor(() => {
      expect([reads.flags, reads.users]).toEqual([3, 3]);
    });
    // And no more polling.
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS * 2));
    expect([reads.flags, reads.users]).toEqual([3, 3]);
  });
});
