// What a change to lines means for their follow-up, in the transaction that
// writes the change:
//  - a vendor's change (a confirmation, a new date, progress) is an answer:
//    the tracker starts counting again from now, no reminder is owed, and the
//    update requests that asked for the line are answered;
//  - a buyer's change of due date or quantity asks the vendor again at the
//    next run (the confirmation it cleared no longer stands);
//  - flags follow: a promise moved past the due date raises New Delay and a
//    vendor that cannot supply raises Cannot Supply (the order's tracking
//    members are told by email), an answer resolves Unresponsive Vendor, a
//    line received resolves its flags.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Row } from '../db/schema.ts';
import { businessDaysBetween, localDate } from '../domain/follow-up/calendar.ts';
import { flagChanges, vendorPromise, type ExistingFlag, type FlagChange } from '../domain/follow-up/flags.ts';
import { afterAnswer, askAgain, type TrackerState } from '../domain/follow-up/tracker.ts';
import {
  applyFlagChanges,
  loadCadences,
  organizationFollowUps,
  trackerCadence,
  trackerState,
  type TrackerColumns,
} from './follow-up-run.ts';

/** Called inside the transaction that writes the change. */
type Tx = Kysely<Database> | Transaction<Database>;
type ItemGroupRow = Row<'itemGroups'>;

export interface LineChange {
  before: ItemGroupRow;
  after: ItemGroupRow;
}

/** Whether a buyer's change asks the vendor again: the due date or the quantity moved. */
export function asksAgain(
  before: Pick<ItemGroupRow, 'dueDate' | 'quantity'>,
  after: Pick<ItemGroupRow, 'dueDate' | 'quantity'>,
) {
  return before.dueDate !== after.dueDate || Number(before.quantity) !== Number(after.quantity);
}

export async function afterLineChanges(
  tx: Tx,
  /** publicUrl: the origin users reach the app at, for the links in the emails of new flags (none without). */
  ctx: { organizationSid: string; byVendor: boolean; now: Date; publicUrl?: string },
  changes: readonly LineChange[],
): Promise<void> {
  if (!changes.length) return;
  const { now, byVendor } = ctx;
  const [org] = await organizationFollowUps(tx, ctx.organizationSid);
  if (!org) return;
  const { cal } = org.settings;
  const cadences = await loadCadences(tx, ctx.organizationSid);
  const sids = changes.map((c) => c.after.sid);
  const trackers = await sql<TrackerColumns & { sid: string; referenceSid: string }>`select t.sid, t.reference_sid,
      t.cadence_sid as tracker_cadence_sid, t.next_update_date, t.reminder_at, t.attempts, t.first_unanswered_at,
      t.last_update_date, t.last_answer_at, o.follow_up_paused as order_paused, o.cadence_sid as order_cadence_sid,
      v.follow_up_paused as vendor_paused, v.cadence_sid as vendor_cadence_sid
    from cadence_trackers t
    join item_groups g on g.sid = t.reference_sid
    join orders o on o.sid = g.order_sid
    left join vendors v on v.sid = o.vendor_sid
    where t.organization_sid = ${ctx.organizationSid} and t.state = 'active'
      and t.reference_sid = any(${sids}::text[])
    for update of t`.execute(tx);
  const trackerOf = new Map(trackers.rows.map((t) => [t.referenceSid, t]));

  const moved: { sid: string; state: TrackerState }[] = [];
  for (const { before, after } of changes) {
    const t = trackerOf.get(after.sid);
    if (!t) continue;
    const state = trackerState(t);
    if (byVendor) {
      const cadence = trackerCadence(t, cadences, org.settings.cadenceSid);
      moved.push({
        sid: t.sid,
        state: afterAnswer({ lineDate: after.shipDate ?? after.dueDate, cadence, tracker: state }, now, cal),
      });
    } else if (asksAgain(before, after)) {
      moved.push({ sid: t.sid, state: askAgain(state, now) });
    }
  }
  for (const { sid, state } of moved) {
    await tx
      .updateTable('cadenceTrackers')
      .set((eb) => ({
        nextUpdateDate: state.nextRequestAt,
        reminderAt: state.reminderAt,
        attempts: state.attempts,
        firstUnansweredAt: state.firstUnansweredAt,
        lastAnswerAt: state.lastAnswerAt,
        updated: now,
        version: eb('version', '+', 1),
      }))
      .where('sid', '=', sid)
      .execute();
  }
  if (byVendor) {
    await sql`update update_requests set status = 'answered', answered = ${now}, updated = ${now}
      where organization_sid = ${ctx.organizationSid} and status in ('sent', 'reminded')
        and sid in (select update_request_sid from update_request_lines where item_group_sid = any(${sids}::text[]))`.execute(
      tx,
    );
  }

  // Flags, from the lines as they are now.
  const today = localDate(now, cal);
  const existing = await tx
    .selectFrom('flags')
    .select(['sid', 'type', 'status', 'cause', 'itemGroupSid'])
    .where('organizationSid', '=', ctx.organizationSid)
    .where('itemGroupSid', 'in', sids)
    .orderBy('created')
    .orderBy('sid')
    .execute();
  const flagsOf = new Map<string, ExistingFlag[]>();
  for (const f of existing) {
    if (!f.itemGroupSid) continue;
    flagsOf.set(f.itemGroupSid, [
      ...(flagsOf.get(f.itemGroupSid) ?? []),
      { sid: f.sid, type: f.type, status: f.status, cause: f.cause },
    ]);
  }
  const movedBy = new Map(moved.map((m) => [m.sid, m.state]));
  const flagWork: { line: { itemGroupSid: string; itemSid: string; orderSid: string }; change: FlagChange }[] = [];
  for (const { before, after } of changes) {
    const t = trackerOf.get(after.sid);
    const tracker = t ? (movedBy.get(t.sid) ?? null) : null;
    const attempts = tracker?.attempts ?? t?.attempts ?? 0;
    const firstUnansweredAt = tracker ? tracker.firstUnansweredAt : (t?.firstUnansweredAt ?? null);
    const first = firstUnansweredAt ? localDate(firstUnansweredAt, cal) : null;
    const applied = t ? trackerCadence(t, cadences, org.settings.cadenceSid) : null;
    const cadence = applied?.kind === 'custom' ? applied.cadence : undefined;
    const promiseBefore = vendorPromise(before);
    const promiseAfter = vendorPromise(after);
    for (const change of flagChanges(
      {
        dueDate: after.dueDate,
        promisedDate: promiseAfter,
        ...(promiseAfter !== promiseBefore ? { previousPromisedDate: promiseBefore } : {}),
        received: after.delivered,
        canceled: after.status === 'canceled',
        cannotSupply: after.cannotSupply ? (after.cannotSupplyReason ?? '') : null,
        today,
        unanswered: {
          requestsSinceAnswer: attempts,
          firstUnansweredRequestDate: first,
          businessDaysSinceFirstUnanswered: first ? businessDaysBetween(first, today, cal) : null,
          maxAttempts: cadence?.maxAttempts ?? null,
          unresponsiveAfterBusinessDays: cadence
            ? cadence.unresponsiveAfterBusinessDays
            : org.settings.unresponsiveAfterBusinessDays,
        },
      },
      flagsOf.get(after.sid) ?? [],
    )) {
      flagWork.push({ line: { itemGroupSid: after.sid, itemSid: after.itemSid, orderSid: after.orderSid }, change });
    }
  }
  await applyFlagChanges(tx, { organizationSid: ctx.organizationSid, now, publicUrl: ctx.publicUrl }, flagWork);
}
