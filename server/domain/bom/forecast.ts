// Expected clear to build: how many units of each BOM the parts on hand and
// the open order lines arriving by a date can build, which lines limit it,
// and how far each BOM falls short of its target. Pure: plain values in,
// plain values out; the routes read the rows and hand them over.
//
// The rules, as the clear-to-build page states them:
// - A part is matched by its normalized part number (case, spaces and dashes
//   ignored); a BOM line's alternative part numbers count as the same part.
// - A supply line (an open item group) arrives on the vendor's delivery date,
//   else its estimated arrival, else the line's due date, and never before
//   the vendor's ship date. Supply whose date has passed counts as arriving
//   today and marks the result "at risk"; supply without any date is left out.
// - Unconfirmed supply counts unless left out on purpose; a result that needs
//   it is marked.
// - BOMs that share a part take it in priority order (earliest target first):
//   each takes what it needs for the units it can build, up to its target, and
//   leaves the rest to the next.
import { fromMicros, toMicros } from '../../../src/lib/decimal.ts';
import { countsTowardBom } from '../clear-to-build.ts';
import { daysBetween } from '../follow-up/calendar.ts';

/** A part number as parts are matched: upper case, without spaces or dashes. */
export function normalizePartNumber(partNumber: string): string {
  return partNumber.toUpperCase().replace(/[\s-]+/g, '');
}

/** A line's part numbers as parts are matched: normalized, each once, in the line's order. */
export function normalizedPartNumbers(partNumbers: readonly string[]): string[] {
  return [...new Set(partNumbers.map(normalizePartNumber))];
}

/** A BOM line's part numbers: its MPN (else its unique name), then its alternatives; blanks left out. */
export function linePartNumbers(line: {
  mpn: string | null;
  uniqueName: string;
  alternativeMpns: readonly string[];
}): string[] {
  return [line.mpn ?? line.uniqueName, ...line.alternativeMpns].filter((p) => p.trim() !== '');
}

export interface ForecastLine {
  sid: string;
  /** The line's part number first, then its alternatives (as written; matching normalizes them). */
  partNumbers: readonly string[];
  /** Quantity per build (a decimal string). */
  quantity: string;
  doNotPlace: boolean;
}

export interface ForecastBom {
  sid: string;
  lines: readonly ForecastLine[];
  /** Units to have built by `date` (YYYY-MM-DD); null without a target. */
  target: { quantity: string; date: string } | null;
}

export interface StockCount {
  partNumber: string;
  /** On hand (a decimal string or a number). */
  quantity: string | number;
}

export interface SupplyLine {
  itemGroupSid: string;
  partNumber: string;
  /** What is still to arrive of the line. */
  openQuantity: string;
  confirmed: boolean;
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
  estimatedArrivalDate: string | null;
}

export type ArrivalBasis = 'delivery' | 'estimatedArrival' | 'due' | 'ship';

export interface Arrival {
  /** When the supply counts as arrived (YYYY-MM-DD); null when the line has no date at all. */
  date: string | null;
  basis: ArrivalBasis | null;
  /** Its date has passed: it counts as arriving today, at risk. */
  pastDue: boolean;
}

type DatedLine = Pick<SupplyLine, 'dueDate' | 'shipDate' | 'deliveryDate' | 'estimatedArrivalDate'>;

/**
 * The date a supply line arrives by the rules above, as dated (a past date stays past); null without any date.
 * No object made: the forecast asks it of tens of thousands of lines.
 */
export function arrivalDate(line: DatedLine): string | null {
  const planned = line.deliveryDate || line.estimatedArrivalDate || line.dueDate || null;
  // Nothing arrives before it ships.
  return line.shipDate && (planned === null || line.shipDate > planned) ? line.shipDate : planned;
}

/**
 * Which of its dates arrivalDate took for the line: the planned one it read first, unless the ship date is later.
 * The rule itself is arrivalDate's alone.
 */
function arrivalBasis(line: DatedLine, date: string): ArrivalBasis {
  const planned: ArrivalBasis | null = line.deliveryDate
    ? 'delivery'
    : line.estimatedArrivalDate
      ? 'estimatedArrival'
      : line.dueDate
        ? 'due'
        : null;
  return planned !== null && line[BASIS_FIELD[planned]] === date ? planned : 'ship';
}

const BASIS_FIELD = {
  delivery: 'deliveryDate',
  estimatedArrival: 'estimatedArrivalDate',
  due: 'dueDate',
  ship: 'shipDate',
} as const satisfies Record<ArrivalBasis, keyof DatedLine>;

/** A calendar date (YYYY-MM-DD) as days since 1970-01-01, as the SQL read counts it (`date - date '1970-01-01'`). */
export function dayNumber(date: string): number {
  return daysBetween('1970-01-01', date);
}

/**
 * A supply line as the forecast counts it: the day it arrives (arrivalDate as a dayNumber; null without any date)
 * and its open quantity in millionths (null past 2^53, which the forecast refuses rather than round). Numbers, not
 * dates and decimals as text: a forecast reads tens of thousands of lines, and every string read is kept until it
 * is counted. The database works them out as it reads (server/db/bom-forecast.ts), under a test that it agrees with
 * countedSupply.
 */
export interface CountedSupply {
  /** The part (as written, or normalized: the forecast normalizes it). Supply is pooled by part, not by line. */
  partNumber: string;
  confirmed: boolean;
  arrivalDay: number | null;
  openMicros: number | null;
}

/** A supply line counted as the forecast counts it (see CountedSupply). */
export function countedSupply(line: SupplyLine): CountedSupply {
  const arrival = arrivalDate(line);
  const micros = toMicros(line.openQuantity);
  return {
    partNumber: line.partNumber,
    confirmed: line.confirmed,
    arrivalDay: arrival === null ? null : dayNumber(arrival),
    openMicros: micros > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(micros),
  };
}

/** The date a supply line counts as arrived: its arrivalDate, or today when that has passed; null without any date. */
function countedArrivalDate(line: DatedLine, today: string): string | null {
  const date = arrivalDate(line);
  return date !== null && date < today ? today : date;
}

/**
 * The first `count` supply lines by the date they count as arrived (undated last), then by item group sid, and how
 * they are listed beside a BOM line. Picked as the lines go by, not sorted: a part may have thousands.
 */
export function firstByArrival<S extends SupplyLine>(lines: readonly S[], today: string, count: number): S[] {
  return firstByArrivalPerPart(lines, () => '', today, count).get('')?.first ?? [];
}

/**
 * Per part (`partOf`: its normalized number), the first `count` of its supply lines as firstByArrival picks them,
 * and how many it has, in one pass: a BOM's lines list the supply of their parts, tens of thousands of order lines.
 * A line of several parts takes the first of its parts' firsts.
 */
export function firstByArrivalPerPart<S extends SupplyLine>(
  lines: readonly S[],
  partOf: (line: S) => string,
  today: string,
  count: number,
): Map<string, { first: S[]; total: number }> {
  const before = (a: S, aDate: string | null, b: S, bDate: string | null) =>
    aDate !== bDate ? bDate === null || (aDate !== null && aDate < bDate) : a.itemGroupSid < b.itemGroupSid;
  const parts = new Map<string, { first: S[]; dates: (string | null)[]; total: number }>();
  for (const s of lines) {
    const part = partOf(s);
    let picked = parts.get(part);
    if (picked === undefined) parts.set(part, (picked = { first: [], dates: [], total: 0 }));
    picked.total++;
    const { first, dates } = picked;
    const date = countedArrivalDate(s, today);
    if (first.length === count) {
      if (count === 0 || !before(s, date, first[count - 1], dates[count - 1])) continue;
      first.pop();
      dates.pop();
    }
    let at = first.length;
    while (at > 0 && before(s, date, first[at - 1], dates[at - 1])) at--;
    first.splice(at, 0, s);
    dates.splice(at, 0, date);
  }
  return new Map([...parts].map(([part, { first, total }]) => [part, { first, total }]));
}

/** When a supply line counts as arrived, by the rules above. */
export function supplyArrival(line: DatedLine, today: string): Arrival {
  const date = arrivalDate(line);
  if (date === null) return { date: null, basis: null, pastDue: false };
  const basis = arrivalBasis(line, date);
  return date < today ? { date: today, basis, pastDue: true } : { date, basis, pastDue: false };
}

export interface ForecastOptions {
  /** Today (YYYY-MM-DD): supply dated earlier is past due. */
  today: string;
  /** Count unconfirmed supply (marked); default true. */
  includeUnconfirmed?: boolean;
}

export interface LineAtDate {
  lineSid: string;
  /** Of the line's part, on hand and arrived by the date, what this BOM gets after those before it. */
  available: string;
  /** Units this line allows; null for a line that does not limit (do not place, no quantity). */
  clearToBuild: number | null;
  /** Parts missing for the BOM's target, if nothing more arrived (0 when none, or without a target). */
  shortage: string;
}

export interface BomAtDate {
  bomSid: string;
  date: string;
  /** Units the BOM can build from what it gets by the date. */
  clearToBuild: number;
  /** The lines that allow no more than that (none for a BOM with no counted line). */
  limitingLineSids: string[];
  /** The number counts past-due supply: without it, it would be lower. */
  atRisk: boolean;
  /** The number counts unconfirmed supply: without it, it would be lower. */
  usesUnconfirmed: boolean;
  lines: LineAtDate[];
}

interface Requirement {
  /** The normalized part numbers the requirement draws from, the line's own first. */
  keys: string[];
  /** Per build, in millionths. */
  perBuild: bigint;
  lineSids: string[];
}

/**
 * A BOM's counted lines as requirements per part: lines that share a part number (directly or through
 * alternatives) need that part together, so they are one requirement with their quantities summed.
 */
function requirementsOf(bom: ForecastBom): Requirement[] {
  const requirements: Requirement[] = [];
  const byKey = new Map<string, Requirement>();
  for (const line of bom.lines) {
    if (!countsTowardBom({ requiredQuantity: line.quantity, doNotPlace: line.doNotPlace })) continue;
    const perBuild = toMicros(line.quantity);
    const keys = normalizedPartNumbers(line.partNumbers).filter((k) => k !== '');
    if (keys.length === 0) continue;
    // Looked up by part number: a 2,000-line BOM is not compared line by line.
    const overlapping = [...new Set(keys.flatMap((k) => byKey.get(k) ?? []))];
    const merged: Requirement = {
      keys: [...new Set([...overlapping.flatMap((r) => r.keys), ...keys])],
      perBuild: overlapping.reduce((sum, r) => sum + r.perBuild, perBuild),
      lineSids: [...overlapping.flatMap((r) => r.lineSids), line.sid],
    };
    for (const r of overlapping) requirements.splice(requirements.indexOf(r), 1);
    requirements.push(merged);
    for (const k of merged.keys) byKey.set(k, merged);
  }
  return requirements;
}

const floorDiv = (a: bigint, b: bigint) => (a <= 0n ? 0n : a / b);

/**
 * The pools hold millionths as numbers, not bigints: allocating a 2,000-line BOM at a dozen dates three ways made a
 * million bigints and most of the forecast's time. Whole numbers below 2^53 (9 billion units of a part, stock and
 * supply together) add, subtract and compare exactly; past that the forecast refuses rather than round.
 */
export class ForecastRangeError extends RangeError {
  constructor() {
    super('Quantities over 9 billion units of one part cannot be forecast exactly.');
  }
}

/** floor(a / b) for whole a and b > 0 below 2^53, 0 for a ≤ 0: the float quotient corrected by one either way. */
function floorDivNumber(a: number, b: number): number {
  if (a <= 0) return 0;
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

/** Millionths as a number, refused when they could not be exact. */
function safeMicros(micros: bigint): number {
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new ForecastRangeError();
  return Number(micros);
}

/** `f` with its answers kept by argument. */
function memoized<T>(f: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = f(key);
      known.set(key, value);
    }
    return value;
  };
}

/** normalizePartNumber with its answers kept: tens of thousands of order lines spell a few thousand parts. */
export function partKeys(): (partNumber: string) => string {
  return memoized(normalizePartNumber);
}

/** Calendar dates (YYYY-MM-DD) in order. */
const byDate = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Millionths of each part available to the BOMs in turn (stock plus the chosen supply arrived by the date), by the
 * part's index in the requirements' keys: arrays, copied and read by index, where maps by part number cost a
 * 2,000-line BOM's 12-week forecast most of its time.
 */
type Pools = Float64Array;

/** How supply is read into the pools: its part's index, and whether it counts. */
interface SupplyReading {
  /** -1 for a part no requirement draws from. */
  indexOf: (partNumber: string) => number;
  today: string;
  includeUnconfirmed: boolean;
}

/**
 * The pools of each kind (what the number counts, the same without past-due supply, confirmed supply only) at each
 * date, in the order of the dates given: stock, then each supply line from the first date on or after its arrival.
 * Supply is put in its date's bucket (a binary search over a dozen dates), not sorted: tens of thousands of lines.
 * Parts no requirement draws from (not in `indexOf`) are left out.
 */
function poolsByDate(
  indexOf: ReadonlyMap<string, number>,
  stock: readonly { key: string; micros: number }[],
  supply: readonly CountedSupply[],
  dates: readonly string[],
  reading: SupplyReading,
): { full: Pools; onTime: Pools; confirmedOnly: Pools }[] {
  const size = indexOf.size;
  const sorted = [...new Set(dates)].sort(byDate);
  const sortedDays = sorted.map(dayNumber);
  const today = dayNumber(reading.today);
  const empty = (): Pools => new Float64Array(size);
  // What arrives in each bucket: after the date before it, up to its own.
  const added = sorted.map(() => ({ full: empty(), onTime: empty(), confirmedOnly: empty() }));
  for (const count of stock) {
    const at = indexOf.get(count.key);
    if (at === undefined || count.micros <= 0) continue;
    added[0].full[at] += count.micros;
    added[0].onTime[at] += count.micros;
    added[0].confirmedOnly[at] += count.micros;
  }
  // Read as they come, not mapped first: tens of thousands of lines.
  for (const s of supply) {
    const at = reading.indexOf(s.partNumber);
    if (at < 0) continue;
    const dated = s.arrivalDay;
    if (dated === null) continue;
    const pastDue = dated < today;
    const day = pastDue ? today : dated;
    let low = 0;
    let high = sortedDays.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sortedDays[mid] < day) low = mid + 1;
      else high = mid;
    }
    if (low === sortedDays.length) continue;
    const bucket = added[low];
    const micros = s.openMicros;
    if (micros === null) throw new ForecastRangeError();
    if (reading.includeUnconfirmed || s.confirmed) {
      bucket.full[at] += micros;
      if (!pastDue) bucket.onTime[at] += micros;
    }
    if (s.confirmed) bucket.confirmedOnly[at] += micros;
  }
  // Running sums: each date's pools are what arrived by it. Copies: allocating takes from them.
  const byDateKey = new Map<string, { full: Pools; onTime: Pools; confirmedOnly: Pools }>();
  const running = { full: empty(), onTime: empty(), confirmedOnly: empty() };
  sorted.forEach((date, b) => {
    for (const kind of ['full', 'onTime', 'confirmedOnly'] as const) {
      const sum = running[kind];
      const add = added[b][kind];
      for (let i = 0; i < size; i++) {
        sum[i] += add[i];
        if (sum[i] > Number.MAX_SAFE_INTEGER) throw new ForecastRangeError();
      }
    }
    byDateKey.set(date, {
      full: running.full.slice(),
      onTime: running.onTime.slice(),
      confirmedOnly: running.confirmedOnly.slice(),
    });
  });
  // Each date its own copy: a date may be asked twice, and allocating takes from the pools.
  return dates.map((date) => {
    const pools = byDateKey.get(date) ?? running;
    return { full: pools.full.slice(), onTime: pools.onTime.slice(), confirmedOnly: pools.confirmedOnly.slice() };
  });
}

/**
 * What the BOMs got at one date: per BOM, the millionths each of its requirements found available (by the
 * requirement's index) and the units it can build. A typed array per BOM, not an object per requirement: a
 * 2,000-line BOM is allocated at a dozen dates three ways.
 */
interface Allocation {
  bom: ForecastBom;
  requirements: readonly IndexedRequirement[];
  available: Float64Array;
  builds: number;
}

/** Allocates the pools to the BOMs in order; what each BOM can build and what its requirements found. */
function allocate(
  boms: readonly ForecastBom[],
  requirementsByBom: ReadonlyMap<ForecastBom, IndexedRequirement[]>,
  pools: Pools,
): Allocation[] {
  return boms.map((bom) => {
    const requirements = requirementsByBom.get(bom) ?? [];
    const found = new Float64Array(requirements.length);
    let builds = -1;
    for (let g = 0; g < requirements.length; g++) {
      const r = requirements[g];
      let available = 0;
      for (const at of r.at) available += pools[at];
      found[g] = available;
      const allows = floorDivNumber(available, r.perBuildMicros);
      if (builds < 0 || allows < builds) builds = allows;
    }
    if (builds < 0) builds = 0;
    const wanted = bom.target ? Number(toMicros(bom.target.quantity) / 1_000_000n) : null;
    const taken = wanted !== null && wanted < builds ? wanted : builds;
    // Take what the units this BOM builds need (up to its target), the line's own part number first. Never more
    // than is available: whole and exact.
    if (taken > 0) {
      for (const r of requirements) {
        let need = taken * r.perBuildMicros;
        for (const at of r.at) {
          const inPool = pools[at];
          const used = inPool < need ? inPool : need;
          pools[at] = inPool - used;
          need -= used;
          if (need === 0) break;
        }
      }
    }
    return { bom, requirements, available: found, builds };
  });
}

/** The lines of the requirements that allow no more than `builds` units with what they found. */
function limitingLines(requirements: readonly IndexedRequirement[], found: Float64Array, builds: number): string[] {
  const limiting: string[] = [];
  requirements.forEach((r, g) => {
    if (floorDivNumber(found[g], r.perBuildMicros) === builds) limiting.push(...r.lineSids);
  });
  return limiting;
}

/** A requirement with its parts' indexes in the pools. */
interface IndexedRequirement extends Requirement {
  at: number[];
  /** perBuild as a number (see Pools). */
  perBuildMicros: number;
}

/**
 * Each BOM's expected clear to build at each date, in priority order (the BOMs as given: earliest target first),
 * with its limiting lines, per-line availability and shortage against its target, and whether the number leans on
 * past-due or unconfirmed supply. Pass one BOM alone to see it without the others' claims.
 */
export function forecastClearToBuild(
  boms: readonly ForecastBom[],
  stock: readonly StockCount[],
  supply: readonly CountedSupply[],
  dates: readonly string[],
  options: ForecastOptions,
): BomAtDate[][] {
  const includeUnconfirmed = options.includeUnconfirmed ?? true;
  // Tens of thousands of supply lines spell a few thousand parts: each is worked out once.
  const keyOf = partKeys();
  // Worked out once: every date and variant allocates the same requirements, over the parts they draw from.
  const indexOf = new Map<string, number>();
  const requirementsByBom = new Map(
    boms.map((bom) => [
      bom,
      requirementsOf(bom).map((r): IndexedRequirement => ({
        ...r,
        perBuildMicros: safeMicros(r.perBuild),
        at: r.keys.map((k) => {
          let at = indexOf.get(k);
          if (at === undefined) indexOf.set(k, (at = indexOf.size));
          return at;
        }),
      })),
    ]),
  );
  const counts = stock.map((c) => ({ key: keyOf(c.partNumber), micros: safeMicros(toMicros(c.quantity)) }));
  const pools = poolsByDate(indexOf, counts, supply, dates, {
    // By the part number as written: one lookup per supply line, not one to normalize it and one for its index.
    indexOf: memoized((partNumber: string) => indexOf.get(keyOf(partNumber)) ?? -1),
    today: options.today,
    includeUnconfirmed,
  });
  return dates.map((date, d) => {
    const full = allocate(boms, requirementsByBom, pools[d].full);
    const onTime = allocate(boms, requirementsByBom, pools[d].onTime);
    const confirmedOnly = allocate(boms, requirementsByBom, pools[d].confirmedOnly);
    return full.map(({ bom, requirements, available: found, builds }, i): BomAtDate => {
      const linesOf = (): LineAtDate[] => {
        const perLine = new Map<string, LineAtDate>();
        // Units are whole: a target of 2.5 units needs 3 units' parts.
        const targetUnits = bom.target ? (toMicros(bom.target.quantity) + 999_999n) / 1_000_000n : 0n;
        requirements.forEach((r, g) => {
          const available = BigInt(found[g]);
          const ctb = Number(floorDiv(available, r.perBuild));
          const missing = targetUnits * r.perBuild - available;
          for (const lineSid of r.lineSids) {
            perLine.set(lineSid, {
              lineSid,
              available: fromMicros(available),
              clearToBuild: ctb,
              shortage: fromMicros(missing > 0n ? missing : 0n),
            });
          }
        });
        return bom.lines.map(
          (line) => perLine.get(line.sid) ?? { lineSid: line.sid, available: '0', clearToBuild: null, shortage: '0' },
        );
      };
      let lines: LineAtDate[] | undefined;
      return {
        bomSid: bom.sid,
        date,
        clearToBuild: builds,
        limitingLineSids: limitingLines(requirements, found, builds),
        atRisk: onTime[i].builds < builds,
        usesUnconfirmed: includeUnconfirmed && confirmedOnly[i].builds < builds,
        // Worked out when read: callers read the lines of one BOM at one date of the many computed.
        get lines() {
          return (lines ??= linesOf());
        },
      };
    });
  });
}

export type DurationType = 'day' | 'week' | 'month' | 'quarter' | 'halfyear' | 'year';

const MONTHS: Partial<Record<DurationType, number>> = { month: 1, quarter: 3, halfyear: 6, year: 12 };

/** The last day a target may fall due: dates past it are not dates the API or the database can hold. */
export const LAST_TARGET_DATE = '9999-12-31';

/** A target's due date, or null when it falls past LAST_TARGET_DATE (or past what a date can hold at all). */
function dueDateOf(startDate: string, length: number, type: DurationType): string | null {
  const [y, m, d] = startDate.slice(0, 10).split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 1, d));
  const months = MONTHS[type];
  let due: Date;
  if (months === undefined) {
    start.setUTCDate(start.getUTCDate() + length * (type === 'week' ? 7 : 1));
    due = start;
  } else {
    const monthIndex = m - 1 + length * months;
    const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
    due = new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay)));
  }
  if (Number.isNaN(due.getTime()) || due.getUTCFullYear() > 9999) return null;
  return due.toISOString().slice(0, 10);
}

/**
 * The date a target falls due: its start plus its duration. Months keep the day of the month, or the month's
 * last day when it has fewer (31 January plus a month is 28 or 29 February). One that would fall past
 * LAST_TARGET_DATE falls due then (writes refuse such targets: targetFallsDue; one stored before still forecasts).
 */
export function targetDate(startDate: string, length: number, type: DurationType): string {
  return dueDateOf(startDate, length, type) ?? LAST_TARGET_DATE;
}

/** Whether a target falls due by LAST_TARGET_DATE: its duration is one a forecast can count to. */
export function targetFallsDue(startDate: string, length: number, type: DurationType): boolean {
  return dueDateOf(startDate, length, type) !== null;
}

/** A BOM's target as stored: a quantity over a duration from a start. */
export interface StoredTarget {
  sid: string;
  bomSid: string;
  quantity: string;
  durationLength: number;
  durationType: DurationType;
  startDate: string | Date;
}

/** Each BOM's target that counts: of its targets, the earliest falling due today or later (by BOM sid). */
export function currentTargets(
  targets: readonly StoredTarget[],
  today: string,
): Map<string, { sid: string; quantity: string; date: string }> {
  const current = new Map<string, { sid: string; quantity: string; date: string }>();
  for (const t of targets) {
    const date = targetDate(new Date(t.startDate).toISOString(), t.durationLength, t.durationType);
    const known = current.get(t.bomSid);
    if (date >= today && (!known || date < known.date))
      current.set(t.bomSid, { sid: t.sid, quantity: t.quantity, date });
  }
  return current;
}

export interface SuggestedOrder {
  vendorName: string | null;
  lines: { lineSid: string; partNumber: string; quantity: string }[];
}

/**
 * What to order for a BOM's shortages at its target date, grouped by each part's usual vendor (null: none known),
 * vendors by name and lines in BOM order.
 */
export function suggestedOrders(
  bom: ForecastBom,
  atTarget: BomAtDate,
  usualVendorOf: (normalizedPartNumber: string) => string | null,
): SuggestedOrder[] {
  const byVendor = new Map<string | null, SuggestedOrder>();
  const ordered = new Set<string>();
  for (const line of bom.lines) {
    const shortage = atTarget.lines.find((l) => l.lineSid === line.sid)?.shortage ?? '0';
    const partNumber = line.partNumbers[0] ?? '';
    // Lines that share a part share its shortage: it is ordered once.
    const key = normalizePartNumber(partNumber);
    if (toMicros(shortage) <= 0n || ordered.has(key)) continue;
    ordered.add(key);
    const vendorName = usualVendorOf(key);
    const group = byVendor.get(vendorName) ?? { vendorName, lines: [] };
    group.lines.push({ lineSid: line.sid, partNumber, quantity: shortage });
    byVendor.set(vendorName, group);
  }
  return [...byVendor.values()].sort((a, b) =>
    a.vendorName === null ? 1 : b.vendorName === null ? -1 : a.vendorName.localeCompare(b.vendorName),
  );
}
