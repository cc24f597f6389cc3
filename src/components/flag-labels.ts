// What each kind of flag and each flag status is called on screen.
import type { FlagStatus, FlagType } from '../api/generated/model';

/** A flag's type in words, as the buyer reads it. */
export const FLAG_LABELS: Record<FlagType, string> = {
  newDelay: 'New delay',
  pastDue: 'Past due',
  unresponsiveVendor: 'Unresponsive vendor',
  directReply: 'Direct reply',
  cannotSupply: 'Cannot supply',
};

/** The types in the order the page lists them: the most urgent first. */
export const FLAG_TYPES: readonly FlagType[] = [
  'cannotSupply',
  'pastDue',
  'newDelay',
  'unresponsiveVendor',
  'directReply',
];

export const STATUS_LABELS: Record<FlagStatus, string> = {
  open: 'Open',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
};
