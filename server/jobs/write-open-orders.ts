// Writes one chunk of an open-order import: its orders, their items and item
// groups, matched by unique names (created when new, updated when changed),
// custom fields, order members and invites, and a history event for every
// change, in the caller's transaction.
import { sql, type Transaction } from 'kysely';
import type { Database, Row } from '../db/schema.ts';
import type { ItemPlan, OpenOrderPlan, OrderPlan } from '../domain/import/open-orders.ts';
import { newSid } from '../domain/sid.ts';
import { serializeItemGroup } from '../routes/item-groups.ts';
import { serializeItem } from '../routes/items.ts';
import { serializeOrder } from '../routes/orders.ts';
import { changedFields, decimal } from '../routes/support.ts';
import {
  bulkInsert,
  insertEvents,
  type Actor,
  type BulkColumn,
  type ChunkResult,
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
const SEP = '\u0000';

const ts = (d: Date) => d.toISOString();

const ORDER_COLUMNS: readonly BulkColumn[] = [
  ['sid', 'text'],
  ['organization_sid', 'text'],
  ['created', 'timestamptz'],
  ['updated', 'timestamptz'],
  ['vendor_sid', 'text'],
  ['vendor_name', 'text'],
  ['unique_name', 'text'],
  ['title', 'text'],
];
const orderValues = (o: Row<'orders'>) => [
  o.sid,
  o.organizationSid,
  ts(o.created),
  ts(o.updated),
  o.vendorSid,
  o.vendorName,
  o.uniqueName,
  o.title,
];

const ITEM_COLUMNS: readonly BulkColumn[] = [
  ['sid', 'text'],
  ['organization_sid', 'text'],
  ['created', 'timestamptz'],
  ['updated', 'timestamptz'],
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
  i.organizationSid,
  ts(i.created),
  ts(i.updated),
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
  ['organization_sid', 'text'],
  ['created', 'timestamptz'],
  ['updated', 'timestamptz'],
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
  g.organizationSid,
  ts(g.created),
  ts(g.updated),
  g.orderSid,
  g.itemSid,
  g.uniqueName,
  g.quantity,
  g.dueDate,
  g.shipDate,
  g.estimatedArrivalDate,
  g.trackingNumber,
];

/** Rows in batches small enough for one statement's parameters. */
function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/**
 * What a created record's history event keeps: the fields a timeline sums a
 * new record up by (its full state is the record itself), and the upload.
 */
function createdSummary(
  uploadSid: string,
  record: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { uploadSid };
  for (const key of keys) if (record[key] !== null && record[key] !== undefined) out[key] = record[key];
  return out;
}
const ORDER_SUMMARY = ['uniqueName', 'title', 'vendorSid', 'vendorName'];
const ITEM_SUMMARY = ['uniqueName', 'title', 'manufacturerPartNumber', 'description', 'quantity', 'lineNumber'];
const GROUP_SUMMARY = ['uniqueName', 'quantity', 'dueDate', 'shipDate', 'estimatedArrivalDate', 'trackingNumber'];

const sameDecimal = (a: string | null, b: string | null) => decimal(a) === decimal(b);

/** Vendors named by the chunk's orders that the organization does not have yet, created. */
async function createVendors(tx: Tx, ctx: OpenOrderContext, orders: readonly OrderPlan[], now: Date) {
  const names = [
    ...new Set(
      orders.flatMap((o) =>
        o.vendor && !o.vendor.sid && o.vendor.name && !ctx.vendors.has(o.vendor.name) ? [o.vendor.name] : [],
      ),
    ),
  ];
  if (!names.length) return;
  await tx
    .insertInto('vendors')
    .values(
      names.map((name) => ({
        sid: newSid('VE'),
        organizationSid: ctx.organizationSid,
        name,
        email: null,
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

export async function writeOpenOrders(
  tx: Tx,
  ctx: OpenOrderContext,
  orders: readonly OrderPlan[],
): Promise<ChunkResult> {
  const now = new Date();
  const org = ctx.organizationSid;
  const events: NewEvent[] = [];
  await createVendors(tx, ctx, orders, now);

  // Orders
  const existingOrders = await tx
    .selectFrom('orders')
    .selectAll()
    .where('organizationSid', '=', org)
    .where(
      'uniqueName',
      'in',
      orders.map((o) => o.uniqueName),
    )
    .execute();
  const orderByName = new Map(existingOrders.map((o) => [o.uniqueName ?? '', o]));
  const newOrders: Row<'orders'>[] = [];
  const changedOrders: { before: Row<'orders'>; after: Row<'orders'> }[] = [];
  for (const plan of orders) {
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
        sid: newSid('OR'),
        organizationSid: org,
        created: now,
        updated: now,
        vendorSid: null,
        vendorName: null,
        uniqueName: plan.uniqueName,
        title: null,
        ...vendor,
        ...title,
      };
      newOrders.push(row);
      orderByName.set(plan.uniqueName, row);
      events.push({
        type: 'order.created',
        orderSid: row.sid,
        after: createdSummary(ctx.uploadSid, row, ORDER_SUMMARY),
      });
    } else {
      const after = { ...found, ...vendor, ...title, updated: now };
      if (after.title !== found.title || after.vendorSid !== found.vendorSid || after.vendorName !== found.vendorName) {
        changedOrders.push({ before: found, after });
        orderByName.set(plan.uniqueName, after);
      }
    }
  }
  await bulkInsert(tx, 'orders', ORDER_COLUMNS, newOrders.map(orderValues));
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

  // Items
  const orderSids = orders.map((o) => orderByName.get(o.uniqueName)?.sid ?? '');
  const existingItems = await tx.selectFrom('items').selectAll().where('orderSid', 'in', orderSids).execute();
  const itemByKey = new Map(existingItems.map((i) => [`${i.orderSid}${SEP}${i.uniqueName ?? ''}`, i]));
  const newItems: Row<'items'>[] = [];
  const changedItems: { before: Row<'items'>; after: Row<'items'> }[] = [];
  const itemOf = new Map<ItemPlan, Row<'items'>>();
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
          sid: newSid('IT'),
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
        events.push({
          type: 'item.created',
          orderSid,
          itemSid: row.sid,
          after: createdSummary(ctx.uploadSid, row, ITEM_SUMMARY),
        });
      } else {
        const after: Row<'items'> = { ...found, ...fields, updated: now };
        itemOf.set(item, after);
        const changed =
          !sameDecimal(after.quantity, found.quantity) ||
          !sameDecimal(after.pricePerUnit, found.pricePerUnit) ||
          after.title !== found.title ||
          after.description !== found.description ||
          after.manufacturerPartNumber !== found.manufacturerPartNumber ||
          after.lineNumber !== found.lineNumber ||
          after.revision !== found.revision;
        if (changed) changedItems.push({ before: found, after });
      }
    }
  }
  await bulkInsert(tx, 'items', ITEM_COLUMNS, newItems.map(itemValues));
  if (changedItems.length) {
    const rows = changedItems.map((c) => c.after);
    await sql`update items as t set quantity = v.quantity, title = v.title, description = v.description,
        manufacturer_part_number = v.mpn, line_number = v.line_number, price_per_unit = v.price, revision = v.revision, updated = ${now}
      from unnest(${rows.map((r) => r.sid)}::text[], ${rows.map((r) => r.quantity)}::numeric[], ${rows.map((r) => r.title)}::text[],
        ${rows.map((r) => r.description)}::text[], ${rows.map((r) => r.manufacturerPartNumber)}::text[],
        ${rows.map((r) => r.lineNumber)}::integer[], ${rows.map((r) => r.pricePerUnit)}::numeric[], ${rows.map((r) => r.revision)}::text[])
        as v(sid, quantity, title, description, mpn, line_number, price, revision)
      where t.sid = v.sid`.execute(tx);
    for (const { before, after } of changedItems) {
      events.push({
        type: 'item.updated',
        orderSid: after.orderSid,
        itemSid: after.sid,
        ...changedFields(serializeItem(before), serializeItem(after)),
      });
    }
  }

  // Item groups
  const itemSids = [...itemOf.values()].map((i) => i.sid);
  const existingGroups = itemSids.length
    ? await tx.selectFrom('itemGroups').selectAll().where('itemSid', 'in', itemSids).execute()
    : [];
  const groupByKey = new Map(existingGroups.map((g) => [`${g.itemSid}${SEP}${g.uniqueName ?? ''}`, g]));
  const newGroups: Row<'itemGroups'>[] = [];
  const changedGroups: { before: Row<'itemGroups'>; after: Row<'itemGroups'> }[] = [];
  let created = 0;
  let updated = 0;
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
        const found = groupByKey.get(`${itemRow.sid}${SEP}${group.uniqueName}`);
        if (!found) {
          created++;
          const row: Row<'itemGroups'> = {
            sid: newSid('IG'),
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
            version: 1,
            ...fields,
          };
          newGroups.push(row);
          events.push({
            type: 'itemGroup.created',
            orderSid: row.orderSid,
            itemSid: row.itemSid,
            itemGroupSid: row.sid,
            after: createdSummary(ctx.uploadSid, row, GROUP_SUMMARY),
          });
        } else {
          updated++;
          const after: Row<'itemGroups'> = { ...found, ...fields, updated: now, version: found.version + 1 };
          const changed =
            !sameDecimal(after.quantity, found.quantity) ||
            after.dueDate !== found.dueDate ||
            after.shipDate !== found.shipDate ||
            after.estimatedArrivalDate !== found.estimatedArrivalDate ||
            after.trackingNumber !== found.trackingNumber;
          if (changed) changedGroups.push({ before: found, after });
        }
      }
    }
  }
  await bulkInsert(tx, 'item_groups', GROUP_COLUMNS, newGroups.map(groupValues));
  if (changedGroups.length) {
    const rows = changedGroups.map((c) => c.after);
    await sql`update item_groups as t set quantity = v.quantity, due_date = v.due_date, ship_date = v.ship_date,
        estimated_arrival_date = v.eta, tracking_number = v.tracking, version = t.version + 1, updated = ${now}
      from unnest(${rows.map((r) => r.sid)}::text[], ${rows.map((r) => r.quantity)}::numeric[], ${rows.map((r) => r.dueDate)}::date[],
        ${rows.map((r) => r.shipDate)}::date[], ${rows.map((r) => r.estimatedArrivalDate)}::date[], ${rows.map((r) => r.trackingNumber)}::text[])
        as v(sid, quantity, due_date, ship_date, eta, tracking)
      where t.sid = v.sid`.execute(tx);
    for (const { before, after } of changedGroups) {
      events.push({
        type: 'itemGroup.updated',
        orderSid: after.orderSid,
        itemSid: after.itemSid,
        itemGroupSid: after.sid,
        ...changedFields(serializeItemGroup(before), serializeItemGroup(after)),
      });
    }
  }

  await writeCustomFields(tx, ctx, itemOf, now);
  await addMembers(tx, ctx, [...new Set(orderSids)], now);
  await insertEvents(tx, ctx.organizationSid, ctx.actor, events, now);
  return { rows: created + updated, created, updated, failed: 0 };
}

async function writeCustomFields(tx: Tx, ctx: OpenOrderContext, itemOf: Map<ItemPlan, Row<'items'>>, now: Date) {
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
