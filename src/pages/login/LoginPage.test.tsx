import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getLoginMockHandler, getLoginResponseMock } from '../../api/generated/hooks/session/session.msw';
import type { Role } from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import LoginPage from './LoginPage';

function Elsewhere() {
  const { pathname, search } = useLocation();
  return <p>Now at {`${pathname}${search}`}</p>;
}

const routes = [
  { path: '/login', Component: LoginPage },
  { path: '*', Component: Elsewhere },
];

let replace: MockInstance<(url: string | URL) => void>;
beforeEach(() => {
  replace = vi.spyOn(window.location, 'replace').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Signs in as a user of `role` on /login with `search`. */
async function signIn(role: Role, search = '') {
  mswServer.use(getLoginMockHandler(getLoginResponseMock({ role })));
  renderRoutes(routes, `/login${search}`);
  await userEvent.type(screen.getByLabelText('Email'), 'someone@example.com');
  await userEvent.type(screen.getByLabelText('Password'), 'factor-demo-2026');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it("sends a vendor to its portal, another document, with a full navigation (to the portal's next, if any)", async () => {
    await signIn('vendor');
    await waitFor(() => {
      expect(replace).toHaveBeenCalledWith('/portal');
    });
    replace.mockClear();
    cleanup();
    await signIn('vendor', `?next=${encodeURIComponent('/portal?request=UR1')}`);
    await waitFor(() => {
      expect(replace).toHaveBeenCalledWith('/portal?request=UR1');
    });
  });

  it("sends a vendor to its portal when next is a buyer's page", async () => {
    await signIn('vendor', `?next=${encodeURIComponent('/orders')}`);
    await waitFor(() => {
      expect(replace).toHaveBeenCalledWith('/portal');
    });
    expect(screen.queryByText(/^Now at/)).toBeNull();
  });

  it('brings a buyer back to the page asked for, within the app', async () => {
    await signIn('buyer', `?next=${encodeURIComponent('/flags?status=open')}`);
    expect(await screen.findByText('Now at /flags?status=open')).toBeTruthy();
    expect(replace).not.toHaveBeenCalled();
  });

  it("sends a buyer to the home page rather than to the vendor portal or another site's address", async () => {
    await signIn('buyer', `?next=${encodeURIComponent('/portal')}`);
    expect(await screen.findByText('Now at /')).toBeTruthy();
    cleanup();
    await signIn('admin', `?next=${encodeURIComponent('//evil.example/x')}`);
    expect(await screen.findByText('Now at /')).toBeTruthy();
    expect(replace).not.toHaveBeenCalled();
  });
});
