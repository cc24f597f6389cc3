// Item groups (scheduled shipments), their bulk update and history
// (tags: itemGroups, itemGroupEvents).
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { ListItemGroupEventsQueryParams } from '../../src/api/generated/zod/item-group-events/item-group-events.zod.ts';
import {
  BulkUpdateItemGroupsBody,
  CreateItemGroupBody,
  GetItemGroupQueryParams,
  ListItemGroupsQueryParams,
  UpdateItemGroupBody,
} from '../../src/api/generated/zod/item-groups/item-groups.zod.ts';
import type { Row } from '../db/schema.ts';
import { arrivalAfterShipDate, confirmedDeliveryDate } from '../domain/item-group-confirm.ts';
import { afterLineChanges, asksAgain } from '../jobs/follow-up-lines.ts';
import { movedDate } from '../domain/item-group-proposal.ts';
import { itemGroupRisk, utcToday } from '../domain/item-group-risk.ts';
import { normalizePartNumber } from '../domain/bom/forecast.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { badRequest, conflict, HttpError, notFound, versionConflict } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/validate.ts';
import { refuseWithoutApproval, shipmentsOf } from './approval-mode.ts';
import { eventPage } from './events.ts';
import { findItem, type ItemRef } from './items.ts';
import { dateKey } from '../db/migrations.ts';
import { assertTokenFits, containsPattern } from './orders.ts';
import {
  canonicalDecimal,
  changedFields,
  clientSid,
  type Ctx,
  type Db,
  dbOf,
  decimal,
  ifMatchVersions,
  instant,
  iso,
  isoRequired,
  keyString,
  leavesAsIs,
  pageOf,
  principalOf,
  recordEvent,
  recordEvents,
  replayCreate,
  requireStaff,
  strictQuery,
  unchanged,
} from './support.ts';

type ItemGroupRow = Row<'itemGroups'>;

export function serializeItemGroup(g: ItemGroupRow) {
  return {
    sid: g.sid,
    created: isoRequired(g.created),
    updated: isoRequired(g.updated),
    itemSid: g.itemSid,
    quantity: decimal(g.quantity) ?? '0',
    dueDate: g.dueDate,
    shipDate: g.shipDate,
    deliveryDate: g.deliveryDate,
    shipped: g.shipped,
    delivered: g.delivered,
    trackingNumber: g.trackingNumber,
    version: g.version,
    lastUpdateDate: iso(g.lastUpdateDate),
    estimatedArrivalDate: g.estimatedArrivalDate,
    uniqueName: g.uniqueName,
    orderSid: g.orderSid,
    organizationSid: g.organizationSid,
    status: g.status,
    confirmed: g.confirmed,
    cannotSupply: g.cannotSupply,
    cannotSupplyReason: g.cannotSupplyReason,
    vendorChangedAt: iso(g.vendorChangedAt),
  };
}

/** The unique names of the item group's item and order. */
async function lineNames(db: Db, group: ItemGroupRow) {
  return db
    .selectFrom('items')
    .innerJoin('orders', 'orders.sid', 'items.orderSid')
    .select(['items.uniqueName as itemUniqueName', 'orders.uniqueName as orderUniqueName'])
    .where('items.sid', '=', group.itemSid)
    .executeTakeFirst();
}

interface ItemGroupRef extends ItemRef {
  itemSid?: string | null;
  itemUniqueName?: string | null;
}

/** The item group by sid, or by unique name within an item named by the query; scoped like items. */
export async function findItemGroup(
  db: Db,
  p: Principal,
  sidOrUniqueName: string,
  ref: ItemGroupRef = {},
): Promise<ItemGroupRow> {
  let q = db
    .selectFrom('itemGroups')
    .innerJoin('orders', 'orders.sid', 'itemGroups.orderSid')
    .selectAll('itemGroups')
    .where('itemGroups.organizationSid', '=', p.organizationSid);
  if (ref.itemSid || ref.itemUniqueName) {
    const item = await findItem(db, p, ref.itemSid ?? ref.itemUniqueName ?? '', ref);
    q = q
      .where('itemGroups.itemSid', '=', item.sid)
      .where((eb) =>
        eb.or([eb('itemGroups.sid', '=', sidOrUniqueName), eb('itemGroups.uniqueName', '=', sidOrUniqueName)]),
      );
  } else {
    q = q.where('itemGroups.sid', '=', sidOrUniqueName);
  }
  if (p.role === 'vendor') q = q.where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
  const rows = await q.execute();
  const group = rows.find((r) => r.sid === sidOrUniqueName) ?? rows[0];
  if (!group) throw notFound('item group');
  return group;
}

type ItemGroupChange = ReturnType<typeof UpdateItemGroupBody.parse>;

/** Fields a vendor may change: its promise and the shipment's progress, never the buyer's due date or quantity. */
const VENDOR_FIELDS = new Set([
  'shipDate',
  'deliveryDate',
  'shipped',
  'delivered',
  'trackingNumber',
  'confirmed',
  'cannotSupply',
  'cannotSupplyReason',
  'version',
  'lastUpdateDate',
  'eventRelations',
]);

/** In approval mode a vendor's change that moves a date is refused: it goes through a proposal. */
async function refuseVendorDatesWithoutApproval(tx: Db, p: Principal, planned: PlannedChange[]): Promise<void> {
  if (p.role !== 'vendor') return;
  for (const [index, { group, change }] of planned.entries()) {
    const field = movedDate(group, change);
    if (field) return refuseWithoutApproval(tx, p, planned.length > 1 ? `${index}.${field}` : field);
  }
}

/**
 * Whether the vendor's "cannot supply" stands after the change, and its reason. It is said with a reason and never
 * with a confirmation; a confirmation (by anyone) or a vendor's new date withdraws it, as does `cannotSupply: false`.
 */
function cannotSupplyAfter(
  p: Principal,
  group: ItemGroupRow,
  change: ItemGroupChange,
  fieldAt: (field: string) => string,
): { standing: boolean; reason: string | null } {
  const reason = change.cannotSupplyReason?.trim() || null;
  if (change.cannotSupply === true) {
    if (change.confirmed === true) {
      throw badRequest(
        'A line cannot be confirmed and marked as one the vendor cannot supply at once.',
        fieldAt('confirmed'),
      );
    }
    const kept = reason ?? (group.cannotSupply ? group.cannotSupplyReason : null);
    if (!kept) throw badRequest('Say why the line cannot be supplied.', fieldAt('cannotSupplyReason'));
    return { standing: true, reason: kept };
  }
  const newDate = change.shipDate !== undefined || change.deliveryDate !== undefined;
  const withdrawn = change.cannotSupply === false || change.confirmed === true || (p.role === 'vendor' && newDate);
  const standing = group.cannotSupply && !withdrawn;
  if (reason !== null && !standing) {
    throw badRequest('A reason goes with cannotSupply: true.', fieldAt('cannotSupplyReason'));
  }
  return { standing, reason: standing ? (reason ?? group.cannotSupplyReason) : null };
}

interface PlannedChange {
  group: ItemGroupRow;
  change: ItemGroupChange & { version?: number | null };
  expected: number | null;
}

/**
 * Applies changes to item groups inside a transaction, all or none: checks
 * role, version and non-null fields of every change first (a change that
 * confirms without leaving a ship or delivery date gets the due date as its
 * delivery date), then writes every
 * row in one statement conditioned on the version it read (a concurrent
 * writer makes that row miss, and the whole batch is refused), then the events.
 */
export async function applyChanges(
  tx: Db,
  p: Principal,
  planned: PlannedChange[],
  publicUrl?: string,
): Promise<ItemGroupRow[]> {
  const now = new Date();
  const fieldAt = (index: number, field: string) => (planned.length > 1 ? `${index}.${field}` : field);
  const merged = planned.map(({ group, change, expected }, index) => {
    if (p.role === 'vendor') {
      const refused = Object.keys(change).find((k) => !VENDOR_FIELDS.has(k));
      if (refused) throw new HttpError(403, 'forbidden', `Vendors cannot change ${refused}.`, fieldAt(index, refused));
    }
    if (expected !== null && expected !== group.version) throw versionConflict(serializeItemGroup(group));
    for (const field of ['quantity', 'shipped', 'delivered', 'status', 'confirmed', 'cannotSupply'] as const) {
      if (change[field] === null) throw badRequest(`${field} cannot be null.`, fieldAt(index, field));
    }
    const cannotSupply = cannotSupplyAfter(p, group, change, (field) => fieldAt(index, field));
    const lastUpdate =
      change.lastUpdateDate === undefined ? (p.role === 'vendor' ? now : group.lastUpdateDate) : change.lastUpdateDate;
    const dates = {
      dueDate: change.dueDate === undefined ? group.dueDate : change.dueDate,
      shipDate: change.shipDate === undefined ? group.shipDate : change.shipDate,
      // An arrival before a new ship date no longer stands (server/domain/item-group-confirm.ts).
      ...arrivalAfterShipDate(group, change),
    };
    const quantity = change.quantity ?? group.quantity;
    // A buyer who moves the due date or the quantity asks the vendor again: the confirmation given no longer stands.
    const staleConfirmation = p.role !== 'vendor' && asksAgain(group, { dueDate: dates.dueDate, quantity });
    return {
      sid: group.sid,
      version: group.version,
      quantity,
      trackingNumber: change.trackingNumber === undefined ? group.trackingNumber : change.trackingNumber,
      dueDate: dates.dueDate,
      shipDate: dates.shipDate,
      // Confirming without a date confirms the due date (server/domain/item-group-confirm.ts).
      deliveryDate: confirmedDeliveryDate(change.confirmed, dates),
      estimatedArrivalDate: dates.estimatedArrivalDate,
      shipped: change.shipped ?? group.shipped,
      delivered: change.delivered ?? group.delivered,
      lastUpdateDate: lastUpdate === null ? null : new Date(lastUpdate),
      uniqueName: change.uniqueName === undefined ? group.uniqueName : change.uniqueName,
      status: change.status ?? group.status,
      // A line the vendor cannot supply is not confirmed.
      confirmed: cannotSupply.standing ? false : (change.confirmed ?? (staleConfirmation ? false : group.confirmed)),
      cannotSupply: cannotSupply.standing,
      cannotSupplyReason: cannotSupply.reason,
      vendorChangedAt: p.role === 'vendor' ? now : group.vendorChangedAt,
    };
  });
  for (const [index, { group, change }] of planned.entries()) {
    if (!change.uniqueName || change.uniqueName === group.uniqueName) continue;
    const taken = await tx
      .selectFrom('itemGroups')
      .select('sid')
      .where('itemSid', '=', group.itemSid)
      .where('uniqueName', '=', change.uniqueName)
      .executeTakeFirst();
    if (taken) {
      throw conflict(`This item already has an item group named "${change.uniqueName}".`, fieldAt(index, 'uniqueName'));
    }
  }
  // A line the change leaves as it is is not written (its version and time stay, and it has no event).
  const changing = merged.filter((m, i) => !leavesAsIs(planned[i].group, m, ['quantity']));
  const values = changing.map(
    (m) =>
      sql`(${m.sid}, ${m.version}::int, ${m.quantity}::numeric, ${m.trackingNumber}::text, ${m.dueDate}::date,
        ${m.shipDate}::date, ${m.deliveryDate}::date, ${m.estimatedArrivalDate}::date, ${m.shipped}::boolean,
        ${m.delivered}::boolean,
        ${m.lastUpdateDate}::timestamptz, ${m.uniqueName}::text, ${m.status}::text, ${m.confirmed}::boolean,
        ${m.cannotSupply}::boolean, ${m.cannotSupplyReason}::text, ${m.vendorChangedAt}::timestamptz)`,
  );
  const written = changing.length
    ? await sql<ItemGroupRow>`
    update item_groups as g set
      quantity = v.quantity, tracking_number = v.tracking_number, due_date = v.due_date, ship_date = v.ship_date,
      delivery_date = v.delivery_date, estimated_arrival_date = v.estimated_arrival_date, shipped = v.shipped,
      delivered = v.delivered,
      last_update_date = v.last_update_date, unique_name = v.unique_name, status = v.status,
      confirmed = v.confirmed, cannot_supply = v.cannot_supply, cannot_supply_reason = v.cannot_supply_reason,
      vendor_changed_at = v.vendor_changed_at, version = g.version + 1, updated = ${now}
    from (values ${sql.join(values)}) as v(sid, version, quantity, tracking_number, due_date, ship_date,
      delivery_date, estimated_arrival_date, shipped, delivered, last_update_date, unique_name, status, confirmed, cannot_supply,
      cannot_supply_reason, vendor_changed_at)
    where g.sid = v.sid and g.version = v.version
    returning g.*`.execute(tx)
    : { rows: [] };
  const bySid = new Map(written.rows.map((r) => [r.sid, r]));
  const missed = changing.find((m) => !bySid.has(m.sid));
  if (missed) {
    const current = await tx
      .selectFrom('itemGroups')
      .selectAll()
      .where('sid', '=', missed.sid)
      .executeTakeFirstOrThrow();
    throw versionConflict(serializeItemGroup(current));
  }
  const rows = planned.map(({ group }) => bySid.get(group.sid) ?? group);
  await recordEvents(
    tx,
    p,
    planned.map(({ group }, i) => ({
      type: 'itemGroup.updated',
      orderSid: rows[i].orderSid,
      itemSid: rows[i].itemSid,
      itemGroupSid: rows[i].sid,
      ...changedFields(serializeItemGroup(group), serializeItemGroup(rows[i])),
    })),
  );
  await afterLineChanges(
    tx,
    { organizationSid: p.organizationSid, byVendor: p.role === 'vendor', now, publicUrl },
    planned.flatMap(({ group }, i) => (rows[i] === group ? [] : [{ before: group, after: rows[i] }])),
  );
  return rows;
}

/** The list query of item groups with the workspace's additions (booleans read as the text they are). */
export const ListItemGroupsQuery = strictQuery(ListItemGroupsQueryParams);

/** Open flags per item group, for a page of item groups in one grouped query. */
async function openFlagCounts(db: Db, organizationSid: string, itemGroupSids: string[]): Promise<Map<string, number>> {
  if (itemGroupSids.length === 0) return new Map();
  const counted = await db
    .selectFrom('flags')
    .select((eb) => ['itemGroupSid', eb.fn.countAll<number>().as('n')])
    .where('organizationSid', '=', organizationSid)
    .where('itemGroupSid', 'in', itemGroupSids)
    .where('status', '=', 'open')
    .groupBy('itemGroupSid')
    .execute();
  // count is a bigint, which connect.ts turns into a number on both engines.
  return new Map(counted.flatMap((r) => (r.itemGroupSid ? [[r.itemGroupSid, r.n] as const] : [])));
}

/** The vendor proposals waiting for a buyer on a page of item groups (at most one per line). */
async function pendingProposals(db: Db, organizationSid: string, itemGroupSids: string[]) {
  if (itemGroupSids.length === 0) return new Map<string, never>();
  const rows = await db
    .selectFrom('itemGroupProposals')
    .select(['sid', 'itemGroupSid', 'kind', 'shipDate', 'deliveryDate', 'shipments', 'created'])
    .where('organizationSid', '=', organizationSid)
    .where('itemGroupSid', 'in', itemGroupSids)
    .where('status', '=', 'pending')
    .execute();
  return new Map(
    rows.map((r) => {
      const shipments = shipmentsOf(r.shipments);
      return [
        r.itemGroupSid,
        {
          sid: r.sid,
          kind: r.kind,
          shipDate: r.shipDate,
          deliveryDate: r.deliveryDate,
          shipmentCount: shipments?.length ?? 0,
          created: isoRequired(r.created),
        },
      ] as const;
    }),
  );
}

/**
 * When the follow-up engine next asks about each of a page of item groups:
 * its tracker's next request, unless the order or vendor is paused or the
 * organization sends no automated requests.
 */
async function nextUpdateRequests(
  db: Db,
  organizationSid: string,
  itemGroupSids: string[],
): Promise<Map<string, Date>> {
  if (itemGroupSids.length === 0) return new Map();
  const rows = await sql<{ referenceSid: string; nextUpdateDate: Date }>`
    select t.reference_sid, t.next_update_date
    from cadence_trackers t
    join item_groups g on g.sid = t.reference_sid
    join orders o on o.sid = g.order_sid
    left join vendors v on v.sid = o.vendor_sid
    left join organization_settings s on s.organization_sid = t.organization_sid
    where t.organization_sid = ${organizationSid} and t.reference_sid = any(${itemGroupSids}::text[])
      and t.state = 'active' and t.next_update_date is not null
      and not o.follow_up_paused and not coalesce(v.follow_up_paused, false)
      and coalesce(s.send_automated_update_requests, true)`.execute(db);
  return new Map(rows.rows.map((r) => [r.referenceSid, r.nextUpdateDate]));
}

function refFrom(c: Ctx): ItemGroupRef {
  return queryParams(c, GetItemGroupQueryParams);
}

export function registerItemGroups(app: Hono<AppEnv>): void {
  app.get('/v1/itemGroups', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListItemGroupsQuery, ['sid']);
    const db = dbOf(c);
    // The order and item come along in the same query for each row's context.
    let q = db
      .selectFrom('itemGroups')
      .innerJoin('orders', 'orders.sid', 'itemGroups.orderSid')
      .innerJoin('items', 'items.sid', 'itemGroups.itemSid')
      .selectAll('itemGroups')
      .select([
        'orders.uniqueName as contextOrderUniqueName',
        'orders.vendorSid as contextVendorSid',
        'orders.vendorName as contextVendorName',
        'items.uniqueName as contextItemUniqueName',
        'items.manufacturerPartNumber as contextManufacturerPartNumber',
        'items.description as contextDescription',
      ])
      .where('itemGroups.organizationSid', '=', p.organizationSid);
    if (params.sid?.length) q = q.where('itemGroups.sid', 'in', params.sid);
    if (params.itemSid) q = q.where('itemGroups.itemSid', '=', params.itemSid);
    if (params.statusNot) q = q.where('itemGroups.status', '!=', params.statusNot);
    if (params.title) q = q.where('items.title', '=', params.title);
    if (params.orderSid) q = q.where('itemGroups.orderSid', '=', params.orderSid);
    if (params.vendorSid) q = q.where('orders.vendorSid', '=', params.vendorSid);
    const pattern = containsPattern(params.q);
    // A part number is also matched as parts are matched (case, spaces and dashes ignored; the items' mpn_key):
    // "R-10K" finds items written "r10k" or "R 10K", as the BOM forecast counts them.
    const partPattern = containsPattern(normalizePartNumber(params.q ?? ''));
    if (pattern) {
      // Matched on the (far fewer) items first, then their item groups by item_sid.
      q = q.where(
        'itemGroups.itemSid',
        'in',
        db
          .selectFrom('items as i')
          .innerJoin('orders as o', 'o.sid', 'i.orderSid')
          .select('i.sid')
          .where('i.organizationSid', '=', p.organizationSid)
          .where((eb) =>
            eb.or([
              eb('o.uniqueName', 'ilike', pattern),
              eb('i.uniqueName', 'ilike', pattern),
              eb('i.manufacturerPartNumber', 'ilike', pattern),
              eb('i.description', 'ilike', pattern),
              ...(partPattern ? [eb(sql<string>`i.mpn_key`, 'like', partPattern)] : []),
            ]),
          ),
      );
    }
    // Date filters compare the due date's sort key (coalesce(due_date, last date)), so the index on that key
    // (item_groups_due_key) serves them as it serves the due date sort; a blank due date never matches.
    const dueKey = dateKey('itemGroups.dueDate');
    if (params.dueDateFrom || params.dueDateTo) q = q.where('itemGroups.dueDate', 'is not', null);
    if (params.dueDateFrom) q = q.where(dueKey, '>=', sql<string>`${params.dueDateFrom}::date`);
    if (params.dueDateTo) q = q.where(dueKey, '<=', sql<string>`${params.dueDateTo}::date`);
    if (params.confirmed !== undefined) q = q.where('itemGroups.confirmed', '=', params.confirmed);
    if (params.pastDue !== undefined) {
      const today = utcToday();
      q = params.pastDue
        ? q
            .where('itemGroups.status', '=', 'active')
            .where('itemGroups.delivered', '=', false)
            .where(dueKey, '<', sql<string>`${today}::date`)
        : q.where((eb) =>
            eb.or([
              eb('itemGroups.status', '!=', 'active'),
              eb('itemGroups.delivered', '=', true),
              eb('itemGroups.dueDate', 'is', null),
              eb('itemGroups.dueDate', '>=', today),
            ]),
          );
    }
    if (params.hasOpenFlags === true) {
      // Open flags are the exception: start from them (an array the planner looks up by sid) rather
      // than walking the item groups in page order and probing each for a flag.
      const flagged = db
        .selectFrom('flags')
        .select('flags.itemGroupSid')
        .where('flags.organizationSid', '=', p.organizationSid)
        .where('flags.status', '=', 'open');
      q = q.where('itemGroups.sid', '=', sql<string>`any(array(${flagged}))`);
    } else if (params.hasOpenFlags === false) {
      q = q.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('flags as f')
              .select('f.sid')
              .whereRef('f.itemGroupSid', '=', 'itemGroups.sid')
              .where('f.status', '=', 'open'),
          ),
        ),
      );
    }
    if (p.role === 'vendor') q = q.where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
    const descending = params.sortOrder === 'Desc';
    const orderBy = params.orderBy ?? 'created';
    let found;
    if (orderBy === 'created') {
      assertTokenFits(params.pageToken, 'timestamp');
      found = await pageOf(q, params, { key: 'itemGroups.created', sid: 'itemGroups.sid', descending });
    } else {
      assertTokenFits(params.pageToken, 'date');
      const key = dateKey(orderBy === 'dueDate' ? 'itemGroups.dueDate' : 'itemGroups.shipDate');
      found = await pageOf(q.select(key.as('sortKey')), params, {
        key,
        sid: sql.ref('itemGroups.sid'),
        descending,
        keyOf: (row) => keyString(row.sortKey),
      });
    }
    const { rows, page } = found;
    const flagCounts = await openFlagCounts(
      db,
      p.organizationSid,
      rows.map((g) => g.sid),
    );
    // A vendor is not told the buyer's follow-up schedule.
    const nextRequests =
      p.role === 'vendor'
        ? new Map<string, Date>()
        : await nextUpdateRequests(
            db,
            p.organizationSid,
            rows.map((g) => g.sid),
          );
    const proposed = await pendingProposals(
      db,
      p.organizationSid,
      rows.map((g) => g.sid),
    );
    const today = utcToday();
    return c.json({
      itemGroups: rows.map((g) => ({
        ...serializeItemGroup(g),
        context: {
          orderUniqueName: g.contextOrderUniqueName,
          vendorSid: g.contextVendorSid,
          vendorName: g.contextVendorName,
          itemUniqueName: g.contextItemUniqueName,
          manufacturerPartNumber: g.contextManufacturerPartNumber,
          description: g.contextDescription,
          openFlagCount: flagCounts.get(g.sid) ?? 0,
          nextUpdateRequestAt: iso(nextRequests.get(g.sid) ?? null),
          risk: itemGroupRisk(g, today),
          pendingProposal: proposed.get(g.sid) ?? null,
        },
      })),
      page,
    });
  });

  app.post('/v1/itemGroups', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const body = await jsonBody(c, CreateItemGroupBody);
    const db = dbOf(c);
    if (body.organizationSid && body.organizationSid !== p.organizationSid) {
      throw badRequest('organizationSid is only for internal robots.', 'organizationSid');
    }
    const sid = clientSid(body.sid, 'IG');
    if (!body.itemSid && !body.itemUniqueName)
      throw badRequest('Give itemSid, or itemUniqueName with orderSid or orderUniqueName.', 'itemSid');
    if (!body.itemSid && !body.orderSid && !body.orderUniqueName) {
      throw badRequest('itemUniqueName needs orderSid or orderUniqueName.', 'orderSid');
    }
    if (sid) {
      const existing = await db.selectFrom('itemGroups').selectAll().where('sid', '=', sid).executeTakeFirst();
      if (existing) {
        return replayCreate(
          c,
          existing,
          async (row) => {
            const names = body.itemUniqueName || body.orderUniqueName ? await lineNames(db, row) : undefined;
            return {
              itemSid: [body.itemSid ?? undefined, row.itemSid],
              itemUniqueName: [body.itemUniqueName ?? undefined, names?.itemUniqueName],
              orderSid: [body.orderSid ?? undefined, row.orderSid],
              orderUniqueName: [body.orderUniqueName ?? undefined, names?.orderUniqueName],
              uniqueName: [body.uniqueName ?? null, row.uniqueName],
              quantity: [canonicalDecimal(body.quantity), canonicalDecimal(row.quantity)],
              dueDate: [body.dueDate ?? null, row.dueDate],
              shipDate: [body.shipDate ?? null, row.shipDate],
              deliveryDate: [body.deliveryDate ?? null, row.deliveryDate],
              shipped: [body.shipped ?? false, row.shipped],
              delivered: [body.delivered ?? false, row.delivered],
              trackingNumber: [body.trackingNumber ?? null, row.trackingNumber],
              lastUpdateDate: [instant(body.lastUpdateDate), row.lastUpdateDate],
              status: [body.status ?? 'active', row.status],
            };
          },
          serializeItemGroup,
        );
      }
    }
    const group = await db.transaction().execute(async (tx) => {
      const item = await findItem(tx, p, body.itemSid ?? body.itemUniqueName ?? '', {
        orderSid: body.orderSid,
        orderUniqueName: body.orderUniqueName,
      }).catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 404)
          throw badRequest('The item reference names no item of yours.', 'itemSid');
        throw e;
      });
      if (body.itemUniqueName && item.uniqueName !== body.itemUniqueName) {
        throw badRequest('itemSid and itemUniqueName name different items.', 'itemUniqueName');
      }
      if (body.orderSid && item.orderSid !== body.orderSid)
        throw badRequest('The item is not on order orderSid.', 'orderSid');
      if (body.uniqueName) {
        const taken = await tx
          .selectFrom('itemGroups')
          .select('sid')
          .where('itemSid', '=', item.sid)
          .where('uniqueName', '=', body.uniqueName)
          .executeTakeFirst();
        if (taken) throw conflict(`This item already has an item group named "${body.uniqueName}".`, 'uniqueName');
      }
      const now = new Date();
      const row = await tx
        .insertInto('itemGroups')
        .values({
          sid: sid ?? newSid('IG'),
          organizationSid: p.organizationSid,
          created: now,
          updated: now,
          orderSid: item.orderSid,
          itemSid: item.sid,
          uniqueName: body.uniqueName ?? null,
          quantity: body.quantity,
          dueDate: body.dueDate ?? null,
          shipDate: body.shipDate ?? null,
          deliveryDate: body.deliveryDate ?? null,
          estimatedArrivalDate: null,
          shipped: body.shipped ?? false,
          delivered: body.delivered ?? false,
          trackingNumber: body.trackingNumber ?? null,
          lastUpdateDate: body.lastUpdateDate ?? null,
          ...(body.status ? { status: body.status } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(tx, p, {
        type: 'itemGroup.created',
        orderSid: row.orderSid,
        itemSid: row.itemSid,
        itemGroupSid: row.sid,
        after: serializeItemGroup(row),
      });
      return row;
    });
    return c.json(serializeItemGroup(group), 201);
  });

  // Before the :sidOrUniqueName routes, so "bulk" is never taken for a name.
  app.patch('/v1/itemGroups/bulk', async (c) => {
    const p = principalOf(c);
    const changes = await jsonBody(c, BulkUpdateItemGroupsBody);
    const sids = changes.map((ch) => ch.sid);
    if (new Set(sids).size !== sids.length) throw badRequest('Each item group may appear once per bulk update.', 'sid');
    const rows = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        let q = tx
          .selectFrom('itemGroups')
          .innerJoin('orders', 'orders.sid', 'itemGroups.orderSid')
          .selectAll('itemGroups')
          .where('itemGroups.organizationSid', '=', p.organizationSid)
          .where('itemGroups.sid', 'in', sids);
        if (p.role === 'vendor') q = q.where('orders.vendorSid', 'in', p.vendorSids.length ? p.vendorSids : ['']);
        const found = new Map((await q.execute()).map((g) => [g.sid, g]));
        const planned = changes.map((change, index) => {
          const group = found.get(change.sid);
          if (!group) throw new HttpError(404, 'not_found', `No such item group: ${change.sid}.`, `${index}.sid`);
          const { sid: _sid, ...fields } = change;
          return { group, change: fields, expected: change.version ?? null };
        });
        await refuseVendorDatesWithoutApproval(tx, p, planned);
        const applied = await applyChanges(tx, p, planned, c.get('publicOrigin'));
        return applied.every((row, i) => row === planned[i].group) ? unchanged(c, applied) : applied;
      });
    return c.json(rows.map(serializeItemGroup));
  });

  app.get('/v1/itemGroups/:sidOrUniqueName', async (c) => {
    const group = await findItemGroup(dbOf(c), principalOf(c), c.req.param('sidOrUniqueName'), refFrom(c));
    c.header('ETag', `"${group.version}"`);
    return c.json(serializeItemGroup(group));
  });

  app.patch('/v1/itemGroups/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    const ref = refFrom(c);
    const body = await jsonBody(c, UpdateItemGroupBody);
    // The version in the body stands over If-Match.
    const accepted = body.version == null ? ifMatchVersions(c) : null;
    const row = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const group = await findItemGroup(tx, p, c.req.param('sidOrUniqueName'), ref);
        if (accepted !== null && !accepted.includes(group.version)) {
          throw new HttpError(
            412,
            'precondition_failed',
            'The record changed since the version in If-Match.',
            'If-Match',
            {
              current: serializeItemGroup(group),
            },
          );
        }
        // Written only over the version read, which If-Match accepted.
        const expected = body.version ?? (accepted === null ? null : group.version);
        const planned = [{ group, change: body, expected }];
        await refuseVendorDatesWithoutApproval(tx, p, planned);
        const [updated] = await applyChanges(tx, p, planned, c.get('publicOrigin'));
        return updated === group ? unchanged(c, group) : updated;
      });
    c.header('ETag', `"${row.version}"`);
    return c.json(serializeItemGroup(row));
  });

  app.delete('/v1/itemGroups/:sidOrUniqueName', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const ref = refFrom(c);
    await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        const group = await findItemGroup(tx, p, c.req.param('sidOrUniqueName'), ref);
        await tx.deleteFrom('itemGroups').where('sid', '=', group.sid).execute();
        await recordEvent(tx, p, {
          type: 'itemGroup.deleted',
          orderSid: group.orderSid,
          itemSid: group.itemSid,
          before: serializeItemGroup(group),
        });
      });
    return c.body(null, 204);
  });

  app.get('/v1/itemGroups/:sidOrUniqueName/events', async (c) => {
    const p = principalOf(c);
    const params = queryParams(c, ListItemGroupEventsQueryParams);
    const db = dbOf(c);
    const group = await findItemGroup(db, p, c.req.param('sidOrUniqueName'), params);
    const { events, page } = await eventPage(db, p, params, {
      orderSid: group.orderSid,
      itemSid: group.itemSid,
      itemGroupSid: group.sid,
    });
    return c.json({ itemGroupEvents: events, page });
  });
}
