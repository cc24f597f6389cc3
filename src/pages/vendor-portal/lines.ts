// The words the vendor portal uses for a line (an item group seen by its
// vendor) and the grouping by order the update-request email uses.
import type { ItemGroup } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { vendorDate } from './vendor-locale';

/**
 * The portal's list of the vendor's lines. The most a page holds: most vendors' lines come in one answer, and the
 * page renders once. The server preloads this very URL with the portal's document (server/http/static.ts).
 */
export const PORTAL_LIST_PARAMS = {
  statusNot: 'canceled',
  pageSize: 500,
  orderBy: 'dueDate',
  sortOrder: 'Asc',
} as const;

/** "10", or "10 / shipment 2" when the item group is not the item's first ("1"). */
export function lineLabel(group: ItemGroup): string {
  const line = group.context?.itemUniqueName ?? group.sid;
  const shipment = group.uniqueName;
  return shipment && shipment !== '1' ? `${line} / shipment ${shipment}` : line;
}

/** The vendor's current promise, in words. */
export function promiseText(group: ItemGroup): string {
  if (group.cannotSupply) return `You cannot supply it: ${group.cannotSupplyReason ?? 'no reason given'}`;
  const state = group.confirmed ? 'confirmed' : 'not confirmed';
  if (group.shipDate) return `Ship date ${vendorDate(group.shipDate)}, ${state}`;
  // Confirming without a ship date records the due date as the delivery date.
  if (group.deliveryDate) return `Delivery date ${vendorDate(group.deliveryDate)}, ${state}`;
  return group.confirmed ? 'Confirmed, no date given' : 'No date from you yet';
}

export interface OrderLines {
  orderSid: string;
  orderUniqueName: string;
  lines: ItemGroup[];
}

/** Compares line names as numbers when both are numbers ("2" before "10"), else as text. */
function compareNames(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * One group per order, in the order the rows came (by due date: the order with
 * the earliest due line first), its lines by line number then shipment.
 */
export function groupByOrder(rows: ItemGroup[]): OrderLines[] {
  const byOrder = new Map<string, OrderLines>();
  for (const row of rows) {
    let order = byOrder.get(row.orderSid);
    if (!order) {
      order = { orderSid: row.orderSid, orderUniqueName: row.context?.orderUniqueName ?? row.orderSid, lines: [] };
      byOrder.set(row.orderSid, order);
    }
    order.lines.push(row);
  }
  const orders = [...byOrder.values()];
  for (const order of orders) {
    order.lines.sort(
      (a, b) =>
        compareNames(a.context?.itemUniqueName, b.context?.itemUniqueName) || compareNames(a.uniqueName, b.uniqueName),
    );
  }
  return orders;
}

/** The vendor names the lines carry, each once. */
export function vendorNames(rows: ItemGroup[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.context?.vendorName ? [r.context.vendorName] : [])))];
}

/** A 409: someone changed the line since the page loaded it. */
export function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && error.status === 409;
}

/** A failed request in words, for next to the line. */
export function failureText(error: unknown): string {
  if (isApiError(error)) {
    return error.status === 0 ? 'The server could not be reached. Check your connection and try again.' : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong. Try again.';
}

/** The sentence shown after a 409. */
export function conflictText(label: string): string {
  return `Line ${label} changed meanwhile; here it is as it stands now. Answer again if needed.`;
}
