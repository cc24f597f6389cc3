// The webhook calls of cadence transitions (tag: webhookDeliveries): every
// call a transition's webhook action made or will make, newest first, with
// its delivery id, attempts and last answer. Staff only; the webhook relay
// (jobs/webhook-relay.ts) sends them.
import type { Hono } from 'hono';
import { ListWebhookDeliveriesQueryParams } from '../../src/api/generated/zod/webhook-deliveries/webhook-deliveries.zod.ts';
import type { Row } from '../db/schema.ts';
import type { AppEnv } from '../http/context.ts';
import { queryParams } from '../http/validate.ts';
import { dbOf, iso, isoRequired, pageOf, principalOf, requireStaff } from './support.ts';

type DeliveryRow = Pick<
  Row<'webhookDeliveries'>,
  | 'sid'
  | 'created'
  | 'transitionSid'
  | 'itemGroupSid'
  | 'url'
  | 'status'
  | 'attempts'
  | 'lastStatusCode'
  | 'lastError'
  | 'nextAttemptAt'
  | 'delivered'
>;

function serializeWebhookDelivery(d: DeliveryRow) {
  return {
    sid: d.sid,
    created: isoRequired(d.created),
    transitionSid: d.transitionSid,
    itemGroupSid: d.itemGroupSid,
    url: d.url,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: iso(d.nextAttemptAt),
    delivered: iso(d.delivered),
  };
}

export function registerWebhookDeliveries(app: Hono<AppEnv>): void {
  app.get('/v1/webhookDeliveries', async (c) => {
    const p = principalOf(c);
    requireStaff(p);
    const params = queryParams(c, ListWebhookDeliveriesQueryParams);
    let q = dbOf(c)
      .selectFrom('webhookDeliveries')
      .select([
        'sid',
        'created',
        'transitionSid',
        'itemGroupSid',
        'url',
        'status',
        'attempts',
        'lastStatusCode',
        'lastError',
        'nextAttemptAt',
        'delivered',
      ])
      .where('organizationSid', '=', p.organizationSid);
    if (params.transitionSid) q = q.where('transitionSid', '=', params.transitionSid);
    if (params.status) q = q.where('status', '=', params.status);
    const { rows, page } = await pageOf(q, params, { descending: true });
    return c.json({ webhookDeliveries: rows.map(serializeWebhookDelivery), page });
  });
}
