// What the home page reads (getAttention): each figure counted as the list it
// opens counts it, all in one request, each an index read or a bounded scan.
import { sql, type Kysely } from 'kysely';
import { targetsOf } from './bom-forecast.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** The vendor dates whose moving later is a delay. */
const DELAY_FIELDS = ['deliveryDate', 'estimatedArrivalDate', 'shipDate'] as const;
export type DelayField = (typeof DELAY_FIELDS)[number];

/** Shipment counts: past due (before `utcToday`, as the schedule's filter) and due soon, unconfirmed. */
export async function shipmentCounts(
  db: Db,
  organizationSid: string,
  pastDueBefore: string,
  dueSoon: { from: string; to: string },
) {
  const row = await sql<{ pastDue: number; dueSoonUnconfirmed: number }>`select
      count(*) filter (where due_date < ${pastDueBefore}::date)::int as past_due,
      count(*) filter (where due_date between ${dueSoon.from}::date and ${dueSoon.to}::date and not confirmed)::int
        as due_soon_unconfirmed
    from item_groups
    where organization_sid = ${organizationSid} and status = 'active' and not delivered
      and due_date is not null`.execute(db);
  return row.rows[0] ?? { pastDue: 0, dueSoonUnconfirmed: 0 };
}

export interface DelayRow {
  itemGroupSid: string;
  orderSid: string;
  orderUniqueName: string | null;
  vendorName: string | null;
  partNumber: string | null;
  field: DelayField;
  before: string;
  after: string;
  changed: Date;
  actorName: string | null;
}

/**
 * Shipments one of whose vendor dates moved later since `since` (by their
 * history events): how many, and the latest change of each of the latest ten.
 */
export async function delaysSince(db: Db, organizationSid: string, since: Date) {
  const moved = sql.join(
    DELAY_FIELDS.map(
      (field) => sql`select ${field}::text as field, e.before ->> ${field} as before, e.after ->> ${field} as after`,
    ),
    sql` union all `,
  );
  const rows = await sql<DelayRow & { total: number }>`with delays as (
      select distinct on (e.item_group_sid) e.item_group_sid, e.event_time as changed, e.actor_name, m.field, m.before,
        m.after
      from events e
      cross join lateral (${moved}) m
      where e.organization_sid = ${organizationSid} and e.event_time >= ${since}
        and e.event_type = 'itemGroup.updated' and e.item_group_sid is not null
        and m.before is not null and m.after is not null and m.after > m.before
      order by e.item_group_sid, e.event_time desc, e.sid desc
    )
    select d.item_group_sid, g.order_sid, o.unique_name as order_unique_name, coalesce(v.name, o.vendor_name) as vendor_name,
      coalesce(i.manufacturer_part_number, i.unique_name) as part_number, d.field, d.before, d.after, d.changed,
      d.actor_name, count(*) over ()::int as total
    from delays d
    join item_groups g on g.sid = d.item_group_sid
    join items i on i.sid = g.item_sid
    join orders o on o.sid = g.order_sid
    left join vendors v on v.sid = o.vendor_sid
    order by d.changed desc, d.item_group_sid
    limit 10`.execute(db);
  return { count: rows.rows[0]?.total ?? 0, latest: rows.rows.map(({ total: _total, ...row }) => row) };
}

/** Update requests still unanswered and not expired (sent after `notBefore`), by status, as their list counts them. */
export async function unansweredRequests(db: Db, organizationSid: string, notBefore: Date) {
  const rows = await db
    .selectFrom('updateRequests')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('organizationSid', '=', organizationSid)
    .where('status', 'in', ['sent', 'reminded'])
    .where('created', '>=', notBefore)
    .groupBy('status')
    .execute();
  const of = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { sent: of('sent'), reminded: of('reminded') };
}

export async function openFlagCount(db: Db, organizationSid: string): Promise<number> {
  const row = await db
    .selectFrom('flags')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organizationSid', '=', organizationSid)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return row?.n ?? 0;
}

/**
 * BOMs (not archived) whose latest expected clear to build (the daily
 * record, server/jobs/clear-to-build-snapshot.ts) is below their target that
 * counts: the earliest due today or later.
 */
export async function bomsShortOfTarget(db: Db, organizationSid: string, today: string) {
  const [boms, targetOf, expected] = await Promise.all([
    db
      .selectFrom('boms')
      .select(['sid', 'uniqueName'])
      .where('organizationSid', '=', organizationSid)
      .where('archived', 'is', null)
      .orderBy('uniqueName')
      .execute(),
    targetsOf(db, organizationSid, today),
    sql<{ referenceSid: string; buildQuantity: string }>`select distinct on (reference_sid) reference_sid,
        build_quantity::text as build_quantity
      from clear_to_builds
      where organization_sid = ${organizationSid} and type = 'expected'
      order by reference_sid, created desc, sid desc`.execute(db),
  ]);
  const expectedOf = new Map(expected.rows.map((r) => [r.referenceSid, r.buildQuantity]));
  return boms.flatMap((bom) => {
    const target = targetOf.get(bom.sid);
    const units = expectedOf.get(bom.sid);
    if (!target || units === undefined || Number(units) >= Number(target.quantity)) return [];
    return [{ sid: bom.sid, uniqueName: bom.uniqueName, expected: units, target: target.quantity, date: target.date }];
  });
}

/** The latest changes vendor users made (in the last 30 days), newest first. */
export async function latestVendorAnswers(db: Db, organizationSid: string, now: Date) {
  return sql<{
    sid: string;
    eventType: string;
    eventTime: Date;
    actorName: string | null;
    orderSid: string | null;
    orderUniqueName: string | null;
    itemGroupSid: string | null;
    changes: string[] | null;
  }>`select e.sid, e.event_type, e.event_time, e.actor_name, e.order_sid, o.unique_name as order_unique_name,
      e.item_group_sid,
      (select array_agg(k order by k) from jsonb_object_keys(coalesce(e.after, '{}'::jsonb)) k) as changes
    from events e
    join users u on u.sid = e.actor_sid and u.role = 'vendor'
    left join orders o on o.sid = e.order_sid
    where e.organization_sid = ${organizationSid} and e.event_time >= ${new Date(now.getTime() - 30 * 86_400_000)}
    order by e.event_time desc, e.sid desc
    limit 8`
    .execute(db)
    .then((r) => r.rows);
}

/** Update requests made since `since` (the start of today): how many, and the latest eight. */
export async function requestsSince(db: Db, organizationSid: string, since: Date) {
  const rows = await sql<{
    sid: string;
    created: Date;
    status: 'sent' | 'reminded' | 'answered' | 'skipped';
    vendorName: string | null;
    orderSid: string | null;
    orderUniqueName: string | null;
    lineCount: number;
    total: number;
  }>`select r.sid, r.created, r.status, coalesce(v.name, o.vendor_name) as vendor_name, r.order_sid,
      o.unique_name as order_unique_name,
      (select count(*)::int from update_request_lines l where l.update_request_sid = r.sid) as line_count,
      count(*) over ()::int as total
    from update_requests r
    left join orders o on o.sid = r.order_sid
    left join vendors v on v.sid = r.vendor_sid
    where r.organization_sid = ${organizationSid} and r.created >= ${since}
    order by r.created desc, r.sid desc
    limit 8`.execute(db);
  return { count: rows.rows[0]?.total ?? 0, latest: rows.rows.map(({ total: _total, ...row }) => row) };
}
