import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getListOrdersMockHandler, getListOrdersResponseMock } from '../../api/generated/hooks/orders/orders.msw';
import type { Order } from '../../api/generated/model';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import OrdersPage from './OrdersPage';

const routes = [{ path: '/orders', Component: OrdersPage }];

function order(n: number): Order {
  return {
    sid: `OR${String(n).padStart(28, '0')}`,
    created: '2026-11-02T09:30:00Z',
    updated: '2026-11-02T09:30:00Z',
    vendorSid: null,
    vendorName: `Vendor ${n}`,
    organizationSid: 'OGdemo',
    uniqueName: `PO-${1000 + n}`,
    title: `Order title ${n}`,
    summary: {
      itemCount: n,
      itemGroupCount: 4,
      openFlagCount: n === 2 ? 3 : 0,
      nextDueDate: null,
      confirmedShare: 0.75,
    },
  };
}

describe('OrdersPage', () => {
  it('shows the orders from the list endpoint and follows the next page token', async () => {
    const seen: (string | null)[] = [];
    mswServer.use(
      getListOrdersMockHandler(({ request }) => {
        const token = new URL(request.url).searchParams.get('pageToken');
        seen.push(token);
        return token === 'page-2'
          ? getListOrdersResponseMock({
              orders: [order(3)],
              page: { previousPageToken: 'page-1', nextPageToken: null },
            })
          : getListOrdersResponseMock({
              orders: [order(1), order(2)],
              page: { previousPageToken: null, nextPageToken: 'page-2' },
            });
      }),
    );
    renderRoutes(routes, '/orders');
    const table = await screen.findByRole('table', { name: 'Orders' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('link', { name: 'PO-1001' }).getAttribute('href')).toBe(`/orders/${order(1).sid}`);
    expect(within(table).getByText('Vendor 2')).toBeTruthy();
    const secondRow = within(table).getAllByRole('row')[2];
    expect(within(secondRow).getByText('75%')).toBeTruthy();
    expect(within(secondRow).getByText('3').tagName).toBe('STRONG');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(within(table).getAllByRole('row')).toHaveLength(4);
    });
    expect(within(table).getByText('PO-1003')).toBeTruthy();
    expect(seen).toEqual([null, 'page-2']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says what failed and retries on request', async () => {
    let fail = true;
    mswServer.use(
      http.get('*/v1/orders', () =>
        fail
          ? HttpResponse.json({ code: 'unavailable', message: 'The database is restarting.' }, { status: 503 })
          : HttpResponse.json(
              getListOrdersResponseMock({ orders: [order(7)], page: { previousPageToken: null, nextPageToken: null } }),
            ),
      ),
    );
    renderRoutes(routes, '/orders');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load orders.');
    expect(alert.textContent).toContain('The database is restarting.');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('PO-1007')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers the next step when there are no orders', async () => {
    mswServer.use(getListOrdersMockHandler({ orders: [], page: { previousPageToken: null, nextPageToken: null } }));
    renderRoutes(routes, '/orders');
    expect(await screen.findByText('No orders yet.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Import open orders' }).getAttribute('href')).toBe('/imports');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a loading state before the first page arrives', async () => {
    mswServer.use(
      getListOrdersMockHandler({ orders: [order(1)], page: { previousPageToken: null, nextPageToken: null } }),
    );
    renderRoutes(routes, '/orders');
    expect(screen.getByRole('status').textContent).toContain('Loading orders');
    expect(await screen.findByText('PO-1001')).toBeTruthy();
  });
});

describe('OrdersPage view state in the URL', () => {
  function recordRequests() {
    const seen: URLSearchParams[] = [];
    mswServer.use(
      getListOrdersMockHandler(({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return getListOrdersResponseMock({
          orders: [order(1)],
          page: { previousPageToken: null, nextPageToken: null },
        });
      }),
    );
    return seen;
  }

  it('reads filters, sort and hidden columns from the URL and asks the server for exactly that', async () => {
    const seen = recordRequests();
    renderRoutes(
      routes,
      '/orders?q=acme&dueFrom=2027-01-01&confirmed=no&flagged=1&sort=nextDueDate&dir=desc&hide=title',
    );
    const table = await screen.findByRole('table', { name: 'Orders' });
    const sent = Object.fromEntries(seen[0]);
    expect(sent).toMatchObject({
      q: 'acme',
      dueDateFrom: '2027-01-01',
      confirmed: 'false',
      hasOpenFlags: 'true',
      orderBy: 'nextDueDate',
      sortOrder: 'Desc',
    });
    expect(within(table).queryByRole('columnheader', { name: 'Title' })).toBeNull();
    expect(
      within(table)
        .getByRole('columnheader', { name: /Next due/ })
        .getAttribute('aria-sort'),
    ).toBe('descending');
    expect(screen.getByLabelText<HTMLInputElement>('Search').value).toBe('acme');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Confirmed' }).value).toBe('no');
    expect(screen.getByLabelText<HTMLInputElement>('Only with open flags').checked).toBe(true);
  });

  it('writes sorting, filters and column choices back to the URL', async () => {
    const seen = recordRequests();
    const { router } = renderRoutes(routes, '/orders');
    const table = await screen.findByRole('table', { name: 'Orders' });
    await userEvent.click(within(table).getByRole('button', { name: /Order/ }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?sort=uniqueName');
    });
    await userEvent.click(within(table).getByRole('button', { name: /Order/ }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?sort=uniqueName&dir=desc');
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Confirmed' }), 'yes');
    await userEvent.click(screen.getByText('Columns'));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Vendor' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?confirmed=yes&sort=uniqueName&dir=desc&hide=vendor');
    });
    expect(within(table).queryByRole('columnheader', { name: 'Vendor' })).toBeNull();
    await waitFor(() => {
      expect(Object.fromEntries(seen[seen.length - 1])).toMatchObject({
        confirmed: 'true',
        orderBy: 'uniqueName',
        sortOrder: 'Desc',
      });
    });
  });

  it('searches after a pause in typing, and ignores values that do not parse', async () => {
    const seen = recordRequests();
    const { router } = renderRoutes(routes, '/orders?sort=bogus&dueFrom=2026-13-45&confirmed=maybe');
    await screen.findByRole('table', { name: 'Orders' });
    expect(Object.fromEntries(seen[0])).toMatchObject({ orderBy: 'created', sortOrder: 'Asc' });
    expect(seen[0].has('dueDateFrom')).toBe(false);
    expect(seen[0].has('confirmed')).toBe(false);
    await userEvent.type(screen.getByLabelText('Search'), 'PO-10');
    await waitFor(() => {
      expect(router.state.location.search).toBe('?q=PO-10');
    });
    await waitFor(() => {
      expect(seen[seen.length - 1].get('q')).toBe('PO-10');
    });
    // One request for the typed word, not one per keystroke.
    expect(seen.filter((s) => s.has('q'))).toHaveLength(1);
  });
});
