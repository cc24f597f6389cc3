// The vendors an open-order import creates: those its orders name without a
// vendor sid, by a name no vendor of the organization has. One rule for the
// check that lists them and the writer that creates them. Pure: no I/O.
import type { OrderPlan } from './open-orders.ts';

export interface NewVendor {
  name: string;
  /** The code it is created with (a Vendor Code column), else null. */
  code: string | null;
}

/**
 * The vendors to create, in name order (as the writer inserts them). `existing` holds the organization's
 * vendor names (a set, or the writer's map of names to sids); names are compared exactly, as the database's
 * unique (organization, name) does.
 */
export function vendorsToCreate(
  orders: readonly Pick<OrderPlan, 'vendor'>[],
  existing: { has(name: string): boolean },
): NewVendor[] {
  const codes = new Map<string, string | null>();
  for (const { vendor } of orders) {
    if (!vendor?.name || vendor.sid || existing.has(vendor.name)) continue;
    // The planner gives a new vendor one code at most; a later order's code stands, as in the writer.
    codes.set(vendor.name, vendor.code ?? codes.get(vendor.name) ?? null);
  }
  return [...codes.keys()].sort().map((name) => ({ name, code: codes.get(name) ?? null }));
}
