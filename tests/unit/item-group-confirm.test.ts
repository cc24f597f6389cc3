// Confirming records what was confirmed: a change that sets confirmed: true and
// leaves no ship date and no delivery date gets the due date as its delivery
// date; a date the change gives, or one already there, is kept; no due date,
// no date; any other change leaves the delivery date alone.
import { describe, expect, it } from 'vitest';
import { confirmedDeliveryDate, type ConfirmDates } from '../../server/domain/item-group-confirm.ts';

function dates(fields: Partial<ConfirmDates> = {}): ConfirmDates {
  return { dueDate: '2030-06-01', shipDate: null, deliveryDate: null, estimatedArrivalDate: null, ...fields };
}

describe('confirmedDeliveryDate', () => {
  it('is the due date when confirming leaves neither a ship date nor a delivery date', () => {
    expect(confirmedDeliveryDate(true, dates())).toBe('2030-06-01');
    expect(confirmedDeliveryDate(true, dates({ dueDate: '2031-01-31' }))).toBe('2031-01-31');
  });

  it('keeps a delivery date that is there or given', () => {
    expect(confirmedDeliveryDate(true, dates({ deliveryDate: '2030-07-15' }))).toBe('2030-07-15');
  });

  it('sets nothing when there is a ship date', () => {
    expect(confirmedDeliveryDate(true, dates({ shipDate: '2030-05-20' }))).toBeNull();
    expect(confirmedDeliveryDate(true, dates({ shipDate: '2030-05-20', deliveryDate: '2030-05-28' }))).toBe(
      '2030-05-28',
    );
  });

  it('sets nothing when an import gave an estimated arrival (a promise already)', () => {
    expect(confirmedDeliveryDate(true, dates({ estimatedArrivalDate: '2030-06-10' }))).toBeNull();
  });

  it('invents nothing without a due date', () => {
    expect(confirmedDeliveryDate(true, dates({ dueDate: null }))).toBeNull();
  });

  it('leaves the delivery date alone unless the change confirms', () => {
    for (const confirmed of [undefined, null, false]) {
      expect(confirmedDeliveryDate(confirmed, dates())).toBeNull();
      expect(confirmedDeliveryDate(confirmed, dates({ deliveryDate: '2030-07-15' }))).toBe('2030-07-15');
    }
  });
});
