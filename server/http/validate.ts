// Request validation with the zod schemas generated from the contract.
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { badRequest } from './errors.ts';
import { findUnstorable, jsonTooDeep, MAX_JSON_DEPTH } from './input-guard.ts';

type Schema<T> = z.ZodMiniType<T>;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
  bigint: 'a whole number',
  date: 'a date',
};

const FORMATS: Record<string, string> = {
  email: 'is not an email address',
  date: 'is not a date (YYYY-MM-DD)',
  datetime: 'is not a date and time (ISO 8601, like 2026-12-07T09:00:00Z)',
  time: 'is not a time (HH:MM)',
  url: 'is not a URL',
  uuid: 'is not a UUID',
};

const listed = (values: readonly unknown[]) =>
  values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');

/**
 * What is wrong with a value, in words that follow its field's name ("replyTo is not an email address"): the
 * generated schemas carry no messages, and zod's own without a locale are "Invalid input" whatever the check.
 */
function issuePhrase(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern) return `does not match the pattern ${issue.pattern}`;
      return FORMATS[issue.format] ?? `is not a valid ${issue.format}`;
    case 'too_big': {
      const at = issue.inclusive === false ? 'less than' : 'at most';
      if (issue.origin === 'string') return `is longer than ${String(issue.maximum)} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `has more than ${String(issue.maximum)} items`;
      return `must be ${at} ${String(issue.maximum)}`;
    }
    case 'too_small': {
      const at = issue.inclusive === false ? 'more than' : 'at least';
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'may not be empty' : `needs at least ${String(issue.minimum)} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'item' : 'items'}`;
      return `must be ${at} ${String(issue.minimum)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${listed(issue.values)}` : `must be one of ${listed(issue.values)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union': {
      const expected = issue.errors.flatMap((errors) =>
        errors.length === 1 && errors[0].code === 'invalid_type' && errors[0].path.length === 0
          ? [TYPE_NAMES[errors[0].expected] ?? errors[0].expected]
          : [],
      );
      return expected.length === issue.errors.length ? `must be ${expected.join(' or ')}` : 'is not valid';
    }
    default:
      return 'is not valid';
  }
}

/** The field a path names, under `prefix` when the value is part of a larger one; undefined for the whole value. */
function fieldOf(prefix: string, path: readonly string[]): string | undefined {
  const joined = path.join('.');
  return prefix ? (joined ? `${prefix}.${joined}` : prefix) : joined || undefined;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  prefix: string,
  subject: string,
): { field: string | undefined; message: string } {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = [...path, key].join('.');
    return { field: prefix ? `${prefix}.${field}` : field, message: `Unknown field "${field}".` };
  }
  const field = fieldOf(prefix, path);
  // A check with a message of its own (a refinement) keeps it.
  const phrase = issue.message && issue.message !== 'Invalid input' ? null : issuePhrase(issue);
  if (phrase === null) return { field, message: field ? `${field}: ${issue.message}` : issue.message };
  return { field, message: `${field ?? subject} ${phrase}.` };
}

/** What a zod mini schema's definition holds that the walk below reads. */
interface SchemaDef {
  type: string;
  format?: string;
  innerType?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  options?: readonly unknown[];
  in?: unknown;
}

/** A schema's definition, or null for anything that is not a schema. */
function defOf(schema: unknown): SchemaDef | null {
  const zod = (schema as { _zod?: { def?: SchemaDef } } | null | undefined)?._zod;
  return zod?.def && typeof zod.def.type === 'string' ? zod.def : null;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * The path of a date or date-time in year 0000: ISO 8601 writes it and the schemas' formats take it, but the database
 * holds no year 0 (it would refuse the write without naming the field). Walks the value along its schema, so only
 * fields that are dates count.
 */
function yearZeroAt(schema: unknown, value: unknown, path: string[]): string[] | null {
  const def = defOf(schema);
  if (!def || value === undefined || value === null) return null;
  if (WRAPPERS.has(def.type)) return yearZeroAt(def.innerType, value, path);
  if (def.type === 'pipe') return yearZeroAt(def.in, value, path);
  if (def.type === 'string') {
    const dated = def.format === 'date' || def.format === 'datetime';
    return dated && typeof value === 'string' && value.startsWith('0000-') ? path : null;
  }
  if (def.type === 'object' && def.shape && typeof value === 'object') {
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      const found = Object.hasOwn(def.shape, key) ? yearZeroAt(def.shape[key], field, [...path, key]) : null;
      if (found) return found;
    }
    return null;
  }
  if (def.type === 'array' && Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = yearZeroAt(def.element, item, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (def.type === 'union' && def.options) {
    for (const option of def.options) {
      const found = yearZeroAt(option, value, path);
      if (found) return found;
    }
  }
  return null;
}

export function parseWith<T>(schema: Schema<T>, value: unknown, prefix = '', subject = 'The value'): T {
  // With its input, so a missing field (undefined) is told from one of the wrong type; messages never repeat it.
  const result = z.safeParse(schema, value, { reportInput: true });
  if (result.success) {
    const zero = yearZeroAt(schema, value, []);
    if (zero) {
      const field = fieldOf(prefix, zero);
      throw badRequest(`${field ?? subject} is not a date that can be stored: years start at 0001.`, field);
    }
    return result.data;
  }
  const { field, message } = describeIssue(result.error.issues[0], prefix, subject);
  throw badRequest(message, field);
}

/**
 * The JSON body, parsed and validated; malformed JSON, nesting deeper than
 * MAX_JSON_DEPTH, text the database cannot store and unknown fields are 400s.
 * (Its size is bounded before it is read: see bodyLimits in app.ts.)
 */
export async function jsonBody<T>(c: Context, schema: Schema<T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw badRequest('Send the body as application/json.');
  const text = await c.req.text();
  if (jsonTooDeep(text)) throw badRequest(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
  const unstorable = findUnstorable(raw);
  if (unstorable) {
    const field = unstorable.field || undefined;
    throw badRequest(`${unstorable.field || 'The body'} ${unstorable.reason}.`, field);
  }
  return parseWith(schema, raw, '', 'The body');
}

/** Query parameters (repeated ones as arrays), validated. */
export function queryParams<T>(c: Context, schema: Schema<T>, arrays: readonly string[] = []): T {
  const url = new URL(c.req.url);
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    // A parameter that takes one value, given two, is refused rather than one of them picked: the pick would
    // differ from what another reader of the query took (the embed scope check, a proxy, a log).
    if (!arrays.includes(key) && all.some((value) => value !== all[0])) {
      throw badRequest(`${key} is given more than once with different values; give it once.`, key);
    }
    out[key] = arrays.includes(key) ? all : all[0];
  }
  return parseWith(schema, out);
}
