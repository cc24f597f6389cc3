// Confirming records what was confirmed: a change that sets confirmed: true and
// leaves no ship date and no delivery date gets the due date as its delivery
// date; a date the change gives, or one already there, is kept; no due date,
// no date; any other change leaves the delivery date alone.
import { describe, expect, it } from 'vitest';
import {
  arrivalAfterShipDate,
  confirmedDeliveryDate,
  type ConfirmDates,
} from '../../server/domain/item-group-confirm.ts';
import { movedDate, movesPastDue, type ProposedDates } from '../../server/domain/item-group-proposal.ts';

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

describe('arrival dates after a new ship date', () => {
  const before = { shipDate: '2030-05-01', deliveryDate: '2030-05-10', estimatedArrivalDate: '2030-05-12' };

  it('clears an arrival that would come before the goods ship', () => {
    expect(arrivalAfterShipDate(before, { shipDate: '2030-06-20' })).toEqual({
      deliveryDate: null,
      estimatedArrivalDate: null,
    });
    expect(arrivalAfterShipDate(before, { shipDate: '2030-05-11' })).toEqual({
      deliveryDate: null,
      estimatedArrivalDate: '2030-05-12',
    });
  });

  it('keeps what the change gives, what still follows the ship date, and everything when the ship date stays', () => {
    expect(arrivalAfterShipDate(before, { shipDate: '2030-06-20', deliveryDate: '2030-06-25' })).toEqual({
      deliveryDate: '2030-06-25',
      estimatedArrivalDate: null,
    });
    expect(arrivalAfterShipDate(before, { shipDate: '2030-04-20' })).toEqual({
      deliveryDate: '2030-05-10',
      estimatedArrivalDate: '2030-05-12',
    });
    expect(arrivalAfterShipDate(before, {})).toEqual({
      deliveryDate: '2030-05-10',
      estimatedArrivalDate: '2030-05-12',
    });
    expect(arrivalAfterShipDate(before, { shipDate: null })).toEqual({
      deliveryDate: '2030-05-10',
      estimatedArrivalDate: '2030-05-12',
    });
  });
});

describe('which vendor changes need a proposal in approval mode', () => {
  const line = { shipDate: '2030-05-01', deliveryDate: null };
  it('names the first date the change moves, and none for a change that moves none', () => {
    expect(movedDate(line, { shipDate: '2030-06-01' })).toBe('shipDate');
    expect(movedDate(line, { deliveryDate: '2030-06-05' })).toBe('deliveryDate');
    expect(movedDate(line, { shipDate: '2030-05-01', deliveryDate: null })).toBeNull();
    expect(movedDate(line, {})).toBeNull();
  });
});

describe('whether accepting a proposal moves the line past its due date', () => {
  // Due 1 June; the vendor ships 20 May, with an estimated arrival of 25 May.
  const line = {
    dueDate: '2030-06-01',
    shipDate: '2030-05-20',
    deliveryDate: null,
    estimatedArrivalDate: '2030-05-25',
  };
  const dates = (shipDate: string | null, deliveryDate: string | null): ProposedDates => ({
    kind: 'dates',
    shipDate,
    deliveryDate,
    shipments: null,
  });
  const split = (
    ...shipments: { quantity: string; shipDate?: string | null; estimatedArrivalDate?: string | null }[]
  ) => ({ kind: 'split', shipDate: null, deliveryDate: null, shipments }) as ProposedDates;

  it('compares the promise the line would have: arrival, else delivery, else ship date', () => {
    expect(movesPastDue(dates('2030-05-28', null), line)).toBe(false);
    expect(movesPastDue(dates('2030-06-02', null), line)).toBe(true);
    const noArrival = { ...line, estimatedArrivalDate: null };
    // A delivery date stands for the promise, whatever the ship date.
    expect(movesPastDue(dates('2030-05-20', '2030-06-03'), noArrival)).toBe(true);
    expect(movesPastDue(dates('2030-05-20', '2030-05-31'), noArrival)).toBe(false);
    // An estimated arrival the ship date keeps comes first.
    expect(movesPastDue(dates('2030-05-20', '2030-06-03'), line)).toBe(false);
  });

  it('keeps an arrival date the new ship date does not pass, and drops one it passes', () => {
    const lateArrival = { ...line, estimatedArrivalDate: '2030-06-10' };
    // Shipping earlier keeps the late estimated arrival: still past due.
    expect(movesPastDue(dates('2030-05-10', null), lateArrival)).toBe(true);
    // Shipping after the old arrival clears it: the ship date is the promise.
    expect(movesPastDue(dates('2030-06-15', null), { ...line, estimatedArrivalDate: '2030-05-25' })).toBe(true);
    expect(movesPastDue(dates('2030-05-30', null), line)).toBe(false);
  });

  it('gives a split shipment without a ship date of its own the line’s, as accepting does', () => {
    const lateLine = { ...line, shipDate: '2030-06-05', estimatedArrivalDate: null };
    expect(movesPastDue(split({ quantity: '5', shipDate: '2030-05-15' }, { quantity: '5' }), lateLine)).toBe(true);
    expect(movesPastDue(split({ quantity: '5', shipDate: '2030-05-15' }, { quantity: '5' }), line)).toBe(false);
    expect(
      movesPastDue(
        split({ quantity: '5' }, { quantity: '5', shipDate: '2030-05-29', estimatedArrivalDate: '2030-06-04' }),
        line,
      ),
    ).toBe(true);
  });

  it('never says so for a line without a due date', () => {
    expect(movesPastDue(dates('2031-01-01', null), { ...line, dueDate: null })).toBe(false);
  });
});
