import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { getGetSessionQueryKey, useLogin } from '../../api/generated/hooks/session/session';
import { LoginBody } from '../../api/generated/zod/session/session.zod';
import type { LoginRequest, Role } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { PageHeader } from '../../components/PageHeader';

/** Only same-site paths may be returned to after login (no open redirects). */
function safeNext(next: string | null, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

/** The vendor portal's paths: another document (portal.html), reached with a full navigation. */
const isPortalPath = (path: string) => /^\/portal(?:[/?#]|$)/.test(path);

/** Where a user goes after signing in: a vendor to its portal, staff to the app (where `next` asked, if it may). */
function destination(role: Role, next: string | null): string {
  const wanted = safeNext(next, '');
  if (role === 'vendor') return isPortalPath(wanted) ? wanted : '/portal';
  return wanted && !isPortalPath(wanted) ? wanted : '/';
}

function loginErrorText(error: unknown): string {
  if (!isApiError(error)) return 'Signing in failed. Try again.';
  // The server's words: a wrong password, or an account an admin deactivated (said only to its owner).
  if (error.status === 401) return error.message || 'The email or password is not right.';
  if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  if (error.status === 0) return 'The server could not be reached. Check your connection and try again.';
  return error.message;
}

export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const queryClient = useQueryClient();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginRequest>({ resolver: zodResolver(LoginBody), defaultValues: { email: '', password: '' } });

  const onSubmit = handleSubmit(async (data) => {
    try {
      const session = await login.mutateAsync({ data });
      // What the layout would fetch next: the session is known now.
      // The bearer token stays out of memory: the browser holds the session as an HttpOnly cookie.
      const { token: _token, ...known } = session;
      queryClient.setQueryData(getGetSessionQueryKey(), known);
      const to = destination(session.role, params.get('next'));
      // Another document: it asks for the session itself (the cookie is set). Replaced, as the in-app move is.
      if (isPortalPath(to)) window.location.replace(to);
      else await navigate(to, { replace: true });
    } catch {
      // Shown below from login.error; the form keeps what was typed.
    }
  });

  return (
    <main id="main" className="mx-auto mt-8 max-w-sm px-4 sm:mt-16">
      <PageHeader title="Sign in to Factor" />
      <form
        noValidate
        onSubmit={(e) => void onSubmit(e)}
        className="space-y-4 rounded border border-slate-200 bg-white p-4 sm:p-6"
      >
        {login.isError ? (
          <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
            {loginErrorText(login.error)}
          </p>
        ) : null}
        <div>
          <label htmlFor="email" className="block text-sm font-medium">
            Email
          </label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? 'email-error' : undefined}
            className="mt-1 w-full rounded border border-slate-400 px-3 py-2"
            {...register('email')}
          />
          {errors.email ? (
            <p id="email-error" className="mt-1 text-sm text-red-800">
              Enter your email address.
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium">
            Password
          </label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'password-error' : undefined}
            className="mt-1 w-full rounded border border-slate-400 px-3 py-2"
            {...register('password')}
          />
          {errors.password ? (
            <p id="password-error" className="mt-1 text-sm text-red-800">
              Enter your password.
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          disabled={isSubmitting}
          className="min-h-11 w-full rounded bg-blue-800 px-3 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60"
        >
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
