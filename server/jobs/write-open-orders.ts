// Writes one chunk of an open-order import: its orders, their items and item
// groups, matched by unique names (created when new, updated when changed),
// custom fields, order members and invites, and a history event for every
// change, in the caller's transaction.
//
// Fast for large files: a few statements per chunk, each with one array
// parameter per column; new records and their created events are inserted by
// one statement each; existing records are looked up only where they can be
// (the items of orders that were there before, and so on), comparing only
// the imported fields, and read whole only when they change.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Row } from '../db/schema.ts';
import type { ItemPlan, OpenOrderPlan, OrderPlan } from '../domain/import/open-orders.ts';
import { vendorsToCreate } from '../domain/import/vendors.ts';
import { newSid, newSids } from '../domain/sid.ts';
import { serializeItemGroup } from '../routes/item-groups.ts';
import { serializeItem } from '../routes/items.ts';
import { serializeOrder } from '../routes/orders.ts';
import { changedFields, decimal } from '../routes/support.ts';
import { asksAgain } from './follow-up-lines.ts';
import {
  insertCreated,
  insertEvents,
  type Actor,
  type BulkColumn,
  type ChunkResult,
  type Constant,
  type CreatedEvents,
  type NewEvent,
} from './write-support.ts';

type Tx = Transaction<Database>;

export interface OpenOrderContext {
  organizationSid: string;
  uploadSid: string;
  actor: Actor;
  columns: OpenOrderPlan['columns'];
  /** The organization's vendors by name; vendors the chunk creates are added. */
  vendors: Map<string, string>;
  memberSids: readonly string[];
  memberEmails: readonly string[];
}

const BATCH = 1000;
/** Values per lookup of existing rows (one array parameter). */
const LOOKUP_BATCH = 5000;
const SEP = '\u0000';

// The columns of new records, each sent as one array; organization and times are constants.
const ORDER_COLUMNS: readonly BulkColumn[] = [
  ['sid', 'text'],
  ['vendor_sid', 'text'],
  ['vendor_name', 'text'],
  ['unique_name', 'text'],
  ['title', 'text'],
];
const orderValues = (o: Row<'orders'>) => [o.sid, o.vendorSid, o.vendorName, o.uniqueName, o.title];

const ITEM_COLUMNS: readonly BulkColumn[] = [
  ['sid', 'text'],
  ['order_sid', 'text'],
  ['unique_name', 'text'],
  ['title', 'text'],
  ['quantity', 'numeric'],
  ['price_per_unit', 'numeric'],
  ['line_number', 'integer'],
  ['description', 'text'],
  ['manufacturer_part_number', 'text'],
  ['revision', 'text'],
];
const itemValues = (i: Row<'items'>) => [
  i.sid,
  i.orderSid,
  i.uniqueName,
  i.title,
  i.quantity,
  i.pricePerUnit,
  i.lineNumber,
  i.description,
  i.manufacturerPartNumber,
  i.revision,
];

const GROUP_COLUMNS: readonly BulkColumn[] = [
  ['sid', 'text'],
  ['order_sid', 'text'],
  ['item_sid', 'text'],
  ['unique_name', 'text'],
  ['quantity', 'numeric'],
  ['due_date', 'date'],
  ['ship_date', 'date'],
  ['estimated_arrival_date', 'date'],
  ['tracking_number', 'text'],
];
const groupValues = (g: Row<'itemGroups'>) => [
  g.sid,
  g.orderSid,
  g.itemSid,
  g.uniqueName,
  g.quantity,
  g.dueDate,
  g.shipDate,
  g.estimatedArrivalDate,
  g.trackingNumber,
];

/**
 * What a created record's history event keeps, as [key, column]: the fields a
 * timeline sums a new record up by (its full state is the record itself).
 * insertCreated adds the upload.
 */
const ORDER_SUMMARY = [
  ['uniqueName', 'unique_name'],
  ['title', 'title'],
  ['vendorSid', 'vendor_sid'],
  ['vendorName', 'vendor_name'],
] as const;
const ITEM_SUMMARY = [
  ['uniqueName', 'unique_name'],
  ['title', 'title'],
  ['manufacturerPartNumber', 'manufacturer_part_number'],
  ['description', 'description'],
  ['quantity', 'quantity'],
  ['lineNumber', 'line_number'],
] as const;
const GROUP_SUMMARY = [
  ['uniqueName', 'unique_name'],
  ['quantity', 'quantity'],
  ['dueDate', 'due_date'],
  ['shipDate', 'ship_date'],
  ['estimatedArrivalDate', 'estimated_arrival_date'],
  ['trackingNumber', 'tracking_number'],
] as const;

/** Rows in batches small enough for one statement's parameters. */
function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

export const sameDecimal = (a: string | null, b: string | null) => decimal(a) === decimal(b);

/**
 * Vendors named by these orders that the organization does not have yet,
 * created (in name order) and added to ctx.vendors. The upload job creates
 * those of the whole file before its chunks (prepareOpenOrders), so chunks
 * written at once never wait on each other's vendors.
 */
async function createVendors(tx: Tx, ctx: OpenOrderContext, orders: readonly OrderPlan[], now: Date) {
  // The same rule the upload check lists them by (vendorsToCreate), each with its code (a Vendor Code column).
  const created = vendorsToCreate(orders, ctx.vendors);
  const names = created.map((v) => v.name);
  // A vendor of the organization named here with a code it has not got yet is given it.
  const codes = new Map<string, string>();
  for (const o of orders) if (o.vendor?.name && o.vendor.code) codes.set(o.vendor.name, o.vendor.code);
  if (names.length) {
    await tx
      .insertInto('vendors')
      .values(
        created.map(({ name, code }) => ({
          sid: newSid('VE'),
          organizationSid: ctx.organizationSid,
          name,
          email: null,
          code,
          created: now,
          updated: now,
        })),
      )
      .onConflict((oc) => oc.columns(['organizationSid', 'name']).doNothing())
      .execute();
    const rows = await tx
      .selectFrom('vendors')
      .select(['sid', 'name'])
      .where('organizationSid', '=', ctx.organizationSid)
      .where('name', 'in', names)
      .execute();
    for (const v of rows) ctx.vendors.set(v.name, v.sid);
  }
  const coded = [...codes];
  if (coded.length) {
    await sql`update vendors as t set code = v.code, updated = ${now}
      from unnest(${coded.map(([name]) => name)}::text[], ${coded.map(([, code]) => code)}::text[]) as v(name, code)
      where t.organization_sid = ${ctx.organizationSid} and t.name = v.name and t.code is null
        and not exists (select 1 from vendors as o where o.organization_sid = t.organization_sid and o.code = v.code)`.execute(
      tx,
    );
  }
}

/**
 * The given columns (camelCase; all of them when omitted) of the rows of
 * `table` whose `column` is one of `values`, LOOKUP_BATCH values at a time
 * (one array parameter each).
 */
async function selectWhereIn<R>(
  tx: Tx,
  table: 'items' | 'itemGroups',
  column: 'sid' | 'orderSid' | 'itemSid',
  values: readonly string[],
  columns?: readonly string[],
): Promise<R[]> {
  const out: R[] = [];
  const selected = columns ? sql.join(columns.map((c) => sql.ref(c))) : sql`*`;
  for (let i = 0; i < values.length; i += LOOKUP_BATCH) {
    const batch = values.slice(i, i + LOOKUP_BATCH);
    const { rows } = await sql<R>`select ${selected} from ${sql.table(table)}
      where ${sql.ref(column)} = any(${batch}::text[])`.execute(tx);
    out.push(...rows);
  }
  return out;
}

/** What an item's match needs: its keys and the fields an import compares (the upload check compares them too). */
export const ITEM_MATCH = [
  'sid',
  'orderSid',
  'uniqueName',
  'title',
  'quantity',
  'pricePerUnit',
  'lineNumber',
  'description',
  'manufacturerPartNumber',
  'revision',
] as const;
export type ItemMatch = Pick<Row<'items'>, (typeof ITEM_MATCH)[number]>;
export const GROUP_MATCH = [
  'sid',
  'itemSid',
  'uniqueName',
  'quantity',
  'dueDate',
  'shipDate',
  'estimatedArrivalDate',
  'trackingNumber',
] as const;
export type GroupMatch = Pick<Row<'itemGroups'>, (typeof GROUP_MATCH)[number]>;

/** The item a plan item is written to. */
interface ItemRef {
  sid: string;
  orderSid: string;
}

/** Before the chunks: the vendors the whole file names, created in one transaction of their own. */
export async function prepareOpenOrders(
  db: Kysely<Database>,
  ctx: OpenOrderContext,
  orders: readonly OrderPlan[],
): Promise<void> {
  await db.transaction().execute((tx) => createVendors(tx, ctx, orders, new Date()));
}

export async function writeOpenOrders(
  tx: Tx,
  ctx: OpenOrderContext,
  orders: readonly OrderPlan[],
): Promise<ChunkResult> {
  const now = new Date();
  const org = ctx.organizationSid;
  const events: NewEvent[] = [];
  const owned: Constant[] = [
    ['organization_sid', 'text', org],
    ['created', 'timestamptz', now.toISOString()],
    ['updated', 'timestamptz', now.toISOString()],
  ];
  const created = (type: string, refs: CreatedEvents['refs'], summary: CreatedEvents['summary']): CreatedEvents => ({
    type,
    organizationSid: org,
    actor: ctx.actor,
    uploadSid: ctx.uploadSid,
    refs,
    summary,
  });
  await createVendors(tx, ctx, orders, now);

  // Orders
  const { rows: existingOrders } = await sql<Row<'orders'>>`select * from orders
    where organization_sid = ${org} and unique_name = any(${orders.map((o) => o.uniqueName)}::text[])`.execute(tx);
  const orderByName = new Map(existingOrders.map((o) => [o.uniqueName ?? '', o]));
  const newOrders: Row<'orders'>[] = [];
  const changedOrders: { before: Row<'orders'>; after: Row<'orders'> }[] = [];
  const orderSidsNew = newSids('OR', orders.length);
  for (const [index, plan] of orders.entries()) {
    const vendor = plan.vendor
      ? {
          vendorSid: plan.vendor.sid ?? (plan.vendor.name ? (ctx.vendors.get(plan.vendor.name) ?? null) : null),
          vendorName: plan.vendor.name,
        }
      : {};
    const title = plan.title !== undefined ? { title: plan.title } : {};
    const found = orderByName.get(plan.uniqueName);
    if (!found) {
      const row: Row<'orders'> = {
        sid: orderSidsNew[index],
        organizationSid: org,
        created: now,
        updated: now,
        vendorSid: null,
        vendorName: null,
        uniqueName: plan.uniqueName,
        title: null,
        followUpPaused: false,
        cadenceSid: null,
        ...vendor,
        ...title,
      };
      newOrders.push(row);
      orderByName.set(plan.uniqueName, row);
    } else {
      const after = { ...found, ...vendor, ...title, updated: now };
      if (after.title !== found.title || after.vendorSid !== found.vendorSid || after.vendorName !== found.vendorName) {
        changedOrders.push({ before: found, after });
        orderByName.set(plan.uniqueName, after);
      }
    }
  }
  await insertCreated(
    tx,
    'orders',
    ORDER_COLUMNS,
    newOrders.map(orderValues),
    owned,
    created('order.created', { orderSid: 'sid' }, ORDER_SUMMARY),
    now,
  );
  if (changedOrders.length) {
    const rows = changedOrders.map((c) => c.after);
    await sql`update orders as t set title = v.title, vendor_sid = v.vendor_sid, vendor_name = v.vendor_name, updated = ${now}
      from unnest(${rows.map((r) => r.sid)}::text[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.vendorSid)}::text[], ${rows.map((r) => r.vendorName)}::text[])
        as v(sid, title, vendor_sid, vendor_name)
      where t.sid = v.sid`.execute(tx);
    for (const { before, after } of changedOrders) {
      events.push({
        type: 'order.updated',
        orderSid: after.sid,
        ...changedFields(serializeOrder(before), serializeOrder(after)),
      });
    }
  }

  // Items: only orders that were there before can have them already.
  const orderSids = orders.map((o) => orderByName.get(o.uniqueName)?.sid ?? '');
  const existingItems = await selectWhereIn<ItemMatch>(
    tx,
    'items',
    'orderSid',
    existingOrders.map((o) => o.sid),
    ITEM_MATCH,
  );
  const itemByKey = new Map<string, ItemMatch>(
    existingItems.map((i) => [`${i.orderSid}${SEP}${i.uniqueName ?? ''}`, i]),
  );
  const newItems: Row<'items'>[] = [];
  const changedItems = new Map<string, Partial<Row<'items'>>>();
  const itemOf = new Map<ItemPlan, ItemRef>();
  const existingItemSids: string[] = [];
  const itemSidsNew = newSids(
    'IT',
    orders.reduce((n, o) => n + o.items.length, 0),
  );
  for (const plan of orders) {
    const orderSid = orderByName.get(plan.uniqueName)?.sid ?? '';
    for (const item of plan.items) {
      const v = item.values;
      const fields: Partial<Row<'items'>> = {
        quantity: item.quantity,
        ...(v.itemTitle !== undefined ? { title: v.itemTitle } : {}),
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.manufacturerPartNumber !== undefined ? { manufacturerPartNumber: v.manufacturerPartNumber } : {}),
        ...(v.lineNumber !== undefined ? { lineNumber: v.lineNumber === null ? null : Number(v.lineNumber) } : {}),
        ...(v.pricePerUnit !== undefined ? { pricePerUnit: v.pricePerUnit } : {}),
        ...(v.revision !== undefined ? { revision: v.revision } : {}),
      };
      const key = `${orderSid}${SEP}${item.uniqueName}`;
      const found = itemByKey.get(key);
      if (!found) {
        const row: Row<'items'> = {
          sid: itemSidsNew[newItems.length],
          organizationSid: org,
          created: now,
          updated: now,
          orderSid,
          uniqueName: item.uniqueName,
          title: null,
          status: 'active',
          quantity: item.quantity,
          pricePerUnit: null,
          nonRecurringCost: null,
          leadTime: null,
          shipTime: null,
          lineNumber: null,
          description: null,
          manufacturerPartNumber: null,
          revision: null,
          ...fields,
        };
        newItems.push(row);
        itemByKey.set(key, row);
        itemOf.set(item, row);
      } else {
        const after: ItemMatch = { ...found, ...fields };
        itemOf.set(item, found);
        existingItemSids.push(found.sid);
        const changed =
          !sameDecimal(after.quantity, found.quantity) ||
          !sameDecimal(after.pricePerUnit, found.pricePerUnit) ||
          after.title !== found.title ||
          after.description !== found.description ||
          after.manufacturerPartNumber !== found.manufacturerPartNumber ||
          after.lineNumber !== found.lineNumber ||
          after.revision !== found.revision;
        if (changed) changedItems.set(found.sid, fields);
      }
    }
  }
  await insertCreated(
    tx,
    'items',
    ITEM_COLUMNS,
    newItems.map(itemValues),
    owned,
    created('item.created', { orderSid: 'order_sid', itemSid: 'sid' }, ITEM_SUMMARY),
    now,
  );
  if (changedItems.size) {
    // The whole records, for their history events.
    const before = await selectWhereIn<Row<'items'>>(tx, 'items', 'sid', [...changedItems.keys()]);
    const rows = before.map((b): Row<'items'> => ({ ...b, ...changedItems.get(b.sid), updated: now }));
    await sql`update items as t set quantity = v.quantity, title = v.title, description = v.description,
        manufacturer_part_number = v.mpn, line_number = v.line_number, price_per_unit = v.price, revision = v.revision, updated = ${now}
      from unnest(${rows.map((r) => r.sid)}::text[], ${rows.map((r) => r.quantity)}::numeric[], ${rows.map((r) => r.title)}::text[],
        ${rows.map((r) => r.description)}::text[], ${rows.map((r) => r.manufacturerPartNumber)}::text[],
        ${rows.map((r) => r.lineNumber)}::integer[], ${rows.map((r) => r.pricePerUnit)}::numeric[], ${rows.map((r) => r.revision)}::text[])
        as v(sid, quantity, title, description, mpn, line_number, price, revision)
      where t.sid = v.sid`.execute(tx);
    for (const [i, after] of rows.entries()) {
      events.push({
        type: 'item.updated',
        orderSid: after.orderSid,
        itemSid: after.sid,
        ...changedFields(serializeItem(before[i]), serializeItem(after)),
      });
    }
  }

  // Item groups: only items that were there before can have them already.
  const existingGroups = await selectWhereIn<GroupMatch>(tx, 'itemGroups', 'itemSid', existingItemSids, GROUP_MATCH);
  const groupByKey = new Map(existingGroups.map((g) => [`${g.itemSid}${SEP}${g.uniqueName ?? ''}`, g]));
  const newGroups: Row<'itemGroups'>[] = [];
  const changedGroups = new Map<string, Partial<Row<'itemGroups'>>>();
  let updated = 0;
  const groupSidsNew = newSids(
    'IG',
    orders.reduce((n, o) => n + o.items.reduce((m, i) => m + i.groups.length, 0), 0),
  );
  for (const plan of orders) {
    for (const item of plan.items) {
      const itemRow = itemOf.get(item);
      if (!itemRow) continue;
      for (const group of item.groups) {
        const v = group.values;
        const fields: Partial<Row<'itemGroups'>> = {
          quantity: group.quantity,
          ...(v.dueDate !== undefined ? { dueDate: v.dueDate } : {}),
          ...(v.shipDate !== undefined ? { shipDate: v.shipDate } : {}),
          ...(v.estimatedArrivalDate !== undefined ? { estimatedArrivalDate: v.estimatedArrivalDate } : {}),
          ...(v.trackingNumber !== undefined ? { trackingNumber: v.trackingNumber } : {}),
        };
        // A first import has no groups to match: skip building 100,000 keys for nothing.
        const found = groupByKey.size ? groupByKey.get(`${itemRow.sid}${SEP}${group.uniqueName}`) : undefined;
        if (!found) {
          newGroups.push({
            sid: groupSidsNew[newGroups.length],
            organizationSid: org,
            created: now,
            updated: now,
            orderSid: itemRow.orderSid,
            itemSid: itemRow.sid,
            uniqueName: group.uniqueName,
            quantity: group.quantity,
            dueDate: null,
            shipDate: null,
            deliveryDate: null,
            estimatedArrivalDate: null,
            shipped: false,
            delivered: false,
            trackingNumber: null,
            lastUpdateDate: null,
            status: 'active',
            confirmed: false,
            cannotSupply: false,
            cannotSupplyReason: null,
            vendorChangedAt: null,
            version: 1,
            ...fields,
          });
        } else {
          updated++;
          const after: GroupMatch = { ...found, ...fields };
          const changed =
            !sameDecimal(after.quantity, found.quantity) ||
            after.dueDate !== found.dueDate ||
            after.shipDate !== found.shipDate ||
            after.estimatedArrivalDate !== found.estimatedArrivalDate ||
            after.trackingNumber !== found.trackingNumber;
          if (changed) changedGroups.set(found.sid, fields);
        }
      }
    }
  }
  // A new line's part is its item's (migration 0047), read here for all of them at once rather than by the database's
  // trigger line by line. The items are not held for it (for share, as the trigger does): that made a file of
  // 100,000 lines of one order five times slower to import on PGlite. So a line added while another transaction
  // changes its item's MPN may keep the part before, until the item's MPN changes again.
  await insertCreated(
    tx,
    'item_groups',
    GROUP_COLUMNS,
    newGroups.map(groupValues),
    owned,
    created('itemGroup.created', { orderSid: 'order_sid', itemSid: 'item_sid', itemGroupSid: 'sid' }, GROUP_SUMMARY),
    now,
    [['mpn_key', sql`coalesce((select i.mpn_key from items i where i.sid = v.item_sid), '')`]],
  );
  if (changedGroups.size) {
    const before = await selectWhereIn<Row<'itemGroups'>>(tx, 'itemGroups', 'sid', [...changedGroups.keys()]);
    const rows = before.map((b): Row<'itemGroups'> => {
      const after = { ...b, ...changedGroups.get(b.sid), updated: now, version: b.version + 1 };
      // A new due date or quantity asks the vendor again: the confirmation given no longer stands.
      return asksAgain(b, after) ? { ...after, confirmed: false } : after;
    });
    await sql`update item_groups as t set quantity = v.quantity, due_date = v.due_date, ship_date = v.ship_date,
        estimated_arrival_date = v.eta, tracking_number = v.tracking, confirmed = v.confirmed,
        version = t.version + 1, updated = ${now}
      from unnest(${rows.map((r) => r.sid)}::text[], ${rows.map((r) => r.quantity)}::numeric[], ${rows.map((r) => r.dueDate)}::date[],
        ${rows.map((r) => r.shipDate)}::date[], ${rows.map((r) => r.estimatedArrivalDate)}::date[], ${rows.map((r) => r.trackingNumber)}::text[],
        ${rows.map((r) => r.confirmed)}::boolean[])
        as v(sid, quantity, due_date, ship_date, eta, tracking, confirmed)
      where t.sid = v.sid`.execute(tx);
    const askAgain = rows.filter((r, i) => asksAgain(before[i], r)).map((r) => r.sid);
    if (askAgain.length) {
      await sql`update cadence_trackers set next_update_date = ${now}, reminder_at = null, updated = ${now},
          version = version + 1
        where organization_sid = ${ctx.organizationSid} and state = 'active' and reference_sid = any(${askAgain}::text[])`.execute(
        tx,
      );
    }
    for (const [i, after] of rows.entries()) {
      events.push({
        type: 'itemGroup.updated',
        orderSid: after.orderSid,
        itemSid: after.itemSid,
        itemGroupSid: after.sid,
        ...changedFields(serializeItemGroup(before[i]), serializeItemGroup(after)),
      });
    }
  }

  await writeCustomFields(tx, ctx, itemOf, now);
  await addMembers(tx, ctx, [...new Set(orderSids)], now);
  await insertEvents(tx, ctx.organizationSid, ctx.actor, events, now);
  return { rows: newGroups.length + updated, created: newGroups.length, updated, failed: 0 };
}

async function writeCustomFields(tx: Tx, ctx: OpenOrderContext, itemOf: Map<ItemPlan, ItemRef>, now: Date) {
  if (!ctx.columns.customFields.length) return;
  const set: { itemSid: string; name: string; value: string }[] = [];
  const cleared: { itemSid: string; name: string }[] = [];
  for (const [plan, row] of itemOf) {
    for (const [name, value] of Object.entries(plan.customFields)) {
      if (value === null) cleared.push({ itemSid: row.sid, name });
      else set.push({ itemSid: row.sid, name, value });
    }
  }
  for (const rows of batches(set)) {
    await tx
      .insertInto('itemCustomFields')
      .values(
        rows.map((f) => ({
          sid: newSid('CF'),
          organizationSid: ctx.organizationSid,
          created: now,
          updated: now,
          ...f,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['itemSid', 'name'])
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated: eb.ref('excluded.updated') }))
          .where((eb) => eb('itemCustomFields.value', '<>', eb.ref('excluded.value'))),
      )
      .execute();
  }
  if (cleared.length) {
    await sql`delete from item_custom_fields as t using unnest(${cleared.map((c) => c.itemSid)}::text[], ${cleared.map((c) => c.name)}::text[]) as v(item_sid, name)
      where t.item_sid = v.item_sid and t.name = v.name`.execute(tx);
  }
}

/** The upload's order members and invites, on every order of the chunk. */
async function addMembers(tx: Tx, ctx: OpenOrderContext, orderSids: string[], now: Date) {
  if (!orderSids.length || (!ctx.memberSids.length && !ctx.memberEmails.length)) return;
  const users = ctx.memberEmails.length
    ? await tx
        .selectFrom('users')
        .select(['sid', 'email'])
        .where('organizationSid', '=', ctx.organizationSid)
        .where(
          sql<string>`lower(email)`,
          'in',
          ctx.memberEmails.map((e) => e.toLowerCase()),
        )
        .execute()
    : [];
  const userByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.sid]));
  const memberSids = [...new Set([...ctx.memberSids, ...users.map((u) => u.sid)])];
  const invites = ctx.memberEmails.filter((e) => !userByEmail.has(e.toLowerCase()));
  const owned = { organizationSid: ctx.organizationSid, created: now, updated: now };
  if (memberSids.length) {
    await tx
      .insertInto('orderMembers')
      .values(
        orderSids.flatMap((orderSid) =>
          memberSids.map((memberSid) => ({ ...owned, sid: newSid('OM'), orderSid, memberSid })),
        ),
      )
      .onConflict((oc) => oc.columns(['orderSid', 'memberSid']).doNothing())
      .execute();
  }
  if (invites.length) {
    await tx
      .insertInto('orderInvites')
      .values(
        orderSids.flatMap((orderSid) =>
          invites.map((email) => ({ ...owned, sid: newSid('OI'), orderSid, email, accepted: null })),
        ),
      )
      .onConflict((oc) => oc.columns(['orderSid', 'email']).doNothing())
      .execute();
  }
}

/**
 * forceItemGroupsNotPresentDelivered: every active, undelivered item group of
 * the organization that the file does not name is marked delivered.
 */
export async function deliverItemGroupsNotInFile(
  tx: Tx,
  organizationSid: string,
  actor: Actor,
  orders: readonly OrderPlan[],
): Promise<number> {
  const o: string[] = [];
  const i: string[] = [];
  const g: string[] = [];
  for (const order of orders) {
    for (const item of order.items) {
      for (const group of item.groups) {
        o.push(order.uniqueName);
        i.push(item.uniqueName);
        g.push(group.uniqueName);
      }
    }
  }
  const now = new Date();
  const { rows } = await sql<{ sid: string; orderSid: string; itemSid: string }>`
    update item_groups as g set delivered = true, version = g.version + 1, updated = ${now}
    from items as i, orders as o
    where g.organization_sid = ${organizationSid} and g.status = 'active' and not g.delivered
      and i.sid = g.item_sid and o.sid = g.order_sid
      and not exists (
        select 1 from unnest(${o}::text[], ${i}::text[], ${g}::text[]) as f(o, i, g)
        where f.o = o.unique_name and f.i = i.unique_name and f.g = g.unique_name)
    returning g.sid, g.order_sid, g.item_sid`.execute(tx);
  await insertEvents(
    tx,
    organizationSid,
    actor,
    rows.map((r) => ({
      type: 'itemGroup.updated',
      orderSid: r.orderSid,
      itemSid: r.itemSid,
      itemGroupSid: r.sid,
      before: { delivered: false },
      after: { delivered: true },
    })),
    now,
  );
  return rows.length;
}

/** An import that created at least this many item groups, and a tenth of those there were, refreshes the statistics. */
const ANALYZE_MIN_CREATED = 1000;

/**
 * Fresh planner statistics for orders, items and item groups after an import
 * that added many of them, so that the next lookups by unique name, and the
 * lists, use their indexes: PGlite never analyzes by itself, and PostgreSQL's
 * autovacuum only gets to it later.
 */
export async function analyzeAfterImport(db: Kysely<Database>, created: number): Promise<void> {
  if (created < ANALYZE_MIN_CREATED) return;
  const { rows } = await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class
    where oid = 'item_groups'::regclass`.execute(db);
  if (created < 0.1 * (rows.at(0)?.n ?? 0)) return;
  await sql`analyze orders, items, item_groups`.execute(db);
}
