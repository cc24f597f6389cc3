import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getExchangeVendorLinkTokenMockHandler,
  getExchangeVendorLinkTokenResponseMock,
  getRenewVendorLinkMockHandler,
} from '../../api/generated/hooks/session/session.msw';
import { usePathname } from '../../components/location';
import { renderWithClient } from '../../test/render';
import { recordRequests } from '../../test/requests';
import { mswServer } from '../../test/setup';
import PortalLinkPage from './PortalLinkPage';

/** The portal's two pages, switched on the path as the portal app does. */
function Pages() {
  return usePathname() === '/portal' ? <p>The portal</p> : <PortalLinkPage />;
}

const requests = recordRequests();
afterEach(() => {
  window.history.replaceState(null, '', '/');
});

/** Opens the page as the email's link does: the token in the fragment of the real address. */
function openLink(fragment: string) {
  window.history.replaceState(null, '', `/portal/link${fragment}`);
  return renderWithClient(<Pages />);
}

describe('PortalLinkPage', () => {
  it('trades the token for a session once, drops it from the address bar, and opens the portal on the request', async () => {
    const tokens: unknown[] = [];
    mswServer.use(
      getExchangeVendorLinkTokenMockHandler(async ({ request }) => {
        tokens.push(await request.json());
        return getExchangeVendorLinkTokenResponseMock();
      }),
    );
    const entries = window.history.length;
    openLink('#token=vl_s3cret&request=UR123');
    expect(await screen.findByText('The portal')).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/portal?request=UR123');
    // In place: Back does not return to the used link.
    expect(window.history.length).toBe(entries);
    expect(tokens).toEqual([{ token: 'vl_s3cret' }]);
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain('s3cret');
  });

  it('says when the link expired or was used, and emails a new one on request', async () => {
    const renewed: unknown[] = [];
    mswServer.use(
      http.post('*/v1/session/vendorLink', () =>
        HttpResponse.json(
          { code: 'unauthenticated', message: 'This link has expired or was already used. Ask for a new one.' },
          { status: 401 },
        ),
      ),
      getRenewVendorLinkMockHandler(async ({ request }) => {
        renewed.push(await request.json());
        return { message: 'If this link came from us, a new one is on its way to the address it was sent to.' };
      }),
    );
    openLink('#token=vl_old');
    expect(await screen.findByText('This link has expired or was already used.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Email me a new link' }));
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'If this link came from us, a new one is on its way to the address it was sent to.',
    );
    expect(renewed).toEqual([{ token: 'vl_old' }]);
    expect(screen.queryByRole('button', { name: 'Email me a new link' })).toBeNull();
  });

  it('says when the link is not complete, and asks nothing', async () => {
    openLink('#request=UR123');
    expect(await screen.findByText('This link is not complete.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'sign in' }).getAttribute('href')).toBe('/login');
    expect(requests.list()).toEqual([]);
  });
});
