// Request validation with the zod schemas generated from the contract.
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { badRequest } from './errors.ts';

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

/** The JSON body, parsed and validated; malformed JSON and unknown fields are 400s. */
export async function jsonBody<T>(c: Context, schema: Schema<T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw badRequest('Send the body as application/json.');
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw badRequest('The body is not valid JSON.');
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
