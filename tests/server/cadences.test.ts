// Cadences, cadence transitions and cadence trackers: what is stored and
// answered, scoping, version conflicts and bad input, against the real app and database.
import { describe, expect, it } from 'vitest';
import { newSid } from '../../server/domain/sid.ts';
import { createTenant, server, type Tenant } from './support/harness.ts';
import { updateOrganizationSettings } from './support/settings.ts';

interface Cadence {
  sid: string;
  organizationSid: string;
  delaySeconds: string | null;
  unresponsiveAfterBusinessDays: string | null;
  maxAttempts: string | null;
  messageType: string | null;
  title: string | null;
}
interface Transition {
  sid: string;
  version: number;
  organizationSid: string;
  cadenceSid: string | null;
  condition: string | null;
  conditionParameters: Record<string, unknown> | null;
  action: string | null;
  actionParameters: Record<string, unknown> | null;
  title: string | null;
}
interface Tracker {
  sid: string;
  version: number;
  referenceSid: string | null;
  cadenceSid: string | null;
  lastUpdateDate: string | null;
  nextUpdateDate: string | null;
  attempts: number | null;
}
interface ApiError {
  code: string;
  field?: string;
  message: string;
  current?: unknown;
}
type Page<K extends string, T> = Record<K, T[]> & {
  page: { previousPageToken: string | null; nextPageToken: string | null };
};

async function makeCadence(t: Tenant, extra: Record<string, unknown> = {}): Promise<Cadence> {
  const r = await t.admin.request<Cadence>('POST', '/v1/cadences', {
    delaySeconds: '86400',
    messageType: 'email',
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body;
}

async function count(table: 'cadences' | 'cadenceTransitions' | 'cadenceTrackers', organizationSid: string) {
  const { db } = await server();
  const rows = await db.selectFrom(table).select('sid').where('organizationSid', '=', organizationSid).execute();
  return rows.length;
}

describe('cadences', () => {
  it('creates, reads, lists, updates and deletes', async () => {
    const t = await createTenant();
    const created = await t.admin.request<Cadence>('POST', '/v1/cadences', {
      organizationSid: t.organizationSid,
      delaySeconds: '604800',
      unresponsiveAfterBusinessDays: '5',
      maxAttempts: '3',
      messageType: 'email',
      title: 'Weekly',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationSid: t.organizationSid,
      delaySeconds: '604800',
      unresponsiveAfterBusinessDays: '5',
      maxAttempts: '3',
      messageType: 'email',
      title: 'Weekly',
    });
    expect(created.body.sid).toMatch(/^CA[0-9a-z]{28}$/);
    const { db } = await server();
    const stored = await db
      .selectFrom('cadences')
      .selectAll()
      .where('sid', '=', created.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.delaySeconds).toBe(604800);
    expect(stored.maxAttempts).toBe(3);

    expect((await t.buyer.request<Cadence>('GET', `/v1/cadences/${created.body.sid}`)).body).toEqual(created.body);

    await makeCadence(t, { title: 'Second' });
    await makeCadence(t, { title: 'Third' });
    const first = await t.buyer.request<Page<'cadences', Cadence>>('GET', '/v1/cadences?pageSize=2');
    expect(first.body.cadences.map((c) => c.title)).toEqual(['Weekly', 'Second']);
    const next = await t.buyer.request<Page<'cadences', Cadence>>(
      'GET',
      `/v1/cadences?pageSize=2&pageToken=${first.body.page.nextPageToken}`,
    );
    expect(next.body.cadences.map((c) => c.title)).toEqual(['Third']);
    const foreign = await t.buyer.request<Page<'cadences', Cadence>>(
      'GET',
      `/v1/cadences?organizationSid=${newSid('OG')}`,
    );
    expect(foreign.body.cadences).toEqual([]);

    const patched = await t.admin.request<Cadence>('PATCH', `/v1/cadences/${created.body.sid}`, {
      delaySeconds: '3600',
      maxAttempts: null,
      title: 'Hourly',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      delaySeconds: '3600',
      maxAttempts: null,
      title: 'Hourly',
      messageType: 'email',
    });

    expect((await t.admin.request('DELETE', `/v1/cadences/${created.body.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/cadences/${created.body.sid}`)).status).toBe(404);
  });

  it('answers the same cadence for a repeated client sid, and 409 when another organization holds it', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const sid = newSid('CA');
    const first = await a.admin.request<Cadence>('POST', '/v1/cadences', {
      sid,
      delaySeconds: '60',
      messageType: 'email',
    });
    expect(first.status).toBe(201);
    expect(first.body.sid).toBe(sid);
    const again = await a.admin.request<Cadence>('POST', '/v1/cadences', {
      sid,
      delaySeconds: '60',
      messageType: 'email',
    });
    expect(again.status).toBe(200);
    expect(again.body.sid).toBe(sid);
    expect(await count('cadences', a.organizationSid)).toBe(1);
    const taken = await b.admin.request<ApiError>('POST', '/v1/cadences', {
      sid,
      delaySeconds: '60',
      messageType: 'email',
    });
    expect(taken.status).toBe(409);
    const badPrefix = await a.admin.request<ApiError>('POST', '/v1/cadences', {
      sid: newSid('XX'),
      delaySeconds: '60',
      messageType: 'email',
    });
    expect(badPrefix.status).toBe(400);
    expect(badPrefix.body.field).toBe('sid');
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const t = await createTenant();
    const cases: [Record<string, unknown>, string][] = [
      [{ delaySeconds: '-5', messageType: 'email' }, 'delaySeconds'],
      [{ delaySeconds: '1.5', messageType: 'email' }, 'delaySeconds'],
      [{ delaySeconds: 'soon', messageType: 'email' }, 'delaySeconds'],
      [{ delaySeconds: 60, messageType: 'email' }, 'delaySeconds'],
      [{ messageType: 'email' }, 'delaySeconds'],
      [{ delaySeconds: '60', messageType: 'email', maxAttempts: '-1' }, 'maxAttempts'],
      [{ delaySeconds: '60', messageType: 'email', maxAttempts: 'three' }, 'maxAttempts'],
      [
        { delaySeconds: '60', messageType: 'email', unresponsiveAfterBusinessDays: 'x' },
        'unresponsiveAfterBusinessDays',
      ],
      [{ delaySeconds: '60' }, 'messageType'],
      [{ delaySeconds: '60', messageType: '' }, 'messageType'],
      // Requests go out by email only: another type would be stored and its requests emailed anyway.
      [{ delaySeconds: '60', messageType: 'sms' }, 'messageType'],
      [{ delaySeconds: '60', messageType: 'EMAIL' }, 'messageType'],
      [{ delaySeconds: '60', messageType: 'email', colour: 'red' }, 'colour'],
      [{ delaySeconds: '60', messageType: 'email', organizationSid: newSid('OG') }, 'organizationSid'],
    ];
    for (const [body, field] of cases) {
      const r = await t.admin.request<ApiError>('POST', '/v1/cadences', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await count('cadences', t.organizationSid)).toBe(0);

    const cadence = await makeCadence(t);
    for (const [body, field] of [
      [{ delaySeconds: '-1' }, 'delaySeconds'],
      [{ delaySeconds: null }, 'delaySeconds'],
      [{ maxAttempts: '2.5' }, 'maxAttempts'],
      [{ messageType: null }, 'messageType'],
      [{ messageType: 'fax' }, 'messageType'],
    ] as const) {
      const r = await t.admin.request<ApiError>('PATCH', `/v1/cadences/${cadence.sid}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    expect((await t.buyer.request<Cadence>('GET', `/v1/cadences/${cadence.sid}`)).body).toEqual(cadence);
  });

  it('keeps cadences to their organization and away from vendors', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const cadence = await makeCadence(a);
    expect((await b.admin.request('GET', `/v1/cadences/${cadence.sid}`)).status).toBe(404);
    expect((await b.admin.request('PATCH', `/v1/cadences/${cadence.sid}`, { title: 'hijack' })).status).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/cadences/${cadence.sid}`)).status).toBe(404);
    expect((await b.admin.request<Page<'cadences', Cadence>>('GET', '/v1/cadences')).body.cadences).toEqual([]);
    expect((await a.vendor.request('GET', '/v1/cadences')).status).toBe(403);
    expect((await a.vendor.request('GET', `/v1/cadences/${cadence.sid}`)).status).toBe(403);
    expect((await a.vendor.request('POST', '/v1/cadences', { delaySeconds: '1', messageType: 'email' })).status).toBe(
      403,
    );
    expect((await a.buyer.request<Cadence>('GET', `/v1/cadences/${cadence.sid}`)).body.title).toBeNull();
  });

  it('lets buyers read the cadences and transitions of their organization, and only admins change them', async () => {
    const t = await createTenant();
    const cadence = await makeCadence(t);
    const other = await makeCadence(t);
    const transition = await t.admin.request<Transition>('POST', '/v1/cadenceTransitions', {
      cadenceSid: cadence.sid,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 3 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: other.sid },
    });
    expect(transition.status).toBe(201);
    const refused = [
      await t.buyer.request<ApiError>('POST', '/v1/cadences', { delaySeconds: '60', messageType: 'email' }),
      await t.buyer.request<ApiError>('PATCH', `/v1/cadences/${cadence.sid}`, { title: 'Mine now' }),
      await t.buyer.request<ApiError>('DELETE', `/v1/cadences/${other.sid}`),
      await t.buyer.request<ApiError>('POST', '/v1/cadenceTransitions', {
        cadenceSid: other.sid,
        condition: 'MaxAttempts',
        conditionParameters: { maxAttempts: 2 },
        action: 'CallWebhook',
        actionParameters: { url: 'https://example.com/hook' },
      }),
      await t.buyer.request<ApiError>('PATCH', `/v1/cadenceTransitions/${transition.body.sid}`, {
        currentVersion: '1',
        title: 'Mine now',
      }),
      await t.buyer.request<ApiError>('DELETE', `/v1/cadenceTransitions/${transition.body.sid}`),
    ];
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(refused.map(() => [403, 'forbidden']));
    // Nothing changed, and a buyer still reads them.
    expect((await t.buyer.request<Page<'cadences', Cadence>>('GET', '/v1/cadences')).body.cadences).toHaveLength(2);
    expect((await t.buyer.request<Cadence>('GET', `/v1/cadences/${cadence.sid}`)).body.title).toBeNull();
    expect((await t.buyer.request<Transition>('GET', `/v1/cadenceTransitions/${transition.body.sid}`)).body).toEqual(
      transition.body,
    );
  });

  it('refuses to delete a cadence that settings or another transition still name; its own go with it', async () => {
    const t = await createTenant();
    const target = await makeCadence(t, { title: 'Target' });
    const source = await makeCadence(t, { title: 'Source' });
    const transition = await t.admin.request<Transition>('POST', '/v1/cadenceTransitions', {
      cadenceSid: source.sid,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 3 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: target.sid },
    });
    expect(transition.status).toBe(201);
    const refused = await t.admin.request<ApiError>('DELETE', `/v1/cadences/${target.sid}`);
    expect(refused.status).toBe(409);
    expect((await t.buyer.request('GET', `/v1/cadences/${target.sid}`)).status).toBe(200);

    const tracker = await t.buyer.request<Tracker>('POST', '/v1/cadenceTrackers', {
      referenceSid: newSid('IG'),
      cadenceSid: source.sid,
    });
    expect(tracker.status).toBe(201);
    expect((await t.admin.request('DELETE', `/v1/cadences/${source.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/cadenceTransitions/${transition.body.sid}`)).status).toBe(404);
    expect((await t.buyer.request('GET', `/v1/cadenceTrackers/${tracker.body.sid}`)).status).toBe(404);

    await updateOrganizationSettings(t, { defaultItemGroupCadence: target.sid });
    expect((await t.admin.request('DELETE', `/v1/cadences/${target.sid}`)).status).toBe(409);
    await updateOrganizationSettings(t, { defaultItemGroupCadence: null });
    expect((await t.admin.request('DELETE', `/v1/cadences/${target.sid}`)).status).toBe(204);
  });
});

describe('cadence transitions', () => {
  it('creates with parameters stored as jsonb, reads, lists with filters, updates and deletes', async () => {
    const t = await createTenant();
    const from = await makeCadence(t, { title: 'From' });
    const to = await makeCadence(t, { title: 'To' });
    const created = await t.admin.request<Transition>('POST', '/v1/cadenceTransitions', {
      organizationSid: t.organizationSid,
      cadenceSid: from.sid,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 3 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: to.sid },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      organizationSid: t.organizationSid,
      cadenceSid: from.sid,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 3 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: to.sid },
      title: null,
    });
    expect(created.body.sid).toMatch(/^TR[0-9a-z]{28}$/);
    const { db } = await server();
    const stored = await db
      .selectFrom('cadenceTransitions')
      .selectAll()
      .where('sid', '=', created.body.sid)
      .executeTakeFirstOrThrow();
    expect(stored.conditionParameters).toEqual({ maxAttempts: 3 });
    expect(stored.actionParameters).toEqual({ cadenceSid: to.sid });

    const webhook = await t.admin.request<Transition>('POST', '/v1/cadenceTransitions', {
      cadenceSid: to.sid,
      condition: 'FlagCreated',
      conditionParameters: { flagTypeRegexes: ['^urgent$'] },
      action: 'CallWebhook',
      actionParameters: { url: 'https://example.com/hook' },
    });
    expect(webhook.status).toBe(201);

    expect((await t.buyer.request<Transition>('GET', `/v1/cadenceTransitions/${created.body.sid}`)).body).toEqual(
      created.body,
    );
    const all = await t.buyer.request<Page<'cadenceTransitions', Transition>>('GET', '/v1/cadenceTransitions');
    expect(all.body.cadenceTransitions.map((x) => x.sid)).toEqual([created.body.sid, webhook.body.sid]);
    const byCadence = await t.buyer.request<Page<'cadenceTransitions', Transition>>(
      'GET',
      `/v1/cadenceTransitions?cadenceSid=${to.sid}`,
    );
    expect(byCadence.body.cadenceTransitions.map((x) => x.sid)).toEqual([webhook.body.sid]);
    const byCondition = await t.buyer.request<Page<'cadenceTransitions', Transition>>(
      'GET',
      '/v1/cadenceTransitions?condition=MaxAttempts',
    );
    expect(byCondition.body.cadenceTransitions.map((x) => x.sid)).toEqual([created.body.sid]);
    const badCondition = await t.buyer.request<ApiError>('GET', '/v1/cadenceTransitions?condition=Sometimes');
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.field).toBe('condition');

    const patched = await t.admin.request<Transition>('PATCH', `/v1/cadenceTransitions/${created.body.sid}`, {
      currentVersion: '1',
      conditionParameters: { maxAttempts: 5 },
      title: 'Escalate after five',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      version: 2,
      conditionParameters: { maxAttempts: 5 },
      actionParameters: { cadenceSid: to.sid },
      title: 'Escalate after five',
    });

    expect((await t.admin.request('DELETE', `/v1/cadenceTransitions/${created.body.sid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/cadenceTransitions/${created.body.sid}`)).status).toBe(404);
  });

  it('answers a stale currentVersion with 409 version_conflict and the current record', async () => {
    const t = await createTenant();
    const cadence = await makeCadence(t);
    const created = await t.admin.request<Transition>('POST', '/v1/cadenceTransitions', {
      cadenceSid: cadence.sid,
      condition: 'ItemGroupBusinessDays',
      conditionParameters: { businessDays: 5 },
      action: 'CallWebhook',
      actionParameters: { url: 'https://example.com/a' },
    });
    const path = `/v1/cadenceTransitions/${created.body.sid}`;
    expect((await t.admin.request('PATCH', path, { currentVersion: '1', title: 'First' })).status).toBe(200);
    const stale = await t.admin.request<ApiError>('PATCH', path, { currentVersion: '1', title: 'Second' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(stale.body.current).toMatchObject({ version: 2, title: 'First' });
    const missing = await t.admin.request<ApiError>('PATCH', path, { title: 'Third' });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('currentVersion');
    const notANumber = await t.admin.request<ApiError>('PATCH', path, { currentVersion: 'v2', title: 'Third' });
    expect(notANumber.status).toBe(400);
    expect(notANumber.body.field).toBe('currentVersion');
    expect((await t.buyer.request<Transition>('GET', path)).body).toMatchObject({ version: 2, title: 'First' });
  });

  it('refuses cadences of other organizations and unusable action parameters, writing nothing', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const own = await makeCadence(a);
    const foreign = await makeCadence(b);
    const base = {
      cadenceSid: own.sid,
      condition: 'MaxAttempts',
      conditionParameters: { maxAttempts: 2 },
      action: 'SwitchCadence',
      actionParameters: { cadenceSid: own.sid },
    };
    const wrongCadence = await a.admin.request<ApiError>('POST', '/v1/cadenceTransitions', {
      ...base,
      cadenceSid: foreign.sid,
    });
    expect(wrongCadence.status).toBe(400);
    expect(wrongCadence.body.field).toBe('cadenceSid');
    for (const actionParameters of [{ cadenceSid: foreign.sid }, { cadenceSid: newSid('CA') }, {}, null]) {
      const r = await a.admin.request<ApiError>('POST', '/v1/cadenceTransitions', { ...base, actionParameters });
      expect(r.status, JSON.stringify(actionParameters)).toBe(422);
      expect(r.body.field).toBe('actionParameters.cadenceSid');
    }
    // Not a URL, plain http to another host, credentials in the URL, another scheme: the relay could not call them.
    // Nor an address off the public internet, however it is spelled: the metadata service (dotted, as one number, in
    // hex, inside IPv6), the local network.
    for (const url of [
      'not a url',
      'http://hooks.example/po',
      'https://user:secret@hooks.example/po',
      'ftp://hooks.example/po',
      'https://169.254.169.254/latest/meta-data/',
      'https://2852039166/',
      'https://0xa9.0xfe.0xa9.0xfe/',
      'https://[::ffff:169.254.169.254]/',
      'https://10.0.0.5/po',
      'https://192.168.1.20:8443/po',
      'https://[fd00::5]/po',
    ]) {
      const refused = await a.admin.request<ApiError>('POST', '/v1/cadenceTransitions', {
        ...base,
        action: 'CallWebhook',
        actionParameters: { url },
      });
      expect(refused.status, url).toBe(422);
      expect(refused.body.field).toBe('actionParameters.url');
    }
    for (const [body, field] of [
      [{ ...base, condition: 'Sometimes' }, 'condition'],
      [{ ...base, action: 'Explode' }, 'action'],
      [{ ...base, conditionParameters: 'five' }, 'conditionParameters'],
      [{ ...base, title: 'not in create' }, 'title'],
      [{ ...base, organizationSid: b.organizationSid }, 'organizationSid'],
    ] as const) {
      const r = await a.admin.request<ApiError>('POST', '/v1/cadenceTransitions', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    expect(await count('cadenceTransitions', a.organizationSid)).toBe(0);
    // Plain http to this machine is for development: allowed outside production.
    const local = await a.admin.request('POST', '/v1/cadenceTransitions', {
      ...base,
      action: 'CallWebhook',
      actionParameters: { url: 'http://127.0.0.1:8080/hook' },
    });
    expect(local.status).toBe(201);
    await (
      await server()
    ).db
      .deleteFrom('cadenceTransitions')
      .where('organizationSid', '=', a.organizationSid)
      .execute();

    const created = await a.admin.request<Transition>('POST', '/v1/cadenceTransitions', base);
    expect(created.status).toBe(201);
    const switchAway = await a.admin.request<ApiError>('PATCH', `/v1/cadenceTransitions/${created.body.sid}`, {
      currentVersion: '1',
      actionParameters: { cadenceSid: foreign.sid },
    });
    expect(switchAway.status).toBe(422);
    const toWebhookWithoutUrl = await a.admin.request<ApiError>('PATCH', `/v1/cadenceTransitions/${created.body.sid}`, {
      currentVersion: '1',
      action: 'CallWebhook',
    });
    expect(toWebhookWithoutUrl.status).toBe(422);
    expect((await a.buyer.request<Transition>('GET', `/v1/cadenceTransitions/${created.body.sid}`)).body.version).toBe(
      1,
    );

    expect((await b.buyer.request('GET', `/v1/cadenceTransitions/${created.body.sid}`)).status).toBe(404);
    expect(
      (await b.admin.request('PATCH', `/v1/cadenceTransitions/${created.body.sid}`, { currentVersion: '1' })).status,
    ).toBe(404);
    expect((await b.admin.request('DELETE', `/v1/cadenceTransitions/${created.body.sid}`)).status).toBe(404);
    expect((await a.vendor.request('GET', '/v1/cadenceTransitions')).status).toBe(403);
  });
});

describe('cadence trackers', () => {
  it('creates, reads by sid and referenceSid, lists due ones, updates and deletes', async () => {
    const t = await createTenant();
    const cadence = await makeCadence(t);
    const other = await makeCadence(t, { title: 'Other' });
    const referenceSid = newSid('IG');
    const created = await t.buyer.request<Tracker>('POST', '/v1/cadenceTrackers', {
      organizationSid: t.organizationSid,
      referenceSid,
      cadenceSid: cadence.sid,
      lastUpdateDate: '2027-01-01T10:00:00Z',
      nextUpdateDate: '2027-01-08T10:00:00Z',
      attempts: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      referenceSid,
      cadenceSid: cadence.sid,
      lastUpdateDate: '2027-01-01T10:00:00.000Z',
      nextUpdateDate: '2027-01-08T10:00:00.000Z',
      attempts: 2,
    });
    expect(created.body.sid).toMatch(/^TK[0-9a-z]{28}$/);
    const later = await t.buyer.request<Tracker>('POST', '/v1/cadenceTrackers', {
      referenceSid: newSid('IG'),
      cadenceSid: cadence.sid,
      nextUpdateDate: '2027-03-01T00:00:00Z',
    });
    expect(later.body).toMatchObject({ attempts: 0, lastUpdateDate: null });
    const paused = await t.buyer.request<Tracker>('POST', '/v1/cadenceTrackers', {
      referenceSid: newSid('IG'),
      cadenceSid: cadence.sid,
    });
    expect(paused.body.nextUpdateDate).toBeNull();

    expect((await t.buyer.request<Tracker>('GET', `/v1/cadenceTrackers/${created.body.sid}`)).body).toEqual(
      created.body,
    );
    expect((await t.buyer.request<Tracker>('GET', `/v1/cadenceTrackers/${referenceSid}`)).body).toEqual(created.body);

    const all = await t.buyer.request<Page<'cadenceTrackers', Tracker>>('GET', '/v1/cadenceTrackers');
    expect(all.body.cadenceTrackers).toHaveLength(3);
    const due = await t.buyer.request<Page<'cadenceTrackers', Tracker>>(
      'GET',
      '/v1/cadenceTrackers?nextUpdateDateBefore=2027-02-01T00:00:00Z',
    );
    expect(due.body.cadenceTrackers.map((x) => x.sid)).toEqual([created.body.sid]);
    const badDate = await t.buyer.request<ApiError>('GET', '/v1/cadenceTrackers?nextUpdateDateBefore=tomorrow');
    expect(badDate.status).toBe(400);
    expect(badDate.body.field).toBe('nextUpdateDateBefore');

    const moved = await t.buyer.request<Tracker>('PATCH', `/v1/cadenceTrackers/${referenceSid}`, {
      currentVersion: '1',
      cadenceSid: other.sid,
      nextUpdateDate: '2027-01-20T00:00:00Z',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      version: 2,
      cadenceSid: other.sid,
      nextUpdateDate: '2027-01-20T00:00:00.000Z',
      attempts: 2,
    });
    const pause = await t.buyer.request<Tracker>('PATCH', `/v1/cadenceTrackers/${created.body.sid}`, {
      currentVersion: '2',
      nextUpdateDate: null,
    });
    expect(pause.body).toMatchObject({ version: 3, nextUpdateDate: null, cadenceSid: other.sid });

    expect((await t.buyer.request('DELETE', `/v1/cadenceTrackers/${referenceSid}`)).status).toBe(204);
    expect((await t.buyer.request('GET', `/v1/cadenceTrackers/${created.body.sid}`)).status).toBe(404);
  });

  it('refuses a second tracker for the same reference, a foreign cadence and bad input', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const cadence = await makeCadence(a);
    const foreign = await makeCadence(b);
    const referenceSid = newSid('IG');
    expect(
      (await a.buyer.request('POST', '/v1/cadenceTrackers', { referenceSid, cadenceSid: cadence.sid })).status,
    ).toBe(201);
    const duplicate = await a.buyer.request<ApiError>('POST', '/v1/cadenceTrackers', {
      referenceSid,
      cadenceSid: cadence.sid,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.field).toBe('referenceSid');
    // The same reference in another organization is another tracker.
    expect(
      (await b.buyer.request('POST', '/v1/cadenceTrackers', { referenceSid, cadenceSid: foreign.sid })).status,
    ).toBe(201);
    for (const [body, field] of [
      [{ referenceSid: newSid('IG'), cadenceSid: foreign.sid }, 'cadenceSid'],
      [{ referenceSid: newSid('IG'), cadenceSid: newSid('CA') }, 'cadenceSid'],
      [{ referenceSid: newSid('IG') }, 'cadenceSid'],
      [{ cadenceSid: cadence.sid }, 'referenceSid'],
      [{ referenceSid: newSid('IG'), cadenceSid: cadence.sid, attempts: -1 }, 'attempts'],
      [{ referenceSid: newSid('IG'), cadenceSid: cadence.sid, attempts: 1.5 }, 'attempts'],
      [{ referenceSid: newSid('IG'), cadenceSid: cadence.sid, nextUpdateDate: '2027-13-01' }, 'nextUpdateDate'],
      [{ referenceSid: newSid('IG'), cadenceSid: cadence.sid, organizationSid: b.organizationSid }, 'organizationSid'],
      [{ referenceSid: newSid('IG'), cadenceSid: cadence.sid, sid: newSid('CA') }, 'sid'],
    ] as const) {
      const r = await a.buyer.request<ApiError>('POST', '/v1/cadenceTrackers', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await count('cadenceTrackers', a.organizationSid)).toBe(1);

    const path = `/v1/cadenceTrackers/${referenceSid}`;
    const foreignMove = await a.buyer.request<ApiError>('PATCH', path, {
      currentVersion: '1',
      cadenceSid: foreign.sid,
    });
    expect(foreignMove.status).toBe(400);
    expect(foreignMove.body.field).toBe('cadenceSid');
    const stale = await a.buyer.request<ApiError>('PATCH', path, { currentVersion: '7', nextUpdateDate: null });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect(stale.body.current).toMatchObject({ version: 1, referenceSid });

    // b's tracker with the same reference is b's; a's is invisible to b by sid.
    const mine = await a.buyer.request<Tracker>('GET', path);
    expect((await b.buyer.request<Tracker>('GET', path)).body.sid).not.toBe(mine.body.sid);
    expect((await b.buyer.request('GET', `/v1/cadenceTrackers/${mine.body.sid}`)).status).toBe(404);
    expect(
      (await b.buyer.request('PATCH', `/v1/cadenceTrackers/${mine.body.sid}`, { currentVersion: '1' })).status,
    ).toBe(404);
    expect((await b.buyer.request('DELETE', `/v1/cadenceTrackers/${mine.body.sid}`)).status).toBe(404);
    expect((await a.vendor.request('GET', path)).status).toBe(403);
    expect((await a.buyer.request<Tracker>('GET', path)).body).toEqual(mine.body);
  });

  it('answers the same tracker for a repeated client sid', async () => {
    const t = await createTenant();
    const cadence = await makeCadence(t);
    const sid = newSid('TK');
    const body = { sid, referenceSid: newSid('IG'), cadenceSid: cadence.sid };
    expect((await t.buyer.request('POST', '/v1/cadenceTrackers', body)).status).toBe(201);
    const again = await t.buyer.request<Tracker>('POST', '/v1/cadenceTrackers', body);
    expect(again.status).toBe(200);
    expect(again.body.sid).toBe(sid);
    expect(await count('cadenceTrackers', t.organizationSid)).toBe(1);
  });
});
