// Toasts: sonner renders an aria-live region, so screen readers hear them.
// Its code (its own chunk, with its styles) stays out of the page's load: the
// region mounts once the page has settled, so that it is there before a toast
// is put in it, or at once when a toast is asked for sooner; that toast waits
// for the same load and is shown when the region has subscribed.
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';

const loadSonner = () => import('sonner');
const SonnerToaster = lazy(async () => ({ default: (await loadSonner()).Toaster }));

/** After this long on the page, the region mounts even if no toast was asked for. */
const SETTLED_MS = 3000;

let regionWanted = false;
const regionListeners = new Set<() => void>();

function wantRegion(): void {
  if (regionWanted) return;
  regionWanted = true;
  for (const listener of regionListeners) listener();
}

function subscribeRegion(listener: () => void): () => void {
  regionListeners.add(listener);
  return () => regionListeners.delete(listener);
}

export function Toaster() {
  const wanted = useSyncExternalStore(subscribeRegion, () => regionWanted);
  useEffect(() => {
    const timer = setTimeout(wantRegion, SETTLED_MS);
    return () => {
      clearTimeout(timer);
    };
  }, []);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <SonnerToaster position="bottom-right" closeButton />
    </Suspense>
  );
}

function show(kind: 'info' | 'success' | 'error', message: string): void {
  wantRegion();
  void loadSonner().then(({ toast }) => {
    toast[kind](message);
  });
}

export function notifyInfo(message: string): void {
  show('info', message);
}

export function notifySuccess(message: string): void {
  show('success', message);
}

export function notifyError(message: string): void {
  show('error', message);
}

/**
 * A success toast with one action (e.g. "Undo") for `durationMs`; the action
 * runs at most once, and the toast closes when it is chosen.
 */
export function notifyWithUndo(message: string, label: string, onUndo: () => void, durationMs = 10_000): void {
  let done = false;
  wantRegion();
  void loadSonner().then(({ toast }) => {
    toast.success(message, {
      duration: durationMs,
      action: {
        label,
        onClick: () => {
          if (done) return;
          done = true;
          onUndo();
        },
      },
    });
  });
}
