import { useEffect, useRef, useState } from 'react';

/**
 * A scroll region's Tab stop, only while it has something to scroll: a
 * keyboard user scrolls an overflowing region once it has the focus (axe's
 * scrollable-region-focusable), but a region whose content fits would be a
 * Tab stop that does nothing. Checked as the region mounts and again whenever
 * the region or its content (the table, which grows as rows load) is resized.
 *
 * Give the region `regionRef` as its ref and `tabIndex` (0 or none).
 */
export function useScrollFocusable<T extends HTMLElement = HTMLDivElement>() {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const region = ref.current;
    if (!region) return;
    const check = () => {
      setOverflows(region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight);
    };
    // Read in an effect, once the page is laid out (as a rule, painted), not in React's commit where it would force a layout.
    check();
    // Without ResizeObserver (an old browser, a test DOM) the first reading stands.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(check);
    observer.observe(region);
    for (const content of region.children) observer.observe(content);
    return () => {
      observer.disconnect();
    };
  }, []);
  return { regionRef: ref, tabIndex: overflows ? 0 : undefined };
}
