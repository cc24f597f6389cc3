import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createApp } from './app/App';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The router starts loading the page's code and data as it is made.
const app = createApp();
// As a transition, the first render is done in slices that let the browser
// work in between, instead of one long task that blocks the page.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App {...app} />
    </StrictMode>,
  );
});
