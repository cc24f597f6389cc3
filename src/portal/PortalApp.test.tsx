import { QueryObserver } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { getListMessagesMockHandler } from '../api/generated/hooks/message-inbox/message-inbox.msw';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getListItemGroupsMockHandler } from '../api/generated/hooks/item-groups/item-groups.msw';
import { getGetPublicOrganizationMockHandler } from '../api/generated/hooks/organizations/organizations.msw';
import { getGetSessionQueryKey } from '../api/generated/hooks/session/session';
import {
  getGetSessionMockHandler,
  getGetSessionResponseMock,
  getLogoutMockHandler,
} from '../api/generated/hooks/session/session.msw';
import type { Role, Session } from '../api/generated/model';
import { ApiError } from '../api/http';
import { recordRequests } from '../test/requests';
import { mswServer } from '../test/setup';
import { createPortalQueryClient, PortalApp } from './PortalApp';

const at = '2026-11-02T09:30:00Z';
const requests = recordRequests();

function session(role: Role): Session {
  const mock = getGetSessionResponseMock();
  return {
    ...mock,
    role,
    vendorSids: role === 'vendor' ? ['VE1'] : [],
    user: { ...mock.user, firstName: 'Mara', lastName: 'Voss' },
    organization: { sid: 'OGdemo', name: 'Northwind Robotics', created: at, updated: at },
  };
}

/** The API a signed-in user of `role` meets on /portal (no lines waiting); `null`: nobody is signed in. */
function serve(role: Role | null) {
  mswServer.use(
    role
      ? getGetSessionMockHandler(session(role))
      : http.get('*/v1/session', () =>
          HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
        ),
    getGetPublicOrganizationMockHandler({ sid: 'OGdemo', name: 'Northwind Robotics', logo100x100: null }),
    getListMessagesMockHandler({ messages: [], page: { previousPageToken: null, nextPageToken: null } }),
    role
      ? getListItemGroupsMockHandler({ itemGroups: [], page: { previousPageToken: null, nextPageToken: null } })
      : http.get('*/v1/itemGroups', () =>
          HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
        ),
  );
}

/** The portal app at `path`, as portal.html starts it; full navigations are recorded, not made. */
function openPortal(path: string) {
  window.history.replaceState(null, '', path);
  const queryClient = createPortalQueryClient();
  render(<PortalApp queryClient={queryClient} />);
  return queryClient;
}

let replace: MockInstance<(url: string | URL) => void>;
let assign: MockInstance<(url: string | URL) => void>;
beforeEach(() => {
  replace = vi.spyOn(window.location, 'replace').mockImplementation(() => undefined);
  assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('the vendor portal app', () => {
  it("shows the vendor's page in a shell with a skip link, a main landmark and who is signed in", async () => {
    serve('vendor');
    openPortal('/portal');
    const main = screen.getByRole('main');
    expect(
      await within(main).findByRole('heading', { level: 1, name: 'Update requests from Northwind Robotics' }),
    ).toBeTruthy();
    expect(await within(main).findByText('Nothing is waiting for your answer. Thank you!')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
    expect(main.id).toBe('main');
    const header = screen.getByRole('banner');
    expect(within(header).getByText('Mara Voss')).toBeTruthy();
    expect(within(header).getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(replace).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
  });

  it('sends a buyer to sign in, coming back to the portal address asked for', async () => {
    serve('buyer');
    // The page asks for the request as it mounts, alongside the session.
    mswServer.use(http.get('*/v1/updateRequests/:sid', () => HttpResponse.json({}, { status: 404 })));
    openPortal('/portal?request=UR1');
    await waitFor(() => {
      expect(replace).toHaveBeenCalledWith('/login?next=%2Fportal%3Frequest%3DUR1');
    });
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('sends a visitor without a session to sign in', async () => {
    serve(null);
    openPortal('/portal');
    await waitFor(() => {
      expect(replace).toHaveBeenCalledWith('/login?next=%2Fportal');
    });
    expect(assign).not.toHaveBeenCalled();
  });

  it('signs out: the session is ended, nothing stays in memory, and the browser goes to sign in', async () => {
    serve('vendor');
    mswServer.use(getLogoutMockHandler());
    const queryClient = openPortal('/portal');
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => {
      expect(replace).toHaveBeenCalledWith('/login');
    });
    expect(requests.list()).toContain('POST /v1/session/logout');
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .map((q) => q.queryKey),
    ).toEqual([]);
  });

  it('says when there is no such page of the portal, and asks nothing', () => {
    openPortal('/portal/nothing-here');
    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your update requests' }).getAttribute('href')).toBe('/portal');
    expect(requests.list()).toEqual([]);
  });

  it("opens the emailed link's page without a session", async () => {
    openPortal('/portal/link');
    expect(await screen.findByRole('heading', { level: 1, name: 'Your update requests' })).toBeTruthy();
    expect(screen.getByText('This link is not complete.')).toBeTruthy();
    expect(requests.list()).toEqual([]);
  });
});

describe("the portal's query client", () => {
  /** A query that the server refuses with `status`, as a generated hook's would be. */
  async function refuse(queryClient: ReturnType<typeof createPortalQueryClient>, status: number) {
    const observer = new QueryObserver(queryClient, {
      queryKey: ['refused', status],
      queryFn: () => Promise.reject(new ApiError(status, { code: 'x', message: 'Refused.' })),
      retry: false,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await waitFor(() => {
      expect(observer.getCurrentResult().isError).toBe(true);
    });
    unsubscribe();
  }

  it('sends a session that ends (a 401 once signed in) to sign in, back to where the vendor was', async () => {
    window.history.replaceState(null, '', '/portal?request=UR9');
    const queryClient = createPortalQueryClient();
    queryClient.setQueryData(getGetSessionQueryKey(), session('vendor'));
    await refuse(queryClient, 403);
    expect(assign).not.toHaveBeenCalled();
    await refuse(queryClient, 401);
    expect(assign).toHaveBeenCalledWith('/login?next=%2Fportal%3Frequest%3DUR9');
    expect(queryClient.getQueryData(getGetSessionQueryKey())).toBeUndefined();
  });

  it("leaves a 401 without a session, and the link page's, to the page", async () => {
    window.history.replaceState(null, '', '/portal');
    await refuse(createPortalQueryClient(), 401);
    window.history.replaceState(null, '', '/portal/link');
    const linked = createPortalQueryClient();
    linked.setQueryData(getGetSessionQueryKey(), session('vendor'));
    await refuse(linked, 401);
    expect(assign).not.toHaveBeenCalled();
  });
});
