import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Attention } from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import HomePage from './HomePage';

const routes = [{ path: '/', Component: HomePage }];

const ATTENTION: Attention = {
  today: '2026-12-05',
  pastDue: 12,
  dueSoonUnconfirmed: 4,
  dueSoonFrom: '2026-12-05',
  dueSoonTo: '2026-12-19',
  delays: 11,
  delaysSince: '2026-12-04T00:00:00Z',
  latestDelays: [
    {
      itemGroupSid: 'IG1',
      orderSid: 'OR1',
      orderUniqueName: 'PO-4711',
      vendorName: 'Voltaris',
      partNumber: 'RES-10K',
      field: 'deliveryDate',
      before: '2026-12-10',
      after: '2026-12-24',
      changed: '2026-12-05T08:00:00Z',
      actorName: 'Jonah Reyes',
    },
  ],
  requestsSent: 7,
  requestsReminded: 2,
  openFlags: 31,
  unreadReplies: 2,
  bomsShort: [{ sid: 'BO1', uniqueName: 'CTRL-BOARD-A', expected: '12', target: '40', targetDate: '2027-01-02' }],
  latestAnswers: [
    {
      eventSid: 'EV1',
      eventType: 'itemGroup.updated',
      time: '2026-12-05T08:00:00Z',
      actorName: 'Jonah Reyes',
      orderSid: 'OR1',
      orderUniqueName: 'PO-4711',
      itemGroupSid: 'IG1',
      changes: ['deliveryDate', 'confirmed'],
    },
  ],
  requestsToday: 1,
  latestRequestsToday: [
    {
      sid: 'UR1',
      created: '2026-12-05T09:00:00Z',
      status: 'sent',
      vendorName: 'Voltaris',
      orderSid: 'OR1',
      orderUniqueName: 'PO-4711',
      lineCount: 3,
    },
  ],
};

describe('HomePage', () => {
  it('shows each figure opening the list that counts it, and the latest delays, answers and requests', async () => {
    mswServer.use(http.get('*/v1/attention', () => HttpResponse.json(ATTENTION)));
    renderRoutes(routes, '/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Today' })).toBeTruthy();
    await screen.findByRole('link', { name: /Shipments past due/ });
    const href = (name: RegExp) => screen.getByRole('link', { name }).getAttribute('href');
    expect(href(/12 Shipments past due/)).toBe('/schedule?pastDue=1');
    expect(href(/4 Due in two weeks, not confirmed/)).toBe(
      '/schedule?dueFrom=2026-12-05&dueTo=2026-12-19&unconfirmed=1',
    );
    expect(href(/11 Delays since yesterday/)).toBe('#home-delays');
    expect(href(/31 Open flags/)).toBe('/flags');
    expect(href(/7 Requests waiting for an answer/)).toBe('/update-requests?status=sent');
    expect(href(/2 Reminded, still no answer/)).toBe('/update-requests?status=reminded');
    expect(href(/1 BOMs short of their target/)).toBe('#home-boms');

    const delays = screen.getByRole('region', { name: 'Delays since yesterday' });
    expect(delays.textContent).toContain('delivery date 10 Dec 2026 → 24 Dec 2026');
    expect(delays.textContent).toContain('The latest 1 of 11.');
    expect(within(delays).getByRole('link', { name: 'PO-4711' }).getAttribute('href')).toBe('/orders/OR1');
    const answers = screen.getByRole('region', { name: 'Latest vendor answers' });
    expect(answers.textContent).toContain('Changed delivery date, confirmation');
    const boms = screen.getByRole('region', { name: 'BOMs short of their target' });
    expect(within(boms).getByRole('link', { name: 'CTRL-BOARD-A' }).getAttribute('href')).toBe('/clear-to-build/BO1');
    expect(boms.textContent).toContain('12 expected of 40 by 2 Jan 2027');
    const requests = screen.getByRole('region', { name: 'Today’s update requests' });
    expect(requests.textContent).toContain('3 lines · sent');
  });

  it('says so when nothing needs attention', async () => {
    mswServer.use(
      http.get('*/v1/attention', () =>
        HttpResponse.json({
          ...ATTENTION,
          pastDue: 0,
          delays: 0,
          latestDelays: [],
          bomsShort: [],
          latestAnswers: [],
          requestsToday: 0,
          latestRequestsToday: [],
        }),
      ),
    );
    renderRoutes(routes, '/');
    expect(await screen.findByText('No shipment moved later since yesterday.')).toBeTruthy();
    expect(screen.getByText('No vendor answered in the last 30 days.')).toBeTruthy();
    expect(screen.getByText('Every BOM with a target is expected to reach it.')).toBeTruthy();
    expect(screen.getByText('No update request went out today yet.')).toBeTruthy();
  });

  it('says when the figures could not be loaded', async () => {
    mswServer.use(
      http.get('*/v1/attention', () =>
        HttpResponse.json({ code: 'forbidden', message: 'Staff only.' }, { status: 403 }),
      ),
    );
    renderRoutes(routes, '/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load what needs attention.');
  });
});
