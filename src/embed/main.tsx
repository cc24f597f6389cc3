import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../index.css';
import { createQueryClient } from '../app/query-client';
import { EmbedApp } from './EmbedApp';

const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root element');
// A refused token (401) asks the host for a fresh one; the reads retry once it comes.
const onTokenRefused = new Set<() => void>();
const queryClient = createQueryClient(() => {
  for (const ask of onTokenRefused) ask();
});
createRoot(root).render(
  <StrictMode>
    <EmbedApp queryClient={queryClient} onTokenRefused={onTokenRefused} />
  </StrictMode>,
);
