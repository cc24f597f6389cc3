// Cadence transitions on the real database, through runs of the follow-up
// engine: a MaxAttempts transition switches a line's cadence on the run that
// sends the last attempt, once; a webhook transition writes one delivery per
// line, however often the run is repeated; the webhook relay POSTs it, signed,
// to a receiver on 127.0.0.1, retries a failing receiver with growing delays
// until it answers, and gives up a day after the first attempt.
import { once } from 'node:events';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransitions } from '../../server/jobs/follow-up-transitions.ts';
import { organizationFollowUps, runFollowUp } from '../../server/jobs/follow-up-run.ts';
import {
  organizationWebhookSecret,
  postWebhook,
  relayWebhooks,
  webhookUrlRefusal,
} from '../../server/jobs/webhook-relay.ts';
import { berlinTenant, morning } from './support/berlin.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';

const PUBLIC_URL = 'https://factor.example';
const MINUTE = 60_000;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
/** Failures answered so far per delivery id, for the receiver's /flaky path. */
const failuresOf = new Map<string, number>();
let receiver: Server;
let base = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const delivery = String(req.headers['x-factor-delivery'] ?? '');
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const failures = failuresOf.get(delivery) ?? 0;
      if (path.startsWith('/down') || (path.startsWith('/flaky') && failures < 2)) {
        failuresOf.set(delivery, failures + 1);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('busy');
        return;
      }
      if (path.startsWith('/moved')) {
        res.writeHead(302, { location: `${base}/ok` }).end();
        return;
      }
      res.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  base = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => {
    receiver.close(() => {
      resolve();
    });
  });
});

let counter = 0;

/** A tenant in Berlin's time zone. */

async function cadence(t: Tenant, title: string, delaySeconds: number, maxAttempts: number | null = null) {
  const r = await t.admin.request<{ sid: string }>('POST', '/v1/cadences', {
    delaySeconds: String(delaySeconds),
    maxAttempts: maxAttempts === null ? null : String(maxAttempts),
    messageType: 'email',
    title,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.sid;
}

async function transition(
  t: Tenant,
  body: {
    cadenceSid: string;
    condition: string;
    conditionParameters: unknown;
    action: string;
    actionParameters: unknown;
  },
) {
  const r = await t.admin.request<{ sid: string }>('POST', '/v1/cadenceTransitions', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.sid;
}

/** An order of the tenant's vendor on a cadence, one line per due date; returns its sid and the lines' sids. */
async function order(t: Tenant, cadenceSid: string, dueDates: string[]) {
  const created = await t.buyer.request<{ sid: string }>('POST', '/v1/orders', {
    uniqueName: `PO-T-${String(counter++)}-${Date.now().toString(36)}`,
    vendorSid: t.vendorSid,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { db } = await server();
  await db.updateTable('orders').set({ cadenceSid }).where('sid', '=', created.body.sid).execute();
  const groups: string[] = [];
  for (const [index, dueDate] of dueDates.entries()) {
    const item = await t.buyer.request<{ sid: string }>('POST', '/v1/items', {
      orderSid: created.body.sid,
      uniqueName: String((index + 1) * 10),
      quantity: '10',
    });
    expect(item.status).toBe(201);
    const group = await t.buyer.request<{ sid: string }>('POST', '/v1/itemGroups', {
      itemSid: item.body.sid,
      quantity: '10',
      dueDate,
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    groups.push(group.body.sid);
  }
  return { sid: created.body.sid, groups };
}

const run = async (t: Tenant, now: Date) =>
  runFollowUp((await server()).db, { now, publicUrl: PUBLIC_URL, organizationSid: t.organizationSid });

async function trackerOf(t: Tenant, itemGroupSid: string) {
  const { db } = await server();
  return db
    .selectFrom('cadenceTrackers')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .where('referenceSid', '=', itemGroupSid)
    .executeTakeFirstOrThrow();
}

async function firedEvents(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('events')
    .select(['itemGroupSid', 'orderSid', 'after'])
    .where('organizationSid', '=', t.organizationSid)
    .where('eventType', '=', 'cadenceTransition.fired')
    .execute();
}

async function deliveriesOf(t: Tenant) {
  const { db } = await server();
  return db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('organizationSid', '=', t.organizationSid)
    .orderBy('sid')
    .execute();
}

async function delivery(sid: string) {
  const { db } = await server();
  return db.selectFrom('webhookDeliveries').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
}

/** The organization's calendar, as the run reads it. */
async function calendarOf(t: Tenant) {
  const [org] = await organizationFollowUps((await server()).db, t.organizationSid);
  return org.settings.cal;
}

const relay = async (now: Date) => relayWebhooks((await server()).db, { now });

describe('a cadence transition', () => {
  it('switches the cadence on the run that sends the last attempt, once; the new cadence asks at the next run, counting its attempts afresh', async () => {
    const t = await berlinTenant('Transitions');
    const daily = await cadence(t, 'Daily', 86_400);
    const weekly = await cadence(t, 'Weekly', 7 * 86_400);
    const escalate = await transition(t, {
      cadenceSid: daily,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 3 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: weekly },
    });
    const po = await order(t, daily, ['2027-06-30']);

    // Friday, Monday: the first two requests. The weekend in between sends nothing.
    expect(await run(t, morning('2026-12-04'))).toMatchObject({ requestedLines: 1 });
    expect(await run(t, morning('2026-12-05'))).toMatchObject({ requestedLines: 0 });
    expect(await run(t, morning('2026-12-07'))).toMatchObject({ requestedLines: 1 });
    let tracker = await trackerOf(t, po.groups[0]);
    expect(tracker).toMatchObject({ cadenceSid: null, attempts: 2 });
    expect(await firedEvents(t)).toEqual([]);

    // Tuesday: the third request, and the switch.
    expect(await run(t, morning('2026-12-08'))).toMatchObject({ requestedLines: 1 });
    tracker = await trackerOf(t, po.groups[0]);
    expect(tracker).toMatchObject({ cadenceSid: weekly, attempts: 0 });
    expect(tracker.stateSince).toEqual(morning('2026-12-08'));
    const events = await firedEvents(t);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ itemGroupSid: po.groups[0], orderSid: po.sid });
    expect(events[0].after).toMatchObject({
      transitionSid: escalate,
      cadenceSid: daily,
      condition: 'MaxAttempts',
      action: 'SwitchCadence',
      toCadenceSid: weekly,
    });

    // The same run again, and the next days: nothing fires again.
    const { db } = await server();
    const cal = await calendarOf(t);
    const again = await applyTransitions(db, {
      organizationSid: t.organizationSid,
      now: morning('2026-12-08', 10),
      cal,
    });
    expect(again).toMatchObject({ fired: 0, switched: 0 });
    // Wednesday: the weekly cadence asks at once; Thursday it waits a week.
    expect(await run(t, morning('2026-12-09'))).toMatchObject({ requestedLines: 1 });
    expect(await run(t, morning('2026-12-10'))).toMatchObject({ requestedLines: 0 });
    expect((await trackerOf(t, po.groups[0])).attempts).toBe(1);
    expect(await firedEvents(t)).toHaveLength(1);
    const firings = await db
      .selectFrom('cadenceTransitionFirings')
      .selectAll()
      .where('trackerSid', '=', tracker.sid)
      .execute();
    expect(firings).toHaveLength(1);
    expect(firings[0]).toMatchObject({ transitionSid: escalate });
  });

  it('fires once per state even while its condition keeps holding', async () => {
    const t = await berlinTenant('Transitions');
    const daily = await cadence(t, 'Daily', 86_400);
    await transition(t, {
      cadenceSid: daily,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 1 },
      action: 'CallWebhook',
      actionParameters: { url: `${base}/ok` },
    });
    const po = await order(t, daily, ['2027-06-30']);
    await run(t, morning('2026-12-07'));
    await run(t, morning('2026-12-08'));
    await run(t, morning('2026-12-09'));
    expect((await trackerOf(t, po.groups[0])).attempts).toBe(3);
    expect(await deliveriesOf(t)).toHaveLength(1);
    expect(await firedEvents(t)).toHaveLength(1);
  });

  it('leaves a paused order alone, and fires once it is resumed', async () => {
    const t = await berlinTenant('Transitions');
    const weekly = await cadence(t, 'Weekly', 7 * 86_400);
    await transition(t, {
      cadenceSid: weekly,
      condition: 'ItemGroupBusinessDays',
      conditionParameters: { businessDays: 5 },
      action: 'CallWebhook',
      actionParameters: { url: `${base}/ok` },
    });
    const po = await order(t, weekly, ['2026-12-10']);
    const pause = async (paused: boolean) => {
      expect((await t.buyer.request('PATCH', `/v1/orders/${po.sid}/followUp`, { paused })).status).toBe(200);
    };
    await pause(true);
    await run(t, morning('2026-12-07'));
    expect(await deliveriesOf(t)).toHaveLength(0);
    await pause(false);
    await run(t, morning('2026-12-08'));
    expect((await deliveriesOf(t)).map((d) => d.itemGroupSid)).toEqual([po.groups[0]]);
  });

  it('costs one query for an organization without transitions', async () => {
    const t = await berlinTenant('Transitions');
    const { db } = await server();
    const cal = await calendarOf(t);
    let queries = 0;
    const counted = db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const summary = await applyTransitions(counted, {
      organizationSid: t.organizationSid,
      now: morning('2026-12-07'),
      cal,
    });
    expect(summary).toEqual({ trackersEvaluated: 0, fired: 0, switched: 0, webhooks: 0 });
    expect(queries).toBe(1);
  });
});

describe('webhook transitions', () => {
  /** A tenant whose order lines call `path` on the receiver when they are 5 business days or fewer from their date. */
  async function webhookSetup(path: string, dueDates: string[]) {
    const t = await berlinTenant('Transitions');
    const daily = await cadence(t, 'Daily', 86_400);
    const transitionSid = await transition(t, {
      cadenceSid: daily,
      condition: 'ItemGroupBusinessDays',
      conditionParameters: { businessDays: 5 },
      action: 'CallWebhook',
      actionParameters: { url: `${base}${path}` },
    });
    const po = await order(t, daily, dueDates);
    return { t, daily, transitionSid, po };
  }

  it('writes one delivery per line, with unique ids, however often the run is repeated', async () => {
    // Monday 7 Dec: the 10th and 14th are within 5 business days, 31 Dec is not.
    const { t, daily, transitionSid, po } = await webhookSetup('/ok', ['2026-12-10', '2026-12-14', '2026-12-31']);
    await run(t, morning('2026-12-07'));
    let deliveries = await deliveriesOf(t);
    expect(deliveries.map((d) => d.itemGroupSid).sort()).toEqual([po.groups[0], po.groups[1]].sort());
    expect(new Set(deliveries.map((d) => d.sid)).size).toBe(2);
    for (const d of deliveries) {
      expect(d.sid).toMatch(/^WH[0-9a-z]{28}$/);
      expect(d).toMatchObject({ status: 'pending', attempts: 0, transitionSid, url: `${base}/ok` });
      expect(d.nextAttemptAt).toEqual(morning('2026-12-07'));
      expect(d.body).toEqual({
        id: d.sid,
        type: 'cadenceTransition.fired',
        transitionSid,
        cadenceSid: daily,
        itemGroupSid: d.itemGroupSid,
        orderSid: po.sid,
        occurredAt: morning('2026-12-07').toISOString(),
      });
    }
    const events = await firedEvents(t);
    expect(events).toHaveLength(2);
    expect(events.map((e) => (e.after as { webhookDeliverySid?: string }).webhookDeliverySid).sort()).toEqual(
      deliveries.map((d) => d.sid).sort(),
    );

    // Repeated, the same morning and later: nothing new until the third line comes within 5 business days.
    await run(t, morning('2026-12-07'));
    await run(t, morning('2026-12-07', 11));
    await run(t, morning('2026-12-08'));
    expect(await deliveriesOf(t)).toHaveLength(2);
    await run(t, morning('2026-12-24')); // 31 Dec is 5 business days away (Berlin works on the 25th here)
    deliveries = await deliveriesOf(t);
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.sid)).size).toBe(3);
  });

  it('POSTs a signed body to the receiver, which verifies it, and marks the delivery delivered', async () => {
    const { t } = await webhookSetup('/ok', ['2026-12-10']);
    await run(t, morning('2026-12-07'));
    const [pending] = await deliveriesOf(t);
    const now = morning('2026-12-07', 10);
    await relay(now);

    const calls = received.filter((r) => r.headers['x-factor-delivery'] === pending.sid);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call.path).toBe('/ok');
    expect(call.headers['content-type']).toBe('application/json');
    const timestamp = String(call.headers['x-factor-timestamp']);
    expect(timestamp).toBe(String(Math.floor(now.getTime() / 1000)));
    const secret = await organizationWebhookSecret((await server()).db, t.organizationSid);
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${call.body}`).digest('hex')}`;
    expect(call.headers['x-factor-signature']).toBe(expected);
    expect(JSON.parse(call.body)).toEqual(pending.body);
    // Another organization's secret does not verify it.
    const other = await organizationWebhookSecret((await server()).db, (await createTenant('Other')).organizationSid);
    expect(other).not.toBe(secret);

    expect(await delivery(pending.sid)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
      delivered: now,
    });
    // Delivered once: a later relay sends nothing more for it.
    await relay(new Date(now.getTime() + 10 * MINUTE));
    expect(received.filter((r) => r.headers['x-factor-delivery'] === pending.sid)).toHaveLength(1);
  });

  it('retries a receiver that answers 500 after 1, then 2 minutes, and delivers when it answers', async () => {
    const { t } = await webhookSetup('/flaky', ['2026-12-10']);
    await run(t, morning('2026-12-07'));
    const [pending] = await deliveriesOf(t);
    const start = morning('2026-12-07', 10);
    await relay(start);
    let row = await delivery(pending.sid);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(row.nextAttemptAt).toEqual(new Date(start.getTime() + MINUTE));
    expect(row.firstAttemptAt).toEqual(start);

    // Not before its time.
    await relay(new Date(start.getTime() + 30_000));
    expect((await delivery(pending.sid)).attempts).toBe(1);

    const second = new Date(start.getTime() + MINUTE);
    await relay(second);
    row = await delivery(pending.sid);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 500 });
    expect(row.nextAttemptAt).toEqual(new Date(second.getTime() + 2 * MINUTE));

    const third = new Date(second.getTime() + 2 * MINUTE);
    await relay(third);
    row = await delivery(pending.sid);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204, lastError: null });
    expect(row.delivered).toEqual(third);
    // Every attempt carried the same delivery id and body.
    const calls = received.filter((r) => r.headers['x-factor-delivery'] === pending.sid);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
  });

  it('gives up a day after the first attempt; a redirect is not followed', async () => {
    const { t } = await webhookSetup('/down', ['2026-12-10']);
    await run(t, morning('2026-12-07'));
    const [pending] = await deliveriesOf(t);
    const start = morning('2026-12-07', 10);
    let now = start;
    let row = await delivery(pending.sid);
    for (let attempt = 1; row.status === 'pending'; attempt++) {
      expect(attempt).toBeLessThanOrEqual(12);
      await relay(now);
      row = await delivery(pending.sid);
      expect(row.attempts).toBe(attempt);
      now = row.nextAttemptAt ?? now;
    }
    expect(row).toMatchObject({ status: 'failed', attempts: 11, nextAttemptAt: null, lastStatusCode: 500 });
    // The last attempt was within a day of the first; the next would not have been.
    expect(now.getTime() - start.getTime()).toBeLessThan(24 * 60 * MINUTE);
    expect(now.getTime() - start.getTime()).toBeGreaterThan(12 * 60 * MINUTE);

    const moved = await webhookSetup('/moved', ['2026-12-10']);
    await run(moved.t, morning('2026-12-07'));
    const [redirected] = await deliveriesOf(moved.t);
    await relay(start);
    expect(await delivery(redirected.sid)).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 302 });
    expect(received.filter((r) => r.headers['x-factor-delivery'] === redirected.sid).map((r) => r.path)).toEqual([
      '/moved',
    ]);
  });

  it('refuses to call a URL that is not https', async () => {
    expect(webhookUrlRefusal('https://hooks.example/factor')).toBeNull();
    expect(webhookUrlRefusal('http://127.0.0.1:9/hook', 'test')).toBeNull();
    expect(webhookUrlRefusal('http://localhost/hook', 'test')).toBeNull();
    expect(webhookUrlRefusal('http://127.0.0.1:9/hook', 'production')).not.toBeNull();
    expect(webhookUrlRefusal('http://hooks.example/factor', 'test')).not.toBeNull();
    expect(webhookUrlRefusal('ftp://hooks.example/factor', 'test')).not.toBeNull();
    expect(webhookUrlRefusal('https://user:secret@hooks.example/factor')).not.toBeNull();
    // Off the public internet: refused in any spelling; this machine only outside production.
    for (const environment of ['test', 'production']) {
      for (const url of [
        'https://169.254.169.254/latest/meta-data/',
        'https://2852039166/',
        'https://0251.0376.0251.0376/',
        'https://[::ffff:a9fe:a9fe]/',
        'https://10.1.2.3/hook',
        'https://[fe80::1]/hook',
        'https://0.0.0.0/hook',
      ]) {
        expect(webhookUrlRefusal(url, environment), `${url} in ${environment}`).toMatch(/public address/);
      }
    }
    expect(webhookUrlRefusal('https://127.0.0.1:8443/hook', 'test')).toBeNull();
    expect(webhookUrlRefusal('https://localhost/hook', 'test')).toBeNull();
    for (const url of [
      'https://127.0.0.1:8443/hook',
      'https://[::1]/hook',
      'https://localhost/hook',
      'https://a.localhost/',
    ]) {
      expect(webhookUrlRefusal(url, 'production'), url).toMatch(/public address/);
    }

    const t = await berlinTenant('Transitions');
    const daily = await cadence(t, 'Daily', 86_400);
    // A rule stored before the write refused such URLs: the relay refuses it too.
    const stale = await transition(t, {
      cadenceSid: daily,
      condition: 'ItemGroupBusinessDays',
      conditionParameters: { businessDays: 5 },
      action: 'CallWebhook',
      actionParameters: { url: 'https://hooks.invalid/factor' },
    });
    await (
      await server()
    ).db
      .updateTable('cadenceTransitions')
      .set({ actionParameters: JSON.stringify({ url: 'http://hooks.invalid/factor' }) })
      .where('sid', '=', stale)
      .execute();
    await order(t, daily, ['2026-12-10']);
    await run(t, morning('2026-12-07'));
    const [pending] = await deliveriesOf(t);
    const called: string[] = [];
    await relayWebhooks((await server()).db, {
      now: morning('2026-12-07', 10),
      post: (url, init) => {
        called.push(url);
        return postWebhook()(url, init);
      },
    });
    expect(await delivery(pending.sid)).toMatchObject({ status: 'failed', attempts: 0, nextAttemptAt: null });
    expect((await delivery(pending.sid)).lastError).toMatch(/https/);
    // Other tests' deliveries due then (to the local receiver) may have been called, never this one.
    expect(called.filter((url) => url.includes('hooks.invalid'))).toEqual([]);
  });

  it('connects only to the public addresses a host name resolves to, checked as the call connects', async () => {
    // In production this machine is not public: a name that resolves to it (as a name may resolve to the local
    // network, or change to it after the rule was written) is not connected to, and the receiver hears nothing.
    const local = base.replace('127.0.0.1', 'localhost');
    const before = received.length;
    await expect(postWebhook('production')(`${local}/ok`, { headers: {}, body: '{}' })).rejects.toThrow(
      /localhost resolves to .*127\.0\.0\.1.*not a public address/,
    );
    expect(received.length).toBe(before);
    // Outside production the same call is made.
    expect(await postWebhook('test')(`${local}/ok`, { headers: {}, body: '{}' })).toBe(204);
    expect(received.length).toBe(before + 1);

    // The relay records the refusal as a failed attempt, tried again later (a name's addresses may change back).
    const { t } = await webhookSetup('/ok', ['2026-12-10']);
    await run(t, morning('2026-12-07'));
    const { db } = await server();
    await db
      .updateTable('webhookDeliveries')
      .set({ url: `${local}/ok` })
      .where('organizationSid', '=', t.organizationSid)
      .execute();
    const [pending] = await deliveriesOf(t);
    await relayWebhooks((await server()).db, { now: morning('2026-12-07', 10), post: postWebhook('production') });
    expect(await delivery(pending.sid)).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect((await delivery(pending.sid)).lastError).toMatch(/not a public address/);
    expect(received.filter((r) => r.headers['x-factor-delivery'] === pending.sid)).toEqual([]);
  });

  it('lists the deliveries to staff, newest first, by transition and status', async () => {
    const { t, transitionSid } = await webhookSetup('/ok', ['2026-12-10', '2026-12-11']);
    await run(t, morning('2026-12-07'));
    const r = await t.buyer.request<{ webhookDeliveries: { sid: string; status: string; transitionSid: string }[] }>(
      'GET',
      `/v1/webhookDeliveries?transitionSid=${transitionSid}&status=pending`,
    );
    expect(r.status).toBe(200);
    expect(r.body.webhookDeliveries).toHaveLength(2);
    expect(r.body.webhookDeliveries.every((d) => d.transitionSid === transitionSid && d.status === 'pending')).toBe(
      true,
    );
    const none = await t.buyer.request<{ webhookDeliveries: unknown[] }>('GET', '/v1/webhookDeliveries?status=failed');
    expect(none.body.webhookDeliveries).toEqual([]);
    expect((await t.vendor.request('GET', '/v1/webhookDeliveries')).status).toBe(403);
  });
});
