// The risk reason of a schedule row: past due, promised after the due date,
// unconfirmed and due soon; the first that applies wins, closed lines never.
import { describe, expect, it } from 'vitest';
import { DUE_SOON_DAYS, itemGroupRisk, type RiskInput, utcToday } from '../../server/domain/item-group-risk.ts';

const TODAY = '2027-02-26';

function group(fields: Partial<RiskInput> = {}): RiskInput {
  return {
    status: 'active',
    delivered: false,
    confirmed: false,
    dueDate: null,
    shipDate: null,
    deliveryDate: null,
    estimatedArrivalDate: null,
    ...fields,
  };
}

describe('itemGroupRisk', () => {
  it('is pastDue when the due date is before today, and not on the due date itself', () => {
    expect(itemGroupRisk(group({ dueDate: '2027-02-25', confirmed: true }), TODAY)).toBe('pastDue');
    expect(itemGroupRisk(group({ dueDate: '2026-12-31', confirmed: true }), TODAY)).toBe('pastDue');
    expect(itemGroupRisk(group({ dueDate: TODAY, confirmed: true }), TODAY)).toBeNull();
  });

  it('is unconfirmedDueSoon from today through 14 days out, not at 15', () => {
    expect(DUE_SOON_DAYS).toBe(14);
    expect(itemGroupRisk(group({ dueDate: TODAY }), TODAY)).toBe('unconfirmedDueSoon');
    // 14 days after 2027-02-26 crosses the month end: 2027-03-12.
    expect(itemGroupRisk(group({ dueDate: '2027-03-12' }), TODAY)).toBe('unconfirmedDueSoon');
    expect(itemGroupRisk(group({ dueDate: '2027-03-13' }), TODAY)).toBeNull();
    expect(itemGroupRisk(group({ dueDate: '2027-03-12', confirmed: true }), TODAY)).toBeNull();
  });

  it('is promiseAfterDue when the estimated arrival, else the delivery date, else the ship date is after the due date', () => {
    const due = '2027-06-01';
    expect(itemGroupRisk(group({ dueDate: due, confirmed: true, estimatedArrivalDate: '2027-06-02' }), TODAY)).toBe(
      'promiseAfterDue',
    );
    expect(itemGroupRisk(group({ dueDate: due, confirmed: true, deliveryDate: '2027-06-05' }), TODAY)).toBe(
      'promiseAfterDue',
    );
    expect(itemGroupRisk(group({ dueDate: due, confirmed: true, shipDate: '2027-06-03' }), TODAY)).toBe(
      'promiseAfterDue',
    );
    // The estimated arrival comes first: a late ship date with an on-time arrival is no risk.
    expect(
      itemGroupRisk(
        group({ dueDate: due, confirmed: true, shipDate: '2027-06-03', estimatedArrivalDate: '2027-06-01' }),
        TODAY,
      ),
    ).toBeNull();
    // Arriving on the due date is on time.
    expect(itemGroupRisk(group({ dueDate: due, confirmed: true, estimatedArrivalDate: due }), TODAY)).toBeNull();
  });

  it('takes the first reason that applies', () => {
    // Past due and promised late: past due.
    expect(itemGroupRisk(group({ dueDate: '2027-02-20', estimatedArrivalDate: '2027-03-01' }), TODAY)).toBe('pastDue');
    // Due soon, unconfirmed and promised late: the promise.
    expect(itemGroupRisk(group({ dueDate: '2027-03-01', shipDate: '2027-03-04' }), TODAY)).toBe('promiseAfterDue');
  });

  it('is null without a due date', () => {
    expect(itemGroupRisk(group(), TODAY)).toBeNull();
    expect(itemGroupRisk(group({ estimatedArrivalDate: '2027-01-01', shipDate: '2026-12-20' }), TODAY)).toBeNull();
  });

  it('is null for a delivered or canceled shipment, however late', () => {
    expect(itemGroupRisk(group({ dueDate: '2027-01-01', delivered: true }), TODAY)).toBeNull();
    expect(itemGroupRisk(group({ dueDate: '2027-01-01', status: 'canceled' }), TODAY)).toBeNull();
    expect(
      itemGroupRisk(group({ dueDate: '2027-03-01', status: 'canceled', estimatedArrivalDate: '2027-04-01' }), TODAY),
    ).toBeNull();
    expect(itemGroupRisk(group({ dueDate: TODAY, delivered: true }), TODAY)).toBeNull();
  });
});

describe('utcToday', () => {
  it('is the UTC calendar date of the instant', () => {
    expect(utcToday(new Date('2027-02-26T23:30:00-05:00'))).toBe('2027-02-27');
    expect(utcToday(new Date('2027-02-26T00:00:00Z'))).toBe('2027-02-26');
  });
});
