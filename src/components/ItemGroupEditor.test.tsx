import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { UpdateItemGroupRequest } from '../api/generated/model';
import { mswServer } from '../test/setup';
import { renderRoutes } from '../test/render';
import { itemGroup } from '../test/records';
import { ShipmentDialog } from './ItemGroupEditor';

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
