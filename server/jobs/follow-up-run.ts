// One run of the follow-up engine at `now`, for every organization that sends
// automated update requests (or one, in tests):
//   1. every open line has a tracker (a new line is asked on this run), and a
//      received, canceled or deleted line's tracker ends;
//   2. the lines whose request or reminder is due (next time <= now, so a
//      missed run catches up) are planned by the pure rules and bundled, one
//      update request per order; each goes to the vendor's contacts, one email
//      each through the outbox, with a single-use link to the vendor portal;
//   3. flags are raised and resolved from the lines' facts; a New Delay or
//      Unresponsive Vendor raised is told to the order's tracking members by
//      email, through the outbox.
// Writes are idempotent: a request line is unique by (line, kind, due time),
// so a run that dies midway and runs again sends nothing twice, and a tracker
// is only moved on from the version that was read.
import { publishChanges } from '../db/live-bus.ts';
import { dateKey } from '../db/migrations.ts';
import type { LiveChange } from '../domain/live.ts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { applicableCadence, type AppliedCadence, type CustomCadence } from '../domain/follow-up/cadence.ts';
import {
  addDays,
  businessDaysBetween,
  calendar,
  localDate,
  localTime,
  type BusinessCalendar,
} from '../domain/follow-up/calendar.ts';
import {
  updateRequestSubject,
  type RenderedEmail,
  type UpdateRequestEmailInput,
  type UpdateRequestEmailLine,
} from '../domain/follow-up/email.ts';
import { renderFlagNoticeEmail, type NoticeFlagType } from '../domain/follow-up/flag-notice-email.ts';
import {
  flagChanges,
  unresponsiveCandidates,
  vendorPromise,
  type ExistingFlag,
  type FlagChange,
} from '../domain/follow-up/flags.ts';
import { planRun, type FollowedLine, type PlannedRequest, type TrackerState } from '../domain/follow-up/tracker.ts';
import { newSids } from '../domain/sid.ts';
import { randomTokens, tokenHash } from '../http/auth.ts';
import { unsubscribeSignature } from '../http/signed-url.ts';
import { applyTransitions } from './follow-up-transitions.ts';
import { UPDATE_REQUESTED_EVENT } from '../routes/events.ts';
import { bulkInsert } from './write-support.ts';
import { organizationTime } from './clock.ts';

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

/** A vendor's link in an email works this long (and once). */
export const PORTAL_LINK_DAYS = 14;
/** Orders written per transaction: a crash loses at most one batch's work, which the next run redoes. */
const ORDERS_PER_TRANSACTION = 4000;
/** Lines written per transaction (an order is never split). */
const LINES_PER_TRANSACTION = 16000;
/** Flags raised (with their events) by one statement. */
const ROWS_PER_STATEMENT = 4000;
/** Trackers started by one run from which their table's statistics are refreshed. */
const ANALYZE_AFTER_STARTED = 10_000;
/** Transactions writing update requests at once. */
const WRITERS = 2;

function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < list.length; start += size) yield list.slice(start, start + size);
}

export interface FollowUpRunOptions {
  now: Date;
  /** The origin users reach the app at, for the links in emails. */
  publicUrl: string;
  /** Only this organization (tests); all by default. */
  organizationSid?: string;
  /**
   * A user asks about these lines now (with organizationSid): they are
   * requested whatever their cadence says and whatever the day; other lines
   * and flags wait for the scheduled run. The sids of the requests written
   * are pushed to `written`.
   */
  askNow?: { itemGroupSids: readonly string[]; userSid: string; userName: string | null; written: string[] };
}

export interface FollowUpRunSummary {
  trackersStarted: number;
  trackersEnded: number;
  /** Update requests written, sent or skipped. */
  updateRequests: number;
  skipped: number;
  requestedLines: number;
  remindedLines: number;
  emails: number;
  flagsRaised: number;
  flagsResolved: number;
  /** Emails telling an order's tracking members of its new flags. */
  flagNotices: number;
}

export async function runFollowUp(db: Db, options: FollowUpRunOptions): Promise<FollowUpRunSummary> {
  const summary: FollowUpRunSummary = {
    trackersStarted: 0,
    trackersEnded: 0,
    updateRequests: 0,
    skipped: 0,
    requestedLines: 0,
    remindedLines: 0,
    emails: 0,
    flagsRaised: 0,
    flagsResolved: 0,
    flagNotices: 0,
  };
  const { now } = options;

  // 1. Trackers follow the open lines: an open line without an active tracker starts one (or restarts its ended
  // one), an active tracker whose line is closed or gone ends. One statement, the open lines fully joined to the
  // active trackers: each table is read once a run, where an anti-join each way read both twice.
  const lineFilter = options.organizationSid ? sql`and g.organization_sid = ${options.organizationSid}` : sql``;
  const trackerFilter = options.organizationSid ? sql`and t.organization_sid = ${options.organizationSid}` : sql``;
  const followed = await sql<{ started: number; ended: number }>`with unmatched as (
      select g.sid as line_sid, g.organization_sid as line_organization_sid, t.sid as tracker_sid
      from (select g.sid, g.organization_sid from item_groups g
          where g.status = 'active' and not g.delivered ${lineFilter}) g
        full join (select t.sid, t.organization_sid, t.reference_sid from cadence_trackers t
          where t.state = 'active' ${trackerFilter}) t
        on t.organization_sid = g.organization_sid and t.reference_sid = g.sid
      where g.sid is null or t.sid is null),
    started as (insert into cadence_trackers
        (sid, organization_sid, reference_sid, next_update_date, state, state_since, created, updated)
      select 'TK' || substr(line_sid, 3), line_organization_sid, line_sid, ${now}, 'active', ${now}, ${now}, ${now}
      from unmatched where tracker_sid is null
      on conflict (organization_sid, reference_sid) do update set state = 'active', state_since = excluded.state_since,
        next_update_date = excluded.next_update_date, reminder_at = null, attempts = 0, first_unanswered_at = null,
        updated = excluded.updated, version = cadence_trackers.version + 1
        where cadence_trackers.state = 'ended'
      returning 1),
    ended as (update cadence_trackers t set state = 'ended', state_since = ${now},
        next_update_date = null, reminder_at = null, updated = ${now}, version = t.version + 1
      from unmatched u where u.line_sid is null and t.sid = u.tracker_sid
      returning 1)
    select (select count(*) from started)::int as started, (select count(*) from ended)::int as ended`.execute(db);
  summary.trackersStarted = followed.rows[0]?.started ?? 0;
  summary.trackersEnded = followed.rows[0]?.ended ?? 0;
  // Many new trackers (a first run, a large import) change the table's statistics at once: without fresh ones the
  // planner expects a handful of due lines and joins 100,000 of them one by one.
  if (summary.trackersStarted >= ANALYZE_AFTER_STARTED) await sql`analyze cadence_trackers`.execute(db);

  for (const { settings, send } of await organizationFollowUps(db, options.organizationSid)) {
    const cadences = await loadCadences(db, settings.sid);
    // A development setup may run an organization's clock ahead (server/jobs/clock.ts).
    const orgNow = organizationTime(now, settings.clockOffsetDays);
    const orgOptions = { ...options, now: orgNow };
    const before = { ...summary };
    if (options.askNow) {
      await sendDueRequests(db, orgOptions, settings, cadences, summary);
    } else {
      if (send) await sendDueRequests(db, orgOptions, settings, cadences, summary);
      await updateFlags(db, orgNow, settings, cadences, summary, options.publicUrl);
      await applyTransitions(db, { organizationSid: settings.sid, now: orgNow, cal: settings.cal });
    }
    await publishChanges(db, runChanges(settings.sid, before, summary));
  }
  return summary;
}

/** What one organization's run changed, for its open pages: requests and their emails, flags. */
function runChanges(organizationSid: string, before: FollowUpRunSummary, after: FollowUpRunSummary): LiveChange[] {
  const changed = (resource: string, moved: boolean): LiveChange[] =>
    moved ? [{ organizationSid, resource, sids: [], vendorSids: [] }] : [];
  return [
    ...changed('updateRequests', after.updateRequests > before.updateRequests),
    ...changed('outboxEmails', after.emails > before.emails),
    ...changed('flags', after.flagsRaised > before.flagsRaised || after.flagsResolved > before.flagsResolved),
  ];
}

/** The follow-up settings of every organization (or one), and whether it sends automated requests. */
export async function organizationFollowUps(
  db: Db | Tx,
  organizationSid?: string,
): Promise<{ settings: OrganizationFollowUp; send: boolean }[]> {
  const organizations = await db
    .selectFrom('organizations as o')
    .leftJoin('organizationSettings as s', 's.organizationSid', 'o.sid')
    .select([
      'o.sid',
      'o.name',
      'o.logo100x100',
      's.defaultTimeZone',
      sql<string[] | null>`s.holidays::text[]`.as('holidays'),
      's.businessWeekdays',
      's.sendAutomatedUpdateRequests',
      's.defaultUnresponsiveAfterBusinessDays',
      's.cadenceSid',
      's.senderName',
      's.replyTo',
      's.clockOffsetDays',
    ])
    .$if(organizationSid !== undefined, (q) => q.where('o.sid', '=', organizationSid ?? ''))
    .execute();
  return organizations.map((org) => ({
    send: org.sendAutomatedUpdateRequests !== false,
    settings: {
      sid: org.sid,
      name: org.name,
      logoUrl: org.logo100x100,
      cal: calendar(org.defaultTimeZone ?? 'UTC', org.holidays ?? [], org.businessWeekdays ?? undefined),
      unresponsiveAfterBusinessDays: org.defaultUnresponsiveAfterBusinessDays ?? 5,
      cadenceSid: org.cadenceSid ?? null,
      senderName: org.senderName ?? null,
      replyTo: org.replyTo ?? null,
      clockOffsetDays: org.clockOffsetDays ?? 0,
    },
  }));
}

export interface OrganizationFollowUp {
  sid: string;
  name: string;
  /** Shown in the emails vendors receive. */
  logoUrl: string | null;
  cal: BusinessCalendar;
  unresponsiveAfterBusinessDays: number;
  cadenceSid: string | null;
  senderName: string | null;
  replyTo: string | null;
  /** Days a development setup runs this organization's follow-up clock ahead; 0 in production. */
  clockOffsetDays: number;
}

export async function loadCadences(db: Db | Tx, organizationSid: string): Promise<Map<string, CustomCadence>> {
  const rows = await db
    .selectFrom('cadences')
    .select(['sid', 'delaySeconds', 'maxAttempts', 'unresponsiveAfterBusinessDays'])
    .where('organizationSid', '=', organizationSid)
    .execute();
  return new Map(
    rows.map((r) => [
      r.sid,
      {
        sid: r.sid,
        delaySeconds: r.delaySeconds,
        maxAttempts: r.maxAttempts,
        unresponsiveAfterBusinessDays: r.unresponsiveAfterBusinessDays,
      },
    ]),
  );
}

/** A tracker's columns, with the pauses and cadences of its line's order and vendor, as a run and an answer read them. */
export interface TrackerColumns {
  trackerCadenceSid: string | null;
  nextUpdateDate: Date | null;
  reminderAt: Date | null;
  attempts: number;
  firstUnansweredAt: Date | null;
  lastUpdateDate: Date | null;
  lastAnswerAt: Date | null;
  orderPaused: boolean;
  orderCadenceSid: string | null;
  vendorPaused: boolean | null;
  vendorCadenceSid: string | null;
}

export function trackerState(t: TrackerColumns): TrackerState {
  return {
    nextRequestAt: t.nextUpdateDate,
    reminderAt: t.reminderAt,
    attempts: t.attempts,
    firstUnansweredAt: t.firstUnansweredAt,
    lastRequestAt: t.lastUpdateDate,
    lastAnswerAt: t.lastAnswerAt,
  };
}

/** The cadence that applies to a tracker's line: its own or its order's, its vendor's, the organization's, the default. */
export function trackerCadence(
  t: TrackerColumns,
  cadences: Map<string, CustomCadence>,
  organizationCadenceSid: string | null,
): AppliedCadence {
  const find = (sid: string | null) => (sid ? (cadences.get(sid) ?? null) : null);
  return applicableCadence({
    order: { cadence: find(t.trackerCadenceSid ?? t.orderCadenceSid), paused: t.orderPaused },
    vendor: { cadence: find(t.vendorCadenceSid), paused: t.vendorPaused === true },
    organization: find(organizationCadenceSid),
  });
}

/** A due line with what its request and email need. */
interface DueLine {
  trackerSid: string;
  version: number;
  itemGroupSid: string;
  itemSid: string;
  orderSid: string;
  vendorSid: string | null;
  line: FollowedLine;
  email: Omit<UpdateRequestEmailLine, 'kind'>;
}

interface OrderInfo {
  uniqueName: string;
  title: string | null;
  vendorSid: string | null;
  vendorName: string | null;
}

async function sendDueRequests(
  db: Db,
  options: FollowUpRunOptions,
  org: OrganizationFollowUp,
  cadences: Map<string, CustomCadence>,
  summary: FollowUpRunSummary,
): Promise<void> {
  const { now, askNow } = options;
  const which = askNow
    ? sql`t.reference_sid = any(${[...askNow.itemGroupSids]}::text[])`
    : sql`(t.next_update_date <= ${now} or t.reminder_at <= ${now})`;
  // Most runs find nothing due. Asked first through the trackers' indexes: the read below is planned for the many
  // lines a morning asks (hash joins over every line), and the statistics of a column each run moves lag behind.
  const anyDue = await sql<{ due: boolean }>`select exists (select 1 from cadence_trackers t
    where t.organization_sid = ${org.sid} and t.state = 'active' and ${which}) as due`.execute(db);
  if (!anyDue.rows[0]?.due) return;
  // The due lines sorted in memory: 100,000 of them spill PostgreSQL's default 4 MB of sort memory to disk. Compiling
  // the query (JIT) would cost more than running it.
  const rows = await db.transaction().execute(async (tx) => {
    await sql`set local work_mem = '64MB'`.execute(tx);
    await sql`set local jit = off`.execute(tx);
    return sql<
      TrackerColumns & {
        trackerSid: string;
        version: number;
        itemGroupSid: string;
        orderSid: string;
        itemSid: string;
        groupName: string | null;
        quantity: string;
        dueDate: string | null;
        shipDate: string | null;
        estimatedArrivalDate: string | null;
        deliveryDate: string | null;
        confirmed: boolean;
        itemName: string | null;
        lineNumber: number | null;
        mpn: string | null;
        itemTitle: string | null;
        description: string | null;
        orderName: string | null;
        orderTitle: string | null;
        vendorSid: string | null;
        vendorName: string | null;
      }
    >`select t.sid as "trackerSid", t.version, t.reference_sid as "itemGroupSid",
      t.cadence_sid as "trackerCadenceSid", t.next_update_date as "nextUpdateDate", t.reminder_at as "reminderAt",
      t.attempts, t.first_unanswered_at as "firstUnansweredAt", t.last_update_date as "lastUpdateDate",
      t.last_answer_at as "lastAnswerAt", g.order_sid as "orderSid", g.item_sid as "itemSid",
      g.unique_name as "groupName", g.quantity::text as quantity, g.due_date::text as "dueDate",
      g.ship_date::text as "shipDate", g.estimated_arrival_date::text as "estimatedArrivalDate",
      g.delivery_date::text as "deliveryDate", g.confirmed, i.unique_name as "itemName", i.line_number as "lineNumber",
      i.manufacturer_part_number as mpn, i.title as "itemTitle", i.description, o.unique_name as "orderName",
      o.title as "orderTitle", o.vendor_sid as "vendorSid", coalesce(v.name, o.vendor_name) as "vendorName",
      o.follow_up_paused as "orderPaused", o.cadence_sid as "orderCadenceSid",
      v.follow_up_paused as "vendorPaused", v.cadence_sid as "vendorCadenceSid"
    from cadence_trackers t
    join item_groups g on g.sid = t.reference_sid
    join items i on i.sid = g.item_sid
    join orders o on o.sid = g.order_sid
    left join vendors v on v.sid = o.vendor_sid
    where t.organization_sid = ${org.sid} and t.state = 'active' and ${which}
    order by g.order_sid, i.line_number nulls last, i.unique_name, g.due_date nulls last, g.sid`.execute(
      // Named as read, past the camel-case plugin: renaming the columns of tens of thousands of rows took longer.
      tx.withoutPlugins(),
    );
  });
  if (!rows.rows.length) return;
  // The contacts are read while the lines are planned. Marked handled here: awaited below, and a failure in the
  // planning is thrown instead of this one going unheard.
  const contactsRead = loadContacts(
    db,
    org.sid,
    [...new Set(rows.rows.map((r) => r.orderSid))],
    new URL(options.publicUrl).origin,
  );
  contactsRead.catch(() => undefined);

  const due = new Map<string, DueLine>();
  const orders = new Map<string, OrderInfo>();
  for (const r of rows.rows) {
    const line: FollowedLine = {
      itemGroupSid: r.itemGroupSid,
      orderSid: r.orderSid,
      lineDate: r.shipDate ?? r.dueDate,
      cadence: trackerCadence(r, cadences, org.cadenceSid),
      // Asked now: the request is due now, whatever the cadence had planned.
      tracker: askNow ? { ...trackerState(r), nextRequestAt: now } : trackerState(r),
    };
    due.set(r.itemGroupSid, {
      trackerSid: r.trackerSid,
      version: r.version,
      itemGroupSid: r.itemGroupSid,
      itemSid: r.itemSid,
      orderSid: r.orderSid,
      vendorSid: r.vendorSid,
      line,
      email: {
        lineLabel: lineLabel(r),
        part: r.mpn ?? r.itemTitle ?? r.itemName,
        description: r.description,
        quantity: trimDecimal(r.quantity),
        dueDate: r.dueDate,
        promise: {
          shipDate: r.shipDate,
          arrivalDate: r.estimatedArrivalDate ?? r.deliveryDate,
          confirmed: r.confirmed,
        },
      },
    });
    if (!orders.has(r.orderSid)) {
      orders.set(r.orderSid, {
        uniqueName: r.orderName ?? r.orderSid,
        title: r.orderTitle,
        vendorSid: r.vendorSid,
        vendorName: r.vendorName,
      });
    }
  }

  const lines = [...due.values()].map((d) => d.line);
  // A user asking now asks even a paused line, and on a day off.
  const planned = askNow
    ? planRun(
        now,
        lines.map((l) => (l.cadence.kind === 'paused' ? { ...l, cadence: { kind: 'default' as const } } : l)),
        org.cal,
        { anyDay: true },
      )
    : planRun(now, lines, org.cal);
  const contacts = await contactsRead;
  // Two batches at a time: while one waits on the database, the other's emails are rendered, and on PostgreSQL
  // the two transactions run on two connections (PGlite, with one connection, takes them in turn).
  await eachConcurrently(batches(planned), WRITERS, (batch) =>
    db.transaction().execute(async (tx) => {
      await writeRequests(tx, options, org, batch, due, orders, contacts, summary);
    }),
  );
}

/**
 * Runs `work` on the items, at most `limit` at a time. A failure stops new
 * work; the work under way finishes before the first failure is thrown.
 */
async function eachConcurrently<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failed = false;
  const worker = async () => {
    for (let next = iterator.next(); !failed && !next.done; next = iterator.next()) {
      try {
        await work(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: limit }, worker));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Whole orders in batches of about equal size: as few as ORDERS_PER_TRANSACTION and LINES_PER_TRANSACTION allow (a
 * batch goes past them by at most its last order), and a multiple of WRITERS of them. Each statement costs more than
 * its rows, so fewer and larger batches wrote a morning's requests a quarter faster, and the writers finish together.
 * The batches are cut by whichever bound needs more of them (orders, or lines); the other bound still holds.
 */
function* batches(planned: PlannedRequest[]): Generator<PlannedRequest[]> {
  const totalLines = planned.reduce((sum, request) => sum + request.lines.length, 0);
  // How many batches each bound alone needs.
  const orderBatches = planned.length / ORDERS_PER_TRANSACTION;
  const lineBatches = totalLines / LINES_PER_TRANSACTION;
  const byLines = lineBatches > orderBatches;
  const count = Math.max(1, Math.ceil(Math.max(orderBatches, lineBatches) / WRITERS)) * WRITERS;
  const ordersEach = byLines ? ORDERS_PER_TRANSACTION : Math.ceil(planned.length / count);
  const linesEach = byLines ? Math.ceil(totalLines / count) : LINES_PER_TRANSACTION;
  let batch: PlannedRequest[] = [];
  let lines = 0;
  for (const request of planned) {
    batch.push(request);
    lines += request.lines.length;
    if (batch.length >= ordersEach || lines >= linesEach) {
      yield batch;
      batch = [];
      lines = 0;
    }
  }
  if (batch.length) yield batch;
}

interface Contact {
  userSid: string;
  email: string;
  firstName: string | null;
  /** The address's unsubscribe links, signed once a run rather than once an email. */
  unsubscribe: { page: string; oneClick: string };
}

interface Contacts {
  byVendor: Map<string, Contact[]>;
  byOrder: Map<string, Contact[]>;
  optedOut: Set<string>;
}

/** Who receives a vendor's requests: the vendor's users, and the order's members who update it. */
async function loadContacts(db: Db, organizationSid: string, orderSids: string[], origin: string): Promise<Contacts> {
  // Read side by side (on PostgreSQL, on connections of their own).
  const [vendorUsers, members, optOuts] = await Promise.all([
    db
      .selectFrom('userVendors as uv')
      .innerJoin('users as u', 'u.sid', 'uv.userSid')
      .innerJoin('vendors as v', 'v.sid', 'uv.vendorSid')
      .select(['uv.vendorSid', 'u.sid', 'u.email', 'u.firstName'])
      // A contact's login may belong to another buying organization it also serves: the vendor decides.
      .where('v.organizationSid', '=', organizationSid)
      .where('u.role', '=', 'vendor')
      .orderBy('u.email')
      .execute(),
    orderSids.length
      ? db
          .selectFrom('orderMembers as m')
          .innerJoin('users as u', 'u.sid', 'm.memberSid')
          .select(['m.orderSid', 'u.sid', 'u.email', 'u.firstName'])
          .where('m.organizationSid', '=', organizationSid)
          .where('m.type', '=', 'updating')
          .where(sql<boolean>`m.order_sid = any(${orderSids}::text[])`)
          .orderBy('u.email')
          .execute()
      : [],
    db
      .selectFrom('emailOptOuts')
      .select('email')
      .where('organizationSid', '=', organizationSid)
      .where('optOut', '=', true)
      .execute(),
  ]);
  const contact = (u: { sid: string; email: string; firstName: string | null }): Contact => ({
    userSid: u.sid,
    email: u.email,
    firstName: u.firstName,
    unsubscribe: unsubscribeUrls(origin, organizationSid, u.email),
  });
  const group = <K extends string>(list: { key: K; contact: Contact }[]) => {
    const map = new Map<K, Contact[]>();
    for (const { key, contact } of list) map.set(key, [...(map.get(key) ?? []), contact]);
    return map;
  };
  return {
    byVendor: group(vendorUsers.map((u) => ({ key: u.vendorSid, contact: contact(u) }))),
    byOrder: group(members.map((u) => ({ key: u.orderSid, contact: contact(u) }))),
    optedOut: new Set(optOuts.map((o) => o.email.toLowerCase())),
  };
}

async function writeRequests(
  tx: Tx,
  options: FollowUpRunOptions,
  org: OrganizationFollowUp,
  batch: PlannedRequest[],
  due: Map<string, DueLine>,
  orders: Map<string, OrderInfo>,
  contacts: Contacts,
  summary: FollowUpRunSummary,
): Promise<void> {
  const { now } = options;
  const requestSids = newSids('UR', batch.length);
  const requests = batch.map((request, index) => {
    const order = orders.get(request.orderSid);
    const vendorName = order?.vendorName ?? 'the vendor';
    const everyone = [
      ...(order?.vendorSid ? (contacts.byVendor.get(order.vendorSid) ?? []) : []),
      ...(contacts.byOrder.get(request.orderSid) ?? []),
    ];
    const seen = new Set<string>();
    const reachable: Contact[] = [];
    for (const c of everyone) {
      const key = c.email.toLowerCase();
      if (seen.has(key) || contacts.optedOut.has(key)) continue;
      seen.add(key);
      reachable.push(c);
    }
    const skipReason = !everyone.length
      ? `No one to ask at ${vendorName}: the vendor has no contact.`
      : !reachable.length
        ? `Everyone to ask at ${vendorName} has opted out of these emails.`
        : null;
    return { sid: requestSids[index], request, order, recipients: reachable, skipReason };
  });

  // One array parameter per column (insert … select from unnest): a run writes tens of thousands of rows.
  const at = now.toISOString();
  await sql`insert into update_requests (sid, organization_sid, created, updated, item_group_sid, order_sid, vendor_sid,
      status, skip_reason, recipients, requested_by, requested_by_user_sid)
    select v.sid, ${org.sid}, ${at}::timestamptz, ${at}::timestamptz, v.item_group_sid, v.order_sid, v.vendor_sid,
      v.status, v.skip_reason, array(select jsonb_array_elements_text(v.recipients)),
      ${options.askNow ? 'user' : 'engine'}, ${options.askNow?.userSid ?? null}::text
    from unnest(${requests.map((r) => r.sid)}::text[],
      ${requests.map((r) => (r.request.lines.length === 1 ? r.request.lines[0].itemGroupSid : null))}::text[],
      ${requests.map((r) => r.request.orderSid)}::text[], ${requests.map((r) => r.order?.vendorSid ?? null)}::text[],
      ${requests.map((r) => (r.skipReason ? 'skipped' : r.request.lines.every((l) => l.kind === 'reminder') ? 'reminded' : 'sent'))}::text[],
      ${requests.map((r) => r.skipReason)}::text[], ${requests.map((r) => JSON.stringify(r.recipients.map((c) => c.email)))}::jsonb[])
      as v(sid, item_group_sid, order_sid, vendor_sid, status, skip_reason, recipients)`.execute(tx);
  const lines = requests.flatMap((r) =>
    r.request.lines.map((l) => ({ request: r.sid, line: l, itemSid: due.get(l.itemGroupSid)?.itemSid ?? null })),
  );
  const col = <T>(pick: (l: (typeof lines)[number]) => T) => lines.map(pick);
  // A line already sent for this due time (a run that died after writing it) is not sent again. Each request
  // written has one history event on its order, naming the lines it asked about (an item's and an item group's
  // history find it there): one statement for the batch, whose lines LINES_PER_TRANSACTION bounds.
  const written = await sql<{ updateRequestSid: string; itemGroupSid: string }>`with v as (
      select * from unnest(${col((l) => l.request)}::text[], ${col((l) => l.line.itemGroupSid)}::text[],
        ${col((l) => l.line.kind)}::text[], ${col((l) => l.line.dueAt.toISOString())}::timestamptz[],
        ${col((l) => l.itemSid)}::text[]) with ordinality
        as v(update_request_sid, item_group_sid, kind, due_at, item_sid, position)),
    written as (insert into update_request_lines (update_request_sid, item_group_sid, kind, due_at)
      select update_request_sid, item_group_sid, kind, due_at from v
      on conflict (item_group_sid, kind, due_at) do nothing
      returning update_request_sid, item_group_sid),
    asked as (select v.update_request_sid,
        jsonb_agg(jsonb_build_object('itemGroupSid', v.item_group_sid, 'itemSid', v.item_sid, 'kind', v.kind)
          order by v.position) as lines
      from written w
      join v on v.update_request_sid = w.update_request_sid and v.item_group_sid = w.item_group_sid
      group by v.update_request_sid),
    events as (insert into events (sid, organization_sid, created, updated, event_time, event_type, order_sid,
        actor_sid, actor_name, after)
      select e.event_sid, ${org.sid}, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz,
        ${UPDATE_REQUESTED_EVENT}, r.order_sid, ${options.askNow?.userSid ?? null}::text,
        ${options.askNow ? options.askNow.userName : 'Follow-up'}::text,
        jsonb_build_object('updateRequestSid', r.sid, 'recipients', to_jsonb(r.recipients), 'lines', a.lines)
          || case when r.skip_reason is null then '{}'::jsonb else jsonb_build_object('skipped', r.skip_reason) end
      from asked a
      join unnest(${requests.map((r) => r.sid)}::text[], ${newSids('EV', requests.length)}::text[])
        as e(update_request_sid, event_sid) on e.update_request_sid = a.update_request_sid
      join update_requests r on r.sid = a.update_request_sid)
    select update_request_sid, item_group_sid from written`
    .execute(tx)
    .then((result) => result.rows);
  const writtenBy = new Map<string, Set<string>>();
  for (const w of written)
    writtenBy.set(w.updateRequestSid, (writtenBy.get(w.updateRequestSid) ?? new Set()).add(w.itemGroupSid));
  const empty = requests.filter((r) => !writtenBy.has(r.sid)).map((r) => r.sid);
  if (empty.length) await tx.deleteFrom('updateRequests').where('sid', 'in', empty).execute();

  // Trackers move on from the version read; one changed since (an answer came) keeps its new state.
  const trackerUpdates: {
    sid: string;
    version: number;
    tracker: PlannedRequest['lines'][number]['tracker'];
    skipped: boolean;
  }[] = [];
  const emails: Parameters<typeof insertEmails>[2] = [];
  for (const r of requests) {
    const sent = writtenBy.get(r.sid);
    if (!sent) continue;
    options.askNow?.written.push(r.sid);
    summary.updateRequests++;
    if (r.skipReason) summary.skipped++;
    const lines = r.request.lines.filter((l) => sent.has(l.itemGroupSid));
    for (const l of lines) {
      const d = due.get(l.itemGroupSid);
      if (!d) continue;
      if (l.kind === 'request') summary.requestedLines++;
      else summary.remindedLines++;
      trackerUpdates.push({
        sid: d.trackerSid,
        version: d.version,
        tracker: l.tracker,
        skipped: r.skipReason !== null,
      });
    }
    if (r.skipReason || !r.order) continue;
    for (const contact of r.recipients) {
      emails.push({
        request: r.sid,
        order: r.order,
        contact,
        lines: lines.map((l) => ({ kind: l.kind, due: due.get(l.itemGroupSid) })),
      });
    }
  }
  await updateTrackers(tx, now, trackerUpdates);
  const emailed = await insertEmails(tx, { options, org }, emails);
  summary.emails += emailed;
}

async function updateTrackers(
  tx: Tx,
  now: Date,
  updates: { sid: string; version: number; tracker: PlannedRequest['lines'][number]['tracker']; skipped: boolean }[],
): Promise<void> {
  if (!updates.length) return;
  // A skipped request (no one to ask) moves the next request on but asks no one: nothing counts as unanswered.
  const col = <T>(pick: (u: (typeof updates)[number]) => T) => updates.map(pick);
  await sql`update cadence_trackers t set
      next_update_date = v.next_update_date, reminder_at = v.reminder_at, attempts = v.attempts,
      first_unanswered_at = v.first_unanswered_at, last_update_date = v.last_update_date,
      updated = ${now}, version = t.version + 1
    from unnest(${col((u) => u.sid)}::text[], ${col((u) => u.version)}::int[],
      ${col((u) => u.tracker.nextRequestAt?.toISOString() ?? null)}::timestamptz[],
      ${col((u) => (u.skipped ? null : (u.tracker.reminderAt?.toISOString() ?? null)))}::timestamptz[],
      ${col((u) => (u.skipped ? u.tracker.attempts - 1 : u.tracker.attempts))}::int[],
      ${col((u) => (u.skipped ? null : (u.tracker.firstUnansweredAt?.toISOString() ?? null)))}::timestamptz[],
      ${col((u) => u.tracker.lastRequestAt?.toISOString() ?? null)}::timestamptz[])
      as v(sid, version, next_update_date, reminder_at, attempts, first_unanswered_at, last_update_date)
    where t.sid = v.sid and t.version = v.version`.execute(tx);
}

/** An email written to the outbox: what differs from one email of a batch to the next. */
export interface OutboxRow {
  updateRequestSid: string | null;
  toAddress: string;
  subject: string;
  /** The rendered email, or for an update request what it is rendered from when sent or read (domain/outbox/bodies.ts). */
  body: RenderedEmail | { updateRequestEmail: UpdateRequestEmailInput };
}

/** One rendered email to one address, not about an update request (a portal link, an invitation). */
export function queueEmail(
  tx: Db | Tx,
  batch: Parameters<typeof insertOutbox>[1],
  toAddress: string,
  rendered: RenderedEmail,
): Promise<number> {
  return insertOutbox(tx, batch, [{ updateRequestSid: null, toAddress, subject: rendered.subject, body: rendered }]);
}

/** Emails of one statement: at 8 parameters each, under PostgreSQL's 65,535. */
const EMAILS_PER_STATEMENT = 1000;

/**
 * Writes emails to the outbox. A multi-row VALUES with a parameter per body,
 * not arrays: PostgreSQL parses a text[] of thousands of 2 KB bodies about
 * twice as slowly as the same bodies as parameters of their own.
 */
export async function insertOutbox(
  tx: Db | Tx,
  batch: {
    organizationSid: string;
    now: Date;
    kind: 'updateRequest' | 'flagNotice' | 'vendorLink' | 'userInvite';
    replyTo: string | null;
  },
  emails: readonly OutboxRow[],
): Promise<number> {
  const sids = newSids('EM', emails.length);
  const at = batch.now.toISOString();
  for (const [index, chunk] of [...chunks(emails, EMAILS_PER_STATEMENT)].entries()) {
    const values = sql.join(
      chunk.map((e, i) => {
        const sid = sids[index * EMAILS_PER_STATEMENT + i];
        const stored =
          'updateRequestEmail' in e.body
            ? sql`null::text, null::text, '{}', ${JSON.stringify(e.body.updateRequestEmail)}`
            : sql`${e.body.text}, ${e.body.html}, ${JSON.stringify(e.body.headers)}, null`;
        return sql`(${sid}, ${e.updateRequestSid}, ${e.toAddress}, ${e.subject}, ${stored})`;
      }),
    );
    await sql`insert into outbox_emails (sid, update_request_sid, to_address, subject, text_body, html_body, headers,
        update_request_email, organization_sid, created, updated, kind, reply_to)
      select v.sid, v.update_request_sid, v.to_address, v.subject, v.text_body, v.html_body, v.headers::jsonb,
        v.update_request_email::json, ${batch.organizationSid}, ${at}::timestamptz, ${at}::timestamptz, ${batch.kind},
        ${batch.replyTo}::text
      from (values ${values}) as v(sid, update_request_sid, to_address, subject, text_body, html_body, headers,
        update_request_email)`.execute(tx);
  }
  return emails.length;
}

async function insertEmails(
  tx: Tx,
  ctx: { options: FollowUpRunOptions; org: OrganizationFollowUp },
  emails: {
    request: string;
    order: OrderInfo;
    contact: Contact;
    lines: { kind: 'request' | 'reminder'; due: DueLine | undefined }[];
  }[],
): Promise<number> {
  if (!emails.length) return 0;
  const { now, publicUrl } = ctx.options;
  const { org } = ctx;
  const origin = new URL(publicUrl).origin;
  const expires = new Date(now.getTime() + PORTAL_LINK_DAYS * 86_400_000);
  const tokens: { tokenHash: string; userSid: string }[] = [];
  const linkTokens = randomTokens('vl', emails.length);
  const rows = emails.map((e, index): OutboxRow => {
    const token = linkTokens[index];
    tokens.push({ tokenHash: tokenHash(token), userSid: e.contact.userSid });
    // The token rides in the fragment: browsers do not send it to the server in requests or Referer headers.
    const portalUrl = `${origin}/portal/link#token=${encodeURIComponent(token)}&request=${e.request}`;
    const { unsubscribe } = e.contact;
    const input: UpdateRequestEmailInput = {
      organizationName: org.name,
      senderName: org.senderName,
      vendorName: e.order.vendorName ?? 'your company',
      recipientName: e.contact.firstName,
      orderNumber: e.order.uniqueName,
      orderTitle: e.order.title,
      lines: e.lines.flatMap((l) => (l.due ? [{ ...l.due.email, kind: l.kind }] : [])),
      portalUrl,
      unsubscribeUrl: unsubscribe.page,
      oneClickUnsubscribeUrl: unsubscribe.oneClick,
      linkExpiresInDays: PORTAL_LINK_DAYS,
      logoUrl: org.logoUrl,
    };
    // Rendered when sent or read: a morning writes thousands of these, and their bodies were most of its writing.
    return {
      updateRequestSid: e.request,
      toAddress: e.contact.email,
      subject: updateRequestSubject(input),
      body: { updateRequestEmail: input },
    };
  });
  await bulkInsert(
    tx,
    'vendor_link_tokens',
    [
      ['token_hash', 'text'],
      ['user_sid', 'text'],
    ],
    tokens.map((t) => [t.tokenHash, t.userSid]),
    // The link opens the organization that asks, whichever organization the contact's login belongs to.
    [
      ['expires', 'timestamptz', expires.toISOString()],
      ['organization_sid', 'text', org.sid],
    ],
  );
  return insertOutbox(tx, { organizationSid: org.sid, now, kind: 'updateRequest', replyTo: org.replyTo }, rows);
}

/**
 * The unsubscribe links of an address, signed so no one opts out another
 * address: the page the email's footer links to (it asks first), and the API
 * address mail clients POST a one-click unsubscribe to (RFC 8058).
 */
export function unsubscribeUrls(
  origin: string,
  organizationSid: string,
  email: string,
): { page: string; oneClick: string } {
  const address = email.trim().toLowerCase();
  const query = `organization=${encodeURIComponent(organizationSid)}&email=${encodeURIComponent(address)}&signature=${unsubscribeSignature(organizationSid, address)}`;
  return { page: `${origin}/unsubscribe?${query}`, oneClick: `${origin}/v1/emailOptOuts/unsubscribe?${query}` };
}

/**
 * Raises and resolves the flags of the lines whose flags may move. Time moves
 * them in two ways only: a due date passes (the lines due since the last
 * check), and a request goes unanswered (the lines with unanswered requests,
 * and those flagged Unresponsive Vendor, which an answer ends). Every other
 * cause is a change to the line, which the database marks in flag_checks
 * whichever code writes it (migration 0029). An organization never checked,
 * or whose clock went back, has every line that may have a flag checked:
 * past due, unanswered, or flagged already.
 */
async function updateFlags(
  db: Db,
  now: Date,
  org: OrganizationFollowUp,
  cadences: Map<string, CustomCadence>,
  summary: FollowUpRunSummary,
  publicUrl?: string,
): Promise<void> {
  const today = localDate(now, org.cal);
  // The lines and their flags are tens of thousands of rows: their hash joins fit in memory, and planning them
  // into machine code (JIT) would cost more than running them.
  const { rows, flags, marks } = await db.transaction().execute(async (tx) => {
    await sql`set local work_mem = '64MB'`.execute(tx);
    await sql`set local jit = off`.execute(tx);
    const checked = await tx
      .selectFrom('flagCheckDays')
      .select('checkedOn')
      .where('organizationSid', '=', org.sid)
      .executeTakeFirst();
    // Read before the lines: a line marked after this is read with its change, or checked by the next run.
    const marks = await tx
      .selectFrom('flagChecks')
      .select(['itemGroupSid', 'marked'])
      .where('organizationSid', '=', org.sid)
      .execute();
    // Unanswered lines that may be over a limit of whichever cadence applies: not the lines asked this morning.
    const limits = unresponsiveCandidates(
      [{ maxAttempts: null, unresponsiveAfterBusinessDays: org.unresponsiveAfterBusinessDays }, ...cadences.values()],
      today,
      org.cal,
    );
    const overLimit = (t: string) => {
      const tracker = (column: string) => sql.ref(`${t}.${column}`);
      return sql`(${tracker('first_unanswered_at')} is not null and (${
        limits.attemptsAtLeast === null ? sql`false` : sql`${tracker('attempts')} >= ${limits.attemptsAtLeast}`
      } or ${
        limits.firstUnansweredOnOrBefore === null
          ? sql`false`
          : sql`${tracker('first_unanswered_at')} < ${localTime(addDays(limits.firstUnansweredOnOrBefore, 1), 0, org.cal)}`
      }))`;
    };
    const which =
      !checked || checked.checkedOn > today
        ? sql`((g.due_date < ${today}::date and g.status = 'active' and not g.delivered)
          or ${overLimit('t')}
          or exists (select 1 from flags f where f.item_group_sid = g.sid and f.status = 'open'))`
        : // The lines of each cause, each found by its own index (the marks, the due dates of the days since, the open
          // Unresponsive Vendor flags) or one pass over the trackers, then their rows: conditions on the joined rows
          // read every line of the organization to keep a few hundred. After a first morning the marks are every line.
          sql`g.sid in (
            select c.item_group_sid from flag_checks c where c.organization_sid = ${org.sid}
            union all
            select d.sid from item_groups d where d.organization_sid = ${org.sid}
              and ${dateKey('d.due_date')} >= ${checked.checkedOn}::date and ${dateKey('d.due_date')} < ${today}::date
              and d.status = 'active' and not d.delivered
            union all
            select u.reference_sid from cadence_trackers u where u.organization_sid = ${org.sid} and u.state = 'active'
              and ${overLimit('u')}
            union all
            select f.item_group_sid from flags f where f.organization_sid = ${org.sid} and f.status = 'open'
              and f.type = 'unresponsiveVendor')`;
    const rows = await sql<{
      itemGroupSid: string;
      itemSid: string;
      orderSid: string;
      dueDate: string | null;
      shipDate: string | null;
      estimatedArrivalDate: string | null;
      deliveryDate: string | null;
      delivered: boolean;
      status: 'active' | 'canceled';
      cannotSupply: string | null;
      attempts: number | null;
      firstUnansweredAt: Date | null;
      cadenceSid: string | null;
      paused: boolean;
    }>`select g.sid as item_group_sid, g.item_sid, g.order_sid, g.due_date::text as due_date, g.ship_date::text as ship_date,
      g.estimated_arrival_date::text as estimated_arrival_date, g.delivery_date::text as delivery_date, g.delivered, g.status,
      case when g.cannot_supply then coalesce(g.cannot_supply_reason, '') end as cannot_supply,
      t.attempts, t.first_unanswered_at, coalesce(t.cadence_sid, o.cadence_sid, v.cadence_sid, ${org.cadenceSid}) as cadence_sid,
      (o.follow_up_paused or coalesce(v.follow_up_paused, false)) as paused
    from item_groups g
    join orders o on o.sid = g.order_sid
    left join vendors v on v.sid = o.vendor_sid
    left join cadence_trackers t on t.organization_sid = g.organization_sid and t.reference_sid = g.sid and t.state = 'active'
    where g.organization_sid = ${org.sid} and ${which}`.execute(tx);
    if (!rows.rows.length) return { rows, flags: [], marks };
    const flags = await tx
      .selectFrom('flags')
      .select(['sid', 'type', 'status', 'cause', 'itemGroupSid', 'created'])
      .where('organizationSid', '=', org.sid)
      // One array parameter: a list of values would pass PostgreSQL's 65,535 parameters at 100,000 lines.
      .where(sql<boolean>`item_group_sid = any(${rows.rows.map((r) => r.itemGroupSid)}::text[])`)
      .execute();
    return { rows, flags, marks };
  });
  // Each line's flags oldest first (the latest of a type counts), sorted here: sorting 100,000 flags by their sids
  // in the database's collation took longer than reading them.
  const byAge = (a: (typeof flags)[number], b: (typeof flags)[number]) =>
    a.created.getTime() - b.created.getTime() || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);
  const flagRowsOf = new Map<string, (typeof flags)[number][]>();
  for (const f of flags) {
    if (!f.itemGroupSid) continue;
    const list = flagRowsOf.get(f.itemGroupSid);
    if (list) list.push(f);
    else flagRowsOf.set(f.itemGroupSid, [f]);
  }
  const flagsOf = new Map<string, ExistingFlag[]>();
  for (const [line, list] of flagRowsOf) {
    flagsOf.set(
      line,
      list.sort(byAge).map((f) => ({ sid: f.sid, type: f.type, status: f.status, cause: f.cause })),
    );
  }
  const changes: { line: (typeof rows.rows)[number]; change: FlagChange }[] = [];
  // Requests of one run share their instant, and lines their dates: each worked out once.
  const days = new Map<number, string>();
  const dayOf = (at: Date) => {
    let day = days.get(at.getTime());
    if (day === undefined) days.set(at.getTime(), (day = localDate(at, org.cal)));
    return day;
  };
  const counts = new Map<string, number>();
  const businessDaysSince = (day: string) => {
    let n = counts.get(day);
    if (n === undefined) counts.set(day, (n = businessDaysBetween(day, today, org.cal)));
    return n;
  };
  for (const line of rows.rows) {
    const cadence = line.cadenceSid ? cadences.get(line.cadenceSid) : undefined;
    const firstUnanswered = line.firstUnansweredAt ? dayOf(line.firstUnansweredAt) : null;
    for (const change of flagChanges(
      {
        dueDate: line.dueDate,
        promisedDate: vendorPromise(line),
        received: line.delivered,
        canceled: line.status === 'canceled',
        cannotSupply: line.cannotSupply,
        today,
        unanswered: {
          requestsSinceAnswer: line.attempts ?? 0,
          firstUnansweredRequestDate: firstUnanswered,
          businessDaysSinceFirstUnanswered: firstUnanswered ? businessDaysSince(firstUnanswered) : null,
          maxAttempts: cadence?.maxAttempts ?? null,
          unresponsiveAfterBusinessDays: cadence
            ? cadence.unresponsiveAfterBusinessDays
            : org.unresponsiveAfterBusinessDays,
        },
      },
      flagsOf.get(line.itemGroupSid) ?? [],
    )) {
      // A paused line is not asked, so its silence says nothing: Unresponsive Vendor is neither raised nor resolved
      // while the pause lasts (the other flags go by dates and deliveries, which a pause does not change).
      if (line.paused && change.type === 'unresponsiveVendor') continue;
      changes.push({ line, change });
    }
  }
  // The changes in WRITERS parts of whole orders (an order's notices go out in one email per member), written side by
  // side. A part that fails leaves the marks below: the next run checks those lines again, and a flag already raised
  // stands (one open flag per type and line), so nothing is raised or told twice.
  await eachConcurrently(byOrderInParts(changes, WRITERS), WRITERS, (part) =>
    db.transaction().execute(async (tx) => {
      const applied = await applyFlagChanges(tx, { organizationSid: org.sid, now, publicUrl }, part);
      summary.flagsRaised += applied.raised;
      summary.flagsResolved += applied.resolved;
      summary.flagNotices += applied.notices;
    }),
  );
  await db.transaction().execute(async (tx) => {
    // The marks read are done with; a line marked again since keeps its newer mark.
    if (marks.length) {
      await sql`delete from flag_checks f
        using unnest(${marks.map((m) => m.itemGroupSid)}::text[], ${marks.map((m) => m.marked)}::bigint[]) as v(sid, marked)
        where f.item_group_sid = v.sid and f.marked = v.marked`.execute(tx);
    }
    await tx
      .insertInto('flagCheckDays')
      .values({ organizationSid: org.sid, checkedOn: today })
      .onConflict((oc) => oc.column('organizationSid').doUpdateSet({ checkedOn: today }))
      .execute();
  });
}

/** The changes split into at most `count` parts of whole orders, about equal in size; none empty. */
function byOrderInParts<C extends { line: { orderSid: string } }>(changes: readonly C[], count: number): C[][] {
  const byOrder = new Map<string, C[]>();
  for (const c of changes) {
    const list = byOrder.get(c.line.orderSid);
    if (list) list.push(c);
    else byOrder.set(c.line.orderSid, [c]);
  }
  const parts: C[][] = Array.from({ length: count }, () => []);
  // Largest orders first, each to the smallest part so far.
  for (const order of [...byOrder.values()].sort((a, b) => b.length - a.length)) {
    const smallest = parts.reduce((min, part) => (part.length < min.length ? part : min));
    smallest.push(...order);
  }
  return parts.filter((part) => part.length > 0);
}

/** A line a flag is about. */
interface FlaggedLine {
  itemGroupSid: string;
  itemSid: string;
  orderSid: string;
}

/**
 * Writes flag changes: a raise inserts the flag with the event that raised it
 * (one open flag per type and line: a flag raised meanwhile stands), a resolve
 * closes an open flag with its reason, an update moves an open flag's cause.
 * A New Delay or Unresponsive Vendor raised here is told to the members
 * tracking its order: one email per order and member, through the outbox,
 * with links to the app when publicUrl is given.
 */
export async function applyFlagChanges(
  tx: Db | Tx,
  ctx: { organizationSid: string; now: Date; publicUrl?: string },
  changes: readonly { line: FlaggedLine; change: FlagChange }[],
): Promise<{ raised: number; resolved: number; notices: number }> {
  const { organizationSid, now } = ctx;
  let raised = 0;
  let resolved = 0;
  const noticed: FlagNotice[] = [];
  // In bulk: a run three weeks on raises a flag on most of 100,000 lines, two statements each one by one.
  const raises = changes.flatMap(({ line, change }) => (change.kind === 'raise' ? [{ line, change }] : []));
  for (const chunk of chunks(raises, ROWS_PER_STATEMENT)) {
    const sids = newSids('FL', chunk.length);
    const eventSids = newSids('EV', chunk.length);
    const at = now.toISOString();
    const col = <T>(pick: (raise: (typeof chunk)[number], i: number) => T) => chunk.map(pick);
    // The flag and the event that raised it in one statement; a flag of its type open on the line already stands.
    const inserted = await sql<{ sid: string }>`with v as (
        select * from unnest(${sids}::text[], ${eventSids}::text[], ${col((r) => r.change.type)}::text[],
          ${col((r) => r.change.message)}::text[], ${col((r) => r.change.cause)}::text[], ${col((r) => r.line.orderSid)}::text[],
          ${col((r) => r.line.itemSid)}::text[], ${col((r) => r.line.itemGroupSid)}::text[])
          as v(sid, event_sid, type, message, cause, order_sid, item_sid, item_group_sid)),
      raised as (insert into flags (sid, organization_sid, created, updated, type, status, message, cause, event_sid,
          order_sid, item_sid, item_group_sid)
        select sid, ${organizationSid}, ${at}::timestamptz, ${at}::timestamptz, type, 'open', message, cause, event_sid,
          order_sid, item_sid, item_group_sid from v
        on conflict (item_group_sid, type) where status = 'open' do nothing
        returning sid),
      events as (insert into events (sid, organization_sid, created, updated, event_time, event_type, order_sid, item_sid,
          item_group_sid, actor_sid, actor_name, after)
        select v.event_sid, ${organizationSid}, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, 'flag.raised',
          v.order_sid, v.item_sid, v.item_group_sid, null, 'Follow-up',
          jsonb_build_object('flagSid', v.sid, 'type', v.type, 'message', v.message)
        from raised join v on v.sid = raised.sid)
      select sid from raised`.execute(tx);
    const kept = new Set(inserted.rows.map((r) => r.sid));
    raised += kept.size;
    chunk.forEach(({ line, change }, i) => {
      if (
        kept.has(sids[i]) &&
        (change.type === 'newDelay' || change.type === 'unresponsiveVendor' || change.type === 'cannotSupply')
      ) {
        noticed.push({ line, type: change.type, message: change.message });
      }
    });
  }
  const notices = await insertFlagNotices(tx, ctx, noticed);
  const resolves = changes.flatMap(({ change }) => (change.kind === 'resolve' ? [change] : []));
  if (resolves.length) {
    const done =
      await sql`update flags f set status = 'resolved', resolved = ${now}, note = v.reason, cause = null, updated = ${now}
      from unnest(${resolves.map((r) => r.sid)}::text[], ${resolves.map((r) => r.reason)}::text[]) as v(sid, reason)
      where f.sid = v.sid and f.status = 'open'`.execute(tx);
    resolved += Number(done.numAffectedRows ?? 0);
  }
  const updates = changes.flatMap(({ change }) => (change.kind === 'update' ? [change] : []));
  if (updates.length) {
    await sql`update flags f set cause = v.cause, message = v.message, updated = ${now}
      from unnest(${updates.map((u) => u.sid)}::text[], ${updates.map((u) => u.cause)}::text[],
        ${updates.map((u) => u.message)}::text[]) as v(sid, cause, message)
      where f.sid = v.sid and f.status = 'open'`.execute(tx);
  }
  return { raised, resolved, notices };
}

/** A flag just raised that the order's tracking members are told of. */
interface FlagNotice {
  line: FlaggedLine;
  type: NoticeFlagType;
  message: string;
}

/**
 * Writes the emails that tell each member tracking an order of the order's
 * flags in `notices`, one per order and member, skipping opted-out addresses.
 * In bulk: a run may raise Unresponsive Vendor on thousands of orders at once.
 */
async function insertFlagNotices(
  tx: Db | Tx,
  ctx: { organizationSid: string; now: Date; publicUrl?: string },
  notices: readonly FlagNotice[],
): Promise<number> {
  if (!notices.length) return 0;
  const { organizationSid, now } = ctx;
  const orderSids = [...new Set(notices.map((n) => n.line.orderSid))];
  const members = await tx
    .selectFrom('orderMembers as m')
    .innerJoin('users as u', 'u.sid', 'm.memberSid')
    .select(['m.orderSid', 'u.email', 'u.firstName'])
    .where('m.organizationSid', '=', organizationSid)
    .where('u.organizationSid', '=', organizationSid)
    .where('m.type', '=', 'tracking')
    .where(sql<boolean>`m.order_sid = any(${orderSids}::text[])`)
    .orderBy('m.orderSid')
    .orderBy('u.email')
    .execute();
  if (!members.length) return 0;
  const addresses = [...new Set(members.map((m) => m.email.trim().toLowerCase()))];
  const optOuts = await tx
    .selectFrom('emailOptOuts')
    .select('email')
    .where('organizationSid', '=', organizationSid)
    .where('optOut', '=', true)
    .where(sql<boolean>`email = any(${addresses}::text[])`)
    .execute();
  const optedOut = new Set(optOuts.map((o) => o.email.trim().toLowerCase()));
  const recipientsOf = new Map<string, { email: string; firstName: string | null }[]>();
  const seen = new Set<string>();
  for (const m of members) {
    const address = m.email.trim().toLowerCase();
    const key = `${m.orderSid} ${address}`;
    if (optedOut.has(address) || seen.has(key)) continue;
    seen.add(key);
    recipientsOf.set(m.orderSid, [...(recipientsOf.get(m.orderSid) ?? []), { email: m.email, firstName: m.firstName }]);
  }
  const told = notices.filter((n) => recipientsOf.has(n.line.orderSid));
  if (!told.length) return 0;

  const organization = await tx
    .selectFrom('organizations')
    .select('name')
    .where('sid', '=', organizationSid)
    .executeTakeFirst();
  const orders = await tx
    .selectFrom('orders as o')
    .leftJoin('vendors as v', 'v.sid', 'o.vendorSid')
    .select(['o.sid', 'o.uniqueName', 'o.title', sql<string | null>`coalesce(v.name, o.vendor_name)`.as('vendorName')])
    .where('o.organizationSid', '=', organizationSid)
    .where(sql<boolean>`o.sid = any(${[...recipientsOf.keys()]}::text[])`)
    .execute();
  const orderOf = new Map(orders.map((o) => [o.sid, o]));
  // The lines in the order an update request lists them.
  const lines = await tx
    .selectFrom('itemGroups as g')
    .innerJoin('items as i', 'i.sid', 'g.itemSid')
    .select([
      'g.sid',
      'g.uniqueName as groupName',
      'i.lineNumber',
      'i.uniqueName as itemName',
      'i.manufacturerPartNumber as mpn',
      'i.title as itemTitle',
    ])
    .where('g.organizationSid', '=', organizationSid)
    .where(sql<boolean>`g.sid = any(${[...new Set(told.map((n) => n.line.itemGroupSid))]}::text[])`)
    .orderBy(sql`i.line_number nulls last, i.unique_name, g.due_date nulls last, g.sid`)
    .execute();
  const lineOf = new Map(lines.map((l, index) => [l.sid, { ...l, index }]));
  const typeOrder: readonly NoticeFlagType[] = ['cannotSupply', 'newDelay', 'unresponsiveVendor'];
  const flagsOf = new Map<string, FlagNotice[]>();
  for (const n of told) flagsOf.set(n.line.orderSid, [...(flagsOf.get(n.line.orderSid) ?? []), n]);

  let origin: string | null = null;
  if (ctx.publicUrl && URL.canParse(ctx.publicUrl)) origin = new URL(ctx.publicUrl).origin;
  const rows: OutboxRow[] = [];
  for (const [orderSid, recipients] of recipientsOf) {
    const order = orderOf.get(orderSid);
    const flags = (flagsOf.get(orderSid) ?? [])
      .map((n) => ({ n, line: lineOf.get(n.line.itemGroupSid) }))
      .sort(
        (a, b) =>
          (a.line?.index ?? Infinity) - (b.line?.index ?? Infinity) ||
          typeOrder.indexOf(a.n.type) - typeOrder.indexOf(b.n.type),
      )
      .map(({ n, line }) => ({
        type: n.type,
        message: n.message,
        lineLabel: line ? lineLabel(line) : 'Line',
        part: line ? (line.mpn ?? line.itemTitle ?? line.itemName) : null,
      }));
    if (!flags.length) continue;
    for (const recipient of recipients) {
      const unsubscribe = origin === null ? null : unsubscribeUrls(origin, organizationSid, recipient.email);
      const rendered = renderFlagNoticeEmail({
        organizationName: organization?.name ?? '',
        recipientName: recipient.firstName,
        orderNumber: order?.uniqueName ?? orderSid,
        orderSid,
        orderTitle: order?.title ?? null,
        vendorName: order?.vendorName ?? null,
        flags,
        appUrl: origin,
        unsubscribeUrl: unsubscribe?.page ?? null,
        oneClickUnsubscribeUrl: unsubscribe?.oneClick ?? null,
      });
      rows.push({
        updateRequestSid: null,
        toAddress: recipient.email,
        subject: rendered.subject,
        body: rendered,
      });
    }
  }
  return insertOutbox(tx, { organizationSid, now, kind: 'flagNotice', replyTo: null }, rows);
}

/** How an email names a line: "Line 10", or "Line 10 / shipment 2" for a line's later shipment. */
function lineLabel(l: { groupName: string | null; lineNumber: number | null; itemName: string | null }): string {
  const lineNumber = l.lineNumber !== null ? String(l.lineNumber) : (l.itemName ?? 'Line');
  return l.groupName && l.groupName !== '1' ? `Line ${lineNumber} / ${l.groupName}` : `Line ${lineNumber}`;
}

/** "250.000000" as "250", "12.500000" as "12.5". */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}
