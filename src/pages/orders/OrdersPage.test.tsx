import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { getListOrdersMockHandler, getListOrdersResponseMock } from '../../api/generated/hooks/orders/orders.msw';
import {
  getCreateSavedViewMockHandler,
  getListSavedViewsMockHandler,
} from '../../api/generated/hooks/saved-views/saved-views.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type { Order, SavedView, Vendor } from '../../api/generated/model';
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

function vendor(sid: string, name: string): Vendor {
  return { sid, name, email: null, created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z' };
}
const VENDORS = [vendor('VE1', 'Brightline Electronics'), vendor('VE2', 'Voltaris Components')];
const noPage = { previousPageToken: null, nextPageToken: null };

// Every test sees the vendors and no saved views unless it says otherwise.
beforeEach(() => {
  mswServer.use(
    getListVendorsMockHandler({ vendors: VENDORS, page: noPage }),
    getListSavedViewsMockHandler({ savedViews: [], page: noPage }),
  );
});

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
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain('Loading orders…');
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

describe('OrdersPage vendor filter', () => {
  function recordOrders(rows: Order[] = [order(1)]) {
    const seen: URLSearchParams[] = [];
    mswServer.use(
      getListOrdersMockHandler(({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return getListOrdersResponseMock({ orders: rows, page: noPage });
      }),
    );
    return seen;
  }

  it('reads the vendor from the URL, asks for its orders, and writes a new choice back', async () => {
    const seen = recordOrders();
    const { router } = renderRoutes(routes, '/orders?vendor=VE2&sort=uniqueName');
    await screen.findByRole('table', { name: 'Orders' });
    expect(seen[0].get('vendorSid')).toBe('VE2');
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Vendor' });
    await waitFor(() => {
      expect(within(select).getByRole<HTMLOptionElement>('option', { name: 'Voltaris Components' }).selected).toBe(
        true,
      );
    });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All vendors', 'Brightline Electronics', 'Voltaris Components']);

    await userEvent.selectOptions(select, 'Brightline Electronics');
    await waitFor(() => {
      expect(router.state.location.search).toBe('?vendor=VE1&sort=uniqueName');
    });
    await waitFor(() => {
      expect(seen[seen.length - 1].get('vendorSid')).toBe('VE1');
    });

    await userEvent.selectOptions(select, 'All vendors');
    await waitFor(() => {
      expect(router.state.location.search).toBe('?sort=uniqueName');
    });
    await waitFor(() => {
      expect(seen[seen.length - 1].has('vendorSid')).toBe(false);
    });
  });

  it('keeps a selected vendor the list does not hold, named after its orders', async () => {
    recordOrders([{ ...order(1), vendorSid: 'VE9', vendorName: 'Tidewater Cable' }]);
    renderRoutes(routes, '/orders?vendor=VE9');
    await screen.findByRole('table', { name: 'Orders' });
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Vendor' });
    await waitFor(() => {
      expect(within(select).getByRole<HTMLOptionElement>('option', { name: 'Tidewater Cable' }).selected).toBe(true);
    });
    expect(select.value).toBe('VE9');
  });

  it('offers a search box when the vendors do not fit one page, and asks the server for the typed name', async () => {
    recordOrders();
    const asked: (string | null)[] = [];
    mswServer.use(
      getListVendorsMockHandler(({ request }) => {
        const q = new URL(request.url).searchParams.get('q');
        asked.push(q);
        return q === 'tide'
          ? { vendors: [vendor('VE9', 'Tidewater Cable')], page: noPage }
          : { vendors: VENDORS, page: { previousPageToken: null, nextPageToken: 'more' } };
      }),
    );
    const { router } = renderRoutes(routes, '/orders');
    const find = await screen.findByRole('searchbox', { name: 'Find vendor' });
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Vendor' });
    expect(select.getAttribute('aria-describedby')).toBeTruthy();
    await userEvent.type(find, 'tide');
    await waitFor(() => {
      expect(
        within(select)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['All vendors', 'Tidewater Cable']);
    });
    expect(asked).toEqual([null, 'tide']);
    await userEvent.selectOptions(select, 'Tidewater Cable');
    await waitFor(() => {
      expect(router.state.location.search).toBe('?vendor=VE9');
    });
  });

  it('says when the vendors cannot be loaded, and retries', async () => {
    recordOrders();
    let fail = true;
    mswServer.use(
      http.get('*/v1/vendors', () =>
        fail
          ? HttpResponse.json({ code: 'unavailable', message: 'Vendors are resting.' }, { status: 503 })
          : HttpResponse.json({ vendors: VENDORS, page: noPage }),
      ),
    );
    renderRoutes(routes, '/orders');
    const alert = await screen.findByText(/Could not load vendors/);
    expect(alert.textContent).toContain('Vendors are resting.');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('option', { name: 'Voltaris Components' })).toBeTruthy();
    expect(screen.queryByText(/Could not load vendors/)).toBeNull();
  });
});

describe('OrdersPage column order', () => {
  // Header names without the sort arrows, which are hidden from assistive technology.
  const headers = (table: HTMLElement) =>
    within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent.replace(/[↕▲▼]/g, ''));

  beforeEach(() => {
    mswServer.use(getListOrdersMockHandler({ orders: [order(2)], page: noPage }));
  });

  it('shows the columns in the URL order, dropping unknown ids and appending missing ones', async () => {
    const { router } = renderRoutes(routes, '/orders?cols=vendor,bogus,title,vendor&hide=items');
    const table = await screen.findByRole('table', { name: 'Orders' });
    expect(headers(table)).toEqual(['Vendor', 'Title', 'Order', 'Next due', 'Confirmed', 'Open flags', 'Created']);
    // The cells follow their headers.
    const cells = within(within(table).getAllByRole('row')[1]).getAllByRole('cell');
    expect(cells.slice(0, 3).map((c) => c.textContent)).toEqual(['Vendor 2', 'Order title 2', 'PO-1002']);
    // A menu change writes the cleaned order, not the raw one.
    await userEvent.click(screen.getByText('Columns'));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Items' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe(
        `?cols=${encodeURIComponent('vendor,title,uniqueName,items,nextDue,confirmed,flags,created')}`,
      );
    });
  });

  it('moves columns with buttons, keeps the order in the URL, and keeps focus on the moved column', async () => {
    const { router } = renderRoutes(routes, '/orders?sort=nextDueDate');
    const table = await screen.findByRole('table', { name: 'Orders' });
    expect(headers(table).slice(0, 3)).toEqual(['Order', 'Title', 'Vendor']);
    await userEvent.click(screen.getByText('Columns'));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move Order left' }).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Move Vendor left' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe(
        `?sort=nextDueDate&cols=${encodeURIComponent('uniqueName,vendor,title,items,nextDue,confirmed,flags,created')}`,
      );
    });
    expect(headers(table).slice(0, 3)).toEqual(['Order', 'Vendor', 'Title']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Vendor left' }));
    expect(screen.getByText('Vendor moved to position 2 of 8.')).toBeTruthy();

    // At the first place its "left" button is disabled: focus moves to "right".
    await userEvent.keyboard('{Enter}');
    await waitFor(() => {
      expect(headers(table).slice(0, 2)).toEqual(['Vendor', 'Order']);
    });
    const right = screen.getByRole('button', { name: 'Move Vendor right' });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move Vendor left' }).disabled).toBe(true);
    expect(document.activeElement).toBe(right);

    // Back to the default order: the parameter leaves the URL.
    await userEvent.click(right);
    await userEvent.click(screen.getByRole('button', { name: 'Move Vendor right' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?sort=nextDueDate');
    });
    expect(headers(table).slice(0, 3)).toEqual(['Order', 'Title', 'Vendor']);
  });
});

describe('OrdersPage next actions and saved views', () => {
  it('links to a new order from the header', async () => {
    mswServer.use(getListOrdersMockHandler({ orders: [order(1)], page: noPage }));
    renderRoutes(routes, '/orders');
    await screen.findByRole('table', { name: 'Orders' });
    expect(screen.getByRole('link', { name: 'New order' }).getAttribute('href')).toBe('/orders/new');
  });

  it('clears only the filters when nothing matches, keeping sort and columns', async () => {
    mswServer.use(getListOrdersMockHandler({ orders: [], page: noPage }));
    const { router } = renderRoutes(routes, '/orders?q=zzz&vendor=VE1&flagged=1&sort=uniqueName&hide=title');
    expect(await screen.findByText('No orders match these filters.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'create an order' }).getAttribute('href')).toBe('/orders/new');
    await userEvent.click(screen.getByRole('link', { name: 'Clear the filters' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?sort=uniqueName&hide=title');
    });
    expect(screen.getByLabelText<HTMLInputElement>('Search').value).toBe('');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Vendor' }).value).toBe('');
  });

  it('applies a saved view through the URL and saves the current view as its query', async () => {
    const seen: URLSearchParams[] = [];
    mswServer.use(
      getListOrdersMockHandler(({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return getListOrdersResponseMock({ orders: [order(1)], page: noPage });
      }),
    );
    const saved: SavedView = {
      sid: 'SV1',
      created: '2026-11-02T09:30:00Z',
      updated: '2026-11-02T09:30:00Z',
      page: 'orders',
      name: 'Brightline flagged',
      // Saved by an older version: a dropped column id and an unknown parameter are cleaned on the way in.
      search: 'vendor=VE1&flagged=1&cols=title,gone&extra=1',
    };
    const listed: (string | null)[] = [];
    let body: unknown;
    mswServer.use(
      getListSavedViewsMockHandler(({ request }) => {
        listed.push(new URL(request.url).searchParams.get('page'));
        return { savedViews: [saved], page: noPage };
      }),
      getCreateSavedViewMockHandler(async ({ request }) => {
        body = await request.json();
        return { ...saved, sid: 'SV2', name: 'Mine', search: 'confirmed=no' };
      }),
    );
    const { router } = renderRoutes(routes, '/orders');
    await screen.findByRole('table', { name: 'Orders' });
    await userEvent.click(await screen.findByRole('button', { name: 'Apply Brightline flagged' }));
    const cols = 'title,uniqueName,vendor,items,nextDue,confirmed,flags,created';
    await waitFor(() => {
      expect(router.state.location.search).toBe(`?vendor=VE1&flagged=1&cols=${encodeURIComponent(cols)}`);
    });
    await waitFor(() => {
      expect(Object.fromEntries(seen[seen.length - 1])).toMatchObject({ vendorSid: 'VE1', hasOpenFlags: 'true' });
    });
    expect(screen.getByLabelText<HTMLInputElement>('Only with open flags').checked).toBe(true);
    expect(listed.every((p) => p === 'orders')).toBe(true);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Confirmed' }), 'no');
    await userEvent.type(screen.getByLabelText('Name for the current view'), 'Mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    await waitFor(() => {
      expect(body).toEqual({
        page: 'orders',
        name: 'Mine',
        search: `vendor=VE1&confirmed=no&flagged=1&cols=${encodeURIComponent(cols)}`,
      });
    });
  });
});
