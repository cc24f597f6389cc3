// What a 400 for bad input says: the field's name and, in words, what is wrong with it, for each kind of check
// the contract's schemas make (required, type, format, length, range, choice, items), never zod's bare
// "Invalid input"; and the bad write changes nothing.
import { describe, expect, it } from 'vitest';
import { createTenant } from './support/harness.ts';

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
