import { describe, expect, it } from 'vitest';
import { canSplit, confirmationText } from './item-groups';

describe('the Confirmed column', () => {
  it("says yes, no, or the vendor's cannot supply, and a proposal that waits for a buyer", () => {
    expect(confirmationText({ confirmed: true })).toBe('Yes');
    expect(confirmationText({ confirmed: false })).toBe('No');
    expect(confirmationText({ confirmed: false, cannotSupply: true })).toBe('Cannot supply');
    expect(confirmationText({ confirmed: true, context: { pendingProposal: null } })).toBe('Yes');
    expect(confirmationText({ confirmed: false, context: { pendingProposal: { sid: 'PR1' } } })).toBe('No · proposal');
  });

  it('splits only an open shipment', () => {
    expect(canSplit({ status: 'active', delivered: false })).toBe(true);
    expect(canSplit({ status: 'active', delivered: true })).toBe(false);
    expect(canSplit({ status: 'canceled' })).toBe(false);
  });
});
