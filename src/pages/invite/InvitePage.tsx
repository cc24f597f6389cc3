// The public page behind an invitation email (/invite#token=…): no session
// yet, no layout. The token rides in the fragment, which browsers never send
// to a server; the page takes it out of the address bar at once. The invited
// user chooses a password and is signed in; a used or expired invitation says
// so.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { getGetSessionQueryKey, useAcceptUserInvite } from '../../api/generated/hooks/session/session';
import { errorMessage } from '../../api/http';
import { primaryButton } from '../../components/buttons';
import { inputClass } from '../../components/FormField';
import { PageHeader } from '../../components/PageHeader';

const MIN_PASSWORD = 8;

/** The token of the fragment, read once: the address bar then drops it. */
function readToken(): string | null {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  return token || null;
}

export default function InvitePage() {
  const id = useId();
  const [token] = useState(readToken);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<{ field: 'password' | 'repeat' | 'form'; message: string }>();
  const accept = useAcceptUserInvite();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const submit = async () => {
    setError(undefined);
    if (!token) return;
    if (password.length < MIN_PASSWORD) {
      setError({ field: 'password', message: `Choose at least ${MIN_PASSWORD} characters.` });
      return;
    }
    if (password !== repeat) {
      setError({ field: 'repeat', message: 'The two passwords differ.' });
      return;
    }
    try {
      const session = await accept.mutateAsync({ data: { token, password } });
      queryClient.setQueryData(getGetSessionQueryKey(), session);
      await navigate('/', { replace: true });
    } catch (e) {
      setError({ field: 'form', message: errorMessage(e) });
    }
  };

  const fieldError = (field: 'password' | 'repeat') =>
    error?.field === field ? (
      <p id={`${id}-${field}-error`} role="alert" className="text-sm text-red-800">
        {error.message}
      </p>
    ) : null;

  return (
    <main className="mx-auto max-w-md p-4 sm:p-8">
      <PageHeader title="Join Factor" />
      {!token ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-red-900">
          This page needs the link from your invitation email. Open it from the email, or ask an admin of your
          organization for a new invitation.
        </p>
      ) : (
        <form
          noValidate
          aria-label="Choose your password"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          className="space-y-4 rounded border border-slate-200 bg-white p-4 sm:p-6"
        >
          <p className="text-slate-700">Choose the password you will sign in with.</p>
          <div>
            <label htmlFor={`${id}-password`} className="block font-medium">
              Password
            </label>
            <p id={`${id}-password-hint`} className="text-sm text-slate-700">
              At least {MIN_PASSWORD} characters.
            </p>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              aria-invalid={error?.field === 'password' ? true : undefined}
              aria-describedby={`${id}-password-hint${error?.field === 'password' ? ` ${id}-password-error` : ''}`}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
              className={inputClass}
            />
            {fieldError('password')}
          </div>
          <div>
            <label htmlFor={`${id}-repeat`} className="block font-medium">
              The same password again
            </label>
            <input
              id={`${id}-repeat`}
              type="password"
              autoComplete="new-password"
              value={repeat}
              aria-invalid={error?.field === 'repeat' ? true : undefined}
              aria-describedby={error?.field === 'repeat' ? `${id}-repeat-error` : undefined}
              onChange={(e) => {
                setRepeat(e.target.value);
              }}
              className={inputClass}
            />
            {fieldError('repeat')}
          </div>
          {error?.field === 'form' ? (
            <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
              {error.message}
            </p>
          ) : null}
          <button type="submit" className={`${primaryButton} w-full`} disabled={accept.isPending}>
            {accept.isPending ? 'Signing you in…' : 'Set password and sign in'}
          </button>
        </form>
      )}
    </main>
  );
}
