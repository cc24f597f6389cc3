// A 120-day simulation of the follow-up engine's scheduling: seven lines in
// four orders, run once a day at 09:00 Berlin time, every calendar day, with
// vendor answers, a ship date moved by the vendor, a due date moved by the
// buyer, one missed run and a paused vendor. Every expected date below is
// derived by hand from the product's rules (not copied from the code's output).
//
// The organization's business days over the period (Mon–Fri, less holidays),
// numbered from Monday 7 Dec 2026 = bd0. "Business days from T to D" is the
// number of business days after T up to and including D, so from bd i to bd j
// it is j − i, and "+n business days" from bd i is bd (i + n).
//
//   Dec 2026   7=bd0  8=1  9=2 10=3 11=4 | 14=5 15=6 16=7 17=8 18=9 | 21=10 22=11 23=12 24=13 (25 Fri off, 26 Sat off)
//              (28 Mon off) 29=14 30=15 31=16
//   Jan 2027   (1 Fri off) | 4=17 5=18 6=19 7=20 8=21 | 11=22 12=23 13=24 14=25 15=26 | 18=27 19=28 20=29 21=30 22=31
//              25=32 26=33 27=34 28=35 29=36
//   Feb 2027   1=37 2=38 3=39 4=40 5=41 | 8=42 … 12=46 | 15=47 … 19=51 | 22=52 … 26=56
//   Mar 2027   1=57 … 5=61 | 8=62 … 12=66 | 15=67 … 19=71 | 22=72 23=73 24=74 25=75 (26 Good Friday off)
//              (29 Easter Monday off) 30=76 31=77
//   Apr 2027   1=78 2=79 | 5=80 (day 120 of the simulation, the last) | 6=81 7=82 … 19=90
//   May 2027   10=105
//
// Europe/Berlin goes to summer time on Sunday 28 Mar 2027: 09:00 is 08:00Z
// before and 07:00Z after.
import { describe, expect, it } from 'vitest';
import type { AppliedCadence } from '../../../server/domain/follow-up/cadence.ts';
import { calendar, localTime } from '../../../server/domain/follow-up/calendar.ts';
import {
  afterAnswer,
  askAgain,
  newTracker,
  planRun,
  type FollowedLine,
  type TrackerState,
} from '../../../server/domain/follow-up/tracker.ts';

const HOLIDAYS = ['2026-12-25', '2026-12-26', '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29'];
const cal = calendar('Europe/Berlin', HOLIDAYS);
const at = (date: string, hour = 9) => localTime(date, hour, cal);

const START = '2026-12-07'; // a Monday
const DAYS = 120; // 7 Dec 2026 … 5 Apr 2027
/** The run deliberately not made: Thursday 14 Jan 2027 (bd25), a business day. */
const MISSED_RUN = '2027-01-14';

// Plain calendar arithmetic, independent of the code under test.
const plusDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isWorkday = (date: string) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.includes(date);
};
const berlinClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const DEFAULT: AppliedCadence = { kind: 'default' };

interface SimLine {
  id: string;
  order: string;
  lineDate: string | null;
  cadence: AppliedCadence;
}

type SimEvent =
  | { date: string; hour: number; kind: 'created'; line: SimLine }
  | { date: string; hour: number; kind: 'answer'; line: string; newLineDate?: string }
  | { date: string; hour: number; kind: 'buyerChange'; line: string; newLineDate: string }
  | { date: string; hour: number; kind: 'received'; line: string };

const LINES: SimLine[] = [
  // 1. Ship date Mon 10 May 2027 = bd105: 105 business days away (81+ tier).
  { id: 'A1', order: 'PO-A', lineDate: '2027-05-10', cadence: DEFAULT },
  // 2. Ship date Mon 8 Feb 2027 = bd42: 42 business days away (31–80 tier); the vendor answers on 17 Dec.
  { id: 'A2', order: 'PO-A', lineDate: '2027-02-08', cadence: DEFAULT },
  // 3. Due Thu 7 Jan 2027 = bd20: 20 business days away (16–30 tier).
  { id: 'B1', order: 'PO-B', lineDate: '2027-01-07', cadence: DEFAULT },
  // 4. Due Mon 21 Dec 2026 = bd10: 10 business days away (8–15 tier).
  { id: 'B2', order: 'PO-B', lineDate: '2026-12-21', cadence: DEFAULT },
  // 5. No date: weekly.
  { id: 'C1', order: 'PO-C', lineDate: null, cadence: DEFAULT },
  // 6. Ship date Thu 4 Mar 2027 = bd60, until the vendor moves it to Saturday 30 Jan on 7 Jan.
  { id: 'C2', order: 'PO-C', lineDate: '2027-03-04', cadence: DEFAULT },
  // A vendor whose follow-up is paused: its order is never asked.
  { id: 'D1', order: 'PO-D', lineDate: '2027-01-15', cadence: { kind: 'paused', by: 'vendor' } },
];

const EVENTS: SimEvent[] = [
  ...LINES.map((line): SimEvent => ({ date: START, hour: 7, kind: 'created', line })),
  // 6b. Created on Wednesday 23 Dec at 10:00, due Fri 26 Feb 2027 = bd56; the buyer moves the due date on 12 Jan.
  {
    date: '2026-12-23',
    hour: 10,
    kind: 'created',
    line: { id: 'C3', order: 'PO-C', lineDate: '2027-02-26', cadence: DEFAULT },
  },
  // Answers the same day as a request: no reminder follows.
  { date: '2026-12-14', hour: 14, kind: 'answer', line: 'C1' },
  { date: '2026-12-21', hour: 15, kind: 'answer', line: 'B1' },
  { date: '2026-12-30', hour: 15, kind: 'answer', line: 'B1' },
  { date: '2027-02-04', hour: 14, kind: 'answer', line: 'A1' },
  { date: '2027-02-08', hour: 14, kind: 'answer', line: 'A2' },
  { date: '2027-03-05', hour: 14, kind: 'answer', line: 'C3' },
  // Answers on a day with no request: the count starts again from the answer.
  { date: '2026-12-17', hour: 10, kind: 'answer', line: 'A2' },
  { date: '2027-01-11', hour: 11, kind: 'answer', line: 'B2' },
  // The vendor answers C2's request of 7 Jan with a new ship date, Saturday 30 Jan (pulled in).
  { date: '2027-01-07', hour: 16, kind: 'answer', line: 'C2', newLineDate: '2027-01-30' },
  // The buyer moves C3's due date to Fri 29 Jan = bd36 on Tuesday 12 Jan at 11:00.
  { date: '2027-01-12', hour: 11, kind: 'buyerChange', line: 'C3', newLineDate: '2027-01-29' },
  // Lines received: no longer open, no longer followed.
  { date: '2027-02-09', hour: 10, kind: 'received', line: 'B1' },
  { date: '2027-02-09', hour: 10, kind: 'received', line: 'B2' },
  { date: '2027-02-24', hour: 10, kind: 'received', line: 'C2' },
];

interface Simulation {
  requests: Record<string, string[]>;
  reminders: Record<string, string[]>;
  /** One entry per update request: "date order: line kind, …". */
  bundles: string[];
  /** Dates on which anything went out. */
  sendDays: string[];
  /** Anything that broke an invariant during the run, as text. */
  violations: string[];
  finalLines: Map<string, FollowedLine>;
}

function simulate(): Simulation {
  const open = new Map<string, FollowedLine>();
  const requests: Record<string, string[]> = {};
  const reminders: Record<string, string[]> = {};
  const bundles: string[] = [];
  const sendDays: string[] = [];
  const violations: string[] = [];

  const apply = (e: SimEvent) => {
    const now = at(e.date, e.hour);
    if (e.kind === 'created') {
      const { id, order, lineDate, cadence } = e.line;
      open.set(id, { itemGroupSid: id, orderSid: order, lineDate, cadence, tracker: newTracker(now) });
      requests[id] = [];
      reminders[id] = [];
      return;
    }
    const line = open.get(e.line);
    if (!line) throw new Error(`No open line ${e.line}`);
    if (e.kind === 'received') open.delete(e.line);
    else if (e.kind === 'buyerChange') {
      open.set(e.line, { ...line, lineDate: e.newLineDate, tracker: askAgain(line.tracker, now) });
    } else {
      const moved = { ...line, lineDate: e.newLineDate ?? line.lineDate };
      open.set(e.line, { ...moved, tracker: afterAnswer(moved, now, cal) });
    }
  };

  const run = (date: string) => {
    const now = at(date);
    const planned = planRun(now, [...open.values()], cal);
    if (new Set(planned.map((p) => p.orderSid)).size !== planned.length) {
      violations.push(`${date}: an order got more than one update request`);
    }
    if (planned.length) sendDays.push(date);
    for (const request of [...planned].sort((a, b) => a.orderSid.localeCompare(b.orderSid))) {
      const lines = [...request.lines].sort((a, b) => a.itemGroupSid.localeCompare(b.itemGroupSid));
      bundles.push(`${date} ${request.orderSid}: ${lines.map((l) => `${l.itemGroupSid} ${l.kind}`).join(', ')}`);
      for (const planned of lines) {
        const line = open.get(planned.itemGroupSid)!;
        (planned.kind === 'request' ? requests : reminders)[planned.itemGroupSid].push(date);
        if (planned.dueAt.getTime() > now.getTime())
          violations.push(`${date} ${planned.itemGroupSid}: sent before due`);
        const next = planned.tracker.nextRequestAt;
        const reminder = planned.tracker.reminderAt;
        for (const instant of [next, reminder]) {
          if (instant && berlinClock.format(instant) !== '09:00') {
            violations.push(`${date} ${planned.itemGroupSid}: next send at ${instant.toISOString()}, not 09:00 Berlin`);
          }
        }
        open.set(planned.itemGroupSid, { ...line, tracker: planned.tracker });
      }
    }
  };

  for (let i = 0; i < DAYS; i++) {
    const date = plusDays(START, i);
    const today = EVENTS.filter((e) => e.date === date).sort((a, b) => a.hour - b.hour);
    for (const e of today.filter((e) => e.hour < 9)) apply(e);
    if (date !== MISSED_RUN) run(date);
    for (const e of today.filter((e) => e.hour >= 9)) apply(e);
  }
  return { requests, reminders, bundles, sendDays, violations, finalLines: open };
}

describe('120 days of follow-up, 7 Dec 2026 to 5 Apr 2027, Europe/Berlin', () => {
  const sim = simulate();

  it('runs clean: one update request per order and run, nothing sent early, every next send at 09:00 Berlin', () => {
    expect(sim.violations).toEqual([]);
    expect(plusDays(START, DAYS - 1)).toBe('2027-04-05');
  });

  it('sends nothing on weekends or holidays, though it runs every day', () => {
    expect(sim.sendDays.filter((d) => !isWorkday(d))).toEqual([]);
    const all = Object.values(sim.requests).concat(Object.values(sim.reminders)).flat();
    expect(all.filter((d) => !isWorkday(d))).toEqual([]);
    expect(sim.sendDays).not.toContain(MISSED_RUN);
  });

  it('A1, 105 business days away: every 40, then every 20 business days, then every 10', () => {
    expect(sim.requests.A1).toEqual([
      '2026-12-07', // bd0, new line. 105 away (81+) → +40 = bd40: 8–11, 14–18, 21–24, 29–31 Dec (16), 4–29 Jan (20), 1–4 Feb
      '2027-02-04', // bd40: 105 − 40 = 65 away (31–80) → +20 = bd60
      '2027-03-04', // bd60: 45 away (31–80) → +20 = bd80 (26 and 29 Mar off)
      '2027-04-05', // bd80: 25 away (16–30) → +10 = bd90, 19 Apr (after the period)
    ]);
    expect(sim.reminders.A1).toEqual([
      '2026-12-08', // bd1
      // 4 Feb answered at 14:00: no reminder on 5 Feb.
      '2027-03-05', // bd61
      // 5 Apr's reminder is owed on 6 Apr (bd81), after the period.
    ]);
  });

  it('A2, 42 business days away: the vendor answers on 17 Dec and the count starts from the answer', () => {
    expect(sim.requests.A2).toEqual([
      '2026-12-07', // bd0: 42 away (31–80) → +20 = bd20 (7 Jan), but …
      // … the vendor answers on Thu 17 Dec = bd8: 34 away (31–80) → +20 = bd28.
      '2027-01-19', // bd28: 14 away (8–15) → +5 = bd33
      '2027-01-26', // bd33: 9 away (8–15) → +5 = bd38
      '2027-02-02', // bd38: 4 away (≤ 7) → on the date, 8 Feb
      '2027-02-08', // bd42, the date: weekly from now on → bd47
      '2027-02-15', // bd47 → bd52
      '2027-02-22', // bd52 → bd57
      '2027-03-01', // bd57 → bd62
      '2027-03-08', // bd62 → bd67
      '2027-03-15', // bd67 → bd72
      '2027-03-22', // bd72 → bd77: 23, 24, 25, (26 off), (29 off), 30, 31 Mar
      '2027-03-31', // bd77 → bd82, 7 Apr (after the period)
    ]);
    expect(sim.reminders.A2).toEqual([
      '2026-12-08',
      '2027-01-20',
      '2027-01-27',
      '2027-02-03', // bd39, before the on-the-date request at bd42
      // 8 Feb answered at 14:00: no reminder on 9 Feb.
      '2027-02-16',
      '2027-02-23',
      '2027-03-02',
      '2027-03-09',
      '2027-03-16',
      '2027-03-23',
      '2027-04-01',
    ]);
  });

  it('B1, 20 business days away: every 10, weekly, on the date, then weekly; caught up after the missed run', () => {
    expect(sim.requests.B1).toEqual([
      '2026-12-07', // bd0: 20 away (16–30) → +10 = bd10
      '2026-12-21', // bd10: 10 away (8–15) → +5 = bd15: 22, 23, 24, (25–28 off), 29, 30 Dec
      '2026-12-30', // bd15: 5 away (≤ 7) → on the date, 7 Jan
      '2027-01-07', // bd20, the date → weekly, bd25 = 14 Jan, the missed run
      '2027-01-15', // caught up on bd26 → +5 from when it was sent = bd31
      '2027-01-22', // bd31 → bd36
      '2027-01-29', // bd36 → bd41
      '2027-02-05', // bd41 → bd46, but the line is received on 9 Feb
    ]);
    expect(sim.reminders.B1).toEqual([
      '2026-12-08',
      // 21 and 30 Dec answered the same afternoon: no reminder.
      '2027-01-08',
      '2027-01-18', // the request of Fri 15 Jan is reminded on Monday
      '2027-01-25',
      '2027-02-01',
      '2027-02-08',
    ]);
  });

  it('B2, 10 business days away: weekly, on the date, then weekly after the date has passed', () => {
    expect(sim.requests.B2).toEqual([
      '2026-12-07', // bd0: 10 away (8–15) → +5 = bd5
      '2026-12-14', // bd5: 5 away (≤ 7) → on the date, 21 Dec
      '2026-12-21', // bd10, the date → weekly: bd15
      '2026-12-30', // bd15, date passed → bd20
      '2027-01-07', // bd20 → bd25 (14 Jan), but …
      // … the vendor answers on Mon 11 Jan = bd22 → +5 = bd27: the missed run of 14 Jan does not touch B2.
      '2027-01-18', // bd27 → bd32
      '2027-01-25', // bd32 → bd37
      '2027-02-01', // bd37 → bd42
      '2027-02-08', // bd42 → bd47, but the line is received on 9 Feb
    ]);
    expect(sim.reminders.B2).toEqual([
      '2026-12-08',
      '2026-12-15',
      '2026-12-22',
      '2026-12-31',
      '2027-01-08',
      '2027-01-19',
      '2027-01-26',
      '2027-02-02',
      '2027-02-09', // at 09:00, before the line is received at 10:00
    ]);
  });

  it('C1, no date: weekly, shifted by the missed run', () => {
    expect(sim.requests.C1).toEqual([
      '2026-12-07', // bd0 → +5 = bd5
      '2026-12-14', // bd5 → bd10 (answered at 14:00, from the same day: still bd10)
      '2026-12-21', // bd10 → bd15
      '2026-12-30', // bd15 → bd20
      '2027-01-07', // bd20 → bd25, 14 Jan: missed
      '2027-01-15', // bd26, caught up → bd31
      '2027-01-22', // bd31 → bd36
      '2027-01-29', // bd36 → bd41
      '2027-02-05', // bd41 → bd46
      '2027-02-12', // bd46 → bd51
      '2027-02-19', // bd51 → bd56
      '2027-02-26', // bd56 → bd61
      '2027-03-05', // bd61 → bd66
      '2027-03-12', // bd66 → bd71
      '2027-03-19', // bd71 → bd76: 22, 23, 24, 25, (26 off), (29 off), 30 Mar
      '2027-03-30', // bd76 → bd81, 6 Apr (after the period)
    ]);
    expect(sim.reminders.C1).toEqual([
      '2026-12-08',
      // 14 Dec answered: no reminder on 15 Dec.
      '2026-12-22',
      '2026-12-31',
      '2027-01-08',
      '2027-01-18',
      '2027-01-25',
      '2027-02-01',
      '2027-02-08',
      '2027-02-15',
      '2027-02-22',
      '2027-03-01',
      '2027-03-08',
      '2027-03-15',
      '2027-03-22',
      '2027-03-31',
    ]);
  });

  it('C2, whose vendor pulls the ship date in: from every 20 business days to every 10, the date, then weekly', () => {
    expect(sim.requests.C2).toEqual([
      '2026-12-07', // bd0: 60 away (31–80) → +20 = bd20
      '2027-01-07', // bd20: 40 away → +20 = bd40, but the vendor answers at 16:00 with ship date Sat 30 Jan:
      // from 7 Jan (bd20) to Sat 30 Jan is 16 business days (bd21 … bd36 = 29 Jan) (16–30) → +10 = bd30
      '2027-01-21', // bd30: 6 away (≤ 7) → on the date, a Saturday: the next business day, Mon 1 Feb = bd37
      '2027-02-01', // bd37: the date has passed → weekly, bd42
      '2027-02-08', // bd42 → bd47
      '2027-02-15', // bd47 → bd52
      '2027-02-22', // bd52 → bd57, but the line is received on 24 Feb
    ]);
    expect(sim.reminders.C2).toEqual([
      '2026-12-08',
      // 7 Jan answered at 16:00: no reminder on 8 Jan.
      '2027-01-22',
      '2027-02-02',
      '2027-02-09',
      '2027-02-16',
      '2027-02-23',
    ]);
  });

  it('C3, created on 23 Dec, whose due date the buyer moves: asked on the next run', () => {
    expect(sim.requests.C3).toEqual([
      '2026-12-24', // the first run after it was created; bd13: 56 − 13 = 43 away (31–80) → +20 = bd33 (26 Jan), but …
      // … on Tue 12 Jan at 11:00 the buyer moves the due date to Fri 29 Jan (bd36): asked on the next run.
      '2027-01-13', // bd24: 12 away (8–15) → +5 = bd29
      '2027-01-20', // bd29: 7 away (≤ 7) → on the date, 29 Jan
      '2027-01-29', // bd36, the date → weekly: bd41
      '2027-02-05', // bd41 → bd46
      '2027-02-12', // bd46 → bd51
      '2027-02-19', // bd51 → bd56
      '2027-02-26', // bd56 → bd61
      '2027-03-05', // bd61 → bd66 (answered at 14:00: from the same day, still bd66)
      '2027-03-12', // bd66 → bd71
      '2027-03-19', // bd71 → bd76
      '2027-03-30', // bd76 → bd81
    ]);
    expect(sim.reminders.C3).toEqual([
      '2026-12-29', // Thu 24 Dec + 1 business day: 25 (holiday), 26 (Sat, holiday), 27 (Sun), 28 (holiday) → Tue 29 Dec
      '2027-01-15', // owed on 14 Jan, the missed run: sent on the next run, once
      '2027-01-21',
      '2027-02-01',
      '2027-02-08',
      '2027-02-15',
      '2027-02-22',
      '2027-03-01',
      // 5 Mar answered: no reminder on 8 Mar.
      '2027-03-15',
      '2027-03-22',
      '2027-03-31',
    ]);
  });

  it('never asks the paused vendor', () => {
    expect(sim.requests.D1).toEqual([]);
    expect(sim.reminders.D1).toEqual([]);
    expect(sim.bundles.filter((b) => b.includes('PO-D'))).toEqual([]);
  });

  it('bundles the lines of one order due on the same run into one update request', () => {
    // The per-line tables above, put together by date and order.
    expect(sim.bundles).toEqual([
      '2026-12-07 PO-A: A1 request, A2 request',
      '2026-12-07 PO-B: B1 request, B2 request',
      '2026-12-07 PO-C: C1 request, C2 request',
      '2026-12-08 PO-A: A1 reminder, A2 reminder',
      '2026-12-08 PO-B: B1 reminder, B2 reminder',
      '2026-12-08 PO-C: C1 reminder, C2 reminder',
      '2026-12-14 PO-B: B2 request',
      '2026-12-14 PO-C: C1 request',
      '2026-12-15 PO-B: B2 reminder',
      '2026-12-21 PO-B: B1 request, B2 request',
      '2026-12-21 PO-C: C1 request',
      '2026-12-22 PO-B: B2 reminder',
      '2026-12-22 PO-C: C1 reminder',
      '2026-12-24 PO-C: C3 request',
      '2026-12-29 PO-C: C3 reminder',
      '2026-12-30 PO-B: B1 request, B2 request',
      '2026-12-30 PO-C: C1 request',
      '2026-12-31 PO-B: B2 reminder',
      '2026-12-31 PO-C: C1 reminder',
      '2027-01-07 PO-B: B1 request, B2 request',
      '2027-01-07 PO-C: C1 request, C2 request',
      '2027-01-08 PO-B: B1 reminder, B2 reminder',
      '2027-01-08 PO-C: C1 reminder',
      '2027-01-13 PO-C: C3 request',
      // 14 Jan: no run.
      '2027-01-15 PO-B: B1 request',
      '2027-01-15 PO-C: C1 request, C3 reminder',
      '2027-01-18 PO-B: B1 reminder, B2 request',
      '2027-01-18 PO-C: C1 reminder',
      '2027-01-19 PO-A: A2 request',
      '2027-01-19 PO-B: B2 reminder',
      '2027-01-20 PO-A: A2 reminder',
      '2027-01-20 PO-C: C3 request',
      '2027-01-21 PO-C: C2 request, C3 reminder',
      '2027-01-22 PO-B: B1 request',
      '2027-01-22 PO-C: C1 request, C2 reminder',
      '2027-01-25 PO-B: B1 reminder, B2 request',
      '2027-01-25 PO-C: C1 reminder',
      '2027-01-26 PO-A: A2 request',
      '2027-01-26 PO-B: B2 reminder',
      '2027-01-27 PO-A: A2 reminder',
      '2027-01-29 PO-B: B1 request',
      '2027-01-29 PO-C: C1 request, C3 request',
      '2027-02-01 PO-B: B1 reminder, B2 request',
      '2027-02-01 PO-C: C1 reminder, C2 request, C3 reminder',
      '2027-02-02 PO-A: A2 request',
      '2027-02-02 PO-B: B2 reminder',
      '2027-02-02 PO-C: C2 reminder',
      '2027-02-03 PO-A: A2 reminder',
      '2027-02-04 PO-A: A1 request',
      '2027-02-05 PO-B: B1 request',
      '2027-02-05 PO-C: C1 request, C3 request',
      '2027-02-08 PO-A: A2 request',
      '2027-02-08 PO-B: B1 reminder, B2 request',
      '2027-02-08 PO-C: C1 reminder, C2 request, C3 reminder',
      '2027-02-09 PO-B: B2 reminder',
      '2027-02-09 PO-C: C2 reminder',
      '2027-02-12 PO-C: C1 request, C3 request',
      '2027-02-15 PO-A: A2 request',
      '2027-02-15 PO-C: C1 reminder, C2 request, C3 reminder',
      '2027-02-16 PO-A: A2 reminder',
      '2027-02-16 PO-C: C2 reminder',
      '2027-02-19 PO-C: C1 request, C3 request',
      '2027-02-22 PO-A: A2 request',
      '2027-02-22 PO-C: C1 reminder, C2 request, C3 reminder',
      '2027-02-23 PO-A: A2 reminder',
      '2027-02-23 PO-C: C2 reminder',
      '2027-02-26 PO-C: C1 request, C3 request',
      '2027-03-01 PO-A: A2 request',
      '2027-03-01 PO-C: C1 reminder, C3 reminder',
      '2027-03-02 PO-A: A2 reminder',
      '2027-03-04 PO-A: A1 request',
      '2027-03-05 PO-A: A1 reminder',
      '2027-03-05 PO-C: C1 request, C3 request',
      '2027-03-08 PO-A: A2 request',
      '2027-03-08 PO-C: C1 reminder',
      '2027-03-09 PO-A: A2 reminder',
      '2027-03-12 PO-C: C1 request, C3 request',
      '2027-03-15 PO-A: A2 request',
      '2027-03-15 PO-C: C1 reminder, C3 reminder',
      '2027-03-16 PO-A: A2 reminder',
      '2027-03-19 PO-C: C1 request, C3 request',
      '2027-03-22 PO-A: A2 request',
      '2027-03-22 PO-C: C1 reminder, C3 reminder',
      '2027-03-23 PO-A: A2 reminder',
      '2027-03-30 PO-C: C1 request, C3 request',
      '2027-03-31 PO-A: A2 request',
      '2027-03-31 PO-C: C1 reminder, C3 reminder',
      '2027-04-01 PO-A: A2 reminder',
      '2027-04-05 PO-A: A1 request',
    ]);
  });

  it('ends with the trackers where the rules put them, at 09:00 Berlin summer time', () => {
    const state = (id: string) => {
      const t = sim.finalLines.get(id)!.tracker;
      return {
        next: t.nextRequestAt?.toISOString(),
        reminder: t.reminderAt?.toISOString() ?? null,
        attempts: t.attempts,
      };
    };
    expect([...sim.finalLines.keys()].sort()).toEqual(['A1', 'A2', 'C1', 'C3', 'D1']);
    // Asked 4 Mar and 5 Apr since the answer of 4 Feb; next bd90 = 19 Apr; 5 Apr's reminder owed on 6 Apr.
    expect(state('A1')).toEqual({
      next: '2027-04-19T07:00:00.000Z',
      reminder: '2027-04-06T07:00:00.000Z',
      attempts: 2,
    });
    // Seven requests since the answer of 8 Feb (15, 22 Feb, 1, 8, 15, 22, 31 Mar); next bd82 = 7 Apr.
    expect(state('A2')).toEqual({ next: '2027-04-07T07:00:00.000Z', reminder: null, attempts: 7 });
    // Fourteen requests since the answer of 14 Dec (21, 30 Dec, 7, 15, 22, 29 Jan, 5, 12, 19, 26 Feb, 5, 12, 19, 30 Mar); next bd81 = 6 Apr.
    expect(state('C1')).toEqual({ next: '2027-04-06T07:00:00.000Z', reminder: null, attempts: 14 });
    // Three requests since the answer of 5 Mar (12, 19, 30 Mar).
    expect(state('C3')).toEqual({ next: '2027-04-06T07:00:00.000Z', reminder: null, attempts: 3 });
    // Never asked: still waiting for its first request, due since it was made on 7 Dec at 07:00 Berlin (winter time, 06:00Z).
    expect(state('D1')).toEqual({ next: '2026-12-07T06:00:00.000Z', reminder: null, attempts: 0 });
  });
});

// Focused cases.

const line = (
  id: string,
  order: string,
  tracker: TrackerState,
  lineDate: string | null = null,
  cadence: AppliedCadence = DEFAULT,
): FollowedLine => ({ itemGroupSid: id, orderSid: order, lineDate, cadence, tracker });

/** A line asked at `sentAt` and not answered since. */
const asked = (sentAt: Date, next: Date, reminder: Date | null): TrackerState => ({
  nextRequestAt: next,
  reminderAt: reminder,
  attempts: 1,
  firstUnansweredAt: sentAt,
  lastRequestAt: sentAt,
  lastAnswerAt: null,
});

describe('a missed run', () => {
  it('catches up exactly once, and counts the next request from when it was sent', () => {
    // An undated line asked on Mon 4 Jan (bd17), reminded on 5 Jan, due again on Mon 11 Jan (bd22).
    let l = line('L1', 'PO-1', { ...asked(at('2027-01-04'), at('2027-01-11'), null) });
    // No runs on 11, 12 and 13 Jan; the run of Thu 14 Jan (bd25) sends the one request that was due.
    const [first, ...more] = planRun(at('2027-01-14'), [l], cal);
    expect(more).toEqual([]);
    expect(first.lines.map((p) => [p.kind, p.dueAt])).toEqual([['request', at('2027-01-11')]]);
    l = { ...l, tracker: first.lines[0].tracker };
    // Weekly from 14 Jan (bd25): bd30 = Thu 21 Jan, not Mon 18 Jan; reminded Fri 15 Jan.
    expect(l.tracker.nextRequestAt).toEqual(at('2027-01-21'));
    expect(l.tracker.reminderAt).toEqual(at('2027-01-15'));
    expect(l.tracker.attempts).toBe(2);
    // The same run again, and the next three mornings: the reminder once, nothing else.
    expect(planRun(at('2027-01-14'), [l], cal)).toEqual([]);
    const reminded = planRun(at('2027-01-15'), [l], cal);
    expect(reminded.flatMap((r) => r.lines.map((p) => p.kind))).toEqual(['reminder']);
    l = { ...l, tracker: reminded[0].lines[0].tracker };
    for (const day of ['2027-01-16', '2027-01-17', '2027-01-18', '2027-01-19', '2027-01-20']) {
      expect(planRun(at(day), [l], cal)).toEqual([]);
    }
    expect(planRun(at('2027-01-21'), [l], cal).flatMap((r) => r.lines.map((p) => p.kind))).toEqual(['request']);
  });

  it('sends a due request rather than an overdue reminder as well', () => {
    // Asked Mon 4 Jan with a reminder owed 5 Jan and the next request 11 Jan; no run from 5 to 11 Jan.
    const l = line('L1', 'PO-1', asked(at('2027-01-04'), at('2027-01-11'), at('2027-01-05')));
    const plan = planRun(at('2027-01-12'), [l], cal);
    expect(plan.flatMap((r) => r.lines.map((p) => p.kind))).toEqual(['request']);
    // From Tue 12 Jan (bd23): next bd28 = 19 Jan, reminder 13 Jan.
    expect(plan[0].lines[0].tracker.nextRequestAt).toEqual(at('2027-01-19'));
    expect(plan[0].lines[0].tracker.reminderAt).toEqual(at('2027-01-13'));
  });
});

describe('bundling', () => {
  it('puts two lines of one order due the same day in one update request', () => {
    const now = at('2027-01-11');
    const plan = planRun(
      now,
      [
        line('X1', 'PO-X', newTracker(at('2027-01-08', 15))),
        line('Y1', 'PO-Y', newTracker(at('2027-01-08', 15))),
        // Due at the same morning: asked a week ago, next request now.
        line('X2', 'PO-X', asked(at('2027-01-04'), now, null), '2027-03-01'),
        // Not due.
        line('Y2', 'PO-Y', asked(at('2027-01-08'), at('2027-01-15'), null)),
        // Only a reminder due: it rides along with the order's requests.
        line('X3', 'PO-X', asked(at('2027-01-08'), at('2027-01-15'), now)),
      ],
      cal,
    );
    expect(plan.map((r) => [r.orderSid, r.lines.map((p) => `${p.itemGroupSid} ${p.kind}`)])).toEqual([
      ['PO-X', ['X1 request', 'X2 request', 'X3 reminder']],
      ['PO-Y', ['Y1 request']],
    ]);
  });
});

describe('a paused cadence', () => {
  it('sends nothing, however overdue, whether the order or the vendor is paused', () => {
    const overdue = asked(at('2026-12-07'), at('2026-12-14'), at('2026-12-08'));
    const lines = [
      line('P1', 'PO-P', overdue, null, { kind: 'paused', by: 'order' }),
      line('P2', 'PO-P', newTracker(at('2026-12-07')), '2027-01-20', { kind: 'paused', by: 'vendor' }),
    ];
    for (let i = 0; i < 60; i++) expect(planRun(at(plusDays('2026-12-07', i)), lines, cal)).toEqual([]);
  });

  it('keeps its next request when the vendor answers, and sends only once the pause is lifted', () => {
    const paused = line('P1', 'PO-P', asked(at('2026-12-07'), at('2026-12-14'), at('2026-12-08')), null, {
      kind: 'paused',
      by: 'vendor',
    });
    const answered = afterAnswer(paused, at('2026-12-09', 11), cal);
    expect(answered.nextRequestAt).toEqual(at('2026-12-14'));
    expect(answered.reminderAt).toBeNull();
    expect(answered.attempts).toBe(0);
    expect(planRun(at('2026-12-14'), [{ ...paused, tracker: answered }], cal)).toEqual([]);
    const resumed = planRun(at('2026-12-15'), [{ ...paused, cadence: DEFAULT, tracker: answered }], cal);
    expect(resumed.flatMap((r) => r.lines.map((p) => p.kind))).toEqual(['request']);
  });
});

describe('reminders', () => {
  /** The reminder owed after an undated line's request at 09:00 on `date`. */
  const reminderAfter = (date: string) => {
    const l = line('R1', 'PO-R', asked(at('2026-11-30'), at(date), null));
    return planRun(at(date), [l], cal)[0].lines[0].tracker.reminderAt;
  };

  it('never fall on a weekend or a holiday', () => {
    expect(reminderAfter('2026-12-11')).toEqual(at('2026-12-14')); // Friday → Monday
    // Thu 24 Dec → 25 (holiday), 26 (Saturday, holiday), 27 (Sunday), 28 (holiday) → Tue 29 Dec.
    expect(reminderAfter('2026-12-24')).toEqual(at('2026-12-29'));
    expect(reminderAfter('2026-12-31')).toEqual(at('2027-01-04')); // 1 Jan holiday, weekend
    // Thu 25 Mar → Good Friday, weekend, Easter Monday → Tue 30 Mar, in summer time.
    expect(reminderAfter('2027-03-25')).toEqual(at('2027-03-30'));
    expect(reminderAfter('2027-03-25')!.toISOString()).toBe('2027-03-30T07:00:00.000Z');
    // Every business day of the period: the reminder is the next business day at 09:00.
    for (let i = 0; i < DAYS; i++) {
      const date = plusDays(START, i);
      if (!isWorkday(date)) continue;
      let next = plusDays(date, 1);
      while (!isWorkday(next)) next = plusDays(next, 1);
      expect(reminderAfter(date), date).toEqual(at(next));
    }
  });

  it('is left out when the next request comes first', () => {
    // Asked Thu 24 Dec for a line dated Tue 29 Dec, 1 business day away: the next request is on the date,
    // 29 Dec 09:00, the very morning the reminder would go out, so there is no reminder.
    const l = line('R1', 'PO-R', newTracker(at('2026-12-23', 15)), '2026-12-29');
    const [sent] = planRun(at('2026-12-24'), [l], cal)[0].lines;
    expect(sent.tracker.nextRequestAt).toEqual(at('2026-12-29'));
    expect(sent.tracker.reminderAt).toBeNull();
  });

  it('is cancelled by an answer, and a buyer change asks again on the next run without one', () => {
    const [sent] = planRun(at('2027-01-11'), [line('R1', 'PO-R', newTracker(at('2027-01-08')), null)], cal)[0].lines;
    expect(sent.tracker.reminderAt).toEqual(at('2027-01-12'));
    const answered = afterAnswer(line('R1', 'PO-R', sent.tracker), at('2027-01-11', 16), cal);
    expect(answered.reminderAt).toBeNull();
    expect(planRun(at('2027-01-12'), [line('R1', 'PO-R', answered)], cal)).toEqual([]);
    const changed = askAgain(sent.tracker, at('2027-01-11', 11));
    expect(changed.reminderAt).toBeNull();
    expect(planRun(at('2027-01-12'), [line('R1', 'PO-R', changed)], cal)[0].lines[0].kind).toBe('request');
  });
});

describe('days off', () => {
  it('sends nothing on a weekend or holiday, even what fell due then; the next business morning sends it', () => {
    const cal = calendar('Europe/Berlin', ['2026-12-25']);
    const created = localTime('2026-12-24', 15, cal);
    const line: FollowedLine = {
      itemGroupSid: 'IG1',
      orderSid: 'OR1',
      lineDate: null,
      cadence: { kind: 'default' },
      tracker: newTracker(created),
    };
    expect(planRun(localTime('2026-12-25', 9, cal), [line], cal)).toEqual([]); // holiday
    expect(planRun(localTime('2026-12-26', 9, cal), [line], cal)).toEqual([]); // Saturday
    const monday = planRun(localTime('2026-12-28', 9, cal), [line], cal);
    expect(monday.map((r) => r.lines.map((l) => l.kind))).toEqual([['request']]);
  });
});
