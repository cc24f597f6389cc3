// The contract as the server suites read it: the operations of
// openapi/factor.yaml, their contract cases, the generated zod response
// schemas, and a fingerprint of an organization's stored data. Shared by the
// contract suite and the spec-driven fuzz.
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type * as z from 'zod/mini';
import type { ContractCase } from '../contract/case.ts';
import { server } from './harness.ts';

export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  additionalProperties?: boolean | Schema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Response {
  $ref?: string;
  content?: Record<string, { schema: Schema }>;
}

export interface Operation {
  operationId: string;
  responses: Record<string, Response>;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown[];
}

export const spec = parse(readFileSync('openapi/factor.yaml', 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, Response>;
  };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the spec, with its path template and upper-case method. */
export const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([m]) => METHODS.includes(m))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

const caseModules = import.meta.glob<{ cases: ContractCase[] }>('../contract/*.cases.ts', { eager: true });
export const allCases = Object.values(caseModules).flatMap((m) => m.cases);

const zodModules = import.meta.glob<Record<string, unknown>>('../../../src/api/generated/zod/**/*.zod.ts', {
  eager: true,
});

/** The generated zod schema of the operation's success body, if it has one. */
export function responseSchema(operationId: string): z.ZodMiniType | undefined {
  const name = `${operationId[0].toUpperCase()}${operationId.slice(1)}Response`;
  for (const mod of Object.values(zodModules)) if (name in mod) return mod[name] as z.ZodMiniType;
  return undefined;
}

/** The schema behind $refs, with a lone allOf folded in. */
export function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = spec.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  if (s.allOf?.length === 1 && !s.properties) return { ...resolve(s.allOf[0]), ...s, allOf: undefined };
  return s;
}

/** The operation's parameters with their $refs resolved. */
export function parametersOf(op: Operation): Parameter[] {
  return (op.parameters ?? []).map((p) =>
    '$ref' in p ? spec.components.parameters[p.$ref.replace('#/components/parameters/', '')] : p,
  );
}

/** The JSON schema the spec declares for the operation's answer with this status, or undefined when it has no body. */
export function declaredBody(op: Operation, status: number): Schema | undefined {
  let response = op.responses[String(status)];
  while (response.$ref) response = spec.components.responses[response.$ref.replace('#/components/responses/', '')];
  return response.content?.['application/json']?.schema;
}

/** The success status the spec declares for the operation's first call: a create's 201, not the 200 of its replay. */
export function specStatus(op: Operation): number {
  const codes = Object.keys(op.responses).filter((code) => code.startsWith('2'));
  return Number(codes.includes('201') ? '201' : codes[0]);
}

const ORG_TABLES = [
  'orders',
  'items',
  'item_groups',
  'events',
  'event_relations',
  'order_members',
  'order_invites',
  'flags',
  'update_requests',
  'update_request_configs',
  'item_custom_fields',
  'messages',
  'files',
  'field_mappings',
  'mapped_fields',
  'uploads',
  'upload_logs',
  'file_exports',
  'boms',
  'bom_lines',
  'inventory_counts',
  'clear_to_builds',
  'clear_to_build_targets',
  'email_opt_outs',
  'cadences',
  'cadence_transitions',
  'cadence_trackers',
  'inbound_emails',
  'inbound_email_attachments',
  'gmail_watch_subscriptions',
  'google_auth_tokens',
  'applications',
  'api_keys',
  'organization_settings',
  'users',
  'vendors',
  'saved_views',
  'item_group_proposals',
];

/**
 * Row count and latest change of every organization-owned table, and the
 * organization's own change time, in one query: equal fingerprints, nothing changed.
 */
export async function fingerprint(organizationSid: string): Promise<string> {
  const { db } = await server();
  const parts = ORG_TABLES.map(
    (table, i) =>
      sql`select ${i}::int as i, ${table}::text || ':' || count(*)::text || ':' || coalesce(max(updated)::text, '') as f from ${sql.table(table)} where organization_sid = ${organizationSid}`,
  );
  parts.push(
    sql`select ${ORG_TABLES.length}::int as i, 'organization:' || coalesce((select updated::text from organizations where sid = ${organizationSid}), '') as f`,
  );
  const r = await sql<{ i: number; f: string }>`${sql.join(parts, sql` union all `)} order by i`.execute(db);
  return r.rows.map((row) => row.f).join('|');
}
