import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getCountFlagsMockHandler } from '../../api/generated/hooks/flag-triage/flag-triage.msw';
import { getListFlagsMockHandler } from '../../api/generated/hooks/flags/flags.msw';
import { getGetOrderMockHandler, getGetOrderResponseMock } from '../../api/generated/hooks/orders/orders.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type { BulkUpdateFlagsRequest, Flag, FlagCounts, FlagType, Vendor } from '../../api/generated/model';
import { Toaster } from '../../components/toast';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import FlagsPage from './FlagsPage';

const routes = [
  {
    path: '/flags',
    Component: () => (
      <>
        <FlagsPage />
        <Toaster />
      </>
    ),
  },
];

const noPage = { previousPageToken: null, nextPageToken: null };

function vendor(sid: string, name: string): Vendor {
  return { sid, name, email: null, created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z' };
}
const VENDORS = [vendor('VE1', 'Brightline Electronics'), vendor('VE2', 'Voltaris Components')];

function flag(n: number, overrides: Partial<Flag> = {}): Flag {
  return {
    sid: `FL${String(n).padStart(28, '0')}`,
    created: `2026-11-0${String(n)}T09:30:00Z`,
    updated: `2026-11-0${String(n)}T09:30:00Z`,
    type: 'pastDue',
    status: 'open',
    message: `Shipment ${String(n)} is past its due date`,
    note: null,
    resolved: null,
    dismissed: null,
    cause: null,
    eventSid: null,
    orderSid: `OR${String(n)}`,
    orderUniqueName: `PO-${String(1000 + n)}`,
    itemSid: `IT${String(n)}`,
    itemUniqueName: String(n * 10),
    itemGroupSid: `IG${String(n)}`,
    itemGroupUniqueName: `S-${String(n)}`,
    vendorSid: 'VE1',
    vendorName: 'Brightline Electronics',
    dueDate: '2026-10-30',
    ...overrides,
  };
}

/**
 * A small server over `flags`: the list and the counts filter them as the API
 * does, and the bulk update changes them (or answers `bulkError`). It keeps
 * every query string and body it received.
 */
function serve(initial: Flag[]) {
  const state = {
    flags: initial,
    lists: [] as URLSearchParams[],
    counts: [] as URLSearchParams[],
    bulk: [] as BulkUpdateFlagsRequest[],
    bulkError: null as null | { status: number; code: string; message: string },
  };
  const matching = (params: URLSearchParams) =>
    state.flags.filter(
      (f) =>
        (!params.get('status') || f.status === params.get('status')) &&
        (!params.get('vendorSid') || f.vendorSid === params.get('vendorSid')) &&
        (!params.get('orderSid') || f.orderSid === params.get('orderSid')),
    );
  mswServer.use(
    getListVendorsMockHandler({ vendors: VENDORS, page: noPage }),
    getCountFlagsMockHandler(({ request }) => {
      const params = new URL(request.url).searchParams;
      state.counts.push(params);
      const found = matching(params);
      const of = (type: FlagType) => found.filter((f) => f.type === type).length;
      const counts: FlagCounts = {
        total: found.length,
        byType: {
          newDelay: of('newDelay'),
          pastDue: of('pastDue'),
          unresponsiveVendor: of('unresponsiveVendor'),
          cannotSupply: of('cannotSupply'),
          directReply: of('directReply'),
        },
      };
      return counts;
    }),
    getListFlagsMockHandler(({ request }) => {
      const params = new URL(request.url).searchParams;
      state.lists.push(params);
      const type = params.get('flag');
      const flags = matching(params).filter((f) => !type || f.type === type);
      return { flags, page: noPage };
    }),
    http.post('*/v1/flags/bulkUpdate', async ({ request }) => {
      const body = (await request.json()) as BulkUpdateFlagsRequest;
      state.bulk.push(body);
      if (state.bulkError) {
        const { status, ...error } = state.bulkError;
        return HttpResponse.json(error, { status });
      }
      const at = '2026-11-20T08:00:00Z';
      const changed = state.flags
        .filter((f) => body.sids.includes(f.sid))
        .map((f) => ({
          ...f,
          status: body.status,
          note: body.note ?? null,
          resolved: body.status === 'resolved' ? at : null,
          dismissed: body.status === 'dismissed' ? at : null,
        }));
      state.flags = state.flags.map((f) => changed.find((c) => c.sid === f.sid) ?? f);
      return HttpResponse.json({ flags: changed });
    }),
  );
  return state;
}

const FLAGS = [
  flag(1),
  flag(2, { type: 'newDelay', message: 'The vendor moved the ship date by 9 days' }),
  flag(3, { type: 'unresponsiveVendor', vendorSid: 'VE2', vendorName: 'Voltaris Components' }),
  flag(4),
];

async function table(name = 'Open flags') {
  return screen.findByRole('table', { name });
}

/** The table's body rows (the header row left out). */
function bodyRows(t: HTMLElement) {
  return within(t).getAllByRole('row').slice(1);
}

describe('FlagsPage', () => {
  it('shows the open flags, newest first, with their lines linked', async () => {
    const server = serve(FLAGS);
    renderRoutes(routes, '/flags');
    expect(await screen.findByText('Loading flags…')).toBeTruthy();
    const t = await table();
    expect(bodyRows(t)).toHaveLength(4);
    expect(Object.fromEntries(server.lists[0])).toEqual({ status: 'open', sortOrder: 'Desc', pageSize: '50' });
    expect(Object.fromEntries(server.counts[0])).toEqual({ status: 'open' });

    const row = bodyRows(t)[1];
    expect(within(row).getByText('New delay')).toBeTruthy();
    expect(within(row).getByText('The vendor moved the ship date by 9 days')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'PO-1002' }).getAttribute('href')).toBe('/orders/OR2');
    expect(within(row).getByRole('link', { name: 'Item 20' }).getAttribute('href')).toBe('/items/IT2');
    expect(within(row).getByText('Shipment S-2')).toBeTruthy();
    expect(within(row).getByText('Brightline Electronics')).toBeTruthy();
    expect(within(row).getByText('30 Oct 2026')).toBeTruthy();
    expect(within(row).getByText(/^2 Nov 2026, \d\d:30$/)).toBeTruthy();
    expect(within(row).getByText('Open')).toBeTruthy();
    expect(
      within(row).getByRole('button', { name: 'Resolve New delay flag on PO-1002, item 20, shipment S-2' }),
    ).toBeTruthy();
    expect(within(row).getByRole('button', { name: /^Dismiss New delay flag/ })).toBeTruthy();
    // On phones the rows stack as cards: each value is headed by its column's name (generated from data-label); the
    // flag's kind heads the card, and its actions close it.
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.dataset.label ?? null),
    ).toEqual([null, 'Detail', 'Line', 'Vendor', 'Due', 'Raised', 'Status', null]);
  });

  it('loads the next page on request, and "select all" takes every row shown', async () => {
    const seen: (string | null)[] = [];
    serve(FLAGS);
    mswServer.use(
      getListFlagsMockHandler(({ request }) => {
        const token = new URL(request.url).searchParams.get('pageToken');
        seen.push(token);
        return token === 'page-2'
          ? { flags: FLAGS.slice(2), page: { previousPageToken: 'page-1', nextPageToken: null } }
          : { flags: FLAGS.slice(0, 2), page: { previousPageToken: null, nextPageToken: 'page-2' } };
      }),
    );
    renderRoutes(routes, '/flags');
    const t = await table();
    expect(bodyRows(t)).toHaveLength(2);
    expect(await screen.findByText('Showing 2 of 4')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(bodyRows(t)).toHaveLength(4);
    });
    expect(seen).toEqual([null, 'page-2']);
    expect(screen.getByText('Showing 4 of 4')).toBeTruthy();
    await userEvent.click(within(t).getByRole('checkbox', { name: 'Select all shown flags' }));
    expect(screen.getByText('4 flags selected')).toBeTruthy();
    await userEvent.click(within(t).getByRole('checkbox', { name: 'Select all shown flags' }));
    expect(screen.queryByRole('region', { name: 'Selected flags' })).toBeNull();
  });

  it('counts each type and filters the list by the type chosen', async () => {
    const server = serve(FLAGS);
    const { router } = renderRoutes(routes, '/flags');
    await table();
    const counts = screen.getByRole('group', { name: /^Type of flag/ });
    const all = await within(counts).findByRole('button', { name: 'All types 4' });
    expect(all.getAttribute('aria-pressed')).toBe('true');
    expect(within(counts).getByRole('button', { name: 'New delay 1' })).toBeTruthy();
    expect(within(counts).getByRole('button', { name: 'Unresponsive vendor 1' })).toBeTruthy();
    expect(within(counts).getByRole('button', { name: 'Direct reply 0' })).toBeTruthy();
    const pastDue = within(counts).getByRole('button', { name: 'Past due 2' });
    expect(pastDue.getAttribute('aria-pressed')).toBe('false');

    await userEvent.click(pastDue);
    expect(pastDue.getAttribute('aria-pressed')).toBe('true');
    expect(all.getAttribute('aria-pressed')).toBe('false');
    expect(router.state.location.search).toBe('?type=pastDue');
    await waitFor(() => {
      expect(bodyRows(screen.getByRole('table', { name: 'Open flags' }))).toHaveLength(2);
    });
    expect(server.lists.at(-1)?.get('flag')).toBe('pastDue');
    expect(screen.getAllByText('Past due', { selector: 'td span' })).toHaveLength(2);

    // Chosen again, the type filter goes: every type is listed.
    await userEvent.click(pastDue);
    expect(router.state.location.search).toBe('');
    await waitFor(() => {
      expect(bodyRows(screen.getByRole('table', { name: 'Open flags' }))).toHaveLength(4);
    });
  });

  it('reads the filters from the URL, sends them, and keeps changes in the URL', async () => {
    const server = serve([
      flag(1, { status: 'resolved', note: 'Vendor confirmed by phone', resolved: '2026-11-10T10:00:00Z' }),
      flag(2),
    ]);
    mswServer.use(getGetOrderMockHandler(getGetOrderResponseMock({ sid: 'OR1', uniqueName: 'PO-1001' })));
    const before = Date.now();
    const { router } = renderRoutes(routes, '/flags?status=resolved&vendor=VE1&orderSid=OR1&age=7&sort=oldest');
    const t = await table('Resolved flags');
    const sent = Object.fromEntries(server.lists[0]);
    expect(sent).toMatchObject({
      status: 'resolved',
      vendorSid: 'VE1',
      orderSid: 'OR1',
      sortOrder: 'Asc',
      pageSize: '50',
    });
    // Older than a week: raised before now minus 7 days.
    const week = 7 * 24 * 60 * 60 * 1000;
    const raisedBefore = Date.parse(sent.raisedBefore);
    expect(raisedBefore).toBeGreaterThanOrEqual(before - week - 1000);
    expect(raisedBefore).toBeLessThanOrEqual(Date.now() - week);
    expect(Object.fromEntries(server.counts[0])).toEqual({ status: 'resolved', vendorSid: 'VE1', orderSid: 'OR1' });

    // The controls show the view; the order filter names its order.
    expect(screen.getByLabelText<HTMLSelectElement>('Status').value).toBe('resolved');
    expect(screen.getByLabelText<HTMLSelectElement>('Age').value).toBe('7');
    expect(screen.getByLabelText<HTMLSelectElement>('Sort').value).toBe('oldest');
    await waitFor(() => {
      expect(screen.getByLabelText<HTMLSelectElement>('Vendor').value).toBe('VE1');
    });
    const onlyOrder = screen.getByText(/^Only order/).closest('p')!;
    expect(onlyOrder.textContent).toContain('Only order PO-1001');
    expect(within(onlyOrder).getByRole('link', { name: 'PO-1001' }).getAttribute('href')).toBe('/orders/OR1');
    expect(screen.getByText('The counts are of resolved flags of every age.')).toBeTruthy();
    // A resolved flag says when and why, and offers to reopen it.
    const row = bodyRows(t)[0];
    expect(within(row).getByText('Resolved')).toBeTruthy();
    expect(within(row).getByText(/^10 Nov 2026/)).toBeTruthy();
    expect(within(row).getByText('Vendor confirmed by phone')).toBeTruthy();
    expect(within(row).getByRole('button', { name: /^Reopen Past due flag/ })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /^Resolve/ })).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText('Vendor'), 'Voltaris Components');
    expect(router.state.location.search).toBe('?status=resolved&vendor=VE2&orderSid=OR1&age=7&sort=oldest');
    await waitFor(() => {
      expect(server.lists.at(-1)?.get('vendorSid')).toBe('VE2');
    });
    expect(server.counts.at(-1)?.get('vendorSid')).toBe('VE2');
    // No flag of this vendor on the order: the order is still named.
    expect(await screen.findByText('No flags match these filters.')).toBeTruthy();
    expect(onlyOrder.textContent).toContain('Only order PO-1001');

    await userEvent.selectOptions(screen.getByLabelText('Age'), 'Older than 30 days');
    await userEvent.selectOptions(screen.getByLabelText('Sort'), 'Newest first');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Open');
    await userEvent.click(screen.getByRole('button', { name: 'Clear order' }));
    expect(router.state.location.search).toBe('?vendor=VE2&age=30');
    await waitFor(() => {
      expect(Object.fromEntries(server.lists.at(-1)!)).toMatchObject({
        status: 'open',
        vendorSid: 'VE2',
        sortOrder: 'Desc',
      });
    });
    const last = server.lists.at(-1)!;
    expect(last.get('orderSid')).toBeNull();
    expect(Date.parse(last.get('raisedBefore') ?? '')).toBeLessThanOrEqual(Date.now() - 30 * 24 * 60 * 60 * 1000);

    await userEvent.selectOptions(screen.getByLabelText('Age'), 'Any age');
    expect(router.state.location.search).toBe('?vendor=VE2');
    await waitFor(() => {
      expect(server.lists.at(-1)?.get('raisedBefore')).toBeNull();
    });
  });

  it('resolves the selected flags with a note: they leave the open list and the counts follow', async () => {
    const server = serve(FLAGS);
    renderRoutes(routes, '/flags');
    const t = await table();
    await screen.findByRole('button', { name: 'All types 4' });
    await userEvent.click(within(t).getByRole('checkbox', { name: /^Select Past due flag on PO-1001/ }));
    await userEvent.click(within(t).getByRole('checkbox', { name: /^Select New delay flag on PO-1002/ }));
    const selection = screen.getByRole('region', { name: 'Selected flags' });
    expect(within(selection).getByText('2 flags selected')).toBeTruthy();
    expect(within(t).getByRole<HTMLInputElement>('checkbox', { name: 'Select all shown flags' }).indeterminate).toBe(
      true,
    );

    const resolve = within(selection).getByRole('button', { name: 'Resolve selected' });
    await userEvent.click(resolve);
    const dialog = screen.getByRole('dialog', { name: 'Resolve 2 flags?' });
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(dialog.textContent).toContain('Past due: PO-1001, item 10, shipment S-1 (Brightline Electronics)');
    const note = within(dialog).getByLabelText('Note (optional)');
    expect(document.activeElement).toBe(note);
    await userEvent.type(note, 'Vendor confirmed the new dates by phone');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resolve 2 flags' }));

    await waitFor(() => {
      expect((dialog as HTMLDialogElement).open).toBe(false);
    });
    expect(server.bulk).toEqual([
      { sids: [FLAGS[0].sid, FLAGS[1].sid], status: 'resolved', note: 'Vendor confirmed the new dates by phone' },
    ]);
    expect(await screen.findByText('2 flags resolved')).toBeTruthy();
    await waitFor(() => {
      expect(bodyRows(screen.getByRole('table', { name: 'Open flags' }))).toHaveLength(2);
    });
    expect(screen.queryByText('PO-1001')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Selected flags' })).toBeNull();
    expect(await screen.findByRole('button', { name: 'All types 2' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Past due 1' })).toBeTruthy();
    // The button that opened the dialog went with the selection: the focus is on the list's heading.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Open flags' }));
  });

  it('dismisses one flag from its row, and reopens it from the dismissed flags', async () => {
    const server = serve(FLAGS);
    const { router } = renderRoutes(routes, '/flags');
    const t = await table();
    await userEvent.click(within(t).getByRole('button', { name: /^Dismiss Unresponsive vendor flag on PO-1003/ }));
    const dialog = screen.getByRole('dialog', { name: 'Dismiss 1 flag?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Dismiss 1 flag' }));
    expect(await screen.findByText('1 flag dismissed')).toBeTruthy();
    expect(server.bulk).toEqual([{ sids: [FLAGS[2].sid], status: 'dismissed', note: null }]);
    await waitFor(() => {
      expect(screen.queryByText('PO-1003')).toBeNull();
    });

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Dismissed');
    expect(router.state.location.search).toBe('?status=dismissed');
    const dismissed = await table('Dismissed flags');
    expect(bodyRows(dismissed)).toHaveLength(1);
    await userEvent.click(within(dismissed).getByRole('checkbox', { name: 'Select all shown flags' }));
    await userEvent.click(screen.getByRole('button', { name: 'Reopen selected' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Reopen 1 flag?' })).getByRole('button', { name: 'Reopen 1 flag' }),
    );
    expect(await screen.findByText('1 flag reopened')).toBeTruthy();
    expect(server.bulk.at(-1)).toEqual({ sids: [FLAGS[2].sid], status: 'open', note: null });
    expect(await screen.findByText('No dismissed flags.')).toBeTruthy();
  });

  it('says in the dialog why nothing changed, keeping the note, the selection and the rows', async () => {
    const server = serve(FLAGS);
    server.bulkError = { status: 409, code: 'conflict', message: 'One of these flags was changed by someone else.' };
    renderRoutes(routes, '/flags');
    const t = await table();
    await userEvent.click(within(t).getByRole('checkbox', { name: 'Select all shown flags' }));
    expect(screen.getByText('4 flags selected')).toBeTruthy();
    const resolve = screen.getByRole('button', { name: 'Resolve selected' });
    await userEvent.click(resolve);
    const dialog = screen.getByRole('dialog', { name: 'Resolve 4 flags?' });
    await userEvent.type(within(dialog).getByLabelText('Note (optional)'), 'Chased by email');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resolve 4 flags' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('Nothing was changed: One of these flags was changed by someone else.');
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(within(dialog).getByLabelText<HTMLTextAreaElement>('Note (optional)').value).toBe('Chased by email');
    expect(bodyRows(t)).toHaveLength(4);

    // Sent again once the server agrees, with the same note.
    server.bulkError = null;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resolve 4 flags' }));
    expect(await screen.findByText('4 flags resolved')).toBeTruthy();
    expect(server.bulk.map((b) => b.note)).toEqual(['Chased by email', 'Chased by email']);
    expect(await screen.findByText('No open flags: every vendor is on time and answering.')).toBeTruthy();
  });

  it('closes the dialog on Cancel, changing nothing, with the focus back on its button', async () => {
    const server = serve(FLAGS);
    renderRoutes(routes, '/flags');
    const t = await table();
    const resolve = within(t).getByRole('button', { name: /^Resolve Past due flag on PO-1004/ });
    await userEvent.click(resolve);
    const dialog = screen.getByRole('dialog', { name: 'Resolve 1 flag?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => {
      expect((dialog as HTMLDialogElement).open).toBe(false);
    });
    expect(document.activeElement).toBe(resolve);
    expect(server.bulk).toEqual([]);
  });

  it('says when there are no open flags, and when no flags match the filters', async () => {
    serve([]);
    const { router } = renderRoutes(routes, '/flags');
    expect(await screen.findByText('No open flags: every vendor is on time and answering.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();

    await userEvent.click(await screen.findByRole('button', { name: 'Past due 0' }));
    expect(await screen.findByText('No flags match these filters.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByText('No open flags: every vendor is on time and answering.')).toBeTruthy();
  });

  it('folds the filters beyond the status behind a button on a narrow screen, telling how many are set', async () => {
    serve(FLAGS);
    renderRoutes(routes, '/flags?vendor=VE1&age=3');
    await table();
    const button = screen.getByRole('button', { name: 'Filters (2 set)' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const panel = document.getElementById(button.getAttribute('aria-controls') ?? '')!;
    expect(panel.className.split(' ')).toEqual(expect.arrayContaining(['hidden', 'lg:contents']));
    expect(within(panel).getByLabelText('Vendor')).toBeTruthy();
    expect(within(panel).getByLabelText('Age')).toBeTruthy();
    await userEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(panel.className.split(' ')).not.toContain('hidden');
  });
});
