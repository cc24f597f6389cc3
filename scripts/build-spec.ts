// Builds openapi/factor.yaml from the Factor seed, the route table and the
// product's extension operations. Run on a developer's machine with the seed
// beside the repository: node scripts/build-spec.ts [seed path]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseSeed, type SeedField, type SeedOperation } from './seed-parser.ts';
import { routes, type Route } from './spec-routes.ts';
import { extensionPaths, extensionSchemas, extensionTags } from './spec-extensions.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

const input = resolve(process.argv[2] ?? '../shared/seeds/factor-api-0.168.0.txt');
if (!existsSync(input)) {
  console.error(`build-spec: ${input} not found`);
  process.exit(2);
}
const { operations } = parseSeed(readFileSync(input, 'utf8'));

// ---- closed sets the seed implies --------------------------------------------------------
const enums: Record<string, { values: string[]; note: string }> = {
  FlagType: {
    values: ['newDelay', 'pastDue', 'unresponsiveVendor', 'directReply'],
    note: 'The seed types the flag as a string; these four kinds are the ones the product raises: a promise moved past the previous promise or the due date, a due date passed without receipt, a vendor that did not answer within the maximum attempts, and a vendor answer by email.',
  },
  FlagStatus: {
    values: ['open', 'resolved', 'dismissed'],
    note: 'Our choice: the seed types flag status as a string.',
  },
  UploadStatus: {
    values: ['processing', 'completed', 'failed'],
    note: 'The seed shows "processing"; the terminal states are our choice.',
  },
  FileType: { values: ['csv', 'xlsx', 'xls'], note: 'The seed lists csv, xlsx and xls; csv when omitted.' },
  ExportFileType: { values: ['csv', 'xlsx'], note: 'Our choice: exports are written as CSV or XLSX.' },
  JobStatus: { values: ['processing', 'completed', 'failed'], note: 'Our choice, the same states as uploads.' },
  OrderMemberType: {
    values: ['tracking', 'updating'],
    note: 'Our choice: a tracking member follows the order; an updating member answers update requests for it.',
  },
  CadenceTransitionCondition: {
    values: ['ItemGroupBusinessDays', 'MaxAttempts', 'FlagCreated', 'BusinessDaysInState'],
    note: 'The conditions a cadence transition can wait for.',
  },
  CadenceTransitionAction: {
    values: ['SwitchCadence', 'CallWebhook'],
    note: 'What a cadence transition does when its condition holds.',
  },
  DurationType: {
    values: ['day', 'week', 'month', 'quarter', 'halfyear', 'year'],
    note: 'The period a clear-to-build target quantity is measured over.',
  },
  ClearToBuildType: { values: ['expected', 'actual'], note: 'The seed: "expected or actual".' },
  RecordStatus: { values: ['active', 'canceled'], note: 'The seed: "either active or canceled".' },
  SortOrder: { values: ['Asc', 'Desc'], note: "The seed: 'Asc' or 'Desc', default 'Asc'." },
  BomLineOrderBy: {
    values: ['ctb', 'requiredQuantity', 'orderedQuantity', 'inventoryQuantity'],
    note: 'The seed: order the list by ctb, requiredQuantity, orderedQuantity or inventoryQuantity.',
  },
  Role: {
    values: ['admin', 'buyer', 'vendor'],
    note: 'Our choice: admins manage the organization, buyers work orders, vendors see only their own lines.',
  },
};

/** Which enum a field takes, by schema (or "*") and field name. */
const enumFields: Record<string, string> = {
  'Flag.type': 'FlagType',
  'Flag.status': 'FlagStatus',
  'UpdateFlagRequest.status': 'FlagStatus',
  'listFlags.flag': 'FlagType',
  'listFlags.status': 'FlagStatus',
  'OpenOrderUpload.status': 'UploadStatus',
  'BomUpload.status': 'UploadStatus',
  'InventoryUpload.status': 'UploadStatus',
  'OpenOrderUpload.fileType': 'FileType',
  'BomUpload.fileType': 'FileType',
  'InventoryUpload.fileType': 'FileType',
  'CreateOpenOrderUploadRequest.fileType': 'FileType',
  'CreateBomUploadRequest.fileType': 'FileType',
  'CreateInventoryUploadRequest.fileType': 'FileType',
  'FileExport.status': 'JobStatus',
  'FileExport.fileType': 'ExportFileType',
  'CadenceTransition.condition': 'CadenceTransitionCondition',
  'CadenceTransition.action': 'CadenceTransitionAction',
  'CreateCadenceTransitionRequest.condition': 'CadenceTransitionCondition',
  'CreateCadenceTransitionRequest.action': 'CadenceTransitionAction',
  'UpdateCadenceTransitionRequest.condition': 'CadenceTransitionCondition',
  'UpdateCadenceTransitionRequest.action': 'CadenceTransitionAction',
  'listCadenceTransitions.condition': 'CadenceTransitionCondition',
  'ClearToBuildTarget.durationType': 'DurationType',
  'CreateClearToBuildTargetRequest.durationType': 'DurationType',
  'UpdateClearToBuildTargetRequest.durationType': 'DurationType',
  'ClearToBuild.type': 'ClearToBuildType',
  'CreateClearToBuildRequest.type': 'ClearToBuildType',
  'Item.status': 'RecordStatus',
  'CreateItemRequest.status': 'RecordStatus',
  'UpdateItemRequest.status': 'RecordStatus',
  'ItemGroup.status': 'RecordStatus',
  'CreateItemGroupRequest.status': 'RecordStatus',
  'UpdateItemGroupRequest.status': 'RecordStatus',
  'ItemGroupBulkUpdate.status': 'RecordStatus',
  'listItemGroups.statusNot': 'RecordStatus',
  '*.sortOrder': 'SortOrder',
  'listBomLines.orderBy': 'BomLineOrderBy',
};

// ---- types ------------------------------------------------------------------------------
const DATE_FIELDS = new Set(['dueDate', 'shipDate', 'deliveryDate', 'estimatedArrivalDate']);
const DATE_TIME_FIELDS = new Set([
  'created',
  'updated',
  'dismissed',
  'eventTime',
  'lastUpdateDate',
  'nextUpdate',
  'nextUpdateDate',
  'lastAttempt',
  'startDate',
  'buildDate',
  'recordingDate',
  'deleteAfter',
  'expires',
  'date',
  'eventTimeOnOrAfter',
  'nextUpdateOnOrBefore',
  'nextUpdateDateBefore',
  'dateBefore',
  'dateAfter',
  'endDate',
]);
const DECIMAL_FIELDS = new Set([
  'quantity',
  'pricePerUnit',
  'nonRecurringCost',
  'requiredQuantity',
  'buildQuantity',
  'ctbLessThanEqualTo',
  'inventoryCountLessThanEqualTo',
  'orderedQuantityLessThanEqualTo',
  'buildQuantityLessThanEqualTo',
]);
const LONG_TEXT = new Map([
  ['content', 100000],
  ['note', 5000],
  ['message', 5000],
  ['description', 5000],
  ['bearerToken', 4096],
]);

function formatFor(name: string): Schema {
  if (DATE_FIELDS.has(name)) return { format: 'date' };
  if (DATE_TIME_FIELDS.has(name)) return { format: 'date-time' };
  if (DECIMAL_FIELDS.has(name)) return { pattern: '^-?\\d{1,15}(\\.\\d{1,6})?$' };
  return {};
}

function enumFor(owner: string, name: string): string | undefined {
  return enumFields[`${owner}.${name}`] ?? enumFields[`*.${name}`];
}

function seedType(field: SeedField, owner: string, forBody: boolean): Schema {
  const nullable = field.type.endsWith(' or null');
  const base = field.type.replace(' or null', '');
  const e = enumFor(owner, field.name);
  let s: Schema;
  if (e) s = { $ref: `#/components/schemas/${e}` };
  else if (base === 'string')
    s = {
      type: 'string',
      ...formatFor(field.name),
      ...(forBody ? { maxLength: LONG_TEXT.get(field.name) ?? 255 } : {}),
    };
  else if (base === 'integer') s = { type: 'integer', format: 'int64' };
  else if (base === 'boolean') s = { type: 'boolean' };
  else if (base === 'object') s = { type: 'object', additionalProperties: true };
  else if (base === 'Array of strings')
    s = { type: 'array', items: { type: 'string', maxLength: 255 }, ...(forBody ? { maxItems: 100 } : {}) };
  else if (base === 'string <binary>') s = { type: 'string', format: 'binary' };
  else if (base.startsWith('object (')) s = { $ref: `#/components/schemas/${base.slice(8, -1)}` };
  else s = { type: 'string' };
  if (field.name === 'eventRelations') s = { ...s, maxItems: 10 };
  if (nullable) {
    if ('$ref' in s) s = { oneOf: [s, { type: 'null' }] };
    else s = { ...s, type: [s.type, 'null'] };
  }
  return s;
}

function describe(s: Schema, description: string): Schema {
  const d = description.replace(/\n+/g, ' ').trim();
  if (!d) return s;
  if ('$ref' in s) return { allOf: [{ $ref: s.$ref }], description: d };
  return { description: d, ...s };
}

// ---- entities from the response samples -------------------------------------------------
const seedKey = (op: SeedOperation) =>
  routes.some((r) => r.key === `${op.tag}|${op.title}`) ? `${op.tag}|${op.title}` : op.title;
const routeOf = new Map<string, Route>(routes.map((r) => [r.key, r]));
const opsWithRoutes = operations.map((op) => {
  const route = routeOf.get(seedKey(op));
  if (!route) throw new Error(`no route for seed operation "${op.title}" (${op.tag})`);
  return { op, route };
});
if (new Set(opsWithRoutes.map((x) => x.route.key)).size !== routes.length || routes.length !== operations.length) {
  throw new Error(`routes (${routes.length}) and seed operations (${operations.length}) do not pair up`);
}

const ALWAYS_PRESENT = new Set(['sid', 'created', 'updated', 'organizationSid', 'version']);
/** Fields that are never null on a given record, although the seed's samples do not say. */
const NEVER_NULL = new Set([
  'Item.orderSid',
  'Item.quantity',
  'Item.status',
  'ItemGroup.itemSid',
  'ItemGroup.orderSid',
  'ItemGroup.quantity',
  'ItemGroup.status',
  'Flag.type',
  'Flag.status',
  'Message.content',
  'Bom.uniqueName',
  'BomLine.bomSid',
  'BomLine.requiredQuantity',
  'InventoryCount.count',
  'InventoryCount.uniqueName',
  'ClearToBuild.buildQuantity',
  'ClearToBuild.type',
  'ClearToBuild.referenceSid',
]);
const entityFields = new Map<string, Map<string, Schema>>();
const entityOrder: string[] = [];
function addEntityField(entity: string, name: string, s: Schema) {
  if (!entityFields.has(entity)) {
    entityFields.set(entity, new Map());
    entityOrder.push(entity);
  }
  const m = entityFields.get(entity)!;
  if (!m.has(name)) m.set(name, s);
}

// request-field descriptions, reused on the response side where the names match
const fieldDescriptions = new Map<string, string>();
for (const { op, route } of opsWithRoutes) {
  if (!route.operationId.startsWith('create')) continue;
  for (const f of op.requestBody?.fields ?? [])
    if (f.description && route.schema) fieldDescriptions.set(`${route.schema}.${f.name}`, f.description);
}

function sampleSchema(entity: string, name: string, sample: string): Schema {
  let s: Schema;
  const e = enumFor(entity, name);
  if (e) s = { $ref: `#/components/schemas/${e}` };
  else if (sample === '0') s = { type: 'integer', format: 'int64' };
  else if (sample === 'true') s = { type: 'boolean' };
  else if (sample === '[') s = { type: 'array', items: { type: 'string' } };
  else if (sample.startsWith('{')) s = { type: 'object', additionalProperties: true };
  else s = { type: 'string', ...formatFor(name) };
  const always = ALWAYS_PRESENT.has(name) || NEVER_NULL.has(`${entity}.${name}`) || sample === 'true' || sample === '[';
  if (!always) {
    if ('$ref' in s) s = { oneOf: [s, { type: 'null' }] };
    else s = { ...s, type: [s.type, 'null'] };
  }
  const d = fieldDescriptions.get(`${entity}.${name}`);
  return d ? describe(s, d) : s;
}

for (const { op, route } of opsWithRoutes) {
  if (!route.schema || route.schema === 'TemporaryUrl') continue;
  const isList = route.operationId.startsWith('list');
  if (isList) continue;
  for (const k of [...op.responseSample]) {
    addEntityField(route.schema, k.name, sampleSchema(route.schema, k.name, k.sample));
  }
}

// Fields the seed's samples do not show but the product needs (each says why).
const entityExtras: Record<string, Record<string, Schema>> = {
  ItemGroup: {
    confirmed: {
      type: 'boolean',
      description:
        'Whether the vendor confirmed the current dates. The seed accepts confirmed on update but its response sample omits it; we return it.',
    },
  },
  OrderMember: {
    type: {
      allOf: [{ $ref: '#/components/schemas/OrderMemberType' }],
      description: 'Our addition: tracking or updating member.',
    },
    created: { type: 'string', format: 'date-time' },
  },
  Event: {
    orderSid: {
      type: ['string', 'null'],
      description: 'Our addition: the order the event concerns, when there is one.',
    },
    itemSid: { type: ['string', 'null'], description: 'Our addition: the item the event concerns, when there is one.' },
    itemGroupSid: {
      type: ['string', 'null'],
      description: 'Our addition: the item group the event concerns, when there is one.',
    },
  },
};
// Entities the seed lists but never shows on their own (only collapsed inside list envelopes).
const syntheticEntities: Record<string, { fields: Record<string, Schema>; note: string }> = {
  OrderInvite: {
    note: 'The seed lists order invites without showing one; these fields are our choice.',
    fields: {
      sid: { type: 'string' },
      created: { type: 'string', format: 'date-time' },
      updated: { type: 'string', format: 'date-time' },
      organizationSid: { type: 'string' },
      orderSid: { type: 'string' },
      email: { type: 'string', format: 'email' },
      type: { $ref: '#/components/schemas/OrderMemberType' },
      accepted: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  UploadLog: {
    note: 'The seed lists upload logs without showing one; these fields are our choice: one entry per rejected row.',
    fields: {
      sid: { type: 'string' },
      created: { type: 'string', format: 'date-time' },
      uploadSid: { type: 'string' },
      rowNumber: {
        type: 'integer',
        format: 'int64',
        description: 'Row number in the file, counting the header row as 1.',
      },
      column: { type: ['string', 'null'] },
      value: { type: ['string', 'null'] },
      message: { type: 'string' },
    },
  },
  InboundEmailAttachment: { note: '', fields: {} },
};

const schemas: Record<string, Schema> = {};
for (const entity of entityOrder) {
  const fields = entityFields.get(entity)!;
  for (const [k, v] of Object.entries(entityExtras[entity] ?? {})) if (!fields.has(k)) fields.set(k, v);
  schemas[entity] = { type: 'object', required: [...fields.keys()], properties: Object.fromEntries(fields) };
}
for (const [name, def] of Object.entries(syntheticEntities)) {
  if (schemas[name]) continue;
  schemas[name] = { type: 'object', description: def.note, required: Object.keys(def.fields), properties: def.fields };
}
schemas.TemporaryUrl = {
  type: 'object',
  description: 'A signed link that expires; fetch it without credentials.',
  required: ['url', 'expires'],
  properties: {
    url: { type: 'string', format: 'uri' },
    expires: { type: 'string', format: 'date-time', description: 'Our addition: when the link stops working.' },
  },
};
schemas.FileExportQuery = {
  type: 'object',
  additionalProperties: false,
  description: 'What to export. The seed names this object without showing its fields; these are our choice.',
  required: ['entity'],
  properties: {
    entity: { type: 'string', enum: ['orders', 'items', 'itemGroups', 'bomLines'] },
    fileType: { $ref: '#/components/schemas/ExportFileType' },
    filters: {
      type: 'object',
      description:
        "The list filters of the exported view, with the same names as the list operation's query parameters.",
      additionalProperties: {
        oneOf: [
          { type: 'string' },
          { type: 'number' },
          { type: 'boolean' },
          { type: 'array', items: { type: 'string' } },
        ],
      },
    },
  },
};
schemas.Page = {
  type: 'object',
  required: ['previousPageToken', 'nextPageToken'],
  properties: {
    previousPageToken: {
      type: ['string', 'null'],
      description: 'Opaque token of the page before this one; null on the first page.',
    },
    nextPageToken: {
      type: ['string', 'null'],
      description: 'Opaque token of the page after this one; null on the last page.',
    },
  },
};
schemas.Error = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      description: 'Stable machine-readable code, e.g. invalid_request, unauthenticated, not_found, version_conflict.',
    },
    message: { type: 'string', description: 'What went wrong, for people.' },
    field: { type: 'string', description: 'The offending field or parameter, where there is one.' },
  },
};
schemas.VersionConflict = {
  allOf: [{ $ref: '#/components/schemas/Error' }],
  type: 'object',
  properties: {
    current: { type: 'object', additionalProperties: true, description: 'The record as it is now on the server.' },
  },
};
for (const [name, e] of Object.entries(enums)) schemas[name] = { type: 'string', enum: e.values, description: e.note };

// ---- operations --------------------------------------------------------------------------
const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);
const errorResponses = (method: string, multipart: boolean): Record<string, Json> => {
  const codes = ['400', '401', '403', '404', '429'];
  if (method !== 'get') codes.push('409', '412', '422');
  if (multipart) codes.push('413');
  return Object.fromEntries(codes.sort().map((c) => [c, { $ref: `#/components/responses/E${c}` }]));
};
const EXEMPT_FROM_REQUIRED = new Set(['sid', 'organizationSid', 'attempts']);

const paths: Record<string, Record<string, Json>> = {};
const usedListKeys = new Map<string, string>();
for (const { op, route } of opsWithRoutes) {
  const parameters: Json[] = [];
  for (const p of op.pathParams) {
    if (p.name === 'apikey') {
      parameters.push({
        name: 'apikey',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: route.note ?? '',
      });
      continue;
    }
    parameters.push({
      name: p.name,
      in: 'path',
      required: true,
      schema: { type: 'string', maxLength: 255 },
      ...(p.description ? { description: p.description } : {}),
    });
  }
  for (const q of op.queryParams) {
    if (q.name === 'pageToken') parameters.push({ $ref: '#/components/parameters/PageToken' });
    else if (q.name === 'pageSize') parameters.push({ $ref: '#/components/parameters/PageSize' });
    else {
      let s = seedType({ ...q, type: q.type.replace(' or null', '') }, route.operationId, false);
      if (s.type === 'array') s = { ...s, maxItems: 100 };
      parameters.push({
        name: q.name,
        in: 'query',
        required: q.required,
        ...(s.type === 'array' ? { style: 'form', explode: true } : {}),
        schema: s,
        ...(q.description ? { description: q.description.replace(/\n+/g, ' ') } : {}),
      });
    }
  }
  const isList = route.operationId.startsWith('list');
  const isDelete = route.method === 'delete';
  const multipart = op.requestBody?.contentType === 'multipart/form-data';
  const operation: Record<string, Json> = {
    tags: [op.tag],
    summary: op.title,
    operationId: route.operationId,
  };
  if (route.note) operation.description = route.note;
  if (parameters.length) operation.parameters = parameters;

  if (op.requestBody) {
    const reqName =
      route.operationId === 'bulkUpdateItemGroups' ? 'ItemGroupBulkUpdate' : `${pascal(route.operationId)}Request`;
    const props: Record<string, Json> = {};
    const required: string[] = [];
    for (const f of op.requestBody.fields) {
      props[f.name] = describe(seedType(f, reqName, true), f.description);
      const nonNull = !f.type.endsWith(' or null') && f.type !== 'boolean';
      const isPatch = route.method === 'patch' && reqName !== 'ItemGroupBulkUpdate';
      if (
        f.required ||
        f.type === 'string <binary>' ||
        (nonNull && !EXEMPT_FROM_REQUIRED.has(f.name) && (!isPatch || f.name === 'currentVersion'))
      )
        required.push(f.name);
    }
    if (reqName === 'ItemGroupBulkUpdate') {
      required.splice(0, required.length, 'sid');
      props.version = {
        type: 'integer',
        format: 'int64',
        description:
          'Our addition: the version the change is based on; a stale version refuses the whole batch with 409 version_conflict.',
      };
    }
    if (route.operationId === 'updateItemGroup') {
      props.version = {
        type: 'integer',
        format: 'int64',
        description:
          'Our addition: the version the change is based on; a stale version is refused with 409 version_conflict and the current record.',
      };
    }
    if (route.operationId === 'createOrderMember') {
      props.type = {
        allOf: [{ $ref: '#/components/schemas/OrderMemberType' }],
        description: 'Our addition: tracking (default) or updating.',
      };
    }
    schemas[reqName] = {
      type: 'object',
      additionalProperties: false,
      ...(required.length ? { required } : {}),
      properties: props,
    };
    const bodySchema: Json = op.requestBody.isArray
      ? { type: 'array', minItems: 1, maxItems: 500, items: { $ref: `#/components/schemas/${reqName}` } }
      : { $ref: `#/components/schemas/${reqName}` };
    operation.requestBody = { required: true, content: { [op.requestBody.contentType]: { schema: bodySchema } } };
  }

  const responses: Record<string, Json> = {};
  if (isDelete) responses['204'] = { description: 'Deleted.' };
  else if (isList) {
    const listKey = op.responseSample[0]?.name ?? `${route.schema![0].toLowerCase()}${route.schema!.slice(1)}s`;
    const listName = `${pascal(route.operationId.replace(/^list/, ''))}List`;
    usedListKeys.set(listName, listKey);
    schemas[listName] = {
      type: 'object',
      required: [listKey, 'page'],
      properties: {
        [listKey]: { type: 'array', items: { $ref: `#/components/schemas/${route.schema}` } },
        page: { $ref: '#/components/schemas/Page' },
      },
    };
    responses['200'] = {
      description: 'One page of results.',
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${listName}` } } },
    };
  } else {
    const schema: Json = op.responseIsArray
      ? { type: 'array', items: { $ref: `#/components/schemas/${route.schema}` } }
      : { $ref: `#/components/schemas/${route.schema}` };
    const status = route.method === 'post' ? (multipart ? '202' : '201') : '200';
    responses[status] = {
      description: status === '202' ? 'Accepted; processing continues in the background.' : 'OK',
      content: { 'application/json': { schema } },
    };
  }
  Object.assign(responses, errorResponses(route.method, multipart));
  operation.responses = responses;
  paths[route.path] ??= {};
  if (paths[route.path][route.method]) throw new Error(`duplicate ${route.method} ${route.path}`);
  paths[route.path][route.method] = operation;
}

// Parameters shared by path keys go on the operation; add extension paths.
for (const [p, item] of Object.entries(extensionPaths)) {
  paths[p] ??= {};
  for (const [m, o] of Object.entries(item)) {
    if (paths[p][m]) throw new Error(`extension collides with ${m} ${p}`);
    paths[p][m] = o;
  }
}
Object.assign(schemas, extensionSchemas);

const errorResponse = (description: string, schema = 'Error'): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

const seedTags = [...new Set(operations.map((o) => o.tag))];
const spec = {
  openapi: '3.1.0',
  info: {
    title: 'Factor API',
    version: '0.168.0',
    description: [
      'The Factor API 0.168.0 as a contract: every operation of the published API, with its title as `summary`, under its tag. The published documentation has no URL paths; the paths, operation ids and component names here are our choices.',
      '',
      'Conventions where the published API is silent, chosen here:',
      '- Lists answer `{ <plural>: [...], page: { previousPageToken, nextPageToken } }` and take `pageToken` and `pageSize`.',
      '- Errors answer `{ code, message, field? }`.',
      '- Dates of delivery (`dueDate`, `shipDate`, `deliveryDate`, `estimatedArrivalDate`) are calendar dates (`YYYY-MM-DD`); timestamps are RFC 3339.',
      '- Quantities and money are decimal strings.',
      '- A `POST` that creates answers 201; one that starts background work answers 202; a delete answers 204.',
      '- The `authorization` header the published API lists on each operation is the `BearerAuth` scheme; browsers use the session cookie instead.',
      "- Operations marked `x-factor-extension: true`, under their own tags, are the product's additions (sign-in, API keys, embeds, BOM approval, async BOM upsert).",
    ].join('\n'),
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
  },
  servers: [{ url: '/', description: 'The reference server serves the API under /v1 beside the app.' }],
  security: [{ BearerAuth: [] }, { SessionCookie: [] }],
  tags: [...seedTags.map((t) => ({ name: t, description: `Factor API operations tagged ${t}.` })), ...extensionTags],
  paths,
  components: {
    securitySchemes: {
      BearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'A session token, an application key or an embed token.',
      },
      SessionCookie: {
        type: 'apiKey',
        in: 'cookie',
        name: 'factor_session',
        description:
          "The browser session: an HttpOnly, SameSite cookie set by login. Writes must come from the app's own origin.",
      },
    },
    parameters: {
      PageToken: {
        name: 'pageToken',
        in: 'query',
        required: false,
        schema: { type: 'string', maxLength: 512 },
        description: "Opaque token from a previous page's `page.nextPageToken` or `page.previousPageToken`.",
      },
      PageSize: {
        name: 'pageSize',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        description: 'Records per page; 50 by default, 500 at most.',
      },
    },
    responses: {
      E400: errorResponse('The request is malformed or a field is invalid; `field` names it. Nothing was written.'),
      E401: errorResponse('No valid session, key or token.'),
      E403: errorResponse('Signed in, but this role may not do this.'),
      E404: errorResponse('No such record in your organization (a record of another organization answers the same).'),
      E409: errorResponse(
        'The record changed since you read it (`version_conflict`, with the current record) or a unique name is taken.',
        'VersionConflict',
      ),
      E412: errorResponse('A precondition (If-Match) failed.'),
      E413: errorResponse('The upload is over the size or row limit.'),
      E422: errorResponse(
        'The request is well formed but cannot be applied, e.g. a split whose quantities do not add up.',
      ),
      E429: errorResponse('Too many requests; retry after the `Retry-After` header.'),
    },
    schemas,
  },
};

const header =
  '# The Factor API 0.168.0 contract. Source of truth for the generated client (orval) and the reference server.\n';
writeFileSync('openapi/factor.yaml', header + stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false }));
console.log(
  `build-spec: ${operations.length} seed operations, ${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas`,
);
