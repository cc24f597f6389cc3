import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { notifyInfo, Toaster } from '../components/toast';
import { createQueryClient } from './query-client';
import { createAppRouter } from './router';

export function App() {
  const [router] = useState(createAppRouter);
  const [queryClient] = useState(() =>
    createQueryClient(() => {
      // A session that expired mid-work: go to login and come back here afterwards.
      const here = `${window.location.pathname}${window.location.search}`;
      if (window.location.pathname.startsWith('/login')) return;
      notifyInfo('Your session has ended. Sign in to continue where you were.');
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
