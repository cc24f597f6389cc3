import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Event } from '../api/generated/model';
import { formatDate, formatDateTime } from '../lib/format';
import { EventTimeline, type HistoryQuery } from './EventTimeline';

const ada = { sid: 'USada', name: 'Ada Buyer' };
const ITEM = 'IT0000000000000000000000000001';

function event(n: number, eventType: string, detail: { before?: object; after?: object }, extra: Partial<Event> = {}) {
  return {
    sid: `EV${String(n).padStart(28, '0')}`,
    eventTime: `2026-11-${String(n).padStart(2, '0')}T10:00:00.000Z`,
    organizationSid: 'OGdemo',
    eventType,
    event: { actor: ada, before: detail.before ?? null, after: detail.after ?? null },
    orderSid: 'OR1',
    itemSid: ITEM,
    itemGroupSid: 'IG1',
    ...extra,
  } satisfies Event;
}

function settled(overrides: Partial<HistoryQuery> = {}): HistoryQuery {
  return {
    isPending: false,
    isError: false,
    error: null,
    refetch: vi.fn(),
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: vi.fn(() => Promise.resolve()),
    ...overrides,
  };
}

const itemName = (sid: string) => (sid === ITEM ? 'LINE-1' : undefined);

/** An event the follow-up wrote: a name without a user, as the server answers it. */
function byFollowUp(n: number, eventType: string, after: object, extra: Partial<Event> = {}): Event {
  const written = event(n, eventType, { after }, extra);
  return { ...written, event: { ...written.event, actor: { sid: null, name: 'Follow-up' } } };
}

/** The history of these events rendered: its entries, newest first. */
function historyOf(events: Event[]): HTMLElement[] {
  render(<EventTimeline query={settled()} events={events} label="History" itemName={itemName} />);
  const list = screen.getByRole('list', { name: 'History' });
  return within(list)
    .getAllByRole('listitem')
    .filter((li) => li.parentElement === list);
}

/** What each entry says happened, and who did it. */
const headings = (entries: HTMLElement[]) => entries.map((e) => e.querySelector('p')?.textContent);

describe('EventTimeline', () => {
  it('shows who changed what from what to what, and when, newest first', () => {
    // As the list answers with sortOrder=Desc: newest first.
    const events: Event[] = [
      event(3, 'itemGroup.updated', { before: { confirmed: false }, after: { confirmed: true } }),
      event(2, 'itemGroup.updated', {
        before: { dueDate: '2026-12-01', trackingNumber: null },
        after: { dueDate: '2026-12-15', trackingNumber: '1Z999' },
      }),
      event(
        1,
        'order.created',
        { after: { uniqueName: 'PO-1', vendorName: 'Voltaris', sid: 'OR1' } },
        { itemSid: null },
      ),
    ];
    render(<EventTimeline query={settled()} events={events} label="History of order PO-1" itemName={itemName} />);
    const list = screen.getByRole('list', { name: 'History of order PO-1' });
    const entries = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list);
    expect(entries.map((e) => e.querySelector('p')?.textContent)).toEqual([
      'Ada Buyer confirmed the dates of shipment of item LINE-1',
      'Ada Buyer changed shipment of item LINE-1',
      'Ada Buyer created the order',
    ]);
    expect(
      within(entries[1]).getByText(`Due date: ${formatDate('2026-12-01')} → ${formatDate('2026-12-15')}`),
    ).toBeTruthy();
    expect(within(entries[1]).getByText('Tracking number: none → 1Z999')).toBeTruthy();
    expect(within(entries[2]).getByText('Vendor: Voltaris')).toBeTruthy();
    const time = entries[1].querySelector('time');
    expect(time?.getAttribute('dateTime')).toBe('2026-11-02T10:00:00.000Z');
    expect(time?.textContent).toBe(formatDateTime('2026-11-02T10:00:00.000Z'));
  });

  it('says when a vendor cannot supply a shipment, with its reason, and when that is withdrawn', () => {
    const events: Event[] = [
      event(3, 'itemGroup.updated', {
        before: { cannotSupply: true, cannotSupplyReason: 'Discontinued', confirmed: false },
        after: { cannotSupply: false, cannotSupplyReason: null, confirmed: true },
      }),
      event(2, 'itemGroup.updated', {
        before: { cannotSupply: true, cannotSupplyReason: 'Discontinued' },
        after: { cannotSupply: false, cannotSupplyReason: null },
      }),
      event(1, 'itemGroup.updated', {
        before: { cannotSupply: false, cannotSupplyReason: null, confirmed: true },
        after: { cannotSupply: true, cannotSupplyReason: 'Discontinued', confirmed: false },
      }),
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Ada Buyer confirmed the dates of shipment of item LINE-1',
      'Ada Buyer withdrew "cannot supply" for shipment of item LINE-1',
      'Ada Buyer said shipment of item LINE-1 cannot be supplied',
    ]);
    expect(within(entries[2]).getByText('Reason: none → Discontinued')).toBeTruthy();
    expect(within(entries[2]).queryByText(/^Confirmed:/)).toBeNull();
  });

  it('says when the follow-up of an order was paused, resumed or given a cadence', () => {
    const off = { followUpPaused: false, cadenceSid: null, cadenceTitle: null };
    const events: Event[] = [
      event(
        3,
        'order.followUpChanged',
        { before: off, after: { followUpPaused: false, cadenceSid: 'CA1', cadenceTitle: 'Fortnightly' } },
        { itemSid: null, itemGroupSid: null },
      ),
      event(
        2,
        'order.followUpChanged',
        { before: { ...off, followUpPaused: true }, after: off },
        { itemSid: null, itemGroupSid: null },
      ),
      event(
        1,
        'order.followUpChanged',
        { before: off, after: { ...off, followUpPaused: true } },
        { itemSid: null, itemGroupSid: null },
      ),
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Ada Buyer changed the follow-up cadence of the order',
      'Ada Buyer resumed follow-up of the order',
      'Ada Buyer paused follow-up of the order',
    ]);
    expect(within(entries[0]).getByText('Cadence: none → Fortnightly')).toBeTruthy();
  });

  it('says what the follow-up asked, to whom, about which items, or why it asked no one', () => {
    const order = { itemSid: null, itemGroupSid: null };
    const follow = (n: number, after: object) => byFollowUp(n, 'order.updateRequested', after, order);
    const line = (kind: string, itemSid = ITEM) => ({ itemGroupSid: 'IG1', itemSid, kind });
    const events: Event[] = [
      // As the engine wrote it before: one event per line.
      byFollowUp(4, 'itemGroup.updateRequested', {
        updateRequestSid: 'UR0',
        kind: 'reminder',
        recipients: ['a@v.example'],
      }),
      follow(3, {
        updateRequestSid: 'UR3',
        recipients: [],
        skipped: 'No one to ask at Voltaris.',
        lines: [line('request')],
      }),
      follow(2, { updateRequestSid: 'UR2', recipients: ['ana@voltaris.example'], lines: [line('reminder')] }),
      follow(1, {
        updateRequestSid: 'UR1',
        recipients: ['ana@voltaris.example', 'bo@voltaris.example'],
        lines: [line('request'), line('reminder'), line('request', 'IT-unknown')],
      }),
      // Recorded through the API's create operation, by a person.
      event(
        0,
        'updateRequest.created',
        { after: { sid: 'UR0', vendorName: 'Voltaris', note: 'Please confirm the December lot', status: 'sent' } },
        { eventTime: '2026-10-31T10:00:00.000Z' },
      ),
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Follow-up sent a reminder about 1 shipment',
      'Follow-up asked no one about 1 shipment',
      'Follow-up sent a reminder about 1 shipment',
      'Follow-up asked for an update on 3 shipments',
      'Ada Buyer recorded an update request to Voltaris for a shipment of item LINE-1',
    ]);
    expect(within(entries[0]).getByText('To: a@v.example')).toBeTruthy();
    expect(within(entries[4]).getByText('Note: Please confirm the December lot')).toBeTruthy();
    expect(within(entries[0]).getByText('Item: LINE-1')).toBeTruthy();
    expect(within(entries[1]).getByText('No one to ask at Voltaris.')).toBeTruthy();
    expect(within(entries[2]).getByText('To: ana@voltaris.example')).toBeTruthy();
    expect(within(entries[3]).getByText('To: ana@voltaris.example, bo@voltaris.example')).toBeTruthy();
    expect(within(entries[3]).getByText('Item: LINE-1')).toBeTruthy();
  });

  it('names the flag raised on a shipment, and the one resolved, dismissed or reopened, with its note', () => {
    const raised = byFollowUp(1, 'flag.raised', {
      flagSid: 'FL1',
      type: 'pastDue',
      message: 'Due 20 Nov 2026, not received',
    });
    const events: Event[] = [
      event(4, 'flag.updated', {
        before: { type: 'newDelay', status: 'dismissed' },
        after: { type: 'newDelay', status: 'open' },
      }),
      event(3, 'flag.updated', {
        before: { type: 'newDelay', status: 'open', note: null },
        after: { type: 'newDelay', status: 'dismissed', note: 'Known, agreed by phone' },
      }),
      event(2, 'flag.updated', {
        before: { type: 'pastDue', status: 'open' },
        after: { type: 'pastDue', status: 'resolved' },
      }),
      raised,
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Ada Buyer reopened the New delay flag for item LINE-1',
      'Ada Buyer dismissed the New delay flag for item LINE-1',
      'Ada Buyer resolved the Past due flag for item LINE-1',
      'Follow-up raised a Past due flag for item LINE-1',
    ]);
    expect(within(entries[1]).getByText('Note: Known, agreed by phone')).toBeTruthy();
    expect(within(entries[3]).getByText('Due 20 Nov 2026, not received')).toBeTruthy();
    // Not read as an order member's role.
    expect(screen.queryByText(/Role:/)).toBeNull();
  });

  it("does not read another record's type as an order member's role", () => {
    historyOf([event(1, 'itemCustomField.updated', { before: { type: 'text' }, after: { type: 'number' } })]);
    expect(screen.queryByText(/Role/)).toBeNull();
  });

  it('says when a shipment was counted for a BOM line by hand, left out, or left to its part number again', () => {
    const link = { bomLineSid: 'BL1', itemGroupSid: 'IG1', created: '2026-11-01T10:00:00.000Z' };
    const events: Event[] = [
      event(3, 'bomLine.supplyLinkRemoved', { before: { ...link, linked: false } }),
      event(2, 'bomLine.supplyUnlinked', { after: { ...link, linked: false } }),
      event(1, 'bomLine.supplyLinked', { after: { ...link, linked: true } }),
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Ada Buyer let the part number decide again whether a BOM line counts a shipment of item LINE-1',
      'Ada Buyer left a shipment of item LINE-1 out of a BOM line',
      'Ada Buyer counted a shipment of item LINE-1 for a BOM line',
    ]);
  });

  it('says what a vendor proposed for a shipment and whether the buyer accepted or rejected it', () => {
    const events: Event[] = [
      event(4, 'itemGroupProposal.rejected', {
        after: { proposalSid: 'PR2', kind: 'split', reason: 'We need it whole' },
      }),
      event(3, 'itemGroupProposal.created', {
        after: {
          proposalSid: 'PR2',
          kind: 'split',
          shipments: [
            { quantity: '60', shipDate: '2026-12-01' },
            { quantity: '40', shipDate: '2027-01-15' },
          ],
        },
      }),
      event(2, 'itemGroupProposal.accepted', { after: { proposalSid: 'PR1', kind: 'dates' } }),
      event(1, 'itemGroupProposal.created', {
        after: {
          proposalSid: 'PR1',
          kind: 'dates',
          shipDate: '2026-12-10',
          deliveryDate: null,
          reason: 'Plating delay',
        },
      }),
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Ada Buyer rejected the split of a shipment of item LINE-1',
      'Ada Buyer proposed splitting a shipment of item LINE-1 into 2 shipments',
      'Ada Buyer accepted the new dates of a shipment of item LINE-1',
      'Ada Buyer proposed new dates for a shipment of item LINE-1',
    ]);
    expect(within(entries[0]).getByText('Reason: We need it whole')).toBeTruthy();
    expect(within(entries[1]).getByText(`Quantity: 60, Ship date: ${formatDate('2026-12-01')}`)).toBeTruthy();
    expect(within(entries[3]).getByText(`Ship date: ${formatDate('2026-12-10')}`)).toBeTruthy();
    expect(within(entries[3]).getByText('Delivery date: none')).toBeTruthy();
    expect(within(entries[3]).getByText('Reason: Plating delay')).toBeTruthy();
  });

  it('names who was added to an order or taken off it, and as what', () => {
    const order = { itemSid: null, itemGroupSid: null };
    const member = { sid: 'OM1', orderSid: 'OR1', memberSid: 'USben', type: 'updating', memberName: 'Ben Buyer' };
    const events: Event[] = [
      event(3, 'orderMember.deleted', { before: member }, order),
      // Written before events named the member.
      event(2, 'orderMember.created', { after: { ...member, memberName: undefined, type: 'tracking' } }, order),
      event(1, 'orderMember.created', { after: member }, order),
    ];
    const entries = historyOf(events);
    expect(headings(entries)).toEqual([
      'Ada Buyer took Ben Buyer off the order',
      'Ada Buyer added a member to the order',
      'Ada Buyer added Ben Buyer to the order',
    ]);
    expect(within(entries[1]).getByText('Role: tracking')).toBeTruthy();
    expect(within(entries[2]).getByText('Role: updating')).toBeTruthy();
  });

  it('reads one shipment changed and others added in the same write as a split', () => {
    const at = '2026-11-05T08:00:00.000Z';
    const events: Event[] = [
      event(
        6,
        'itemGroup.created',
        { after: { quantity: '40', dueDate: '2026-12-20', shipDate: null, uniqueName: null } },
        { eventTime: at, itemGroupSid: 'IG2' },
      ),
      event(5, 'itemGroup.updated', { before: { quantity: '100' }, after: { quantity: '60' } }, { eventTime: at }),
    ];
    render(<EventTimeline query={settled()} events={events} label="History" itemName={itemName} />);
    const entries = within(screen.getByRole('list', { name: 'History' })).getAllByRole('listitem');
    expect(entries[0].querySelector('p')?.textContent).toBe(
      'Ada Buyer split a shipment of item LINE-1 of 100 into 2 shipments',
    );
    expect(within(entries[0]).getByText('Quantity 60')).toBeTruthy();
    expect(within(entries[0]).getByText(`Quantity 40, due ${formatDate('2026-12-20')}`)).toBeTruthy();
  });

  it('shows the newest page at once and loads older changes on request', async () => {
    const fetchNextPage = vi.fn(() => Promise.resolve());
    const newest = Array.from({ length: 3 }, (_, i) =>
      event(25 - i, 'item.updated', { before: { quantity: String(24 - i) }, after: { quantity: String(25 - i) } }),
    );
    render(<EventTimeline query={settled({ hasNextPage: true, fetchNextPage })} events={newest} label="History" />);
    const list = screen.getByRole('list', { name: 'History' });
    const top = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list);
    expect(top).toHaveLength(3);
    expect(within(top[0]).getByText('Quantity: 24 → 25')).toBeTruthy();
    expect(fetchNextPage).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Show older changes' }));
    expect(fetchNextPage).toHaveBeenCalledTimes(1);
  });

  it('says when there is no history yet', () => {
    render(<EventTimeline query={settled()} events={[]} label="History" />);
    expect(screen.getByText('No changes recorded yet.')).toBeTruthy();
  });
});
