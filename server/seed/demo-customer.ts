// The demo's second buying organization, small and in approval mode: Voltaris
// serves it too, so the demo vendor login has two customers to switch between,
// and Helix's buyer accepts or rejects Voltaris's proposed dates and splits.
// Its lines get their first update requests from the engine's first run.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';

export const SECOND_CUSTOMER = 'Helix Medical Devices';

const DAY_MS = 86_400_000;

/** Helix's own logins (with the demo password): its administrator and buyer. */
export const SECOND_CUSTOMER_STAFF = [
  { email: 'iris.novak@helix-medical.example', role: 'admin' as const, firstName: 'Iris', lastName: 'Novak' },
  { email: 'tomas.berg@helix-medical.example', role: 'buyer' as const, firstName: 'Tomas', lastName: 'Berg' },
];

/** [mpn, description, quantity, due in days]. */
type LineSpec = [string, string, number, number];

const ORDERS: { uniqueName: string; title: string; vendor: 'voltaris' | 'keystone'; lines: LineSpec[] }[] = [
  {
    uniqueName: 'HX-2201',
    title: 'Infusion pump controller, pilot lot',
    vendor: 'voltaris',
    lines: [
      ['STM32L476RGT6', 'MCU ARM Cortex-M4 80MHz 1MB flash, LQFP-64', 250, 18],
      ['TPS62160DSGR', 'Step-down converter 3-17V 1A, WSON-8', 500, 18],
      ['GRM188R71H104KA93D', 'MLCC 100nF 50V X7R 0603', 12000, 25],
    ],
  },
  {
    uniqueName: 'HX-2202',
    title: 'Sensor board restock',
    vendor: 'voltaris',
    lines: [
      ['BME280', 'Humidity, pressure and temperature sensor, LGA-8', 400, 32],
      ['TXS0108EPWR', '8-bit level translator, TSSOP-20', 400, 32],
    ],
  },
  {
    uniqueName: 'HX-2203',
    title: 'Connectors for the handheld monitor',
    vendor: 'voltaris',
    lines: [
      ['105017-0001', 'Micro-USB B receptacle, right angle SMT', 1000, 46],
      ['DF13-6P-1.25H', 'Header 6 pins 1.25mm pitch, vertical', 2000, 46],
    ],
  },
  {
    uniqueName: 'HX-2204',
    title: 'Passives for Q1 builds',
    vendor: 'keystone',
    lines: [['RC0603FR-0710KL', 'Resistor 10kΩ 1% 0603', 20000, 21]],
  },
];

/**
 * Loads the second customer. `voltarisUserEmail` is the demo vendor login, which Helix's Voltaris
 * vendor is linked to: one login, two customers.
 */
export async function seedSecondCustomer(
  db: Kysely<Database>,
  options: { today: Date; passwordHash: string; voltarisUserEmail: string },
): Promise<{ organizationSid: string; orders: number; itemGroups: number }> {
  const { today, passwordHash } = options;
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  /** A weekday `offset` days from today (weekends move to the Monday after). */
  const day = (offset: number) => {
    let ms = midnight + offset * DAY_MS;
    const dow = new Date(ms).getUTCDay();
    if (dow === 6) ms += 2 * DAY_MS;
    if (dow === 0) ms += DAY_MS;
    return new Date(ms).toISOString().slice(0, 10);
  };
  // Before the follow-up history starts (21 days back), so that no request predates its order.
  const created = new Date(Math.min(midnight - 24 * DAY_MS + 9 * 3_600_000, today.getTime()));
  const organizationSid = newSid('OG');
  const owned = (prefix: string, at: Date = created) => ({
    sid: newSid(prefix),
    organizationSid,
    created: at,
    updated: at,
  });

  const voltarisUser = await db
    .selectFrom('users')
    .select('sid')
    .where('email', '=', options.voltarisUserEmail)
    .executeTakeFirstOrThrow();
  const staff = SECOND_CUSTOMER_STAFF.map((s) => ({
    ...owned('US'),
    email: s.email,
    firstName: s.firstName,
    lastName: s.lastName,
    phoneNumber: null,
    passwordHash,
    role: s.role,
    employee: true,
  }));
  const vendors = {
    voltaris: { ...owned('VE'), name: 'Voltaris Components', email: options.voltarisUserEmail, code: 'HX-V-014' },
    keystone: {
      ...owned('VE'),
      name: 'Keystone Passives GmbH',
      email: 'sales@keystone-passives.example',
      code: 'HX-V-022',
    },
  };
  const orders: Insertable<Database['orders']>[] = [];
  const items: Insertable<Database['items']>[] = [];
  const groups: Insertable<Database['itemGroups']>[] = [];
  const members: Insertable<Database['orderMembers']>[] = [];
  for (const [n, spec] of ORDERS.entries()) {
    const at = new Date(created.getTime() + n * 3_600_000);
    const vendor = vendors[spec.vendor];
    const order = {
      ...owned('OR', at),
      vendorSid: vendor.sid,
      vendorName: vendor.name,
      uniqueName: spec.uniqueName,
      title: spec.title,
    };
    orders.push(order);
    members.push({ ...owned('OM', at), orderSid: order.sid, memberSid: staff[1].sid, type: 'tracking' });
    for (const [i, [mpn, description, quantity, due]] of spec.lines.entries()) {
      const item = {
        ...owned('IT', at),
        orderSid: order.sid,
        uniqueName: String((i + 1) * 10),
        title: description,
        quantity: String(quantity),
        pricePerUnit: null,
        nonRecurringCost: null,
        leadTime: null,
        shipTime: null,
        lineNumber: (i + 1) * 10,
        description,
        manufacturerPartNumber: mpn,
        revision: null,
      };
      items.push(item);
      groups.push({
        ...owned('IG', at),
        orderSid: order.sid,
        itemSid: item.sid,
        uniqueName: null,
        quantity: String(quantity),
        dueDate: day(due),
        shipDate: null,
        deliveryDate: null,
        estimatedArrivalDate: null,
        shipped: false,
        delivered: false,
        trackingNumber: null,
        lastUpdateDate: null,
      });
    }
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('organizations')
      .values({ sid: organizationSid, name: SECOND_CUSTOMER, logo100x100: null, created, updated: created })
      .execute();
    await tx
      .insertInto('organizationSettings')
      .values({
        ...owned('OS'),
        defaultTimeZone: 'America/Chicago',
        defaultItemGroupCadence: null,
        defaultPastDueCadenceSid: null,
        vendorChangesNeedApproval: true,
      })
      .execute();
    await tx.insertInto('users').values(staff).execute();
    await tx.insertInto('vendors').values(Object.values(vendors)).execute();
    await tx.insertInto('userVendors').values({ userSid: voltarisUser.sid, vendorSid: vendors.voltaris.sid }).execute();
    await tx.insertInto('orders').values(orders).execute();
    await tx.insertInto('orderMembers').values(members).execute();
    await tx.insertInto('items').values(items).execute();
    await tx.insertInto('itemGroups').values(groups).execute();
  });
  return { organizationSid, orders: orders.length, itemGroups: groups.length };
}
