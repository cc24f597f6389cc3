// Confirming a shipment records what was confirmed. A vendor (or a buyer for
// it) who confirms without giving a date confirms the due date: when a change
// sets `confirmed: true` and the item group would be left with no ship date,
// no delivery date and no estimated arrival (an imported promise), its
// delivery date (the vendor's promise of arrival) becomes its due date.
// Without a due date nothing is invented.
// Pure: the route merges the change first and asks here for the delivery date.

/** The item group's dates after the change is merged, as calendar dates 'YYYY-MM-DD' or null. */
export interface ConfirmDates {
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
  /** The estimated arrival an import gave (a promised date column): a promise too. */
  estimatedArrivalDate: string | null;
}

/**
 * The delivery date to write: `after.deliveryDate`, unless the change sets
 * `confirmed: true` and leaves no ship date and no delivery date, in which
 * case the due date (null when there is none).
 */
export function confirmedDeliveryDate(
  requestedConfirmed: boolean | null | undefined,
  after: ConfirmDates,
): string | null {
  if (requestedConfirmed !== true) return after.deliveryDate;
  if (after.shipDate !== null || after.deliveryDate !== null || after.estimatedArrivalDate !== null) {
    return after.deliveryDate;
  }
  return after.dueDate;
}

/**
 * After a new ship date, the arrival dates that fall before it no longer stand: goods do not arrive before they
 * ship. A delivery date or an (imported) estimated arrival earlier than the new ship date is cleared, unless the
 * change gives that date itself; left standing, the old date would stay the vendor's promise and hide the delay.
 */
export function arrivalAfterShipDate(
  before: Pick<ConfirmDates, 'shipDate' | 'deliveryDate' | 'estimatedArrivalDate'>,
  change: { shipDate?: string | null; deliveryDate?: string | null },
): { deliveryDate: string | null; estimatedArrivalDate: string | null } {
  const shipDate = change.shipDate === undefined ? before.shipDate : change.shipDate;
  const moved = change.shipDate !== undefined && change.shipDate !== before.shipDate && shipDate !== null;
  const stale = (date: string | null) => moved && date !== null && shipDate !== null && date < shipDate;
  return {
    deliveryDate:
      change.deliveryDate !== undefined ? change.deliveryDate : stale(before.deliveryDate) ? null : before.deliveryDate,
    estimatedArrivalDate: stale(before.estimatedArrivalDate) ? null : before.estimatedArrivalDate,
  };
}
