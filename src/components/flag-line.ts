import type { Flag } from '../api/generated/model';

/** The line a flag is on, in words: "PO-1042, item 10, shipment S-1" (or "no order" for a flag on none). */
export function lineName(flag: Flag): string {
  const parts = [
    flag.orderUniqueName ?? (flag.orderSid ? 'an order' : null),
    flag.itemUniqueName ? `item ${flag.itemUniqueName}` : null,
    flag.itemGroupUniqueName ? `shipment ${flag.itemGroupUniqueName}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : 'no order';
}
