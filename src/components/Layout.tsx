import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useCountFlags } from '../api/generated/hooks/flag-triage/flag-triage';
import { useCountMessages } from '../api/generated/hooks/message-inbox/message-inbox';
import { useLogout } from '../api/generated/hooks/session/session';
import type { Session } from '../api/generated/model';
import { RequireSession, SessionPending } from './RequireSession';
import { LiveUpdates } from './LiveUpdates';
import { forgetSession } from './forget-session';

const STAFF_NAV = [
  { to: '/', label: 'Today' },
  { to: '/orders', label: 'Orders' },
  { to: '/schedule', label: 'Schedule' },
  { to: '/flags', label: 'Flags' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/update-requests', label: 'Requests' },
  { to: '/mailbox', label: 'Mailbox' },
  { to: '/imports', label: 'Imports' },
  { to: '/clear-to-build', label: 'Clear to build' },
  { to: '/settings', label: 'Settings' },
];
/** Admins only: users, vendors, API keys, embedding. A short word, so the navigation keeps to one row at 1280 px. */
const ADMIN_NAV = { to: '/admin', label: 'Admin' };

function UserMenu({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogout();
  const name = [session.user.firstName, session.user.lastName].filter(Boolean).join(' ') || session.user.email;
  const signOut = async () => {
    await logout.mutateAsync().catch(() => undefined);
    await forgetSession(queryClient);
    await navigate('/login', { replace: true });
  };
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-3 text-sm lg:ml-auto lg:flex-nowrap lg:border-0 lg:pt-0">
      {/* At desktop widths short of extra-wide the navigation needs the room: who is signed in shows from 2xl
          (and on the folded menu of narrower screens); screen readers hear it at every width. */}
      <span className="min-w-0 text-slate-700 lg:sr-only 2xl:not-sr-only">
        {name} <span className="text-slate-600">· {session.organization.name}</span>
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={logout.isPending}
        className="min-h-11 rounded border border-slate-300 px-3 py-1.5 font-medium whitespace-nowrap hover:bg-slate-100 lg:min-h-9"
      >
        Sign out
      </button>
    </div>
  );
}

/** Open flags, in the navigation: read again whenever a flag changes, here or anywhere (useLiveUpdates). */
function OpenFlagCount() {
  const counts = useCountFlags({ status: 'open' }, { query: { staleTime: 30_000 } });
  const total = counts.data?.total;
  // The badge's room is kept while the count loads: the links after it do not move when it arrives.
  if (counts.isPending) return <span aria-hidden="true" className="ml-2 inline-block w-7" />;
  if (!total) return null;
  return (
    <span className="ml-2 rounded-full bg-red-100 px-2 text-xs font-semibold text-red-900">
      {total > 999 ? '999+' : total}
      <span className="sr-only"> open</span>
    </span>
  );
}

/** Unread messages, in the navigation: read again whenever a message arrives or is read (useLiveUpdates). */
function UnreadCount() {
  const counts = useCountMessages({ query: { staleTime: 30_000 } });
  const unread = counts.data?.unread;
  if (counts.isPending) return <span aria-hidden="true" className="ml-2 inline-block w-7" />;
  if (!unread) return null;
  return (
    <span className="ml-2 rounded-full bg-blue-100 px-2 text-xs font-semibold text-blue-900">
      {unread > 999 ? '999+' : unread}
      <span className="sr-only"> unread</span>
    </span>
  );
}

function Shell({ session }: { session: Session }) {
  const { pathname } = useLocation();
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  // Below the lg breakpoint the navigation and the user menu fold behind a
  // "Menu" button (a disclosure); from lg up they are always shown in one row.
  const [menuOpen, setMenuOpen] = useState(false);
  // A new page closes the menu: the page, not the menu, is what the user went to.
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }
  const closeMenu = () => {
    setMenuOpen(false);
    menuButton.current?.focus();
  };
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div
          className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 lg:py-3"
          onKeyDown={(e) => {
            // Escape closes the open menu and gives the focus back to its button.
            if (e.key === 'Escape' && menuOpen) {
              e.preventDefault();
              closeMenu();
            }
          }}
        >
          <NavLink to="/" className="inline-flex min-h-11 items-center text-lg font-semibold text-blue-900 lg:min-h-0">
            Factor
          </NavLink>
          <button
            ref={menuButton}
            type="button"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => {
              setMenuOpen((open) => !open);
            }}
            className="ml-auto inline-flex min-h-11 min-w-11 items-center gap-2 rounded border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100 lg:hidden"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor">
              {menuOpen ? (
                <path strokeWidth="2" strokeLinecap="round" d="M5 5l10 10M15 5L5 15" />
              ) : (
                <path strokeWidth="2" strokeLinecap="round" d="M3 5h14M3 10h14M3 15h14" />
              )}
            </svg>
            Menu
          </button>
          <div
            id={menuId}
            className={`${menuOpen ? 'flex' : 'hidden'} w-full flex-col gap-3 pb-2 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:gap-4 lg:pb-0`}
          >
            <nav aria-label="Main">
              <ul className="flex flex-col gap-1 lg:flex-row lg:flex-wrap">
                {(session.role === 'admin' ? [...STAFF_NAV, ADMIN_NAV] : STAFF_NAV).map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      end={item.to === '/'}
                      onClick={() => {
                        // The page shown already: no new page takes the focus, so its button does.
                        if (item.to === pathname) closeMenu();
                        else setMenuOpen(false);
                      }}
                      className={({ isActive }) =>
                        `flex min-h-11 items-center rounded px-3 py-2 text-sm font-medium lg:inline-flex lg:min-h-0 lg:px-2.5 ${isActive ? 'bg-blue-50 text-blue-900 underline underline-offset-4' : 'text-slate-700 hover:bg-slate-100'}`
                      }
                    >
                      {item.label}
                      {item.to === '/flags' && <OpenFlagCount />}
                      {item.to === '/inbox' && <UnreadCount />}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <UserMenu session={session} />
          </div>
        </div>
      </header>
      <LiveUpdates />
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-4 focus:outline-none sm:py-6">
        <Outlet />
      </main>
    </div>
  );
}

/** A vendor's pages are the portal, another document (portal.html), so a full navigation goes there. */
function ToPortal() {
  useEffect(() => {
    window.location.replace('/portal');
  }, []);
  return <SessionPending />;
}

export function Layout() {
  return (
    <RequireSession>
      {(session) => (session.role === 'vendor' ? <ToPortal /> : <Shell session={session} />)}
    </RequireSession>
  );
}
