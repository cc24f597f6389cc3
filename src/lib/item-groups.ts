/**
 * Whether a shipment (an item group) may be split: not once delivered or
 * canceled (the server refuses those). Its own module, so the schedule's grid
 * can ask without loading the split dialog's code.
 */
export function canSplit(group: { status: string; delivered?: boolean | null }): boolean {
  return group.status === 'active' && !group.delivered;
}
