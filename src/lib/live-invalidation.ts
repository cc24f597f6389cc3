// Which cached reads a live change makes stale. A query's key starts with its
// URL (`/v1/<collection>/…`, after 'infinite' for paged lists), so a change is
// matched by collection: the one that changed, and those whose answers show
// it (an order page lists its lines' flags and messages; the home page and a
// BOM's forecast count open lines).

export interface LiveChangeMessage {
  resource: string;
  sids: string[];
}

/** Collections that show the lines of orders: a change to any of them can change what the others show. */
const LINES = [
  'orders',
  'items',
  'itemGroups',
  'itemGroupProposals',
  'messages',
  'flags',
  'updateRequests',
  'cadenceTrackers',
  'events',
  'eventRelations',
  'vendorFollowUps',
  'vendors',
  'attention',
];
/** What a BOM's figures are made of: its lines, stock, targets, records, and the open lines that supply it. */
const BOMS = ['boms', 'bomLines', 'inventoryCounts', 'clearToBuilds', 'clearToBuildTargets', 'bomUpserts', 'attention'];

const RELATED: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(LINES.map((collection) => [collection, [...LINES, 'boms', 'bomLines']])),
  ...Object.fromEntries(BOMS.map((collection) => [collection, BOMS])),
  itemGroupSplits: [...LINES, 'boms', 'bomLines'],
  openOrderUploads: ['openOrderUploads', 'openOrderUploadLogs'],
  bomUploads: ['bomUploads', ...BOMS],
  inventoryUploads: ['inventoryUploads', 'inventoryCounts', ...BOMS],
  cadences: ['cadences', 'cadenceTransitions', 'cadenceTrackers', 'organizationSettings'],
  organizationSettings: ['organizationSettings', 'organizations', 'attention'],
  users: ['users', 'orderMembers', 'session'],
};

/** The collections whose reads a change makes stale. */
export function staleCollections(change: LiveChangeMessage): Set<string> {
  return new Set([change.resource, ...(RELATED[change.resource] ?? [])]);
}

/** The collection a query key reads, or null for a key that is not an API read. */
export function collectionOfKey(key: readonly unknown[]): string | null {
  const url = key[0] === 'infinite' ? key[1] : key[0];
  if (typeof url !== 'string') return null;
  const match = /^\/v1\/([A-Za-z]+)/.exec(url);
  return match ? match[1] : null;
}

/** Whether a query is a read of the API (the stream itself is not). */
export function isApiRead(key: readonly unknown[]): boolean {
  const collection = collectionOfKey(key);
  return collection !== null && collection !== 'live';
}

/** Whether a query reads one of the stale collections. */
export function isStale(key: readonly unknown[], stale: ReadonlySet<string>): boolean {
  const collection = collectionOfKey(key);
  return collection !== null && collection !== 'live' && stale.has(collection);
}
