// Rules of approval mode that need no database: which of a vendor's changes
// must go through a proposal, and whether a proposal moves the line past its
// due date, so the buyer's queue can warn that accepting raises New Delay.
import type { ProposedShipmentValue } from '../db/schema.ts';
import { vendorPromise } from './follow-up/flags.ts';
import { arrivalAfterShipDate } from './item-group-confirm.ts';

export interface ProposedDates {
  kind: 'dates' | 'split';
  shipDate: string | null;
  deliveryDate: string | null;
  shipments: ProposedShipmentValue[] | null;
}

/** The line as it stands when its proposal is decided: accepting applies the change to these. */
export interface LineNow {
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
  estimatedArrivalDate: string | null;
}

/**
 * Whether accepting the proposal leaves a promise after the line's due date, so that it raises New Delay. The
 * promise is worked out as accepting writes it: a shipment with no ship date of its own keeps the line's, a split's
 * first shipment keeps the line's delivery date and the others have none, and an arrival date earlier than a new
 * ship date is cleared (arrivalAfterShipDate).
 */
export function movesPastDue(proposal: ProposedDates, line: LineNow): boolean {
  const due = line.dueDate;
  if (!due) return false;
  const pastDue = (promise: string | null) => promise !== null && promise > due;
  if (proposal.kind === 'split') {
    return (proposal.shipments ?? []).some((shipment, i) => {
      const shipDate = shipment.shipDate === undefined ? line.shipDate : shipment.shipDate;
      const kept = arrivalAfterShipDate(line, { shipDate: shipment.shipDate });
      return pastDue(
        vendorPromise({
          estimatedArrivalDate: shipment.estimatedArrivalDate ?? kept.estimatedArrivalDate,
          deliveryDate: i === 0 ? kept.deliveryDate : null,
          shipDate,
        }),
      );
    });
  }
  // A dates proposal holds both dates as the line would have them.
  const change = { shipDate: proposal.shipDate, deliveryDate: proposal.deliveryDate };
  return pastDue(vendorPromise({ ...arrivalAfterShipDate(line, change), shipDate: change.shipDate }));
}

type LineDates = { shipDate: string | null; deliveryDate: string | null };

/** The first date a change moves (ship or delivery), if any: in approval mode a vendor proposes it instead. */
export function movedDate(line: LineDates, change: Partial<LineDates>): keyof LineDates | null {
  for (const field of ['shipDate', 'deliveryDate'] as const) {
    if (change[field] !== undefined && change[field] !== line[field]) return field;
  }
  return null;
}
