import { describe, expect, it } from 'vitest';
import { isCalendarDate, localToday, shiftDate } from './dates';

describe('calendar dates', () => {
  it('shifts across month, year and leap-day boundaries without time-zone drift', () => {
    expect(shiftDate('2026-12-30', 3)).toBe('2027-01-02');
    expect(shiftDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDate('2027-02-28', 1)).toBe('2027-03-01');
    expect(shiftDate('2026-03-29', -1)).toBe('2026-03-28');
    expect(shiftDate('2026-11-01', -7)).toBe('2026-10-25');
    expect(() => shiftDate('tomorrow', 1)).toThrow(RangeError);
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
  });

  it('reads today from the local calendar', () => {
    expect(localToday(new Date(2026, 10, 25, 23, 59))).toBe('2026-11-25');
    expect(localToday(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });
});
