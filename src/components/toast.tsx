// Toasts: sonner renders an aria-live region, so screen readers hear them.
// It loads after the first paint (its own chunk), keeping it out of the
// first-load budget; a toast asked for earlier waits for the same load.
import { lazy, Suspense } from 'react';

const loadSonner = () => import('sonner');
const SonnerToaster = lazy(async () => ({ default: (await loadSonner()).Toaster }));

export function Toaster() {
  return (
    <Suspense fallback={null}>
      <SonnerToaster position="bottom-right" closeButton />
    </Suspense>
  );
}

function show(kind: 'info' | 'success' | 'error', message: string): void {
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
