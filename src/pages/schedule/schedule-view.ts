// The schedule's filters live in the URL, like the orders table's: a view can
// be bookmarked, and values that do not parse fall back to the default.
import type { ListItemGroupsParams } from '../../api/generated/model';

export interface ScheduleView {
  q: string;
  unconfirmed: boolean;
  pastDue: boolean;
}

export function parseScheduleView(params: URLSearchParams): ScheduleView {
  const q = params.get('q') ?? '';
  return {
    q: q.length <= 100 ? q : '',
    unconfirmed: params.get('unconfirmed') === '1',
    pastDue: params.get('pastDue') === '1',
  };
}

export function scheduleViewSearch(view: ScheduleView): URLSearchParams {
  const out = new URLSearchParams();
  if (view.q) out.set('q', view.q);
  if (view.unconfirmed) out.set('unconfirmed', '1');
  if (view.pastDue) out.set('pastDue', '1');
  return out;
}

/** Active shipments, the soonest due first, with the view's filters. */
export function scheduleQuery(view: ScheduleView): ListItemGroupsParams {
  return {
    pageSize: 100,
    statusNot: 'canceled',
    orderBy: 'dueDate',
    sortOrder: 'Asc',
    ...(view.q ? { q: view.q } : {}),
    ...(view.unconfirmed ? { confirmed: false } : {}),
    ...(view.pastDue ? { pastDue: true } : {}),
  };
}

/** Due before today (in the user's time zone) and not yet delivered. */
export function isPastDue(dueDate: string | null, delivered: boolean, today = new Date()): boolean {
  if (!dueDate || delivered) return false;
  const local = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return dueDate < local;
}
