// The orders table's whole state lives in the URL, so a view can be
// bookmarked and shared. Values that do not parse fall back to the default
// instead of breaking the page.
import * as z from 'zod/mini';
import type { ListOrdersParams } from '../../api/generated/model';

export const SORTABLE = ['created', 'uniqueName', 'nextDueDate'] as const;
export type OrdersSort = (typeof SORTABLE)[number];
export const HIDEABLE = ['title', 'vendor', 'items', 'nextDue', 'confirmed', 'flags', 'created'] as const;
export type OrdersColumn = (typeof HIDEABLE)[number];

export interface OrdersView {
  q: string;
  dueFrom: string;
  dueTo: string;
  confirmed: 'all' | 'yes' | 'no';
  flagged: boolean;
  sort: OrdersSort;
  dir: 'asc' | 'desc';
  hidden: OrdersColumn[];
}

export const DEFAULT_VIEW: OrdersView = {
  q: '',
  dueFrom: '',
  dueTo: '',
  confirmed: 'all',
  flagged: false,
  sort: 'created',
  dir: 'asc',
  hidden: [],
};

const isoDate = z.iso.date();
const field = <T>(schema: z.ZodMiniType<T>, raw: string | null, fallback: T): T => {
  if (raw === null) return fallback;
  const parsed = z.safeParse(schema, raw);
  return parsed.success ? parsed.data : fallback;
};

export function parseOrdersView(params: URLSearchParams): OrdersView {
  const hidden = (params.get('hide') ?? '')
    .split(',')
    .filter((c): c is OrdersColumn => (HIDEABLE as readonly string[]).includes(c));
  return {
    q: field(z.string().check(z.maxLength(100)), params.get('q'), DEFAULT_VIEW.q),
    dueFrom: field(isoDate, params.get('dueFrom'), DEFAULT_VIEW.dueFrom),
    dueTo: field(isoDate, params.get('dueTo'), DEFAULT_VIEW.dueTo),
    confirmed: field(z.enum(['all', 'yes', 'no']), params.get('confirmed'), DEFAULT_VIEW.confirmed),
    flagged: params.get('flagged') === '1',
    sort: field(z.enum(SORTABLE), params.get('sort'), DEFAULT_VIEW.sort),
    dir: field(z.enum(['asc', 'desc']), params.get('dir'), DEFAULT_VIEW.dir),
    hidden: [...new Set(hidden)],
  };
}

/** The URL query for a view; defaults are left out so URLs stay short. */
export function ordersViewSearch(view: OrdersView): URLSearchParams {
  const out = new URLSearchParams();
  if (view.q) out.set('q', view.q);
  if (view.dueFrom) out.set('dueFrom', view.dueFrom);
  if (view.dueTo) out.set('dueTo', view.dueTo);
  if (view.confirmed !== 'all') out.set('confirmed', view.confirmed);
  if (view.flagged) out.set('flagged', '1');
  if (view.sort !== DEFAULT_VIEW.sort) out.set('sort', view.sort);
  if (view.dir !== DEFAULT_VIEW.dir) out.set('dir', view.dir);
  if (view.hidden.length) out.set('hide', view.hidden.join(','));
  return out;
}

/** The list operation's query for a view. */
export function ordersQuery(view: OrdersView, pageSize = 50): ListOrdersParams {
  return {
    pageSize,
    ...(view.q ? { q: view.q } : {}),
    ...(view.dueFrom ? { dueDateFrom: view.dueFrom } : {}),
    ...(view.dueTo ? { dueDateTo: view.dueTo } : {}),
    ...(view.confirmed !== 'all' ? { confirmed: view.confirmed === 'yes' } : {}),
    ...(view.flagged ? { hasOpenFlags: true } : {}),
    orderBy: view.sort,
    sortOrder: view.dir === 'asc' ? 'Asc' : 'Desc',
  };
}
