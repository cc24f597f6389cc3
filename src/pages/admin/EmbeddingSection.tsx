// Embedding: the origins whose pages may frame the organization's views, the
// host snippet to copy (docs/embedding.md), and a live preview of each view.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  getGetEmbedSettingsQueryKey,
  useGetEmbedSettings,
  useUpdateEmbedSettings,
} from '../../api/generated/hooks/embed-sessions/embed-sessions';
import { errorMessage } from '../../api/http';
import { primaryButton, secondaryButton } from '../../components/buttons';
import { inputClass } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { EMBED_VIEWS, EmbedPreview } from './EmbedPreview';

/** The host snippet of docs/embedding.md, for this app and the first allowed origin. */
function hostSnippet(factor: string, host: string, view: string): string {
  return `<!-- On ${host}: your server answers /factor-embed-session by calling
     POST ${factor}/v1/embedSessions with an API key (Authorization: Bearer …)
     and the body {"origin":"${host}","view":"${view}"}. -->
<iframe id="factor" title="Factor ${view}" style="width: 100%; border: 0"></iframe>
<script>
  const FACTOR = '${factor}';
  const frame = document.getElementById('factor');
  const session = () => fetch('/factor-embed-session').then((r) => r.json());
  let first = session().then((s) => ((frame.src = s.url), s));
  addEventListener('message', async (event) => {
    if (event.origin !== FACTOR || event.source !== frame.contentWindow) return;
    const { type, height } = event.data;
    if (type === 'factor:embed-height') frame.style.height = \`\${height}px\`;
    if (type === 'factor:embed-ready' || type === 'factor:embed-token-request') {
      const { token, expires } = await (first ?? session());
      first = null;
      frame.contentWindow.postMessage({ type: 'factor:embed-token', token, expires }, FACTOR);
    }
  });
</script>`;
}

function OriginsForm({ saved }: { saved: string[] }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [text, setText] = useState(saved.join('\n'));
  const [error, setError] = useState<string>();
  const update = useUpdateEmbedSettings();
  const save = async () => {
    setError(undefined);
    const origins = text
      .split(/\s+/)
      .map((o) => o.trim())
      .filter(Boolean);
    try {
      const result = await update.mutateAsync({ data: { origins } });
      queryClient.setQueryData(getGetEmbedSettingsQueryKey(), result);
      setText(result.origins.join('\n'));
      notifySuccess(
        result.origins.length
          ? `Pages on ${result.origins.join(', ')} may embed your views.`
          : 'No site may embed your views now.',
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <form
      noValidate
      aria-label="Allowed origins"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      className="space-y-2"
    >
      <label htmlFor={`${id}-origins`} className="block font-medium">
        Allowed origins, one per line
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-700">
        Scheme, host and port only, as https://intranet.example. Pages on these origins may frame your views; no other
        page can.
      </p>
      <textarea
        id={`${id}-origins`}
        rows={4}
        value={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        onChange={(e) => {
          setText(e.target.value);
        }}
        className={`${inputClass} font-mono`}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button type="submit" className={primaryButton} disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save origins'}
      </button>
    </form>
  );
}

export function EmbeddingSection({ organizationSid }: { organizationSid: string }) {
  const settings = useGetEmbedSettings();
  const [viewIndex, setViewIndex] = useState(0);
  const [copied, setCopied] = useState(false);
  const view = EMBED_VIEWS[viewIndex] ?? EMBED_VIEWS[0];
  const host = settings.data?.origins[0] ?? 'https://intranet.example';
  const snippet = hostSnippet(window.location.origin, host, view.view);
  const copy = async () => {
    await navigator.clipboard.writeText(snippet).catch(() => undefined);
    setCopied(true);
  };
  return (
    <section aria-labelledby="embedding-heading" className="mt-8 max-w-4xl space-y-4">
      <h2 id="embedding-heading" className="text-lg font-semibold">
        Embedding
      </h2>
      <p className="text-slate-700">
        Put the schedule, the open flags, an order or a BOM’s clear to build into an intranet page. Your server asks for
        a short-lived, read-only token with an API key; the page hands it to the view. See docs/embedding.md.
      </p>
      <QueryStatus query={settings} label="the allowed origins">
        {settings.data ? <OriginsForm key={settings.data.origins.join(' ')} saved={settings.data.origins} /> : null}
      </QueryStatus>
      <fieldset>
        <legend className="font-medium">View</legend>
        <div className="mt-1 flex flex-wrap gap-x-4">
          {EMBED_VIEWS.map((v, index) => (
            <label key={v.view} className="inline-flex min-h-11 items-center gap-2 text-sm lg:min-h-8">
              <input
                type="radio"
                name="embed-view"
                className="size-6"
                checked={index === viewIndex}
                onChange={() => {
                  setViewIndex(index);
                  setCopied(false);
                }}
              />
              {v.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="font-medium">Host snippet</h3>
          <button type="button" className={secondaryButton} onClick={() => void copy()}>
            Copy snippet
          </button>
        </div>
        <p role="status" className="min-h-5 text-sm text-slate-700">
          {copied ? 'Copied.' : ''}
        </p>
        <pre
          tabIndex={0}
          aria-label="Host snippet"
          className="max-h-72 overflow-auto rounded border border-slate-200 bg-slate-50 p-3 text-xs"
        >
          {snippet}
        </pre>
      </div>
      <div>
        <h3 className="mb-2 font-medium">Preview</h3>
        <EmbedPreview organizationSid={organizationSid} view={view} />
      </div>
    </section>
  );
}
