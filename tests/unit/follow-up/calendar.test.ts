import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDayOnOrAfter,
  businessDaysBetween,
  calendar,
  isBusinessDay,
  isTimeZone,
  localDate,
  localTime,
  publicHolidays,
} from '../../../server/domain/follow-up/calendar.ts';

const berlin = calendar('Europe/Berlin', ['2026-12-25', '2026-12-26', '2027-01-01']);

describe('business days', () => {
  it('skips weekends and holidays', () => {
    expect(isBusinessDay('2026-12-04', berlin)).toBe(true); // Friday
    expect(isBusinessDay('2026-12-05', berlin)).toBe(false); // Saturday
    expect(isBusinessDay('2026-12-25', berlin)).toBe(false); // holiday, Friday
    expect(businessDayOnOrAfter('2026-12-05', berlin)).toBe('2026-12-07');
    expect(businessDayOnOrAfter('2026-12-25', berlin)).toBe('2026-12-28');
  });

  it('adds business days: Friday plus one is Monday, holidays are stepped over', () => {
    expect(addBusinessDays('2026-12-04', 1, berlin)).toBe('2026-12-07');
    expect(addBusinessDays('2026-12-05', 1, berlin)).toBe('2026-12-07'); // from a Saturday
    expect(addBusinessDays('2026-12-21', 5, berlin)).toBe('2026-12-29'); // 22 23 24 28 29
    expect(addBusinessDays('2026-12-30', 2, berlin)).toBe('2027-01-04'); // 31, (1 Jan off), 4
    expect(() => addBusinessDays('2026-12-04', 0, berlin)).toThrow(RangeError);
  });

  it('counts business days between dates, either way, over whole weeks and holidays', () => {
    expect(businessDaysBetween('2026-12-04', '2026-12-07', berlin)).toBe(1);
    expect(businessDaysBetween('2026-12-07', '2026-12-04', berlin)).toBe(-1);
    expect(businessDaysBetween('2026-12-07', '2026-12-07', berlin)).toBe(0);
    // 7 Dec to 8 Jan: five weeks and four days, 24 weekdays, less 25 Dec and 1 Jan.
    expect(businessDaysBetween('2026-12-07', '2027-01-11', berlin)).toBe(23);
    // The count agrees with adding one day at a time.
    let day = '2026-11-30';
    for (let n = 1; n <= 80; n++) {
      day = addBusinessDays(day, 1, berlin);
      expect(businessDaysBetween('2026-11-30', day, berlin)).toBe(n);
    }
  });

  it('runs other working weeks (Sunday to Thursday)', () => {
    const riyadh = calendar('Asia/Riyadh', [], [7, 1, 2, 3, 4]);
    expect(isBusinessDay('2026-12-06', riyadh)).toBe(true); // Sunday
    expect(isBusinessDay('2026-12-04', riyadh)).toBe(false); // Friday
    expect(addBusinessDays('2026-12-03', 1, riyadh)).toBe('2026-12-06');
  });
});

describe('time zones', () => {
  it('reads the local date of an instant and makes a local time of day, across daylight saving', () => {
    expect(localDate(new Date('2026-12-04T23:30:00Z'), berlin)).toBe('2026-12-05');
    expect(localTime('2026-12-07', 9, berlin).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(localTime('2026-07-06', 9, berlin).toISOString()).toBe('2026-07-06T07:00:00.000Z');
    const newYork = calendar('America/New_York');
    expect(localTime('2027-03-15', 9, newYork).toISOString()).toBe('2027-03-15T13:00:00.000Z');
    expect(localDate(new Date('2026-12-05T03:00:00Z'), newYork)).toBe('2026-12-04');
  });

  it('refuses what is not a time zone', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(() => calendar('Mars/Olympus')).toThrow(RangeError);
  });
});

describe('public holidays', () => {
  it('gives days off for everyone, not observances', () => {
    const days = publicHolidays('DE', [2026]);
    expect(days).toContain('2026-01-01');
    expect(days).toContain('2026-12-25');
    expect(days).toContain('2026-10-03');
    expect(days).not.toContain('2026-02-14'); // Valentine's Day is an observance
    expect(publicHolidays('US', [2026])).toContain('2026-07-04');
    expect(publicHolidays('DE', [2026], 'BY')).toContain('2026-01-06'); // Epiphany in Bavaria only
    expect(days).not.toContain('2026-01-06');
  });

  it('refuses a country it has no data for', () => {
    expect(() => publicHolidays('XX', [2026])).toThrow(RangeError);
  });
});
