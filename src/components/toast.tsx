// Toasts: sonner renders an aria-live region, so screen readers hear them.
// Its code (its own chunk, with its styles) stays out of the page's load: the
// region mounts once the page has settled, so that it is there before a toast
// is put in it, or at once when a toast is asked for sooner; that toast waits
// for the same load and is shown when the region has subscribed.
import { lazy, Suspense, useEffect, useState } from 'react';

const loadSonner = () => import('sonner');
const SonnerToaster = lazy(async () => ({ default: (await loadSonner()).Toaster }));

/** After this long on the page, the region mounts even if no toast was asked for. */
const SETTLED_MS = 3000;

let regionWanted = false;
/** The mounted Toaster's way to show its region (one Toaster per page). */
let showRegion: (() => void) | undefined;

function wantRegion(): void {
  regionWanted = true;
  showRegion?.();
}

export function Toaster() {
  const [shown, setShown] = useState(regionWanted);
  useEffect(() => {
    showRegion = () => {
      setShown(true);
    };
    // A toast asked for between the first render and now.
    if (regionWanted) showRegion();
    const timer = setTimeout(wantRegion, SETTLED_MS);
    return () => {
      clearTimeout(timer);
      showRegion = undefined;
    };
  }, []);
  return (
    shown && (
      <Suspense fallback={null}>
        <SonnerToaster position="bottom-right" closeButton />
      </Suspense>
    )
  );
}

/** Runs `use` with sonner's toast once its code is there, the region mounted for it. */
export function withToast(use: (toast: typeof import('sonner').toast) => void): void {
  wantRegion();
  void loadSonner().then(({ toast }) => {
    use(toast);
  });
}

export function notifyInfo(message: string): void {
  withToast((toast) => toast.info(message));
}

export function notifySuccess(message: string): void {
  withToast((toast) => toast.success(message));
}

export function notifyError(message: string): void {
  withToast((toast) => toast.error(message));
}
