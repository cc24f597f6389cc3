import {
  columnOrderingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
} from '@tanstack/react-table';
import { Link } from 'react-router';
import type { Order } from '../../api/generated/model';
import { formatDate, formatDateTime } from '../../lib/format';
import type { OrdersSort } from './orders-view';

export const ordersTableFeatures = tableFeatures({ columnVisibilityFeature, columnOrderingFeature });
const column = createColumnHelper<typeof ordersTableFeatures, Order>();

/** Columns the server can sort by, keyed by column id. */
export const SORT_BY_COLUMN: Partial<Record<string, OrdersSort>> = {
  uniqueName: 'uniqueName',
  nextDue: 'nextDueDate',
  created: 'created',
};

export const NUMERIC_COLUMNS = new Set(['items', 'confirmed', 'flags']);

/**
 * Each column's width. The table lays out by these alone (a fixed layout),
 * not by its rows: the rows that arrive or render later never widen a column
 * and move the ones on screen. A narrow screen scrolls the table sideways.
 */
export const COLUMN_WIDTHS: Record<string, string> = {
  uniqueName: 'w-28',
  title: 'w-72',
  vendor: 'w-56',
  items: 'w-20',
  nextDue: 'w-32',
  confirmed: 'w-24',
  flags: 'w-26',
  created: 'w-48',
};

export const ordersColumns = column.columns([
  column.accessor('uniqueName', {
    id: 'uniqueName',
    header: 'Order',
    cell: ({ row }) => (
      <Link
        to={`/orders/${encodeURIComponent(row.original.sid)}`}
        className="inline-flex min-h-6 items-center font-medium text-blue-800 underline-offset-2 hover:underline"
      >
        {row.original.uniqueName ?? row.original.sid}
      </Link>
    ),
  }),
  column.accessor('title', { id: 'title', header: 'Title', cell: ({ getValue }) => getValue() ?? '—' }),
  column.accessor((o) => o.vendorName ?? o.vendorSid ?? '—', { id: 'vendor', header: 'Vendor' }),
  column.accessor((o) => o.summary?.itemCount ?? null, {
    id: 'items',
    header: 'Items',
    cell: ({ getValue }) => getValue() ?? '—',
  }),
  column.accessor((o) => o.summary?.nextDueDate ?? null, {
    id: 'nextDue',
    header: 'Next due',
    cell: ({ getValue }) => formatDate(getValue()),
  }),
  column.accessor((o) => o.summary, {
    id: 'confirmed',
    header: 'Confirmed',
    cell: ({ getValue }) => {
      const summary = getValue();
      return summary && summary.itemGroupCount > 0 ? `${Math.round(summary.confirmedShare * 100)}%` : '—';
    },
  }),
  column.accessor((o) => o.summary?.openFlagCount ?? 0, {
    id: 'flags',
    header: 'Open flags',
    cell: ({ getValue }) => {
      const count = getValue();
      return count ? <strong>{count}</strong> : 0;
    },
  }),
  column.accessor('created', { id: 'created', header: 'Created', cell: ({ getValue }) => formatDateTime(getValue()) }),
]);
