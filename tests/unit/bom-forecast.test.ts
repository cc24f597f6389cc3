// The expected clear-to-build engine against cases worked out by hand from
// its rules (server/domain/bom/forecast.ts), not from its output.
import { describe, expect, it } from 'vitest';
import {
  firstByArrival,
  firstByArrivalPerPart,
  ForecastRangeError,
  countedSupply,
  dayNumber,
  forecastClearToBuild,
  normalizePartNumber,
  suggestedOrders,
  supplyArrival,
  targetDate,
  type ForecastBom,
  type ForecastLine,
  type StockCount,
  type SupplyLine,
} from '../../server/domain/bom/forecast.ts';

const TODAY = '2030-03-01';

const line = (sid: string, partNumbers: string[], quantity: string, doNotPlace = false): ForecastLine => ({
  sid,
  partNumbers,
  quantity,
  doNotPlace,
});
const bom = (sid: string, lines: ForecastLine[], target: ForecastBom['target'] = null): ForecastBom => ({
  sid,
  lines,
  target,
});
const stock = (counts: Record<string, string | number>): StockCount[] =>
  Object.entries(counts).map(([partNumber, quantity]) => ({ partNumber, quantity }));
let nextSupply = 0;
const supply = (partNumber: string, openQuantity: string, dates: Partial<SupplyLine> = {}): SupplyLine => ({
  itemGroupSid: `IG${++nextSupply}`,
  partNumber,
  openQuantity,
  confirmed: true,
  dueDate: null,
  shipDate: null,
  deliveryDate: null,
  estimatedArrivalDate: null,
  ...dates,
});

/** One BOM at one date. */
function at(
  b: ForecastBom | ForecastBom[],
  counts: StockCount[],
  lines: SupplyLine[],
  date: string,
  includeUnconfirmed = true,
) {
  return forecastClearToBuild(Array.isArray(b) ? b : [b], counts, lines.map(countedSupply), [date], {
    today: TODAY,
    includeUnconfirmed,
  })[0];
}

const board = bom('B1', [line('A', ['R-10K'], '2'), line('B', ['C-100N'], '1')]);

describe('actual clear to build (stock only)', () => {
  it('is the fewest units any line allows, and names that line', () => {
    const [result] = at(board, stock({ 'R-10K': 10, 'C-100N': 7 }), [], TODAY);
    // A: 10 / 2 = 5; B: 7 / 1 = 7.
    expect(result.clearToBuild).toBe(5);
    expect(result.limitingLineSids).toEqual(['A']);
    expect(result.lines).toEqual([
      { lineSid: 'A', available: '10', clearToBuild: 5, shortage: '0' },
      { lineSid: 'B', available: '7', clearToBuild: 7, shortage: '0' },
    ]);
  });

  it('names every line of a tie, and rounds units down', () => {
    const [result] = at(board, stock({ 'R-10K': 11, 'C-100N': 5 }), [], TODAY);
    expect(result.clearToBuild).toBe(5);
    expect(result.limitingLineSids).toEqual(['A', 'B']);
  });

  it('is not limited by do-not-place or zero-quantity lines; zero stock of a counted part is 0', () => {
    const withExtras = bom('B1', [...board.lines, line('C', ['J-1'], '1', true), line('D', ['TP-1'], '0')]);
    const [result] = at(withExtras, stock({ 'R-10K': 10, 'C-100N': 7 }), [], TODAY);
    expect(result.clearToBuild).toBe(5);
    expect(result.lines.find((l) => l.lineSid === 'C')?.clearToBuild).toBeNull();
    const [empty] = at(board, stock({ 'R-10K': 10 }), [], TODAY);
    expect(empty.clearToBuild).toBe(0);
    expect(empty.limitingLineSids).toEqual(['B']);
    expect(at(bom('B0', [line('C', ['J-1'], '1', true)]), [], [], TODAY)[0]).toMatchObject({
      clearToBuild: 0,
      limitingLineSids: [],
    });
  });

  it('matches parts by normalized and alternative part numbers', () => {
    expect(normalizePartNumber(' abc-12 3 ')).toBe('ABC123');
    const alternatives = bom('B2', [line('A', ['LM-317T', 'LM 317 TG'], '1')]);
    const [result] = at(alternatives, stock({ lm317t: 3, 'lm317-tg': 2, LM317: 50 }), [], TODAY);
    expect(result.clearToBuild).toBe(5);
  });
});

describe('expected clear to build (stock and supply arriving by the date)', () => {
  const counts = stock({ 'R-10K': 4, 'C-100N': 7 });
  const confirmedSupply = supply('R-10K', '6', { deliveryDate: '2030-03-10' });

  it('adds supply from the day it arrives, not before', () => {
    // Before: A 4 / 2 = 2. From 10 March: A (4 + 6) / 2 = 5, B 7.
    expect(at(board, counts, [confirmedSupply], '2030-03-09')[0].clearToBuild).toBe(2);
    const [arrived] = at(board, counts, [confirmedSupply], '2030-03-10');
    expect(arrived).toMatchObject({ clearToBuild: 5, atRisk: false, usesUnconfirmed: false });
  });

  it('counts unconfirmed supply and says so, or leaves it out when asked', () => {
    const unconfirmed = { ...confirmedSupply, confirmed: false };
    expect(at(board, counts, [unconfirmed], '2030-03-10')[0]).toMatchObject({ clearToBuild: 5, usesUnconfirmed: true });
    expect(at(board, counts, [unconfirmed], '2030-03-10', false)[0]).toMatchObject({
      clearToBuild: 2,
      usesUnconfirmed: false,
    });
  });

  it('counts past-due supply as arriving today, at risk', () => {
    const late = supply('R-10K', '6', { dueDate: '2030-02-01' });
    expect(at(board, counts, [late], TODAY)[0]).toMatchObject({ clearToBuild: 5, atRisk: true });
    // Supply on time that the number does not need is no risk.
    const spare = supply('C-100N', '5', { dueDate: '2030-02-01' });
    expect(at(board, counts, [spare], TODAY)[0]).toMatchObject({ clearToBuild: 2, atRisk: false });
  });

  it('takes the delivery date, else the estimated arrival, else the due date, and never one before shipping', () => {
    expect(
      supplyArrival(
        { deliveryDate: '2030-04-01', estimatedArrivalDate: '2030-03-20', dueDate: '2030-03-15', shipDate: null },
        TODAY,
      ),
    ).toEqual({
      date: '2030-04-01',
      basis: 'delivery',
      pastDue: false,
    });
    expect(
      supplyArrival(
        { deliveryDate: null, estimatedArrivalDate: '2030-03-20', dueDate: '2030-03-15', shipDate: null },
        TODAY,
      ).basis,
    ).toBe('estimatedArrival');
    expect(
      supplyArrival(
        { deliveryDate: null, estimatedArrivalDate: null, dueDate: '2030-03-15', shipDate: '2030-03-25' },
        TODAY,
      ),
    ).toEqual({
      date: '2030-03-25',
      basis: 'ship',
      pastDue: false,
    });
    expect(
      supplyArrival({ deliveryDate: null, estimatedArrivalDate: null, dueDate: null, shipDate: null }, TODAY).date,
    ).toBeNull();
    // Shipping the day it is planned to arrive keeps the planned basis; a ship date alone is the basis.
    const basisOf = (
      dates: Partial<Record<'deliveryDate' | 'estimatedArrivalDate' | 'dueDate' | 'shipDate', string>>,
    ) =>
      supplyArrival({ deliveryDate: null, estimatedArrivalDate: null, dueDate: null, shipDate: null, ...dates }, TODAY)
        .basis;
    expect(basisOf({ dueDate: '2030-03-25', shipDate: '2030-03-25' })).toBe('due');
    expect(basisOf({ shipDate: '2030-03-25' })).toBe('ship');
    // A later estimate on the ship date does not stand for the delivery date it is read after.
    expect(basisOf({ deliveryDate: '2030-03-20', estimatedArrivalDate: '2030-03-25', shipDate: '2030-03-25' })).toBe(
      'ship',
    );
    // Undated supply never arrives.
    expect(at(board, counts, [supply('R-10K', '6')], '2031-01-01')[0].clearToBuild).toBe(2);
  });
});

describe('BOMs that share a part', () => {
  const first = bom('FIRST', [line('F1', ['X'], '2')], { quantity: '3', date: '2030-03-15' });
  const second = bom('SECOND', [line('S1', ['X'], '1')], { quantity: '20', date: '2030-04-15' });

  it('take it in priority order, each up to its target', () => {
    // FIRST could build 5 but wants 3: it takes 6 of 10, SECOND gets 4.
    const [a, b] = at([first, second], stock({ X: 10 }), [], TODAY);
    expect(a.clearToBuild).toBe(5);
    expect(b).toMatchObject({
      clearToBuild: 4,
      lines: [{ lineSid: 'S1', available: '4', clearToBuild: 4, shortage: '16' }],
    });
    // Without a target FIRST takes all it can build with: 10, and SECOND gets none.
    const [, starved] = at([{ ...first, target: null }, second], stock({ X: 10 }), [], TODAY);
    expect(starved.clearToBuild).toBe(0);
    // Seen alone, SECOND has all 10.
    expect(at(second, stock({ X: 10 }), [], TODAY)[0].clearToBuild).toBe(10);
  });

  it('leave what a BOM cannot use for want of another part', () => {
    const limited = bom('FIRST', [line('F1', ['X'], '2'), line('F2', ['Y'], '1')], first.target);
    // FIRST builds 1 (one Y): it takes 2 X, SECOND gets 8.
    const [a, b] = at([limited, second], stock({ X: 10, Y: 1 }), [], TODAY);
    expect(a).toMatchObject({ clearToBuild: 1, limitingLineSids: ['F2'] });
    expect(b.clearToBuild).toBe(8);
  });

  it('inside one BOM, lines of the same part need it together', () => {
    const twice = bom('B', [line('L1', ['X'], '2'), line('L2', ['x-'], '1')]);
    // 3 X per unit: 10 / 3 = 3.
    expect(at(twice, stock({ X: 10 }), [], TODAY)[0]).toMatchObject({
      clearToBuild: 3,
      limitingLineSids: ['L1', 'L2'],
    });
  });
});

describe('targets', () => {
  it('fall due after their duration, months keeping the day or the month’s last', () => {
    expect(targetDate('2030-01-10', 10, 'day')).toBe('2030-01-20');
    expect(targetDate('2030-01-10', 2, 'week')).toBe('2030-01-24');
    expect(targetDate('2030-01-31', 1, 'month')).toBe('2030-02-28');
    expect(targetDate('2028-01-31', 1, 'month')).toBe('2028-02-29');
    expect(targetDate('2030-11-30', 1, 'quarter')).toBe('2031-02-28');
    expect(targetDate('2030-08-31', 1, 'halfyear')).toBe('2031-02-28');
    expect(targetDate('2028-02-29T00:00:00Z', 1, 'year')).toBe('2029-02-28');
    expect(targetDate('2030-05-15', 3, 'month')).toBe('2030-08-15');
  });

  it('give each line’s shortage, and suggested orders grouped by the part’s usual vendor', () => {
    const targeted = bom('B', [line('A', ['R-10K'], '2'), line('B', ['C-100N'], '1'), line('C', ['U-1'], '1')], {
      quantity: '8',
      date: '2030-04-01',
    });
    const [result] = at(targeted, stock({ 'R-10K': 10, 'C-100N': 7, 'U-1': 20 }), [], '2030-04-01');
    // A needs 16, has 10: 6 short; B needs 8, has 7: 1 short; C has enough.
    expect(result.lines.map((l) => l.shortage)).toEqual(['6', '1', '0']);
    const vendors: Record<string, string> = { R10K: 'Voltaris' };
    expect(suggestedOrders(targeted, result, (part) => vendors[part] ?? null)).toEqual([
      { vendorName: 'Voltaris', lines: [{ lineSid: 'A', partNumber: 'R-10K', quantity: '6' }] },
      { vendorName: null, lines: [{ lineSid: 'B', partNumber: 'C-100N', quantity: '1' }] },
    ]);
  });
});

describe('large quantities', () => {
  it('stay exact up to 9 billion units of a part: millionths are whole numbers below 2^53', () => {
    const big = bom('BIG', [line('A', ['WIRE'], '3'), line('B', ['CLIP'], '0.000007')]);
    const [result] = at(big, stock({ WIRE: '8999999999.999999', CLIP: '6999.999993' }), [], TODAY);
    // 8,999,999,999.999999 / 3 = 2,999,999,999.99…; 6,999.999993 / 0.000007 = 999,999,999 exactly.
    expect(result.lines.map((l) => l.clearToBuild)).toEqual([2_999_999_999, 999_999_999]);
    expect(result.clearToBuild).toBe(999_999_999);
    expect(result.lines[0].available).toBe('8999999999.999999');
  });

  it('refuse, rather than round, a part with more than that in stock and supply together', () => {
    const big = bom('BIG', [line('A', ['WIRE'], '1')]);
    expect(() =>
      at(big, stock({ WIRE: '5000000000' }), [supply('WIRE', '4100000000', { dueDate: '2030-03-02' })], '2030-03-05'),
    ).toThrow(ForecastRangeError);
  });
});

describe('counted supply', () => {
  it('arrives on arrivalDate as days since 1970-01-01, and counts its quantity in millionths', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2030-03-02')).toBe(Date.UTC(2030, 2, 2) / 86_400_000);
    const counted = countedSupply(
      supply('R-10K', '12.5', { dueDate: '2030-03-02', shipDate: '2030-03-09', deliveryDate: '2030-03-05' }),
    );
    // Delivery before due, but nothing arrives before it ships.
    expect(counted).toMatchObject({ partNumber: 'R-10K', arrivalDay: dayNumber('2030-03-09'), openMicros: 12_500_000 });
    expect(countedSupply(supply('R-10K', '1')).arrivalDay).toBeNull();
  });

  it('leaves out, as null, a quantity whose millionths a number cannot hold exactly; the forecast refuses it', () => {
    expect(countedSupply(supply('WIRE', '9007199254.740991')).openMicros).toBe(Number.MAX_SAFE_INTEGER);
    const over = supply('WIRE', '9007199254.740992', { dueDate: '2030-03-02' });
    expect(countedSupply(over).openMicros).toBeNull();
    const wire = bom('W', [line('A', ['WIRE'], '1')]);
    expect(() => at(wire, [], [over], '2030-03-05')).toThrow(ForecastRangeError);
    // Past the dates asked, it is not counted, and so not refused.
    expect(at(wire, [], [over], '2030-03-01')[0].clearToBuild).toBe(0);
  });
});

describe('firstByArrival', () => {
  it('picks the first lines by the date they count as arrived (past dates as today), then by sid, undated last', () => {
    const line = (itemGroupSid: string, dates: Partial<SupplyLine> = {}) => ({
      ...supply('P', '1', dates),
      itemGroupSid,
    });
    const lines = [
      line('A', { dueDate: '2030-03-09' }),
      line('B'),
      line('D', { dueDate: '2030-02-01' }),
      line('C', { dueDate: '2030-03-01' }),
      line('E', { dueDate: '2030-03-05', shipDate: '2030-03-20' }),
    ];
    const sids = (count: number) => firstByArrival(lines, TODAY, count).map((l) => l.itemGroupSid);
    // Due today (C) and past due (D) tie on today, by sid; then 9 Mar (A); the ship date holds E back to 20 Mar.
    expect(sids(3)).toEqual(['C', 'D', 'A']);
    expect(sids(9)).toEqual(['C', 'D', 'A', 'E', 'B']);
  });
});

describe('firstByArrivalPerPart', () => {
  it("picks each part's first lines as firstByArrival does, and counts them all, in one pass", () => {
    const line = (part: string, itemGroupSid: string, dueDate: string | null) => ({
      ...supply(part, '1', { dueDate }),
      itemGroupSid,
    });
    const lines = [
      line('R-10K', 'A', '2030-03-20'),
      line('C1', 'B', '2030-03-09'),
      line('r10k', 'C', '2030-03-10'),
      line('R10K', 'D', null),
      line('C1', 'E', '2030-02-01'),
      line('R10K', 'F', '2030-03-02'),
    ];
    const perPart = firstByArrivalPerPart(lines, (l) => normalizePartNumber(l.partNumber), TODAY, 2);
    const listed = (part: string) => {
      const picked = perPart.get(part);
      return picked && { first: picked.first.map((l) => l.itemGroupSid), total: picked.total };
    };
    // R10K under three spellings: 2 Mar (F) and 10 Mar (C) first of four; C1: E past due (counts as today), then B.
    expect(listed('R10K')).toEqual({ first: ['F', 'C'], total: 4 });
    expect(listed('C1')).toEqual({ first: ['E', 'B'], total: 2 });
    expect(perPart.size).toBe(2);
    // The same as firstByArrival over each part's lines alone.
    for (const part of ['R10K', 'C1']) {
      const own = lines.filter((l) => normalizePartNumber(l.partNumber) === part);
      expect(perPart.get(part)?.first).toEqual(firstByArrival(own, TODAY, 2));
    }
    expect(firstByArrivalPerPart(lines, () => 'X', TODAY, 0).get('X')).toEqual({ first: [], total: 6 });
  });
});
