// The statuses the spec declares against what the server can answer: every
// refusal the server makes has its status declared on the operations where
// it can happen, and a sample of them is made to happen.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { EMBED_VIEW_READS } from '../../server/domain/embed/scope.ts';
import { call, createTenant, server, type Tenant } from './support/harness.ts';
import { allCases, fingerprint, operations, parametersOf, resolve, specStatus } from './support/spec.ts';

const isPublic = (security: unknown[] | undefined) => Array.isArray(security) && security.length === 0;

/** The spec's path template as a route template: {sid} -> :sid. */
const routeTemplate = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

describe('403 is declared wherever the server can refuse a signed-in caller', () => {
  it('on every write a cookie session can make (a cookie write from another origin is refused)', () => {
    const missing = operations
      .filter(({ method, op }) => method !== 'GET' && !isPublic(op.security) && !('403' in op.responses))
      .map(({ method, path, op }) => `${op.operationId} (${method} ${path})`);
    expect(missing).toEqual([]);
  });

  it('on every read that some embed view may not make (embed tokens read only their view)', () => {
    const everyView = Object.values(EMBED_VIEW_READS);
    const missing = operations
      .filter(({ method, path, op }) => {
        if (method !== 'GET' || isPublic(op.security) || '403' in op.responses) return false;
        return !everyView.every((reads) => reads.includes(routeTemplate(path)));
      })
      .map(({ method, path, op }) => `${op.operationId} (${method} ${path})`);
    expect(missing).toEqual([]);
  });

  // A sample of writes of every method, the session's own and the saved views among them.
  const SAMPLE = ['createOrder', 'updateItem', 'deleteItemGroup', 'upsertBomAsync', 'createSavedView', 'logout'];
  for (const operationId of SAMPLE) {
    it(`answers ${operationId} with the session cookie from another origin 403, writing nothing`, async () => {
      const found = operations.find((o) => o.op.operationId === operationId);
      const contract = allCases.find((c) => c.operationId === operationId);
      if (!found || !contract) throw new Error(`no operation or contract case ${operationId}`);
      const t = await createTenant();
      const prepared = await contract.prepare(t);
      const token = t[prepared.as ?? 'buyer'].token;
      const before = await fingerprint(t.organizationSid);
      for (const origin of ['https://evil.example', 'null']) {
        const response = await call(null, found.method, prepared.path, prepared.body, {
          ...prepared.headers,
          cookie: `factor_session=${token}`,
          origin,
        });
        expect(response.status, JSON.stringify(response.body)).toBe(403);
        expect((response.body as { code: string }).code).toBe('forbidden');
      }
      expect(await fingerprint(t.organizationSid)).toBe(before);
      // The same session still works: logout did not revoke it.
      expect((await call(token, 'GET', '/v1/session')).status).toBe(200);
    });
  }
});

type Body = Record<string, unknown>;

/**
 * Every create whose JSON body takes a client sid: the sid's prefix, and the
 * body with one value changed (a different create under the same sid).
 */
const CLIENT_SID_CREATES: Record<string, { prefix: string; change: (body: Body) => Body }> = {
  createOrder: { prefix: 'OR', change: (b) => ({ ...b, title: 'Another title' }) },
  createOrderMember: { prefix: 'OM', change: (b) => ({ ...b, type: b.type === 'tracking' ? 'updating' : 'tracking' }) },
  createItem: { prefix: 'IT', change: (b) => ({ ...b, title: 'Another title' }) },
  createItemGroup: { prefix: 'IG', change: (b) => ({ ...b, trackingNumber: 'TRACK-2' }) },
  createItemCustomField: { prefix: 'CF', change: (b) => ({ ...b, value: 'another value' }) },
  createMessage: { prefix: 'MS', change: (b) => ({ ...b, content: 'Another message' }) },
  createFileExport: {
    prefix: 'FE',
    change: (b) => ({
      ...b,
      query: { ...(b.query as Body), fileType: (b.query as Body).fileType === 'csv' ? 'xlsx' : 'csv' },
    }),
  },
  createFieldMapping: { prefix: 'FM', change: (b) => ({ ...b, name: 'Another name' }) },
  createMappedField: { prefix: 'MF', change: (b) => ({ ...b, name: 'Another column' }) },
  createBom: { prefix: 'BO', change: (b) => ({ ...b, uniqueName: `${String(b.uniqueName)}-2` }) },
  createBomLine: { prefix: 'BL', change: (b) => ({ ...b, requiredQuantity: '9' }) },
  createInventoryCount: { prefix: 'IC', change: (b) => ({ ...b, count: 99 }) },
  createClearToBuild: { prefix: 'CB', change: (b) => ({ ...b, buildQuantity: '9' }) },
  createClearToBuildTarget: { prefix: 'CT', change: (b) => ({ ...b, durationLength: 9 }) },
  createCadence: { prefix: 'CA', change: (b) => ({ ...b, title: 'Another title' }) },
  createCadenceTransition: { prefix: 'TR', change: (b) => ({ ...b, conditionParameters: { maxAttempts: 9 } }) },
  createCadenceTracker: { prefix: 'TK', change: (b) => ({ ...b, attempts: 2 }) },
  matchInboundEmail: { prefix: 'IE', change: (b) => ({ ...b, subject: 'Another subject' }) },
  createEventRelation: { prefix: 'VR', change: (b) => ({ ...b, relation: 'factor:importedBy:UP2' }) },
  createGmailWatchSubscription: { prefix: 'GW', change: (b) => ({ ...b, historyId: '2000' }) },
};

/** The operations whose JSON request body has a `sid` property. */
const jsonSidCreates = operations.filter(({ op }) => {
  const schema = op.requestBody?.content['application/json']?.schema;
  return schema !== undefined && 'sid' in (resolve(schema).properties ?? {});
});

async function post(t: Tenant, path: string, body: Body, as: 'admin' | 'buyer' | 'vendor' = 'buyer') {
  return call<Body>(t[as].token, 'POST', path, body);
}

/** The answer as sent: status, type and the body's bytes. */
async function raw(t: Tenant, path: string, body: Body, as: 'admin' | 'buyer' | 'vendor' = 'buyer') {
  const { app } = await server();
  const response = await app.request(`http://127.0.0.1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t[as].token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return `${response.status} ${response.headers.get('content-type')}\n${await response.text()}`;
}

describe('a create repeated with its client sid', () => {
  it('declares 200 (the same create again) and 409 (another create under that sid) wherever a JSON body takes a sid', () => {
    const ids = jsonSidCreates.map(({ op }) => op.operationId);
    expect(ids.sort()).toEqual(Object.keys(CLIENT_SID_CREATES).sort());
    const missing = jsonSidCreates
      .filter(({ op }) => !('200' in op.responses && '201' in op.responses && '409' in op.responses))
      .map(({ op }) => op.operationId);
    expect(missing).toEqual([]);
  });

  for (const { op, path: template } of jsonSidCreates) {
    const entry = CLIENT_SID_CREATES[op.operationId];
    const contract = allCases.find((c) => c.operationId === op.operationId);
    it(`${op.operationId} (POST ${template}): the same body answers 200 with the stored record, another 409 naming sid, neither writes`, async () => {
      if (!entry || !contract) throw new Error(`no table entry or contract case for ${op.operationId}`);
      const t = await createTenant();
      const prepared = await contract.prepare(t);
      const body = { ...(prepared.body as Body), sid: newSid(entry.prefix) };
      const first = await post(t, prepared.path, body, prepared.as);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body.sid).toBe(body.sid);
      const before = await fingerprint(t.organizationSid);
      const again = await post(t, prepared.path, body, prepared.as);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toEqual(first.body);
      const changed = await post(t, prepared.path, entry.change(body), prepared.as);
      expect(changed.status, JSON.stringify(changed.body)).toBe(409);
      expect(changed.body).toMatchObject({ code: 'conflict', field: 'sid' });
      expect(await fingerprint(t.organizationSid)).toBe(before);
    });

    it(`${op.operationId} (POST ${template}): a sid another organization used answers exactly as another body under one's own sid`, async () => {
      if (!entry || !contract) throw new Error(`no table entry or contract case for ${op.operationId}`);
      const owner = await createTenant();
      const stranger = await createTenant();
      const prepared = await contract.prepare(owner);
      const body: Body = { ...(prepared.body as Body), sid: newSid(entry.prefix) };
      expect((await post(owner, prepared.path, body, prepared.as)).status).toBe(201);
      const ownBefore = await fingerprint(owner.organizationSid);
      const strangerBefore = await fingerprint(stranger.organizationSid);
      const ownOther = await raw(owner, prepared.path, entry.change(body), prepared.as);
      // The stranger sends the very body (its organizationSid left out, which would be refused first).
      const { organizationSid: _own, ...foreignBody } = body;
      const foreign = await raw(stranger, prepared.path, foreignBody, prepared.as);
      expect(ownOther).toMatch(/^409 application\/json/);
      expect(foreign).toBe(ownOther);
      expect(await fingerprint(owner.organizationSid)).toBe(ownBefore);
      expect(await fingerprint(stranger.organizationSid)).toBe(strangerBefore);
    });
  }
});

/** Creates of a record whose name (or other key) is unique where it lives: the field that names the clash. */
const UNIQUE_KEYS: Record<string, string> = {
  createOrder: 'uniqueName',
  createOrderMember: 'memberSid',
  createItem: 'uniqueName',
  createItemGroup: 'uniqueName',
  createItemCustomField: 'name',
  createMappedField: 'name',
  createBom: 'uniqueName',
  createBomLine: 'uniqueName',
  createCadenceTracker: 'referenceSid',
};

describe('a create with a new sid and a unique name already taken', () => {
  for (const [operationId, field] of Object.entries(UNIQUE_KEYS)) {
    it(`${operationId} answers 409 naming ${field}, never the other record, and writes nothing`, async () => {
      const entry = CLIENT_SID_CREATES[operationId];
      const contract = allCases.find((c) => c.operationId === operationId);
      if (!entry || !contract) throw new Error(`no table entry or contract case for ${operationId}`);
      const t = await createTenant();
      const prepared = await contract.prepare(t);
      const body: Body = { ...(prepared.body as Body), sid: newSid(entry.prefix) };
      expect((await post(t, prepared.path, body, prepared.as)).status).toBe(201);
      const before = await fingerprint(t.organizationSid);
      const clash = await post(t, prepared.path, { ...body, sid: newSid(entry.prefix) }, prepared.as);
      expect(clash.status, JSON.stringify(clash.body)).toBe(409);
      expect(clash.body).toMatchObject({ code: 'conflict', field });
      expect(await fingerprint(t.organizationSid)).toBe(before);
    });
  }

  it('still adds a BOM line of the same name created without a sid to the line (the Cofactr way)', async () => {
    const t = await createTenant();
    const bom = await post(t, '/v1/boms', { uniqueName: `BOM-${newSid('BO').slice(-8)}` });
    const line = { bomSid: bom.body.sid, uniqueName: 'R1', requiredQuantity: '2' };
    const first = await post(t, '/v1/bomLines', { ...line, sid: newSid('BL') });
    expect(first.status).toBe(201);
    const summed = await post(t, '/v1/bomLines', line);
    expect(summed.status).toBe(200);
    expect(summed.body).toMatchObject({ sid: first.body.sid, requiredQuantity: '4' });
  });
});

describe('what counts as the same create', () => {
  async function orderWith(t: Tenant) {
    const order = await post(t, '/v1/orders', { uniqueName: `PO-${newSid('OR').slice(-8)}`, vendorName: t.vendorName });
    return String(order.body.sid);
  }

  it('takes a left-out field as its default, and compares decimals, times and defaults by value', async () => {
    const t = await createTenant();
    const orderSid = await orderWith(t);
    const sid = newSid('IT');
    const base = { sid, orderSid, uniqueName: '10', quantity: '12.50', pricePerUnit: '0.1' };
    expect((await post(t, '/v1/items', { ...base, title: 'Capacitor' })).status).toBe(201);
    // Left out, title would be null: not the stored "Capacitor".
    expect((await post(t, '/v1/items', base)).status).toBe(409);
    // The same values written another way, and a default spelled out.
    const same = {
      ...base,
      title: 'Capacitor',
      quantity: '12.5',
      pricePerUnit: '0.100',
      status: 'active',
      leadTime: null,
    };
    const replay = await post(t, '/v1/items', same);
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body).toMatchObject({ sid, quantity: '12.5', title: 'Capacitor' });
    // An order named by its unique name instead of its sid is the same order.
    const order = await call<Body>(t.buyer.token, 'GET', `/v1/orders/${orderSid}`);
    const byName = { ...same, orderSid: undefined, orderUniqueName: order.body.uniqueName };
    expect((await post(t, '/v1/items', byName)).status).toBe(200);

    const cadence = await post(t, '/v1/cadences', { delaySeconds: '60', messageType: 'email' }, 'admin');
    const tracker = {
      sid: newSid('TK'),
      referenceSid: newSid('IG'),
      cadenceSid: cadence.body.sid,
      nextUpdateDate: '2027-01-08T10:00:00+01:00',
    };
    expect((await post(t, '/v1/cadenceTrackers', tracker)).status).toBe(201);
    expect(
      (await post(t, '/v1/cadenceTrackers', { ...tracker, nextUpdateDate: '2027-01-08T09:00:00.000Z' })).status,
    ).toBe(200);
    expect((await post(t, '/v1/cadenceTrackers', { ...tracker, nextUpdateDate: '2027-01-08T10:00:00Z' })).status).toBe(
      409,
    );
  });

  it('is refused to a vendor who may not see the stored message, as another body is', async () => {
    const t = await createTenant();
    const orderSid = await orderWith(t);
    const other = await post(t, '/v1/orders', {
      uniqueName: `PO-${newSid('OR').slice(-8)}`,
      vendorName: t.otherVendorName,
    });
    const sid = newSid('MS');
    expect((await post(t, '/v1/messages', { sid, content: 'Hidden', orderSids: [other.body.sid] })).status).toBe(201);
    const seen = await raw(t, '/v1/messages', { sid, content: 'Hidden', orderSids: [orderSid] }, 'vendor');
    const edited = await raw(t, '/v1/messages', { sid, content: 'Edited', orderSids: [other.body.sid] });
    expect(edited).toMatch(/^409 /);
    expect(seen).toBe(edited);
  });
});

/** Every boolean query parameter of the spec, with its operation. */
const booleanParams = operations.flatMap(({ method, path, op }) =>
  parametersOf(op)
    .filter((p) => p.in === 'query' && p.schema !== undefined && resolve(p.schema).type === 'boolean')
    .map((p) => ({ method, path, op, name: p.name })),
);

/** The prepared call's path with the query parameter set to `value` (replacing any value it had). */
/** Whether the operation answers an event stream, which stays open. */
function streams(op: (typeof operations)[number]['op']): boolean {
  return Object.values(op.responses ?? {}).some((r) => {
    const content = (r as { content?: Record<string, unknown> }).content;
    return content !== undefined && 'text/event-stream' in content;
  });
}

/** A GET's status, its body (a stream) closed unread. */
async function openedStatus(token: string, path: string): Promise<{ status: number; body: string }> {
  const { app } = await server();
  const response = await app.request(`http://127.0.0.1${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return { status: response.status, body: '' };
}

function withParam(prepared: string, name: string, value: string): string {
  const [pathname, search = ''] = prepared.split('?');
  const query = new URLSearchParams(search);
  query.delete(name);
  const rest = query.toString();
  return `${pathname}?${rest ? `${rest}&` : ''}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

describe('boolean query parameters', () => {
  it('are found in the spec', () => {
    expect(booleanParams.length).toBeGreaterThan(15);
  });

  for (const { method, path: template, op, name } of booleanParams) {
    it(`${op.operationId} (${method} ${template}) takes ${name}=true and false and refuses maybe, 2 and an empty value with 400 naming it`, async () => {
      const contract = allCases.find((c) => c.operationId === op.operationId);
      if (!contract) throw new Error(`no contract case for ${op.operationId}`);
      const t = await createTenant();
      const prepared = await contract.prepare(t);
      const token = t[prepared.as ?? 'buyer'].token;
      const failures: string[] = [];
      for (const value of ['true', 'false']) {
        const path = withParam(prepared.path, name, value);
        // An event stream stays open (GET /v1/live?once=false): its status is read and the stream closed.
        const r = streams(op)
          ? await openedStatus(token, path)
          : await call(token, method, path, prepared.body, prepared.headers);
        if (r.status !== (prepared.status ?? specStatus(op)))
          failures.push(`${value}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      for (const value of ['maybe', '2', '', 'TRUE', '1']) {
        const r = await call<{ code?: string; field?: string }>(
          token,
          method,
          withParam(prepared.path, name, value),
          prepared.body,
          prepared.headers,
        );
        if (r.status !== 400 || r.body.code !== 'invalid_request' || r.body.field !== name) {
          failures.push(`${JSON.stringify(value)}: ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('reads false as false (includeTotalCount=false leaves the count out)', async () => {
    const t = await createTenant();
    const bom = await post(t, '/v1/boms', { uniqueName: `BOM-${newSid('BO').slice(-8)}` });
    const list = (value: string) =>
      call<Body>(t.buyer.token, 'GET', `/v1/bomLines?bomSid=${String(bom.body.sid)}&includeTotalCount=${value}`);
    expect((await list('true')).body.totalCount).toBe(0);
    expect((await list('false')).body).not.toHaveProperty('totalCount');
  });
});
