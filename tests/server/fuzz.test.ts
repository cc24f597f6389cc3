// Property-based fuzz of every operation of openapi/factor.yaml, driven by the
// spec: each run starts from the operation's contract case (a valid call in a
// fresh organization) and changes one part of it (a path value, a query
// parameter, a JSON or form field, the raw body, a header) to an odd value:
// NUL and control characters, lone surrogates, very long or unicode text,
// huge and negative numbers, NaN-like strings, wrong types, malformed page
// tokens and path values. Every answer must be declared by the spec for the
// operation, never a 5xx, with a body matching the schema declared for its
// status; an answer of 4xx (and any answer to a GET) must leave the
// organization's stored data as it was.
//
// A few runs per operation under `npm test`; `npm run fuzz` runs many more
// (FUZZ_RUNS). The seed is fixed (FUZZ_SEED to change it); each operation
// draws from its own seed, so a failure reproduces alone with -t.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from './support/harness.ts';
import { allCases, fingerprint, operations } from './support/spec.ts';
import { problemsOf, report, type Failure } from './fuzz/check.ts';
import { mutationsOf } from './fuzz/mutations.ts';
import { fromPrepared, send, type FuzzRequest } from './fuzz/request.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 1_300_013);

/** The operation's own seed: the base seed mixed with a hash of its id. */
function seedOf(operationId: string): number {
  let h = SEED | 0;
  for (const ch of operationId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** Every failure of the run, by operation, for the summary. */
const summary = new Map<string, Failure[]>();
/** How often each status answered: most answers should come from the handlers, not the door. */
const statuses = new Map<number, number>();

afterAll(() => {
  const counts = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
  console.log(`fuzz (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): answers ${counts.join(' ')}`);
  if (!summary.size) return;
  const byClass = new Map<string, string[]>();
  for (const [operationId, failures] of summary) {
    for (const f of failures) {
      const key = `${f.kind} ← ${f.mutation.part}: ${f.mutation.cls}`;
      const ops = byClass.get(key) ?? [];
      if (!ops.includes(operationId)) ops.push(operationId);
      byClass.set(key, ops);
    }
  }
  const lines = [...byClass].map(
    ([key, ops]) => `  ${key}: ${ops.length} operation(s): ${ops.slice(0, 8).join(', ')}${ops.length > 8 ? ', …' : ''}`,
  );
  console.log(
    `\nfuzz (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): failures in ${summary.size} of ${operations.length} operations\n${lines.join('\n')}\n`,
  );
});

describe(`fuzz: every operation, ${RUNS} mutated calls each`, () => {
  for (const { path: template, method, op } of operations) {
    it(`${op.operationId} (${method} ${template})`, { timeout: 30_000 + RUNS * 1_000 }, async () => {
      const contract = allCases.find((c) => c.operationId === op.operationId);
      expect(contract, `no contract case for ${op.operationId}`).toBeDefined();
      if (!contract) return;

      let tenant: Tenant = await createTenant('Fuzz');
      let valid: FuzzRequest = fromPrepared(await contract.prepare(tenant), method, tenant);
      const mutations = fc.sample(mutationsOf(template, method, op, valid), {
        seed: seedOf(op.operationId),
        numRuns: RUNS,
      });
      const failures: Failure[] = [];
      let before = await fingerprint(tenant.organizationSid);
      let fresh = true;
      for (const mutation of mutations) {
        if (!fresh) {
          // The last call changed something (or may have, like a sign-out): start again from a new organization.
          tenant = await createTenant('Fuzz');
          valid = fromPrepared(await contract.prepare(tenant), method, tenant);
          before = await fingerprint(tenant.organizationSid);
        }
        const request = mutation.apply(valid, tenant);
        const outcome = await send(request);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const after = await fingerprint(tenant.organizationSid);
        const found = problemsOf(op, outcome);
        if (after !== before && outcome.status >= 400 && outcome.status < 500) {
          found.push({ kind: `${outcome.status} wrote`, detail: 'a refused request changed stored data' });
        } else if (after !== before && method === 'GET') {
          found.push({ kind: 'a read wrote', detail: 'a GET changed stored data' });
        }
        for (const problem of found) failures.push({ ...problem, mutation, request, outcome });
        fresh = after === before && (outcome.status >= 300 || method === 'GET');
        before = after;
      }
      if (failures.length) {
        summary.set(op.operationId, failures);
        expect.fail(
          `${report(failures, mutations.length)}\n  (reproduce: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx vitest run tests/server/fuzz.test.ts -t "${op.operationId} \\(")`,
        );
      }
    });
  }
});
