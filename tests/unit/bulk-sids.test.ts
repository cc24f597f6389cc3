// The sids of bulk writes (domain/sid.ts newSids): the same shape as a
// single newSid, all different, and ascending (rows written in sid order land
// together in their indexes).
import { describe, expect, it } from 'vitest';
import { newSid, newSids } from '../../server/domain/sid.ts';

const SHAPE = /^[A-Z]{2}[0-9a-hjkmnp-tv-z]{28}$/;

describe('newSids', () => {
  it('makes sids shaped as newSid makes them, with the prefix', () => {
    const sids = newSids('IG', 50);
    expect(sids).toHaveLength(50);
    for (const sid of sids) {
      expect(sid).toMatch(SHAPE);
      expect(sid.startsWith('IG')).toBe(true);
    }
    expect(newSid('IG')).toMatch(SHAPE);
  });

  it('makes different sids, in ascending order', () => {
    const sids = newSids('EV', 20_000);
    expect(new Set(sids).size).toBe(20_000);
    expect(sids).toEqual([...sids].sort());
    expect(sids[0] < sids[sids.length - 1]).toBe(true);
  });

  it('makes none for a count of 0', () => {
    expect(newSids('IT', 0)).toEqual([]);
  });
});
