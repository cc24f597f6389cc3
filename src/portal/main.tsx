import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../index.css';
import { createPortalQueryClient, PortalApp } from './PortalApp';

const root = document.getElementById('root');
if (!root) throw new Error('portal.html has no #root element');
const queryClient = createPortalQueryClient();
// As in the main app: the first render in slices the browser can interrupt.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <PortalApp queryClient={queryClient} />
    </StrictMode>,
  );
});
