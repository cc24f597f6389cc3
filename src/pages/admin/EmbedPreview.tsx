// A live preview of an embed view, framed by the app itself as an intranet
// page would frame it: the same handshake (a token made for this origin,
// handed over by postMessage), so what the admin sees is what the host gets.
import { useEffect, useRef, useState } from 'react';
import { useCreateEmbedSession } from '../../api/generated/hooks/embed-sessions/embed-sessions';
import type { CreateEmbedSessionRequestView } from '../../api/generated/model';
import { errorMessage } from '../../api/http';

export const EMBED_VIEWS: { view: CreateEmbedSessionRequestView; label: string; path: string }[] = [
  { view: 'schedule', label: 'Schedule', path: '/embed/schedule' },
  { view: 'flags', label: 'Open flags', path: '/embed/flags' },
  { view: 'orders', label: 'Orders', path: '/embed/orders' },
  { view: 'clearToBuild', label: 'Clear to build', path: '/embed/boms' },
];

export function EmbedPreview({
  organizationSid,
  view,
}: {
  organizationSid: string;
  view: (typeof EMBED_VIEWS)[number];
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(160);
  const [error, setError] = useState<string>();
  const { mutateAsync: createSession } = useCreateEmbedSession();
  useEffect(() => {
    const origin = window.location.origin;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== frame.current?.contentWindow) return;
      const data = event.data as { type?: unknown; height?: unknown };
      if (data.type === 'factor:embed-height' && typeof data.height === 'number') setHeight(data.height);
      if (data.type === 'factor:embed-ready' || data.type === 'factor:embed-token-request') {
        createSession({ data: { origin, view: view.view, ttlSeconds: 600 } })
          .then(({ token, expires }) => {
            setError(undefined);
            frame.current?.contentWindow?.postMessage({ type: 'factor:embed-token', token, expires }, origin);
          })
          .catch((e: unknown) => {
            setError(errorMessage(e));
          });
      }
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
    };
  }, [createSession, view.view]);
  const src = `${view.path}?org=${encodeURIComponent(organizationSid)}`;
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          The preview could not sign in: {error}
        </p>
      ) : null}
      <iframe
        ref={frame}
        key={src}
        src={src}
        title={`Preview of the embedded ${view.label.toLowerCase()} view`}
        style={{ height: Math.min(height, 480) }}
        className="w-full rounded border border-slate-300"
      />
    </>
  );
}
