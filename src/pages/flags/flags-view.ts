// The flags list's filters live in the URL, so a link or a reload keeps them.
// Values that do not parse fall back to the default instead of breaking the page.
import type { CountFlagsParams, FlagStatus, FlagType, ListFlagsParams } from '../../api/generated/model';
import { FLAG_TYPES } from '../../components/flag-labels';

/** How old a flag must be to be listed, in days; 'any' lists every age. */
export type FlagAge = 'any' | '3' | '7' | '30';

export const AGE_OPTIONS: readonly { value: FlagAge; label: string }[] = [
  { value: 'any', label: 'Any age' },
  { value: '3', label: 'Older than 3 days' },
  { value: '7', label: 'Older than a week' },
  { value: '30', label: 'Older than 30 days' },
];

export const STATUSES: readonly FlagStatus[] = ['open', 'resolved', 'dismissed'];

export interface FlagsView {
  status: FlagStatus;
  /** One type of flag, or '' for every type. */
  type: FlagType | '';
  /** The vendor's sid, or '' for every vendor. */
  vendor: string;
  /** The order's sid, or '' for every order. */
  order: string;
  age: FlagAge;
  sort: 'newest' | 'oldest';
}

export const DEFAULT_VIEW: FlagsView = { status: 'open', type: '', vendor: '', order: '', age: 'any', sort: 'newest' };

const oneOf = <T extends string>(values: readonly T[], raw: string | null, fallback: T): T =>
  raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : fallback;
/** A sid from the URL: 1 to 255 characters, else none. */
const sid = (raw: string | null): string => (raw !== null && raw.length <= 255 ? raw : '');

export function parseFlagsView(params: URLSearchParams): FlagsView {
  return {
    status: oneOf(STATUSES, params.get('status'), DEFAULT_VIEW.status),
    type: oneOf(FLAG_TYPES, params.get('type'), DEFAULT_VIEW.type),
    vendor: sid(params.get('vendor')),
    order: sid(params.get('orderSid')),
    age: oneOf(
      AGE_OPTIONS.map((o) => o.value),
      params.get('age'),
      DEFAULT_VIEW.age,
    ),
    sort: oneOf(['newest', 'oldest'] as const, params.get('sort'), DEFAULT_VIEW.sort),
  };
}

/** The URL query of a view; defaults are left out so links stay short. */
export function flagsViewSearch(view: FlagsView): URLSearchParams {
  const out = new URLSearchParams();
  if (view.status !== DEFAULT_VIEW.status) out.set('status', view.status);
  if (view.type) out.set('type', view.type);
  if (view.vendor) out.set('vendor', view.vendor);
  if (view.order) out.set('orderSid', view.order);
  if (view.age !== DEFAULT_VIEW.age) out.set('age', view.age);
  if (view.sort !== DEFAULT_VIEW.sort) out.set('sort', view.sort);
  return out;
}

/** How many of the filters beyond the status and the type are set: the narrow screen's "Filters" button tells it. */
export function activeFilterCount(view: FlagsView): number {
  return [view.vendor !== '', view.order !== '', view.age !== DEFAULT_VIEW.age].filter(Boolean).length;
}

/** Whether the view narrows the flags of its status (the sort does not). */
export function hasFilters(view: FlagsView): boolean {
  return view.type !== '' || activeFilterCount(view) > 0;
}

/** The same status and sort, every type, vendor, order and age. */
export function withoutFilters(view: FlagsView): FlagsView {
  const { type, vendor, order, age } = DEFAULT_VIEW;
  return { ...view, type, vendor, order, age };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The age filter as the API takes it: flags raised before `now` minus the days, to the second. */
export function raisedBefore(age: FlagAge, now: number): string | undefined {
  if (age === 'any') return undefined;
  const at = new Date(now - Number(age) * DAY_MS);
  at.setMilliseconds(0);
  return at.toISOString().replace('.000Z', 'Z');
}

/** The list operation's query for a view; `now` anchors the age filter. */
export function flagsQuery(view: FlagsView, now: number, pageSize = 50): ListFlagsParams {
  const before = raisedBefore(view.age, now);
  return {
    status: view.status,
    ...(view.type ? { flag: view.type } : {}),
    ...(view.vendor ? { vendorSid: view.vendor } : {}),
    ...(view.order ? { orderSid: view.order } : {}),
    ...(before ? { raisedBefore: before } : {}),
    sortOrder: view.sort === 'oldest' ? 'Asc' : 'Desc',
    pageSize,
  };
}

/** The counts operation's query: the same status, vendor and order (counts are per type, of every age). */
export function countsQuery(view: FlagsView): CountFlagsParams {
  return {
    status: view.status,
    ...(view.vendor ? { vendorSid: view.vendor } : {}),
    ...(view.order ? { orderSid: view.order } : {}),
  };
}
