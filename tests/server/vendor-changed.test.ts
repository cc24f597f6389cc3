// When the vendor last changed a line (vendorChangedAt), for the buyer's
// "changed by the vendor since you last looked" marker: set by the vendor's
// answers and splits, never by the buyer's own changes.
import { describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface ItemGroup {
  sid: string;
  orderSid: string;
  version: number;
  vendorChangedAt: string | null;
}

async function line(t: Tenant): Promise<ItemGroup> {
  const group = await makeLine<ItemGroup>(t, { prefix: 'VC' });
  expect(group.vendorChangedAt).toBeNull();
  return group;
}

describe('vendorChangedAt', () => {
  it("is set by the vendor's change and split, and kept through the buyer's", async () => {
    const t = await createTenant('VendorChanged');
    const g = await line(t);
    const byBuyer = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      shipDate: '2030-05-01',
      version: g.version,
    });
    expect(byBuyer.body.vendorChangedAt).toBeNull();

    const before = Date.now();
    const byVendor = await t.vendor.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      confirmed: true,
      version: byBuyer.body.version,
    });
    const at = Date.parse(byVendor.body.vendorChangedAt ?? '');
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);

    const buyerAgain = await t.buyer.request<ItemGroup>('PATCH', `/v1/itemGroups/${g.sid}`, {
      trackingNumber: '1Z999',
      version: byVendor.body.version,
    });
    expect(buyerAgain.body.vendorChangedAt).toBe(byVendor.body.vendorChangedAt);

    // A vendor's split marks the line and its new shipments; a buyer's split leaves them as they were.
    const split = await t.vendor.request<{ itemGroups: ItemGroup[] }>('POST', `/v1/itemGroups/${g.sid}/split`, {
      version: buyerAgain.body.version,
      shipments: [{ quantity: '20' }, { quantity: '20', shipDate: '2030-05-20' }],
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    expect(split.body.itemGroups).toHaveLength(2);
    for (const s of split.body.itemGroups) expect(Date.parse(s.vendorChangedAt ?? '')).toBeGreaterThan(at - 1);
    const other = await line(t);
    const buyerSplit = await t.buyer.request<{ itemGroups: ItemGroup[] }>('POST', `/v1/itemGroups/${other.sid}/split`, {
      version: other.version,
      shipments: [{ quantity: '20' }, { quantity: '20' }],
    });
    expect(buyerSplit.body.itemGroups.map((s) => s.vendorChangedAt)).toEqual([null, null]);
    // The list carries it too, for the schedule.
    const listed = await t.buyer.request<{ itemGroups: ItemGroup[] }>(
      'GET',
      `/v1/itemGroups?orderSid=${split.body.itemGroups[0].orderSid}`,
    );
    expect(listed.body.itemGroups.map((s) => s.vendorChangedAt !== null)).toEqual([true, true]);
  });
});
