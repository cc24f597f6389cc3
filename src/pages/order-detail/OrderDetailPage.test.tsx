import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getListCadencesMockHandler } from '../../api/generated/hooks/cadences/cadences.msw';
import { getGetOrderFollowUpMockHandler } from '../../api/generated/hooks/follow-up/follow-up.msw';
import {
  getGetOrganizationSettingsMockHandler,
  getGetOrganizationSettingsResponseMock,
} from '../../api/generated/hooks/organization-settings/organization-settings.msw';
import { getGetSessionMockHandler, getGetSessionResponseMock } from '../../api/generated/hooks/session/session.msw';
import type { Item, ItemGroup, Order } from '../../api/generated/model';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import OrderDetailPage from './OrderDetailPage';

const ORDER = 'OR0000000000000000000000000123';
const page = { previousPageToken: null, nextPageToken: null };
const stamp = { created: '2026-10-01T00:00:00Z', updated: '2026-10-01T00:00:00Z', organizationSid: 'OGdemo' };

const order: Order = {
  ...stamp,
  sid: ORDER,
  uniqueName: 'PO-123',
  title: 'Controller boards',
  vendorSid: 'VE1',
  vendorName: 'Voltaris Components',
  summary: { itemCount: 3, itemGroupCount: 5, openFlagCount: 0, nextDueDate: '2026-12-01', confirmedShare: 0.4 },
};

function item(n: number): Item {
  return {
    ...stamp,
    sid: `IT${String(n).padStart(28, '0')}`,
    orderSid: ORDER,
    uniqueName: `LINE-${n}`,
    title: null,
    status: 'active',
    quantity: '100',
    pricePerUnit: null,
    nonRecurringCost: null,
    leadTime: null,
    shipTime: null,
    lineNumber: n,
    description: `Part ${n}`,
    manufacturerPartNumber: `MPN-${n}`,
    revision: null,
  };
}

function group(n: number, itemN: number, context: ItemGroup['context']): ItemGroup {
  return {
    ...stamp,
    sid: `IG${String(n).padStart(28, '0')}`,
    itemSid: item(itemN).sid,
    orderSid: ORDER,
    quantity: '50',
    dueDate: '2026-12-01',
    shipDate: null,
    deliveryDate: null,
    estimatedArrivalDate: null,
    shipped: false,
    delivered: false,
    trackingNumber: null,
    version: 1,
    lastUpdateDate: null,
    uniqueName: null,
    status: 'active',
    confirmed: n === 1,
    cannotSupply: false,
    cannotSupplyReason: null,
    vendorChangedAt: null,
    context,
  };
}

const known = {
  orderUniqueName: 'PO-123',
  vendorSid: 'VE1',
  vendorName: 'Voltaris Components',
  itemUniqueName: 'LINE-1',
  manufacturerPartNumber: 'MPN-1',
  description: null,
  openFlagCount: 0,
  nextUpdateRequestAt: null,
};

function serveOrder() {
  const deleted: string[] = [];
  mswServer.use(
    // No vendor proposals wait (approval mode off): the queue shows nothing.
    http.get('*/v1/itemGroupProposals', () =>
      HttpResponse.json({ itemGroupProposals: [], page: { previousPageToken: null, nextPageToken: null } }),
    ),
    http.get('*/v1/orders/:sid', ({ params }) =>
      params.sid === ORDER
        ? HttpResponse.json(order)
        : HttpResponse.json({ code: 'not_found', message: 'No such order.' }, { status: 404 }),
    ),
    http.delete('*/v1/orders/:sid', ({ params }) => {
      deleted.push(String(params.sid));
      return new HttpResponse(null, { status: 204 });
    }),
    http.get('*/v1/items', () => HttpResponse.json({ items: [item(1), item(2), item(3)], page })),
    http.get('*/v1/itemGroups', ({ request }) => {
      expect(new URL(request.url).searchParams.get('orderSid')).toBe(ORDER);
      return HttpResponse.json({
        itemGroups: [
          group(1, 1, { ...known, risk: null }),
          group(2, 1, { ...known, risk: 'pastDue' }),
          group(3, 2, { ...known, risk: 'unconfirmedDueSoon' }),
          group(4, 2, { ...known, risk: null }),
          group(5, 3, { ...known, risk: 'promiseAfterDue' }),
        ],
        page,
      });
    }),
    http.get('*/v1/orders/:sid/events', () => HttpResponse.json({ orderEvents: [], page })),
    // No conversation yet: the messages panel shows its empty state.
    http.get('*/v1/orders/:sid/messages', () => HttpResponse.json({ messages: [], page })),
    // No open flags, and no update request sent yet: the page's follow-up panels show their empty states.
    http.get('*/v1/flags', () => HttpResponse.json({ flags: [], page })),
    http.get('*/v1/updateRequests', () => HttpResponse.json({ updateRequests: [], page })),
    http.get('*/v1/orderMembers', () => HttpResponse.json({ orderMembers: [], page })),
    http.get('*/v1/orderInvites', () => HttpResponse.json({ orderInvites: [], page })),
    http.get('*/v1/users', () => HttpResponse.json({ users: [], page })),
    http.get('*/v1/vendors', () =>
      HttpResponse.json({ vendors: [{ ...stamp, sid: 'VE1', name: 'Voltaris Components', email: null }], page }),
    ),
    getGetSessionMockHandler(
      getGetSessionResponseMock({
        role: 'buyer',
        organization: { sid: 'OGdemo', name: 'Northwind Robotics', created: stamp.created, updated: stamp.updated },
      }),
    ),
    getListCadencesMockHandler({ cadences: [], page }),
    getGetOrganizationSettingsMockHandler(getGetOrganizationSettingsResponseMock({ cadenceSid: null })),
    getGetOrderFollowUpMockHandler({
      orderSid: ORDER,
      orderUniqueName: 'PO-123',
      paused: false,
      cadenceSid: null,
      cadenceTitle: null,
      vendor: {
        vendorSid: 'VE1',
        vendorName: 'Voltaris Components',
        paused: true,
        cadenceSid: null,
        cadenceTitle: null,
      },
      applies: { state: 'paused', pausedBy: 'vendor', cadenceSid: null, cadenceTitle: null, cadenceFrom: null },
    }),
    // One list for the whole order, shown as a column per field name.
    http.get('*/v1/itemCustomFields', ({ request }) => {
      const orderSid = new URL(request.url).searchParams.get('orderSid');
      return HttpResponse.json({
        itemCustomFields:
          orderSid === order.sid
            ? [{ ...stamp, sid: 'CF1', itemSid: item(1).sid, name: 'Drawing', value: 'DWG-7 rev B' }]
            : [],
        page,
      });
    }),
  );
  return deleted;
}

const routes = [
  { path: '/orders/:sid', Component: OrderDetailPage },
  { path: '/orders', Component: () => <p>Orders list</p> },
];

describe('OrderDetailPage', () => {
  it('shows each item with its shipments, their risk in words, and its custom fields', async () => {
    serveOrder();
    renderRoutes(routes, `/orders/${ORDER}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Order PO-123' })).toBeTruthy();
    const first = await screen.findByRole('table', { name: 'Shipments of item LINE-1' });
    const rows = within(first).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('On track')).toBeTruthy();
    expect(within(rows[1]).queryByRole('button', { name: /^Confirm/ })).toBeNull();
    expect(within(rows[2]).getByText('Past due')).toBeTruthy();
    expect(within(rows[2]).getByRole('button', { name: 'Confirm Shipment 2' })).toBeTruthy();
    const third = screen.getByRole('table', { name: 'Shipments of item LINE-3' });
    expect(within(third).getByText('Promised after the due date')).toBeTruthy();
    expect(await screen.findByText('DWG-7 rev B')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Drawing' })).toBeTruthy();

    // Hiding an item's shipments is one click on its toggle.
    await userEvent.click(screen.getByRole('button', { name: 'Hide shipments of LINE-2' }));
    expect(screen.queryByRole('table', { name: 'Shipments of item LINE-2' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show shipments of LINE-2' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
  });

  it('says in its Follow-up section whether the vendor is asked, with the order’s own controls', async () => {
    serveOrder();
    renderRoutes(routes, `/orders/${ORDER}`);
    const followUp = await screen.findByRole('region', { name: 'Follow-up' });
    expect(
      await within(followUp).findByText('Follow-up is paused for Voltaris Components: none of its orders are asked.'),
    ).toBeTruthy();
    expect(within(followUp).getByRole('link', { name: 'Settings → Follow-up' }).getAttribute('href')).toBe('/settings');
    expect(within(followUp).getByRole('button', { name: 'Pause follow-up' })).toBeTruthy();
    // Paused by its vendor, the order would follow the organization's cadence, here the default tiers.
    const cadence = within(followUp).getByLabelText('Cadence of this order');
    expect(
      await within(cadence).findByRole('option', { name: "Vendor's or organization's (default tiers)" }),
    ).toBeTruthy();
  });

  it('asks before deleting the order, naming what goes with it', async () => {
    const deleted = serveOrder();
    const { router } = renderRoutes(routes, `/orders/${ORDER}`);
    await screen.findByRole('table', { name: 'Shipments of item LINE-1' });

    await userEvent.click(screen.getByRole('button', { name: 'Delete order' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete order' });
    expect(dialog.textContent).toContain(
      'Delete order PO-123 with its 3 items and 5 shipments? This cannot be undone.',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(deleted).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Delete order' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Delete order' })).getByRole('button', { name: 'Delete order' }),
    );
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/orders');
    });
    expect(deleted).toEqual([ORDER]);
  });

  it('asks before deleting an item, naming its shipments', async () => {
    serveOrder();
    renderRoutes(routes, `/orders/${ORDER}`);
    await screen.findByRole('table', { name: 'Shipments of item LINE-1' });
    await userEvent.click(screen.getByRole('button', { name: 'Delete item LINE-2' }));
    expect(screen.getByRole('dialog', { name: 'Delete item' }).textContent).toContain(
      'Delete item LINE-2 with its 2 shipments? This cannot be undone.',
    );
  });

  it('edits the order in place, with the server’s complaint next to the field it names', async () => {
    serveOrder();
    const bodies: unknown[] = [];
    mswServer.use(
      http.patch('*/v1/orders/:sid', async ({ request }) => {
        const body = (await request.json()) as { uniqueName?: string; title?: string };
        bodies.push(body);
        if (body.uniqueName === 'PO-999') {
          return HttpResponse.json(
            { code: 'conflict', message: 'An order named PO-999 already exists.', field: 'uniqueName' },
            { status: 409 },
          );
        }
        return HttpResponse.json({ ...order, ...body });
      }),
    );
    renderRoutes(routes, `/orders/${ORDER}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit order' }));
    const form = screen.getByRole('form', { name: 'Edit order' });
    const number = within(form).getByLabelText('Order number');
    expect(document.activeElement).toBe(number);
    await userEvent.clear(number);
    await userEvent.type(number, 'PO-999');
    await userEvent.click(within(form).getByRole('button', { name: 'Save order' }));
    expect(await within(form).findByText('An order named PO-999 already exists.')).toBeTruthy();
    expect(number.getAttribute('aria-invalid')).toBe('true');

    await userEvent.clear(number);
    await userEvent.type(number, 'PO-124');
    await userEvent.click(within(form).getByRole('button', { name: 'Save order' }));
    await waitFor(() => {
      expect(screen.queryByRole('form', { name: 'Edit order' })).toBeNull();
    });
    // The vendor did not change, so it is not sent (the server would otherwise look it up again).
    expect(bodies).toEqual([
      { uniqueName: 'PO-999', title: 'Controller boards' },
      { uniqueName: 'PO-124', title: 'Controller boards' },
    ]);
  });
});
