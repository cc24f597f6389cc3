// Request validation with the zod schemas generated from the contract.
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { badRequest } from './errors.ts';
import { findUnstorable, jsonTooDeep, MAX_JSON_DEPTH } from './input-guard.ts';

type Schema<T> = z.ZodMiniType<T>;

function describeIssue(issue: z.core.$ZodIssue, prefix: string): { field: string | undefined; message: string } {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = [...path, key].join('.');
    return { field: prefix ? `${prefix}.${field}` : field, message: `Unknown field "${field}".` };
  }
  const joined = path.join('.');
  const field = prefix ? (joined ? `${prefix}.${joined}` : prefix) : joined || undefined;
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}

export function parseWith<T>(schema: Schema<T>, value: unknown, prefix = ''): T {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const { field, message } = describeIssue(result.error.issues[0], prefix);
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
  return parseWith(schema, raw);
}

/** Query parameters (repeated ones as arrays), validated. */
export function queryParams<T>(c: Context, schema: Schema<T>, arrays: readonly string[] = []): T {
  const url = new URL(c.req.url);
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = arrays.includes(key) ? all : all[all.length - 1];
  }
  return parseWith(schema, out);
}
