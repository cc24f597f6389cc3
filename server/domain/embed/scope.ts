// What an embed token may read: only the operations its view shows. An embed
// lives in someone else's page, so its token is worth stealing; it reads the
// records of one view and nothing of the organization's people, keys,
// settings, history or files. Pure.

/** Every view: who the token is for, and the organization's public face. */
const COMMON = ['/v1/session', '/v1/organizations/:sid/public', '/v1/vendors'];
/** The lines an order, schedule or flag view shows, with their orders and items. */
const LINES = [
  '/v1/orders',
  '/v1/orders/:sidOrUniqueName',
  '/v1/items',
  '/v1/items/:sidOrUniqueName',
  '/v1/itemGroups',
  '/v1/itemGroups/:sidOrUniqueName',
];

/** The GET operations each embed view may call, as route templates. */
export const EMBED_VIEW_READS: Readonly<Record<string, readonly string[]>> = {
  orders: [...COMMON, ...LINES],
  schedule: [...COMMON, ...LINES],
  flags: [...COMMON, ...LINES, '/v1/flags', '/v1/flags/counts', '/v1/flags/:sid'],
  clearToBuild: [
    ...COMMON,
    '/v1/boms',
    '/v1/boms/:sidOrUniqueName',
    '/v1/boms/:sidOrUniqueName/forecast',
    '/v1/bomLines',
    '/v1/bomLines/:sidOrUniqueName',
    '/v1/clearToBuilds',
    '/v1/clearToBuildTargets',
    '/v1/clearToBuildTargets/:sid',
    '/v1/inventoryCounts',
    '/v1/inventoryCounts/:sidOrName',
  ],
};

function matches(template: string, path: string): boolean {
  const want = template.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((part, i) => part.startsWith(':') || part === got[i]);
}

/** What an embed token was made for: its view, and perhaps one record and one vendor it is held to. */
export interface EmbedScope {
  view: string;
  /** An order (orders view) or a BOM (clearToBuild view): the token reads that record and its lines only. */
  recordSid: string | null;
  /** Every list must name this vendor, and no record is read by its sid. */
  vendorSid: string | null;
}

/** The views a record can be given to, and the list parameter that names the record on each of their lists. */
export const RECORD_VIEWS: Readonly<Record<string, { record: string; listParameter: string }>> = {
  orders: { record: '/v1/orders/:sidOrUniqueName', listParameter: 'orderSid' },
  clearToBuild: { record: '/v1/boms/:sidOrUniqueName', listParameter: 'bomSid' },
};

/** The views a vendor filter can be given to. */
export const VENDOR_FILTER_VIEWS: readonly string[] = ['orders', 'schedule', 'flags'];

/** The record's own reads: the record itself, or one of its sub-resources (the BOM's forecast). */
function readsRecord(template: string, record: string): boolean {
  return template === record || template.startsWith(`${record}/`);
}

/**
 * Why a scope cannot be made, naming the field; null when it can. A record is for the views that show one record
 * (an order, a BOM), a vendor filter for the lists of lines and flags, and not both at once.
 */
export function embedScopeRefusal(scope: EmbedScope): { message: string; field: 'recordSid' | 'vendorSid' } | null {
  if (scope.recordSid !== null && !(scope.view in RECORD_VIEWS)) {
    return { message: `recordSid is for the orders and clearToBuild views, not ${scope.view}.`, field: 'recordSid' };
  }
  if (scope.vendorSid !== null && !VENDOR_FILTER_VIEWS.includes(scope.view)) {
    return {
      message: `vendorSid filters the orders, schedule and flags lists, not ${scope.view}.`,
      field: 'vendorSid',
    };
  }
  if (scope.vendorSid !== null && scope.recordSid !== null) {
    return { message: 'A view of one record takes no vendor filter: give recordSid or vendorSid.', field: 'vendorSid' };
  }
  return null;
}

/**
 * Whether a query names exactly this value for the parameter: given, and every time it is given (a list read
 * takes every value named, or the last: "?orderSid=mine&orderSid=other" names another record).
 */
function namesOnly(query: Readonly<Record<string, readonly string[] | undefined>>, name: string, value: string) {
  const values = query[name] ?? [];
  return values.length > 0 && values.every((v) => v === value);
}

/**
 * Whether an embed token of this scope may make this call (reads only, of its view's operations). `query` holds
 * every value of each parameter, as the request gives them.
 */
export function embedMayCall(
  scope: EmbedScope | null,
  method: string,
  path: string,
  query: Readonly<Record<string, readonly string[] | undefined>> = {},
): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const template = scope ? EMBED_VIEW_READS[scope.view]?.find((t) => matches(t, path)) : undefined;
  if (!scope || !template) return false;
  if (COMMON.includes(template)) return true;
  const byRecord = template.split('/').some((part) => part.startsWith(':'));
  if (scope.recordSid) {
    const record = RECORD_VIEWS[scope.view];
    if (!record) return false;
    if (byRecord) {
      // The record's own reads name it by its sid; any other record read by sid is out of reach.
      return readsRecord(template, record.record) && path.split('/')[3] === scope.recordSid;
    }
    if (!namesOnly(query, record.listParameter, scope.recordSid)) return false;
  }
  if (scope.vendorSid) {
    if (byRecord) return false;
    if (!namesOnly(query, 'vendorSid', scope.vendorSid)) return false;
  }
  return true;
}
