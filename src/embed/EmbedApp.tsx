// Embedded views, a document of their own (embed.html) for intranet iframes:
// no app chrome, no router, no cookies. The page waits for its token from the
// host page (handshake.ts), reads with it as a bearer, reports its height so
// the host sizes the iframe, and asks for a fresh token before it runs out.
// Query parameters: theme=light|dark, density=compact, and each view's filters.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { configureHttp } from '../api/http';
import { usePathname, useSearchParam } from '../components/location';
import { EmbedView } from '../pages/embed/EmbedView';
import {
  allowedOrigins,
  EMBED_HEIGHT,
  EMBED_READY,
  EMBED_TOKEN_REQUEST,
  refreshDelay,
  tokenFrom,
  type EmbedToken,
} from './handshake';

const framed = window.parent !== window;

/** Posts to the host: the origin that sent the token, or before that each allowed one (only the parent's hears). */
function tellHost(message: object, origins: readonly string[]): void {
  if (!framed) return;
  for (const origin of origins) window.parent.postMessage(message, origin);
}

function Notice({ children }: { children: string }) {
  return (
    <p role="status" className="p-4 text-sm text-slate-700 dark:text-slate-300">
      {children}
    </p>
  );
}

export function EmbedApp({
  queryClient,
  onTokenRefused,
}: {
  queryClient: QueryClient;
  onTokenRefused: Set<() => void>;
}) {
  const [allowed] = useState(() => allowedOrigins(document));
  const [session, setSession] = useState<EmbedToken | null>(null);
  const hostOrigins = session ? [session.origin] : allowed;
  const theme = useSearchParam('theme');
  const path = usePathname();

  useEffect(() => {
    document.documentElement.classList.toggle('dark', theme === 'dark');
  }, [theme]);

  // The token, first and fresh: accepted from the parent window on an allowed origin only.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const token = tokenFrom(event, allowed, window.parent);
      if (!token) return;
      configureHttp({ token: token.token });
      setSession(token);
      // Reads refused with the old token go again with the new one.
      void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    };
    window.addEventListener('message', onMessage);
    tellHost({ type: EMBED_READY }, allowed);
    return () => {
      window.removeEventListener('message', onMessage);
    };
  }, [allowed, queryClient]);

  // A fresh token before this one runs out, and at once when the server refuses it.
  useEffect(() => {
    if (!session) return;
    const ask = () => {
      tellHost({ type: EMBED_TOKEN_REQUEST }, [session.origin]);
    };
    const timer = window.setTimeout(ask, refreshDelay(session.expires, Date.now()));
    onTokenRefused.add(ask);
    return () => {
      window.clearTimeout(timer);
      onTokenRefused.delete(ask);
    };
  }, [session, onTokenRefused]);

  // The content's height, whenever it changes, so the host sizes the iframe without scrollbars.
  const content = useRef<HTMLDivElement>(null);
  const origins = hostOrigins.join(' ');
  useEffect(() => {
    const element = content.current;
    if (!element) return;
    const report = () => {
      tellHost({ type: EMBED_HEIGHT, height: Math.ceil(element.getBoundingClientRect().height) }, origins.split(' '));
    };
    const observer = new ResizeObserver(report);
    observer.observe(element);
    report();
    return () => {
      observer.disconnect();
    };
  }, [origins]);

  let body;
  if (!framed) {
    body = (
      <p className="p-4 text-sm text-slate-700">
        This page shows a Factor view inside another site’s page.{' '}
        <a href="/" className="text-blue-800 underline">
          Open Factor
        </a>{' '}
        to see it here.
      </p>
    );
  } else if (!session) {
    body = <Notice>Waiting for the host page to sign this view in…</Notice>;
  } else {
    body = (
      <QueryClientProvider client={queryClient}>
        <EmbedView path={path} />
      </QueryClientProvider>
    );
  }
  return (
    <div ref={content} className="bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100">
      {body}
    </div>
  );
}
