// Why a shipment needs attention (ItemGroupContext.risk): past due, promised
// after its due date, or due soon and still not confirmed; the first that
// applies wins. Pure: `today` comes from the caller, as a UTC calendar date.
import type { ItemGroupRisk } from '../../src/api/generated/model/itemGroupRisk.ts';
import { shiftDate } from '../../src/lib/dates.ts';

/** An unconfirmed shipment due within this many days from today (inclusive) is at risk. */
export const DUE_SOON_DAYS = 14;

export interface RiskInput {
  status: 'active' | 'canceled';
  delivered: boolean;
  confirmed: boolean;
  /** Calendar dates, 'YYYY-MM-DD'. */
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
  estimatedArrivalDate: string | null;
}

/** The risk of one item group on `today` ('YYYY-MM-DD', UTC), or null when it needs no attention. */
export function itemGroupRisk(group: RiskInput, today: string): ItemGroupRisk | null {
  // Only a shipment still to come can be at risk; without a due date nothing is late or soon.
  if (group.status !== 'active' || group.delivered || group.dueDate === null) return null;
  // 'YYYY-MM-DD' strings compare as the dates they are.
  if (group.dueDate < today) return 'pastDue';
  const promise = group.estimatedArrivalDate ?? group.deliveryDate ?? group.shipDate;
  if (promise !== null && promise > group.dueDate) return 'promiseAfterDue';
  if (!group.confirmed && group.dueDate <= shiftDate(today, DUE_SOON_DAYS)) return 'unconfirmedDueSoon';
  return null;
}

/** Today's date in UTC, as the risk and the pastDue filter read it. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
