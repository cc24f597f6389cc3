// The odd values the fuzz puts where a valid one was, each with its class
// (failures are grouped by it): NUL and other control characters, lone
// surrogates, very long and unicode text, NaN-like and number-like strings,
// huge and negative numbers, wrong JSON types, malformed page tokens and path
// values.
import fc from 'fast-check';

/** A value in place of a valid one, and the class of oddness it stands for. */
export interface Weird<T> {
  cls: string;
  value: T;
}

function of<T>(cls: string, ...values: T[]): fc.Arbitrary<Weird<T>> {
  return fc.constantFrom(...values).map((value) => ({ cls, value }));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\u0001-\u001f\u007f-\u009f]/;

/** The class of a generated string. */
function classOf(value: string): string {
  if (value.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(value)) return 'lone surrogate';
  if (CONTROL.test(value)) return 'control characters';
  return 'random text';
}

/** Over the 64 KB a JSON body may have on most operations. */
const HUGE = 'x'.repeat(100_000);

/** Odd text for any string field, query parameter or form value. */
export const weirdString: fc.Arbitrary<Weird<string>> = fc.oneof(
  { weight: 3, arbitrary: of('NUL', '\u0000', 'a\u0000b', 'PO-1\u0000', '\u0000'.repeat(64)) },
  {
    weight: 2,
    arbitrary: of(
      'control characters',
      '\u0001\u0002\u0003',
      '\u001b[2J',
      'a\r\nb',
      '\t',
      '\u007f',
      '\u0085',
      '\u2028\u2029',
      '\b\f\v',
    ),
  },
  { weight: 2, arbitrary: of('lone surrogate', '\uD800', 'a\uDFFFb', '\uDBFF', 'x\uDC00\uD800y') },
  { weight: 2, arbitrary: of('long text', 'x'.repeat(256), 'x'.repeat(1_000), 'é'.repeat(5_000), 'x'.repeat(20_000)) },
  { weight: 1, arbitrary: of('text over 64 KB', HUGE) },
  {
    weight: 2,
    arbitrary: of(
      'unicode',
      'Ünïcödé',
      '🙂',
      'e\u0301',
      '\uFEFFbom',
      'ｆｕｌｌ',
      '\u202Eevil',
      '中文',
      '\u00a0',
      '𝕏'.repeat(100),
    ),
  },
  {
    weight: 1,
    arbitrary: of('NaN-like', 'NaN', 'Infinity', '-Infinity', 'undefined', 'null', 'true', '[object Object]'),
  },
  {
    weight: 1,
    arbitrary: of(
      'number-like',
      '-1',
      '0',
      '1e309',
      '-0',
      '0x1F',
      '99999999999999999999999',
      '1.5',
      '1e-400',
      ' 42 ',
      '١٢',
    ),
  },
  {
    weight: 1,
    arbitrary: of(
      'date-like',
      '2027-02-30',
      '2027-13-01',
      '0000-01-01',
      '9999-12-31',
      '+275760-09-13',
      '-000001-01-01',
      '2027-01-01T25:00:00Z',
      '2027-01-01T00:00:00+99:00',
      'infinity',
      '-infinity',
      'epoch',
      'now',
      'allballs',
      '2027-1-1',
    ),
  },
  {
    weight: 1,
    arbitrary: of(
      'injection',
      "' OR '1'='1",
      '"; drop table orders; --',
      '%',
      '_',
      '\\',
      '${7*7}',
      '<script>alert(1)</script>',
      '../../etc/passwd',
      '__proto__',
    ),
  },
  { weight: 1, arbitrary: of('blank', '', ' ', '   ') },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).map((value) => ({
      cls: classOf(value),
      value,
    })),
  },
);

/** Odd numbers: huge, negative, fractional, zero. */
export const weirdNumber: fc.Arbitrary<Weird<number>> = fc.oneof(
  of('huge number', 1e308, Number.MAX_VALUE, 2 ** 53 + 2, 2 ** 31, 2 ** 63, 1e21),
  of('negative number', -1, -(2 ** 31) - 1, -1e308, -0.5),
  of('fraction', 0.5, 5e-324, 3.14159),
  of('zero', 0, -0),
  fc.integer().map((value) => ({ cls: value < 0 ? 'negative number' : 'random integer', value })),
);

/** Nested arrays, `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

/** Values of a JSON type a field may not have. */
export const wrongType: fc.Arbitrary<Weird<unknown>> = fc.oneof(
  of('null', null),
  of('boolean', true, false),
  of('array', [], [1, 'a'], [null], ['\u0000']),
  of('object', {}, { a: 1 }, { '\u0000': 'x' }),
  of('deep nesting', nested(40), nested(1_000)),
);

/** Odd values for a query parameter of the given declared type (as text, before URL encoding). */
export function weirdQueryValue(type: string | undefined, format: string | undefined): fc.Arbitrary<Weird<string>> {
  const typed =
    type === 'integer' || type === 'number'
      ? of(
          'bad number',
          '-1',
          '0',
          '501',
          '1e3',
          '1.5',
          'NaN',
          'Infinity',
          ' 10',
          '0x10',
          '9'.repeat(30),
          '+5',
          '10abc',
        )
      : type === 'boolean'
        ? of('bad boolean', 'yes', 'TRUE', '1', '0', 'null', 'on', 'tru')
        : format === 'date' || format === 'date-time'
          ? of(
              'bad date',
              '2027-02-30',
              '0000-00-00',
              '+275760-09-13',
              '99999-01-01',
              '2027-01-01T25:00:00Z',
              'infinity',
              'epoch',
              'today',
              '1e9',
            )
          : weirdString;
  return fc.oneof({ weight: 2, arbitrary: typed }, { weight: 1, arbitrary: weirdString });
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Page tokens this server never issued: not base64, not JSON, not a cursor, or a cursor with odd contents. */
export const weirdPageToken: fc.Arbitrary<Weird<string>> = fc.oneof(
  of(
    'malformed page token',
    'not a token',
    '!!!',
    '====',
    'e30',
    b64('null'),
    b64('[]'),
    b64('"k"'),
    b64('{'),
    b64('{"k":1,"s":2,"d":"n"}'),
    b64('{"k":"a","s":"b","d":"x"}'),
    b64('{"k":["a"],"s":{},"d":"p"}'),
    b64('{"__proto__":{"k":"a","s":"b","d":"n"}}'),
    'A'.repeat(600),
  ),
  fc
    .uint8Array({ minLength: 1, maxLength: 48 })
    .map((bytes) => ({ cls: 'malformed page token', value: Buffer.from(bytes).toString('base64url') })),
  // A token of the server's own shape ({ k, s, d }) with an odd boundary key or sid inside.
  fc
    .tuple(
      fc.oneof(weirdString, of('date-like', '2027-01-01T00:00:00Z', '2027-02-30', '+275760-09-13', 'infinity')),
      fc.boolean(),
      fc.constantFrom('n', 'p'),
    )
    .map(([odd, inKey, d]) => ({
      cls: `page token with ${odd.cls} inside`,
      value: b64(
        JSON.stringify(inKey ? { k: odd.value, s: 'OR0000000000', d } : { k: '2027-01-01T00:00:00Z', s: odd.value, d }),
      ),
    })),
);

/**
 * Odd path values, already percent-encoded. `$VALID` stands for the valid
 * value, `$VENDOR`, `$ORG` and `$USER` for sids of other kinds of record.
 */
export const weirdPathValue: fc.Arbitrary<Weird<string>> = fc.oneof(
  { weight: 3, arbitrary: of('NUL', '%00', 'a%00b', '$VALID%00', '%00$VALID') },
  { weight: 2, arbitrary: of('control characters', '%01', '$VALID%0A', '%7F', '%1B', '%0D%0A') },
  {
    weight: 2,
    arbitrary: of(
      'path traversal',
      '..%2F..%2Fetc%2Fpasswd',
      '..%2F',
      '%2E%2E%2F$VALID',
      '..%5C..%5Cwin.ini',
      '$VALID%2F..%2F..',
    ),
  },
  { weight: 2, arbitrary: of('malformed escape', '%', '%zz', '%E0%A4%A', '$VALID%', '%C0%AE') },
  { weight: 2, arbitrary: of('lone surrogate (invalid UTF-8)', '%ED%A0%80', '$VALID%ED%B0%80', '%FF%FE') },
  { weight: 2, arbitrary: of('long text', 'x'.repeat(300), 'x'.repeat(5_000), 'x'.repeat(60_000)) },
  { weight: 2, arbitrary: of('unicode', '%C3%A9', '%F0%9F%99%82', '%EF%BC%A1', '$VALID%CC%81', '%E2%80%AE') },
  {
    weight: 1,
    arbitrary: of('number-like', '-1', '0', '1e309', 'NaN', 'Infinity', '99999999999999999999', '0x10'),
  },
  { weight: 2, arbitrary: of('sid of another kind', '$VENDOR', '$ORG', '$USER') },
  { weight: 1, arbitrary: of('sid variant', '$LOWER', '$VALID%20', '%20$VALID', '$VALIDx', '$SHORT') },
  { weight: 1, arbitrary: of('injection', "'%20OR%20'1'%3D'1", '%25', '%5F', '*', '$VALID%27', '%3Cscript%3E') },
  { weight: 1, arbitrary: of('blank', '%20', '') },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((value) => ({
      cls: classOf(value),
      value: encodeLoose(value),
    })),
  },
);

/** Names for a field or parameter nobody declared. */
export const weirdKey: fc.Arbitrary<Weird<string>> = fc.oneof(
  of('unknown field', 'unexpectedField', '__proto__', 'constructor', 'prototype', 'a.b', '$where', ''),
  of('NUL', '\u0000', 'title\u0000'),
  of('lone surrogate', '\uD800'),
  of('long text', 'k'.repeat(1_000)),
);

/**
 * Percent-encodes any JS string for a URL, lone surrogates too (as the
 * WTF-8 bytes, which are not UTF-8): encodeURIComponent throws on them.
 */
export function encodeLoose(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}
