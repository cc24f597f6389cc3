import { describe, expect, it } from 'vitest';
import { collectionOfKey, isApiRead, isStale, staleCollections } from './live-invalidation';

describe('staleCollections', () => {
  it('makes a line change stale wherever lines are shown: orders, flags, the home page, BOM figures', () => {
    const stale = staleCollections({ resource: 'itemGroups', sids: ['IG1'] });
    for (const collection of ['itemGroups', 'orders', 'items', 'flags', 'messages', 'attention', 'boms', 'bomLines'])
      expect(stale.has(collection), collection).toBe(true);
    expect(stale.has('users')).toBe(false);
  });
  it('keeps BOM changes to BOM reads and the home page', () => {
    const stale = staleCollections({ resource: 'inventoryCounts', sids: [] });
    expect([...stale].sort()).toEqual(
      ['attention', 'bomLines', 'bomUpserts', 'boms', 'clearToBuildTargets', 'clearToBuilds', 'inventoryCounts'].sort(),
    );
  });
  it('makes an unknown collection stale by itself', () => {
    expect([...staleCollections({ resource: 'webhookDeliveries', sids: [] })]).toEqual(['webhookDeliveries']);
  });
});

describe('query keys', () => {
  it('reads the collection of plain and paged keys', () => {
    expect(collectionOfKey(['/v1/orders/OR1', { pageSize: 10 }])).toBe('orders');
    expect(collectionOfKey(['infinite', '/v1/itemGroups', { q: 'x' }])).toBe('itemGroups');
    expect(collectionOfKey(['toast'])).toBeNull();
    expect(collectionOfKey([42])).toBeNull();
  });
  it('never refreshes the stream itself or a key that is not an API read', () => {
    const stale = new Set(['live', 'flags']);
    expect(isStale(['/v1/live'], stale)).toBe(false);
    expect(isStale(['/v1/flags/counts', { status: 'open' }], stale)).toBe(true);
    expect(isStale(['/v1/orders'], stale)).toBe(false);
    expect(isApiRead(['/v1/live'])).toBe(false);
    expect(isApiRead(['local-state'])).toBe(false);
    expect(isApiRead(['/v1/attention'])).toBe(true);
  });
});
