// The home page's figures in one read (getAttention, our addition): parses
// nothing, authorizes staff, reads through server/db/attention.ts and
// serializes. Each figure is counted as the list it links to counts it.
import type { Hono } from 'hono';
import {
  bomsShortOfTarget,
  delaysSince,
  latestVendorAnswers,
  openFlagCount,
  requestsSince,
  shipmentCounts,
  unansweredRequests,
} from '../db/attention.ts';
import { unreadCount } from '../db/messages.ts';
import { addDays, calendar, localDate, localTime } from '../domain/follow-up/calendar.ts';
import { utcToday } from '../domain/item-group-risk.ts';
import type { AppEnv } from '../http/context.ts';
import { organizationClock, organizationDay } from '../jobs/clock.ts';
import { PORTAL_LINK_DAYS } from '../jobs/follow-up-run.ts';
import { dbOf, isoRequired, principalOf, requireStaff } from './support.ts';

/** "Due soon": the next two weeks. */
const DUE_SOON_DAYS = 14;

export function registerAttention(app: Hono<AppEnv>): void {
  app.get('/v1/attention', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const db = dbOf(c);
    const org = p.organizationSid;
    const { now: clockNow, settings } = await organizationClock(db, org);
    // The organization's date runs on the clock (a development setup may move it); records are stamped in real
    // time, so "since yesterday" and "today's requests" are read on real time in the organization's time zone.
    const today = organizationDay(clockNow, settings);
    const zone = calendar(settings.defaultTimeZone ?? 'UTC');
    const now = new Date();
    const realToday = localDate(now, zone);
    const dueSoon = { from: today, to: addDays(today, DUE_SOON_DAYS) };
    const delaysFrom = localTime(addDays(realToday, -1), 0, zone);
    const [shipments, delays, requests, openFlags, bomsShort, answers, todays, unreadReplies] = await Promise.all([
      shipmentCounts(db, org, utcToday(), dueSoon),
      delaysSince(db, org, delaysFrom),
      unansweredRequests(db, org, new Date(now.getTime() - PORTAL_LINK_DAYS * 86_400_000)),
      openFlagCount(db, org),
      bomsShortOfTarget(db, org, today),
      latestVendorAnswers(db, org, now),
      requestsSince(db, org, localTime(realToday, 0, zone)),
      unreadCount(db, p),
    ]);
    return c.json({
      today,
      pastDue: shipments.pastDue,
      dueSoonUnconfirmed: shipments.dueSoonUnconfirmed,
      dueSoonFrom: dueSoon.from,
      dueSoonTo: dueSoon.to,
      delays: delays.count,
      delaysSince: delaysFrom.toISOString(),
      latestDelays: delays.latest.map((d) => ({ ...d, changed: isoRequired(d.changed) })),
      requestsSent: requests.sent,
      requestsReminded: requests.reminded,
      openFlags,
      unreadReplies,
      bomsShort: bomsShort.map((b) => ({
        sid: b.sid,
        uniqueName: b.uniqueName,
        expected: String(Number(b.expected)),
        target: String(Number(b.target)),
        targetDate: b.date,
      })),
      latestAnswers: answers.map((a) => ({
        eventSid: a.sid,
        eventType: a.eventType,
        time: isoRequired(a.eventTime),
        actorName: a.actorName,
        orderSid: a.orderSid,
        orderUniqueName: a.orderUniqueName,
        itemGroupSid: a.itemGroupSid,
        changes: (a.changes ?? []).filter((k) => k !== 'updated' && k !== 'version'),
      })),
      requestsToday: todays.count,
      latestRequestsToday: todays.latest.map((r) => ({ ...r, created: isoRequired(r.created) })),
    });
  });
}
