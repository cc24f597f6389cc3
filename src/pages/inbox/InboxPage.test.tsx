import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  getDismissHeldInboundEmailMockHandler,
  getListInboundEmailsMockHandler,
  getMatchHeldInboundEmailMockHandler,
} from '../../api/generated/hooks/inbound-email-replies/inbound-email-replies.msw';
import {
  getListItemGroupsMockHandler,
  getListItemGroupsResponseMock,
} from '../../api/generated/hooks/item-groups/item-groups.msw';
import {
  getCountMessagesMockHandler,
  getListMessagesMockHandler,
} from '../../api/generated/hooks/message-inbox/message-inbox.msw';
import type { InboundEmail, ItemGroup, MatchHeldInboundEmailRequest } from '../../api/generated/model';
import { Toaster } from '../../components/toast';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import InboxPage from './InboxPage';

const routes = [
  {
    path: '/inbox',
    Component: () => (
      <>
        <InboxPage />
        <Toaster />
      </>
    ),
  },
];
const noPage = { previousPageToken: null, nextPageToken: null };
const at = '2026-12-01T09:30:00Z';

function heldEmail(sid: string, subject: string, overrides: Partial<InboundEmail> = {}): InboundEmail {
  return {
    sid,
    created: at,
    updated: at,
    version: 1,
    organizationSid: 'OGdemo',
    fromEmail: 'mara@voltaris.example',
    toEmails: ['purchasing@northwind.example'],
    ccEmails: [],
    content: 'All 40 ship on Friday.\n\n> earlier mail',
    s3Bucket: null,
    s3Key: null,
    frontUrl: null,
    status: 'held',
    holdReason: 'It names no conversation: no reply token and no email of this organization it answers.',
    messageSid: null,
    subject,
    date: at,
    ...overrides,
  };
}

function line(sid: string, order: string, mpn: string): ItemGroup {
  const [mock] = getListItemGroupsResponseMock().itemGroups;
  return {
    ...mock,
    sid,
    orderSid: `OR${order}`,
    quantity: '40',
    dueDate: '2026-12-20',
    delivered: false,
    status: 'active',
    context: { ...mock.context, orderUniqueName: order, manufacturerPartNumber: mpn, vendorName: 'Voltaris' },
  } as ItemGroup;
}

/** The API of the page: the held list shrinks as emails are matched or dismissed. */
function serve(emails: InboundEmail[]) {
  let held = emails;
  const matched: { sid: string; body: MatchHeldInboundEmailRequest }[] = [];
  const dismissed: string[] = [];
  mswServer.use(
    getCountMessagesMockHandler({ unread: 0 }),
    getListMessagesMockHandler({ messages: [], page: noPage }),
    getListInboundEmailsMockHandler(() => ({ inboundEmails: held, page: noPage })),
    getListItemGroupsMockHandler(({ request }) => {
      const q = new URL(request.url).searchParams.get('q') ?? '';
      const lines = [
        line('IG1', 'PO-1001', 'CAP-100N'),
        line('IG2', 'PO-1001', 'RES-10K'),
        line('IG3', 'PO-2002', 'BRK-7'),
      ];
      return { itemGroups: lines.filter((l) => l.context?.orderUniqueName?.includes(q)), page: noPage };
    }),
    getMatchHeldInboundEmailMockHandler(async ({ request, params }) => {
      const sid = String(params.sid);
      matched.push({ sid, body: (await request.json()) as MatchHeldInboundEmailRequest });
      held = held.filter((e) => e.sid !== sid);
      return heldEmail(sid, 'matched', { status: 'matched', messageSid: 'MS1' });
    }),
    getDismissHeldInboundEmailMockHandler(({ params }) => {
      const sid = String(params.sid);
      dismissed.push(sid);
      held = held.filter((e) => e.sid !== sid);
      return heldEmail(sid, 'dismissed', { status: 'dismissed' });
    }),
  );
  return { matched, dismissed };
}

describe('InboxPage: held email', () => {
  it('shows nothing of held email when none is held', async () => {
    serve([]);
    renderRoutes(routes, '/inbox');
    expect(await screen.findByText(/No messages yet/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Held email/ })).toBeNull();
    // The messages are a section of their own, named by its heading.
    expect(screen.getByRole('region', { name: 'Messages' }).contains(screen.getByText(/No messages yet/))).toBe(true);
  });

  it('matches a held email to the lines chosen from a search, and it leaves the list', async () => {
    const sent = serve([heldEmail('IE1', 'Re: PO-1001 dates'), heldEmail('IE2', 'Newsletter')]);
    renderRoutes(routes, '/inbox');
    const section = await screen.findByRole('region', { name: 'Held email (2)' });
    const first = within(section).getByRole('article', { name: 'Re: PO-1001 dates' });
    expect(within(first).getByText(/Held: It names no conversation/)).toBeTruthy();
    await userEvent.click(
      within(first).getByRole('button', {
        name: 'Match to order lines… “Re: PO-1001 dates” from mara@voltaris.example',
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Match “Re: PO-1001 dates” to order lines' });
    const submit = within(dialog).getByRole('button', { name: 'Choose a line first' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    // The order number in the subject starts the search.
    expect(
      within(dialog).getByRole<HTMLInputElement>('searchbox', { name: 'Find the order lines it is about' }).value,
    ).toBe('PO-1001');
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: /PO-1001 · CAP-100N/ }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /PO-1001 · RES-10K/ }));
    expect(within(dialog).queryByRole('checkbox', { name: /PO-2002/ })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Match to 2 lines' }));
    await waitFor(() => {
      expect(sent.matched).toEqual([{ sid: 'IE1', body: { itemGroupSids: ['IG1', 'IG2'] } }]);
    });
    expect(await screen.findByText('The email from mara@voltaris.example is now a message on 2 lines.')).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Held email (1)' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('dismisses a held email after asking, and shows a refusal in the dialog', async () => {
    const sent = serve([heldEmail('IE2', 'Newsletter')]);
    // The first try meets a server that cannot be reached; the user tries again.
    let refused = false;
    mswServer.use(
      http.post('*/v1/inboundEmails/:sid/dismiss', () => {
        if (refused) return undefined;
        refused = true;
        return HttpResponse.json({ code: 'unavailable', message: 'Try again in a moment.' }, { status: 503 });
      }),
    );
    renderRoutes(routes, '/inbox');
    const section = await screen.findByRole('region', { name: 'Held email (1)' });
    await userEvent.click(
      within(section).getByRole('button', { name: 'Dismiss “Newsletter” from mara@voltaris.example' }),
    );
    const ask = await screen.findByRole('dialog', { name: 'Dismiss this email?' });
    await userEvent.click(within(ask).getByRole('button', { name: 'Dismiss' }));
    expect((await within(ask).findByRole('alert')).textContent).toBe('Try again in a moment.');
    expect(sent.dismissed).toEqual([]);
    await userEvent.click(within(ask).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => {
      expect(sent.dismissed).toEqual(['IE2']);
    });
    await waitFor(() => {
      expect(screen.queryByRole('region', { name: /Held email/ })).toBeNull();
    });
  });
});
