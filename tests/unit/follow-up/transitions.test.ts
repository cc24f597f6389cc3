import { describe, expect, it } from 'vitest';
import { calendar, localTime } from '../../../server/domain/follow-up/calendar.ts';
import {
  firingTransitions,
  readCondition,
  type CadenceTransition,
  type TrackerFacts,
} from '../../../server/domain/follow-up/transitions.ts';

// Friday 25 Dec 2026 and Friday 1 Jan 2027 are holidays; 26/27 Dec and 2/3 Jan a weekend.
const cal = calendar('Europe/Berlin', ['2026-12-25', '2027-01-01']);
const at = (date: string, hour = 9) => localTime(date, hour, cal);

let counter = 0;
function transition(
  condition: CadenceTransition['condition'],
  conditionParameters: unknown,
  action: CadenceTransition['action'] = 'CallWebhook',
): CadenceTransition {
  counter++;
  return { sid: `TR${String(counter).padStart(28, '0')}`, cadenceSid: 'CA1', condition, conditionParameters, action };
}

function tracker(facts: Partial<TrackerFacts> = {}): TrackerFacts {
  return {
    attempts: 0,
    stateSince: at('2026-12-01'),
    lastAttemptAt: null,
    lineDate: null,
    cadenceMaxAttempts: null,
    flags: [],
    fired: new Set(),
    ...facts,
  };
}

const fires = (t: CadenceTransition, facts: TrackerFacts, now: Date) =>
  firingTransitions(facts, [t], cal, now).length === 1;

describe('ItemGroupBusinessDays', () => {
  const within2 = transition('ItemGroupBusinessDays', { businessDays: 2 });

  it('fires when the line date is at most N business days away, counting over the weekend and a holiday', () => {
    // Monday 28 Dec from Wednesday 23 Dec: 24, (25 holiday, 26, 27 weekend), 28 = 2 business days.
    expect(fires(within2, tracker({ lineDate: '2026-12-28' }), at('2026-12-23'))).toBe(true);
    // From Tuesday 22 Dec: 23, 24, 28 = 3.
    expect(fires(within2, tracker({ lineDate: '2026-12-28' }), at('2026-12-22'))).toBe(false);
    // Friday 4 Dec to Tuesday 8 Dec over the weekend: 7, 8 = 2.
    expect(fires(within2, tracker({ lineDate: '2026-12-08' }), at('2026-12-04'))).toBe(true);
    expect(fires(within2, tracker({ lineDate: '2026-12-09' }), at('2026-12-04'))).toBe(false);
  });

  it('fires for a date today or passed, never for a line without a date', () => {
    expect(fires(within2, tracker({ lineDate: '2026-12-23' }), at('2026-12-23'))).toBe(true);
    expect(fires(within2, tracker({ lineDate: '2026-11-02' }), at('2026-12-23'))).toBe(true);
    expect(fires(within2, tracker({ lineDate: null }), at('2026-12-23'))).toBe(false);
  });

  it('reads the day in the organization’s time zone', () => {
    // 23:30 UTC on Tuesday 22 Dec is already Wednesday 23 Dec in Berlin.
    const late = new Date('2026-12-22T23:30:00Z');
    expect(fires(within2, tracker({ lineDate: '2026-12-28' }), late)).toBe(true);
  });
});

describe('MaxAttempts', () => {
  it('fires once the requests without an answer reach N', () => {
    const three = transition('MaxAttempts', { maxAttempts: 3 });
    expect(fires(three, tracker({ attempts: 2 }), at('2026-12-07'))).toBe(false);
    expect(fires(three, tracker({ attempts: 3 }), at('2026-12-07'))).toBe(true);
    expect(fires(three, tracker({ attempts: 4 }), at('2026-12-07'))).toBe(true);
    // A count written as text, as the API writes counts.
    expect(fires(transition('MaxAttempts', { maxAttempts: '3' }), tracker({ attempts: 3 }), at('2026-12-07'))).toBe(
      true,
    );
  });
});

describe('FlagCreated', () => {
  const lateOrSilent = transition('FlagCreated', { flagTypeRegexes: ['^pastDue$', '^unresponsive'] });

  it('fires for a matching flag raised since the tracker entered its state, whatever its status now', () => {
    const stateSince = at('2026-12-07');
    const now = at('2026-12-08');
    expect(
      fires(lateOrSilent, tracker({ stateSince, flags: [{ type: 'pastDue', created: at('2026-12-07') }] }), now),
    ).toBe(true);
    expect(
      fires(
        lateOrSilent,
        tracker({ stateSince, flags: [{ type: 'unresponsiveVendor', created: at('2026-12-08') }] }),
        now,
      ),
    ).toBe(true);
  });

  it('does not fire for a flag raised before the state began, or of another type', () => {
    const stateSince = at('2026-12-07');
    const now = at('2026-12-08');
    expect(
      fires(lateOrSilent, tracker({ stateSince, flags: [{ type: 'pastDue', created: at('2026-12-04') }] }), now),
    ).toBe(false);
    expect(
      fires(lateOrSilent, tracker({ stateSince, flags: [{ type: 'newDelay', created: at('2026-12-08') }] }), now),
    ).toBe(false);
  });

  it('skips patterns that are not patterns; with none left it never fires', () => {
    expect(readCondition('FlagCreated', { flagTypeRegexes: ['(', '^newDelay$'] })).toMatchObject({
      kind: 'FlagCreated',
      patterns: [/^newDelay$/],
    });
    expect(readCondition('FlagCreated', { flagTypeRegexes: ['('] })).toBeNull();
    expect(readCondition('FlagCreated', {})).toBeNull();
  });
});

describe('BusinessDaysInState', () => {
  it('fires N business days after the state began, not counting the weekend and the holiday', () => {
    const total3 = transition('BusinessDaysInState', { totalBusinessDaysInState: 3 });
    // Entered on Thursday 24 Dec: 28 (1), 29 (2), 30 (3).
    const facts = tracker({ stateSince: at('2026-12-24', 15) });
    expect(fires(total3, facts, at('2026-12-28'))).toBe(false);
    expect(fires(total3, facts, at('2026-12-29'))).toBe(false);
    expect(fires(total3, facts, at('2026-12-30'))).toBe(true);
  });

  it('fires N business days after the final attempt once the attempts reached the cadence’s maximum', () => {
    const after2 = transition('BusinessDaysInState', { businessDaysAfterFinalAttempt: 2 });
    // The third and final request on Thursday 31 Dec: (1 Jan holiday, weekend) 4 Jan (1), 5 Jan (2).
    const final = tracker({ attempts: 3, cadenceMaxAttempts: 3, lastAttemptAt: at('2026-12-31') });
    expect(fires(after2, final, at('2027-01-04'))).toBe(false);
    expect(fires(after2, final, at('2027-01-05'))).toBe(true);
    // Not while attempts remain, nor on a cadence with no maximum.
    expect(fires(after2, { ...final, attempts: 2 }, at('2027-01-05'))).toBe(false);
    expect(fires(after2, { ...final, cadenceMaxAttempts: null }, at('2027-01-05'))).toBe(false);
    // A request before the state began is not this state's attempt: counted from the state instead.
    const switched = { ...final, lastAttemptAt: at('2026-12-21'), stateSince: at('2026-12-31') };
    expect(fires(after2, switched, at('2027-01-04'))).toBe(false);
    expect(fires(after2, switched, at('2027-01-05'))).toBe(true);
  });

  it('fires when either limit given is reached, and never with neither', () => {
    const either = transition('BusinessDaysInState', { businessDaysAfterFinalAttempt: 7, totalBusinessDaysInState: 2 });
    expect(fires(either, tracker({ stateSince: at('2026-12-03') }), at('2026-12-07'))).toBe(true); // Thu → Mon: 2
    expect(readCondition('BusinessDaysInState', {})).toBeNull();
  });
});

describe('firing', () => {
  it('fires a transition once per tracker state', () => {
    const three = transition('MaxAttempts', { maxAttempts: 3 });
    const facts = tracker({ attempts: 3 });
    expect(firingTransitions(facts, [three], cal, at('2026-12-07'))).toEqual([three]);
    expect(firingTransitions({ ...facts, fired: new Set([three.sid]) }, [three], cal, at('2026-12-08'))).toEqual([]);
  });

  it('fires every webhook that holds but switches to one cadence only, the first', () => {
    const hookA = transition('MaxAttempts', { maxAttempts: 1 });
    const toB = transition('MaxAttempts', { maxAttempts: 1 }, 'SwitchCadence');
    const toC = transition('MaxAttempts', { maxAttempts: 2 }, 'SwitchCadence');
    const hookD = transition('MaxAttempts', { maxAttempts: 2 });
    const notYet = transition('MaxAttempts', { maxAttempts: 5 });
    expect(
      firingTransitions(tracker({ attempts: 2 }), [hookA, toB, toC, hookD, notYet], cal, at('2026-12-07')),
    ).toEqual([hookA, toB, hookD]);
    // A switch that fired already in this state leaves the next one free to fire.
    expect(
      firingTransitions(tracker({ attempts: 2, fired: new Set([toB.sid]) }), [toB, toC], cal, at('2026-12-07')),
    ).toEqual([toC]);
  });

  it('never fires a transition whose parameters make no sense', () => {
    const now = at('2026-12-07');
    const facts = tracker({ attempts: 5, lineDate: '2026-12-07', stateSince: at('2026-11-02') });
    expect(fires(transition('MaxAttempts', { maxAttempts: -1 }), facts, now)).toBe(false);
    expect(fires(transition('MaxAttempts', {}), facts, now)).toBe(false);
    expect(fires(transition('MaxAttempts', null), facts, now)).toBe(false);
    expect(fires(transition('ItemGroupBusinessDays', { businessDays: 'soon' }), facts, now)).toBe(false);
    expect(fires(transition('BusinessDaysInState', { totalBusinessDaysInState: 1.5 }), facts, now)).toBe(false);
  });
});
