import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { getGetSessionQueryKey } from '../api/generated/hooks/session/session';
import { notifyInfo, Toaster } from '../components/toast';
import { createQueryClient } from './query-client';
import { createAppRouter } from './router';

export function App() {
  const [router] = useState(createAppRouter);
  const [queryClient] = useState(() =>
    createQueryClient((client) => {
      // Only a session that existed can expire; a first visit simply lands on login.
      if (!client.getQueryData(getGetSessionQueryKey())) return;
      client.removeQueries({ queryKey: getGetSessionQueryKey() });
      if (window.location.pathname.startsWith('/login')) return;
      notifyInfo('Your session has ended. Sign in to continue where you were.');
      const here = `${window.location.pathname}${window.location.search}`;
      void router.navigate(`/login?next=${encodeURIComponent(here)}`);
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Toaster />
    </QueryClientProvider>
  );
}
