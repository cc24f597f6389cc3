import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from '../components/Layout';
import { prefetchSession, SessionPending } from '../components/RequireSession';
import { RouteError } from '../components/RouteError';
import { prefetchOrders } from '../pages/orders/prefetch';
import { prefetchSchedule } from '../pages/schedule/prefetch';

/**
 * A page's own placeholder while its code loads on a first visit: none (the
 * layout's session check shows for the pages inside it; the login page
 * appears whole). Declared so the router knows the blank is meant.
 */
function NoPlaceholder() {
  return null;
}

/** Starts the requests a page needs from its URL, without waiting for them. */
type Prefetch = (queryClient: QueryClient, url: URL) => void;

// Every page is its own lazily loaded chunk; the shell (layout, router, query
// client) is all the first load carries, with the prefetch of the busiest
// pages (about a kilobyte each): their first page of data is asked for as
// the route is entered, alongside their code, instead of once the code has
// loaded and rendered. Never awaited: the page's error states show a failure.
const pages = (queryClient: QueryClient) => {
  return (
    load: () => Promise<{ default: React.ComponentType }>,
    prefetch?: Prefetch,
  ): Pick<RouteObject, 'lazy' | 'loader' | 'shouldRevalidate' | 'ErrorBoundary' | 'HydrateFallback'> => ({
    lazy: async () => ({ Component: (await load()).default }),
    ...(prefetch && {
      loader: ({ request }) => {
        prefetch(queryClient, new URL(request.url));
        return null;
      },
      // As the page is entered only: within it, its own queries ask for what changes.
      shouldRevalidate: () => false,
    }),
    ErrorBoundary: RouteError,
    HydrateFallback: NoPlaceholder,
  });
};

const appRoutes = (queryClient: QueryClient): RouteObject[] => {
  const page = pages(queryClient);
  return [
    { path: '/login', ...page(() => import('../pages/login/LoginPage')) },
    // The vendor portal (/portal, /portal/link) is not here: it is a document of its own, portal.html (src/portal).
    // Public, with no session: an invitation's link, and an email's unsubscribe link.
    { path: '/invite', ...page(() => import('../pages/invite/InvitePage')) },
    { path: '/unsubscribe', ...page(() => import('../pages/unsubscribe/UnsubscribePage')) },
    {
      path: '/',
      Component: Layout,
      ErrorBoundary: RouteError,
      // On a first visit the session check is what shows while the page's code loads.
      HydrateFallback: SessionPending,
      // The session is asked for while the page's code loads, not after; never awaited.
      loader: () => {
        void prefetchSession(queryClient);
        return null;
      },
      shouldRevalidate: () => false,
      children: [
        { index: true, ...page(() => import('../pages/home/HomePage')) },
        {
          path: 'orders',
          ...page(() => import('../pages/orders/OrdersPage'), prefetchOrders),
        },
        { path: 'orders/new', ...page(() => import('../pages/order-new/OrderNewPage')) },
        { path: 'orders/:sid', ...page(() => import('../pages/order-detail/OrderDetailPage')) },
        { path: 'items/:sid', ...page(() => import('../pages/item-detail/ItemDetailPage')) },
        {
          path: 'schedule',
          ...page(() => import('../pages/schedule/SchedulePage'), prefetchSchedule),
        },
        { path: 'flags', ...page(() => import('../pages/flags/FlagsPage')) },
        { path: 'inbox', ...page(() => import('../pages/inbox/InboxPage')) },
        { path: 'update-requests', ...page(() => import('../pages/update-requests/UpdateRequestsPage')) },
        { path: 'mailbox', ...page(() => import('../pages/mailbox/MailboxPage')) },
        { path: 'imports', ...page(() => import('../pages/imports/ImportsPage')) },
        { path: 'clear-to-build', ...page(() => import('../pages/clear-to-build/ClearToBuildPage')) },
        { path: 'clear-to-build/:sid', ...page(() => import('../pages/bom-forecast/BomForecastPage')) },
        { path: 'settings', ...page(() => import('../pages/settings/SettingsPage')) },
        { path: 'admin', ...page(() => import('../pages/admin/AdminPage')) },
        { path: '*', ...page(() => import('../pages/not-found/NotFoundPage')) },
      ],
    },
  ];
};

export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter(appRoutes(queryClient));
}
