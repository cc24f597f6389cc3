// Splitting a shipment into several whose quantities add up to the original
// (tag itemGroupSplits, an extension): the first keeps the item group, the
// others are new item groups of the same item; all or nothing, with events.
import type { Hono } from 'hono';
import { fromMicros, toMicros } from '../../src/lib/decimal.ts';
import { SplitItemGroupBody } from '../../src/api/generated/zod/item-group-splits/item-group-splits.zod.ts';
import type { Row } from '../db/schema.ts';
import { arrivalAfterShipDate } from '../domain/item-group-confirm.ts';
import { newSid } from '../domain/sid.ts';
import type { AppEnv, Principal } from '../http/context.ts';
import { conflict, HttpError, versionConflict } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { refuseWithoutApproval } from './approval-mode.ts';
import { findItemGroup, serializeItemGroup } from './item-groups.ts';
import { changedFields, dbOf, type Db, principalOf, recordEvents } from './support.ts';

type ItemGroupRow = Row<'itemGroups'>;
type SplitRequest = ReturnType<typeof SplitItemGroupBody.parse>;
type Shipment = SplitRequest['shipments'][number];

const mismatch = (message: string, field: string) => new HttpError(422, 'split_quantity_mismatch', message, field);

/** A field the shipment gives (null included), else the original's. */
const given = <T>(value: T | undefined, original: T): T => (value === undefined ? original : value);

/**
 * Everything that can refuse the split without writing: the version, who may
 * do what, a closed shipment, and quantities that are not all positive or do
 * not add up exactly to the original's (compared as scaled integers).
 */
export function checkSplit(p: Principal, group: ItemGroupRow, body: SplitRequest): void {
  if (body.version !== group.version) throw versionConflict(serializeItemGroup(group));
  if (p.role === 'vendor') {
    body.shipments.forEach((s, i) => {
      if (s.dueDate !== undefined && s.dueDate !== group.dueDate) {
        throw new HttpError(403, 'forbidden', 'Vendors cannot change the due date.', `shipments.${i}.dueDate`);
      }
    });
    const first = body.shipments[0];
    if (first.uniqueName !== undefined && first.uniqueName !== group.uniqueName) {
      throw new HttpError(403, 'forbidden', 'Vendors cannot rename the item group.', 'shipments.0.uniqueName');
    }
  }
  // A closed shipment has nothing left to divide: refused before anything is written, naming why.
  if (group.status !== 'active') {
    throw new HttpError(
      422,
      'unprocessable',
      'This item group is canceled: a canceled item group cannot be split.',
      'status',
    );
  }
  if (group.delivered) {
    throw new HttpError(
      422,
      'unprocessable',
      'This item group is delivered: a delivered item group cannot be split.',
      'delivered',
    );
  }
  let total = 0n;
  for (const [i, s] of body.shipments.entries()) {
    const quantity = toMicros(s.quantity);
    if (quantity <= 0n) throw mismatch('Every shipment needs a quantity above zero.', `shipments.${i}.quantity`);
    total += quantity;
  }
  if (total !== toMicros(group.quantity)) {
    throw mismatch(
      `The shipments add up to ${fromMicros(total)}, not the item group's quantity of ${serializeItemGroup(group).quantity}.`,
      'shipments',
    );
  }
}

/** Unique names must stay unique within the item: among the shipments, and against the item's other groups. */
async function checkUniqueNames(tx: Db, group: ItemGroupRow, shipments: Shipment[]): Promise<void> {
  const names = shipments.map((sh, i) => (i === 0 ? given(sh.uniqueName, group.uniqueName) : (sh.uniqueName ?? null)));
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === null) continue;
    if (seen.has(name)) throw conflict(`Two shipments are named "${name}".`, `shipments.${i}.uniqueName`);
    seen.add(name);
  }
  if (seen.size === 0) return;
  const taken = await tx
    .selectFrom('itemGroups')
    .select('uniqueName')
    .where('itemSid', '=', group.itemSid)
    .where('sid', '!=', group.sid)
    .where('uniqueName', 'in', [...seen])
    .executeTakeFirst();
  if (taken?.uniqueName) {
    const i = names.indexOf(taken.uniqueName);
    throw conflict(`This item already has an item group named "${taken.uniqueName}".`, `shipments.${i}.uniqueName`);
  }
}

export async function split(tx: Db, p: Principal, sid: string, body: SplitRequest): Promise<ItemGroupRow[]> {
  const group = await findItemGroup(tx, p, sid);
  checkSplit(p, group, body);
  await checkUniqueNames(tx, group, body.shipments);
  const now = new Date();
  // A vendor's split is its update; a buyer's leaves the vendor's last update as it was.
  const lastUpdateDate = p.role === 'vendor' ? now : group.lastUpdateDate;
  const vendorChangedAt = p.role === 'vendor' ? now : group.vendorChangedAt;
  const [first, ...rest] = body.shipments;
  // A shipment's arrival dates, unless it gives its own: the original's, but not those before its ship date.
  const arrival = (sh: Shipment) => {
    const kept = arrivalAfterShipDate(group, { shipDate: sh.shipDate });
    return { ...kept, estimatedArrivalDate: given(sh.estimatedArrivalDate, kept.estimatedArrivalDate) };
  };
  const updated = await tx
    .updateTable('itemGroups')
    .set({
      quantity: first.quantity,
      dueDate: given(first.dueDate, group.dueDate),
      shipDate: given(first.shipDate, group.shipDate),
      ...arrival(first),
      uniqueName: given(first.uniqueName, group.uniqueName),
      lastUpdateDate,
      vendorChangedAt,
      version: group.version + 1,
      updated: now,
    })
    .where('sid', '=', group.sid)
    .where('version', '=', group.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    // Another writer got there between the read and this write.
    const current = await tx
      .selectFrom('itemGroups')
      .selectAll()
      .where('sid', '=', group.sid)
      .executeTakeFirstOrThrow();
    throw versionConflict(serializeItemGroup(current));
  }
  const created = await tx
    .insertInto('itemGroups')
    .values(
      rest.map((sh, i) => ({
        sid: newSid('IG'),
        organizationSid: group.organizationSid,
        // Apart by a millisecond each, so that the list's creation order keeps the shipments' order.
        created: new Date(now.getTime() + i + 1),
        updated: now,
        orderSid: group.orderSid,
        itemSid: group.itemSid,
        uniqueName: sh.uniqueName ?? null,
        quantity: sh.quantity,
        dueDate: given(sh.dueDate, group.dueDate),
        shipDate: given(sh.shipDate, group.shipDate),
        deliveryDate: null,
        estimatedArrivalDate: arrival(sh).estimatedArrivalDate,
        shipped: false,
        delivered: false,
        trackingNumber: null,
        lastUpdateDate,
        vendorChangedAt,
        status: 'active' as const,
        confirmed: false,
      })),
    )
    .returningAll()
    .execute();
  // The insert answers in its own order: put the new groups back in the shipments' order.
  const ordered = [...created].sort((a, b) => a.created.getTime() - b.created.getTime());
  await recordEvents(tx, p, [
    {
      type: 'itemGroup.updated',
      orderSid: updated.orderSid,
      itemSid: updated.itemSid,
      itemGroupSid: updated.sid,
      ...changedFields(serializeItemGroup(group), serializeItemGroup(updated)),
    },
    ...ordered.map((row) => ({
      type: 'itemGroup.created',
      orderSid: row.orderSid,
      itemSid: row.itemSid,
      itemGroupSid: row.sid,
      after: serializeItemGroup(row),
    })),
  ]);
  return [updated, ...ordered];
}

export function registerItemGroupSplits(app: Hono<AppEnv>): void {
  app.post('/v1/itemGroups/:sid/split', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, SplitItemGroupBody);
    const rows = await dbOf(c)
      .transaction()
      .execute(async (tx) => {
        await refuseWithoutApproval(tx, p, 'shipments');
        return split(tx, p, c.req.param('sid'), body);
      });
    return c.json({ itemGroups: rows.map(serializeItemGroup) });
  });
}
