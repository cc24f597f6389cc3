import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateItemGroupRequest } from '../api/generated/model';
import { mswServer } from '../test/setup';
import { renderRoutes } from '../test/render';
import { itemGroup } from '../test/records';
import { dismissToasts } from '../test/toasts';
import { ItemGroupsTable, ShipmentDialog } from './ItemGroupEditor';
import { Toaster } from './toast';

const group = itemGroup;
const item = { sid: group.itemSid, orderSid: group.orderSid, uniqueName: 'LINE-1' };

function serve() {
  const theirs = { ...group, shipDate: '2026-11-27', version: 4 };
  const sent: UpdateItemGroupRequest[] = [];
  mswServer.use(
    http.patch('*/v1/itemGroups/:sid', async ({ request }) => {
      const body = (await request.json()) as UpdateItemGroupRequest;
      sent.push(body);
      if (body.version === 3) {
        return HttpResponse.json({ code: 'version_conflict', message: 'Changed.', current: theirs }, { status: 409 });
      }
      return HttpResponse.json({ ...theirs, ...body, version: 5 });
    }),
  );
  return sent;
}

async function editShipDate(onClose: () => void) {
  renderRoutes([{ path: '/', element: <ShipmentDialog open onClose={onClose} item={item} group={group} /> }], '/');
  const form = screen.getByRole('dialog', { name: 'Edit shipment S-1' });
  const ship = within(form).getByLabelText('Ship date');
  await userEvent.clear(ship);
  await userEvent.type(ship, '2026-12-04');
  await userEvent.click(within(form).getByRole('button', { name: 'Save shipment' }));
  return screen.findByRole('dialog', { name: 'Someone else changed this shipment' });
}

describe('the shipment form on a stale version', () => {
  it('shows both values and keeps mine on top of the new version', async () => {
    const sent = serve();
    const onClose = vi.fn();
    const conflict = await editShipDate(onClose);
    const row = within(conflict).getByRole('row', { name: /Ship date/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([expect.stringContaining('4'), expect.stringContaining('27')]);
    await userEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(sent.map((b) => [b.version, b.shipDate])).toEqual([
      [3, '2026-12-04'],
      [4, '2026-12-04'],
    ]);
  });

  it('takes theirs into the form without saving', async () => {
    const sent = serve();
    const conflict = await editShipDate(vi.fn());
    await userEvent.click(within(conflict).getByRole('button', { name: 'Take theirs' }));
    const form = screen.getByRole('dialog', { name: 'Edit shipment S-1' });
    expect(within(form).getByLabelText<HTMLInputElement>('Ship date').value).toBe('2026-11-27');
    expect(sent).toHaveLength(1);
  });
});

describe('the shipments table', () => {
  // Each test starts with no toasts, and leaves none of sonner's timers behind.
  afterEach(dismissToasts);

  const rows = [
    { ...group, sid: 'IG0000000000000000000000000011', uniqueName: 'S-open' },
    { ...group, sid: 'IG0000000000000000000000000012', uniqueName: 'S-delivered', delivered: true, confirmed: true },
    { ...group, sid: 'IG0000000000000000000000000013', uniqueName: 'S-canceled', status: 'canceled' as const },
    {
      ...group,
      sid: 'IG0000000000000000000000000014',
      uniqueName: 'S-promised',
      shipDate: null,
      confirmed: true,
      deliveryDate: '2026-12-01',
    },
    {
      ...group,
      sid: 'IG0000000000000000000000000015',
      uniqueName: 'S-refused',
      cannotSupply: true,
      cannotSupplyReason: 'Discontinued by the maker',
    },
  ];

  function renderTable() {
    renderRoutes(
      [
        {
          path: '/',
          element: (
            <>
              <ItemGroupsTable item={item} groups={rows} caption="Shipments of item LINE-1" />
              <Toaster />
            </>
          ),
        },
      ],
      '/',
    );
    return screen.getByRole('table', { name: 'Shipments of item LINE-1' });
  }

  it('offers Split only on shipments still to come, not delivered or canceled ones', () => {
    const table = renderTable();
    expect(within(table).getByRole('button', { name: 'Split S-open' })).toBeTruthy();
    expect(within(table).getByRole('button', { name: 'Split S-promised' })).toBeTruthy();
    expect(within(table).queryByRole('button', { name: 'Split S-delivered' })).toBeNull();
    expect(within(table).queryByRole('button', { name: 'Split S-canceled' })).toBeNull();
    // The other actions stay.
    expect(within(table).getByRole('button', { name: 'Edit S-delivered' })).toBeTruthy();
  });

  it("shows the vendor's cannot-supply answer with its reason in place of the confirmation", () => {
    const table = renderTable();
    const row = within(table)
      .getByRole('rowheader', { name: /S-refused/ })
      .closest('tr');
    expect(row?.textContent).toContain('Cannot supply: Discontinued by the maker');
    const open = within(table)
      .getByRole('rowheader', { name: /S-open/ })
      .closest('tr');
    expect(open?.textContent).not.toContain('Cannot supply');
  });

  it('shows the delivery date a confirmation recorded, and says so when confirming', async () => {
    const sent: UpdateItemGroupRequest[] = [];
    mswServer.use(
      http.patch('*/v1/itemGroups/:sid', async ({ request }) => {
        const body = (await request.json()) as UpdateItemGroupRequest;
        sent.push(body);
        return HttpResponse.json({
          ...rows[0],
          shipDate: null,
          confirmed: true,
          deliveryDate: '2026-12-01',
          version: 4,
        });
      }),
    );
    const table = renderTable();
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    const deliveryColumn = headers.indexOf('Delivery date');
    expect(deliveryColumn).toBeGreaterThan(headers.indexOf('Confirmed'));
    const promised = within(table).getByRole('row', { name: /S-promised/ });
    // Cells after the row header: the column index less one.
    expect(within(promised).getAllByRole('cell')[deliveryColumn - 1].textContent).toBe('1 Dec 2026');

    await userEvent.click(within(table).getByRole('button', { name: 'Confirm S-open' }));
    expect(await screen.findByText('Confirmed shipment S-open. Delivery date 1 Dec 2026 recorded.')).toBeTruthy();
    expect(sent).toEqual([{ confirmed: true, version: 3 }]);
  });
});
