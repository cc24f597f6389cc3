import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  getListItemGroupsMockHandler,
  getListItemGroupsResponseMock,
} from '../../api/generated/hooks/item-groups/item-groups.msw';
import type { ItemGroup } from '../../api/generated/model';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import SchedulePage from './SchedulePage';
import { isPastDue } from './schedule-view';

const routes = [{ path: '/schedule', Component: SchedulePage }];

function group(n: number, dueDate: string, delivered = false): ItemGroup {
  return {
    sid: `IG${String(n).padStart(28, '0')}`,
    created: '2026-11-02T09:30:00Z',
    updated: '2026-11-02T09:30:00Z',
    itemSid: `IT${String(n).padStart(28, '0')}`,
    quantity: '10',
    dueDate,
    shipDate: null,
    deliveryDate: null,
    shipped: false,
    delivered,
    trackingNumber: null,
    version: 1,
    lastUpdateDate: null,
    estimatedArrivalDate: null,
    uniqueName: null,
    orderSid: `OR${String(n).padStart(28, '0')}`,
    organizationSid: 'OGdemo',
    status: 'active',
    confirmed: false,
    context: {
      orderUniqueName: `PO-${n}`,
      vendorSid: null,
      vendorName: `Vendor ${n}`,
      itemUniqueName: '10',
      manufacturerPartNumber: `MPN-${n}`,
      description: null,
      openFlagCount: n,
    },
  };
}

describe('SchedulePage', () => {
  it('asks for the view in the URL, soonest due first, and marks past-due lines in words', async () => {
    const seen: URLSearchParams[] = [];
    mswServer.use(
      getListItemGroupsMockHandler(({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return getListItemGroupsResponseMock({
          itemGroups: [group(1, '2020-01-01'), group(2, '2099-01-01')],
          page: { previousPageToken: null, nextPageToken: null },
        });
      }),
    );
    const { router } = renderRoutes(routes, '/schedule?unconfirmed=1&q=MPN');
    const table = await screen.findByRole('table', { name: 'Every scheduled shipment' });
    expect(Object.fromEntries(seen[0])).toMatchObject({
      q: 'MPN',
      confirmed: 'false',
      orderBy: 'dueDate',
      sortOrder: 'Asc',
      statusNot: 'canceled',
    });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText('Past due')).toBeTruthy();
    expect(within(rows[2]).queryByText('Past due')).toBeNull();
    expect(within(rows[1]).getByRole('link', { name: 'PO-1' })).toBeTruthy();
    expect(within(rows[1]).getByRole('link', { name: 'MPN-1' })).toBeTruthy();

    await userEvent.click(screen.getByLabelText('Only past due'));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?q=MPN&unconfirmed=1&pastDue=1');
    });
    await waitFor(() => {
      expect(seen[seen.length - 1].get('pastDue')).toBe('true');
    });
  });

  it('knows past due from the local calendar date, never for delivered lines', () => {
    const today = new Date(2026, 10, 25, 9, 0);
    expect(isPastDue('2026-11-24', false, today)).toBe(true);
    expect(isPastDue('2026-11-25', false, today)).toBe(false);
    expect(isPastDue('2026-11-24', true, today)).toBe(false);
    expect(isPastDue(null, false, today)).toBe(false);
  });
});
