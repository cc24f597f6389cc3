// The follow-up flags of a purchase-order line: what needs the buyer's eye.
// New Delay: the vendor moved its promise past the due date. Past Due: the
// due date went by and nothing arrived. Unresponsive Vendor: update requests
// went unanswered past the cadence's limit. Direct Reply: the vendor wrote
// back; it is raised where the email is read, and closed here only with the line.
// Cannot Supply: the vendor said it cannot supply the line; it stands until the
// vendor answers otherwise, the buyer withdraws it, or the line is closed.
//
// Each rule, while it holds, names its cause: the occurrence it is about (the
// promise, the due date, the first unanswered request). A flag stores its
// cause, kept current while it is open ('update'), so a user's dismissal is
// at the cause the user saw, and only a new cause raises the flag again.
//
// Pure: `today` and the counts come from the caller. Dates are calendar dates
// 'YYYY-MM-DD' in the organization's time zone, and compare as strings.

import { addDays, businessDaysBetween, daysBetween, type BusinessCalendar } from './calendar.ts';
import { formatDay, plural } from './words.ts';

export type FlagType = 'newDelay' | 'pastDue' | 'unresponsiveVendor' | 'directReply' | 'cannotSupply';
export type FlagStatus = 'open' | 'resolved' | 'dismissed';

/** The flag types, in the order flagChanges lists its changes. */
export const FLAG_TYPES: readonly FlagType[] = [
  'newDelay',
  'pastDue',
  'unresponsiveVendor',
  'directReply',
  'cannotSupply',
];

/** Whether the vendor answers, as the follow-up tracker counts it. */
export interface UnansweredFacts {
  /** Update requests sent since the vendor last answered (reminders not counted). */
  requestsSinceAnswer: number;
  /** The date of the first of them; null when there is none. */
  firstUnansweredRequestDate: string | null;
  /** Business days from that date to today, by the organization's calendar; null when there is none. */
  businessDaysSinceFirstUnanswered: number | null;
  /** The applicable cadence's limits; null when it sets none. */
  maxAttempts: number | null;
  unresponsiveAfterBusinessDays: number | null;
}

/** What the rules know of a line when they run. */
export interface LineFacts {
  /** The buyer's due date. */
  dueDate: string | null;
  /** The vendor's promise (see vendorPromise). */
  promisedDate: string | null;
  /**
   * The promise before, only when this evaluation follows a change of promise
   * (null: there was none). Left out otherwise: only a change raises a New Delay.
   */
  previousPromisedDate?: string | null;
  received: boolean;
  canceled: boolean;
  /** The vendor's reason when it said it cannot supply the line; null when it did not (or withdrew it). */
  cannotSupply: string | null;
  /** Today in the organization's time zone. */
  today: string;
  unanswered: UnansweredFacts;
}

export interface ExistingFlag {
  sid: string;
  type: FlagType;
  status: FlagStatus;
  /**
   * The cause it was raised for, as kept by 'update' while open: for a
   * dismissed flag, the cause it was dismissed at. A dismissal without one
   * holds for no cause (the next occurrence raises the flag).
   */
  cause: string | null;
}

export type FlagChange =
  | { kind: 'raise'; type: FlagType; cause: string; message: string }
  /** An open flag stays open for a new occurrence of its cause: store the cause and message. */
  | { kind: 'update'; sid: string; type: FlagType; cause: string; message: string }
  | { kind: 'resolve'; sid: string; type: FlagType; reason: string };

/** The vendor's promise: the estimated arrival or delivery date it gave, else its ship date. */
export function vendorPromise(dates: {
  estimatedArrivalDate: string | null;
  deliveryDate: string | null;
  shipDate: string | null;
}): string | null {
  return dates.estimatedArrivalDate ?? dates.deliveryDate ?? dates.shipDate;
}

/**
 * What to raise, update and resolve for one line, given its facts and its
 * existing flags (the latest of each type; when more are given, the last of
 * a type counts). At most one change per type, in the order of FLAG_TYPES.
 */
export function flagChanges(facts: LineFacts, existing: readonly ExistingFlag[]): FlagChange[] {
  const latest = new Map<FlagType, ExistingFlag>();
  for (const flag of existing) latest.set(flag.type, flag);
  const closed = facts.received ? 'Received' : facts.canceled ? 'Canceled' : null;
  const changes: FlagChange[] = [];
  for (const type of FLAG_TYPES) {
    const flag = latest.get(type);
    const change =
      type === 'directReply' ? directReply(flag, closed) : decide(type, flag, ruleFor(type, facts, closed));
    if (change) changes.push(change);
  }
  return changes;
}

/** One occurrence of a cause. */
export interface Occurrence {
  cause: string;
  message: string;
}

interface Rule {
  /** The occurrence that raises a flag now, or null. */
  raise: Occurrence | null;
  /** While this is not null an open flag stays open, with this cause; else it resolves. */
  keep: Occurrence | null;
  /** Why an open flag resolves (read only when `keep` is null). */
  gone: string;
  /** Whether a cause differs from the one a flag was dismissed at enough to raise it again. */
  isNew: (cause: string, dismissedAt: string) => boolean;
}

function decide(type: FlagType, flag: ExistingFlag | undefined, rule: Rule): FlagChange | null {
  if (flag?.status === 'open') {
    if (rule.keep === null) return { kind: 'resolve', sid: flag.sid, type, reason: rule.gone };
    if (flag.cause === rule.keep.cause) return null;
    return { kind: 'update', sid: flag.sid, type, ...rule.keep };
  }
  if (rule.raise === null) return null;
  // A user's dismissal, or their resolving it while its cause stood (the engine clears the cause when it
  // resolves one itself), holds until a new cause.
  if (flag && flag.cause !== null && !rule.isNew(rule.raise.cause, flag.cause)) return null;
  return { kind: 'raise', type, ...rule.raise };
}

/**
 * A reply by email from the vendor about a line: a Direct Reply flag is
 * raised, or the open one moves to this reply. Each reply is its own cause
 * (the inbound email), so a flag dismissed at an earlier reply is raised again.
 */
export function directReplyChange(existing: ExistingFlag | undefined, reply: Occurrence): FlagChange {
  if (existing?.status === 'open') return { kind: 'update', sid: existing.sid, type: 'directReply', ...reply };
  return { kind: 'raise', type: 'directReply', ...reply };
}

/** The flag's words for a reply: who wrote, and how it begins. */
export function directReplyMessage(author: string, content: string): string {
  const words = content.replace(/\s+/g, ' ').trim();
  const opening = words.length > 120 ? `${words.slice(0, 119).trimEnd()}…` : words;
  return opening ? `${author} replied by email: “${opening}”` : `${author} replied by email.`;
}

/** Not raised by the rules: it goes with the line, else a user resolves it. */
function directReply(flag: ExistingFlag | undefined, closed: string | null): FlagChange | null {
  if (flag?.status !== 'open' || closed === null) return null;
  return { kind: 'resolve', sid: flag.sid, type: 'directReply', reason: closed };
}

function ruleFor(type: Exclude<FlagType, 'directReply'>, facts: LineFacts, closed: string | null): Rule {
  switch (type) {
    case 'cannotSupply':
      return cannotSupply(facts, closed);
    case 'newDelay':
      return newDelay(facts, closed);
    case 'pastDue':
      return pastDue(facts, closed);
    case 'unresponsiveVendor':
      return unresponsiveVendor(facts, closed);
  }
}

function newDelay(facts: LineFacts, closed: string | null): Rule {
  const { dueDate: due, promisedDate: promise, previousPromisedDate: previous, today } = facts;
  const late = closed === null && due !== null && promise !== null && promise > due ? { due, promise } : null;
  const occurrence = late && {
    cause: late.promise,
    message: `Promised ${formatDay(late.promise)}, ${plural(daysBetween(late.due, late.promise), 'day')} after the due date ${formatDay(late.due)}`,
  };
  // Raised by a change of promise only; a date already behind us is no news
  // to chase, and moving an already late promise earlier is no new delay.
  const raised =
    late !== null &&
    previous !== undefined &&
    late.promise > today &&
    (previous === null || previous <= late.due || late.promise > previous);
  return {
    raise: raised ? occurrence : null,
    keep: occurrence,
    gone:
      closed ??
      (promise === null
        ? 'The promise was removed'
        : due === null
          ? 'The due date was removed'
          : `Promised ${formatDay(promise)}, on or before the due date ${formatDay(due)}`),
    // Dismissing a delay accepts the promise up to that date: only a later one is news.
    isNew: (cause, dismissedAt) => cause > dismissedAt,
  };
}

function pastDue(facts: LineFacts, closed: string | null): Rule {
  const due = facts.dueDate;
  const occurrence =
    closed === null && due !== null && due < facts.today
      ? { cause: due, message: `Due ${formatDay(due)} and not received` }
      : null;
  return {
    raise: occurrence,
    keep: occurrence,
    // An open flag's due date had passed: if it has not now, it was moved.
    gone: closed ?? (due === null ? 'The due date was removed' : `The due date moved to ${formatDay(due)}`),
    isNew: (cause, dismissedAt) => cause !== dismissedAt,
  };
}

function unresponsiveVendor(facts: LineFacts, closed: string | null): Rule {
  const u = facts.unanswered;
  const first = u.firstUnansweredRequestDate;
  // Unanswered since the first request: a switch of cadence (a transition) counts the new cadence's attempts
  // afresh, but the vendor still has not answered.
  const occurrence =
    closed === null && first !== null
      ? {
          cause: first,
          message:
            u.requestsSinceAnswer > 0
              ? `No answer to ${plural(u.requestsSinceAnswer, 'update request')} since ${formatDay(first)}`
              : `No answer since ${formatDay(first)}`,
        }
      : null;
  const overLimit =
    (u.maxAttempts !== null && u.requestsSinceAnswer >= u.maxAttempts) ||
    (u.unresponsiveAfterBusinessDays !== null &&
      u.businessDaysSinceFirstUnanswered !== null &&
      u.businessDaysSinceFirstUnanswered >= u.unresponsiveAfterBusinessDays);
  return {
    raise: overLimit ? occurrence : null,
    // Only an answer ends it, not a cadence whose limits moved.
    keep: occurrence,
    gone: closed ?? 'The vendor answered',
    // An answer starts a new run of requests, with a new first request.
    isNew: (cause, dismissedAt) => cause !== dismissedAt,
  };
}

function cannotSupply(facts: LineFacts, closed: string | null): Rule {
  const reason = facts.cannotSupply;
  const occurrence =
    closed === null && reason !== null ? { cause: reason, message: `The vendor cannot supply it: ${reason}` } : null;
  return {
    raise: occurrence,
    keep: occurrence,
    gone: closed ?? 'The vendor can supply it after all',
    // The vendor's reason is the occurrence: a dismissal holds until it says so again for another reason.
    isNew: (cause, dismissedAt) => cause !== dismissedAt,
  };
}

/** The limits of a cadence that may apply to a line: a custom cadence's, or the organization's default. */
export interface UnresponsiveLimits {
  maxAttempts: number | null;
  unresponsiveAfterBusinessDays: number | null;
}

/**
 * Which unanswered lines may be over an Unresponsive Vendor limit today, whatever cadence applies to each: those
 * with at least `attemptsAtLeast` requests since the answer (the lowest maxAttempts of the limits), or whose first
 * unanswered request came on or before `firstUnansweredOnOrBefore` (the latest day with the fewest business days
 * of the limits until today). Null where no limit sets one. A line outside both cannot raise the flag, so a run
 * need not read the lines it asked that morning.
 */
export function unresponsiveCandidates(
  limits: readonly UnresponsiveLimits[],
  today: string,
  cal: BusinessCalendar,
): { attemptsAtLeast: number | null; firstUnansweredOnOrBefore: string | null } {
  const least = (values: (number | null)[]) => {
    const set = values.filter((v): v is number => v !== null);
    return set.length ? Math.min(...set) : null;
  };
  const attemptsAtLeast = least(limits.map((l) => l.maxAttempts));
  const days = least(limits.map((l) => l.unresponsiveAfterBusinessDays));
  if (days === null) return { attemptsAtLeast, firstUnansweredOnOrBefore: null };
  // Business days from a date to today only grow as the date goes back: the first date back that has enough (a
  // calendar of holidays only, ten years back, has none).
  for (let day = today, back = 0; back <= 3660; back++, day = addDays(day, -1)) {
    if (businessDaysBetween(day, today, cal) >= days) return { attemptsAtLeast, firstUnansweredOnOrBefore: day };
  }
  return { attemptsAtLeast, firstUnansweredOnOrBefore: null };
}
