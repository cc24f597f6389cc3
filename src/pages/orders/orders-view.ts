// The orders table's whole state lives in the URL, so a view can be
// bookmarked and shared. Values that do not parse fall back to the default
// instead of breaking the page. Checked by hand rather than with a schema
// library: the view is read as the app starts, for the first request.
import type { ListOrdersParams } from '../../api/generated/model';

export const SORTABLE = ['created', 'uniqueName', 'nextDueDate'] as const;
export type OrdersSort = (typeof SORTABLE)[number];
export const HIDEABLE = ['title', 'vendor', 'items', 'nextDue', 'confirmed', 'flags', 'created'] as const;
export type OrdersColumn = (typeof HIDEABLE)[number];
/** Every column id, in the default order; the order number column can be moved but not hidden. */
export const COLUMN_IDS = ['uniqueName', ...HIDEABLE] as const;
export type OrdersColumnId = (typeof COLUMN_IDS)[number];

export interface OrdersView {
  q: string;
  /** The vendor's sid, or '' for every vendor. */
  vendor: string;
  dueFrom: string;
  dueTo: string;
  confirmed: 'all' | 'yes' | 'no';
  flagged: boolean;
  sort: OrdersSort;
  dir: 'asc' | 'desc';
  hidden: OrdersColumn[];
  /** Every column id exactly once, in display order. */
  order: OrdersColumnId[];
}

export const DEFAULT_VIEW: OrdersView = {
  q: '',
  vendor: '',
  dueFrom: '',
  dueTo: '',
  confirmed: 'all',
  flagged: false,
  sort: 'created',
  dir: 'asc',
  hidden: [],
  order: [...COLUMN_IDS],
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not), any year from 0000. */
function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** The URL's value when it passes the check, else the fallback. */
const field = <T extends string>(valid: (raw: string) => raw is T, raw: string | null, fallback: T): T =>
  raw !== null && valid(raw) ? raw : fallback;
const text =
  (min: number, max: number) =>
  (raw: string): raw is string =>
    raw.length >= min && raw.length <= max;
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): raw is T =>
    (values as readonly string[]).includes(raw);
const isoDate = (raw: string): raw is string => isIsoDate(raw);

const isColumnId = (c: string): c is OrdersColumnId => (COLUMN_IDS as readonly string[]).includes(c);

/** A column order from the URL: unknown ids are dropped, repeats ignored, and missing columns appended in their default place. */
export function parseColumnOrder(raw: string | null): OrdersColumnId[] {
  const known = [...new Set((raw ?? '').split(',').filter(isColumnId))];
  return [...known, ...COLUMN_IDS.filter((id) => !known.includes(id))];
}

const isDefaultOrder = (order: readonly OrdersColumnId[]) => order.every((id, i) => id === COLUMN_IDS[i]);

/** The column order with one column moved by `by` places (clamped to the ends). */
export function moveColumn(order: readonly OrdersColumnId[], id: OrdersColumnId, by: number): OrdersColumnId[] {
  const from = order.indexOf(id);
  if (from < 0) return [...order];
  const to = Math.min(order.length - 1, Math.max(0, from + by));
  const next = order.filter((c) => c !== id);
  next.splice(to, 0, id);
  return next;
}

export function parseOrdersView(params: URLSearchParams): OrdersView {
  const hidden = (params.get('hide') ?? '')
    .split(',')
    .filter((c): c is OrdersColumn => (HIDEABLE as readonly string[]).includes(c));
  return {
    q: field(text(0, 100), params.get('q'), DEFAULT_VIEW.q),
    vendor: field(text(1, 255), params.get('vendor'), DEFAULT_VIEW.vendor),
    dueFrom: field(isoDate, params.get('dueFrom'), DEFAULT_VIEW.dueFrom),
    dueTo: field(isoDate, params.get('dueTo'), DEFAULT_VIEW.dueTo),
    confirmed: field(oneOf(['all', 'yes', 'no'] as const), params.get('confirmed'), DEFAULT_VIEW.confirmed),
    flagged: params.get('flagged') === '1',
    sort: field(oneOf(SORTABLE), params.get('sort'), DEFAULT_VIEW.sort),
    dir: field(oneOf(['asc', 'desc'] as const), params.get('dir'), DEFAULT_VIEW.dir),
    hidden: [...new Set(hidden)],
    order: parseColumnOrder(params.get('cols')),
  };
}

/** The URL query for a view; defaults are left out so URLs stay short. */
export function ordersViewSearch(view: OrdersView): URLSearchParams {
  const out = new URLSearchParams();
  if (view.q) out.set('q', view.q);
  if (view.vendor) out.set('vendor', view.vendor);
  if (view.dueFrom) out.set('dueFrom', view.dueFrom);
  if (view.dueTo) out.set('dueTo', view.dueTo);
  if (view.confirmed !== 'all') out.set('confirmed', view.confirmed);
  if (view.flagged) out.set('flagged', '1');
  if (view.sort !== DEFAULT_VIEW.sort) out.set('sort', view.sort);
  if (view.dir !== DEFAULT_VIEW.dir) out.set('dir', view.dir);
  if (view.hidden.length) out.set('hide', view.hidden.join(','));
  if (!isDefaultOrder(view.order)) out.set('cols', view.order.join(','));
  return out;
}

/** Whether the view narrows the list (sorting and columns do not). */
export function hasFilters(view: OrdersView): boolean {
  return (
    view.q !== DEFAULT_VIEW.q ||
    view.vendor !== DEFAULT_VIEW.vendor ||
    view.dueFrom !== DEFAULT_VIEW.dueFrom ||
    view.dueTo !== DEFAULT_VIEW.dueTo ||
    view.confirmed !== DEFAULT_VIEW.confirmed ||
    view.flagged !== DEFAULT_VIEW.flagged
  );
}

/** The same view without its filters, keeping sorting and columns. */
export function withoutFilters(view: OrdersView): OrdersView {
  const { q, vendor, dueFrom, dueTo, confirmed, flagged } = DEFAULT_VIEW;
  return { ...view, q, vendor, dueFrom, dueTo, confirmed, flagged };
}

/** The list operation's query for a view. */
export function ordersQuery(view: OrdersView, pageSize = 50): ListOrdersParams {
  return {
    pageSize,
    ...(view.q ? { q: view.q } : {}),
    ...(view.vendor ? { vendorSid: view.vendor } : {}),
    ...(view.dueFrom ? { dueDateFrom: view.dueFrom } : {}),
    ...(view.dueTo ? { dueDateTo: view.dueTo } : {}),
    ...(view.confirmed !== 'all' ? { confirmed: view.confirmed === 'yes' } : {}),
    ...(view.flagged ? { hasOpenFlags: true } : {}),
    orderBy: view.sort,
    sortOrder: view.dir === 'asc' ? 'Asc' : 'Desc',
  };
}
