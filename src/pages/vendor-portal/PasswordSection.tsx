// A vendor who came by an emailed link can set a password here, and from then
// on sign in at /login with its address, without waiting for a link; one who
// has a password changes it with the current one. The server signs the
// account out everywhere else when the password changes.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { getGetSessionQueryKey } from '../../api/generated/hooks/session/session';
import { useUpdateUser } from '../../api/generated/hooks/users/users';
import type { User } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { inputClass } from '../../components/input-class';
import { notifySuccess } from '../../components/toast';
import { failureText } from './lines';

/** As the server asks (server/routes/organizations.ts). */
const MIN_LENGTH = 8;

type Field = 'currentPassword' | 'newPassword' | 'repeat';

export function PasswordSection({
  user,
  buttonClass,
  secondaryClass,
}: {
  /** An account with an address: the one it signs in with. */
  user: Pick<User, 'sid' | 'password'> & { email: string };
  buttonClass: string;
  secondaryClass: string;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const update = useUpdateUser();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const hasPassword = user.password;
  const title = hasPassword ? 'Change your password' : 'Set a password';

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    const found: Partial<Record<Field, string>> = {};
    if (hasPassword && !current) found.currentPassword = 'Enter your current password.';
    if (next.length < MIN_LENGTH) found.newPassword = `Use at least ${MIN_LENGTH} characters.`;
    else if (repeat !== next) found.repeat = 'The two passwords differ.';
    setErrors(found);
    setFailure(undefined);
    const first = (['currentPassword', 'newPassword', 'repeat'] as const).find((f) => found[f]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    try {
      await update.mutateAsync({
        sidOrEmail: user.sid,
        data: { newPassword: next, ...(hasPassword ? { currentPassword: current } : {}) },
      });
      notifySuccess(`Password saved. You can now sign in at /login as ${user.email}.`);
      setOpen(false);
      setCurrent('');
      setNext('');
      setRepeat('');
      void queryClient.invalidateQueries({ queryKey: getGetSessionQueryKey() });
    } catch (error) {
      const field = isApiError(error) ? error.field : undefined;
      if (field === 'currentPassword' || field === 'newPassword') {
        setErrors({ [field]: failureText(error) });
        document.getElementById(`${id}-${field}`)?.focus();
      } else {
        setFailure(failureText(error));
      }
    }
  };

  const input = (field: Field, label: string, value: string, set: (v: string) => void, autoComplete: string) => (
    <div>
      <label htmlFor={`${id}-${field}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={`${id}-${field}`}
        type="password"
        autoComplete={autoComplete}
        maxLength={255}
        value={value}
        onChange={(e) => {
          set(e.target.value);
        }}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `${id}-${field}-error` : undefined}
        className={`${inputClass} min-h-11`}
      />
      {errors[field] ? (
        <p id={`${id}-${field}-error`} className="mt-1 text-sm text-red-800">
          {errors[field]}
        </p>
      ) : null}
    </div>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="mt-10 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Sign in without a link
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        {hasPassword
          ? `You can sign in at /login as ${user.email} with your password.`
          : `Set a password to sign in at /login as ${user.email} whenever you like, not only from an email.`}
      </p>
      {open ? (
        <form noValidate aria-label={title} onSubmit={(e) => void submit(e)} className="mt-3 space-y-3">
          {/* For password managers: the account the password belongs to. */}
          <input type="hidden" name="username" autoComplete="username" value={user.email} />
          {hasPassword ? input('currentPassword', 'Current password', current, setCurrent, 'current-password') : null}
          {input('newPassword', 'New password', next, setNext, 'new-password')}
          {input('repeat', 'New password again', repeat, setRepeat, 'new-password')}
          {failure ? (
            <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
              {failure}
            </p>
          ) : null}
          <div className="flex flex-col gap-2 sm:flex-row">
            <button type="submit" aria-disabled={update.isPending || undefined} className={buttonClass}>
              {update.isPending ? 'Saving…' : 'Save password'}
            </button>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setErrors({});
              }}
              className={secondaryClass}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setOpen(true);
          }}
          className={`${secondaryClass} mt-3`}
        >
          {title}
        </button>
      )}
    </section>
  );
}
