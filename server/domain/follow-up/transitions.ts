// Cadence transitions: when a line's tracker has been on its cadence long
// enough, or without an answer long enough, or a flag was raised on it, a
// transition of that cadence fires: it switches the tracker to another
// cadence, or calls a webhook. Each transition fires at most once per tracker
// state (a tracker enters a new state when it starts and when it switches
// cadence); the caller keeps the record of what fired.
//
// The conditions (the cadenceTransitions operations store them as given):
//   ItemGroupBusinessDays {businessDays}: the line's date (its ship date, else
//     its due date) is at most N business days away (today or passed included);
//   MaxAttempts {maxAttempts}: N requests or more went out since the vendor
//     last answered;
//   FlagCreated {flagTypeRegexes}: a flag whose type matches one of the
//     patterns was raised on the line since the tracker entered its state;
//   BusinessDaysInState {businessDaysAfterFinalAttempt?, totalBusinessDaysInState?}:
//     N business days went by since the state began, or M since the last
//     request once the requests reached the cadence's maxAttempts (either
//     limit that is given; neither: never).
// Parameters that do not make sense (a negative count, no valid pattern) never fire.
//
// Pure: `now`, the calendar and the tracker's facts come from the caller.
import { businessDaysBetween, localDate, type BusinessCalendar } from './calendar.ts';

export type TransitionCondition = 'ItemGroupBusinessDays' | 'MaxAttempts' | 'FlagCreated' | 'BusinessDaysInState';
export type TransitionAction = 'SwitchCadence' | 'CallWebhook';

/** A transition of a cadence, as stored. */
export interface CadenceTransition {
  sid: string;
  cadenceSid: string;
  condition: TransitionCondition;
  conditionParameters: unknown;
  action: TransitionAction;
}

/** What the rules know of a tracker and its line. */
export interface TrackerFacts {
  /** Requests sent since the vendor last answered (reminders not counted). */
  attempts: number;
  /** When the tracker entered its state: it started, or last switched cadence. */
  stateSince: Date;
  /** The last request sent; null when none was. */
  lastAttemptAt: Date | null;
  /** The line's ship date when known, else its due date ('YYYY-MM-DD'); null when it has neither. */
  lineDate: string | null;
  /** The maxAttempts of the cadence the tracker follows; null when it sets none. */
  cadenceMaxAttempts: number | null;
  /** The flags raised on the line (any status), with when each was raised. */
  flags: readonly { type: string; created: Date }[];
  /** The transitions that fired already in this state. */
  fired: ReadonlySet<string>;
}

/** A condition with its parameters read and checked. */
export type Condition =
  | { kind: 'ItemGroupBusinessDays'; businessDays: number }
  | { kind: 'MaxAttempts'; maxAttempts: number }
  | { kind: 'FlagCreated'; patterns: readonly RegExp[] }
  | { kind: 'BusinessDaysInState'; afterFinalAttempt: number | null; totalInState: number | null };

/** A flag type is a short word: a longer pattern is no one's intent. */
const MAX_PATTERN_LENGTH = 200;

/** A count given as a whole number or as its decimal text ("3"); anything else is null. */
function count(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value.trim());
  return null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The condition of a transition with its parameters, or null when they make no condition that can hold. */
export function readCondition(condition: TransitionCondition, parameters: unknown): Condition | null {
  const p = record(parameters);
  switch (condition) {
    case 'ItemGroupBusinessDays': {
      const businessDays = count(p.businessDays);
      return businessDays === null ? null : { kind: condition, businessDays };
    }
    case 'MaxAttempts': {
      const maxAttempts = count(p.maxAttempts);
      return maxAttempts === null ? null : { kind: condition, maxAttempts };
    }
    case 'FlagCreated': {
      const sources: unknown[] = Array.isArray(p.flagTypeRegexes)
        ? p.flagTypeRegexes
        : typeof p.flagTypeRegexes === 'string'
          ? [p.flagTypeRegexes]
          : [];
      const patterns: RegExp[] = [];
      for (const source of sources) {
        if (typeof source !== 'string' || source.length > MAX_PATTERN_LENGTH) continue;
        try {
          patterns.push(new RegExp(source));
        } catch {
          // Not a pattern: it matches nothing.
        }
      }
      return patterns.length ? { kind: condition, patterns } : null;
    }
    case 'BusinessDaysInState': {
      const afterFinalAttempt = count(p.businessDaysAfterFinalAttempt);
      const totalInState = count(p.totalBusinessDaysInState);
      return afterFinalAttempt === null && totalInState === null
        ? null
        : { kind: condition, afterFinalAttempt, totalInState };
    }
    default:
      return null;
  }
}

/** A transition with its condition read once, for evaluating it on many trackers. */
export interface ReadTransition<T extends CadenceTransition = CadenceTransition> {
  transition: T;
  condition: Condition | null;
}

export function readTransitions<T extends CadenceTransition>(transitions: readonly T[]): ReadTransition<T>[] {
  return transitions.map((transition) => ({
    transition,
    condition: readCondition(transition.condition, transition.conditionParameters),
  }));
}

/**
 * The evaluator of one run at `now`: given a tracker's facts and its cadence's
 * transitions (in their order), the transitions that fire now. Those that
 * fired in this state already do not; every webhook whose condition holds
 * fires, and of the switches whose condition holds only the first (a tracker
 * follows one cadence). Days are counted once per run: lines share their dates.
 */
export function transitionEvaluator(
  now: Date,
  cal: BusinessCalendar,
): <T extends CadenceTransition>(tracker: TrackerFacts, transitions: readonly ReadTransition<T>[]) => T[] {
  const today = localDate(now, cal);
  const days = new Map<number, string>();
  const dayOf = (at: Date) => {
    let day = days.get(at.getTime());
    if (day === undefined) days.set(at.getTime(), (day = localDate(at, cal)));
    return day;
  };
  const counts = new Map<string, number>();
  /** Business days from a date to today (negative when the date is later). */
  const sinceDay = (day: string) => {
    let n = counts.get(day);
    if (n === undefined) counts.set(day, (n = businessDaysBetween(day, today, cal)));
    return n;
  };

  const holds = (condition: Condition, t: TrackerFacts): boolean => {
    switch (condition.kind) {
      case 'ItemGroupBusinessDays':
        return t.lineDate !== null && -sinceDay(t.lineDate) <= condition.businessDays;
      case 'MaxAttempts':
        return t.attempts >= condition.maxAttempts;
      case 'FlagCreated':
        return t.flags.some(
          (f) => f.created.getTime() >= t.stateSince.getTime() && condition.patterns.some((p) => p.test(f.type)),
        );
      case 'BusinessDaysInState': {
        if (condition.totalInState !== null && sinceDay(dayOf(t.stateSince)) >= condition.totalInState) return true;
        if (condition.afterFinalAttempt === null || t.cadenceMaxAttempts === null) return false;
        if (t.attempts < t.cadenceMaxAttempts) return false;
        // The final attempt of this state: a request sent before the state began is not one of its attempts.
        const last =
          t.lastAttemptAt && t.lastAttemptAt.getTime() > t.stateSince.getTime() ? t.lastAttemptAt : t.stateSince;
        return sinceDay(dayOf(last)) >= condition.afterFinalAttempt;
      }
    }
  };

  return <T extends CadenceTransition>(tracker: TrackerFacts, transitions: readonly ReadTransition<T>[]): T[] => {
    const firing: T[] = [];
    let switched = false;
    for (const { transition, condition } of transitions) {
      if (condition === null || tracker.fired.has(transition.sid)) continue;
      if (transition.action === 'SwitchCadence' && switched) continue;
      if (!holds(condition, tracker)) continue;
      if (transition.action === 'SwitchCadence') switched = true;
      firing.push(transition);
    }
    return firing;
  };
}

/** The transitions of a tracker's cadence that fire at `now` (one tracker; a run uses transitionEvaluator). */
export function firingTransitions<T extends CadenceTransition>(
  tracker: TrackerFacts,
  transitions: readonly T[],
  cal: BusinessCalendar,
  now: Date,
): T[] {
  return transitionEvaluator(now, cal)(tracker, readTransitions(transitions));
}
