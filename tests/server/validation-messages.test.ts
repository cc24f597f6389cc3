// What a 400 for bad input says: the field's name and, in words, what is wrong with it, for each kind of check
// the contract's schemas make (required, type, format, length, range, choice, items), never zod's bare
// "Invalid input"; and the bad write changes nothing.
import { describe, expect, it } from 'vitest';
import { createTenant } from './support/harness.ts';
import { makeLine } from './support/lines.ts';

interface ApiError {
  code: string;
  field?: string;
  message: string;
}

describe('bad input answers', () => {
  it('names the field and says what is wrong with it, whatever the check', async () => {
    const t = await createTenant('Validation messages');
    const settings = `/v1/organizationSettings/${t.organizationSid}`;
    const cases: [path: string, body: unknown, field: string | undefined, message: string][] = [
      [settings, { replyTo: 'buyer at example' }, 'replyTo', 'replyTo is not an email address.'],
      [settings, { holidays: ['2026-02-30'] }, 'holidays.0', 'holidays.0 is not a date (YYYY-MM-DD).'],
      [settings, { businessWeekdays: [9] }, 'businessWeekdays.0', 'businessWeekdays.0 must be at most 7.'],
      [settings, { businessWeekdays: [] }, 'businessWeekdays', 'businessWeekdays needs at least 1 item.'],
      [settings, { businessWeekdays: 'mon' }, 'businessWeekdays', 'businessWeekdays must be an array.'],
      [
        settings,
        { sendAutomatedUpdateRequests: 'yes' },
        'sendAutomatedUpdateRequests',
        'sendAutomatedUpdateRequests must be true or false.',
      ],
      [settings, { senderName: 'x'.repeat(256) }, 'senderName', 'senderName is longer than 255 characters.'],
      [settings, [1], undefined, 'The body must be an object.'],
      ['/v1/cadences', { messageType: 'email' }, 'delaySeconds', 'delaySeconds is required.'],
    ];
    for (const [path, body, field, message] of cases) {
      const method = path === settings ? 'PATCH' : 'POST';
      const r = await t.admin.request<ApiError>(method, path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body, JSON.stringify(body)).toEqual(
        field === undefined ? { code: 'invalid_request', message } : { code: 'invalid_request', message, field },
      );
    }
  });

  it('refuses a date in year 0000 naming its field, in a body, a list and a query, and writes nothing', async () => {
    const t = await createTenant('Year zero');
    const settings = `/v1/organizationSettings/${t.organizationSid}`;
    const holidays = await t.admin.request<ApiError>('PATCH', settings, { holidays: ['2026-12-24', '0000-01-01'] });
    expect(holidays.status).toBe(400);
    expect(holidays.body).toEqual({
      code: 'invalid_request',
      field: 'holidays.1',
      message: 'holidays.1 is not a date that can be stored: years start at 0001.',
    });
    const count = await t.buyer.request<ApiError>('POST', '/v1/inventoryCounts', {
      uniqueName: 'YEAR-ZERO',
      count: 1,
      recordingDate: '0000-06-01T00:00:00Z',
    });
    expect(count.status).toBe(400);
    expect(count.body.field).toBe('recordingDate');
    for (const path of [
      '/v1/flags?raisedBefore=0000-01-01T00:00:00Z',
      '/v1/inventoryCounts?dateBefore=0000-01-01T00:00:00Z',
    ]) {
      const r = await t.buyer.request<ApiError>('GET', path);
      expect(r.status, path).toBe(400);
      expect(r.body.field, path).toMatch(/^(raisedBefore|dateBefore)$/);
    }
    // A text field that only reads like such a date is text.
    const note = await t.admin.request('PATCH', settings, { senderName: '0000-01-01' });
    expect(note.status).toBe(200);
    const after = await t.admin.request<{ holidays: string[] }>('GET', settings);
    expect(after.body.holidays).toEqual([]);
  });

  it('refuses an inventory count dated in the future, which would stand as the stock until then', async () => {
    const t = await createTenant('Future count');
    const count = (recordingDate: string) =>
      t.buyer.request<ApiError & { sid: string }>('POST', '/v1/inventoryCounts', {
        uniqueName: 'FUTURE-PART',
        count: 5,
        recordingDate,
      });
    for (const date of ['9999-12-31T00:00:00Z', new Date(Date.now() + 3 * 86_400_000).toISOString()]) {
      const r = await count(date);
      expect([r.status, r.body.field], date).toEqual([400, 'recordingDate']);
      expect(r.body.message, date).toMatch(/^recordingDate is in the future \(.*\): a count records the stock on hand/);
    }
    // Now, or a few hours ahead (a time zone ahead of the server), is a count.
    expect((await count(new Date(Date.now() + 6 * 3_600_000).toISOString())).status).toBe(201);
    const listed = await t.buyer.request<{ inventoryCounts: unknown[] }>('GET', '/v1/inventoryCounts');
    expect(listed.body.inventoryCounts).toHaveLength(1);
  });

  it('refuses a parameter that takes one value given two, and reads every value of a list', async () => {
    const t = await createTenant('Repeated parameters');
    const line = await makeLine(t, { prefix: 'repeat' });
    const other = await makeLine(t, { prefix: 'repeat-other', vendorSid: t.otherVendorSid });
    for (const [path, field] of [
      [`/v1/itemGroups?vendorSid=${t.vendorSid}&vendorSid=${t.otherVendorSid}`, 'vendorSid'],
      [`/v1/items?orderSid=${line.orderSid}&orderSid=${other.orderSid}`, 'orderSid'],
      ['/v1/flags?status=open&status=dismissed', 'status'],
      ['/v1/orders?pageSize=5&pageSize=500', 'pageSize'],
    ]) {
      const r = await t.buyer.request<ApiError>('GET', path);
      expect([r.status, r.body.field], path).toEqual([400, field]);
      expect(r.body.message, path).toBe(`${field} is given more than once with different values; give it once.`);
    }
    // The same value twice is one value; a list parameter takes each.
    const same = await t.buyer.request<{ itemGroups: { sid: string }[] }>(
      'GET',
      `/v1/itemGroups?vendorSid=${t.vendorSid}&vendorSid=${t.vendorSid}`,
    );
    expect(same.body.itemGroups.map((g) => g.sid)).toEqual([line.sid]);
    const both = await t.buyer.request<{ itemGroups: { sid: string }[] }>(
      'GET',
      `/v1/itemGroups?sid=${line.sid}&sid=${other.sid}`,
    );
    expect(both.body.itemGroups.map((g) => g.sid).sort()).toEqual([line.sid, other.sid].sort());
  });

  it('refuses a sender name with a line break, and keeps the one stored', async () => {
    const t = await createTenant('Sender name');
    const settings = `/v1/organizationSettings/${t.organizationSid}`;
    const named = await t.admin.request<{ senderName: string | null }>('PATCH', settings, {
      senderName: 'Northwind Purchasing',
    });
    expect(named.status).toBe(200);
    for (const senderName of ['Evil\r\nBcc: someone@example.com', 'Tab\there', 'Bell\u0007']) {
      const r = await t.admin.request<ApiError>('PATCH', settings, { senderName, replyTo: 'buy@example.com' });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ field: 'senderName', message: expect.stringMatching(/line breaks/) as unknown });
    }
    const after = await t.admin.request<{ senderName: string | null; replyTo: string | null }>('GET', settings);
    expect(after.body).toMatchObject({ senderName: 'Northwind Purchasing', replyTo: null });
  });
});
