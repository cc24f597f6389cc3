// The schedule grid's columns: what each shows, how wide it may get, and which
// field (if any) Enter edits. Links are plain anchors (cheap to render by the
// thousand while scrolling); the grid routes their clicks in the app.
import type { ReactNode } from 'react';
import type { ItemGroup, ItemGroupRisk } from '../../api/generated/model';
import { formatDate } from '../../lib/format';
import { confirmationText } from '../../lib/item-groups';
import type { EditableField } from './edits';

export interface GridColumn {
  id: string;
  header: string;
  /** Narrowest and widest the column gets, in rem; in between it fits its content. */
  minRem: number;
  maxRem: number;
  /**
   * On a narrow screen the column takes at most this share of the viewport's
   * width (vw): on a 375 px phone the selection box, order, vendor and part
   * fit beside each other, a scrollbar or two included.
   */
  maxVw?: number;
  /** Kept in view, at the grid's left edge, while the grid scrolls sideways. */
  sticky?: boolean;
  numeric?: boolean;
  /** The field Enter (or a double click) edits in this column. */
  edit?: EditableField;
  /**
   * The cell's text in full, for cells that may be cut: the column fits it,
   * and a cut cell shows it on hover (title) and when focused.
   */
  text?: (row: ItemGroup) => string;
  /** What the widest cell looks like, for columns of one shape (dates, yes/no, counts). */
  sample?: () => string;
  /** Cells in the smaller, padded type of the risk badge. */
  badge?: boolean;
  cell: (row: ItemGroup) => ReactNode;
}

export const riskWords: Record<ItemGroupRisk, string> = {
  pastDue: 'Past due',
  promiseAfterDue: 'Promised after due date',
  unconfirmedDueSoon: 'Unconfirmed, due soon',
};

const riskStyle: Record<ItemGroupRisk, string> = {
  pastDue: 'bg-red-100 text-red-900',
  promiseAfterDue: 'bg-amber-100 text-amber-900',
  unconfirmedDueSoon: 'bg-amber-50 text-amber-900',
};

export function RiskBadge({ risk }: { risk: ItemGroupRisk | null | undefined }) {
  if (!risk) return <span className="text-slate-500">—</span>;
  // Marked in words as well as colour.
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${riskStyle[risk]}`}>{riskWords[risk]}</span>;
}

const orderName = (g: ItemGroup) => g.context?.orderUniqueName ?? g.orderSid;
const partName = (g: ItemGroup) => g.context?.manufacturerPartNumber ?? g.context?.itemUniqueName ?? g.itemSid;
const vendorName = (g: ItemGroup) => g.context?.vendorName ?? '—';
// A late date of the year with two-digit day: as wide as a date gets in most locales.
const sampleDate = () => formatDate('2026-12-28');

/**
 * A cut text: one line, an ellipsis where it is cut, and the whole text on
 * hover (title) and while its cell (the grid's `group/cell`) has focus, when
 * it overflows the cell, whole, over the next cells.
 */
const cutText =
  'min-w-6 truncate leading-6 group-focus/cell:shrink-0 group-focus/cell:overflow-visible group-focus/cell:rounded group-focus/cell:bg-white group-focus/cell:px-1 group-focus/cell:shadow-md group-focus/cell:ring-1 group-focus/cell:ring-slate-300';

export const gridColumns: GridColumn[] = [
  {
    id: 'order',
    header: 'Order',
    minRem: 4,
    maxRem: 10,
    maxVw: 24,
    sticky: true,
    text: orderName,
    cell: (g) => (
      <a
        tabIndex={-1}
        href={`/orders/${encodeURIComponent(g.orderSid)}`}
        title={orderName(g)}
        className={`${cutText} font-medium text-blue-800 hover:underline`}
      >
        {orderName(g)}
      </a>
    ),
  },
  {
    id: 'vendor',
    header: 'Vendor',
    minRem: 5,
    maxRem: 12,
    maxVw: 18,
    text: vendorName,
    cell: (g) => (
      <span title={vendorName(g)} className={cutText}>
        {vendorName(g)}
      </span>
    ),
  },
  {
    id: 'part',
    header: 'Part',
    minRem: 4,
    maxRem: 13,
    maxVw: 26,
    sticky: true,
    text: partName,
    cell: (g) => (
      <a
        tabIndex={-1}
        href={`/items/${encodeURIComponent(g.itemSid)}`}
        title={partName(g)}
        className={`${cutText} text-blue-800 hover:underline`}
      >
        {partName(g)}
      </a>
    ),
  },
  {
    id: 'quantity',
    header: 'Quantity',
    minRem: 4,
    maxRem: 9,
    numeric: true,
    edit: 'quantity',
    text: (g) => g.quantity,
    cell: (g) => (
      <span title={g.quantity} className={cutText}>
        {g.quantity}
      </span>
    ),
  },
  {
    id: 'dueDate',
    header: 'Due',
    minRem: 4,
    maxRem: 10,
    edit: 'dueDate',
    sample: sampleDate,
    cell: (g) => formatDate(g.dueDate),
  },
  {
    id: 'shipDate',
    header: 'Ship date',
    minRem: 4,
    maxRem: 10,
    edit: 'shipDate',
    sample: sampleDate,
    cell: (g) => formatDate(g.shipDate),
  },
  {
    id: 'deliveryDate',
    header: 'Delivery date',
    minRem: 4,
    maxRem: 10,
    edit: 'deliveryDate',
    sample: sampleDate,
    cell: (g) => formatDate(g.deliveryDate),
  },
  {
    id: 'estimatedArrivalDate',
    header: 'Est. arrival',
    minRem: 4,
    maxRem: 10,
    sample: sampleDate,
    cell: (g) => formatDate(g.estimatedArrivalDate),
  },
  {
    id: 'confirmed',
    header: 'Confirmed',
    minRem: 4,
    maxRem: 8,
    edit: 'confirmed',
    text: confirmationText,
    cell: confirmationText,
  },
  {
    id: 'risk',
    header: 'Attention',
    minRem: 4,
    maxRem: 14,
    badge: true,
    sample: () => riskWords.promiseAfterDue,
    cell: (g) => <RiskBadge risk={g.context?.risk} />,
  },
  {
    id: 'flags',
    header: 'Open flags',
    minRem: 4,
    maxRem: 8,
    numeric: true,
    sample: () => '999',
    cell: (g) => g.context?.openFlagCount ?? 0,
  },
  {
    id: 'nextRequest',
    header: 'Next request',
    minRem: 6,
    maxRem: 9,
    sample: () => '28 Dec 2026',
    cell: (g) => formatDate(g.context?.nextUpdateRequestAt ?? null),
  },
];

// The widths are estimated from the characters, in ems of the cell's type:
// no canvas and no layout, so fitting 100 rows costs next to nothing (measuring
// each text on a canvas costs a tenth of a millisecond a string, more on a
// phone). The figures are a wide sans-serif's, so the usual system fonts fit;
// a text wider than its column's ceiling is cut with an ellipsis anyway.
function ems(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') width += 0.64;
    else if (ch >= 'A' && ch <= 'Z') width += 0.7;
    else if (ch >= 'a' && ch <= 'z') width += 0.58;
    else if (ch === ' ') width += 0.32;
    else width += 0.5;
  }
  return width;
}

/** The cells' type: text-sm (14 px); the badge's: text-xs (12 px), with its own padding (px-1.5). */
const CELL_PX = 14;
const BADGE_PX = 12;
const BADGE_PADDING_PX = 12;
/** A cell's padding (px-2 each side) and a little room for rounding. */
const CELL_PADDING_PX = 16 + 4;
/** Rows the widths are fitted to: the first page, so columns do not move as later pages arrive. */
const FITTED_ROWS = 100;

const quarterRem = (px: number) => Math.ceil(px / 4) / 4;

/**
 * Each data column's width, in rem: its header or its widest text (among the
 * first rows, or its sample), padded, between its narrowest and widest. A
 * cell wider than that is cut with an ellipsis.
 */
export function fitColumnWidths(rows: readonly ItemGroup[]): number[] {
  const fitted = rows.slice(0, FITTED_ROWS);
  return gridColumns.map((c) => {
    let widest = ems(c.header) * CELL_PX;
    const texts = c.text ? fitted.map(c.text) : c.sample ? [c.sample()] : [];
    for (const t of texts) {
      widest = Math.max(widest, c.badge ? ems(t) * BADGE_PX + BADGE_PADDING_PX : ems(t) * CELL_PX);
    }
    return Math.min(c.maxRem, Math.max(c.minRem, quarterRem(widest + CELL_PADDING_PX)));
  });
}
