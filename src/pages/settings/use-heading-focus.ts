// After a dialog deleted the row whose button opened it, the browser has
// nowhere to return the focus: it goes to the section's heading instead, once
// the dialog has closed (the dialog's own effect runs first, as a child).
import { useEffect, useRef } from 'react';

export function useHeadingFocus(dialogOpen: boolean) {
  const heading = useRef<HTMLHeadingElement>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (dialogOpen || !pending.current) return;
    pending.current = false;
    heading.current?.focus();
  }, [dialogOpen]);
  return {
    heading,
    /** Call as the dialog closes after its row went away. */
    focusHeadingAfterClose: () => {
      pending.current = true;
    },
  };
}
