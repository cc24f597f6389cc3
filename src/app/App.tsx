import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { getGetSessionQueryKey } from '../api/generated/hooks/session/session';
import { notifyInfo, Toaster } from '../components/toast';
import { createQueryClient } from './query-client';
import { createAppRouter } from './router';

export interface AppParts {
  router: ReturnType<typeof createAppRouter>;
  queryClient: QueryClient;
}

/**
 * The query client and the router, made before the first render: the router
 * starts loading the page's code and the session as it is made, while React
 * is still starting.
 */
export function createApp(): AppParts {
  const queryClient = createQueryClient((client) => {
    // Only a session that existed can expire; a first visit simply lands on login.
    if (!client.getQueryData(getGetSessionQueryKey())) return;
    client.removeQueries({ queryKey: getGetSessionQueryKey() });
    // Where the user is going, when the refusal came while a page was loading
    // (its data is asked for alongside its code): that is where to come back.
    const { pathname, search } = router.state.navigation.location ?? router.state.location;
    if (pathname.startsWith('/login')) return;
    notifyInfo('Your session has ended. Sign in to continue where you were.');
    void router.navigate(`/login?next=${encodeURIComponent(`${pathname}${search}`)}`);
  });
  const router = createAppRouter(queryClient);
  return { router, queryClient };
}

export function App({ router, queryClient }: AppParts) {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Toaster />
    </QueryClientProvider>
  );
}
