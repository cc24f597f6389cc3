// Two rules an admin's or a host server's request meets before anything is
// written: a change to a colleague's access, and the scope of an embed token.
import { describe, expect, it } from 'vitest';
import { embedScopeRefusal } from '../../server/domain/embed/scope.ts';
import { accessAfter, accessChangeRefusal } from '../../server/domain/users/access.ts';

const buyer = { sid: 'USbuyer', role: 'buyer' as const, deactivated: null };

describe('accessChangeRefusal', () => {
  it('lets an admin change a colleague’s role or deactivate them', () => {
    expect(accessChangeRefusal('USadmin', buyer, { role: 'admin' })).toBeNull();
    expect(accessChangeRefusal('USadmin', buyer, { deactivated: true })).toBeNull();
  });

  it('refuses a change to one’s own access and to a vendor user’s, naming the field given', () => {
    expect(accessChangeRefusal('USbuyer', buyer, { role: 'admin' })).toEqual({
      message: 'You cannot change your own access: another admin can. So the organization always keeps an admin.',
      field: 'role',
    });
    expect(accessChangeRefusal('USbuyer', buyer, { deactivated: true })?.field).toBe('deactivated');
    const vendor = { sid: 'USvendor', role: 'vendor' as const, deactivated: null };
    expect(accessChangeRefusal('USadmin', vendor, { deactivated: true })).toEqual({
      message: 'A vendor user is managed from its vendor.',
      field: 'deactivated',
    });
  });
});

describe('accessAfter', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const earlier = new Date('2026-11-01T10:00:00Z');

  it('changes what is given and keeps the rest', () => {
    expect(accessAfter(buyer, { role: 'admin' }, now)).toEqual({ role: 'admin', deactivated: null });
    expect(accessAfter(buyer, { deactivated: true }, now)).toEqual({ role: 'buyer', deactivated: now });
  });

  it('keeps the first deactivation time when deactivated again, and clears it on reactivation', () => {
    const off = { ...buyer, deactivated: earlier };
    expect(accessAfter(off, { deactivated: true }, now).deactivated).toBe(earlier);
    expect(accessAfter(off, { deactivated: false }, now).deactivated).toBeNull();
    expect(accessAfter(off, { role: 'admin' }, now).deactivated).toBe(earlier);
  });
});

describe('embedScopeRefusal', () => {
  it('takes a record for the order and BOM views, a vendor for the lists, or neither', () => {
    expect(embedScopeRefusal({ view: 'orders', recordSid: 'OR1', vendorSid: null })).toBeNull();
    expect(embedScopeRefusal({ view: 'clearToBuild', recordSid: 'BO1', vendorSid: null })).toBeNull();
    for (const view of ['orders', 'schedule', 'flags']) {
      expect(embedScopeRefusal({ view, recordSid: null, vendorSid: 'VE1' }), view).toBeNull();
    }
    expect(embedScopeRefusal({ view: 'schedule', recordSid: null, vendorSid: null })).toBeNull();
  });

  it('refuses a record for a list view, a vendor for the BOM view, and both at once, naming the field', () => {
    expect(embedScopeRefusal({ view: 'schedule', recordSid: 'OR1', vendorSid: null })).toEqual({
      message: 'recordSid is for the orders and clearToBuild views, not schedule.',
      field: 'recordSid',
    });
    expect(embedScopeRefusal({ view: 'flags', recordSid: 'FL1', vendorSid: null })?.field).toBe('recordSid');
    expect(embedScopeRefusal({ view: 'clearToBuild', recordSid: null, vendorSid: 'VE1' })).toEqual({
      message: 'vendorSid filters the orders, schedule and flags lists, not clearToBuild.',
      field: 'vendorSid',
    });
    expect(embedScopeRefusal({ view: 'orders', recordSid: 'OR1', vendorSid: 'VE1' })).toEqual({
      message: 'A view of one record takes no vendor filter: give recordSid or vendorSid.',
      field: 'vendorSid',
    });
  });
});
