// The live-update rules: what a write announces and who hears a change.
import { describe, expect, it } from 'vitest';
import {
  changeOfWrite,
  decodeChange,
  encodeChange,
  hears,
  MAX_CHANGE_SIDS,
  MAX_PAYLOAD_BYTES,
  sidsOfAnswer,
  type LiveChange,
} from '../../server/domain/live.ts';

const change = (over: Partial<LiveChange> = {}): LiveChange => ({
  organizationSid: 'OG1',
  resource: 'itemGroups',
  sids: ['IG1'],
  vendorSids: ['VE1'],
  ...over,
});

describe('changeOfWrite', () => {
  it('names the collection and the record of a write path', () => {
    expect(changeOfWrite('PATCH', '/v1/itemGroups/IG123')).toEqual({ resource: 'itemGroups', sid: 'IG123' });
    expect(changeOfWrite('POST', '/v1/orders/PO%20-4711/items')).toEqual({ resource: 'orders', sid: 'PO -4711' });
    expect(changeOfWrite('DELETE', '/v1/bomLines/BL1/supplyLinks/IG2')).toEqual({ resource: 'bomLines', sid: 'BL1' });
  });
  it('names no record for a create or an action on the collection', () => {
    expect(changeOfWrite('POST', '/v1/messages')).toEqual({ resource: 'messages', sid: null });
    expect(changeOfWrite('PATCH', '/v1/itemGroups/bulk')).toEqual({ resource: 'itemGroups', sid: null });
    expect(changeOfWrite('POST', '/v1/flags/bulkUpdate')).toEqual({ resource: 'flags', sid: null });
    expect(changeOfWrite('POST', '/v1/inboundEmails/raw')).toEqual({ resource: 'inboundEmails', sid: null });
    expect(changeOfWrite('POST', '/v1/items/%E0%A4%A')).toEqual({ resource: 'items', sid: null });
  });
  it('announces no read, sign-in or private record', () => {
    expect(changeOfWrite('GET', '/v1/itemGroups/IG1')).toBeNull();
    expect(changeOfWrite('POST', '/v1/session/login')).toBeNull();
    expect(changeOfWrite('POST', '/v1/savedViews')).toBeNull();
    expect(changeOfWrite('POST', '/v1/messages/reads')).toBeNull();
    expect(changeOfWrite('POST', '/v2/orders')).toBeNull();
    expect(changeOfWrite('POST', '/v1/<script>')).toBeNull();
  });
});

describe('sidsOfAnswer', () => {
  it('reads a record, an array of records, and nothing else', () => {
    expect(sidsOfAnswer({ sid: 'MS1', content: 'x' })).toEqual(['MS1']);
    expect(sidsOfAnswer([{ sid: 'IG1' }, { sid: 'IG2' }, { other: 1 }])).toEqual(['IG1', 'IG2']);
    expect(sidsOfAnswer({ data: [{ sid: 'x' }] })).toEqual([]);
    expect(sidsOfAnswer(null)).toEqual([]);
    expect(sidsOfAnswer({ sid: 42 })).toEqual([]);
  });
});

describe('hears', () => {
  const staff = { organizationSid: 'OG1', role: 'buyer' as const, vendorSids: [] };
  const vendor = { organizationSid: 'OG1', role: 'vendor' as const, vendorSids: ['VE1'] };
  it('gives staff every change of their organization and nothing of another', () => {
    expect(hears(staff, change({ vendorSids: [] }))).toBe(true);
    expect(hears(staff, change({ organizationSid: 'OG2' }))).toBe(false);
  });
  it('gives a vendor user only changes naming one of its vendors', () => {
    expect(hears(vendor, change())).toBe(true);
    expect(hears(vendor, change({ vendorSids: ['VE2'] }))).toBe(false);
    expect(hears(vendor, change({ vendorSids: [] }))).toBe(false);
    expect(hears(vendor, change({ organizationSid: 'OG2' }))).toBe(false);
  });
});

describe('the channel payload', () => {
  it('round-trips, and names no records when too many changed', () => {
    expect(decodeChange(encodeChange(change()))).toEqual(change());
    const many = Array.from({ length: MAX_CHANGE_SIDS + 1 }, (_, i) => `IG${String(i)}`);
    expect(decodeChange(encodeChange(change({ sids: many })))?.sids).toEqual([]);
  });
  it('stays under the channel limit of 8,000 bytes, dropping names before vendors', () => {
    const long = Array.from({ length: MAX_CHANGE_SIDS }, (_, i) => `${String(i)}-`.padEnd(200, 'é'));
    const named = decodeChange(encodeChange(change({ sids: long })));
    expect(named).toEqual(change({ sids: [] }));
    const everyone = decodeChange(encodeChange(change({ sids: long, vendorSids: long })));
    expect(everyone).toEqual(change({ sids: [], vendorSids: [] }));
    for (const payload of [encodeChange(change({ sids: long })), encodeChange(change({ vendorSids: long }))])
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });
  it('drops anything malformed', () => {
    expect(decodeChange('not json')).toBeNull();
    expect(decodeChange('null')).toBeNull();
    expect(decodeChange(JSON.stringify({ o: 'OG1', r: 'Bad Name', s: [], v: [] }))).toBeNull();
    expect(decodeChange(JSON.stringify({ o: 'OG1', r: 'orders', s: [1], v: [] }))).toBeNull();
  });
});
