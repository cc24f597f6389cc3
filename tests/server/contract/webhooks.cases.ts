// Contract cases for the webhook calls of cadence transitions.
import { newSid } from '../../../server/domain/sid.ts';
import { server, type Tenant } from '../support/harness.ts';
import type { ContractCase } from './case.ts';

interface Made {
  sid: string;
}

/** A cadence with a webhook transition, and one pending call of it. */
async function makeDelivery(t: Tenant) {
  const cadence = await t.admin.request<Made>('POST', '/v1/cadences', {
    delaySeconds: '86400',
    maxAttempts: '3',
    messageType: 'email',
    title: 'With a webhook',
  });
  if (cadence.status !== 201) throw new Error(`could not make a cadence: ${cadence.status}`);
  const transition = await t.admin.request<Made>('POST', '/v1/cadenceTransitions', {
    cadenceSid: cadence.body.sid,
    condition: 'MaxAttempts',
    conditionParameters: { maxAttempts: 3 },
    action: 'CallWebhook',
    actionParameters: { url: 'https://hooks.example/factor' },
  });
  if (transition.status !== 201) throw new Error(`could not make a cadence transition: ${transition.status}`);
  const { db } = await server();
  const sid = newSid('WH');
  const itemGroupSid = newSid('IG');
  const now = new Date();
  await db
    .insertInto('webhookDeliveries')
    .values({
      sid,
      organizationSid: t.organizationSid,
      created: now,
      updated: now,
      transitionSid: transition.body.sid,
      itemGroupSid,
      stateSince: now,
      url: 'https://hooks.example/factor',
      body: JSON.stringify({
        id: sid,
        type: 'cadenceTransition.fired',
        transitionSid: transition.body.sid,
        itemGroupSid,
      }),
      lastStatusCode: null,
      lastError: null,
      // Not due: no relay of the test run calls it.
      nextAttemptAt: null,
    })
    .execute();
  return { transitionSid: transition.body.sid, sid };
}

export const cases: ContractCase[] = [
  {
    operationId: 'listWebhookDeliveries',
    prepare: async (t) => {
      const { transitionSid } = await makeDelivery(t);
      return { path: `/v1/webhookDeliveries?transitionSid=${transitionSid}&status=pending&pageSize=10` };
    },
  },
];
