// An open order line of a test tenant, made through the API as a buyer would:
// an order to a vendor, its item, and one item group.
import { expect } from 'vitest';
import type { Tenant } from './harness.ts';

let counter = 0;

export interface MadeLine {
  sid: string;
  version: number;
  orderSid: string;
  itemSid: string;
}

/** One line of `quantity` due `dueDate` on a new order to `vendorSid` (the tenant's vendor by default). */
export async function makeLine<T extends object = object>(
  t: Tenant,
  options: { prefix: string; dueDate?: string; quantity?: string; vendorSid?: string },
): Promise<T & MadeLine> {
  const quantity = options.quantity ?? '40';
  const order = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-${options.prefix}-${String(counter++)}-${Date.now().toString(36)}`,
    vendorSid: options.vendorSid ?? t.vendorSid,
  });
  const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
    orderSid: order.body.sid,
    uniqueName: '10',
    quantity,
  });
  const group = await t.buyer.request<T & MadeLine>('POST', '/v1/itemGroups', {
    itemSid: item.body.sid,
    quantity,
    dueDate: options.dueDate ?? '2030-06-01',
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  return group.body;
}
