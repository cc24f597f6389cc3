// The operations the product needs beyond the Factor seed. Each is marked
// x-factor-extension so the Factor surface stays recognisable.
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const errors = (...codes: string[]): Record<string, Json> =>
  Object.fromEntries(codes.map((c) => [c, { $ref: `#/components/responses/E${c}` }]));
const sidParam: Json = { name: 'sid', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } };

export const extensionTags: Json[] = [
  {
    name: 'session',
    description: 'Sign-in, sign-out and the current session. Product extension.',
    'x-factor-extension': true,
  },
  {
    name: 'apiKeys',
    description: 'Keys for applications calling the API, as in the Cofactr API. Product extension.',
    'x-factor-extension': true,
  },
  {
    name: 'embedSessions',
    description: 'Short-lived tokens for dashboard views embedded in intranet pages. Product extension.',
    'x-factor-extension': true,
  },
  {
    name: 'bomApproval',
    description: 'Approving a BOM, as in the Cofactr API. Product extension.',
    'x-factor-extension': true,
  },
  {
    name: 'bomUpserts',
    description:
      'Creating or replacing a BOM from raw lines in the background, as in the Cofactr API. Product extension.',
    'x-factor-extension': true,
  },
];

export const extensionPaths: Record<string, Record<string, Json>> = {
  '/v1/session': {
    get: {
      tags: ['session'],
      summary: 'Get the current session',
      operationId: 'getSession',
      'x-factor-extension': true,
      responses: {
        '200': { description: 'The signed-in user.', content: json(ref('Session')) },
        ...errors('401', '429'),
      },
    },
  },
  '/v1/session/login': {
    post: {
      tags: ['session'],
      summary: 'Log in with email and password',
      description:
        'Sets the HttpOnly session cookie and returns the session with its bearer token. A wrong email and a wrong password answer the same 401. Rate limited per address and per account.',
      operationId: 'login',
      'x-factor-extension': true,
      security: [],
      requestBody: { required: true, content: json(ref('LoginRequest')) },
      responses: {
        '200': { description: 'Signed in.', content: json(ref('Session')) },
        ...errors('400', '401', '429'),
      },
    },
  },
  '/v1/session/logout': {
    post: {
      tags: ['session'],
      summary: 'Log out',
      description: 'Revokes the current session and clears the cookie.',
      operationId: 'logout',
      'x-factor-extension': true,
      responses: { '204': { description: 'Signed out.' }, ...errors('401', '429') },
    },
  },
  '/v1/session/vendorLink': {
    post: {
      tags: ['session'],
      summary: 'Exchange a vendor link token for a session',
      description:
        "A vendor arriving from an update-request email trades the single-use, expiring token in the link for a session scoped to that vendor's lines.",
      operationId: 'exchangeVendorLinkToken',
      'x-factor-extension': true,
      security: [],
      requestBody: { required: true, content: json(ref('VendorLinkExchangeRequest')) },
      responses: {
        '200': { description: 'Signed in as the vendor.', content: json(ref('Session')) },
        ...errors('400', '401', '429'),
      },
    },
  },
  '/v1/apiKeys': {
    get: {
      tags: ['apiKeys'],
      summary: 'List API keys',
      operationId: 'listApiKeys',
      'x-factor-extension': true,
      parameters: [{ $ref: '#/components/parameters/PageToken' }, { $ref: '#/components/parameters/PageSize' }],
      responses: {
        '200': { description: 'One page of keys (never their secrets).', content: json(ref('ApiKeyList')) },
        ...errors('400', '401', '403', '429'),
      },
    },
    post: {
      tags: ['apiKeys'],
      summary: 'Create an API key',
      description: 'The secret is returned once, in this response only; the server keeps a hash.',
      operationId: 'createApiKey',
      'x-factor-extension': true,
      requestBody: { required: true, content: json(ref('CreateApiKeyRequest')) },
      responses: {
        '201': { description: 'Created.', content: json(ref('ApiKeyWithSecret')) },
        ...errors('400', '401', '403', '409', '422', '429'),
      },
    },
  },
  '/v1/apiKeys/{sid}': {
    patch: {
      tags: ['apiKeys'],
      summary: 'Update an API key',
      operationId: 'updateApiKey',
      'x-factor-extension': true,
      parameters: [sidParam],
      requestBody: { required: true, content: json(ref('UpdateApiKeyRequest')) },
      responses: {
        '200': { description: 'Updated.', content: json(ref('ApiKey')) },
        ...errors('400', '401', '403', '404', '409', '422', '429'),
      },
    },
    delete: {
      tags: ['apiKeys'],
      summary: 'Revoke an API key',
      description: 'The key stops working at once; it stays listed as revoked.',
      operationId: 'revokeApiKey',
      'x-factor-extension': true,
      parameters: [sidParam],
      responses: { '204': { description: 'Revoked.' }, ...errors('400', '401', '403', '404', '429') },
    },
  },
  '/v1/embedSessions': {
    post: {
      tags: ['embedSessions'],
      summary: 'Create an embed session',
      description:
        'Issues a short-lived, read-only token for a dashboard view embedded on an allowed origin. The parent page hands it to the iframe over postMessage with an explicit target origin.',
      operationId: 'createEmbedSession',
      'x-factor-extension': true,
      requestBody: { required: true, content: json(ref('CreateEmbedSessionRequest')) },
      responses: {
        '201': { description: 'Created.', content: json(ref('EmbedSession')) },
        ...errors('400', '401', '403', '409', '422', '429'),
      },
    },
  },
  '/v1/boms/{sidOrUniqueName}/approve': {
    post: {
      tags: ['bomApproval'],
      summary: 'Approve a BOM',
      description: 'Marks an unapproved BOM approved. Approving an approved BOM answers 409.',
      operationId: 'approveBom',
      'x-factor-extension': true,
      parameters: [{ name: 'sidOrUniqueName', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } }],
      responses: {
        '200': { description: 'Approved.', content: json(ref('Bom')) },
        ...errors('400', '401', '403', '404', '409', '412', '422', '429'),
      },
    },
  },
  '/v1/bomUpserts': {
    put: {
      tags: ['bomUpserts'],
      summary: 'Upsert a BOM from raw lines in the background',
      description:
        'Creates the BOM named uniqueName, or replaces the lines of the existing one, from raw lines. Lines with the same part and reference designators sum their quantities instead of duplicating. Answers at once with a job to poll.',
      operationId: 'upsertBomAsync',
      'x-factor-extension': true,
      requestBody: { required: true, content: json(ref('UpsertBomRequest')) },
      responses: {
        '202': { description: 'Accepted.', content: json(ref('BomUpsertJob')) },
        ...errors('400', '401', '403', '409', '413', '422', '429'),
      },
    },
  },
  '/v1/bomUpserts/{sid}': {
    get: {
      tags: ['bomUpserts'],
      summary: 'Get a BOM upsert job',
      operationId: 'getBomUpsertJob',
      'x-factor-extension': true,
      parameters: [sidParam],
      responses: {
        '200': { description: 'The job.', content: json(ref('BomUpsertJob')) },
        ...errors('400', '401', '403', '404', '429'),
      },
    },
  },
};

const str = (maxLength = 255): Json => ({ type: 'string', maxLength });
const nullableStr = (maxLength = 255): Json => ({ type: ['string', 'null'], maxLength });

const apiKeyProps: Record<string, Json> = {
  sid: { type: 'string' },
  name: { type: 'string' },
  prefix: { type: 'string', description: 'The first characters of the key, to recognise it.' },
  created: { type: 'string', format: 'date-time' },
  expiryDate: { type: ['string', 'null'], format: 'date-time' },
  hasExpired: { type: 'boolean' },
  revoked: { type: 'boolean' },
  keyType: { type: 'string', enum: ['application'] },
  createdBy: { type: 'string', description: 'Sid of the user who created the key.' },
};

export const extensionSchemas: Record<string, Json> = {
  LoginRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['email', 'password'],
    properties: {
      email: { type: 'string', format: 'email', maxLength: 320 },
      password: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
  VendorLinkExchangeRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['token'],
    properties: { token: { type: 'string', minLength: 16, maxLength: 512 } },
  },
  Session: {
    type: 'object',
    required: ['user', 'organization', 'role', 'expires', 'vendorSids'],
    properties: {
      user: ref('User'),
      organization: ref('Organization'),
      role: ref('Role'),
      expires: { type: 'string', format: 'date-time' },
      vendorSids: {
        type: 'array',
        items: { type: 'string' },
        description: 'For a vendor user, the vendors whose lines it may see; empty otherwise.',
      },
      token: {
        type: 'string',
        description: 'The bearer token of this session; only in the login and exchange responses.',
      },
    },
  },
  ApiKey: { type: 'object', required: Object.keys(apiKeyProps), properties: apiKeyProps },
  ApiKeyWithSecret: {
    allOf: [ref('ApiKey')],
    type: 'object',
    required: ['secret'],
    properties: { secret: { type: 'string', description: 'The whole key. Shown once.' } },
  },
  ApiKeyList: {
    type: 'object',
    required: ['apiKeys', 'page'],
    properties: { apiKeys: { type: 'array', items: ref('ApiKey') }, page: ref('Page') },
  },
  CreateApiKeyRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 255 },
      expiryDate: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  UpdateApiKeyRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1, maxLength: 255 } },
  },
  CreateEmbedSessionRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['origin', 'view'],
    properties: {
      origin: {
        type: 'string',
        format: 'uri',
        maxLength: 255,
        description: "The parent page's origin; it must be on the organization's embed allowlist.",
      },
      view: { type: 'string', enum: ['orders', 'schedule', 'clearToBuild', 'flags'] },
      ttlSeconds: { type: 'integer', minimum: 60, maximum: 3600, default: 900 },
    },
  },
  EmbedSession: {
    type: 'object',
    required: ['token', 'origin', 'view', 'expires'],
    properties: {
      token: { type: 'string' },
      origin: { type: 'string' },
      view: { type: 'string' },
      expires: { type: 'string', format: 'date-time' },
    },
  },
  RawBomLine: {
    type: 'object',
    additionalProperties: false,
    description: 'A BOM line as an ERP or EDA tool exports it (the Cofactr raw-line fields, in camelCase).',
    properties: {
      customId: nullableStr(),
      mpn: nullableStr(),
      alternativeMpns: { type: 'array', maxItems: 50, items: str() },
      manufacturerName: nullableStr(),
      quantity: { type: 'integer', minimum: 0, default: 0 },
      referenceDesignatorsString: {
        ...(str(5000) as object),
        description: 'Designators as one string, e.g. "C1, C2, C5".',
      } as Json,
      referenceDesignators: { type: 'array', maxItems: 5000, items: str(64) },
      description: nullableStr(),
      link: nullableStr(),
      comments: nullableStr(),
      doNotPlace: { type: 'boolean', default: false },
      lineNumber: nullableStr(),
      value: nullableStr(),
      package: nullableStr(),
      mountType: nullableStr(),
      metadata: { type: 'object', additionalProperties: true },
      isCustomPart: { type: 'boolean', default: false },
    },
  },
  UpsertBomRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['uniqueName', 'lines'],
    properties: {
      uniqueName: { type: 'string', minLength: 1, maxLength: 255 },
      version: nullableStr(),
      partNumber: nullableStr(),
      approved: { type: 'boolean', default: false },
      lines: { type: 'array', maxItems: 20000, items: ref('RawBomLine') },
      metadata: { type: 'object', additionalProperties: true },
    },
  },
  BomUpsertJob: {
    type: 'object',
    required: ['sid', 'created', 'updated', 'status', 'activityState', 'bomSid', 'lineCount', 'error'],
    properties: {
      sid: { type: 'string' },
      created: { type: 'string', format: 'date-time' },
      updated: { type: 'string', format: 'date-time' },
      status: ref('JobStatus'),
      activityState: {
        type: 'string',
        enum: ['IDLE', 'PROCESSING'],
        description: 'PROCESSING while the job runs, IDLE once it ended (as in the Factify API).',
      },
      bomSid: { type: ['string', 'null'] },
      lineCount: { type: 'integer', description: 'Lines written after merging duplicates.' },
      error: { type: ['string', 'null'] },
    },
  },
};
