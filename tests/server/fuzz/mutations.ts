// One mutation of a valid call, driven by the spec: a fast-check arbitrary
// picks the part (a path value, a query parameter, a field of the JSON body
// or of the form, the raw body, a header) and what to put there. Only that
// part changes, so most requests get past authentication to the handler.
import fc from 'fast-check';
import type { Tenant } from '../support/harness.ts';
import { parametersOf, resolve, type Operation, type Schema } from '../support/spec.ts';
import type { Body, FuzzRequest } from './request.ts';
import {
  encodeLoose,
  weirdKey,
  weirdNumber,
  weirdPageToken,
  weirdPathValue,
  weirdQueryValue,
  weirdString,
  wrongType,
  type Weird,
} from './values.ts';

export interface Mutation {
  /** path, query, body, form or header */
  part: string;
  /** The class of the odd value (failures are grouped by part and class). */
  cls: string;
  /** What was changed, for people. */
  label: string;
  apply(req: FuzzRequest, t: Tenant): FuzzRequest;
}

type Path = (string | number)[];

/** A short, printable form of any value: escapes shown, long runs of one character counted. */
export function preview(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  const squeezed = text.replace(/(.)\1{15,}/gsu, (run: string, ch: string) => `${ch}…×${run.length / ch.length}`);
  return squeezed.length > max ? `${squeezed.slice(0, max)}…(${squeezed.length} chars)` : squeezed;
}

const dotted = (at: Path) =>
  at.length
    ? at.map((k) => (typeof k === 'number' || /^[\w$]{1,40}$/.test(k) ? String(k) : preview(k, 40))).join('.')
    : '(the whole body)';

/** The object schema behind $refs, allOf and a nullable oneOf. */
function shapeOf(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  const s = resolve(schema);
  if (s.oneOf) return shapeOf(s.oneOf.find((o) => resolve(o).type !== 'null') ?? s.oneOf[0]);
  if (s.allOf && s.allOf.length > 1) {
    const parts = s.allOf.map((p) => shapeOf(p) ?? {});
    return {
      ...s,
      allOf: undefined,
      properties: Object.assign({}, ...parts.map((p) => p.properties), s.properties) as Record<string, Schema>,
    };
  }
  return s;
}

const typesOf = (schema: Schema | undefined): string[] => {
  const s = shapeOf(schema);
  return s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
};

interface Position {
  at: Path;
  present: boolean;
  schema: Schema | undefined;
}

/** Every node of the valid body, and every field the spec declares that the body leaves out. */
function positionsOf(value: unknown, schema: Schema | undefined, at: Path = []): Position[] {
  const out: Position[] = [{ at, present: true, schema }];
  const shape = shapeOf(schema);
  if (Array.isArray(value)) {
    value.slice(0, 3).forEach((v, i) => out.push(...positionsOf(v, shape?.items, [...at, i])));
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const declared = shape?.properties ?? {};
    for (const key of new Set([...Object.keys(record), ...Object.keys(declared)])) {
      if (key in record) out.push(...positionsOf(record[key], declared[key], [...at, key]));
      else out.push({ at: [...at, key], present: false, schema: declared[key] });
    }
  }
  return out;
}

/** The value with the node at `at` replaced (or removed, for undefined). */
function setIn(value: unknown, at: Path, next: unknown): unknown {
  if (at.length === 0) return next;
  const [head, ...rest] = at;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy: unknown[] = [...(value as unknown[])];
    if (next === undefined && rest.length === 0) copy.splice(head, 1);
    else copy[head] = setIn(copy[head], rest, next);
    return copy;
  }
  const record: Record<string, unknown> =
    typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {};
  const key = String(head);
  if (next === undefined && rest.length === 0) Reflect.deleteProperty(record, key);
  // defineProperty: a key named __proto__ is an own field, as JSON.parse makes it.
  else Object.defineProperty(record, key, { value: setIn(record[key], rest, next), enumerable: true, writable: true });
  return record;
}

function getIn(value: unknown, at: Path): unknown {
  let node = value;
  for (const key of at)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

const withBody = (req: FuzzRequest, body: Body): FuzzRequest => ({ ...req, body });
const jsonOf = (req: FuzzRequest): unknown => (req.body.kind === 'json' ? req.body.value : undefined);

/**
 * Values the spec allows for the field, at its edges (far dates, the longest
 * text, the largest decimal, each enum value, null where allowed): they get
 * past validation to the route's own code.
 */
function extremesOf(schema: Schema | undefined): Weird<unknown>[] {
  const s = shapeOf(schema);
  if (!s) return [];
  const types = typesOf(s);
  const out: Weird<unknown>[] = [];
  const add = (cls: string, ...values: unknown[]) => out.push(...values.map((value) => ({ cls, value })));
  if (s.enum) add('valid enum value', ...s.enum);
  if (s.pattern?.includes('\\d{1,15}')) {
    add('valid extreme: decimal', '999999999999999.999999', '-999999999999999.999999', '0.000001', '0', '-0');
  }
  if (s.format === 'date') add('valid extreme: date', '0001-01-01', '9999-12-31', '1970-01-01', '2028-02-29');
  if (s.format === 'date-time') {
    add(
      'valid extreme: date-time',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '2027-01-01T00:00:00+14:00',
      '1970-01-01T00:00:00Z',
    );
  }
  if (s.format === 'email') add('valid extreme: email', `${'a'.repeat(64)}@${'b'.repeat(63)}.test`, 'a@b');
  if (s.format === 'uri') add('valid extreme: uri', 'javascript:alert(1)', 'http://[::1]:0/', 'x:');
  if (types.includes('integer') || types.includes('number')) {
    add('valid extreme: number', s.minimum ?? -(2 ** 53 - 1), s.maximum ?? 2 ** 53 - 1, 2 ** 31 - 1, -(2 ** 31));
  }
  if (types.includes('string') && s.maxLength && !s.enum && !s.format && !s.pattern) {
    add('valid extreme: longest text', 'x'.repeat(s.maxLength), 'é'.repeat(s.maxLength), ' '.repeat(s.maxLength));
  }
  if (types.includes('null')) add('null where allowed', null);
  return out;
}

/** A value for the field, biased to its declared type and edges, but any JSON type may come. */
function fieldValue(schema: Schema | undefined): fc.Arbitrary<Weird<unknown>> {
  const types = typesOf(schema);
  const text = types.includes('string');
  const number = types.includes('integer') || types.includes('number');
  const extremes = extremesOf(schema);
  const choices: { weight: number; arbitrary: fc.Arbitrary<Weird<unknown>> }[] = [
    { weight: text ? 6 : 2, arbitrary: weirdString },
    { weight: number ? 5 : 1, arbitrary: weirdNumber },
    { weight: 2, arbitrary: wrongType },
  ];
  if (extremes.length) choices.push({ weight: 4, arbitrary: fc.constantFrom(...extremes) });
  return fc.oneof(...choices);
}

function bodyMutations(valid: unknown, schema: Schema): fc.Arbitrary<Mutation>[] {
  const positions = positionsOf(valid, schema);
  const present = positions.filter((p) => p.present && p.at.length > 0);
  const objects = positions.filter((p) => {
    const v = getIn(valid, p.at);
    return p.present && typeof v === 'object' && v !== null && !Array.isArray(v);
  });
  const arbs: fc.Arbitrary<Mutation>[] = [
    fc
      .constantFrom(...positions)
      .chain((p) => fieldValue(p.schema).map((w) => ({ p, w })))
      .map(({ p, w }) => ({
        part: 'body',
        cls: w.cls,
        label: `body ${dotted(p.at)} ← ${preview(w.value)}`,
        apply: (req) => withBody(req, { kind: 'json', value: setIn(jsonOf(req), p.at, w.value) }),
      })),
  ];
  if (present.length) {
    arbs.push(
      fc.constantFrom(...present).map((p) => ({
        part: 'body',
        cls: 'field left out',
        label: `body ${dotted(p.at)} left out`,
        apply: (req) => withBody(req, { kind: 'json', value: setIn(jsonOf(req), p.at, undefined) }),
      })),
    );
  }
  if (objects.length) {
    arbs.push(
      // An undeclared field: its name is the odd part, its value plain.
      fc.tuple(fc.constantFrom(...objects), weirdKey).map(([p, key]) => ({
        part: 'body',
        cls: key.cls === 'unknown field' ? 'unknown field' : `field name: ${key.cls}`,
        label: `body ${dotted([...p.at, key.value])} (undeclared) ← "x"`,
        apply: (req) => withBody(req, { kind: 'json', value: setIn(jsonOf(req), [...p.at, key.value], 'x') }),
      })),
    );
  }
  // A number literal JSON.stringify cannot write, put in the text where the field's value was.
  const MARK = '\u0001fuzz-literal\u0001';
  arbs.push(
    fc
      .tuple(
        fc.constantFrom(...positions),
        fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '1e-999', '-0.0e0', '0.1e400'),
      )
      .map(([p, literal]) => ({
        part: 'body',
        cls: 'huge number literal',
        label: `body ${dotted(p.at)} ← ${literal}`,
        apply: (req) =>
          withBody(req, {
            kind: 'raw',
            data: JSON.stringify(setIn(jsonOf(req), p.at, MARK)).replace(JSON.stringify(MARK), literal),
          }),
      })),
  );
  return arbs;
}

const nest = (open: string, middle: string, close: string, depth: number) =>
  open.repeat(depth) + middle + close.repeat(depth);

/** Bodies that are not the JSON the operation takes, as text or bytes; `$JSON` is the valid body's text. */
const rawBodies: fc.Arbitrary<Weird<string | Uint8Array> & { contentType?: string | null }> = fc.oneof(
  fc
    .constantFrom(
      '{',
      '{"a":}',
      '[1,]',
      "{'a':1}",
      'undefined',
      'NaN',
      '{"a":1}{"b":2}',
      '{"a":"\u0000"}',
      '\u0000',
      '$JSON,',
      '$JSON\u0000',
      '$JSON$JSON',
    )
    .map((value) => ({ cls: 'malformed JSON', value })),
  fc.constantFrom('', ' ').map((value) => ({ cls: 'empty body', value })),
  fc
    .constantFrom('null', '0', '"x"', 'true', '[]', '{}', '[$JSON]')
    .map((value) => ({ cls: 'JSON of another shape', value })),
  fc.constant({ cls: 'byte order mark', value: '\uFEFF$JSON' }),
  fc
    .constantFrom(nest('[', '', ']', 33), nest('[', '', ']', 10_000), nest('{"a":', '1', '}', 2_000))
    .map((value) => ({ cls: 'deep nesting', value })),
  fc
    .constantFrom(`[${'0,'.repeat(100_000)}0]`, `{${Array.from({ length: 5_000 }, (_, i) => `"k${i}":0`).join(',')}}`)
    .map((value) => ({ cls: 'wide JSON', value })),
  fc
    .constantFrom(
      Uint8Array.from([0xff, 0xfe, 0xfd]),
      Uint8Array.from(
        Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      ),
    )
    .map((value) => ({ cls: 'invalid UTF-8', value })),
  fc
    .constantFrom<string | null>(
      null,
      '',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/jsonx',
      'application/json\u00e9',
    )
    .map((contentType) => ({ cls: 'wrong content type', value: '$JSON', contentType })),
);

function rawBodyMutation(): fc.Arbitrary<Mutation> {
  return rawBodies.map((w) => ({
    part: 'raw body',
    cls: w.cls,
    label:
      w.contentType !== undefined
        ? `the valid body as content type ${preview(w.contentType)}`
        : `body ${typeof w.value === 'string' ? preview(w.value) : `bytes ${Buffer.from(w.value).toString('hex')}`}`,
    apply: (req) => {
      const json = req.body.kind === 'json' ? JSON.stringify(req.body.value) : '';
      const data = typeof w.value === 'string' ? w.value.replaceAll('$JSON', json) : w.value;
      const next = withBody(req, { kind: 'raw', data });
      return w.contentType === undefined
        ? next
        : { ...next, headers: { ...next.headers, 'content-type': w.contentType } };
    },
  }));
}

const CSV = 'PO Number,Supplier,Line,Qty\nPO-1,Acme,10,5\n';

function formMutations(entries: [string, FormDataEntryValue][]): fc.Arbitrary<Mutation>[] {
  const indexes = entries.map((_, i) => i);
  const texts = indexes.filter((i) => typeof entries[i][1] === 'string');
  const fileIndex = entries.findIndex(([, v]) => typeof v !== 'string');
  const formOf = (req: FuzzRequest) => (req.body.kind === 'form' ? req.body.entries : []);
  const changed = (req: FuzzRequest, next: [string, FormDataEntryValue][]) =>
    withBody(req, { kind: 'form', entries: next });
  const arbs: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...indexes).map((i) => ({
      part: 'form',
      cls: 'field left out',
      label: `form ${entries[i][0]} left out`,
      apply: (req) =>
        changed(
          req,
          formOf(req).filter((_, j) => j !== i),
        ),
    })),
    fc.tuple(fc.constantFrom(...indexes), weirdString).map(([i, w]) => ({
      part: 'form',
      cls: `repeated field: ${w.cls}`,
      label: `form ${entries[i][0]} sent again ← ${preview(w.value)}`,
      apply: (req) => changed(req, [...formOf(req), [entries[i][0], w.value]]),
    })),
    weirdKey.map((key) => ({
      part: 'form',
      cls: key.cls === 'unknown field' ? 'unknown field' : `field name: ${key.cls}`,
      label: `form ${preview(key.value)} (undeclared) ← "x"`,
      apply: (req) => changed(req, [...formOf(req), [key.value, 'x']]),
    })),
    weirdString.map((w) => ({
      part: 'form',
      cls: `unknown field: ${w.cls}`,
      label: `form unexpectedField (undeclared) ← ${preview(w.value)}`,
      apply: (req) => changed(req, [...formOf(req), ['unexpectedField', w.value]]),
    })),
  ];
  if (texts.length) {
    arbs.push(
      fc.tuple(fc.constantFrom(...texts), weirdString).map(([i, w]) => ({
        part: 'form',
        cls: w.cls,
        label: `form ${entries[i][0]} ← ${preview(w.value)}`,
        apply: (req) =>
          changed(
            req,
            formOf(req).map((e, j): [string, FormDataEntryValue] => (j === i ? [e[0], w.value] : e)),
          ),
      })),
    );
  }
  if (fileIndex >= 0) {
    const name = entries[fileIndex][0];
    const replaceFile = (req: FuzzRequest, make: (file: File) => FormDataEntryValue) =>
      changed(
        req,
        formOf(req).map((e, j): [string, FormDataEntryValue] =>
          j === fileIndex && typeof e[1] !== 'string' ? [e[0], make(e[1])] : e,
        ),
      );
    arbs.push(
      weirdString.map((w) => ({
        part: 'form',
        cls: `file name: ${w.cls}`,
        label: `form ${name} named ${preview(w.value)}`,
        apply: (req) => replaceFile(req, (file) => new File([file], w.value, { type: file.type })),
      })),
      fc
        .constantFrom<[string, string | Uint8Array]>(
          ['NUL bytes', new Uint8Array(64)],
          ['empty file', ''],
          ['NUL in cells', 'PO Number,Supplier,Line,Qty\nPO-1\u0000,Ac\u0000me,10,5\n'],
          ['lone surrogate in cells', 'PO Number,Supplier,Line,Qty\nPO-\uD800,Acme,10,5\n'],
          ['invalid UTF-8', Uint8Array.from([...Buffer.from('PO Number,Qty\nPO-'), 0xff, 0xfe, 0x2c, 0x31, 0x0a])],
          ['huge numbers', 'PO Number,Supplier,Line,Qty\nPO-1,Acme,1e309,-99999999999999999999999\n'],
          ['one very long line', `PO Number,Supplier\n${'x'.repeat(300_000)},Acme\n`],
          ['formula cells', 'PO Number,Supplier,Line,Qty\n=cmd|"/c calc"!A1,@SUM(1),+1,-1\n'],
          ['byte order mark', `\uFEFF${CSV}`],
          ['UTF-16', Uint8Array.from(Buffer.from(`\uFEFF${CSV}`, 'utf16le'))],
        )
        .map(([what, content]) => ({
          part: 'form',
          cls: `file content: ${what}`,
          label: `form ${name} with ${what}`,
          apply: (req) =>
            replaceFile(
              req,
              (file) =>
                new File([typeof content === 'string' ? content : new Uint8Array(content)], file.name, {
                  type: file.type,
                }),
            ),
        })),
      fc.constantFrom('', 'text/html', 'application/x-msdownload', 'image/png', 'text/csv\u00e9').map((type) => ({
        part: 'form',
        cls: 'file content type',
        label: `form ${name} as ${preview(type)}`,
        apply: (req) => replaceFile(req, (file) => new File([file], file.name, { type })),
      })),
      weirdString.map((w) => ({
        part: 'form',
        cls: `file sent as text: ${w.cls}`,
        label: `form ${name} as a text value ${preview(w.value)}`,
        apply: (req) => replaceFile(req, () => w.value),
      })),
    );
  }
  return arbs;
}

function pathMutation(template: string): fc.Arbitrary<Mutation> | null {
  const params = template
    .split('/')
    .map((seg, index) => ({ seg, index }))
    .filter(({ seg }) => seg.startsWith('{'));
  if (!params.length) return null;
  return fc.tuple(fc.constantFrom(...params), weirdPathValue).map(([{ seg, index }, w]) => ({
    part: 'path',
    cls: w.cls,
    label: `path ${seg} ← ${preview(w.value)}`,
    apply: (req, t) => {
      const valid = req.segments[index];
      const value = w.value
        .replaceAll('$LOWER', valid.toLowerCase())
        .replaceAll('$SHORT', valid.slice(0, -3))
        .replaceAll('$VALID', valid)
        .replaceAll('$VENDOR', t.vendorSid)
        .replaceAll('$ORG', t.organizationSid)
        .replaceAll('$USER', t.buyer.userSid);
      return { ...req, segments: req.segments.map((s, i) => (i === index ? value : s)) };
    },
  }));
}

const PAGE_TOKENS = new Set(['pageToken', 'cursor']);

function queryMutations(op: Operation, valid: FuzzRequest): fc.Arbitrary<Mutation>[] {
  const declared = parametersOf(op).filter((p) => p.in === 'query');
  const names = [...new Set([...declared.map((p) => p.name), ...valid.query.map(([k]) => decodeURIComponent(k))])];
  const schemaOf = (name: string) => {
    const s = declared.find((p) => p.name === name)?.schema;
    const shape = s ? shapeOf(s) : undefined;
    return shape?.type === 'array' ? shapeOf(shape.items) : shape;
  };
  const valueFor = (name: string): fc.Arbitrary<Weird<string>> => {
    if (PAGE_TOKENS.has(name))
      return fc.oneof({ weight: 3, arbitrary: weirdPageToken }, { weight: 1, arbitrary: weirdString });
    const s = schemaOf(name);
    const type = Array.isArray(s?.type) ? s.type.find((x) => x !== 'null') : s?.type;
    const extremes = extremesOf(s)
      .filter((w) => w.value !== null)
      .map((w) => ({ cls: w.cls, value: String(w.value) }));
    return extremes.length
      ? fc.oneof(
          { weight: 3, arbitrary: weirdQueryValue(type, s?.format) },
          { weight: 1, arbitrary: fc.constantFrom(...extremes) },
        )
      : weirdQueryValue(type, s?.format);
  };
  const without = (req: FuzzRequest, name: string) =>
    req.query.filter(([k]) => {
      try {
        return decodeURIComponent(k) !== name;
      } catch {
        return true;
      }
    });
  const arbs: fc.Arbitrary<Mutation>[] = [
    // An undeclared parameter: an odd name with a plain value, or a plain name with an odd value.
    weirdKey.map((key) => ({
      part: 'query',
      cls: key.cls === 'unknown field' ? 'unknown parameter' : `parameter name: ${key.cls}`,
      label: `query ${preview(key.value)} (undeclared) = "1"`,
      apply: (req) => ({ ...req, query: [...req.query, [encodeLoose(key.value), '1']] }),
    })),
    weirdString.map((w) => ({
      part: 'query',
      cls: `unknown parameter: ${w.cls}`,
      label: `query unexpectedParam (undeclared) = ${preview(w.value)}`,
      apply: (req) => ({ ...req, query: [...req.query, ['unexpectedParam', encodeLoose(w.value)]] }),
    })),
    fc.constantFrom('%', '%zz', '=x', '&&&', 'a=%E0%A4%A', '%00=1', 'a=1&a', '?').map((raw) => ({
      part: 'query',
      cls: 'malformed query string',
      label: `query string ends with ${preview(raw)}`,
      apply: (req) => ({ ...req, query: [...req.query, [raw, null]] }),
    })),
  ];
  if (!names.length) return arbs;
  const name = fc.constantFrom(...names);
  arbs.push(
    name
      .chain((n) => valueFor(n).map((w) => ({ n, w })))
      .map(({ n, w }) => ({
        part: 'query',
        cls: w.cls,
        label: `query ${n} = ${preview(w.value)}`,
        apply: (req) => ({ ...req, query: [...without(req, n), [encodeURIComponent(n), encodeLoose(w.value)]] }),
      })),
    name
      .chain((n) => valueFor(n).map((w) => ({ n, w })))
      .map(({ n, w }) => ({
        part: 'query',
        cls: `repeated parameter: ${w.cls}`,
        label: `query ${n} sent again = ${preview(w.value)}`,
        apply: (req) => ({ ...req, query: [...req.query, [encodeURIComponent(n), encodeLoose(w.value)]] }),
      })),
    name.map((n) => ({
      part: 'query',
      cls: 'bare parameter',
      label: `query ${n} without a value`,
      apply: (req) => ({ ...req, query: [...without(req, n), [encodeURIComponent(n), null]] }),
    })),
  );
  const present = valid.query.map(([k]) => k);
  if (present.length) {
    arbs.push(
      fc.constantFrom(...present).map((k) => ({
        part: 'query',
        cls: 'parameter left out',
        label: `query ${k} left out`,
        apply: (req) => ({ ...req, query: req.query.filter(([x]) => x !== k) }),
      })),
    );
  }
  return arbs;
}

function headerMutations(method: string): fc.Arbitrary<Mutation>[] {
  const header = (name: string, cls: string, values: string[]) =>
    fc.constantFrom(...values).map((value) => ({
      part: 'header',
      cls,
      label: `${name}: ${preview(value)}`,
      apply: (req: FuzzRequest): FuzzRequest => {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        return { ...req, headers: { ...req.headers, [name]: value.replaceAll('$TOKEN', token) } };
      },
    }));
  const arbs = [
    header('authorization', 'bad credentials', [
      'Bearer $TOKENx',
      'Bearer',
      'Basic Zm9vOmJhcg==',
      `Bearer ${'a'.repeat(8_000)}`,
      '$TOKEN',
      'Bearer $TOKEN, Bearer $TOKEN',
      'bearer   $TOKEN',
    ]),
    header('x-forwarded-for', 'odd X-Forwarded-For', [
      'not-an-ip',
      '1.1.1.1, 2.2.2.2',
      'x'.repeat(1_000),
      '::1',
      '999.999.999.999',
      '',
      '127.0.0.1%00',
    ]),
    fc.constantFrom('%00', 'x'.repeat(5_000), '"', '%E0%A4%A', '$TOKEN').map((value) => ({
      part: 'header',
      cls: 'session cookie',
      label: `a session cookie ${preview(value)} instead of a bearer token`,
      apply: (req: FuzzRequest): FuzzRequest => {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        return {
          ...req,
          headers: {
            ...req.headers,
            authorization: null,
            cookie: `factor_session=${value.replaceAll('$TOKEN', token)}`,
          },
        };
      },
    })),
  ];
  if (method === 'POST') {
    arbs.push(
      header('idempotency-key', 'odd Idempotency-Key', [
        '',
        ' ',
        'k'.repeat(256),
        'k'.repeat(10_000),
        'cl\u00e9',
        '\u007f',
        'a\tb',
        'fuzz-key',
      ]),
    );
  }
  if (method === 'PATCH' || method === 'PUT' || method === 'DELETE') {
    arbs.push(
      header('if-match', 'odd If-Match', [
        '"abc"',
        'W/"1"',
        '*',
        '-1',
        '1e400',
        '99999999999999999999',
        '0',
        '"1", "2"',
        '1.5',
        '',
      ]),
    );
  }
  return arbs;
}

/** The arbitrary of one-part mutations of the operation's valid call. */
export function mutationsOf(
  template: string,
  method: string,
  op: Operation,
  valid: FuzzRequest,
): fc.Arbitrary<Mutation> {
  const weighted: { weight: number; arbitrary: fc.Arbitrary<Mutation> }[] = [];
  const path = pathMutation(template);
  if (path) weighted.push({ weight: 6, arbitrary: path });
  for (const arbitrary of queryMutations(op, valid)) weighted.push({ weight: 2, arbitrary });
  const json = op.requestBody?.content['application/json']?.schema;
  if (json && valid.body.kind === 'json') {
    for (const arbitrary of bodyMutations(valid.body.value, json)) weighted.push({ weight: 3, arbitrary });
    weighted.push({ weight: 2, arbitrary: rawBodyMutation() });
  }
  if (valid.body.kind === 'form') {
    for (const arbitrary of formMutations(valid.body.entries)) weighted.push({ weight: 2, arbitrary });
  }
  for (const arbitrary of headerMutations(method)) weighted.push({ weight: 1, arbitrary });
  return fc.oneof(...weighted);
}
