import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  getGetOutboxEmailMockHandler,
  getListOutboxEmailsMockHandler,
} from '../../api/generated/hooks/outbox-emails/outbox-emails.msw';
import type { OutboxEmail, OutboxEmailDetail } from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import MailboxPage from './MailboxPage';

const routes = [{ path: '/mailbox', Component: MailboxPage }];
const noPage = { previousPageToken: null, nextPageToken: null };

function email(n: number, changes: Partial<OutboxEmail> = {}): OutboxEmail {
  return {
    sid: `OE${String(n)}`,
    created: `2026-11-0${String(n)}T09:30:00Z`,
    kind: 'updateRequest',
    toAddress: `sales${String(n)}@voltaris.example`,
    replyTo: 'ada.buyer@northwind.example',
    subject: `Update request for PO-100${String(n)}`,
    status: 'queued',
    attempts: 0,
    lastError: null,
    sent: null,
    updateRequestSid: `UR${String(n)}`,
    ...changes,
  };
}

const EMAILS = [
  email(2, { status: 'failed', attempts: 3, lastError: '550 mailbox unavailable' }),
  email(1, { status: 'sent', sent: '2026-11-01T09:31:00Z', attempts: 1 }),
];

function detail(e: OutboxEmail): OutboxEmailDetail {
  return {
    ...e,
    textBody: `Hello,\nPlease confirm the dates of ${e.subject}.`,
    htmlBody: `<p>Hello,</p><p>Please confirm the dates of <b>${e.subject}</b>.</p><script>alert(1)</script>`,
    headers: { 'List-Unsubscribe': '<https://factor.example/unsubscribe>' },
    portalLinksLive: false,
  };
}

/** The outbox over `emails`, filtered by recipient as the API does; it keeps the query strings it received. */
function serve(emails: OutboxEmail[]) {
  const lists: URLSearchParams[] = [];
  const reads: string[] = [];
  mswServer.use(
    getListOutboxEmailsMockHandler(({ request }) => {
      const params = new URL(request.url).searchParams;
      lists.push(params);
      const to = params.get('toAddress');
      return { outboxEmails: emails.filter((e) => !to || e.toAddress === to), page: noPage };
    }),
    getGetOutboxEmailMockHandler(({ params }) => {
      const sid = String(params.sid);
      reads.push(sid);
      const found = emails.find((e) => e.sid === sid);
      if (!found) throw new Error(`no email ${sid}`);
      return detail(found);
    }),
  );
  return { lists, reads };
}

describe('MailboxPage', () => {
  it('lists the emails, newest first, with recipient, subject, time and status', async () => {
    const server = serve(EMAILS);
    renderRoutes(routes, '/mailbox');
    const list = await screen.findByRole('list', { name: 'Emails' });
    const links = within(list).getAllByRole('link');
    expect(links).toHaveLength(2);
    expect(links[0].textContent).toContain('sales2@voltaris.example');
    expect(links[0].textContent).toContain('Update request for PO-1002');
    expect(links[0].textContent).toMatch(/2 Nov 2026, \d\d:30/);
    expect(within(links[0]).getByText('Failed')).toBeTruthy();
    expect(within(links[1]).getByText('Sent')).toBeTruthy();
    expect(links[0].getAttribute('href')).toBe('/mailbox?email=OE2');
    expect(Object.fromEntries(server.lists[0])).toEqual({ pageSize: '50' });
    expect(screen.getByText('Choose an email to read it as its recipient sees it.')).toBeTruthy();
    expect(server.reads).toEqual([]);
  });

  it('shows the chosen email in a sandboxed frame, with a plain text toggle, kept in the URL', async () => {
    const server = serve(EMAILS);
    const { router } = renderRoutes(routes, '/mailbox');
    const list = await screen.findByRole('list', { name: 'Emails' });
    await userEvent.click(within(list).getByRole('link', { name: /sales2@voltaris\.example/ }));
    expect(router.state.location.search).toBe('?email=OE2');

    const pane = await screen.findByRole('region', { name: 'Update request for PO-1002' });
    const frame = await within(pane).findByTitle<HTMLIFrameElement>(/as sales2@voltaris\.example sees it/);
    expect(frame.tagName).toBe('IFRAME');
    // An empty sandbox: no scripts, no same origin.
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe(detail(EMAILS[0]).htmlBody);
    expect(server.reads).toEqual(['OE2']);
    // The focus goes to the email chosen.
    expect(document.activeElement).toBe(within(pane).getByRole('heading', { name: 'Update request for PO-1002' }));

    // Its envelope and delivery state.
    const fields = pane.querySelector('dl')!;
    expect(fields.textContent).toContain('Tosales2@voltaris.example');
    expect(fields.textContent).toContain('Reply-Toada.buyer@northwind.example');
    expect(fields.textContent).toContain('SubjectUpdate request for PO-1002');
    expect(fields.textContent).toContain('Failed');
    expect(fields.textContent).toContain('3 attempts');
    expect(fields.textContent).toContain('Last error550 mailbox unavailable');
    expect(within(list).getByRole('link', { current: true }).getAttribute('href')).toBe('/mailbox?email=OE2');

    // Plain text instead of the HTML, and back.
    const toggle = within(pane).getByRole('button', { name: 'Plain text' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    const pre = pane.querySelector('pre');
    expect(pre?.textContent).toBe('Hello,\nPlease confirm the dates of Update request for PO-1002.');
    expect(pane.querySelector('iframe')).toBeNull();
    await userEvent.click(toggle);
    expect(pane.querySelector('iframe')).not.toBeNull();
    expect(pane.querySelector('pre')).toBeNull();
  });

  it('offers to open the portal as the recipient when the server shows portal links live, and only then', async () => {
    const link = 'http://127.0.0.1:5173/portal/link#token=vl_live&request=UR7';
    mswServer.use(
      getListOutboxEmailsMockHandler(() => ({ outboxEmails: EMAILS, page: noPage })),
      getGetOutboxEmailMockHandler(({ params }) => {
        const found = EMAILS.find((e) => e.sid === String(params.sid))!;
        return { ...detail(found), textBody: `Hello,\nAnswer here: ${link}\n`, portalLinksLive: found.sid === 'OE2' };
      }),
    );
    const { router } = renderRoutes(routes, '/mailbox?email=OE2');
    const open = await screen.findByRole('link', { name: 'Open the portal as sales2@voltaris.example' });
    expect(open.getAttribute('href')).toBe(link);
    await router.navigate('/mailbox?email=OE1');
    await screen.findByRole('heading', { name: 'Update request for PO-1001' });
    expect(screen.queryByRole('link', { name: /^Open the portal as / })).toBeNull();
  });

  it('opens the email named in the URL, and "Back to the mailbox" returns to the list', async () => {
    serve(EMAILS);
    const { router } = renderRoutes(routes, '/mailbox?email=OE1');
    const pane = await screen.findByRole('region', { name: 'Update request for PO-1001' });
    expect(await within(pane).findByText(/^on 1 Nov 2026/)).toBeTruthy();
    expect(within(pane).queryByText('Last error')).toBeNull();
    await userEvent.click(within(pane).getByRole('button', { name: /Back to the mailbox/ }));
    expect(router.state.location.search).toBe('');
    await waitFor(() => {
      expect(screen.queryByRole('region', { name: 'Update request for PO-1001' })).toBeNull();
    });
    // The focus is back on the email in the list.
    expect(document.activeElement?.getAttribute('href')).toBe('/mailbox?email=OE1');
  });

  it('filters by recipient address through the URL and the query string', async () => {
    const server = serve(EMAILS);
    const { router } = renderRoutes(routes, '/mailbox');
    await screen.findByRole('list', { name: 'Emails' });
    await userEvent.type(screen.getByLabelText('Recipient address'), 'sales1@voltaris.example{Enter}');
    expect(router.state.location.search).toBe('?to=sales1%40voltaris.example');
    await waitFor(() => {
      expect(within(screen.getByRole('list', { name: 'Emails' })).getAllByRole('link')).toHaveLength(1);
    });
    expect(server.lists.at(-1)?.get('toAddress')).toBe('sales1@voltaris.example');

    await userEvent.clear(screen.getByLabelText('Recipient address'));
    await userEvent.type(screen.getByLabelText('Recipient address'), 'nobody@example.com{Enter}');
    expect(await screen.findByText('No emails to nobody@example.com.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(router.state.location.search).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Recipient address').value).toBe('');
    await waitFor(() => {
      expect(within(screen.getByRole('list', { name: 'Emails' })).getAllByRole('link')).toHaveLength(2);
    });
  });

  it("lists one update request's emails when the URL names it", async () => {
    const server = serve(EMAILS);
    mswServer.use(
      getListOutboxEmailsMockHandler(({ request }) => {
        const params = new URL(request.url).searchParams;
        server.lists.push(params);
        const ur = params.get('updateRequestSid');
        return { outboxEmails: EMAILS.filter((e) => !ur || e.updateRequestSid === ur), page: noPage };
      }),
    );
    const { router } = renderRoutes(routes, '/mailbox?updateRequest=UR1');
    await screen.findByText('Only the emails of one update request.');
    await waitFor(() => {
      expect(within(screen.getByRole('list', { name: 'Emails' })).getAllByRole('link')).toHaveLength(1);
    });
    expect(Object.fromEntries(server.lists[0])).toEqual({ updateRequestSid: 'UR1', pageSize: '50' });
    await userEvent.click(screen.getByRole('button', { name: 'Show every email' }));
    expect(router.state.location.search).toBe('');
    await waitFor(() => {
      expect(within(screen.getByRole('list', { name: 'Emails' })).getAllByRole('link')).toHaveLength(2);
    });
  });

  it('says where emails come from when there are none', async () => {
    serve([]);
    renderRoutes(routes, '/mailbox');
    expect(
      await screen.findByText('No emails yet: the follow-up engine writes here when it asks vendors for updates.'),
    ).toBeTruthy();
  });
});
