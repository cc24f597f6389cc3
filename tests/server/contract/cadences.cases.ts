// Contract cases for cadences, cadence transitions and cadence trackers.
import { newSid } from '../../../server/domain/sid.ts';
import type { Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';

interface Made {
  sid: string;
}

async function makeCadence(t: Tenant, title = 'Contract cadence'): Promise<Made> {
  const r = await t.admin.request<Made>('POST', '/v1/cadences', {
    delaySeconds: '86400',
    unresponsiveAfterBusinessDays: '5',
    maxAttempts: '3',
    messageType: 'email',
    title,
  });
  if (r.status !== 201) throw new Error(`could not make a cadence: ${r.status}`);
  return r.body;
}

/** A cadence with a transition switching to a second cadence. */
async function makeTransition(t: Tenant) {
  const from = await makeCadence(t, 'From');
  const to = await makeCadence(t, 'To');
  const r = await t.admin.request<Made & { version: number }>('POST', '/v1/cadenceTransitions', {
    cadenceSid: from.sid,
    condition: 'MaxAttempts',
    conditionParameters: { maxAttempts: 3 },
    action: 'SwitchCadence',
    actionParameters: { cadenceSid: to.sid },
  });
  if (r.status !== 201) throw new Error(`could not make a cadence transition: ${r.status}`);
  return { from, to, transition: r.body };
}

async function makeTracker(t: Tenant) {
  const cadence = await makeCadence(t);
  const r = await t.buyer.request<Made & { version: number; referenceSid: string }>('POST', '/v1/cadenceTrackers', {
    referenceSid: newSid('IG'),
    cadenceSid: cadence.sid,
    lastUpdateDate: '2027-01-01T09:00:00Z',
    nextUpdateDate: '2027-01-08T09:00:00Z',
    attempts: 1,
  });
  if (r.status !== 201) throw new Error(`could not make a cadence tracker: ${r.status}`);
  return { cadence, tracker: r.body };
}

export const cases: ContractCase[] = [
  // cadences
  {
    operationId: 'listCadences',
    prepare: async (t) => {
      await makeCadence(t);
      return { path: `/v1/cadences?organizationSid=${t.organizationSid}&pageSize=10` };
    },
  },
  {
    operationId: 'createCadence',
    prepare: (t) =>
      Promise.resolve({
        path: '/v1/cadences',
        body: {
          organizationSid: t.organizationSid,
          delaySeconds: '604800',
          unresponsiveAfterBusinessDays: '5',
          maxAttempts: '4',
          messageType: 'email',
          title: 'Weekly follow-up',
        },
        as: 'admin',
      }),
  },
  {
    operationId: 'updateCadence',
    prepare: async (t) => ({
      path: `/v1/cadences/${(await makeCadence(t)).sid}`,
      body: { delaySeconds: '3600', maxAttempts: '6', messageType: 'email', title: 'Hourly follow-up' },
      as: 'admin',
    }),
  },
  { operationId: 'getCadence', prepare: async (t) => ({ path: `/v1/cadences/${(await makeCadence(t)).sid}` }) },
  {
    operationId: 'deleteCadence',
    prepare: async (t) => ({ path: `/v1/cadences/${(await makeCadence(t)).sid}`, as: 'admin' }),
  },

  // cadence transitions
  {
    operationId: 'getCadenceTransition',
    prepare: async (t) => ({ path: `/v1/cadenceTransitions/${(await makeTransition(t)).transition.sid}` }),
  },
  {
    operationId: 'deleteCadenceTransition',
    prepare: async (t) => ({
      path: `/v1/cadenceTransitions/${(await makeTransition(t)).transition.sid}`,
      as: 'admin',
    }),
  },
  {
    operationId: 'updateCadenceTransition',
    prepare: async (t) => {
      const { to, transition } = await makeTransition(t);
      return {
        path: `/v1/cadenceTransitions/${transition.sid}`,
        body: {
          currentVersion: String(transition.version),
          condition: 'BusinessDaysInState',
          conditionParameters: { businessDaysAfterFinalAttempt: 7, totalBusinessDaysInState: 10 },
          action: 'SwitchCadence',
          actionParameters: { cadenceSid: to.sid },
          title: 'Escalate when stuck',
        },
        as: 'admin',
      };
    },
  },
  {
    operationId: 'listCadenceTransitions',
    prepare: async (t) => {
      const { from } = await makeTransition(t);
      return { path: `/v1/cadenceTransitions?cadenceSid=${from.sid}&condition=MaxAttempts&pageSize=10` };
    },
  },
  {
    operationId: 'createCadenceTransition',
    prepare: async (t) => {
      const from = await makeCadence(t, 'From');
      const to = await makeCadence(t, 'To');
      return {
        path: '/v1/cadenceTransitions',
        body: {
          organizationSid: t.organizationSid,
          cadenceSid: from.sid,
          condition: 'MaxAttempts',
          conditionParameters: { maxAttempts: 3 },
          action: 'SwitchCadence',
          actionParameters: { cadenceSid: to.sid },
        },
        as: 'admin',
      };
    },
  },

  // cadence trackers
  {
    operationId: 'getCadenceTracker',
    prepare: async (t) => ({ path: `/v1/cadenceTrackers/${(await makeTracker(t)).tracker.sid}` }),
  },
  {
    operationId: 'deleteCadenceTracker',
    prepare: async (t) => ({ path: `/v1/cadenceTrackers/${(await makeTracker(t)).tracker.sid}` }),
  },
  {
    operationId: 'updateCadenceTracker',
    prepare: async (t) => {
      const { tracker } = await makeTracker(t);
      const other = await makeCadence(t, 'Other');
      return {
        path: `/v1/cadenceTrackers/${tracker.sid}`,
        body: {
          cadenceSid: other.sid,
          nextUpdateDate: '2027-01-15T09:00:00Z',
          currentVersion: String(tracker.version),
        },
      };
    },
  },
  {
    operationId: 'listCadenceTrackers',
    prepare: async (t) => {
      await makeTracker(t);
      return { path: '/v1/cadenceTrackers?nextUpdateDateBefore=2027-02-01T00:00:00Z&pageSize=10' };
    },
  },
  {
    operationId: 'createCadenceTracker',
    prepare: async (t) => ({
      path: '/v1/cadenceTrackers',
      body: {
        organizationSid: t.organizationSid,
        referenceSid: newSid('IG'),
        cadenceSid: (await makeCadence(t)).sid,
        lastUpdateDate: '2027-01-01T09:00:00Z',
        nextUpdateDate: '2027-01-08T09:00:00Z',
        attempts: 0,
      },
    }),
  },
];
