// The schedule grid's columns: what each shows, how wide it is, and which
// field (if any) Enter edits. Links are plain anchors (cheap to render by the
// thousand while scrolling); the grid routes their clicks in the app.
import type { ReactNode } from 'react';
import type { ItemGroup, ItemGroupRisk } from '../../api/generated/model';
import { formatDate } from '../../lib/format';
import type { EditableField } from './edits';

export interface GridColumn {
  id: string;
  header: string;
  width: string;
  numeric?: boolean;
  /** The field Enter (or a double click) edits in this column. */
  edit?: EditableField;
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

export const gridColumns: GridColumn[] = [
  {
    id: 'order',
    header: 'Order',
    width: '8rem',
    cell: (g) => (
      <a
        tabIndex={-1}
        href={`/orders/${encodeURIComponent(g.orderSid)}`}
        className="font-medium text-blue-800 hover:underline"
      >
        {g.context?.orderUniqueName ?? g.orderSid}
      </a>
    ),
  },
  { id: 'vendor', header: 'Vendor', width: '10rem', cell: (g) => g.context?.vendorName ?? '—' },
  {
    id: 'part',
    header: 'Part',
    width: '11rem',
    cell: (g) => (
      <a tabIndex={-1} href={`/items/${encodeURIComponent(g.itemSid)}`} className="text-blue-800 hover:underline">
        {g.context?.manufacturerPartNumber ?? g.context?.itemUniqueName ?? g.itemSid}
      </a>
    ),
  },
  { id: 'quantity', header: 'Quantity', width: '6.5rem', numeric: true, edit: 'quantity', cell: (g) => g.quantity },
  { id: 'dueDate', header: 'Due', width: '9rem', edit: 'dueDate', cell: (g) => formatDate(g.dueDate) },
  { id: 'shipDate', header: 'Ship date', width: '9rem', edit: 'shipDate', cell: (g) => formatDate(g.shipDate) },
  {
    id: 'deliveryDate',
    header: 'Delivery date',
    width: '9rem',
    edit: 'deliveryDate',
    cell: (g) => formatDate(g.deliveryDate),
  },
  {
    id: 'estimatedArrivalDate',
    header: 'Est. arrival',
    width: '9rem',
    cell: (g) => formatDate(g.estimatedArrivalDate),
  },
  {
    id: 'confirmed',
    header: 'Confirmed',
    width: '6.5rem',
    edit: 'confirmed',
    cell: (g) => (g.confirmed ? 'Yes' : 'No'),
  },
  { id: 'risk', header: 'Attention', width: '12rem', cell: (g) => <RiskBadge risk={g.context?.risk} /> },
  { id: 'flags', header: 'Open flags', width: '5.5rem', numeric: true, cell: (g) => g.context?.openFlagCount ?? 0 },
];
