import { describe, expect, it } from 'vitest';
import {
  applicableCadence,
  resolveCadence,
  nextRequestAt,
  reminderAt,
  type CustomCadence,
} from '../../../server/domain/follow-up/cadence.ts';
import { calendar, localTime } from '../../../server/domain/follow-up/calendar.ts';

const cal = calendar('Europe/Berlin', ['2026-12-25', '2027-01-01']);
const at = (date: string, hour = 9) => localTime(date, hour, cal);
/** The next request after one sent on Monday 7 Dec 2026 at 09:00, for a line dated `lineDate`. */
const nextFor = (lineDate: string | null, cadence: CustomCadence | null = null) =>
  nextRequestAt({ lineDate, from: at('2026-12-07'), cadence }, cal);

describe('the default cadence', () => {
  it('asks every 8 weeks when the date is 81 business days or more away', () => {
    // 7 Dec + 81 business days (less 25 Dec and 1 Jan) = 1 Apr 2027.
    const next = nextFor('2027-04-01');
    // 7 Dec + 40 business days: 8 Dec … 1 Feb, skipping 25 Dec and 1 Jan.
    expect(next.at).toEqual(at('2027-02-03'));
    expect(next.rule).toBe('every 8 weeks (81 business days away)');
  });

  it('asks every 4, 2 and 1 weeks as the date comes nearer', () => {
    expect(nextFor('2027-03-31').rule).toBe('every 4 weeks (80 business days away)');
    expect(nextFor('2027-03-31').at).toEqual(at('2027-01-06')); // + 20 business days
    expect(nextFor('2027-01-20').rule).toBe('every 2 weeks (30 business days away)');
    expect(nextFor('2027-01-20').at).toEqual(at('2026-12-21')); // + 10
    expect(nextFor('2026-12-17').rule).toBe('weekly (8 business days away)');
    expect(nextFor('2026-12-17').at).toEqual(at('2026-12-14')); // + 5
  });

  it('asks on the date itself when it is 7 business days or fewer away, on the next business day if it is a day off', () => {
    expect(nextFor('2026-12-16')).toEqual({ at: at('2026-12-16'), rule: 'on the date (7 business days away)' });
    expect(nextFor('2026-12-08').at).toEqual(at('2026-12-08'));
    expect(nextFor('2026-12-12').at).toEqual(at('2026-12-14')); // a Saturday
    // From Friday 18 Dec, 25 Dec (a holiday) is 4 business days away: asked the next business day.
    expect(nextRequestAt({ lineDate: '2026-12-25', from: at('2026-12-18'), cadence: null }, cal).at).toEqual(
      at('2026-12-28'),
    );
  });

  it('asks weekly when there is no date, the date is today, or it has passed', () => {
    expect(nextFor(null)).toEqual({ at: at('2026-12-14'), rule: 'weekly (no date yet)' });
    expect(nextFor('2026-12-07').rule).toBe('weekly (the date is today)');
    expect(nextFor('2026-11-20')).toEqual({ at: at('2026-12-14'), rule: 'weekly (the date has passed)' });
    // Over the holidays a week is five business days: 21 Dec + 5 = 29 Dec.
    expect(nextRequestAt({ lineDate: null, from: at('2026-12-21'), cadence: null }, cal).at).toEqual(at('2026-12-29'));
  });

  it('counts from an answer at any time of day, and goes out in the morning', () => {
    const next = nextRequestAt({ lineDate: null, from: at('2026-12-09', 17), cadence: null }, cal);
    expect(next.at).toEqual(at('2026-12-16'));
  });
});

describe('a custom cadence', () => {
  const escalation: CustomCadence = {
    sid: 'C1',
    delaySeconds: 2 * 86_400,
    maxAttempts: 3,
    unresponsiveAfterBusinessDays: null,
  };

  it('asks after its delay, moved to the next business morning when that is a day off', () => {
    expect(nextFor('2027-04-01', escalation)).toEqual({ at: at('2026-12-09'), rule: 'every 2 days (custom cadence)' });
    const fromThursday = nextRequestAt({ lineDate: null, from: at('2026-12-10', 15), cadence: escalation }, cal);
    expect(fromThursday.at).toEqual(at('2026-12-14')); // Saturday 15:00 → Monday 09:00
    const hourly = { ...escalation, delaySeconds: 3600 };
    expect(nextRequestAt({ lineDate: null, from: at('2026-12-10', 15), cadence: hourly }, cal).at).toEqual(
      at('2026-12-10', 16),
    );
  });

  it('is chosen most specific first, and a pause stops requests', () => {
    const org = { ...escalation, sid: 'ORG' };
    const vendor = { ...escalation, sid: 'VENDOR' };
    const order = { ...escalation, sid: 'ORDER' };
    expect(applicableCadence({})).toEqual({ kind: 'default' });
    expect(applicableCadence({ organization: org })).toEqual({ kind: 'custom', cadence: org });
    expect(applicableCadence({ organization: org, vendor: { cadence: vendor, paused: false } })).toEqual({
      kind: 'custom',
      cadence: vendor,
    });
    expect(
      applicableCadence({
        organization: org,
        vendor: { cadence: vendor, paused: false },
        order: { cadence: order, paused: false },
      }),
    ).toEqual({ kind: 'custom', cadence: order });
    expect(
      applicableCadence({ order: { cadence: null, paused: false }, vendor: { cadence: vendor, paused: false } }),
    ).toEqual({
      kind: 'custom',
      cadence: vendor,
    });
    expect(applicableCadence({ vendor: { cadence: null, paused: true }, organization: org })).toEqual({
      kind: 'paused',
      by: 'vendor',
    });
    expect(applicableCadence({ order: { cadence: order, paused: true } })).toEqual({ kind: 'paused', by: 'order' });
  });

  it('says whose cadence applies, whatever the caller holds a cadence as', () => {
    expect(resolveCadence({ organization: 'CAorg' })).toEqual({
      kind: 'custom',
      cadence: 'CAorg',
      from: 'organization',
    });
    expect(resolveCadence({ organization: 'CAorg', vendor: { cadence: 'CAvendor', paused: false } })).toEqual({
      kind: 'custom',
      cadence: 'CAvendor',
      from: 'vendor',
    });
    expect(
      resolveCadence({
        organization: 'CAorg',
        vendor: { cadence: 'CAvendor', paused: false },
        order: { cadence: 'CAorder', paused: false },
      }),
    ).toEqual({ kind: 'custom', cadence: 'CAorder', from: 'order' });
    expect(resolveCadence<string>({ order: { cadence: null, paused: false } })).toEqual({ kind: 'default' });
    expect(
      resolveCadence({ order: { cadence: 'CAorder', paused: false }, vendor: { cadence: null, paused: true } }),
    ).toEqual({ kind: 'paused', by: 'vendor' });
  });
});

describe('reminders', () => {
  it('fall on the next business morning', () => {
    expect(reminderAt(at('2026-12-07'), cal)).toEqual(at('2026-12-08'));
    expect(reminderAt(at('2026-12-11', 16), cal)).toEqual(at('2026-12-14')); // Friday → Monday
    expect(reminderAt(at('2026-12-24'), cal)).toEqual(at('2026-12-28')); // over Christmas
  });
});
