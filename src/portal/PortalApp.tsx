// The vendor portal as a document of its own (portal.html): a vendor, often
// on a phone from an emailed link, downloads the portal's two pages and
// nothing of the buyer's app. No router: the path picks the page
// (components/location.ts). Sign-in stays in the main app (/login), reached
// with a full navigation.
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { getGetSessionQueryKey, useGetSession, useLogout } from '../api/generated/hooks/session/session';
import type { Session } from '../api/generated/model';
import { isApiError } from '../api/http';
import { createQueryClient } from '../app/query-client';
import { usePathname } from '../components/location';
import { LiveUpdates } from '../components/LiveUpdates';
import { PageHeader } from '../components/PageHeader';
import { Toaster } from '../components/toast';
import VendorPortalPage from '../pages/vendor-portal/VendorPortalPage';
import { forgetSession } from '../components/forget-session';

// Opened once per emailed link, and then left: it loads on its own, so the lines' page (the one a vendor comes back
// to) stays within the portal's first-load budget.
const PortalLinkPage = lazy(() => import('../pages/portal-link/PortalLinkPage'));

// As the page asks for it (VendorPortalPage): one request serves both.
const SESSION_QUERY = { staleTime: 5 * 60_000, retryOnMount: false };

/** The main app's sign-in, which brings the user back to this address afterwards. */
function goToLogin({ replace }: { replace: boolean }): void {
  const next = encodeURIComponent(`${window.location.pathname}${window.location.search}`);
  if (replace) window.location.replace(`/login?next=${next}`);
  else window.location.assign(`/login?next=${next}`);
}

/** The portal's query client: a session that ends (any 401 once signed in) goes to sign-in, as in the main app. */
export function createPortalQueryClient(): QueryClient {
  return createQueryClient((client) => {
    // Only a session that existed can end: without one the shell sends the visitor to sign in.
    if (!client.getQueryData(getGetSessionQueryKey())) return;
    // The link page's 401 is a used link, which it explains itself.
    if (window.location.pathname === '/portal/link') return;
    client.removeQueries({ queryKey: getGetSessionQueryKey() });
    goToLogin({ replace: false });
  });
}

function SignOut({ session, onLeave }: { session: Session; onLeave: () => void }) {
  const queryClient = useQueryClient();
  const logout = useLogout();
  const name = [session.user.firstName, session.user.lastName].filter(Boolean).join(' ') || session.user.email;
  const signOut = async () => {
    // The page goes first: nothing on it reads again (and fills the cache) while the session ends.
    onLeave();
    await logout.mutateAsync().catch(() => undefined);
    await forgetSession(queryClient);
    window.location.replace('/login');
  };
  return (
    <>
      <span className="min-w-0 flex-1 truncate text-sm text-slate-700">{name}</span>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={logout.isPending}
        className="min-h-11 shrink-0 rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
      >
        Sign out
      </button>
    </>
  );
}

function Pending() {
  return (
    <p role="status" className="p-8 text-center text-slate-700">
      Checking your session…
    </p>
  );
}

/**
 * The vendor's header and main landmark. The page mounts at once, so that its
 * lines are asked for alongside the session rather than after it; without a
 * vendor's session (none, or a buyer's) the browser goes to sign in.
 */
function VendorShell({ children }: { children: ReactNode }) {
  const session = useGetSession({ query: SESSION_QUERY });
  const signedOut = session.isError && isApiError(session.error) && session.error.status === 401;
  const away = signedOut || (session.data !== undefined && session.data.role !== 'vendor');
  const [leaving, setLeaving] = useState(false);
  useEffect(() => {
    if (away) goToLogin({ replace: true });
  }, [away]);

  let content = children;
  if (away || leaving) content = <Pending />;
  else if (session.isError) {
    content = (
      <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-red-900">
        <p className="font-medium">Could not check your session.</p>
        <p className="mt-1 text-sm">{session.error.message}</p>
        <button
          type="button"
          onClick={() => void session.refetch()}
          className="mt-3 min-h-11 rounded bg-red-800 px-3 py-1.5 text-sm text-white"
        >
          Try again
        </button>
      </div>
    );
  }
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center gap-3 px-4 py-2">
          <a href="/portal" className="inline-flex min-h-11 shrink-0 items-center text-lg font-semibold text-blue-900">
            Factor
          </a>
          {session.data && !away ? (
            <SignOut
              session={session.data}
              onLeave={() => {
                setLeaving(true);
              }}
            />
          ) : null}
        </div>
      </header>
      {session.data && !away && !leaving ? <LiveUpdates /> : null}
      <main id="main" tabIndex={-1} className="px-4 py-4 focus:outline-none sm:py-6">
        {content}
      </main>
    </div>
  );
}

function NotFound({ pathname }: { pathname: string }) {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-4 sm:py-6">
      <PageHeader title="Page not found" />
      <p className="text-slate-700">
        There is no page at <code className="rounded bg-slate-100 px-1 break-all">{pathname}</code>.
      </p>
      <p className="mt-4">
        <a href="/portal" className="inline-flex min-h-11 items-center text-blue-800 underline">
          Go to your update requests
        </a>
      </p>
    </main>
  );
}

function Pages() {
  const pathname = usePathname();
  // The link page is public: it is what makes the session.
  if (pathname === '/portal/link') {
    return (
      <Suspense
        fallback={
          <p role="status" className="p-8 text-center text-slate-700">
            Opening your link…
          </p>
        }
      >
        <PortalLinkPage />
      </Suspense>
    );
  }
  if (pathname === '/portal' || pathname === '/portal/') {
    return (
      <VendorShell>
        <VendorPortalPage />
      </VendorShell>
    );
  }
  return <NotFound pathname={pathname} />;
}

export function PortalApp({ queryClient }: { queryClient: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <Pages />
      <Toaster />
    </QueryClientProvider>
  );
}
