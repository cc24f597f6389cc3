// The demo's follow-up history: the engine's mornings of the past weeks, run
// for real over the demo's lines (its requests, reminders, emails and flags),
// and the answers the vendors with a portal login gave to about two of three
// requests in the afternoon (they looked at the lines and left them as they
// were, through the same path a portal answer takes; the demo's own history
// holds its confirmations and new dates). The first run at start then sends what is due today.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isBusinessDay, localDate, localTime } from '../domain/follow-up/calendar.ts';
import { newSid } from '../domain/sid.ts';
import { afterLineChanges } from '../jobs/follow-up-lines.ts';
import { organizationFollowUps, runFollowUp } from '../jobs/follow-up-run.ts';

const DAY_MS = 86_400_000;
/** How far back the history starts. */
const HISTORY_DAYS = 21;

/** A stable choice per line and day: the same demo every time. */
function answers(itemGroupSid: string, day: string): boolean {
  let h = 2166136261;
  for (const ch of `${itemGroupSid}${day}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 3 !== 0;
}

export async function seedFollowUpHistory(
  db: Kysely<Database>,
  options: { organizationSid: string; today: Date; publicUrl: string },
): Promise<{ runs: number; updateRequests: number; answers: number }> {
  const { organizationSid, today, publicUrl } = options;
  const [org] = await organizationFollowUps(db, organizationSid);
  if (!org) return { runs: 0, updateRequests: 0, answers: 0 };
  const { cal } = org.settings;
  const vendorUsers = await db
    .selectFrom('userVendors as uv')
    .innerJoin('users as u', 'u.sid', 'uv.userSid')
    .select(['uv.vendorSid', 'u.sid', 'u.firstName', 'u.lastName'])
    .where('u.organizationSid', '=', organizationSid)
    .execute();
  const answerer = new Map(vendorUsers.map((u) => [u.vendorSid, u]));
  let runs = 0;
  let updateRequests = 0;
  let answered = 0;
  for (let back = HISTORY_DAYS; back >= 1; back--) {
    const day = localDate(new Date(today.getTime() - back * DAY_MS), cal);
    if (!isBusinessDay(day, cal)) continue;
    const morning = localTime(day, 9, cal);
    const summary = await runFollowUp(db, { now: morning, publicUrl, organizationSid });
    runs++;
    updateRequests += summary.updateRequests;

    // The afternoon: vendors with a login answer most of this morning's requests.
    const asked = await sql<{ itemGroupSid: string; vendorSid: string }>`
      select distinct l.item_group_sid, r.vendor_sid
      from update_request_lines l join update_requests r on r.sid = l.update_request_sid
      where r.organization_sid = ${organizationSid} and r.created = ${morning} and r.status <> 'skipped'`.execute(db);
    const answering = asked.rows.filter((r) => answerer.has(r.vendorSid) && answers(r.itemGroupSid, day));
    if (!answering.length) continue;
    const afternoon = localTime(day, 15, cal);
    await db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('itemGroups')
        .selectAll()
        .where(sql<boolean>`sid = any(${answering.map((a) => a.itemGroupSid)}::text[])`)
        .execute();
      const after = await tx
        .updateTable('itemGroups')
        .set((eb) => ({ lastUpdateDate: afternoon, vendorChangedAt: afternoon, version: eb('version', '+', 1) }))
        .where(sql<boolean>`sid = any(${before.map((g) => g.sid)}::text[])`)
        .returningAll()
        .execute();
      const bySid = new Map(after.map((g) => [g.sid, g]));
      await tx
        .insertInto('events')
        .values(
          before.map((g) => {
            const vendorSid = answering.find((a) => a.itemGroupSid === g.sid)?.vendorSid ?? '';
            const user = answerer.get(vendorSid);
            return {
              sid: newSid('EV'),
              organizationSid,
              created: afternoon,
              updated: afternoon,
              eventTime: afternoon,
              eventType: 'itemGroup.updated',
              orderSid: g.orderSid,
              itemSid: g.itemSid,
              itemGroupSid: g.sid,
              actorSid: user?.sid ?? null,
              actorName: user ? [user.firstName, user.lastName].filter(Boolean).join(' ') : null,
              before: JSON.stringify({ lastUpdateDate: g.lastUpdateDate }),
              after: JSON.stringify({ lastUpdateDate: afternoon }),
            };
          }),
        )
        .execute();
      await afterLineChanges(
        tx,
        { organizationSid, byVendor: true, now: afternoon, publicUrl },
        before.map((g) => ({ before: g, after: bySid.get(g.sid) ?? g })),
      );
    });
    answered += answering.length;
  }
  return { runs, updateRequests, answers: answered };
}
