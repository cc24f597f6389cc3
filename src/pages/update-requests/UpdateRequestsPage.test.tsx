import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getGetOrderMockHandler, getGetOrderResponseMock } from '../../api/generated/hooks/orders/orders.msw';
import { getListUpdateRequestsMockHandler } from '../../api/generated/hooks/update-requests/update-requests.msw';
import { getListUsersMockHandler } from '../../api/generated/hooks/users/users.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type {
  RequestUpdatesNowRequest,
  RequestUpdatesNowResult,
  UpdateRequest,
  User,
  Vendor,
} from '../../api/generated/model';
import { Toaster } from '../../components/toast';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import UpdateRequestsPage from './UpdateRequestsPage';

const routes = [
  {
    path: '/update-requests',
    Component: () => (
      <>
        <UpdateRequestsPage />
        <Toaster />
      </>
    ),
  },
];

const noPage = { previousPageToken: null, nextPageToken: null };

function vendor(sid: string, name: string): Vendor {
  return { sid, name, email: null, created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z' };
}
const VENDORS = [vendor('VE1', 'Brightline Electronics'), vendor('VE2', 'Voltaris')];

const ADA: User = {
  sid: 'US1',
  created: '2026-01-01T00:00:00Z',
  updated: '2026-01-01T00:00:00Z',
  email: 'ada.buyer@northwind.example',
  organizationSid: 'OGdemo',
  firstName: 'Ada',
  lastName: 'Buyer',
  phoneNumber: null,
  employee: true,
  password: true,
  role: 'buyer',
  deactivated: null,
};

const line = (n: number, kind: 'request' | 'reminder' = 'request') => ({
  itemGroupSid: `IG${String(n)}`,
  kind,
  dueAt: '2026-11-02T08:00:00Z',
});

function updateRequest(n: number, changes: Partial<UpdateRequest> = {}): UpdateRequest {
  return {
    sid: `UR${String(n)}`,
    created: `2026-11-0${String(n)}T09:30:00Z`,
    updated: `2026-11-0${String(n)}T09:30:00Z`,
    orderSid: `OR${String(n)}`,
    orderUniqueName: `PO-100${String(n)}`,
    vendorSid: 'VE2',
    vendorName: 'Voltaris',
    status: 'sent',
    skipReason: null,
    recipients: ['sales@voltaris.example', 'ops@voltaris.example'],
    requestedBy: null,
    answered: null,
    lines: [line(1), line(2, 'reminder')],
    itemGroupSid: null,
    organizationSid: 'OGdemo',
    note: null,
    ...changes,
  };
}

const REQUESTS = [
  updateRequest(3, {
    status: 'skipped',
    vendorSid: 'VE1',
    vendorName: 'Brightline Electronics',
    recipients: [],
    skipReason: 'No one to ask at Brightline Electronics: the vendor has no contact.',
    lines: [line(5)],
  }),
  updateRequest(2, { status: 'answered', answered: '2026-11-04T10:15:00Z', requestedBy: 'US1', lines: [line(3)] }),
  updateRequest(1),
];

/** The list over `requests`, filtered as the API does; it keeps every query string and request-now body. */
function serve(requests: UpdateRequest[], result?: RequestUpdatesNowResult) {
  const state = { lists: [] as URLSearchParams[], now: [] as RequestUpdatesNowRequest[] };
  mswServer.use(
    getListVendorsMockHandler({ vendors: VENDORS, page: noPage }),
    getListUsersMockHandler({ users: [ADA], page: noPage }),
    getListUpdateRequestsMockHandler(({ request }) => {
      const params = new URL(request.url).searchParams;
      state.lists.push(params);
      const found = requests.filter(
        (r) =>
          (!params.get('status') || r.status === params.get('status')) &&
          (!params.get('vendorSid') || r.vendorSid === params.get('vendorSid')) &&
          (!params.get('orderSid') || r.orderSid === params.get('orderSid')),
      );
      return { updateRequests: found, page: noPage };
    }),
    http.post('*/v1/updateRequests/now', async ({ request }) => {
      state.now.push((await request.json()) as RequestUpdatesNowRequest);
      return HttpResponse.json(result ?? { updateRequests: [], lineCount: 0 });
    }),
  );
  return state;
}

async function bodyRows() {
  const table = await screen.findByRole('table', { name: 'Update requests' });
  return within(table).getAllByRole('row').slice(1);
}

describe('UpdateRequestsPage', () => {
  it('lists the requests, newest first, with order, recipients or skip reason, lines, status and who asked', async () => {
    const server = serve(REQUESTS);
    renderRoutes(routes, '/update-requests');
    const rows = await bodyRows();
    expect(rows).toHaveLength(3);
    expect(Object.fromEntries(server.lists[0])).toEqual({ sortOrder: 'Desc', pageSize: '50' });

    const [skipped, answered, sent] = rows;
    // Skipped: the reason stands where the recipients would.
    expect(
      within(skipped).getByText('No one to ask at Brightline Electronics: the vendor has no contact.'),
    ).toBeTruthy();
    expect(within(skipped).getByText('Skipped')).toBeTruthy();
    expect(within(skipped).getByText('1 line')).toBeTruthy();

    expect(within(answered).getByText(/^Answered 4 Nov 2026, \d\d:15$/)).toBeTruthy();
    expect(within(answered).getByText('Ada Buyer')).toBeTruthy();

    expect(within(sent).getByRole('link', { name: 'PO-1001' }).getAttribute('href')).toBe('/orders/OR1');
    expect(within(sent).getByText('Voltaris')).toBeTruthy();
    expect(within(sent).getByText('sales@voltaris.example, ops@voltaris.example')).toBeTruthy();
    expect(within(sent).getByRole('link', { name: 'See emails about PO-1001' }).getAttribute('href')).toBe(
      '/mailbox?updateRequest=UR1',
    );
    expect(within(skipped).queryByRole('link', { name: /^See email/ })).toBeNull();
    expect(within(sent).getByText('2 lines, 1 reminder')).toBeTruthy();
    expect(within(sent).getByText('Sent')).toBeTruthy();
    expect(within(sent).getByText('Automation')).toBeTruthy();
    expect(within(sent).getByText(/^1 Nov 2026, \d\d:30$/)).toBeTruthy();
    // On phones the rows stack as cards: each value is headed by its column's name (generated from data-label).
    expect(
      within(sent)
        .getAllByRole('cell')
        .map((c) => c.dataset.label ?? null),
    ).toEqual(['Sent', 'Order', 'Vendor', 'To', 'Lines', 'Status', 'By', 'Actions']);
  });

  it('sends the filters from the URL, and keeps changed filters in the URL', async () => {
    const server = serve(REQUESTS);
    mswServer.use(getGetOrderMockHandler(getGetOrderResponseMock({ sid: 'OR1', uniqueName: 'PO-1001' })));
    const { router } = renderRoutes(routes, '/update-requests?status=sent&vendor=VE2&orderSid=OR1');
    expect(await bodyRows()).toHaveLength(1);
    expect(Object.fromEntries(server.lists[0])).toEqual({
      status: 'sent',
      vendorSid: 'VE2',
      orderSid: 'OR1',
      sortOrder: 'Desc',
      pageSize: '50',
    });
    expect(screen.getByLabelText<HTMLSelectElement>('Status').value).toBe('sent');
    await waitFor(() => {
      expect(screen.getByLabelText<HTMLSelectElement>('Vendor').value).toBe('VE2');
    });
    expect(screen.getByText(/^Only order/).closest('p')?.textContent).toContain('Only order PO-1001');

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Skipped');
    await userEvent.selectOptions(screen.getByLabelText('Vendor'), 'Brightline Electronics');
    await userEvent.click(screen.getByRole('button', { name: 'Clear order' }));
    expect(router.state.location.search).toBe('?status=skipped&vendor=VE1');
    await waitFor(() => {
      expect(Object.fromEntries(server.lists.at(-1)!)).toEqual({
        status: 'skipped',
        vendorSid: 'VE1',
        sortOrder: 'Desc',
        pageSize: '50',
      });
    });
    await waitFor(async () => {
      expect(await bodyRows()).toHaveLength(1);
    });

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Expired');
    expect(await screen.findByText('No update requests match these filters.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(router.state.location.search).toBe('');
    await waitFor(async () => {
      expect(await bodyRows()).toHaveLength(3);
    });
  });

  it('asks again about one order from its row, after confirming, and tells what went out', async () => {
    const server = serve(REQUESTS, {
      updateRequests: [updateRequest(4, { orderSid: 'OR1', lines: [line(1), line(2), line(3)] }), updateRequest(5)],
      lineCount: 5,
    });
    renderRoutes(routes, '/update-requests');
    const rows = await bodyRows();
    expect(server.lists).toHaveLength(1);
    await userEvent.click(within(rows[2]).getByRole('button', { name: 'Ask again now about PO-1001' }));
    const dialog = screen.getByRole('dialog', { name: 'Request an update now?' });
    expect(dialog.textContent).toContain('Email Voltaris now about the open lines of PO-1001');
    // Nothing is sent before the confirmation.
    expect(server.now).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask now' }));

    expect(await screen.findByText('Asked Voltaris about 5 lines in 2 requests')).toBeTruthy();
    expect(server.now).toEqual([{ orderSid: 'OR1' }]);
    expect((dialog as HTMLDialogElement).open).toBe(false);
    // The list is asked for again.
    await waitFor(() => {
      expect(server.lists.length).toBeGreaterThan(1);
    });
  });

  it('tells the skip reason when nothing could be sent', async () => {
    const reason = 'No one to ask at Brightline Electronics: the vendor has no contact.';
    const server = serve(REQUESTS, { updateRequests: [REQUESTS[0]], lineCount: 1 });
    renderRoutes(routes, '/update-requests');
    const rows = await bodyRows();
    await userEvent.click(within(rows[0]).getByRole('button', { name: 'Ask again now about PO-1003' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Request an update now?' })).getByRole('button', { name: 'Ask now' }),
    );
    await waitFor(() => {
      expect(screen.getAllByText(reason)).toHaveLength(2);
    });
    expect(server.now).toEqual([{ orderSid: 'OR3' }]);
  });

  it('asks a filtered vendor about all its open lines', async () => {
    const server = serve(REQUESTS, {
      updateRequests: [updateRequest(6, { lines: [line(1)] })],
      lineCount: 1,
    });
    renderRoutes(routes, '/update-requests?vendor=VE2');
    await bodyRows();
    const ask = await screen.findByRole('button', { name: 'Ask Voltaris now about all open lines' });
    await userEvent.click(ask);
    const dialog = screen.getByRole('dialog', { name: 'Request an update now?' });
    expect(dialog.textContent).toContain('Email Voltaris now about all of its open lines');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask now' }));
    expect(await screen.findByText('Asked Voltaris about 1 line in 1 request')).toBeTruthy();
    expect(server.now).toEqual([{ vendorSid: 'VE2' }]);
  });

  it('keeps the dialog open with the reason when the request fails', async () => {
    const server = serve(REQUESTS);
    mswServer.use(
      http.post('*/v1/updateRequests/now', () =>
        HttpResponse.json({ code: 'conflict', message: 'The engine is already running.' }, { status: 409 }),
      ),
    );
    renderRoutes(routes, '/update-requests');
    const rows = await bodyRows();
    await userEvent.click(within(rows[2]).getByRole('button', { name: 'Ask again now about PO-1001' }));
    const dialog = screen.getByRole('dialog', { name: 'Request an update now?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask now' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Nothing was sent: The engine is already running.',
    );
    expect((dialog as HTMLDialogElement).open).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((dialog as HTMLDialogElement).open).toBe(false);
    expect(server.now).toEqual([]);
  });

  it('says when the engine has sent nothing yet', async () => {
    serve([]);
    renderRoutes(routes, '/update-requests');
    expect(await screen.findByText(/^No update requests yet/)).toBeTruthy();
  });

  it('says when the list could not be loaded', async () => {
    serve(REQUESTS);
    mswServer.use(
      http.get('*/v1/updateRequests', () =>
        HttpResponse.json({ code: 'forbidden', message: 'Staff only.' }, { status: 403 }),
      ),
    );
    renderRoutes(routes, '/update-requests');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load update requests.');
    expect(alert.textContent).toContain('Staff only.');
  });
});
