// The schedule's filters live in the URL, like the orders table's: a view can
// be bookmarked, shared and saved, and values that do not parse fall back to the default.
import type { QueryFunctionContext, QueryKey } from '@tanstack/react-query';
import { listItemGroups } from '../api/generated/hooks/item-groups/item-groups';
import type { ListItemGroupsParams } from '../api/generated/model';
import { cursorPaging } from '../api/paging';
import { isCalendarDate } from '../lib/dates';

/**
 * Shipments in the first page: what fills the grid's first screens, and
 * little enough that it arrives and renders quickly on a phone.
 */
export const FIRST_PAGE_SIZE = 100;
/** Shipments in each later page, loaded as the end of the grid comes into view. */
export const NEXT_PAGE_SIZE = 200;

export interface ScheduleView {
  q: string;
  vendor: string;
  dueFrom: string;
  dueTo: string;
  unconfirmed: boolean;
  pastDue: boolean;
  flagged: boolean;
}

export function parseScheduleView(params: URLSearchParams): ScheduleView {
  const text = (key: string, max: number) => {
    const value = params.get(key) ?? '';
    return value.length <= max ? value : '';
  };
  const date = (key: string) => {
    const value = params.get(key) ?? '';
    return isCalendarDate(value) ? value : '';
  };
  return {
    q: text('q', 100),
    vendor: text('vendor', 255),
    dueFrom: date('dueFrom'),
    dueTo: date('dueTo'),
    unconfirmed: params.get('unconfirmed') === '1',
    pastDue: params.get('pastDue') === '1',
    flagged: params.get('flagged') === '1',
  };
}

export function scheduleViewSearch(view: ScheduleView): URLSearchParams {
  const out = new URLSearchParams();
  if (view.q) out.set('q', view.q);
  if (view.vendor) out.set('vendor', view.vendor);
  if (view.dueFrom) out.set('dueFrom', view.dueFrom);
  if (view.dueTo) out.set('dueTo', view.dueTo);
  if (view.unconfirmed) out.set('unconfirmed', '1');
  if (view.pastDue) out.set('pastDue', '1');
  if (view.flagged) out.set('flagged', '1');
  return out;
}

/** Active shipments, the soonest due first, with the view's filters. */
export function scheduleQuery(view: ScheduleView): ListItemGroupsParams {
  return {
    pageSize: FIRST_PAGE_SIZE,
    statusNot: 'canceled',
    orderBy: 'dueDate',
    sortOrder: 'Asc',
    ...(view.q ? { q: view.q } : {}),
    ...(view.vendor ? { vendorSid: view.vendor } : {}),
    ...(view.dueFrom ? { dueDateFrom: view.dueFrom } : {}),
    ...(view.dueTo ? { dueDateTo: view.dueTo } : {}),
    ...(view.unconfirmed ? { confirmed: false } : {}),
    ...(view.pastDue ? { pastDue: true } : {}),
    ...(view.flagged ? { hasOpenFlags: true } : {}),
  };
}

/**
 * The schedule's paging, for the page's infinite query and its prefetch alike:
 * a first page of FIRST_PAGE_SIZE, then pages of NEXT_PAGE_SIZE (the cursor
 * does not depend on the page size).
 */
export function schedulePaging(params: ListItemGroupsParams) {
  return {
    ...cursorPaging,
    queryFn: ({ signal, pageParam }: QueryFunctionContext<QueryKey, string | undefined>) =>
      listItemGroups(pageParam ? { ...params, pageToken: pageParam, pageSize: NEXT_PAGE_SIZE } : params, { signal }),
  };
}
