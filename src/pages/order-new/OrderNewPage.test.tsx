import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getCreateOrderMockHandler } from '../../api/generated/hooks/orders/orders.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type { CreateOrderRequest, Order } from '../../api/generated/model';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import OrderNewPage from './OrderNewPage';

const routes = [
  { path: '/orders/new', Component: OrderNewPage },
  { path: '/orders/:sid', Component: () => <p>Order page</p> },
];

const vendors = getListVendorsMockHandler({
  vendors: [
    {
      sid: 'VE0000000000000000000000000001',
      created: '2026-01-01T00:00:00Z',
      updated: '2026-01-01T00:00:00Z',
      name: 'Voltaris Components',
      email: null,
    },
  ],
  page: { previousPageToken: null, nextPageToken: null },
});

function created(body: CreateOrderRequest): Order {
  return {
    sid: 'OR0000000000000000000000000042',
    created: '2026-11-02T09:30:00Z',
    updated: '2026-11-02T09:30:00Z',
    organizationSid: 'OGdemo',
    vendorSid: 'VE0000000000000000000000000001',
    vendorName: body.vendorName ?? null,
    uniqueName: body.uniqueName ?? null,
    title: body.title ?? null,
  };
}

describe('OrderNewPage', () => {
  it('says what is missing before sending anything', async () => {
    let posted = 0;
    mswServer.use(
      vendors,
      getCreateOrderMockHandler(() => {
        posted += 1;
        return created({});
      }),
    );
    renderRoutes(routes, '/orders/new');
    await userEvent.click(screen.getByRole('button', { name: 'Create order' }));
    const number = screen.getByLabelText('Order number');
    expect(await screen.findByText('Enter the order number.')).toBeTruthy();
    expect(screen.getByText('Choose a vendor or type the name of a new one.')).toBeTruthy();
    expect(number.getAttribute('aria-invalid')).toBe('true');
    expect(number.getAttribute('aria-describedby')).toContain('order-unique-name-error');
    expect(posted).toBe(0);
  });

  it('sends the order, blank optional fields as null, and opens the new order', async () => {
    const bodies: unknown[] = [];
    mswServer.use(
      vendors,
      getCreateOrderMockHandler(async ({ request }) => {
        const body = (await request.json()) as CreateOrderRequest;
        bodies.push(body);
        return created(body);
      }),
    );
    const { router } = renderRoutes(routes, '/orders/new');
    await userEvent.type(screen.getByLabelText('Order number'), '  PO-9001 ');
    await userEvent.type(screen.getByRole('combobox', { name: 'Vendor' }), 'Voltaris Components');
    await userEvent.click(screen.getByRole('button', { name: 'Create order' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/orders/OR0000000000000000000000000042');
    });
    expect(bodies).toEqual([{ uniqueName: 'PO-9001', vendorName: 'Voltaris Components', title: null }]);
  });

  it('shows the server’s 400 next to the field it names, and other errors above the form', async () => {
    let answer: { status: number; body: object } = {
      status: 409,
      body: { code: 'conflict', message: 'An order named PO-1001 already exists.', field: 'uniqueName' },
    };
    mswServer.use(
      vendors,
      http.post('*/v1/orders', () => HttpResponse.json(answer.body, { status: answer.status })),
    );
    renderRoutes(routes, '/orders/new');
    await userEvent.type(screen.getByLabelText('Order number'), 'PO-1001');
    await userEvent.type(screen.getByRole('combobox', { name: 'Vendor' }), 'Nobody Ltd');
    await userEvent.click(screen.getByRole('button', { name: 'Create order' }));
    expect(await screen.findByText('An order named PO-1001 already exists.')).toBeTruthy();
    expect(screen.getByLabelText('Order number').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();

    answer = {
      status: 400,
      body: { code: 'bad_request', message: 'vendorSid names no vendor of your organization.', field: 'vendorSid' },
    };
    await userEvent.click(screen.getByRole('button', { name: 'Create order' }));
    const vendorError = await screen.findByText('vendorSid names no vendor of your organization.');
    expect(screen.getByRole('combobox', { name: 'Vendor' }).getAttribute('aria-describedby')).toContain(vendorError.id);

    answer = {
      status: 400,
      body: { code: 'bad_request', message: 'eventRelations: too many.', field: 'eventRelations' },
    };
    await userEvent.click(screen.getByRole('button', { name: 'Create order' }));
    expect((await screen.findByRole('alert')).textContent).toContain('eventRelations: too many.');
  });

  it('tells when a typed vendor is new', async () => {
    mswServer.use(vendors, getCreateOrderMockHandler(created({})));
    renderRoutes(routes, '/orders/new');
    await userEvent.type(screen.getByRole('combobox', { name: 'Vendor' }), 'Acme Widgets');
    expect(await screen.findByText('No vendor is named “Acme Widgets” yet: saving adds it.')).toBeTruthy();
  });
});
