// Keeps the open page current while mounted (useLiveUpdates), and says so
// only while the stream is down: the page still refreshes, less often.
import { POLL_MS, useLiveUpdates } from './use-live-updates';

export function LiveUpdates() {
  const status = useLiveUpdates();
  const down = status === 'reconnecting';
  return (
    <p role="status" className={down ? 'bg-amber-50 px-4 py-1 text-center text-sm text-amber-900' : 'sr-only'}>
      {down ? `Reconnecting… This page refreshes every ${String(POLL_MS / 1000)} seconds meanwhile.` : ''}
    </p>
  );
}
