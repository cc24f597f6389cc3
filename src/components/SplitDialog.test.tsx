import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { ItemGroup, SplitItemGroupRequest } from '../api/generated/model';
import { mswServer } from '../test/setup';
import { renderRoutes } from '../test/render';
import { formatDate } from '../lib/format';
import { itemGroup } from '../test/records';
import { SplitDialog } from './SplitDialog';

const group = itemGroup;

function renderDialog(itemGroup: ItemGroup = group, dueDateFixed = false, propose?: string) {
  const onClose = vi.fn();
  const onSplit = vi.fn();
  const view = renderRoutes(
    [
      {
        path: '/',
        element: (
          <SplitDialog
            itemGroup={itemGroup}
            open
            onClose={onClose}
            onSplit={onSplit}
            dueDateFixed={dueDateFixed}
            propose={propose}
          />
        ),
      },
    ],
    '/',
  );
  const dialog = screen.getByRole('dialog', { name: 'Split shipment S-1' });
  const submit = () => within(dialog).getByRole<HTMLButtonElement>('button', { name: /^(Split into|Propose) / });
  const quantity = (n: number) => within(dialog).getByLabelText(`Quantity of shipment ${n}`);
  return { ...view, dialog, submit, quantity, onClose, onSplit };
}

const value = (input: HTMLElement) => (input as HTMLInputElement).value;

describe('SplitDialog', () => {
  it('starts with the whole quantity in the first row, and takes what the others get from it', async () => {
    const { dialog, submit, quantity } = renderDialog();
    const sum = () => within(dialog).getByText(/^Sum /);
    expect(within(dialog).getAllByRole('row')).toHaveLength(3);
    expect([value(quantity(1)), value(quantity(2))]).toEqual(['100', '']);
    expect(sum().textContent).toBe('Sum 100 of 100: enter a quantity in every row.');
    expect(submit().disabled).toBe(true);

    await userEvent.type(quantity(2), '40');
    expect([value(quantity(1)), value(quantity(2))]).toEqual(['60', '40']);
    expect(sum().textContent).toBe('Sum 100 of 100: the quantities add up.');
    expect(submit().disabled).toBe(false);

    // Adding a row moves nothing; what it is given comes from the first row, and goes back when it is removed.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add a shipment' }));
    expect([value(quantity(1)), value(quantity(2)), value(quantity(3))]).toEqual(['60', '40', '']);
    expect(sum().textContent).toBe('Sum 100 of 100: enter a quantity in every row.');
    await userEvent.type(quantity(3), '12.5');
    expect(value(quantity(1))).toBe('47.5');
    expect(sum().textContent).toBe('Sum 100 of 100: the quantities add up.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove shipment 3' }));
    expect([value(quantity(1)), value(quantity(2))]).toEqual(['60', '40']);

    // Once the user types into the first row, it is theirs: the others no longer move it.
    await userEvent.clear(quantity(1));
    await userEvent.type(quantity(1), '70');
    expect(sum().textContent).toBe('Sum 110 of 100: 10 too many.');
    await userEvent.clear(quantity(2));
    await userEvent.type(quantity(2), '20');
    expect(value(quantity(1))).toBe('70');
    expect(sum().textContent).toBe('Sum 90 of 100: 10 still to assign.');
    expect(submit().disabled).toBe(true);
  });

  it('lets the split go only when the quantities add up to the original', async () => {
    const { dialog, submit, quantity } = renderDialog();
    const sum = () => within(dialog).getByText(/^Sum /);
    await userEvent.clear(quantity(1));
    await userEvent.type(quantity(1), '60');
    await userEvent.type(quantity(2), '30');
    expect(sum().textContent).toBe('Sum 90 of 100: 10 still to assign.');
    expect(submit().disabled).toBe(true);

    await userEvent.clear(quantity(2));
    await userEvent.type(quantity(2), '50');
    expect(sum().textContent).toBe('Sum 110 of 100: 10 too many.');
    expect(submit().disabled).toBe(true);

    await userEvent.clear(quantity(2));
    await userEvent.type(quantity(2), '40');
    expect(sum().textContent).toBe('Sum 100 of 100: the quantities add up.');
    expect(submit().disabled).toBe(false);

    // A third, empty row stops it again; removing it brings the sum back.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add a shipment' }));
    expect(submit().textContent).toBe('Split into 3 shipments');
    expect(submit().disabled).toBe(true);
    expect(within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Remove shipment 1' }).disabled).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove shipment 3' }));
    expect(submit().disabled).toBe(false);
    // Two shipments is the least a split can make.
    expect(within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Remove shipment 1' }).disabled).toBe(true);
  });

  it('adds decimals exactly and refuses a zero shipment', async () => {
    const { dialog, submit, quantity } = renderDialog({ ...group, quantity: '0.3' });
    await userEvent.type(quantity(2), '0.2');
    expect(value(quantity(1))).toBe('0.1');
    expect(within(dialog).getByText(/^Sum /).textContent).toBe('Sum 0.3 of 0.3: the quantities add up.');
    expect(submit().disabled).toBe(false);
    await userEvent.clear(quantity(1));
    await userEvent.type(quantity(1), '0');
    await userEvent.clear(quantity(2));
    await userEvent.type(quantity(2), '0.3');
    expect(within(dialog).getByText(/^Sum /).textContent).toBe('Sum 0.3 of 0.3: every shipment needs more than zero.');
    expect(submit().disabled).toBe(true);
  });

  it('sends the version and the shipments, leaving unchanged dates to the server', async () => {
    const bodies: SplitItemGroupRequest[] = [];
    mswServer.use(
      http.post('*/v1/itemGroups/:sid/split', async ({ request, params }) => {
        bodies.push((await request.json()) as SplitItemGroupRequest);
        expect(params.sid).toBe(group.sid);
        return HttpResponse.json({
          itemGroups: [
            { ...group, quantity: '60', version: 4 },
            {
              ...group,
              sid: 'IG0000000000000000000000000002',
              quantity: '40',
              dueDate: '2026-12-15',
              uniqueName: null,
            },
          ],
        });
      }),
    );
    const { dialog, submit, quantity, onSplit, onClose } = renderDialog();
    await userEvent.type(quantity(2), '40');
    const due2 = within(dialog).getByLabelText('Due date of shipment 2');
    await userEvent.clear(due2);
    await userEvent.type(due2, '2026-12-15');
    await userEvent.click(submit());
    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(bodies).toEqual([
      { version: 3, shipments: [{ quantity: '60' }, { quantity: '40', dueDate: '2026-12-15' }] },
    ]);
    expect(onSplit.mock.calls[0][0]).toHaveLength(2);
  });

  it('shows the due date without an input when it is fixed (a vendor), and sends none', async () => {
    const bodies: SplitItemGroupRequest[] = [];
    mswServer.use(
      http.post('*/v1/itemGroups/:sid/split', async ({ request }) => {
        bodies.push((await request.json()) as SplitItemGroupRequest);
        return HttpResponse.json({ itemGroups: [group, { ...group, sid: 'IG0000000000000000000000000002' }] });
      }),
    );
    const { dialog, submit, quantity, onClose } = renderDialog(group, true);
    expect(within(dialog).queryByLabelText(/^Due date of shipment/)).toBeNull();
    expect(within(dialog).getAllByText(formatDate(group.dueDate))).toHaveLength(2);
    await userEvent.type(quantity(2), '40');
    await userEvent.click(submit());
    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(bodies).toEqual([{ version: 3, shipments: [{ quantity: '60' }, { quantity: '40' }] }]);
  });

  it('sends a vendor split as a proposal where the customer approves splits, and splits nothing', async () => {
    const proposals: unknown[] = [];
    const splits: unknown[] = [];
    mswServer.use(
      http.post('*/v1/itemGroupProposals', async ({ request }) => {
        proposals.push(await request.json());
        return HttpResponse.json({}, { status: 201 });
      }),
      http.post('*/v1/itemGroups/:sid/split', () => {
        splits.push(1);
        return HttpResponse.json({ itemGroups: [] });
      }),
    );
    const { submit, quantity, onClose, onSplit } = renderDialog(group, true, 'Helix Medical Devices');
    await userEvent.type(quantity(2), '40');
    expect(submit().textContent).toBe('Propose 2 shipments');
    await userEvent.click(submit());
    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(proposals).toEqual([
      { itemGroupSid: group.sid, version: 3, shipments: [{ quantity: '60' }, { quantity: '40' }] },
    ]);
    expect(splits).toEqual([]);
    expect(onSplit).not.toHaveBeenCalled();
  });

  it('says when the shipment changed meanwhile, and splits the current one after a reload', async () => {
    const bodies: SplitItemGroupRequest[] = [];
    mswServer.use(
      http.post('*/v1/itemGroups/:sid/split', async ({ request }) => {
        const body = (await request.json()) as SplitItemGroupRequest;
        bodies.push(body);
        if (body.version === 3) {
          return HttpResponse.json(
            {
              code: 'version_conflict',
              message: 'The item group changed.',
              current: { ...group, quantity: '120', version: 5 },
            },
            { status: 409 },
          );
        }
        return HttpResponse.json(
          { code: 'unprocessable', message: 'A delivered item group cannot be split.' },
          { status: 422 },
        );
      }),
    );
    const { dialog, submit, quantity } = renderDialog();
    await userEvent.type(quantity(2), '50');
    await userEvent.click(submit());
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('changed by someone else');
    expect(alert.textContent).toContain('quantity 120');
    expect(submit().disabled).toBe(true);

    await userEvent.click(within(alert).getByRole('button', { name: 'Reload the shipment' }));
    // The reloaded shipment's whole quantity, in the first row again.
    expect(value(quantity(1))).toBe('120');
    expect(within(dialog).getByText(/^Sum /).textContent).toBe('Sum 120 of 120: enter a quantity in every row.');
    await userEvent.type(quantity(2), '60');
    expect(value(quantity(1))).toBe('60');
    await userEvent.click(submit());
    expect((await within(dialog).findByRole('alert')).textContent).toContain('A delivered item group cannot be split.');
    expect(bodies.map((b) => b.version)).toEqual([3, 5]);
  });

  it('offers no split of a delivered or canceled shipment, only a reason', async () => {
    for (const [closed, words] of [
      [{ ...group, delivered: true }, 'This shipment is delivered: it cannot be split.'],
      [{ ...group, status: 'canceled' as const }, 'This shipment is canceled: it cannot be split.'],
    ] as const) {
      const onClose = vi.fn();
      const view = renderRoutes(
        [{ path: '/', element: <SplitDialog itemGroup={closed} open onClose={onClose} /> }],
        '/',
      );
      const dialog = screen.getByRole('dialog', { name: 'Split shipment S-1' });
      expect(within(dialog).getByRole('alert').textContent).toBe(words);
      expect(within(dialog).queryByRole('textbox')).toBeNull();
      expect(within(dialog).queryByRole('button', { name: /^Split into/ })).toBeNull();
      await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
      expect(onClose).toHaveBeenCalled();
      view.unmount();
    }
  });
});
