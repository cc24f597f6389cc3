import { useQueryClient } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../api/generated/hooks/session/session';
import type { Session } from '../api/generated/model';
import { RequireSession } from './RequireSession';

const STAFF_NAV = [
  { to: '/orders', label: 'Orders' },
  { to: '/schedule', label: 'Schedule' },
  { to: '/flags', label: 'Flags' },
  { to: '/imports', label: 'Imports' },
  { to: '/clear-to-build', label: 'Clear to build' },
  { to: '/settings', label: 'Settings' },
];
const VENDOR_NAV = [{ to: '/portal', label: 'Your lines' }];

/** Pages a vendor may open; any other page sends a vendor to its portal. */
const VENDOR_PATHS = ['/portal'];

function UserMenu({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogout();
  const name = [session.user.firstName, session.user.lastName].filter(Boolean).join(' ') || session.user.email;
  const signOut = async () => {
    await logout.mutateAsync().catch(() => undefined);
    // Nothing of this user's data stays in memory for the next one.
    queryClient.clear();
    await navigate('/login', { replace: true });
  };
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      <span className="text-slate-700">
        {name} <span className="text-slate-500">· {session.organization.name}</span>
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={logout.isPending}
        className="rounded border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100"
      >
        Sign out
      </button>
    </div>
  );
}

function Shell({ session }: { session: Session }) {
  const { pathname } = useLocation();
  const vendor = session.role === 'vendor';
  if (vendor && !VENDOR_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    return <Navigate to="/portal" replace />;
  }
  const nav = vendor ? VENDOR_NAV : STAFF_NAV;
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-6 px-4 py-3">
          <NavLink to={vendor ? '/portal' : '/orders'} className="text-lg font-semibold text-blue-900">
            Factor
          </NavLink>
          <nav aria-label="Main">
            <ul className="flex flex-wrap gap-1">
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    className={({ isActive }) =>
                      `rounded px-3 py-2 text-sm font-medium ${isActive ? 'bg-blue-50 text-blue-900 underline underline-offset-4' : 'text-slate-700 hover:bg-slate-100'}`
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <UserMenu session={session} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        <Outlet />
      </main>
    </div>
  );
}

export function Layout() {
  return <RequireSession>{(session) => <Shell session={session} />}</RequireSession>;
}
