/**
 * Whether a shipment (an item group) may be split: not once delivered or
 * canceled (the server refuses those). Its own module, so the schedule's grid
 * can ask without loading the split dialog's code.
 */
export function canSplit(group: { status: string; delivered?: boolean | null }): boolean {
  return group.status === 'active' && !group.delivered;
}

/**
 * The Confirmed column in a word: a vendor's "cannot supply" stands in place of its confirmation, and a proposal
 * waiting for a buyer (approval mode) is said beside it.
 */
export function confirmationText(group: {
  confirmed: boolean;
  cannotSupply?: boolean;
  context?: { pendingProposal?: unknown } | null;
}): string {
  const state = group.cannotSupply ? 'Cannot supply' : group.confirmed ? 'Yes' : 'No';
  // In approval mode: the vendor proposed new dates or a split, and it waits for a buyer.
  return group.context?.pendingProposal ? `${state} · proposal` : state;
}
