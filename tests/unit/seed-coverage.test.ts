// The contract covers the Factor seed: every one of its operations is in
// openapi/factor.yaml under its title and tag, with every parameter and field
// the seed shows for it. openapi/seed-operations.json is what
// scripts/extract-seed.ts took from the seed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface SeedFieldRef {
  name: string;
  required: boolean;
  type: string;
}
interface SeedOp {
  tag: string;
  title: string;
  pathParams: SeedFieldRef[];
  queryParams: SeedFieldRef[];
  requestBody: { contentType: string; isArray: boolean; fields: SeedFieldRef[] } | null;
  responseIsArray: boolean;
  responseFields: string[];
}
type Schema = {
  $ref?: string;
  required?: string[];
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  enum?: string[];
};
interface Parameter {
  name: string;
  in: string;
  $ref?: string;
}
interface Operation {
  summary: string;
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
  'x-factor-extension'?: boolean;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
}

const seed = JSON.parse(readFileSync('openapi/seed-operations.json', 'utf8')) as { operations: SeedOp[] };
const spec = parse(readFileSync('openapi/factor.yaml', 'utf8')) as Spec;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method, op })),
);

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = spec.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** Every property name reachable at the top level of a schema (through refs, allOf, oneOf, arrays). */
function propertyNames(schema: Schema | undefined): Set<string> {
  const names = new Set<string>();
  if (!schema) return names;
  const s = resolve(schema);
  for (const k of Object.keys(s.properties ?? {})) names.add(k);
  for (const part of [...(s.allOf ?? []), ...(s.oneOf ?? [])]) for (const k of propertyNames(part)) names.add(k);
  if (s.items) for (const k of propertyNames(s.items)) names.add(k);
  return names;
}

function parameterNames(op: Operation): Set<string> {
  return new Set(
    (op.parameters ?? []).map((p) =>
      p.$ref ? spec.components.parameters[p.$ref.replace('#/components/parameters/', '')].name : p.name,
    ),
  );
}

function successSchema(op: Operation): Schema | undefined {
  const ok = Object.entries(op.responses).find(([code]) => code.startsWith('2'));
  return ok?.[1].content?.['application/json']?.schema;
}

function findOperation(s: SeedOp) {
  return operations.find(({ op }) => op.summary === s.title && op.tags.includes(s.tag));
}

describe('the contract covers the Factor seed', () => {
  it('has the 140 seed operations, each title a summary under the seed tag', () => {
    expect(seed.operations).toHaveLength(140);
    const missing = seed.operations.filter((s) => !findOperation(s)).map((s) => `${s.tag}: ${s.title}`);
    expect(missing).toEqual([]);
    const found = new Set(seed.operations.map((s) => findOperation(s)?.op.operationId));
    expect(found.size).toBe(140);
  });

  it('keeps both "Create updateRequest" operations, under their own tags', () => {
    const both = operations.filter(({ op }) => op.summary === 'Create updateRequest').map(({ op }) => op.tags[0]);
    expect(both.sort()).toEqual(['updateRequestConfigs', 'updateRequests']);
  });

  it.each(seed.operations.map((s) => [`${s.tag}: ${s.title}`, s] as const))('%s has every seed field', (_name, s) => {
    const found = findOperation(s);
    expect(found).toBeDefined();
    const op = found!.op;
    const params = parameterNames(op);
    for (const p of [...s.pathParams, ...s.queryParams]) expect(params, `parameter ${p.name}`).toContain(p.name);
    for (const p of s.pathParams.filter((x) => x.type !== '')) expect(found!.path).toContain(`{${p.name}}`);

    if (s.requestBody) {
      const content = op.requestBody?.content[s.requestBody.contentType];
      expect(content, `request body ${s.requestBody.contentType}`).toBeDefined();
      if (s.requestBody.isArray) expect(resolve(content!.schema).type).toBe('array');
      const fields = propertyNames(content!.schema);
      for (const f of s.requestBody.fields) expect(fields, `request field ${f.name}`).toContain(f.name);
    } else {
      expect(op.requestBody).toBeUndefined();
    }

    // A sample of { code, message } on a delete is the error shape; everything else is the success body.
    const success = successSchema(op);
    const fields = success ? propertyNames(success) : propertyNames({ $ref: '#/components/schemas/Error' });
    for (const f of s.responseFields) expect(fields, `response field ${f}`).toContain(f);
    if (s.responseIsArray && !s.responseFields.length && op.operationId.startsWith('list')) {
      // A paged list the seed shows as a bare array: the contract wraps it in the list envelope.
      expect(fields).toContain('page');
    }
  });
});

describe('the contract follows its own conventions', () => {
  it('has unique camelCase operationIds and /v1 paths', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    for (const { path } of operations) expect(path).toMatch(/^\/v1\//);
  });

  it('marks every operation beyond the seed as an extension, under a tag of its own', () => {
    const seedTitles = new Set(seed.operations.map((s) => `${s.tag}|${s.title}`));
    const seedTags = new Set(seed.operations.map((s) => s.tag));
    const extensions = operations.filter(({ op }) => !seedTitles.has(`${op.tags[0]}|${op.summary}`));
    expect(extensions.length).toBeGreaterThan(0);
    for (const { op } of extensions) {
      expect(op['x-factor-extension'], op.operationId).toBe(true);
      expect(seedTags.has(op.tags[0]), op.operationId).toBe(false);
    }
    const ids = extensions.map(({ op }) => op.operationId);
    for (const needed of [
      'login',
      'logout',
      'getSession',
      'exchangeVendorLinkToken',
      'createApiKey',
      'createEmbedSession',
      'approveBom',
      'upsertBomAsync',
    ]) {
      expect(ids).toContain(needed);
    }
  });

  it('answers every list with the { <plural>, page } envelope and takes pageToken and pageSize', () => {
    const lists = operations.filter(({ op }) => op.operationId.startsWith('list'));
    const paged = operations.filter(({ op }) => parameterNames(op).has('pageToken'));
    expect(lists.map(({ op }) => op.operationId).sort()).toEqual(paged.map(({ op }) => op.operationId).sort());
    for (const { op } of lists) {
      const envelope = resolve(successSchema(op) ?? {});
      expect(envelope.required, op.operationId).toHaveLength(2);
      expect(envelope.required, op.operationId).toContain('page');
      const list = envelope.required?.find((k) => k !== 'page') ?? '';
      expect(resolve(envelope.properties?.[list] ?? {}).type, op.operationId).toBe('array');
      const params = parameterNames(op);
      expect(params, op.operationId).toContain('pageToken');
      expect(params, op.operationId).toContain('pageSize');
    }
    expect(Object.keys(resolve({ $ref: '#/components/schemas/Page' }).properties ?? {}).sort()).toEqual([
      'nextPageToken',
      'previousPageToken',
    ]);
  });

  it('declares { code, message } errors for the 4xx answers and both auth schemes', () => {
    const error = resolve({ $ref: '#/components/schemas/Error' });
    expect(Object.keys(error.properties ?? {})).toEqual(['code', 'message', 'field']);
    for (const { op } of operations) {
      const codes = Object.keys(op.responses).filter((c) => c.startsWith('4'));
      expect(codes.length, op.operationId).toBeGreaterThan(0);
    }
    const raw = parse(readFileSync('openapi/factor.yaml', 'utf8')) as {
      components: { securitySchemes: Record<string, { type: string; in?: string }> };
    };
    expect(raw.components.securitySchemes.BearerAuth.type).toBe('http');
    expect(raw.components.securitySchemes.SessionCookie.in).toBe('cookie');
  });

  it('uses enums where the seed implies a closed set', () => {
    const enumOf = (name: string) => resolve({ $ref: `#/components/schemas/${name}` }).enum;
    expect(enumOf('FlagType')).toEqual(['newDelay', 'pastDue', 'unresponsiveVendor', 'directReply', 'cannotSupply']);
    expect(enumOf('UploadStatus')).toContain('processing');
    expect(enumOf('CadenceTransitionCondition')).toEqual([
      'ItemGroupBusinessDays',
      'MaxAttempts',
      'FlagCreated',
      'BusinessDaysInState',
    ]);
    expect(enumOf('DurationType')).toEqual(['day', 'week', 'month', 'quarter', 'halfyear', 'year']);
    expect(enumOf('Role')).toEqual(['admin', 'buyer', 'vendor']);
    expect(enumOf('OrderMemberType')).toEqual(['tracking', 'updating']);
    const flag = resolve({ $ref: '#/components/schemas/Flag' });
    expect(JSON.stringify(flag.properties?.type)).toContain('FlagType');
  });
});
