// The cadence transitions of one organization at `now`, after a run of the
// follow-up engine has sent its requests and raised its flags: each active
// tracker whose cadence (its own, else its order's, vendor's or the
// organization's) has transitions is evaluated by the pure rules
// (domain/follow-up/transitions.ts), and what fires is applied:
//   - the firing is recorded for the tracker's state, so it fires once;
//   - SwitchCadence puts the tracker on the target cadence in a new state
//     (state_since = now, its attempts counted afresh) and asks at the next
//     run under it; the first unanswered request is kept, so an unanswered
//     vendor stays flagged;
//   - CallWebhook writes a pending delivery, which the webhook relay sends;
//   - an event 'cadenceTransition.fired' on the line tells its history.
// In bulk: the trackers are read in one statement and worked a chunk at a
// time, each chunk's writes in one transaction, every list going to the
// database as one array parameter.
// A tracker changed since it was read (an answer came) is left to the next run.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BusinessCalendar } from '../domain/follow-up/calendar.ts';
import {
  readTransitions,
  transitionEvaluator,
  type CadenceTransition,
  type ReadTransition,
  type TransitionAction,
  type TransitionCondition,
} from '../domain/follow-up/transitions.ts';
import { newSids } from '../domain/sid.ts';

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

/** Trackers looked at and written at a time (each list goes as one array parameter). */
const TRACKERS_PER_CHUNK = 4000;

/** The type of the event on the line and of the webhook's body. */
export const TRANSITION_FIRED = 'cadenceTransition.fired';

export interface ApplyTransitionsOptions {
  organizationSid: string;
  /** The organization's now (its development clock offset included). */
  now: Date;
  cal: BusinessCalendar;
}

export interface ApplyTransitionsSummary {
  /** Active trackers on a cadence with transitions. */
  trackersEvaluated: number;
  /** Transitions fired (recorded) on this call. */
  fired: number;
  /** Trackers switched to another cadence. */
  switched: number;
  /** Webhook deliveries written. */
  webhooks: number;
}

/** A stored transition whose action can be carried out. */
interface Transition extends CadenceTransition {
  /** SwitchCadence: the cadence of the organization to switch to. */
  targetCadenceSid: string | null;
  /** CallWebhook: where to POST. */
  url: string | null;
}

interface TrackerRow {
  trackerSid: string;
  version: number;
  itemGroupSid: string;
  itemSid: string;
  orderSid: string;
  attempts: number;
  stateSince: Date;
  lastUpdateDate: Date | null;
  lineDate: string | null;
  cadenceSid: string;
  maxAttempts: number | null;
  fired: string[] | null;
}

interface Firing {
  tracker: TrackerRow;
  transition: Transition;
}

export async function applyTransitions(db: Db, options: ApplyTransitionsOptions): Promise<ApplyTransitionsSummary> {
  const { organizationSid, now, cal } = options;
  const summary: ApplyTransitionsSummary = { trackersEvaluated: 0, fired: 0, switched: 0, webhooks: 0 };

  // One query when the organization has no transitions (most have none): nothing else runs.
  const stored = await sql<{
    sid: string;
    cadenceSid: string;
    condition: TransitionCondition;
    conditionParameters: unknown;
    action: TransitionAction;
    url: string | null;
    targetCadenceSid: string | null;
  }>`select t.sid, t.cadence_sid, t.condition, t.condition_parameters, t.action,
      case when t.action = 'CallWebhook' and jsonb_typeof(t.action_parameters -> 'url') = 'string'
        then t.action_parameters ->> 'url' end as url,
      (select c.sid from cadences c
        where c.organization_sid = t.organization_sid and c.sid = t.action_parameters ->> 'cadenceSid'
          and t.action = 'SwitchCadence') as target_cadence_sid
    from cadence_transitions t
    where t.organization_sid = ${organizationSid}
    order by t.created, t.sid`.execute(db);
  const byCadence = new Map<string, ReadTransition<Transition>[]>();
  for (const read of readTransitions(stored.rows)) {
    const { transition } = read;
    // A switch to no cadence of the organization, or a webhook with no URL, can do nothing.
    const actionable = transition.action === 'SwitchCadence' ? transition.targetCadenceSid !== null : !!transition.url;
    if (read.condition === null || !actionable) continue;
    const list = byCadence.get(transition.cadenceSid) ?? [];
    list.push(read);
    byCadence.set(transition.cadenceSid, list);
  }
  if (!byCadence.size) return summary;
  const needsFlags = [...byCadence.values()].some((list) => list.some((r) => r.condition?.kind === 'FlagCreated'));
  const cadenceSids = [...byCadence.keys()];
  const firing = transitionEvaluator(now, cal);

  // One pass over the organization's trackers: read in one statement (a hash join over the tables, where reading
  // a chunk at a time would join them all again for each), then looked at and written a chunk at a time.
  const { rows } = await sql<TrackerRow>`select t.sid as tracker_sid, t.version, t.reference_sid as item_group_sid,
      g.item_sid, g.order_sid, t.attempts, t.state_since, t.last_update_date,
      coalesce(g.ship_date, g.due_date)::text as line_date, c.sid as cadence_sid, c.max_attempts,
      array(select f.transition_sid from cadence_transition_firings f
        where f.tracker_sid = t.sid and f.state_since = t.state_since) as fired
    from cadence_trackers t
    join item_groups g on g.sid = t.reference_sid
    join orders o on o.sid = g.order_sid
    left join vendors v on v.sid = o.vendor_sid
    left join organization_settings s on s.organization_sid = t.organization_sid
    join cadences c on c.sid = coalesce(t.cadence_sid, o.cadence_sid, v.cadence_sid, s.cadence_sid)
    where t.organization_sid = ${organizationSid} and t.state = 'active'
      and c.sid = any(${cadenceSids}::text[])
      -- A paused order or vendor is left alone: no switch, no webhook, until it is resumed.
      and not o.follow_up_paused and not coalesce(v.follow_up_paused, false)`.execute(db);
  summary.trackersEvaluated = rows.length;
  for (const chunk of chunks(rows, TRACKERS_PER_CHUNK)) {
    const flags = needsFlags ? await flagsSinceState(db, organizationSid, chunk) : new Map<string, FlagFact[]>();
    const firings: Firing[] = [];
    for (const tracker of chunk) {
      const fired = firing(
        {
          attempts: tracker.attempts,
          stateSince: tracker.stateSince,
          lastAttemptAt: tracker.lastUpdateDate,
          lineDate: tracker.lineDate,
          cadenceMaxAttempts: tracker.maxAttempts,
          flags: flags.get(tracker.itemGroupSid) ?? [],
          fired: new Set(tracker.fired ?? []),
        },
        byCadence.get(tracker.cadenceSid) ?? [],
      );
      for (const transition of fired) firings.push({ tracker, transition });
    }
    if (!firings.length) continue;
    const applied = await db.transaction().execute((tx) => applyFirings(tx, { organizationSid, now }, firings));
    summary.fired += applied.fired;
    summary.switched += applied.switched;
    summary.webhooks += applied.webhooks;
  }
  return summary;
}

interface FlagFact {
  type: string;
  created: Date;
}

/** The flags raised on the chunk's lines since their trackers entered their states. */
async function flagsSinceState(
  db: Db,
  organizationSid: string,
  trackers: readonly TrackerRow[],
): Promise<Map<string, FlagFact[]>> {
  const { rows } = await sql<{
    itemGroupSid: string;
    type: string;
    created: Date;
  }>`select f.item_group_sid, f.type, f.created
    from unnest(${trackers.map((t) => t.itemGroupSid)}::text[],
      ${trackers.map((t) => t.stateSince.toISOString())}::timestamptz[]) as v(item_group_sid, state_since)
    join flags f on f.item_group_sid = v.item_group_sid and f.created >= v.state_since
    where f.organization_sid = ${organizationSid}`.execute(db);
  const byLine = new Map<string, FlagFact[]>();
  for (const r of rows) {
    const list = byLine.get(r.itemGroupSid) ?? [];
    list.push({ type: r.type, created: r.created });
    byLine.set(r.itemGroupSid, list);
  }
  return byLine;
}

/**
 * Applies one chunk's firings in the caller's transaction: the trackers are
 * locked and kept only when unchanged since they were read; the firings are
 * recorded (one already recorded is skipped with its action); webhook
 * deliveries and the events are written before the switches move the trackers
 * into their new states.
 */
async function applyFirings(
  tx: Tx,
  ctx: { organizationSid: string; now: Date },
  firings: readonly Firing[],
): Promise<{ fired: number; switched: number; webhooks: number }> {
  const { organizationSid, now } = ctx;
  const trackerSids = [...new Set(firings.map((f) => f.tracker.trackerSid))];
  const locked = await sql<{ sid: string; version: number }>`select sid, version from cadence_trackers
    where sid = any(${trackerSids}::text[]) and state = 'active'
    order by sid
    for update`.execute(tx);
  const current = new Map(locked.rows.map((r) => [r.sid, r.version]));
  const unchanged = firings.filter((f) => current.get(f.tracker.trackerSid) === f.tracker.version);
  if (!unchanged.length) return { fired: 0, switched: 0, webhooks: 0 };

  const recorded = await sql<{ trackerSid: string; transitionSid: string }>`insert into cadence_transition_firings
      (tracker_sid, transition_sid, state_since, fired)
    select v.tracker_sid, v.transition_sid, t.state_since, ${now}
    from unnest(${unchanged.map((f) => f.tracker.trackerSid)}::text[],
      ${unchanged.map((f) => f.transition.sid)}::text[]) as v(tracker_sid, transition_sid)
    join cadence_trackers t on t.sid = v.tracker_sid
    on conflict do nothing
    returning tracker_sid, transition_sid`.execute(tx);
  const key = (trackerSid: string, transitionSid: string) => `${trackerSid} ${transitionSid}`;
  const isNew = new Set(recorded.rows.map((r) => key(r.trackerSid, r.transitionSid)));
  const fresh = unchanged.filter((f) => isNew.has(key(f.tracker.trackerSid, f.transition.sid)));
  if (!fresh.length) return { fired: 0, switched: 0, webhooks: 0 };

  // Webhooks: one pending delivery each, due now; its sid is the delivery id the receiver sees.
  const calls = fresh.filter((f) => f.transition.action === 'CallWebhook' && f.transition.url);
  const deliverySids = newSids('WH', calls.length);
  const deliveryOf = new Map<Firing, string>();
  calls.forEach((f, i) => deliveryOf.set(f, deliverySids[i]));
  const written = new Set<string>();
  if (calls.length) {
    const bodies = calls.map((f, i) =>
      JSON.stringify({
        id: deliverySids[i],
        type: TRANSITION_FIRED,
        transitionSid: f.transition.sid,
        cadenceSid: f.transition.cadenceSid,
        itemGroupSid: f.tracker.itemGroupSid,
        orderSid: f.tracker.orderSid,
        occurredAt: now.toISOString(),
      }),
    );
    const inserted = await sql<{
      sid: string;
    }>`insert into webhook_deliveries (sid, organization_sid, created, updated, transition_sid,
        item_group_sid, state_since, url, body, status, attempts, next_attempt_at)
      select v.sid, ${organizationSid}, ${now}, ${now}, v.transition_sid, t.reference_sid, t.state_since, v.url,
        v.body::jsonb, 'pending', 0, ${now}
      from unnest(${deliverySids}::text[], ${calls.map((f) => f.tracker.trackerSid)}::text[],
        ${calls.map((f) => f.transition.sid)}::text[], ${calls.map((f) => f.transition.url)}::text[],
        ${bodies}::text[]) as v(sid, tracker_sid, transition_sid, url, body)
      join cadence_trackers t on t.sid = v.tracker_sid
      on conflict (transition_sid, item_group_sid, state_since) do nothing
      returning sid`.execute(tx);
    for (const r of inserted.rows) written.add(r.sid);
  }

  const events = fresh.map((f) => ({
    orderSid: f.tracker.orderSid,
    itemSid: f.tracker.itemSid,
    itemGroupSid: f.tracker.itemGroupSid,
    after: {
      transitionSid: f.transition.sid,
      cadenceSid: f.transition.cadenceSid,
      condition: f.transition.condition,
      action: f.transition.action,
      ...(f.transition.action === 'SwitchCadence' ? { toCadenceSid: f.transition.targetCadenceSid } : {}),
      ...(written.has(deliveryOf.get(f) ?? '') ? { webhookDeliverySid: deliveryOf.get(f) } : {}),
    },
  }));
  await sql`insert into events (sid, organization_sid, created, updated, event_time, event_type, order_sid, item_sid,
      item_group_sid, actor_sid, actor_name, after)
    select v.sid, ${organizationSid}, ${now}, ${now}, ${now}, ${TRANSITION_FIRED}, v.order_sid, v.item_sid,
      v.item_group_sid, null, 'Follow-up', v.after::jsonb
    from unnest(${newSids('EV', events.length)}::text[], ${events.map((e) => e.orderSid)}::text[],
      ${events.map((e) => e.itemSid)}::text[], ${events.map((e) => e.itemGroupSid)}::text[],
      ${events.map((e) => JSON.stringify(e.after))}::text[]) as v(sid, order_sid, item_sid, item_group_sid, after)`.execute(
    tx,
  );

  // Last: a switch starts the tracker's new state, which the records above must not see.
  const switches = fresh.filter((f) => f.transition.action === 'SwitchCadence' && f.transition.targetCadenceSid);
  if (switches.length) {
    const switchDue = new Date(now.getTime() + 1);
    await sql`update cadence_trackers t set cadence_sid = v.cadence_sid, state_since = ${now}, attempts = 0,
        -- A moment after now: the request this run sent was due at now, and a due time is sent once.
        next_update_date = least(coalesce(t.next_update_date, ${switchDue}), ${switchDue}),
        updated = ${now}, version = t.version + 1
      from unnest(${switches.map((f) => f.tracker.trackerSid)}::text[],
        ${switches.map((f) => f.transition.targetCadenceSid)}::text[]) as v(sid, cadence_sid)
      where t.sid = v.sid`.execute(tx);
  }
  return { fired: fresh.length, switched: switches.length, webhooks: written.size };
}

function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < list.length; start += size) yield list.slice(start, start + size);
}
