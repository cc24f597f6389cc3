// Rules of approval mode that need no database: which of a vendor's changes
// must go through a proposal, and whether a proposal moves the line past its
// due date, so the buyer's queue can warn that accepting raises New Delay.
import type { ProposedShipmentValue } from '../db/schema.ts';
import { vendorPromise } from './follow-up/flags.ts';

export interface ProposedDates {
  kind: 'dates' | 'split';
  shipDate: string | null;
  deliveryDate: string | null;
  shipments: ProposedShipmentValue[] | null;
}

/** Whether a proposed date falls after the line's due date: accepting it raises New Delay. */
export function movesPastDue(proposal: ProposedDates, dueDate: string | null): boolean {
  if (!dueDate) return false;
  if (proposal.kind === 'split') {
    return (proposal.shipments ?? []).some((s) => (s.estimatedArrivalDate ?? s.shipDate ?? '') > dueDate);
  }
  const promise = vendorPromise({
    estimatedArrivalDate: null,
    deliveryDate: proposal.deliveryDate,
    shipDate: proposal.shipDate,
  });
  return promise !== null && promise > dueDate;
}

type LineDates = { shipDate: string | null; deliveryDate: string | null };

/** The first date a change moves (ship or delivery), if any: in approval mode a vendor proposes it instead. */
export function movedDate(line: LineDates, change: Partial<LineDates>): keyof LineDates | null {
  for (const field of ['shipDate', 'deliveryDate'] as const) {
    if (change[field] !== undefined && change[field] !== line[field]) return field;
  }
  return null;
}
