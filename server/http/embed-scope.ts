// What an embed token may read: only the operations its view shows. An embed
// lives in someone else's page, so its token is worth stealing; it reads the
// records of one view and nothing of the organization's people, keys,
// settings, history or files.

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

/** Whether an embed token made for `view` may make this call (reads only, of its view's operations). */
export function embedMayCall(view: string | null, method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const reads = view ? EMBED_VIEW_READS[view] : undefined;
  return reads?.some((template) => matches(template, path)) ?? false;
}
