// The public page behind the link in a vendor's email
// (/portal/link#token=…&request=…): no session yet, no layout. The token rides
// in the fragment, which browsers never send to a server; the page takes it
// out of the address bar at once, trades it for a vendor session and opens
// the portal. A used or expired link says so and offers to email a fresh one
// to the address the old one was sent to.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  getGetSessionQueryKey,
  useExchangeVendorLinkToken,
  useRenewVendorLink,
} from '../../api/generated/hooks/session/session';
import { isApiError } from '../../api/http';
import { navigate } from '../../components/location';
import { PageHeader } from '../../components/PageHeader';

const box = 'space-y-4 rounded border border-slate-200 bg-white p-4 sm:p-6';
const primary = 'min-h-11 rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60';

interface LinkValues {
  token: string;
  request: string | null;
}

/** The token and request of the fragment, read once: the address bar then drops them. */
function readFragment(): LinkValues | null {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const token = fragment.get('token') ?? '';
  if (!token) return null;
  // Kept out of the history and of anything that reads the address later (a bookmark, a shared screen).
  window.history.replaceState(window.history.state, '', window.location.pathname);
  return { token, request: fragment.get('request') };
}

function failureText(error: unknown): string {
  if (isApiError(error) && error.status === 0) return 'The server could not be reached. Check your connection.';
  if (isApiError(error) && error.status === 429) return 'Too many attempts. Wait a few minutes, then try again.';
  return isApiError(error) ? error.message : 'Something went wrong.';
}

function Renew({ token }: { token: string }) {
  const renew = useRenewVendorLink();
  if (renew.isSuccess) {
    return (
      <p role="status" className="rounded bg-green-50 p-3 text-green-900">
        {renew.data.message}
      </p>
    );
  }
  return (
    <>
      {renew.isError ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
          Could not ask for a new link: {failureText(renew.error)}
        </p>
      ) : null}
      <button
        type="button"
        disabled={renew.isPending}
        onClick={() => {
          renew.mutate({ data: { token } });
        }}
        className={primary}
      >
        {renew.isPending ? 'Asking…' : 'Email me a new link'}
      </button>
    </>
  );
}

function Open({ link }: { link: LinkValues }) {
  const exchange = useExchangeVendorLinkToken();
  const queryClient = useQueryClient();
  // Once per token: React's development double effects would otherwise use the link up twice.
  const sent = useRef('');
  useEffect(() => {
    if (sent.current === link.token) return;
    sent.current = link.token;
    exchange.mutate(
      { data: { token: link.token } },
      {
        onSuccess: (session) => {
          queryClient.setQueryData(getGetSessionQueryKey(), session);
          navigate(link.request ? `/portal?request=${encodeURIComponent(link.request)}` : '/portal', { replace: true });
        },
      },
    );
  }, [exchange, link, queryClient]);

  if (exchange.isError) {
    const refused = isApiError(exchange.error) && exchange.error.status === 401;
    return (
      <div role="alert" className={box}>
        <p className="font-medium">
          {refused ? 'This link has expired or was already used.' : 'Could not open this link.'}
        </p>
        <p className="text-slate-700">
          {refused
            ? 'Each link works once, for 14 days. We can email a new one to the address this link was sent to.'
            : failureText(exchange.error)}
        </p>
        {refused ? <Renew token={link.token} /> : null}
        <p className="text-sm text-slate-700">
          Have a password?{' '}
          <a href="/login" className="text-blue-800 underline">
            Sign in
          </a>
          .
        </p>
      </div>
    );
  }
  return (
    <p role="status" className="text-slate-700">
      Opening your update requests…
    </p>
  );
}

export default function PortalLinkPage() {
  const [link] = useState(readFragment);
  return (
    <main id="main" className="mx-auto mt-8 max-w-lg px-4 sm:mt-16">
      <PageHeader title="Your update requests" />
      {link ? (
        <Open link={link} />
      ) : (
        <div role="alert" className={box}>
          <p className="font-medium">This link is not complete.</p>
          <p className="text-slate-700">
            Open the link from the email again (all of it, if you copied it), or{' '}
            <a href="/login" className="text-blue-800 underline">
              sign in
            </a>{' '}
            with your password.
          </p>
        </div>
      )}
    </main>
  );
}
