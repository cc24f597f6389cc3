import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  getGetUpdateRequestMockHandler,
  getGetUpdateRequestResponseMock,
} from '../../api/generated/hooks/follow-up/follow-up.msw';
import { getListItemGroupsMockHandler } from '../../api/generated/hooks/item-groups/item-groups.msw';
import { getCreateMessageMockHandler } from '../../api/generated/hooks/messages/messages.msw';
import {
  getListMessagesMockHandler,
  getMarkMessagesReadMockHandler,
} from '../../api/generated/hooks/message-inbox/message-inbox.msw';
import { getGetSessionMockHandler, getGetSessionResponseMock } from '../../api/generated/hooks/session/session.msw';
import type {
  CreateMessageRequest,
  ItemGroup,
  Message,
  ItemGroupBulkUpdate,
  SessionOrganization,
} from '../../api/generated/model';
import { notifySuccess } from '../../components/toast';
import { itemGroup } from '../../test/records';
import { renderWithClient } from '../../test/render';
import { mswServer } from '../../test/setup';
import VendorPortalPage from './VendorPortalPage';

vi.mock(import('../../components/toast'), async (original) => ({ ...(await original()), notifySuccess: vi.fn() }));

/** Opens the page at `path`: it reads the browser's own address, as in the portal app. */
function openPortal(path: string) {
  window.history.replaceState(null, '', path);
  return renderWithClient(<VendorPortalPage />);
}
const noPage = { previousPageToken: null, nextPageToken: null };
const at = '2026-11-02T09:30:00Z';

/** A line of Voltaris on `order`, with buyer-only context the page must not show. */
function line(
  sid: string,
  order: [string, string],
  item: string,
  shipment: string,
  changes: Partial<ItemGroup> = {},
): ItemGroup {
  return {
    ...itemGroup,
    sid,
    itemSid: `IT${item}`,
    orderSid: order[0],
    uniqueName: shipment,
    ...changes,
    context: {
      orderUniqueName: order[1],
      itemUniqueName: item,
      manufacturerPartNumber: `MPN-${item}`,
      description: `Part ${item} description`,
      vendorSid: 'VE1',
      vendorName: 'Voltaris Components',
      openFlagCount: 7,
      risk: 'pastDue',
      nextUpdateRequestAt: '2026-12-03T09:00:00Z',
    },
  };
}

const PO1: [string, string] = ['OR1', 'PO-1001'];
const PO2: [string, string] = ['OR2', 'PO-1002'];
const LINES = [
  line('IG1', PO1, '10', '1', { version: 3 }),
  line('IG2', PO1, '10', '2', { version: 5, shipDate: null, dueDate: '2026-12-05' }),
  line('IG3', PO1, '20', '1', { version: 2, confirmed: true, shipDate: '2026-11-25' }),
  line('IG4', PO2, '5', '1', { version: 1, confirmed: true, shipDate: '2026-11-10', dueDate: '2026-11-15' }),
  line('IG5', PO2, '7', '1', { delivered: true, deliveryDate: '2026-10-30' }),
];

interface Sent {
  lists: URLSearchParams[];
  patches: { sid: string; body: unknown }[];
  bulks: ItemGroupBulkUpdate[][];
  messages: CreateMessageRequest[];
  reads: string[][];
  /** A change made elsewhere (the buyer's), seen on the page's next read of the lines. */
  changeElsewhere: (sid: string, change: Partial<ItemGroup>) => void;
}

const NORTHWIND: SessionOrganization = {
  sid: 'OGdemo',
  name: 'Northwind Robotics',
  vendorName: 'Voltaris Components',
  logo100x100: null,
  vendorChangesNeedApproval: false,
};

/**
 * The API over `lines`; `patch` answers a single update (by default: applied, version + 1). `customer`: whether
 * the customer approves new dates (approval mode), the organizations the contact serves, and the unread messages.
 */
function serve(
  lines: ItemGroup[],
  patch?: (sid: string) => Response | undefined,
  customer: { approval?: boolean; organizations?: SessionOrganization[]; unread?: Message[] } = {},
): Sent {
  let current = lines;
  const apply = (sid: string, change: Partial<ItemGroup>) => {
    current = current.map((g) => (g.sid === sid ? { ...g, ...change, version: g.version + 1 } : g));
  };
  const sent: Sent = { lists: [], patches: [], bulks: [], messages: [], reads: [], changeElsewhere: apply };
  let unread = customer.unread ?? [];
  mswServer.use(
    getGetSessionMockHandler(
      getGetSessionResponseMock({
        role: 'vendor',
        vendorSids: ['VE1'],
        organization: { sid: 'OGdemo', name: 'Northwind Robotics', created: at, updated: at },
        organizations: customer.organizations ?? [
          { ...NORTHWIND, vendorChangesNeedApproval: customer.approval ?? false },
        ],
      }),
    ),
    getListMessagesMockHandler(() => ({ messages: unread, page: noPage })),
    getMarkMessagesReadMockHandler(async ({ request }) => {
      const body = (await request.json()) as { messageSids: string[] };
      sent.reads.push(body.messageSids);
      unread = unread.filter((m) => !body.messageSids.includes(m.sid));
      return { unread: unread.length };
    }),
    getListItemGroupsMockHandler(({ request }) => {
      sent.lists.push(new URL(request.url).searchParams);
      return { itemGroups: current, page: noPage };
    }),
    // Before the single update: its path pattern matches /bulk too.
    http.patch('*/v1/itemGroups/bulk', async ({ request }) => {
      const body = (await request.json()) as ItemGroupBulkUpdate[];
      sent.bulks.push(body);
      for (const change of body) apply(change.sid, { confirmed: true });
      return HttpResponse.json(current.filter((g) => body.some((c) => c.sid === g.sid)));
    }),
    http.patch('*/v1/itemGroups/:sid', async ({ request, params }) => {
      const sid = String(params.sid);
      const body = (await request.json()) as Partial<ItemGroup>;
      sent.patches.push({ sid, body });
      const answer = patch?.(sid);
      if (answer) return answer;
      apply(sid, body);
      return HttpResponse.json(current.find((g) => g.sid === sid));
    }),
    getCreateMessageMockHandler(async ({ request }) => {
      const body = (await request.json()) as CreateMessageRequest;
      sent.messages.push(body);
      return {
        sid: 'MS1',
        organizationSid: 'OGdemo',
        outboundEmailReplySid: null,
        created: at,
        updated: at,
        author: 'Mara',
        content: body.content,
        authorSid: 'USmara',
        authorRole: 'vendor' as const,
        concerns: [],
        read: true,
        attachments: [],
      };
    }),
  );
  return sent;
}

beforeEach(() => {
  vi.mocked(notifySuccess).mockClear();
  // Dates and numbers follow the browser's language: these tests read them as a British browser writes them.
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB']);
});

describe('VendorPortalPage', () => {
  it('shows the lines grouped by order as in the email, without buyer-only facts or delivered lines', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    const po1 = await screen.findByRole('region', { name: 'Order PO-1001' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Update requests from Northwind Robotics' }),
    ).toBeTruthy();
    expect(screen.getByText('You are answering as Voltaris Components')).toBeTruthy();
    expect(Object.fromEntries(sent.lists[0])).toEqual({
      statusNot: 'canceled',
      pageSize: '500',
      orderBy: 'dueDate',
      sortOrder: 'Asc',
    });

    const items = within(within(po1).getByRole('list')).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('heading').textContent)).toEqual([
      'Line 10',
      'Line 10 / shipment 2',
      'Line 20',
    ]);
    expect(items[0].textContent).toContain('MPN-10');
    expect(items[0].textContent).toContain('Part 10 description');
    expect(within(items[0]).getByText('Quantity 100')).toBeTruthy();
    expect(within(items[0]).getByText('Due 1 Dec 2026')).toBeTruthy();
    expect(within(items[0]).getByText('Ship date 20 Nov 2026, not confirmed')).toBeTruthy();
    expect(within(items[1]).getByText('Due 5 Dec 2026')).toBeTruthy();
    expect(within(items[1]).getByText('No date from you yet')).toBeTruthy();
    expect(within(items[2]).getByText('Ship date 25 Nov 2026, confirmed')).toBeTruthy();
    expect(within(items[2]).getByText('Confirmed ✓')).toBeTruthy();
    expect(within(items[2]).queryByRole('button', { name: 'Confirm line 20 of order PO-1001' })).toBeNull();
    expect(within(items[0]).getByRole('button', { name: 'Confirm line 10 of order PO-1001' })).toBeTruthy();
    expect(
      within(items[1]).getByRole('button', { name: 'Confirm line 10 / shipment 2 of order PO-1001' }),
    ).toBeTruthy();
    expect(
      within(items[1]).getByRole('button', { name: 'Change date of line 10 / shipment 2 of order PO-1001' }),
    ).toBeTruthy();
    expect(within(items[1]).getByRole('button', { name: 'Split line 10 / shipment 2 of order PO-1001' })).toBeTruthy();

    const po2 = screen.getByRole('region', { name: 'Order PO-1002' });
    const po2Items = within(po2).getAllByRole('listitem');
    expect(po2Items).toHaveLength(1);
    expect(po2Items[0].textContent).toContain('Line 5');
    // The delivered line is left out; everything of PO-1002 is confirmed, so no "Confirm all" there.
    expect(screen.queryByText('Line 7')).toBeNull();
    expect(within(po2).queryByRole('button', { name: /^Confirm all/ })).toBeNull();

    // Buyer-only: open flags, risk, the next update request.
    const text = document.body.textContent;
    expect(text).not.toMatch(/flag/i);
    expect(text).not.toMatch(/past due/i);
    expect(text).not.toMatch(/\b7\b/);
    expect(text).not.toContain('3 Dec 2026');
  });

  it('confirms one line with its version, and says so', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm line 10 of order PO-1001' }));
    await waitFor(() => {
      expect(sent.patches).toEqual([{ sid: 'IG1', body: { confirmed: true, version: 3 } }]);
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith('Line 10 confirmed. The buyer sees it now.');
    // The list is asked again and the line shows its new state.
    const po1 = screen.getByRole('region', { name: 'Order PO-1001' });
    await waitFor(() => {
      expect(within(po1).queryByRole('button', { name: 'Confirm line 10 of order PO-1001' })).toBeNull();
    });
    expect(within(po1).getByText('Ship date 20 Nov 2026, confirmed')).toBeTruthy();
    expect(sent.lists.length).toBeGreaterThan(1);
  });

  it('clears a delivery date that the new ship date passes, so the new date is the promise', async () => {
    const confirmedOnDueDate = line('IG6', PO2, '9', '1', {
      version: 4,
      confirmed: true,
      shipDate: null,
      dueDate: '2026-12-01',
      deliveryDate: '2026-12-01',
    });
    const sent = serve([confirmedOnDueDate]);
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Change date of line 9 of order PO-1002' }));
    const form = await screen.findByRole('form', { name: 'New ship date of line 9 of order PO-1002' });
    fireEvent.change(within(form).getByLabelText('New ship date'), { target: { value: '2027-01-20' } });
    await userEvent.click(within(form).getByRole('button', { name: 'Save date' }));
    await waitFor(() => {
      expect(sent.patches).toEqual([
        { sid: 'IG6', body: { shipDate: '2027-01-20', confirmed: true, deliveryDate: null, version: 4 } },
      ]);
    });
  });

  it('writes to the buyer about a line, linked to the line, and asks for words first', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Message about line 20 of order PO-1001' }));
    const form = await screen.findByRole('form', { name: 'Message about line 20 of order PO-1001' });
    await userEvent.click(within(form).getByRole('button', { name: 'Send message' }));
    expect(within(form).getByRole('alert').textContent).toBe('Write your message first.');
    expect(sent.messages).toEqual([]);
    await userEvent.type(within(form).getByLabelText('Message to the buyer'), 'We can ship half on Monday.');
    await userEvent.click(within(form).getByRole('button', { name: 'Send message' }));
    await waitFor(() => {
      expect(sent.messages).toHaveLength(1);
    });
    expect(sent.messages[0]).toMatchObject({
      content: 'We can ship half on Monday.',
      itemGroupSids: ['IG3'],
    });
    await waitFor(() => {
      expect(screen.queryByRole('form')).toBeNull();
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith('Message about line 20 sent. The buyer sees it now.');
    expect(sent.patches).toEqual([]);
  });

  it("shows the buyer's unread messages above the lines, naming order and line, until marked read", async () => {
    const message: Message = {
      sid: 'MS1',
      organizationSid: 'OGdemo',
      outboundEmailReplySid: null,
      created: at,
      updated: at,
      author: 'Ada Buyer',
      content: 'Can line 20 ship early?',
      authorSid: 'USada',
      authorRole: 'buyer',
      concerns: [
        {
          orderSid: 'OR1',
          orderUniqueName: 'PO-1001',
          vendorName: 'Voltaris',
          itemSid: 'IT20',
          itemUniqueName: '20',
          itemGroupSid: 'IG3',
          itemGroupUniqueName: '1',
        },
      ],
      read: false,
      attachments: [],
    };
    const sent = serve(LINES, undefined, { unread: [message] });
    openPortal('/portal');
    const news = await screen.findByRole('region', { name: '1 new message from Northwind Robotics' });
    const entry = within(news).getByRole('listitem');
    expect(entry.textContent).toContain('Can line 20 ship early?');
    expect(entry.textContent).toContain('About PO-1001 · Line 20 / shipment 1');
    expect(entry.textContent).toContain('Ada Buyer');
    await userEvent.click(within(news).getByRole('button', { name: 'Mark as read' }));
    await waitFor(() => {
      expect(screen.queryByRole('region', { name: /new message/ })).toBeNull();
    });
    expect(sent.reads).toEqual([['MS1']]);
  });

  it('changes the ship date, confirming it, and posts the reason on the item', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change date of line 10 / shipment 2 of order PO-1001' }),
    );
    const form = screen.getByRole('form', { name: 'New ship date of line 10 / shipment 2 of order PO-1001' });
    const date = within(form).getByLabelText<HTMLInputElement>('New ship date');
    // No ship date yet: the form starts at the due date.
    expect(date.value).toBe('2026-12-05');
    fireEvent.change(date, { target: { value: '2026-12-10' } });
    await userEvent.type(within(form).getByLabelText('Reason (optional)'), 'Material shortage');
    await userEvent.click(within(form).getByRole('button', { name: 'Save date' }));
    await waitFor(() => {
      expect(sent.messages).toHaveLength(1);
    });
    expect(sent.patches).toEqual([{ sid: 'IG2', body: { shipDate: '2026-12-10', confirmed: true, version: 5 } }]);
    expect(sent.messages[0].itemSids).toEqual(['IT10']);
    expect(sent.messages[0].content).toContain('Material shortage');
    await waitFor(() => {
      expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith(
        'Line 10 / shipment 2: ship date 10 Dec 2026 sent with your reason. The buyer sees it now.',
      );
    });
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('answers on the version its form opened with: a buyer change refreshed in meanwhile is not answered blindly', async () => {
    const sent = serve(LINES);
    const { queryClient } = openPortal('/portal');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change date of line 10 / shipment 2 of order PO-1001' }),
    );
    const form = await screen.findByRole('form', { name: 'New ship date of line 10 / shipment 2 of order PO-1001' });
    fireEvent.change(within(form).getByLabelText('New ship date'), { target: { value: '2026-12-10' } });
    // The buyer doubles the quantity; a live update reads the lines again while the form is open.
    sent.changeElsewhere('IG2', { quantity: '20' });
    await queryClient.invalidateQueries();
    expect(await screen.findByText('Quantity 20')).toBeTruthy();
    await userEvent.click(within(form).getByRole('button', { name: 'Save date' }));
    await waitFor(() => {
      expect(sent.patches).toEqual([{ sid: 'IG2', body: { shipDate: '2026-12-10', confirmed: true, version: 5 } }]);
    });

    // The cannot-supply form likewise.
    await userEvent.click(screen.getByRole('button', { name: 'Cannot supply line 10 of order PO-1001' }));
    const decline = await screen.findByRole('form', { name: 'Cannot supply line 10 of order PO-1001' });
    sent.changeElsewhere('IG1', { quantity: '30' });
    await queryClient.invalidateQueries();
    expect(await screen.findByText('Quantity 30')).toBeTruthy();
    await userEvent.type(within(decline).getByRole('textbox', { name: 'Why can you not supply it?' }), 'Obsolete');
    await userEvent.click(within(decline).getByRole('button', { name: 'Send: cannot supply' }));
    await waitFor(() => {
      expect(sent.patches.at(-1)).toEqual({
        sid: 'IG1',
        body: { cannotSupply: true, cannotSupplyReason: 'Obsolete', version: 3 },
      });
    });
  });

  it('cancels a date change without sending anything', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Change date of line 10 of order PO-1001' }));
    expect(screen.getByLabelText<HTMLInputElement>('New ship date').value).toBe('2026-11-20');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
    expect(sent.patches).toEqual([]);
  });

  it('confirms all unconfirmed lines of an order in one bulk request', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm all 2 lines of order PO-1001' }));
    await waitFor(() => {
      expect(sent.bulks).toHaveLength(1);
    });
    expect(sent.bulks[0]).toEqual([
      { sid: 'IG1', version: 3, confirmed: true },
      { sid: 'IG2', version: 5, confirmed: true },
    ]);
    expect(sent.patches).toEqual([]);
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith(
      '2 lines of order PO-1001 confirmed. The buyer sees them now.',
    );
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: /^Confirm all/ })).toBeNull();
    });
  });

  it('names the line that changed when a Confirm all is refused for it, and confirms nothing', async () => {
    serve(LINES);
    mswServer.use(
      http.patch('*/v1/itemGroups/bulk', () =>
        HttpResponse.json(
          { code: 'version_conflict', message: 'The item group changed.', current: { ...LINES[1], version: 6 } },
          { status: 409 },
        ),
      ),
    );
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm all 2 lines of order PO-1001' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Line 10 / shipment 2 changed meanwhile; here it is as it stands now. Answer again if needed.',
    );
    expect(alert.closest('li')?.textContent).toContain('Line 10 / shipment 2');
    expect(vi.mocked(notifySuccess)).not.toHaveBeenCalled();
  });

  it('shows a line changed meanwhile as it stands now', async () => {
    const sent = serve(LINES, () =>
      HttpResponse.json(
        { code: 'version_conflict', message: 'The item group changed.', current: { ...LINES[0], version: 4 } },
        { status: 409 },
      ),
    );
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm line 10 of order PO-1001' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Line 10 changed meanwhile; here it is as it stands now. Answer again if needed.');
    await waitFor(() => {
      expect(sent.lists.length).toBeGreaterThan(1);
    });
    expect(vi.mocked(notifySuccess)).not.toHaveBeenCalled();
  });

  it('shows another refusal next to the line', async () => {
    serve(LINES, () =>
      HttpResponse.json(
        { code: 'forbidden', message: 'Vendors cannot change dueDate.', field: 'dueDate' },
        { status: 403 },
      ),
    );
    openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm line 10 of order PO-1001' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Vendors cannot change dueDate.');
    expect(alert.closest('li')?.textContent).toContain('Line 10');
  });

  it('says a line cannot be supplied, with the reason it asks for first, and leaves it out of Confirm all', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    const po1 = await screen.findByRole('region', { name: 'Order PO-1001' });
    expect(within(po1).getByRole('button', { name: 'Confirm all 2 lines of order PO-1001' })).toBeTruthy();
    const open = within(po1).getByRole('button', { name: 'Cannot supply line 10 / shipment 2 of order PO-1001' });
    await userEvent.click(open);
    const form = await within(po1).findByRole('form', { name: 'Cannot supply line 10 / shipment 2 of order PO-1001' });
    const reason = within(form).getByRole('textbox', { name: 'Why can you not supply it?' });
    expect(document.activeElement).toBe(reason);
    await userEvent.click(within(form).getByRole('button', { name: 'Send: cannot supply' }));
    expect(within(form).getByRole('alert').textContent).toBe('Say why, so the buyer can look elsewhere in time.');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(sent.patches).toEqual([]);

    await userEvent.type(reason, '  Discontinued by the maker ');
    await userEvent.click(within(form).getByRole('button', { name: 'Send: cannot supply' }));
    await waitFor(() => {
      expect(sent.patches).toEqual([
        { sid: 'IG2', body: { cannotSupply: true, cannotSupplyReason: 'Discontinued by the maker', version: 5 } },
      ]);
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith(
      'Line 10 / shipment 2: the buyer is told you cannot supply it, and why.',
    );
    // The line says what the buyer sees; only its own Confirm (a change of mind) is left, not Confirm all.
    expect(await within(po1).findByText('You cannot supply it: Discontinued by the maker')).toBeTruthy();
    expect(within(po1).queryByRole('form', { name: /^Cannot supply/ })).toBeNull();
    expect(within(po1).queryByRole('button', { name: /^Cannot supply line 10 \/ shipment 2/ })).toBeNull();
    expect(within(po1).getByRole('button', { name: 'Confirm line 10 / shipment 2 of order PO-1001' })).toBeTruthy();
    expect(within(po1).queryByRole('button', { name: /^Confirm all/ })).toBeNull();
  });

  it('cancels a cannot-supply answer without sending anything, and gives the focus back', async () => {
    const sent = serve(LINES);
    openPortal('/portal');
    const open = await screen.findByRole('button', { name: 'Cannot supply line 10 of order PO-1001' });
    await userEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: /^Cannot supply/ })).toBeNull();
    await waitFor(() => {
      expect(document.activeElement).toBe(open);
    });
    expect(sent.patches).toEqual([]);
  });

  it('puts the lines the request in the link asked about first, and confirms them all at once', async () => {
    const sent = serve(LINES);
    const asked: string[] = [];
    mswServer.use(
      getGetUpdateRequestMockHandler(({ params }) => {
        asked.push(String(params.sid));
        return {
          ...getGetUpdateRequestResponseMock(),
          sid: 'UR1',
          created: '2026-11-30T12:00:00Z',
          orderSid: 'OR1',
          orderUniqueName: 'PO-1001',
          status: 'sent',
          lines: [
            { itemGroupSid: 'IG1', kind: 'request', dueAt: '2026-11-30T07:00:00Z' },
            { itemGroupSid: 'IG2', kind: 'request', dueAt: '2026-11-30T07:00:00Z' },
          ],
        };
      }),
    );
    openPortal('/portal?request=UR1');
    const request = await screen.findByRole('region', { name: 'Asked on 30 Nov 2026' });
    expect(asked).toEqual(['UR1']);
    expect(within(request).getByText('2 of 2 lines still to answer.')).toBeTruthy();
    const mine = within(request).getByRole('region', { name: 'Order PO-1001' });
    expect(
      within(mine)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Line 10', 'Line 10 / shipment 2']);
    // The rest follows: the same order's other line, and the other order.
    const rest = screen.getByRole('region', { name: 'Order PO-1001, lines not in this request' });
    expect(
      within(rest)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Line 20']);
    expect(screen.getByRole('region', { name: 'Order PO-1002' })).toBeTruthy();
    const regions = screen.getAllByRole('region').map((r) => r.getAttribute('aria-labelledby'));
    expect(regions.indexOf('asked-heading')).toBe(0);

    await userEvent.click(within(request).getByRole('button', { name: 'Confirm all 2 lines of this request' }));
    await waitFor(() => {
      expect(sent.bulks).toEqual([
        [
          { sid: 'IG1', version: 3, confirmed: true },
          { sid: 'IG2', version: 5, confirmed: true },
        ],
      ]);
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith(
      'All 2 lines of your update request confirmed. The buyer sees them now.',
    );
    expect(await within(request).findByText('You have answered all 2 lines of this request. Thank you!')).toBeTruthy();
    expect(within(request).queryByRole('button', { name: /^Confirm all/ })).toBeNull();
  });

  it('says when the request in the link cannot be found, and shows every open line', async () => {
    serve(LINES);
    mswServer.use(
      http.get('*/v1/updateRequests/:sid', () =>
        HttpResponse.json({ code: 'not_found', message: 'No such update request.' }, { status: 404 }),
      ),
    );
    openPortal('/portal?request=URgone');
    expect(
      await screen.findByText('The update request in your link could not be found. All your open lines are below.'),
    ).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Order PO-1001' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: /^Asked on/ })).toBeNull();
  });

  it("writes dates and quantities in the vendor's own language, and the words in English", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    serve([line('IG9', PO1, '10', '1', { quantity: '1234.5', dueDate: '2026-12-01', shipDate: '2026-11-20' })]);
    openPortal('/portal');
    const item = (await screen.findByRole('heading', { name: 'Line 10' })).closest('li');
    expect(item?.textContent).toContain('Quantity 1.234,5');
    expect(item?.textContent).toContain('Due 1. Dez. 2026');
    expect(item?.textContent).toContain('Ship date 20. Nov. 2026, not confirmed');
  });

  it('opens the first three orders and folds the rest behind buttons that say what is in them', async () => {
    const orders = [1, 2, 3, 4, 5].map((n): [string, string] => [`OR${n}`, `PO-200${n}`]);
    serve(
      orders.flatMap((o, i) => [
        line(`IG${i}a`, o, '10', '1', { dueDate: `2026-12-0${i + 1}` }),
        line(`IG${i}b`, o, '20', '1', { dueDate: `2026-12-0${i + 1}`, confirmed: true }),
      ]),
    );
    openPortal('/portal');
    const first = await screen.findByRole('region', { name: 'Order PO-2001' });
    expect(within(first).getAllByRole('listitem')).toHaveLength(2);
    expect(within(screen.getByRole('region', { name: 'Order PO-2003' })).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByRole('region', { name: 'Order PO-2004' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Show 2 more orders (4 lines, 2 to answer)' }));
    const fourth = screen.getByRole('region', { name: 'Order PO-2004' });
    await waitFor(() => {
      expect(document.activeElement?.textContent).toBe('Order PO-2004');
    });
    expect(within(fourth).queryByRole('listitem')).toBeNull();
    const show = within(fourth).getByRole('button', { name: 'Show the 2 lines of order PO-2004 (1 to answer)' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(show);
    expect(within(fourth).getAllByRole('listitem')).toHaveLength(2);
    expect(within(fourth).getByRole('button', { name: 'Confirm line 10 of order PO-2004' })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Order PO-2005' })).queryByRole('listitem')).toBeNull();
  });

  it('sends a new date as a proposal where the customer approves them, and shows what waits', async () => {
    const proposals: unknown[] = [];
    const waiting = line('IG7', PO2, '8', '1', { version: 2, shipDate: '2026-12-01' });
    waiting.context = {
      ...waiting.context!,
      pendingProposal: {
        sid: 'PR1',
        kind: 'dates',
        shipDate: '2027-01-08',
        deliveryDate: null,
        shipmentCount: 0,
        created: at,
      },
    };
    serve([...LINES, waiting], undefined, { approval: true });
    mswServer.use(
      http.post('*/v1/itemGroupProposals', async ({ request }) => {
        proposals.push(await request.json());
        return HttpResponse.json({}, { status: 201 });
      }),
      http.get('*/v1/itemGroupProposals', () => HttpResponse.json({ itemGroupProposals: [], page: noPage })),
    );
    openPortal('/portal');
    expect(
      await screen.findByText(/Northwind Robotics approves new dates and splits: they are sent as proposals/),
    ).toBeTruthy();
    expect(
      await screen.findByText('You proposed ship date 8 Jan 2027: waiting for Northwind Robotics to accept it.'),
    ).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Change date of line 10 of order PO-1001' }));
    const form = await screen.findByRole('form', { name: 'New ship date of line 10 of order PO-1001' });
    fireEvent.change(within(form).getByLabelText('New ship date'), { target: { value: '2027-01-20' } });
    await userEvent.type(within(form).getByLabelText('Reason (optional)'), 'Wafer allocation');
    await userEvent.click(within(form).getByRole('button', { name: 'Send for approval' }));
    await waitFor(() => {
      expect(proposals).toEqual([
        { itemGroupSid: 'IG1', version: 3, shipDate: '2027-01-20', reason: 'Wafer allocation' },
      ]);
    });
    expect(vi.mocked(notifySuccess)).toHaveBeenCalledWith(
      'Line 10: ship date 20 Jan 2027 sent with your reason to Northwind Robotics for approval. The line keeps its date until they accept it.',
    );
  });

  it('lets a contact serving two customers switch between them', async () => {
    const switched: unknown[] = [];
    const helix = { ...NORTHWIND, sid: 'OGhelix', name: 'Helix Medical Devices' };
    serve(LINES, undefined, { organizations: [helix, NORTHWIND] });
    mswServer.use(
      http.post('*/v1/session/organization', async ({ request }) => {
        switched.push(await request.json());
        return HttpResponse.json({});
      }),
      getGetUpdateRequestMockHandler({ ...getGetUpdateRequestResponseMock(), sid: 'UR1', lines: [] }),
    );
    openPortal('/portal?request=UR1');
    const select = await screen.findByRole('combobox', { name: 'Customer' });
    expect((select as HTMLSelectElement).value).toBe('OGdemo');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Helix Medical Devices (as Voltaris Components)', 'Northwind Robotics (as Voltaris Components)']);
    await userEvent.selectOptions(select, 'OGhelix');
    await waitFor(() => {
      expect(switched).toEqual([{ organizationSid: 'OGhelix' }]);
    });
    // The request in the address was the other customer's.
    await waitFor(() => {
      expect(window.location.search).toBe('');
    });
  });

  it('thanks the vendor when nothing is waiting', async () => {
    serve([LINES[4]]);
    openPortal('/portal');
    expect(await screen.findByText('Nothing is waiting for your answer. Thank you!')).toBeTruthy();
    expect(screen.queryByRole('listitem')).toBeNull();
  });
});
