// The public page behind an email's unsubscribe link
// (/unsubscribe?organization=…&email=…&signature=…): no session, no layout.
// Opening it only checks the link (a mail scanner that follows it unsubscribes
// no one); the address is opted out when its owner presses the button.
// Kept small: it loads no more than the check, the button and the heading.
import { useSearchParams } from 'react-router';
import { useCheckUnsubscribeLink, useUnsubscribe } from '../../api/generated/hooks/unsubscribe/unsubscribe';
import type { UnsubscribeParams, UnsubscribeStatus } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { PageHeader } from '../../components/PageHeader';

const box = 'space-y-4 rounded border border-slate-200 bg-white p-4 sm:p-6';

/** The link's three values, or null when one is missing or empty. */
function linkParams(search: URLSearchParams): UnsubscribeParams | null {
  const organization = search.get('organization') ?? '';
  const email = search.get('email') ?? '';
  const signature = search.get('signature') ?? '';
  if (!organization || !email || !signature) return null;
  return { organization, email, signature };
}

function InvalidLink() {
  return (
    <div role="alert" className={box}>
      <p className="font-medium">This unsubscribe link is not valid.</p>
      <p className="text-slate-700">
        It may have been cut short or changed when it was copied. Open the link from the email again, or ask the sender
        of the email to stop sending you update requests.
      </p>
    </div>
  );
}

function Done({ status }: { status: UnsubscribeStatus }) {
  return (
    <div role="status" className={box}>
      <p className="font-medium">
        You will get no more update-request emails from {status.organizationName} at {status.email}.
      </p>
      <p className="text-sm text-slate-700">You can close this page.</p>
    </div>
  );
}

function failureText(error: unknown): string {
  if (isApiError(error) && error.status === 0) return 'The server could not be reached. Check your connection.';
  if (isApiError(error) && error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  return isApiError(error) ? error.message : 'Something went wrong.';
}

function Unsubscribe({ params }: { params: UnsubscribeParams }) {
  const check = useCheckUnsubscribeLink(params, { query: { staleTime: Infinity } });
  const unsubscribe = useUnsubscribe();

  if (check.isPending) {
    return (
      <p role="status" className="text-slate-700">
        Checking the link…
      </p>
    );
  }
  if (check.isError) {
    if (isApiError(check.error) && check.error.status === 400) return <InvalidLink />;
    return (
      <div role="alert" className={box}>
        <p className="font-medium">Could not check this unsubscribe link.</p>
        <p className="text-slate-700">{failureText(check.error)}</p>
        <button
          type="button"
          onClick={() => void check.refetch()}
          className="min-h-11 rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100"
        >
          Try again
        </button>
      </div>
    );
  }
  if (unsubscribe.data?.optedOut) return <Done status={unsubscribe.data} />;
  if (check.data.optedOut) return <Done status={check.data} />;
  if (isApiError(unsubscribe.error) && unsubscribe.error.status === 400) return <InvalidLink />;

  return (
    <div className={box}>
      <p className="font-medium">
        Stop update-request emails from {check.data.organizationName} to {check.data.email}?
      </p>
      {unsubscribe.isError ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
          Could not unsubscribe: {failureText(unsubscribe.error)}
        </p>
      ) : null}
      <button
        type="button"
        disabled={unsubscribe.isPending}
        onClick={() => {
          unsubscribe.mutate({ params });
        }}
        className="min-h-11 rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60"
      >
        {unsubscribe.isPending ? 'Unsubscribing…' : 'Unsubscribe'}
      </button>
    </div>
  );
}

export default function UnsubscribePage() {
  const [search] = useSearchParams();
  const params = linkParams(search);
  return (
    <main id="main" className="mx-auto mt-8 max-w-lg px-4 sm:mt-16">
      <PageHeader title="Unsubscribe" />
      {params ? <Unsubscribe params={params} /> : <InvalidLink />}
    </main>
  );
}
