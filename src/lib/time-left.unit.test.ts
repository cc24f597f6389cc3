import { describe, expect, it } from 'vitest';
import { secondsLeft, timeLeftText } from './time-left';

describe('secondsLeft', () => {
  it('applies the rate since the first look to the rows left', () => {
    // 3,000 rows in 2 s: 1,500 rows/s; 6,000 left: 4 s.
    expect(secondsLeft({ at: 1_000, done: 1_000 }, { at: 3_000, done: 4_000 }, 10_000)).toBe(4);
  });

  it('says nothing until the looks are a second apart with rows done between them, or once all is done', () => {
    expect(secondsLeft({ at: 0, done: 10 }, { at: 900, done: 500 }, 1_000)).toBeNull();
    expect(secondsLeft({ at: 0, done: 10 }, { at: 5_000, done: 10 }, 1_000)).toBeNull();
    expect(secondsLeft({ at: 0, done: 10 }, { at: 5_000, done: 1_000 }, 1_000)).toBeNull();
  });
});

describe('timeLeftText', () => {
  it.each([
    [3, 'a few seconds left'],
    [9.9, 'a few seconds left'],
    [10, 'about 10 seconds left'],
    [23, 'about 25 seconds left'],
    [57, 'about 55 seconds left'],
    [58, 'about a minute left'],
    [89, 'about a minute left'],
    [95, 'about 2 minutes left'],
    [600, 'about 10 minutes left'],
  ])('%d s: %s', (seconds, text) => {
    expect(timeLeftText(seconds)).toBe(text);
  });
});
