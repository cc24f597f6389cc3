// One tracker per open line: when its vendor is next asked, whether a
// reminder is owed, and how many requests have gone unanswered. These are
// its transitions; a run of the engine picks what is due (next request or
// reminder at or before now, so a missed run catches up) and bundles the
// lines of one order into one update request.
import { type AppliedCadence, nextRequestAt, reminderAt } from './cadence.ts';
import { isBusinessDay, localDate, type BusinessCalendar } from './calendar.ts';

export interface TrackerState {
  /** When the vendor is next asked; null when the line is no longer followed. */
  nextRequestAt: Date | null;
  /** When the last request is reminded, if it is still unanswered then. */
  reminderAt: Date | null;
  /** Requests sent since the vendor last answered (reminders not counted). */
  attempts: number;
  /** The first request since the vendor last answered. */
  firstUnansweredAt: Date | null;
  lastRequestAt: Date | null;
  lastAnswerAt: Date | null;
}

/** What the engine knows of a line when it runs. */
export interface FollowedLine {
  itemGroupSid: string;
  orderSid: string;
  /** The vendor's ship date when known, else the due date. */
  lineDate: string | null;
  cadence: AppliedCadence;
  tracker: TrackerState;
}

/** A new line is asked on the next run (the vendor acknowledges it), not a full interval later. */
export function newTracker(now: Date): TrackerState {
  return {
    nextRequestAt: now,
    reminderAt: null,
    attempts: 0,
    firstUnansweredAt: null,
    lastRequestAt: null,
    lastAnswerAt: null,
  };
}

/** The vendor answered (a confirmation, a new date, a message, an email reply): the count starts again from the answer. */
export function afterAnswer(
  line: Pick<FollowedLine, 'lineDate' | 'cadence' | 'tracker'>,
  answeredAt: Date,
  cal: BusinessCalendar,
): TrackerState {
  const next = line.cadence.kind === 'paused' ? null : nextRequestAt(requestInput(line, answeredAt), cal).at;
  return {
    ...line.tracker,
    nextRequestAt: next ?? line.tracker.nextRequestAt,
    reminderAt: null,
    attempts: 0,
    firstUnansweredAt: null,
    lastAnswerAt: answeredAt,
  };
}

/** The buyer changed what was asked (due date, quantity): the vendor is asked again on the next run. */
export function askAgain(tracker: TrackerState, now: Date): TrackerState {
  return { ...tracker, nextRequestAt: now, reminderAt: null };
}

export type RequestKind = 'request' | 'reminder';

export interface PlannedLine {
  itemGroupSid: string;
  kind: RequestKind;
  /** The time it was due: with the line, the key that makes sending it twice impossible. */
  dueAt: Date;
  tracker: TrackerState;
}

export interface PlannedRequest {
  orderSid: string;
  lines: PlannedLine[];
}

/**
 * What one run sends at `now`: for each order, one update request with its
 * lines that are due (a request, or else a reminder), each with its tracker
 * as it will be after sending. Paused lines and lines not due are left out,
 * and on a day off of the calendar nothing is sent.
 */
export function planRun(
  now: Date,
  lines: readonly FollowedLine[],
  cal: BusinessCalendar,
  options: { anyDay?: boolean } = {},
): PlannedRequest[] {
  // Nothing goes out on a day off: what falls due then (a new line, a missed run) waits for the next business day.
  // A user asking now (anyDay) is the exception.
  if (!options.anyDay && !isBusinessDay(localDate(now, cal), cal)) return [];
  const byOrder = new Map<string, PlannedLine[]>();
  const times = runTimes(now, cal);
  for (const line of lines) {
    const planned = planLine(now, line, times);
    if (!planned) continue;
    const list = byOrder.get(line.orderSid);
    if (list) list.push(planned);
    else byOrder.set(line.orderSid, [planned]);
  }
  return [...byOrder].map(([orderSid, planned]) => ({ orderSid, lines: planned }));
}

/**
 * The times a run works out, each once: lines of one run share its instant,
 * so the next request depends only on the line's date and cadence (a run over
 * 100,000 lines meets a few hundred of those), and the reminder on nothing.
 */
function runTimes(now: Date, cal: BusinessCalendar) {
  const next = new Map<string, Date>();
  let reminder: Date | undefined;
  return {
    nextRequest(line: Pick<FollowedLine, 'lineDate' | 'cadence'>): Date {
      // A custom cadence counts its delay from now whatever the date; the default tiers go by the date.
      const key =
        line.cadence.kind === 'custom' ? `every ${line.cadence.cadence.delaySeconds}` : `date ${line.lineDate}`;
      let at = next.get(key);
      if (at === undefined) next.set(key, (at = nextRequestAt(requestInput(line, now), cal).at));
      return at;
    },
    reminder: () => (reminder ??= reminderAt(now, cal)),
  };
}

function planLine(now: Date, line: FollowedLine, times: ReturnType<typeof runTimes>): PlannedLine | null {
  const { tracker } = line;
  if (line.cadence.kind === 'paused') return null;
  const t = now.getTime();
  if (tracker.nextRequestAt && tracker.nextRequestAt.getTime() <= t) {
    const next = times.nextRequest(line);
    const reminder = times.reminder();
    return {
      itemGroupSid: line.itemGroupSid,
      kind: 'request',
      dueAt: tracker.nextRequestAt,
      tracker: {
        ...tracker,
        nextRequestAt: next,
        // No reminder when the next request comes first anyway.
        reminderAt: reminder.getTime() < next.getTime() ? reminder : null,
        attempts: tracker.attempts + 1,
        firstUnansweredAt: tracker.firstUnansweredAt ?? now,
        lastRequestAt: now,
      },
    };
  }
  if (tracker.reminderAt && tracker.reminderAt.getTime() <= t) {
    return {
      itemGroupSid: line.itemGroupSid,
      kind: 'reminder',
      dueAt: tracker.reminderAt,
      tracker: { ...tracker, reminderAt: null },
    };
  }
  return null;
}

function requestInput(line: Pick<FollowedLine, 'lineDate' | 'cadence'>, from: Date) {
  return { lineDate: line.lineDate, from, cadence: line.cadence.kind === 'custom' ? line.cadence.cadence : null };
}
