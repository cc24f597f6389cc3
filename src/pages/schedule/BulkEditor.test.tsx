import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemGroup, ItemGroupBulkUpdate } from '../../api/generated/model';
import { Toaster } from '../../components/toast';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import { dismissToasts } from '../../test/toasts';
import { BulkEditor, type BulkOutcome } from './BulkEditor';

function group(n: number, overrides: Partial<ItemGroup> = {}): ItemGroup {
  return {
    sid: `IG${String(n).padStart(28, '0')}`,
    created: '2026-11-02T09:30:00Z',
    updated: '2026-11-02T09:30:00Z',
    itemSid: `IT${String(n).padStart(28, '0')}`,
    quantity: '10',
    dueDate: `2026-12-${String(n).padStart(2, '0')}`,
    shipDate: null,
    deliveryDate: null,
    shipped: false,
    delivered: false,
    trackingNumber: null,
    version: 1,
    lastUpdateDate: null,
    estimatedArrivalDate: null,
    uniqueName: null,
    orderSid: `OR${String(n).padStart(28, '0')}`,
    organizationSid: 'OGdemo',
    status: 'active',
    confirmed: false,
    cannotSupply: false,
    cannotSupplyReason: null,
    vendorChangedAt: null,
    context: {
      orderUniqueName: `PO-${String(n)}`,
      vendorSid: 'VEvoltaris',
      vendorName: 'Voltaris',
      itemUniqueName: '10',
      manufacturerPartNumber: `MPN-${String(n)}`,
      description: null,
      openFlagCount: 0,
      nextUpdateRequestAt: null,
      risk: null,
    },
    ...overrides,
  };
}

// Each test starts with no toasts, and leaves none of sonner's timers behind.
afterEach(dismissToasts);

const groups = (count: number, overrides: (n: number) => Partial<ItemGroup> = () => ({})) =>
  Array.from({ length: count }, (_, i) => group(i + 1, overrides(i + 1)));

/**
 * The bulk endpoint as the server answers it: all or nothing, a stale version
 * refuses the batch with 409 and the current record, and confirming a row with
 * neither ship nor delivery date records its due date as the delivery date.
 */
function serveBulk(initial: ItemGroup[]) {
  let rows = initial.map((g) => ({ ...g }));
  const sent: ItemGroupBulkUpdate[][] = [];
  mswServer.use(
    http.patch('*/v1/itemGroups/bulk', async ({ request }) => {
      const body = (await request.json()) as ItemGroupBulkUpdate[];
      sent.push(body);
      const stale = body.map((b) => rows.find((g) => g.sid === b.sid)).find((g, i) => g?.version !== body[i].version);
      if (stale) {
        return HttpResponse.json(
          { code: 'version_conflict', message: 'This record changed since you read it.', current: stale },
          { status: 409 },
        );
      }
      rows = rows.map((g) => {
        const change = body.find((b) => b.sid === g.sid);
        if (!change) return g;
        const { sid: _sid, version: _version, ...fields } = change;
        const next = { ...g, ...fields, version: g.version + 1 } as ItemGroup;
        if (change.confirmed === true && next.shipDate === null && next.deliveryDate === null) {
          next.deliveryDate = next.dueDate;
        }
        return next;
      });
      return HttpResponse.json(body.map((b) => rows.find((g) => g.sid === b.sid)));
    }),
  );
  return {
    sent,
    rows: () => rows,
    /** Someone else changes a row meanwhile. */
    touch: (sid: string) => {
      rows = rows.map((g) => (g.sid === sid ? { ...g, quantity: '11', version: g.version + 1 } : g));
    },
  };
}

function renderEditor(rows: ItemGroup[]) {
  const onDone = vi.fn<(outcome: BulkOutcome) => void>();
  renderRoutes(
    [
      {
        path: '/',
        element: (
          <>
            <BulkEditor rows={rows} onDone={onDone} onClear={vi.fn()} />
            <Toaster />
          </>
        ),
      },
    ],
    '/',
  );
  const editor = screen.getByRole('region', { name: 'Change selected shipments' });
  return { editor, onDone };
}

describe('BulkEditor', () => {
  it('asks before confirming 6 shipments, saying how many, and sends nothing until the user agrees', async () => {
    const rows = groups(7, (n) => ({ confirmed: n === 7 }));
    const server = serveBulk(rows);
    const { editor, onDone } = renderEditor(rows);
    await userEvent.click(within(editor).getByRole('button', { name: 'Confirm selected' }));
    const dialog = screen.getByRole('dialog', { name: 'Confirm 6 shipments' });
    expect(dialog.textContent).toContain('Confirm 6 shipments?');
    expect(dialog.textContent).toContain('1 shipment of the selection left as they are (already confirmed).');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(server.sent).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();

    await userEvent.click(within(editor).getByRole('button', { name: 'Confirm selected' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Confirm 6 shipments' })).getByRole('button', {
        name: 'Confirm 6 shipments',
      }),
    );
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledTimes(1);
    });
    expect(server.sent).toEqual([rows.slice(0, 6).map((g) => ({ sid: g.sid, version: 1, confirmed: true }))]);
    expect(onDone.mock.calls[0][0]).toMatchObject({
      failed: false,
      message: 'Confirmed 6 shipments. 1 shipment left as they were (already confirmed).',
    });
  });

  it('does not ask for 5 shipments or fewer', async () => {
    const rows = groups(5);
    const server = serveBulk(rows);
    const { editor, onDone } = renderEditor(rows);
    await userEvent.click(within(editor).getByRole('button', { name: 'Confirm selected' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledTimes(1);
    });
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]).toHaveLength(5);
  });

  it('undoes a confirmation with the earlier values, dates included, on the versions the save returned', async () => {
    const rows = groups(6, (n) => (n === 2 ? { shipDate: '2026-11-20' } : {}));
    const server = serveBulk(rows);
    const { editor, onDone } = renderEditor(rows);
    await userEvent.click(within(editor).getByRole('button', { name: 'Confirm selected' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Confirm 6 shipments' })).getByRole('button', {
        name: 'Confirm 6 shipments',
      }),
    );
    const undo = await screen.findByRole('button', { name: 'Undo' });
    // The save recorded the due dates of those without a date.
    expect(server.rows().map((g) => g.deliveryDate)).toEqual([
      '2026-12-01',
      null,
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    await userEvent.click(undo);
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledTimes(2);
    });
    expect(server.sent[1]).toEqual(
      rows.map((g) =>
        g.shipDate
          ? { sid: g.sid, version: 2, confirmed: false }
          : { sid: g.sid, version: 2, confirmed: false, deliveryDate: null },
      ),
    );
    expect(server.rows().map((g) => [g.confirmed, g.deliveryDate, g.version])).toEqual(
      rows.map(() => [false, null, 3]),
    );
    expect(onDone.mock.calls[1][0]).toMatchObject({
      failed: false,
      message: 'Undone: 6 shipments restored as they were.',
    });
    expect(onDone.mock.calls[1][0].saved).toHaveLength(6);
    expect((await screen.findAllByText('Undone: 6 shipments restored as they were.')).length).toBeGreaterThan(0);
  });

  it('undoes a shift of 6 due dates, after asking how many', async () => {
    const rows = groups(6);
    const server = serveBulk(rows);
    const { editor, onDone } = renderEditor(rows);
    const days = within(editor).getByLabelText('Shift by days');
    await userEvent.clear(days);
    await userEvent.type(days, '3');
    await userEvent.click(within(editor).getByRole('button', { name: 'Shift' }));
    const dialog = screen.getByRole('dialog', { name: 'Move the due date of 6 shipments' });
    expect(dialog.textContent).toContain('Move the due date of 6 shipments by +3 days?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Move the due date of 6 shipments' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledTimes(2);
    });
    expect(server.sent[0][0]).toEqual({ sid: rows[0].sid, version: 1, dueDate: '2026-12-04' });
    expect(server.sent[1]).toEqual(rows.map((g) => ({ sid: g.sid, version: 2, dueDate: g.dueDate })));
    expect(server.rows().map((g) => g.dueDate)).toEqual(rows.map((g) => g.dueDate));
  });

  it('says why nothing was restored when someone changed a shipment meanwhile', async () => {
    const rows = groups(3);
    const server = serveBulk(rows);
    const { editor, onDone } = renderEditor(rows);
    const date = within(editor).getByLabelText('Set to');
    await userEvent.type(date, '2027-01-15');
    await userEvent.click(within(editor).getByRole('button', { name: 'Set date' }));
    const undo = await screen.findByRole('button', { name: 'Undo' });
    server.touch(rows[1].sid);
    const before = server.rows();
    await userEvent.click(undo);
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledTimes(2);
    });
    const message =
      'Not undone: PO-2 · MPN-2 was changed after your change, so nothing was put back. The 3 shipments stay as changed.';
    expect(onDone.mock.calls[1][0]).toEqual({ saved: [], message, failed: true });
    expect(server.rows()).toEqual(before);
    expect((await screen.findAllByText(message)).length).toBeGreaterThan(0);
  });
});
