// A toast with an undo action: its own module, so that only the pages that
// offer undo carry it (the vendor portal's first load is budgeted).
import { withToast } from './toast';

/**
 * A success toast with one action (e.g. "Undo") for `durationMs`; the action
 * runs at most once, and the toast closes when it is chosen.
 */
export function notifyWithUndo(message: string, label: string, onUndo: () => void, durationMs = 10_000): void {
  let done = false;
  withToast((toast) => {
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
