import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ItemGroupProposal } from '../api/generated/model';
import { renderWithClient } from '../test/render';
import { mswServer } from '../test/setup';
import { ProposalQueue } from './ProposalQueue';
import { notifySuccess } from './toast';

vi.mock(import('./toast'), async (original) => ({ ...(await original()), notifySuccess: vi.fn() }));

const at = '2026-12-03T14:05:00Z';
const noPage = { previousPageToken: null, nextPageToken: null };

function proposal(sid: string, changes: Partial<ItemGroupProposal> = {}): ItemGroupProposal {
  return {
    sid,
    created: at,
    updated: at,
    organizationSid: 'OGhelix',
    itemGroupSid: `IG${sid}`,
    itemSid: `IT${sid}`,
    orderSid: 'ORhx',
    vendorSid: 'VEvoltaris',
    kind: 'dates',
    status: 'pending',
    shipDate: '2027-01-20',
    deliveryDate: null,
    shipments: null,
    reason: null,
    baseVersion: 3,
    before: { quantity: '250', dueDate: '2027-01-10', shipDate: null, deliveryDate: null },
    proposedBySid: 'USmara',
    proposedByName: 'Mara Voss',
    decidedBySid: null,
    decidedByName: null,
    decided: null,
    decisionReason: null,
    ...changes,
    context: {
      orderUniqueName: 'HX-2201',
      itemUniqueName: '10',
      lineUniqueName: null,
      manufacturerPartNumber: 'STM32L476RGT6',
      description: 'MCU',
      vendorName: 'Voltaris Components',
      movesPastDue: false,
      ...changes.context,
    },
  };
}

const late = proposal('PR1', {
  reason: 'Wafer allocation moved',
  context: { ...proposal('PR0').context, movesPastDue: true },
});
const split = proposal('PR2', {
  kind: 'split',
  shipDate: null,
  shipments: [
    { quantity: '150', shipDate: '2027-01-05' },
    { quantity: '100', shipDate: '2027-01-19' },
  ],
  context: {
    orderUniqueName: 'HX-2202',
    itemUniqueName: '20',
    lineUniqueName: '2',
    manufacturerPartNumber: 'BME280',
    description: null,
    vendorName: 'Voltaris Components',
    movesPastDue: false,
  },
});

interface Sent {
  lists: URLSearchParams[];
  accepted: string[];
  rejected: { sid: string; body: unknown }[];
  decisions: unknown[];
}

/** The API over `pending`; a decision takes the proposal out of the list. `decide` answers the batch instead. */
function serve(pending: ItemGroupProposal[], decide?: () => Response): Sent {
  let current = pending;
  const sent: Sent = { lists: [], accepted: [], rejected: [], decisions: [] };
  mswServer.use(
    http.get('*/v1/itemGroupProposals', ({ request }) => {
      sent.lists.push(new URL(request.url).searchParams);
      return HttpResponse.json({ itemGroupProposals: current, page: noPage });
    }),
    http.post('*/v1/itemGroupProposals/decisions', async ({ request }) => {
      sent.decisions.push(await request.json());
      if (decide) return decide();
      current = [];
      return HttpResponse.json({ itemGroupProposals: [], itemGroups: [] });
    }),
    http.post('*/v1/itemGroupProposals/:sid/accept', ({ params }) => {
      sent.accepted.push(String(params.sid));
      current = current.filter((p) => p.sid !== params.sid);
      return HttpResponse.json({ itemGroupProposals: [], itemGroups: [] });
    }),
    http.post('*/v1/itemGroupProposals/:sid/reject', async ({ params, request }) => {
      sent.rejected.push({ sid: String(params.sid), body: await request.json() });
      current = current.filter((p) => p.sid !== params.sid);
      return HttpResponse.json(proposal(String(params.sid), { status: 'rejected' }));
    }),
  );
  return sent;
}

beforeEach(() => {
  vi.mocked(notifySuccess).mockClear();
});

describe('ProposalQueue', () => {
  it('shows nothing when no proposal waits', async () => {
    const sent = serve([]);
    const { container } = renderWithClient(<ProposalQueue orderSid="ORhx" />);
    await waitFor(() => {
      expect(sent.lists).toHaveLength(1);
    });
    expect(Object.fromEntries(sent.lists[0])).toEqual({ status: 'pending', pageSize: '50', orderSid: 'ORhx' });
    expect(container.textContent).toBe('');
  });

  it('says what each proposal changes and why, and accepts or rejects one with a reason', async () => {
    const sent = serve([late, split]);
    renderWithClient(<ProposalQueue />);
    const queue = await screen.findByRole('region', { name: 'Vendor proposals (2 waiting)' });
    const [first, second] = within(queue).getAllByRole('listitem');
    expect(first.textContent).toContain('Order HX-2201, line 10 · Voltaris Components');
    expect(first.textContent).toContain('Ship date not set → 20 Jan 2027');
    expect(first.textContent).toContain('Past the due date 10 Jan 2027: accepting raises a New delay flag.');
    expect(first.textContent).toContain('Reason: Wafer allocation moved. Proposed by Mara Voss');
    expect(second.textContent).toContain('Order HX-2202, line 20 / shipment 2');
    expect(second.textContent).toContain('Split into 2 shipments: 150 shipping 5 Jan 2027, 100 shipping 19 Jan 2027');
    expect(second.textContent).not.toContain('Past the due date');

    await userEvent.click(within(queue).getByRole('button', { name: 'Accept proposal for line 10 of order HX-2201' }));
    await waitFor(() => {
      expect(sent.accepted).toEqual(['PR1']);
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith('Accepted: line 10 of order HX-2201 now ships 20 Jan 2027.');
    // The list is read again, and the focus goes to the next proposal.
    await waitFor(() => {
      expect(within(queue).getAllByRole('listitem')).toHaveLength(1);
    });
    await waitFor(() => {
      expect(document.activeElement?.textContent).toContain('Order HX-2202, line 20 / shipment 2');
    });

    await userEvent.click(
      within(queue).getByRole('button', { name: 'Reject proposal for line 20 / shipment 2 of order HX-2202' }),
    );
    const form = within(queue).getByRole('form', { name: 'Reject proposal for line 20 / shipment 2 of order HX-2202' });
    await userEvent.type(within(form).getByLabelText('Reason for the vendor (optional)'), '  We need all 250 at once ');
    await userEvent.click(within(form).getByRole('button', { name: 'Send rejection' }));
    await waitFor(() => {
      expect(sent.rejected).toEqual([{ sid: 'PR2', body: { reason: 'We need all 250 at once' } }]);
    });
    await waitFor(() => {
      expect(screen.queryByRole('region')).toBeNull();
    });
  });

  it('decides the selected ones at once, and says which one stopped the batch', async () => {
    const sent = serve([late, split], () =>
      HttpResponse.json(
        { code: 'proposal_stale', message: 'This proposal no longer fits its line.', field: 'decisions.1.sid' },
        { status: 409 },
      ),
    );
    renderWithClient(<ProposalQueue />);
    const queue = await screen.findByRole('region', { name: 'Vendor proposals (2 waiting)' });
    expect(within(queue).getByRole('button', { name: 'Accept selected (0)' })).toHaveProperty('disabled', true);
    await userEvent.click(within(queue).getByRole('checkbox', { name: 'Select all' }));
    await userEvent.click(within(queue).getByRole('button', { name: 'Accept selected (2)' }));
    await waitFor(() => {
      expect(sent.decisions).toEqual([
        {
          decisions: [
            { sid: 'PR1', decision: 'accept' },
            { sid: 'PR2', decision: 'accept' },
          ],
        },
      ]);
    });
    expect((await within(queue).findByRole('alert')).textContent).toBe(
      'Nothing was decided: line 20 / shipment 2 of order HX-2202 could not be. This proposal no longer fits its line.',
    );
    // Nothing is lost: both still wait, still chosen.
    expect(within(queue).getAllByRole('listitem')).toHaveLength(2);
    expect(within(queue).getByRole('button', { name: 'Accept selected (2)' })).toBeTruthy();
  });
});
