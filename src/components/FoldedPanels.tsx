// A table page's saved views and filters on a narrow screen (below `lg`):
// folded behind two buttons, so the first screen shows the table's first rows
// rather than the panels. On a wide screen the buttons are gone and the panels
// always show (a folded panel's class is `hidden lg:block`, or the filters'
// own equivalent).
import { useCallback, useId, useState, type ReactNode } from 'react';

/** A panel that folds away on a narrow screen: its element's id and whether it is open there. */
interface FoldedPanel {
  id: string;
  open: boolean;
  toggle: () => void;
}

/** One folded panel's state; closed at first. */
export function useFoldedPanel(): FoldedPanel {
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggle = useCallback(() => {
    setOpen((was) => !was);
  }, []);
  return { id, open, toggle };
}

/** A button that shows or hides a panel of the page (a disclosure); narrow screens only. */
function DisclosureButton({ panel, children }: { panel: FoldedPanel; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-expanded={panel.open}
      aria-controls={panel.id}
      onClick={panel.toggle}
      className="inline-flex min-h-11 items-center justify-between gap-2 rounded border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-100"
    >
      <span className="truncate">{children}</span>
      <span aria-hidden="true">{panel.open ? '▴' : '▾'}</span>
    </button>
  );
}

/**
 * The "Saved views" and "Filters" buttons of a narrow screen; the second
 * tells how many filters are set, so a folded filter is not a forgotten one.
 */
export function FoldedPanelButtons({
  views,
  filters,
  filterCount,
}: {
  views: FoldedPanel;
  filters: FoldedPanel;
  /** How many of the folded filters are set. */
  filterCount: number;
}) {
  return (
    <div className="mb-3 grid grid-cols-2 gap-2 lg:hidden">
      <DisclosureButton panel={views}>Saved views</DisclosureButton>
      <DisclosureButton panel={filters}>Filters{filterCount > 0 ? ` (${filterCount} set)` : ''}</DisclosureButton>
    </div>
  );
}
