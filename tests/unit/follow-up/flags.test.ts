// The follow-up flag rules: what raises each flag, what keeps it open, what
// resolves it, and how long a user's dismissal holds.
import { describe, expect, it } from 'vitest';
import {
  unresponsiveCandidates,
  type ExistingFlag,
  type FlagStatus,
  type FlagType,
  type LineFacts,
  flagChanges,
  vendorPromise,
} from '../../../server/domain/follow-up/flags.ts';
import { calendar } from '../../../server/domain/follow-up/calendar.ts';
import { formatDay } from '../../../server/domain/follow-up/words.ts';

const TODAY = '2027-01-10';
const DUE = '2027-01-20';

function facts(fields: Partial<LineFacts> = {}): LineFacts {
  return {
    dueDate: DUE,
    promisedDate: null,
    received: false,
    canceled: false,
    cannotSupply: null,
    today: TODAY,
    unanswered: noRequests,
    ...fields,
  };
}

const noRequests = {
  requestsSinceAnswer: 0,
  firstUnansweredRequestDate: null,
  businessDaysSinceFirstUnanswered: null,
  maxAttempts: null,
  unresponsiveAfterBusinessDays: null,
};

function flag(type: FlagType, status: FlagStatus, cause: string | null, sid = `${type}-1`): ExistingFlag {
  return { sid, type, status, cause };
}

describe('formatDay and vendorPromise', () => {
  it('writes a date as day, short month and year', () => {
    expect(formatDay('2027-01-08')).toBe('8 Jan 2027');
    expect(formatDay('2026-12-02')).toBe('2 Dec 2026');
    // Not a date: shown as given.
    expect(formatDay('8 Jan 2027')).toBe('8 Jan 2027');
    expect(formatDay('2027-13-01')).toBe('2027-13-01');
  });

  it('takes the estimated arrival, else the delivery date, else the ship date', () => {
    const none = { estimatedArrivalDate: null, deliveryDate: null, shipDate: null };
    expect(vendorPromise(none)).toBeNull();
    expect(vendorPromise({ ...none, shipDate: '2027-01-03' })).toBe('2027-01-03');
    expect(vendorPromise({ ...none, shipDate: '2027-01-03', deliveryDate: '2027-01-05' })).toBe('2027-01-05');
    expect(
      vendorPromise({ estimatedArrivalDate: '2027-01-07', deliveryDate: '2027-01-05', shipDate: '2027-01-03' }),
    ).toBe('2027-01-07');
  });
});

describe('New Delay', () => {
  it('is raised when the promise moves from on time to after the due date', () => {
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-18', promisedDate: '2027-02-01' }), [])).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-02-01',
        message: 'Promised 1 Feb 2027, 12 days after the due date 20 Jan 2027',
      },
    ]);
  });

  it('is raised when a first promise comes after the due date', () => {
    expect(flagChanges(facts({ previousPromisedDate: null, promisedDate: '2027-01-21' }), [])).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-01-21',
        message: 'Promised 21 Jan 2027, 1 day after the due date 20 Jan 2027',
      },
    ]);
  });

  it('is raised when an already late promise moves later', () => {
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-25', promisedDate: '2027-01-30' }), [])).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-01-30',
        message: 'Promised 30 Jan 2027, 10 days after the due date 20 Jan 2027',
      },
    ]);
  });

  it('is raised only by a change of promise', () => {
    expect(flagChanges(facts({ promisedDate: '2027-02-01' }), [])).toEqual([]);
  });

  it('is not raised for a promise on the due date', () => {
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-15', promisedDate: DUE }), [])).toEqual([]);
  });

  it('is not raised without a due date, nor for a received or canceled line', () => {
    const change = { previousPromisedDate: '2027-01-18', promisedDate: '2027-02-01' };
    expect(flagChanges(facts({ ...change, dueDate: null }), [])).toEqual([]);
    expect(flagChanges(facts({ ...change, received: true }), [])).toEqual([]);
    expect(flagChanges(facts({ ...change, canceled: true }), [])).toEqual([]);
  });

  it('is not raised when the new promise is today or earlier, only when it is after today', () => {
    // Due 5 Jan, today 10 Jan: the line is past due too.
    const pastDue = {
      kind: 'raise',
      type: 'pastDue',
      cause: '2027-01-05',
      message: 'Due 5 Jan 2027 and not received',
    };
    const late = { dueDate: '2027-01-05', previousPromisedDate: '2027-01-04' };
    expect(flagChanges(facts({ ...late, promisedDate: TODAY }), [])).toEqual([pastDue]);
    expect(flagChanges(facts({ ...late, promisedDate: '2027-01-08' }), [])).toEqual([pastDue]);
    expect(flagChanges(facts({ ...late, promisedDate: '2027-01-11' }), [])).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-01-11',
        message: 'Promised 11 Jan 2027, 6 days after the due date 5 Jan 2027',
      },
      pastDue,
    ]);
  });

  it('is not raised when an already late promise moves earlier but stays late, and an open one stays open', () => {
    const earlier = facts({ previousPromisedDate: '2027-01-30', promisedDate: '2027-01-25' });
    expect(flagChanges(earlier, [])).toEqual([]);
    // The open flag follows the promise, so a dismissal is at the date the buyer sees.
    expect(flagChanges(earlier, [flag('newDelay', 'open', '2027-01-30')])).toEqual([
      {
        kind: 'update',
        sid: 'newDelay-1',
        type: 'newDelay',
        cause: '2027-01-25',
        message: 'Promised 25 Jan 2027, 5 days after the due date 20 Jan 2027',
      },
    ]);
  });

  it('is not raised twice: an open one follows a later promise', () => {
    const open = [flag('newDelay', 'open', '2027-01-25')];
    expect(flagChanges(facts({ promisedDate: '2027-01-25' }), open)).toEqual([]);
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-25', promisedDate: '2027-01-30' }), open)).toEqual([
      {
        kind: 'update',
        sid: 'newDelay-1',
        type: 'newDelay',
        cause: '2027-01-30',
        message: 'Promised 30 Jan 2027, 10 days after the due date 20 Jan 2027',
      },
    ]);
  });

  it('stays open while the promise is after the due date, even once that promise has passed', () => {
    // Today 26 Jan: the 25 Jan promise has passed, and so has the 20 Jan due date.
    expect(
      flagChanges(facts({ promisedDate: '2027-01-25', today: '2027-01-26' }), [flag('newDelay', 'open', '2027-01-25')]),
    ).toEqual([{ kind: 'raise', type: 'pastDue', cause: DUE, message: 'Due 20 Jan 2027 and not received' }]);
  });

  it('resolves when its cause goes', () => {
    const open = [flag('newDelay', 'open', '2027-01-30')];
    const resolved = (reason: string) => [{ kind: 'resolve', sid: 'newDelay-1', type: 'newDelay', reason }];
    // The promise moves back to the due date.
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-30', promisedDate: DUE }), open)).toEqual(
      resolved('Promised 20 Jan 2027, on or before the due date 20 Jan 2027'),
    );
    // The promise moves before the due date.
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-30', promisedDate: '2027-01-15' }), open)).toEqual(
      resolved('Promised 15 Jan 2027, on or before the due date 20 Jan 2027'),
    );
    // The promise is removed.
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-30', promisedDate: null }), open)).toEqual(
      resolved('The promise was removed'),
    );
    // The due date moves to the promise, or after it.
    expect(flagChanges(facts({ dueDate: '2027-01-30', promisedDate: '2027-01-30' }), open)).toEqual(
      resolved('Promised 30 Jan 2027, on or before the due date 30 Jan 2027'),
    );
    expect(flagChanges(facts({ dueDate: '2027-02-03', promisedDate: '2027-01-30' }), open)).toEqual(
      resolved('Promised 30 Jan 2027, on or before the due date 3 Feb 2027'),
    );
    // The due date is removed.
    expect(flagChanges(facts({ dueDate: null, promisedDate: '2027-01-30' }), open)).toEqual(
      resolved('The due date was removed'),
    );
    // The line is received or canceled.
    expect(flagChanges(facts({ promisedDate: '2027-01-30', received: true }), open)).toEqual(resolved('Received'));
    expect(flagChanges(facts({ promisedDate: '2027-01-30', canceled: true }), open)).toEqual(resolved('Canceled'));
  });

  it('stays dismissed for the promise it was dismissed at and earlier ones, and is raised again for a later one', () => {
    const dismissed = [flag('newDelay', 'dismissed', '2027-01-30')];
    expect(flagChanges(facts({ promisedDate: '2027-01-30' }), dismissed)).toEqual([]);
    // Back on time, then late again at the same date.
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-15', promisedDate: '2027-01-30' }), dismissed)).toEqual(
      [],
    );
    // Later than the promise before it, but not than the one dismissed.
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-25', promisedDate: '2027-01-28' }), dismissed)).toEqual(
      [],
    );
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-30', promisedDate: '2027-02-05' }), dismissed)).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-02-05',
        message: 'Promised 5 Feb 2027, 16 days after the due date 20 Jan 2027',
      },
    ]);
  });

  it('is raised again after one the engine resolved, whatever its date', () => {
    // The latest flag counts: a dismissal followed by a flag the engine resolved (it clears the cause) no longer holds.
    const history = [flag('newDelay', 'dismissed', '2027-01-30', 'old'), flag('newDelay', 'resolved', null)];
    expect(flagChanges(facts({ previousPromisedDate: '2027-01-15', promisedDate: '2027-01-28' }), history)).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-01-28',
        message: 'Promised 28 Jan 2027, 8 days after the due date 20 Jan 2027',
      },
    ]);
  });
});

describe('a flag a user resolved while its cause stood', () => {
  it('holds like a dismissal until a new cause', () => {
    const resolvedByUser = [flag('pastDue', 'resolved', '2027-01-09')];
    expect(flagChanges(facts({ dueDate: '2027-01-09' }), resolvedByUser)).toEqual([]);
    expect(flagChanges(facts({ dueDate: '2027-01-05' }), resolvedByUser)).toEqual([
      { kind: 'raise', type: 'pastDue', cause: '2027-01-05', message: 'Due 5 Jan 2027 and not received' },
    ]);
  });
});

describe('Past Due', () => {
  it('is raised once the due date has passed', () => {
    expect(flagChanges(facts({ dueDate: '2027-01-09' }), [])).toEqual([
      { kind: 'raise', type: 'pastDue', cause: '2027-01-09', message: 'Due 9 Jan 2027 and not received' },
    ]);
    expect(flagChanges(facts({ dueDate: '2026-12-02' }), [])).toEqual([
      { kind: 'raise', type: 'pastDue', cause: '2026-12-02', message: 'Due 2 Dec 2026 and not received' },
    ]);
  });

  it('is not raised on the due date itself, nor without a due date', () => {
    expect(flagChanges(facts({ dueDate: TODAY }), [])).toEqual([]);
    expect(flagChanges(facts({ dueDate: null }), [])).toEqual([]);
  });

  it('is not raised for a received or canceled line', () => {
    expect(flagChanges(facts({ dueDate: '2027-01-09', received: true }), [])).toEqual([]);
    expect(flagChanges(facts({ dueDate: '2027-01-09', canceled: true }), [])).toEqual([]);
  });

  it('is not raised twice, and an open one follows a due date moved to another past day', () => {
    const open = [flag('pastDue', 'open', '2027-01-09')];
    expect(flagChanges(facts({ dueDate: '2027-01-09' }), open)).toEqual([]);
    expect(flagChanges(facts({ dueDate: '2027-01-09', today: '2027-02-01' }), open)).toEqual([]);
    expect(flagChanges(facts({ dueDate: '2027-01-05' }), open)).toEqual([
      {
        kind: 'update',
        sid: 'pastDue-1',
        type: 'pastDue',
        cause: '2027-01-05',
        message: 'Due 5 Jan 2027 and not received',
      },
    ]);
  });

  it('resolves when received, canceled, or the due date moves to today or later or is removed', () => {
    const open = [flag('pastDue', 'open', '2027-01-09')];
    const resolved = (reason: string) => [{ kind: 'resolve', sid: 'pastDue-1', type: 'pastDue', reason }];
    expect(flagChanges(facts({ dueDate: '2027-01-09', received: true }), open)).toEqual(resolved('Received'));
    expect(flagChanges(facts({ dueDate: '2027-01-09', canceled: true }), open)).toEqual(resolved('Canceled'));
    expect(flagChanges(facts({ dueDate: TODAY }), open)).toEqual(resolved('The due date moved to 10 Jan 2027'));
    expect(flagChanges(facts({ dueDate: '2027-01-15' }), open)).toEqual(resolved('The due date moved to 15 Jan 2027'));
    expect(flagChanges(facts({ dueDate: null }), open)).toEqual(resolved('The due date was removed'));
  });

  it('stays dismissed for its due date, and is raised again for a new due date that has passed', () => {
    const dismissed = [flag('pastDue', 'dismissed', '2027-01-09')];
    expect(flagChanges(facts({ dueDate: '2027-01-09' }), dismissed)).toEqual([]);
    expect(flagChanges(facts({ dueDate: '2027-01-09', today: '2027-03-01' }), dismissed)).toEqual([]);
    // A new due date, already passed.
    expect(flagChanges(facts({ dueDate: '2027-01-08' }), dismissed)).toEqual([
      { kind: 'raise', type: 'pastDue', cause: '2027-01-08', message: 'Due 8 Jan 2027 and not received' },
    ]);
    // A new due date still to come, then passed.
    expect(flagChanges(facts({ dueDate: '2027-01-15' }), dismissed)).toEqual([]);
    expect(flagChanges(facts({ dueDate: '2027-01-15', today: '2027-01-16' }), dismissed)).toEqual([
      { kind: 'raise', type: 'pastDue', cause: '2027-01-15', message: 'Due 15 Jan 2027 and not received' },
    ]);
  });
});

describe('Unresponsive Vendor', () => {
  it('stays open after a switch of cadence counted the attempts afresh, as long as nothing was answered', () => {
    const afterSwitch = {
      ...noRequests,
      requestsSinceAnswer: 0,
      firstUnansweredRequestDate: '2027-01-04',
      businessDaysSinceFirstUnanswered: 6,
      unresponsiveAfterBusinessDays: 5,
    };
    const open = [{ ...flag('unresponsiveVendor', 'open', '2027-01-04'), sid: 'u1' }];
    expect(flagChanges(facts({ dueDate: null, unanswered: afterSwitch }), open)).toEqual([]);
    // An answer clears the first unanswered request: then it resolves.
    expect(flagChanges(facts({ dueDate: null, unanswered: noRequests }), open)).toEqual([
      { kind: 'resolve', sid: 'u1', type: 'unresponsiveVendor', reason: 'The vendor answered' },
    ]);
  });

  const unanswered = (fields: Partial<LineFacts['unanswered']>) => facts({ unanswered: { ...noRequests, ...fields } });
  const threeSinceDecember = {
    requestsSinceAnswer: 3,
    firstUnansweredRequestDate: '2026-12-01',
    businessDaysSinceFirstUnanswered: 27,
  };

  it('is raised when the requests since the last answer reach the maximum attempts', () => {
    expect(flagChanges(unanswered({ ...threeSinceDecember, maxAttempts: 3 }), [])).toEqual([
      {
        kind: 'raise',
        type: 'unresponsiveVendor',
        cause: '2026-12-01',
        message: 'No answer to 3 update requests since 1 Dec 2026',
      },
    ]);
    expect(flagChanges(unanswered({ ...threeSinceDecember, maxAttempts: 4 }), [])).toEqual([]);
  });

  it('is raised when the first unanswered request is the set number of business days old', () => {
    const oneRequest = { requestsSinceAnswer: 1, firstUnansweredRequestDate: '2027-01-04' };
    expect(
      flagChanges(
        unanswered({ ...oneRequest, businessDaysSinceFirstUnanswered: 5, unresponsiveAfterBusinessDays: 5 }),
        [],
      ),
    ).toEqual([
      {
        kind: 'raise',
        type: 'unresponsiveVendor',
        cause: '2027-01-04',
        message: 'No answer to 1 update request since 4 Jan 2027',
      },
    ]);
    expect(
      flagChanges(
        unanswered({ ...oneRequest, businessDaysSinceFirstUnanswered: 4, unresponsiveAfterBusinessDays: 5 }),
        [],
      ),
    ).toEqual([]);
  });

  it('is not raised without limits, without unanswered requests, or for a received or canceled line', () => {
    expect(flagChanges(unanswered({ ...threeSinceDecember }), [])).toEqual([]);
    expect(flagChanges(unanswered({ maxAttempts: 3, unresponsiveAfterBusinessDays: 5 }), [])).toEqual([]);
    const over = { unanswered: { ...noRequests, ...threeSinceDecember, maxAttempts: 3 } };
    expect(flagChanges(facts({ ...over, received: true }), [])).toEqual([]);
    expect(flagChanges(facts({ ...over, canceled: true }), [])).toEqual([]);
  });

  it('is not raised twice, and stays open until the vendor answers', () => {
    const open = [flag('unresponsiveVendor', 'open', '2026-12-01')];
    expect(flagChanges(unanswered({ ...threeSinceDecember, maxAttempts: 3 }), open)).toEqual([]);
    expect(flagChanges(unanswered({ ...threeSinceDecember, requestsSinceAnswer: 4, maxAttempts: 3 }), open)).toEqual(
      [],
    );
    // A cadence that now allows more attempts is no answer.
    expect(flagChanges(unanswered({ ...threeSinceDecember, maxAttempts: 5 }), open)).toEqual([]);
  });

  it('resolves when the vendor answers or the line is received or canceled', () => {
    const open = [flag('unresponsiveVendor', 'open', '2026-12-01')];
    const resolved = (reason: string) => [
      { kind: 'resolve', sid: 'unresponsiveVendor-1', type: 'unresponsiveVendor', reason },
    ];
    expect(flagChanges(unanswered({ maxAttempts: 3 }), open)).toEqual(resolved('The vendor answered'));
    const over = { unanswered: { ...noRequests, ...threeSinceDecember, maxAttempts: 3 } };
    expect(flagChanges(facts({ ...over, received: true }), open)).toEqual(resolved('Received'));
    expect(flagChanges(facts({ ...over, canceled: true }), open)).toEqual(resolved('Canceled'));
  });

  it('stays dismissed for its run of requests, and is raised again for a new run after an answer', () => {
    const dismissed = [flag('unresponsiveVendor', 'dismissed', '2026-12-01')];
    expect(
      flagChanges(unanswered({ ...threeSinceDecember, requestsSinceAnswer: 6, maxAttempts: 3 }), dismissed),
    ).toEqual([]);
    // The vendor answered: nothing to raise, the dismissed flag is left as it is.
    expect(flagChanges(unanswered({ maxAttempts: 3 }), dismissed)).toEqual([]);
    // A new run since the answer, not yet over the limit, then over it.
    const newRun = { requestsSinceAnswer: 2, firstUnansweredRequestDate: '2027-01-04', maxAttempts: 3 };
    expect(flagChanges(unanswered(newRun), dismissed)).toEqual([]);
    expect(flagChanges(unanswered({ ...newRun, requestsSinceAnswer: 3 }), dismissed)).toEqual([
      {
        kind: 'raise',
        type: 'unresponsiveVendor',
        cause: '2027-01-04',
        message: 'No answer to 3 update requests since 4 Jan 2027',
      },
    ]);
  });
});

describe('Direct Reply', () => {
  it('is never raised by these rules, and an open one stays open on a line still to come', () => {
    expect(flagChanges(facts(), [])).toEqual([]);
    expect(flagChanges(facts(), [flag('directReply', 'open', null)])).toEqual([]);
  });

  it('resolves when the line is received or canceled', () => {
    const open = [flag('directReply', 'open', null)];
    expect(flagChanges(facts({ received: true }), open)).toEqual([
      { kind: 'resolve', sid: 'directReply-1', type: 'directReply', reason: 'Received' },
    ]);
    expect(flagChanges(facts({ canceled: true }), open)).toEqual([
      { kind: 'resolve', sid: 'directReply-1', type: 'directReply', reason: 'Canceled' },
    ]);
    expect(flagChanges(facts({ received: true }), [flag('directReply', 'resolved', null)])).toEqual([]);
    expect(flagChanges(facts({ canceled: true }), [flag('directReply', 'dismissed', null)])).toEqual([]);
  });
});

describe('a line with every cause', () => {
  // Late promise just changed, past due, and four unanswered requests over the limit.
  const everything = {
    dueDate: '2027-01-05',
    previousPromisedDate: '2027-01-04',
    promisedDate: '2027-01-30',
    unanswered: { ...noRequests, requestsSinceAnswer: 4, firstUnansweredRequestDate: '2026-12-01', maxAttempts: 3 },
  };
  const open = [
    flag('newDelay', 'open', '2027-01-30'),
    flag('pastDue', 'open', '2027-01-05'),
    flag('unresponsiveVendor', 'open', '2026-12-01'),
    flag('directReply', 'open', null),
  ];

  it('gets no flags once received or canceled', () => {
    expect(flagChanges(facts({ ...everything, received: true }), [])).toEqual([]);
    expect(flagChanges(facts({ ...everything, canceled: true }), [])).toEqual([]);
    // Dismissed or resolved flags do not come back either.
    const closedFlags = [flag('newDelay', 'resolved', '2027-01-25'), flag('pastDue', 'dismissed', '2026-12-20')];
    expect(flagChanges(facts({ ...everything, canceled: true }), closedFlags)).toEqual([]);
  });

  it('has every open flag resolved once received or canceled', () => {
    const resolved = (reason: string) => open.map((f) => ({ kind: 'resolve', sid: f.sid, type: f.type, reason }));
    expect(flagChanges(facts({ ...everything, received: true }), open)).toEqual(resolved('Received'));
    expect(flagChanges(facts({ ...everything, canceled: true }), open)).toEqual(resolved('Canceled'));
    // Received counts over canceled when both are set.
    expect(flagChanges(facts({ ...everything, received: true, canceled: true }), open)).toEqual(resolved('Received'));
  });

  it('raises every flag but Direct Reply while still to come, and none twice', () => {
    expect(flagChanges(facts(everything), [])).toEqual([
      {
        kind: 'raise',
        type: 'newDelay',
        cause: '2027-01-30',
        message: 'Promised 30 Jan 2027, 25 days after the due date 5 Jan 2027',
      },
      { kind: 'raise', type: 'pastDue', cause: '2027-01-05', message: 'Due 5 Jan 2027 and not received' },
      {
        kind: 'raise',
        type: 'unresponsiveVendor',
        cause: '2026-12-01',
        message: 'No answer to 4 update requests since 1 Dec 2026',
      },
    ]);
    expect(flagChanges(facts(everything), open)).toEqual([]);
  });
});

describe('unresponsiveCandidates', () => {
  // Christmas on a Friday: by Monday 28 Dec 2026 a request first unanswered on Sunday 20 Dec (or before) has gone 5
  // business days unanswered (21, 22, 23, 24, 28); one on Monday 21 Dec only 4.
  const berlin = calendar('Europe/Berlin', ['2026-12-25']);

  it('takes the lowest limits of any cadence that may apply, counted back over weekends and holidays', () => {
    expect(
      unresponsiveCandidates(
        [
          { maxAttempts: null, unresponsiveAfterBusinessDays: 5 },
          { maxAttempts: 4, unresponsiveAfterBusinessDays: 10 },
          { maxAttempts: 3, unresponsiveAfterBusinessDays: null },
        ],
        '2026-12-28',
        berlin,
      ),
    ).toEqual({ attemptsAtLeast: 3, firstUnansweredOnOrBefore: '2026-12-20' });
    // Monday 7 Dec: 5 business days back is Monday 30 Nov.
    expect(
      unresponsiveCandidates([{ maxAttempts: null, unresponsiveAfterBusinessDays: 5 }], '2026-12-07', berlin),
    ).toEqual({ attemptsAtLeast: null, firstUnansweredOnOrBefore: '2026-11-30' });
  });

  it('counts every unanswered line at 0 days, and none by days where no limit counts days', () => {
    expect(
      unresponsiveCandidates([{ maxAttempts: 2, unresponsiveAfterBusinessDays: 0 }], '2026-12-07', berlin),
    ).toEqual({
      attemptsAtLeast: 2,
      firstUnansweredOnOrBefore: '2026-12-07',
    });
    expect(
      unresponsiveCandidates([{ maxAttempts: null, unresponsiveAfterBusinessDays: null }], '2026-12-07', berlin),
    ).toEqual({ attemptsAtLeast: null, firstUnansweredOnOrBefore: null });
  });
});
