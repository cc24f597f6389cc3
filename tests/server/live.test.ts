// The live stream (GET /v1/live) against the real app and database: what each
// subscriber hears, across two organizations and two vendors, and that the
// stream ends with its session. Changes leave through the database channel,
// in commit order, so once a stream hears a later change it would already
// have heard any earlier one: "heard nothing else" needs no waiting.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, createTenant, runJobs, server, settleLiveChanges, type Tenant } from './support/harness.ts';
import { makeLine, type MadeLine } from './support/lines.ts';

interface Heard {
  event: string;
  data: unknown;
}

interface OpenStream {
  /** The next event, or a failure after `ms`. */
  next(ms?: number): Promise<Heard>;
  /** Events until (and with) the first `change` naming `sid`. */
  until(sid: string, ms?: number): Promise<Heard[]>;
  close(): Promise<void>;
}

const open: OpenStream[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Opens the stream as the token's session, after the changes made so far were heard, and waits for its ready event. */
async function listen(token: string): Promise<OpenStream> {
  const { app } = await server();
  await settleLiveChanges();
  const response = await app.request('http://127.0.0.1/v1/live', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: Heard[] = [];
  let ended = false;
  const read = async (ms: number): Promise<Heard> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const event = queue.shift();
      if (event) return event;
      const split = buffer.indexOf('\n\n');
      if (split >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name) queue.push({ event: name, data: data === undefined ? null : JSON.parse(data) });
        continue;
      }
      if (ended) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`nothing heard in ${ms} ms`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => {
            resolve(null);
          }, left);
        }),
      ]);
      clearTimeout(timer);
      if (chunk === null) continue;
      if (chunk.done) ended = true;
      else buffer += chunk.value;
    }
  };
  const stream: OpenStream = {
    next: (ms = 5000) => read(ms),
    until: async (sid, ms = 5000) => {
      const heard: Heard[] = [];
      for (;;) {
        const event = await read(ms);
        heard.push(event);
        if (event.event === 'change' && (event.data as { sids: string[] }).sids.includes(sid)) return heard;
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
  open.push(stream);
  expect((await stream.next()).event).toBe('ready');
  return stream;
}

/** A vendor user of the tenant's second vendor. */
async function otherVendorUser(t: Tenant) {
  const { db } = await server();
  const user = await addUser(t, 'vendor');
  await db
    .updateTable('userVendors')
    .set({ vendorSid: t.otherVendorSid })
    .where('userSid', '=', user.userSid)
    .execute();
  return user;
}

async function moveDueDate(t: Tenant, line: MadeLine, dueDate: string): Promise<void> {
  const { body } = await t.buyer.request<{ version: number }>('GET', `/v1/itemGroups/${line.sid}`);
  const r = await t.buyer.request('PATCH', `/v1/itemGroups/${line.sid}`, { version: body.version, dueDate });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** Uploads the ERP open-order fixture as the buyer; its job has not run yet. */
async function uploadOpenOrders(t: Tenant): Promise<{ sid: string }> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([readFileSync(new URL('../fixtures/imports/erp-open-orders.csv', import.meta.url))]),
    'erp.csv',
  );
  const upload = await t.buyer.request<{ sid: string }>('POST', '/v1/openOrderUploads', form);
  expect(upload.status, JSON.stringify(upload.body)).toBe(202);
  return upload.body;
}

const changes = (heard: Heard[]) =>
  heard.filter((h) => h.event === 'change').map((h) => h.data as { resource: string; sids: string[] });

describe('GET /v1/live', () => {
  it('tells each subscriber only what it may read: its organization, and for a vendor its own lines', async () => {
    const a = await createTenant('Live A');
    const b = await createTenant('Live B');
    const lineA1 = await makeLine(a, { prefix: 'live-a1' });
    const lineA2 = await makeLine(a, { prefix: 'live-a2', vendorSid: a.otherVendorSid });
    const lineB = await makeLine(b, { prefix: 'live-b' });
    const vendorA2 = await otherVendorUser(a);

    const staffA = await listen(a.buyer.token);
    const vendorA1Stream = await listen(a.vendor.token);
    const vendorA2Stream = await listen(vendorA2.token);
    const staffB = await listen(b.admin.token);
    const vendorB = await listen(b.vendor.token);

    // In this order: vendor 1's line, a staff-only record, the other organization, vendor 2's line, vendor 1's again.
    await moveDueDate(a, lineA1, '2030-07-01');
    const cadence = await a.admin.request<{ sid: string }>('POST', '/v1/cadences', {
      organizationSid: a.organizationSid,
      delaySeconds: '604800',
      unresponsiveAfterBusinessDays: '5',
      maxAttempts: '4',
      messageType: 'email',
      title: 'Live test cadence',
    });
    expect(cadence.status, JSON.stringify(cadence.body)).toBe(201);
    await moveDueDate(b, lineB, '2030-07-02');
    await moveDueDate(a, lineA2, '2030-07-03');
    await moveDueDate(a, lineA1, '2030-07-04');

    const staffAHeard = changes(await staffA.until(lineA1.sid)).concat(changes(await staffA.until(lineA1.sid)));
    expect(staffAHeard).toEqual([
      { resource: 'itemGroups', sids: [lineA1.sid] },
      { resource: 'cadences', sids: [cadence.body.sid] },
      { resource: 'itemGroups', sids: [lineA2.sid] },
      { resource: 'itemGroups', sids: [lineA1.sid] },
    ]);
    const vendorA1Heard = changes(await vendorA1Stream.until(lineA1.sid)).concat(
      changes(await vendorA1Stream.until(lineA1.sid)),
    );
    expect(vendorA1Heard).toEqual([
      { resource: 'itemGroups', sids: [lineA1.sid] },
      { resource: 'itemGroups', sids: [lineA1.sid] },
    ]);
    expect(changes(await vendorA2Stream.until(lineA2.sid))).toEqual([{ resource: 'itemGroups', sids: [lineA2.sid] }]);
    expect(changes(await staffB.until(lineB.sid))).toEqual([{ resource: 'itemGroups', sids: [lineB.sid] }]);
    expect(changes(await vendorB.until(lineB.sid))).toEqual([{ resource: 'itemGroups', sids: [lineB.sid] }]);

    // Vendor 2 heard nothing after its line: nothing of vendor 1, of org B or of staff records.
    await moveDueDate(a, lineA2, '2030-07-05');
    expect(changes(await vendorA2Stream.until(lineA2.sid))).toEqual([{ resource: 'itemGroups', sids: [lineA2.sid] }]);
    // Org B heard nothing of org A.
    await moveDueDate(b, lineB, '2030-07-06');
    expect(changes(await staffB.until(lineB.sid))).toEqual([{ resource: 'itemGroups', sids: [lineB.sid] }]);
  });

  it('names the record a create answers with, and a deleted line still reaches its vendor', async () => {
    const t = await createTenant('Live create');
    const line = await makeLine(t, { prefix: 'live-create' });
    const staff = await listen(t.buyer.token);
    const vendor = await listen(t.vendor.token);

    const message = await t.vendor.request<{ sid: string }>('POST', '/v1/messages', {
      content: 'We ship Friday.',
      itemGroupSids: [line.sid],
    });
    expect(message.status, JSON.stringify(message.body)).toBe(201);
    expect(changes(await staff.until(message.body.sid))).toEqual([{ resource: 'messages', sids: [message.body.sid] }]);
    expect(changes(await vendor.until(message.body.sid))).toEqual([{ resource: 'messages', sids: [message.body.sid] }]);

    const removed = await t.buyer.request('DELETE', `/v1/itemGroups/${line.sid}`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect(changes(await vendor.until(line.sid))).toEqual([{ resource: 'itemGroups', sids: [line.sid] }]);
  });

  it('announces nothing for a refused write', async () => {
    const t = await createTenant('Live refused');
    const line = await makeLine(t, { prefix: 'live-refused' });
    const staff = await listen(t.buyer.token);
    const stale = await t.buyer.request('PATCH', `/v1/itemGroups/${line.sid}`, { version: 0, dueDate: '2030-01-01' });
    expect(stale.status).toBe(409);
    const bad = await t.buyer.request('PATCH', `/v1/itemGroups/${line.sid}`, {
      version: line.version,
      dueDate: 'soon',
    });
    expect(bad.status).toBe(400);
    await moveDueDate(t, line, '2030-08-01');
    expect(changes(await staff.until(line.sid))).toEqual([{ resource: 'itemGroups', sids: [line.sid] }]);
  });

  it('announces nothing for a change that changes nothing', async () => {
    const t = await createTenant('Live unchanged');
    const line = await makeLine(t, { prefix: 'live-unchanged', dueDate: '2030-06-01' });
    const other = await makeLine(t, { prefix: 'live-unchanged-other' });
    const staff = await listen(t.buyer.token);
    const vendor = await listen(t.vendor.token);
    const same = await t.buyer.request<{ version: number }>('PATCH', `/v1/itemGroups/${line.sid}`, {
      version: line.version,
      dueDate: '2030-06-01',
    });
    expect([same.status, same.body.version]).toEqual([200, line.version]);
    const order = await t.buyer.request<{ title: string | null }>('GET', `/v1/orders/${line.orderSid}`);
    expect((await t.buyer.request('PATCH', `/v1/orders/${line.orderSid}`, { title: order.body.title })).status).toBe(
      200,
    );
    await moveDueDate(t, other, '2030-08-01');
    expect(changes(await staff.until(other.sid))).toEqual([{ resource: 'itemGroups', sids: [other.sid] }]);
    expect(changes(await vendor.until(other.sid))).toEqual([{ resource: 'itemGroups', sids: [other.sid] }]);
  });

  it('hears changes made by background jobs', async () => {
    const t = await createTenant('Live jobs');
    const staff = await listen(t.buyer.token);
    const upload = await uploadOpenOrders(t);
    // The upload as it was accepted, then what its job wrote, and the upload again, completed.
    expect(changes(await staff.until(upload.sid))).toEqual([{ resource: 'openOrderUploads', sids: [upload.sid] }]);
    await runJobs();
    expect(changes(await staff.until(upload.sid))).toEqual([
      { resource: 'orders', sids: [] },
      { resource: 'items', sids: [] },
      { resource: 'itemGroups', sids: [] },
      { resource: 'openOrderUploads', sids: [upload.sid] },
    ]);
  });

  it('tells the vendors of the orders an import wrote, and no other vendor', async () => {
    const t = await createTenant('Live import vendors');
    const { db } = await server();
    // The file's orders are Northwind Components' and Contoso Metals': the tenant's first vendor is the former.
    await db.updateTable('vendors').set({ name: 'Northwind Components' }).where('sid', '=', t.vendorSid).execute();
    const otherLine = await makeLine(t, { prefix: 'live-import-other', vendorSid: t.otherVendorSid });
    const vendor = await listen(t.vendor.token);
    const other = await listen((await otherVendorUser(t)).token);
    await uploadOpenOrders(t);
    await runJobs();
    // A change of the other vendor's line after the import: the other vendor hears only that.
    await moveDueDate(t, otherLine, '2030-09-01');
    expect(changes([await vendor.next(), await vendor.next(), await vendor.next()])).toEqual([
      { resource: 'orders', sids: [] },
      { resource: 'items', sids: [] },
      { resource: 'itemGroups', sids: [] },
    ]);
    expect(changes(await other.until(otherLine.sid))).toEqual([{ resource: 'itemGroups', sids: [otherLine.sid] }]);
  });

  it('ends when its session signs out', async () => {
    const t = await createTenant('Live end');
    const staff = await listen(t.buyer.token);
    const out = await t.buyer.request('POST', '/v1/session/logout');
    expect(out.status).toBe(204);
    expect(await staff.next()).toEqual({ event: 'end', data: { reason: 'session' } });
    await expect(staff.next(500)).rejects.toThrow('the stream ended');
  });

  it('keeps at most 8 streams per session, closing the oldest for a ninth', async () => {
    const t = await createTenant('Live many');
    const streams: OpenStream[] = [];
    for (let i = 0; i < 9; i++) streams.push(await listen(t.buyer.token));
    await expect(streams[0].next(2000)).rejects.toThrow('the stream ended');
    const line = await makeLine(t, { prefix: 'live-many' });
    await moveDueDate(t, line, '2030-09-01');
    for (const stream of streams.slice(1))
      expect(changes(await stream.until(line.sid)).at(-1)?.sids).toEqual([line.sid]);
  });

  it('refuses without a session, a bad parameter and an embed token', async () => {
    const { app, db } = await server();
    const anonymous = await app.request('http://127.0.0.1/v1/live');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'unauthenticated' });
    const bad = await app.request('http://127.0.0.1/v1/live?once=maybe', {
      headers: { authorization: `Bearer ${(await createTenant('Live bad')).buyer.token}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_request', field: 'once' });

    const t = await createTenant('Live embed');
    await db
      .updateTable('organizations')
      .set({ embedOrigins: ['https://intranet.example.test'] })
      .where('sid', '=', t.organizationSid)
      .execute();
    const embed = await t.buyer.request<{ token: string }>('POST', '/v1/embedSessions', {
      origin: 'https://intranet.example.test',
      view: 'flags',
    });
    expect(embed.status, JSON.stringify(embed.body)).toBe(201);
    const refused = await app.request('http://127.0.0.1/v1/live', {
      headers: { authorization: `Bearer ${embed.body.token}` },
    });
    expect(refused.status).toBe(403);
  });
});
