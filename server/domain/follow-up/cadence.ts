// When a line's vendor is asked for an update. The default cadence follows
// the business days until the line's date (the vendor's ship date when known,
// else the due date): far-off lines are asked rarely, near ones weekly, and
// a line is asked on its ship date whether it shipped. A custom cadence asks
// at a fixed delay instead. Every request goes out on a business day, and an
// unanswered one gets one reminder the next business morning.
import {
  addBusinessDays,
  businessDayOnOrAfter,
  businessDaysBetween,
  isBusinessDay,
  localDate,
  localTime,
  SEND_HOUR,
  type BusinessCalendar,
} from './calendar.ts';

/** The default tiers, farthest first: at least `fromBusinessDays` away, asked every `everyBusinessDays`. */
export const DEFAULT_TIERS = [
  { fromBusinessDays: 81, everyBusinessDays: 40, label: 'every 8 weeks' },
  { fromBusinessDays: 31, everyBusinessDays: 20, label: 'every 4 weeks' },
  { fromBusinessDays: 16, everyBusinessDays: 10, label: 'every 2 weeks' },
  { fromBusinessDays: 8, everyBusinessDays: 5, label: 'weekly' },
] as const;

/**
 * How a cadence's requests may go out: by email, the only way the engine sends them. Another type would be
 * stored and its requests still emailed, so it is refused.
 */
export const CADENCE_MESSAGE_TYPES: readonly string[] = ['email'];

/** Lines with no date, or whose date has come, are asked weekly. */
export const UNDATED_EVERY_BUSINESS_DAYS = 5;

/** A cadence of the organization, a vendor or an order (the `cadences` operations). */
export interface CustomCadence {
  sid: string;
  /** Time between requests. */
  delaySeconds: number;
  maxAttempts: number | null;
  unresponsiveAfterBusinessDays: number | null;
}

/**
 * The cadences that may apply to a line, most specific first wins; a pause at either level stops requests.
 * `C` is a cadence as the caller holds it: the engine's CustomCadence, or a sid where only the choice is shown.
 */
export interface CadenceChoice<C = CustomCadence> {
  order?: { cadence: C | null; paused: boolean };
  vendor?: { cadence: C | null; paused: boolean };
  organization?: C | null;
}

/** Whose choice decides: the order's, the vendor's, the organization's. */
export type CadenceLevel = 'order' | 'vendor' | 'organization';

export type AppliedCadence =
  { kind: 'paused'; by: 'order' | 'vendor' } | { kind: 'custom'; cadence: CustomCadence } | { kind: 'default' };

/** What applies, and for a custom cadence whose it is (what a buyer is told of an order's follow-up). */
export function resolveCadence<C>(
  choice: CadenceChoice<C>,
):
  | { kind: 'paused'; by: 'order' | 'vendor' }
  | { kind: 'custom'; cadence: C; from: CadenceLevel }
  | { kind: 'default' } {
  if (choice.order?.paused) return { kind: 'paused', by: 'order' };
  if (choice.vendor?.paused) return { kind: 'paused', by: 'vendor' };
  if (choice.order?.cadence) return { kind: 'custom', cadence: choice.order.cadence, from: 'order' };
  if (choice.vendor?.cadence) return { kind: 'custom', cadence: choice.vendor.cadence, from: 'vendor' };
  if (choice.organization) return { kind: 'custom', cadence: choice.organization, from: 'organization' };
  return { kind: 'default' };
}

export function applicableCadence(choice: CadenceChoice): AppliedCadence {
  const resolved = resolveCadence(choice);
  return resolved.kind === 'custom' ? { kind: 'custom', cadence: resolved.cadence } : resolved;
}

export interface NextRequest {
  at: Date;
  /** Why then, in words for the buyer: "every 4 weeks (45 business days to the ship date)". */
  rule: string;
}

/**
 * When the next request goes out, counted from `from` (the request just sent,
 * or the vendor's answer, which resets the count). `lineDate` is the line's
 * ship date when known, else its due date.
 */
export function nextRequestAt(
  input: { lineDate: string | null; from: Date; cadence: CustomCadence | null },
  cal: BusinessCalendar,
): NextRequest {
  const { lineDate, from, cadence } = input;
  if (cadence) {
    const at = onBusinessDay(new Date(from.getTime() + cadence.delaySeconds * 1000), cal);
    return { at, rule: `every ${describeSeconds(cadence.delaySeconds)} (custom cadence)` };
  }
  const today = localDate(from, cal);
  const morning = (date: string) => localTime(date, SEND_HOUR, cal);
  if (lineDate === null) {
    return { at: morning(addBusinessDays(today, UNDATED_EVERY_BUSINESS_DAYS, cal)), rule: 'weekly (no date yet)' };
  }
  if (lineDate <= today) {
    return {
      at: morning(addBusinessDays(today, UNDATED_EVERY_BUSINESS_DAYS, cal)),
      rule: lineDate === today ? 'weekly (the date is today)' : 'weekly (the date has passed)',
    };
  }
  const away = businessDaysBetween(today, lineDate, cal);
  const tier = DEFAULT_TIERS.find((t) => away >= t.fromBusinessDays);
  if (!tier) {
    // Seven business days or fewer: the next request asks, on the day, whether it shipped.
    return { at: morning(businessDayOnOrAfter(lineDate, cal)), rule: `on the date (${away} business days away)` };
  }
  return {
    at: morning(addBusinessDays(today, tier.everyBusinessDays, cal)),
    rule: `${tier.label} (${away} business days away)`,
  };
}

/** A request not answered within one business day is reminded once, the next business morning. */
export function reminderAt(sentAt: Date, cal: BusinessCalendar): Date {
  return localTime(addBusinessDays(localDate(sentAt, cal), 1, cal), SEND_HOUR, cal);
}

/** An instant moved to the next business morning when it falls on a day off. */
function onBusinessDay(at: Date, cal: BusinessCalendar): Date {
  const day = localDate(at, cal);
  return isBusinessDay(day, cal) ? at : localTime(businessDayOnOrAfter(day, cal), SEND_HOUR, cal);
}

function describeSeconds(seconds: number): string {
  const units: [number, string][] = [
    [7 * 86_400, 'week'],
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? name : `${n} ${name}s`;
    }
  }
  return `${seconds} seconds`;
}
