// Driven by the spec: every operation of openapi/factor.yaml has a contract
// case; each is called on the real server and its answer validated against
// the spec's schema; each needs a session; each with a path parameter answers
// another organization (and a vendor outside its scope) without revealing or
// changing anything; each with a JSON body refuses bad input with a 400 that
// names the field, writing nothing.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { PreparedCall } from './contract/case.ts';
import { call, createTenant, type Tenant } from './support/harness.ts';
import {
  allCases,
  fingerprint,
  operations,
  parametersOf,
  resolve,
  responseSchema,
  specStatus,
  type Operation,
  type Schema,
} from './support/spec.ts';

/** The names of the operation's query parameters. */
function queryNames(op: Operation): string[] {
  return parametersOf(op)
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
}

/** Text the database cannot store: a NUL character, and a lone surrogate. */
const UNSTORABLE = [
  { label: 'a NUL character', text: 'a\u0000b' },
  { label: 'a lone surrogate', text: 'a\uD800b' },
];

async function send(t: Tenant | null, prepared: PreparedCall, method: string, as?: 'admin' | 'buyer' | 'vendor') {
  const who = as ?? prepared.as ?? 'buyer';
  const token = t ? t[who].token : null;
  return call(token, method, prepared.path, prepared.body, prepared.headers);
}

interface Mutation {
  label: string;
  body: unknown;
  field: string;
}

/** Bad versions of a valid JSON body: an unknown field, each required field missing, wrong types, oversized strings. */
function badBodies(valid: unknown, bodySchema: Schema): Mutation[] {
  const schema = resolve(bodySchema);
  if (schema.type === 'array' && Array.isArray(valid) && schema.items) {
    const elements: unknown[] = valid;
    return badBodies(elements[0], schema.items).map((m) => ({
      ...m,
      body: [m.body, ...elements.slice(1)],
      field: `0.${m.field}`,
    }));
  }
  if (typeof valid !== 'object' || valid === null) return [];
  const base = valid as Record<string, unknown>;
  const out: Mutation[] = [
    { label: 'an unknown field', body: { ...base, unexpectedField: 'x' }, field: 'unexpectedField' },
  ];
  for (const name of schema.required ?? []) {
    const rest = Object.fromEntries(Object.entries(base).filter(([key]) => key !== name));
    out.push({ label: `${name} missing`, body: rest, field: name });
  }
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const prop = resolve(raw.oneOf?.find((o) => o.type !== 'null') ?? raw);
    const types = Array.isArray(prop.type) ? prop.type : [prop.type ?? (prop.enum ? 'string' : 'object')];
    const wrong = types.includes('string')
      ? 12345
      : types.includes('integer') || types.includes('number')
        ? 'not a number'
        : types.includes('boolean')
          ? 'yes'
          : types.includes('array')
            ? 'not a list'
            : 'not an object';
    out.push({ label: `${name} of the wrong type`, body: { ...base, [name]: wrong }, field: name });
    if (types.includes('string')) {
      for (const u of UNSTORABLE)
        out.push({ label: `${name} with ${u.label}`, body: { ...base, [name]: u.text }, field: name });
    }
    if (types.includes('string') && prop.maxLength !== undefined && !prop.enum) {
      out.push({ label: `${name} too long`, body: { ...base, [name]: 'x'.repeat(prop.maxLength + 1) }, field: name });
    }
  }
  return out;
}

/**
 * The same change as `prepared`, sent after it answered `answer`: the version it names (currentVersion or version in
 * the body, If-Match) moved on to the one the answer carries, as a client that read the answer would send it.
 */
function sameChangeAgain(prepared: PreparedCall, answer: unknown): PreparedCall {
  const version = (answer as { version?: unknown } | null)?.version;
  if (typeof version !== 'number' && typeof version !== 'string') return prepared;
  const body =
    typeof prepared.body === 'object' && prepared.body !== null && !Array.isArray(prepared.body)
      ? Object.fromEntries(
          Object.entries(prepared.body).map(([key, value]) => [
            key,
            key === 'currentVersion' ? String(version) : key === 'version' ? Number(version) : value,
          ]),
        )
      : prepared.body;
  const headers =
    prepared.headers &&
    Object.fromEntries(
      Object.entries(prepared.headers).map(([key, value]) => [
        key,
        key.toLowerCase() === 'if-match' ? `"${String(version)}"` : value,
      ]),
    );
  return { ...prepared, body, headers };
}

describe('the contract suite covers the spec', () => {
  it('has exactly one contract case for every operation', () => {
    const ids = allCases.map((c) => c.operationId);
    const missing = operations.map((o) => o.op.operationId).filter((id) => !ids.includes(id));
    const unknown = ids.filter((id) => !operations.some((o) => o.op.operationId === id));
    const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect({ missing, unknown, duplicated }).toEqual({ missing: [], unknown: [], duplicated: [] });
  });
});

for (const { path: template, method, op } of operations) {
  const contract = allCases.find((c) => c.operationId === op.operationId);
  if (!contract) continue;
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const hasPathParams = template.includes('{');
  const json = op.requestBody?.content['application/json']?.schema;

  describe(`${op.operationId} (${method} ${template})`, () => {
    it('answers as the contract says', async () => {
      const t = await createTenant();
      const prepared = await contract.prepare(t);
      const response = await send(t, prepared, method);
      const expected = prepared.status ?? specStatus(op);
      expect(response.status, JSON.stringify(response.body)).toBe(expected);
      const schema = responseSchema(op.operationId);
      if (expected !== 204 && schema) {
        const result = z.safeParse(schema, response.body);
        expect(
          result.success ? [] : result.error.issues.slice(0, 5),
          JSON.stringify(response.body).slice(0, 500),
        ).toEqual([]);
      }
    });

    if (!isPublic) {
      it('answers 401 without a session', async () => {
        const t = await createTenant();
        const prepared = await contract.prepare(t);
        const before = await fingerprint(t.organizationSid);
        const response = await send(null, prepared, method);
        expect(response.status).toBe(401);
        expect((response.body as { code: string }).code).toBe('unauthenticated');
        expect(await fingerprint(t.organizationSid)).toBe(before);
      });
    }

    if (!isPublic) {
      it('refuses a buyer an operation for admins, changing nothing', async () => {
        const t = await createTenant();
        const prepared = await contract.prepare(t);
        if (prepared.as !== 'admin' || prepared.anyStaff) return;
        const before = await fingerprint(t.organizationSid);
        const response = await send(t, prepared, method, 'buyer');
        expect(response.status, JSON.stringify(response.body)).toBe(403);
        expect(await fingerprint(t.organizationSid)).toBe(before);
      });
    }

    if (hasPathParams && !isPublic) {
      it('answers another organization 404 and changes nothing', async () => {
        const owner = await createTenant();
        const stranger = await createTenant();
        const prepared = await contract.prepare(owner);
        const before = await fingerprint(owner.organizationSid);
        const response = await send(stranger, prepared, method, 'admin');
        expect(response.status, JSON.stringify(response.body)).toBe(404);
        expect(await fingerprint(owner.organizationSid)).toBe(before);
      });

      it('refuses a vendor outside its scope and changes nothing', async () => {
        const t = await createTenant();
        const prepared = await contract.prepare(t);
        if (prepared.as === 'vendor') return;
        const before = await fingerprint(t.organizationSid);
        const response = await send(t, prepared, method, 'vendor');
        if (prepared.vendorMay) {
          // Within a vendor's own scope (e.g. its own organization's name): answered, and a read changes nothing.
          expect(response.status, JSON.stringify(response.body)).toBe(200);
        } else {
          expect([403, 404], JSON.stringify(response.body)).toContain(response.status);
        }
        expect(await fingerprint(t.organizationSid)).toBe(before);
      });
    }

    if (hasPathParams || queryNames(op).length) {
      it('refuses a NUL character in each path value and query parameter with 400 naming it, writing nothing', async () => {
        const t = await createTenant();
        const prepared = await contract.prepare(t);
        const before = await fingerprint(t.organizationSid);
        const [pathname, search = ''] = prepared.path.split('?');
        const templateParts = template.split('/');
        const pathParts = pathname.split('/');
        const mutations: { label: string; path: string; field: string }[] = [];
        templateParts.forEach((part, i) => {
          if (!part.startsWith('{')) return;
          const parts = [...pathParts];
          parts[i] = `${parts[i]}%00`;
          mutations.push({
            label: `path ${part}`,
            path: `${parts.join('/')}${search ? `?${search}` : ''}`,
            field: part.slice(1, -1),
          });
        });
        for (const name of queryNames(op)) {
          const query = new URLSearchParams(search);
          query.delete(name);
          const kept = query.toString();
          mutations.push({
            label: `query ${name}`,
            path: `${pathname}?${kept ? `${kept}&` : ''}${name}=a%00b`,
            field: name,
          });
        }
        const failures: string[] = [];
        for (const m of mutations) {
          const response = await send(t, { ...prepared, path: m.path }, method);
          const body = response.body as { code?: string; field?: string };
          if (response.status !== 400 || body.code !== 'invalid_request' || body.field !== m.field) {
            failures.push(`${m.label}: ${response.status} ${JSON.stringify(body)}`);
          }
        }
        expect(failures).toEqual([]);
        expect(await fingerprint(t.organizationSid)).toBe(before);
      });
    }

    if (method === 'PATCH' || method === 'PUT') {
      it('writes nothing when the same change is sent again (no new version, time or event)', async () => {
        const t = await createTenant();
        const prepared = await contract.prepare(t);
        const first = await send(t, prepared, method);
        expect(first.status, JSON.stringify(first.body)).toBe(prepared.status ?? specStatus(op));
        if (prepared.repeatWrites) return;
        const before = await fingerprint(t.organizationSid);
        const again = await send(t, sameChangeAgain(prepared, first.body), method);
        expect(again.status, JSON.stringify(again.body)).toBe(prepared.status ?? specStatus(op));
        const after = await fingerprint(t.organizationSid);
        const changed = after.split('|').filter((part) => !before.split('|').includes(part));
        expect(changed).toEqual([]);
        if (!prepared.answerChanges) expect(again.body).toEqual(first.body);
      });
    }

    if (json) {
      it('refuses bad input with 400 naming the field and writes nothing', async () => {
        const t = await createTenant();
        const prepared = await contract.prepare(t);
        const mutations = badBodies(prepared.body, json);
        expect(mutations.length).toBeGreaterThan(0);
        const before = await fingerprint(t.organizationSid);
        const failures: string[] = [];
        for (const m of mutations) {
          const response = await send(t, { ...prepared, body: m.body }, method);
          const body = response.body as { code?: string; field?: string };
          if (response.status !== 400 || body.code !== 'invalid_request' || body.field !== m.field) {
            failures.push(`${m.label}: ${response.status} ${JSON.stringify(body)}`);
          }
        }
        const malformed = await send(t, { ...prepared, body: '{"broken": ' }, method);
        if (malformed.status !== 400) failures.push(`malformed JSON: ${malformed.status}`);
        expect(failures).toEqual([]);
        expect(await fingerprint(t.organizationSid)).toBe(before);
      });
    }
  });
}
