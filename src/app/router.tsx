import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { Layout } from '../components/Layout';
import { RouteError } from '../components/RouteError';

// Every page is its own lazily loaded chunk; the shell (layout, router, query
// client) is all the first load carries.
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy' | 'ErrorBoundary'> => ({
  lazy: async () => ({ Component: (await load()).default }),
  ErrorBoundary: RouteError,
});

const appRoutes: RouteObject[] = [
  { path: '/login', ...page(() => import('../pages/login/LoginPage')) },
  {
    path: '/',
    Component: Layout,
    ErrorBoundary: RouteError,
    children: [
      { index: true, element: <Navigate to="/orders" replace /> },
      { path: 'orders', ...page(() => import('../pages/orders/OrdersPage')) },
      { path: 'orders/new', ...page(() => import('../pages/order-new/OrderNewPage')) },
      { path: 'orders/:sid', ...page(() => import('../pages/order-detail/OrderDetailPage')) },
      { path: 'items/:sid', ...page(() => import('../pages/item-detail/ItemDetailPage')) },
      { path: 'schedule', ...page(() => import('../pages/schedule/SchedulePage')) },
      { path: 'flags', ...page(() => import('../pages/flags/FlagsPage')) },
      { path: 'imports', ...page(() => import('../pages/imports/ImportsPage')) },
      { path: 'clear-to-build', ...page(() => import('../pages/clear-to-build/ClearToBuildPage')) },
      { path: 'settings', ...page(() => import('../pages/settings/SettingsPage')) },
      { path: 'portal', ...page(() => import('../pages/vendor-portal/VendorPortalPage')) },
      { path: '*', ...page(() => import('../pages/not-found/NotFoundPage')) },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}
