// What every fuzzed answer must be: no 5xx, a status the spec declares for
// the operation, a body that matches the schema declared for that status;
// and a 4xx writes nothing. Failures are grouped by what went wrong and the
// class of the mutation, each group with the first request that showed it.
import * as z from 'zod/mini';
import { declaredBody, resolve, responseSchema, type Operation, type Schema } from '../support/spec.ts';
import { preview, type Mutation } from './mutations.ts';
import { target, type FuzzRequest, type Outcome } from './request.ts';

/** The first way `value` does not match the (spec's JSON) schema, or null. Enough for the error schemas. */
function mismatch(schema: Schema, value: unknown, at = 'body'): string | null {
  const s = resolve(schema);
  for (const part of s.allOf ?? []) {
    const found = mismatch(part, value, at);
    if (found) return found;
  }
  if (s.oneOf && s.oneOf.every((o) => mismatch(o, value, at) !== null)) return `${at} matches none of its oneOf`;
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const actual =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'number' && Number.isInteger(value)
          ? 'integer'
          : typeof value;
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    return `${at} is ${actual}, not ${types.join(' or ')}`;
  }
  if (s.enum && !s.enum.includes(value)) return `${at} is not one of ${JSON.stringify(s.enum)}`;
  if (actual === 'object' && typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const name of s.required ?? []) if (!(name in record)) return `${at}.${name} is missing`;
    for (const [name, child] of Object.entries(record)) {
      const declared = s.properties?.[name];
      if (declared) {
        const found = mismatch(declared, child, `${at}.${name}`);
        if (found) return found;
      } else if (s.additionalProperties === false) return `${at}.${name} is not declared`;
    }
  }
  return null;
}

/** What is wrong with the answer, as short kinds ("500", "undeclared 413", ...) with a detail each. */
export function problemsOf(op: Operation, outcome: Outcome): { kind: string; detail: string }[] {
  const { status, text } = outcome;
  if (status >= 500) return [{ kind: `${status}`, detail: '' }];
  if (!(String(status) in op.responses)) return [{ kind: `undeclared ${status}`, detail: '' }];
  // An event stream (GET /v1/live, probed with once=true): its opening event, as text.
  const streams = (op.responses[String(status)] as { content?: Record<string, unknown> } | undefined)?.content;
  if (streams && 'text/event-stream' in streams && outcome.contentType?.startsWith('text/event-stream')) {
    return text.startsWith('event: ready\n')
      ? []
      : [{ kind: `${status} stream does not open`, detail: text.slice(0, 80) }];
  }
  const schema = declaredBody(op, status);
  if (!schema) {
    return text ? [{ kind: `${status} with a body`, detail: 'the spec declares none' }] : [];
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [{ kind: `${status} body is not JSON`, detail: `content-type ${outcome.contentType}` }];
  }
  if (status < 300) {
    const zod = responseSchema(op.operationId);
    if (!zod) return [{ kind: `${status} has no generated schema`, detail: '' }];
    const result = z.safeParse(zod, body);
    if (result.success) return [];
    const issue = result.error.issues[0];
    return [{ kind: `${status} body does not match its schema`, detail: `${issue.path.join('.')}: ${issue.message}` }];
  }
  const found = mismatch(schema, body);
  return found ? [{ kind: `${status} body does not match its schema`, detail: found }] : [];
}

export interface Failure {
  kind: string;
  detail: string;
  mutation: Mutation;
  request: FuzzRequest;
  outcome: Outcome;
}

function describeRequest(req: FuzzRequest): string {
  const body =
    req.body.kind === 'none'
      ? ''
      : req.body.kind === 'json'
        ? ` ${preview(req.body.value, 300)}`
        : req.body.kind === 'raw'
          ? ` ${typeof req.body.data === 'string' ? preview(req.body.data, 300) : `(${req.body.data.length} bytes)`}`
          : ` form{${req.body.entries.map(([k, v]) => `${preview(k)}=${typeof v === 'string' ? preview(v, 60) : `file ${preview(v.name, 60)} (${v.size} bytes)`}`).join(', ')}}`;
  const headers = Object.entries(req.headers)
    .filter(([name]) => name !== 'authorization' || !/^Bearer \S+$/.test(req.headers[name] ?? ''))
    .map(([name, value]) => ` [${name}: ${value === null ? '(left out)' : preview(value, 80)}]`)
    .join('');
  const url = target(req);
  const shownUrl =
    url.length > 300
      ? `${url.replace(/(.)\1{15,}/gs, (run, ch: string) => `${ch}…×${run.length}`).slice(0, 300)}…`
      : url;
  return `${req.method} ${shownUrl}${headers}${body}`;
}

/** The failures of one operation, grouped by kind and mutation class, each group with its first request. */
export function report(failures: Failure[], runs: number): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.kind} ← ${f.mutation.part}: ${f.mutation.cls}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines = [`${failures.length} of ${runs} fuzzed requests failed:`];
  for (const [key, list] of groups) {
    const first = list[0];
    lines.push(
      `  • ${key} (×${list.length})${first.detail ? ` — ${first.detail}` : ''}`,
      `      ${first.mutation.label}`,
      `      → ${describeRequest(first.request)}`,
      `      ← ${first.outcome.status} ${preview(first.outcome.text, 200)}`,
    );
  }
  return lines.join('\n');
}
