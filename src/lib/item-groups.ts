/**
 * Whether a shipment (an item group) may be split: not once delivered or
 * canceled (the server refuses those). Its own module, so the schedule's grid
 * can ask without loading the split dialog's code.
 */
export function canSplit(group: { status: string; delivered?: boolean | null }): boolean {
  return group.status === 'active' && !group.delivered;
}

/** The Confirmed column in a word: a vendor's "cannot supply" stands in place of its confirmation. */
export function confirmationText(group: { confirmed: boolean; cannotSupply?: boolean }): string {
  if (group.cannotSupply) return 'Cannot supply';
  return group.confirmed ? 'Yes' : 'No';
}
