// The statuses the spec declares against what the server can answer: every
// refusal the server makes has its status declared on the operations where
// it can happen, and a sample of them is made to happen.
import { describe, expect, it } from 'vitest';
import { EMBED_VIEW_READS } from '../../server/http/embed-scope.ts';
import { call, createTenant } from './support/harness.ts';
import { allCases, fingerprint, operations } from './support/spec.ts';

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
