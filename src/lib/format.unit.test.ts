import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime } from './format';

describe('formatDate', () => {
  it('writes a calendar date as day, month name and year, on that day in any time zone', () => {
    expect(formatDate('2026-12-04')).toBe('4 Dec 2026');
    expect(formatDate('2027-01-31')).toBe('31 Jan 2027');
    expect(formatDate('2026-03-29')).toBe('29 Mar 2026');
  });

  it('shows a dash for no date and an unreadable value as it is', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('next week')).toBe('next week');
  });
});

describe('formatDateTime', () => {
  it('writes a timestamp in the local time zone on a 24-hour clock', () => {
    const afternoon = new Date(2026, 11, 4, 15, 7).toISOString();
    expect(formatDateTime(afternoon)).toBe('4 Dec 2026, 15:07');
    const earlyMorning = new Date(2026, 0, 9, 0, 5).toISOString();
    expect(formatDateTime(earlyMorning)).toBe('9 Jan 2026, 00:05');
  });

  it('shows a dash for no timestamp and an unreadable value as it is', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('soon')).toBe('soon');
  });
});

describe('formatCount', () => {
  it('separates thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-12345)).toBe('-12,345');
    expect(formatCount(12345.5)).toBe('12,345.5');
    expect(formatCount(null)).toBe('0');
    expect(formatCount(undefined)).toBe('0');
  });
});
