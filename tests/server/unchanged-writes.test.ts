// A change that changes nothing writes nothing: saving a form as it was read
// keeps the record's version (another client's If-Match or version still
// holds), its time and its history. If-Match takes "*" and a list of tags.
// The contract suite checks every PATCH operation sent twice; this file shows
// what that spares a second client, on the two records read by version.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTenant, server } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface Settings {
  version: number;
  pastDueBusinessDays: number;
  holidays: string[];
  businessWeekdays: number[];
  defaultTimeZone: string;
  senderName: string | null;
}

interface Group {
  sid: string;
  version: number;
  quantity: string;
  dueDate: string;
  updated: string;
}

/** The organization's events of this type. */
async function eventCount(organizationSid: string, type: string): Promise<number> {
  const { db } = await server();
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from events
    where organization_sid = ${organizationSid} and event_type = ${type}`.execute(db);
  return rows[0].n;
}

describe('a change that changes nothing', () => {
  it('leaves the settings at their version, so another admin’s If-Match still holds', async () => {
    const t = await createTenant();
    const path = `/v1/organizationSettings/${t.organizationSid}`;
    const saved = await t.admin.request<Settings>('PATCH', path, {
      pastDueBusinessDays: 3,
      holidays: ['2027-12-25', '2027-01-01'],
      businessWeekdays: [1, 2, 3, 4, 5],
      defaultTimeZone: 'Europe/Berlin',
      senderName: 'Northwind purchasing',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const read = await t.admin.request<Settings>('GET', path);
    const etag = read.headers.get('etag');
    expect(etag).toBe(`"${String(saved.body.version)}"`);
    const events = await eventCount(t.organizationSid, 'organizationSettings.updated');

    // Another admin saves the form as it stands: the same values, some written another way.
    const again = await t.admin.request<Settings>(
      'PATCH',
      path,
      {
        pastDueBusinessDays: 3,
        holidays: ['2027-01-01', '2027-12-25', '2027-01-01'],
        businessWeekdays: [5, 4, 3, 2, 1],
        defaultTimeZone: 'Europe/Berlin',
        senderName: ' Northwind purchasing ',
      },
      { 'if-match': etag ?? '' },
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual(read.body);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await eventCount(t.organizationSid, 'organizationSettings.updated')).toBe(events);

    // The first admin's change, made on the version it read, goes through.
    const change = await t.admin.request<Settings>(
      'PATCH',
      path,
      { pastDueBusinessDays: 5 },
      { 'if-match': etag ?? '' },
    );
    expect(change.status, JSON.stringify(change.body)).toBe(200);
    expect(change.body.version).toBe(saved.body.version + 1);
    expect(await eventCount(t.organizationSid, 'organizationSettings.updated')).toBe(events + 1);
  });

  it('leaves an order line at its version, time and history', async () => {
    const t = await createTenant();
    const line = await makeLine(t, { prefix: 'same', quantity: '40', dueDate: '2030-06-01' });
    const read = await t.buyer.request<Group>('GET', `/v1/itemGroups/${line.sid}`);
    const events = await eventCount(t.organizationSid, 'itemGroup.updated');
    const same = await t.buyer.request<Group>('PATCH', `/v1/itemGroups/${line.sid}`, {
      version: read.body.version,
      quantity: '40.000',
      dueDate: '2030-06-01',
    });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toEqual(read.body);
    const bulk = await t.buyer.request<Group[]>('PATCH', '/v1/itemGroups/bulk', [
      { sid: line.sid, version: read.body.version, dueDate: '2030-06-01' },
    ]);
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body).toEqual([read.body]);
    expect(await eventCount(t.organizationSid, 'itemGroup.updated')).toBe(events);

    // A real change still moves the version on, once.
    const moved = await t.buyer.request<Group>('PATCH', `/v1/itemGroups/${line.sid}`, {
      version: read.body.version,
      dueDate: '2030-06-08',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.version).toBe(read.body.version + 1);
    expect(await eventCount(t.organizationSid, 'itemGroup.updated')).toBe(events + 1);
  });
});

describe('If-Match', () => {
  it('takes "*", a weak tag and a list of tags, and refuses what names no version', async () => {
    const t = await createTenant();
    const path = `/v1/organizationSettings/${t.organizationSid}`;
    const { version } = (await t.admin.request<Settings>('GET', path)).body;
    const patch = (pastDueBusinessDays: number, ifMatch: string) =>
      t.admin.request<Settings & { code: string; field: string }>(
        'PATCH',
        path,
        { pastDueBusinessDays },
        { 'if-match': ifMatch },
      );

    const any = await patch(2, '*');
    expect(any.status, JSON.stringify(any.body)).toBe(200);
    expect(any.body.version).toBe(version + 1);
    const weak = await patch(3, `W/"${String(version + 1)}"`);
    expect(weak.status, JSON.stringify(weak.body)).toBe(200);
    const listed = await patch(4, `"${String(version)}", "${String(version + 2)}"`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.version).toBe(version + 3);

    const stale = await patch(5, `"${String(version)}", "${String(version + 1)}"`);
    expect(stale.status).toBe(412);
    for (const malformed of ['"abc"', '"3", abc', 'W/', '"1"x']) {
      const refused = await patch(6, malformed);
      expect([refused.status, refused.body.code, refused.body.field], malformed).toEqual([
        412,
        'precondition_failed',
        'If-Match',
      ]);
    }
    expect((await t.admin.request<Settings>('GET', path)).body.pastDueBusinessDays).toBe(4);
  });

  it('holds for an order line as for the settings', async () => {
    const t = await createTenant();
    const line = await makeLine(t, { prefix: 'if-match' });
    const path = `/v1/itemGroups/${line.sid}`;
    const any = await t.buyer.request<Group>('PATCH', path, { dueDate: '2030-07-01' }, { 'if-match': '*' });
    expect(any.status, JSON.stringify(any.body)).toBe(200);
    const listed = await t.buyer.request<Group>(
      'PATCH',
      path,
      { dueDate: '2030-07-02' },
      { 'if-match': `"${String(line.version)}", W/"${String(any.body.version)}"` },
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.version).toBe(any.body.version + 1);
    const stale = await t.buyer.request<Group>(
      'PATCH',
      path,
      { dueDate: '2030-07-03' },
      { 'if-match': `"${String(any.body.version)}"` },
    );
    expect(stale.status).toBe(412);
    expect((await t.buyer.request<Group>('GET', path)).body.dueDate).toBe('2030-07-02');
  });
});
