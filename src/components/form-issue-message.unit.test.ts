// The plain words forms show for the generated schemas' checks, which carry no messages of their own.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { formIssueMessage } from './FormField';

const messageOf = (schema: z.ZodMiniType, value: unknown) => {
  const result = z.safeParse(schema, value, { error: formIssueMessage });
  return result.success ? null : result.error.issues[0].message;
};

describe('formIssueMessage', () => {
  it.each([
    ['an email', z.email(), 'buyer at example', 'Enter an email address, like buyer@example.com.'],
    ['a date', z.iso.date(), '2026-02-30', 'Enter a date.'],
    ['a date and time', z.iso.datetime(), 'tomorrow', 'Enter a date and time.'],
    ['a URL', z.url(), 'not a url', 'Enter a URL, like https://example.com.'],
    ['a long text', z.string().check(z.maxLength(3)), 'abcd', 'Use at most 3 characters.'],
    ['an empty text', z.string().check(z.minLength(1)), '', 'This field is required.'],
    ['a short text', z.string().check(z.minLength(3)), 'ab', 'Use at least 3 characters.'],
    ['a big number', z.number().check(z.maximum(7)), 8, 'Enter 7 or less.'],
    ['a small number', z.number().check(z.minimum(1)), 0, 'Enter 1 or more.'],
    ['a choice', z.enum(['a', 'b']), 'c', 'Choose one of the options.'],
    ['a missing value', z.string(), undefined, 'This field is required.'],
  ])('words %s', (_, schema, value, message) => {
    expect(messageOf(schema, value)).toBe(message);
  });

  it('keeps a check’s own message', () => {
    const schema = z.string().check(z.minLength(2, 'Two at least.'));
    expect(messageOf(schema, 'a')).toBe('Two at least.');
  });
});
