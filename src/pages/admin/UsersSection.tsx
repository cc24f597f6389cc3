// The organization's people: invite a colleague by email, make them an admin
// or a buyer, deactivate or reactivate an account, or sign one out everywhere
// (a lost laptop). Changing one's own access is left to another admin, so the
// organization always keeps one. Vendor users are listed with their vendor.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  useInviteUser,
  useResetUserSessions,
  useUpdateUserAccess,
} from '../../api/generated/hooks/user-administration/user-administration';
import { getListUsersInfiniteQueryKey, useListUsersInfinite } from '../../api/generated/hooks/users/users';
import type { InviteUserRequestRole, User } from '../../api/generated/model';
import { errorMessage } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { primaryButton, rowButton } from '../../components/buttons';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormField, inputClass } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';

const nameOf = (u: User) => [u.firstName, u.lastName].filter(Boolean).join(' ') || (u.email ?? u.sid);
const stateOf = (u: User) => (u.deactivated ? 'Deactivated' : u.password ? 'Active' : 'Invited');

function InviteForm() {
  const id = useId();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [role, setRole] = useState<InviteUserRequestRole>('buyer');
  const [error, setError] = useState<string>();
  const invite = useInviteUser();
  const submit = async () => {
    setError(undefined);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setError('Give the email address to send the invitation to.');
      return;
    }
    try {
      const user = await invite.mutateAsync({
        data: { email: email.trim(), role, firstName: firstName.trim() || null },
      });
      await queryClient.invalidateQueries({ queryKey: getListUsersInfiniteQueryKey() });
      setEmail('');
      setFirstName('');
      notifySuccess(`Invitation sent to ${user.email ?? email}: the link works for 7 days.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <form
      noValidate
      aria-label="Invite a colleague"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-wrap items-end gap-3"
    >
      <FormField id={`${id}-email`} label="Email" error={error} announce className="min-w-56 flex-1">
        {(a11y) => (
          <input
            {...a11y}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
            }}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField id={`${id}-first`} label="First name (optional)">
        {(a11y) => (
          <input
            {...a11y}
            value={firstName}
            maxLength={255}
            onChange={(e) => {
              setFirstName(e.target.value);
            }}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField id={`${id}-role`} label="Role">
        {(a11y) => (
          <select
            {...a11y}
            value={role}
            onChange={(e) => {
              setRole(e.target.value === 'admin' ? 'admin' : 'buyer');
            }}
            className={inputClass}
          >
            <option value="buyer">Buyer</option>
            <option value="admin">Admin</option>
          </select>
        )}
      </FormField>
      <button type="submit" className={primaryButton} disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Send invitation'}
      </button>
    </form>
  );
}

type Pending =
  { kind: 'deactivate' | 'reactivate' | 'signOut'; user: User } | { kind: 'role'; user: User; role: 'admin' | 'buyer' };

const QUESTIONS: Record<Pending['kind'], (u: User) => { title: string; text: string; confirm: string }> = {
  deactivate: (u) => ({
    title: `Deactivate ${nameOf(u)}?`,
    text: 'They are signed out at once and cannot sign in; their API keys stop working. You can reactivate the account later.',
    confirm: 'Deactivate',
  }),
  reactivate: (u) => ({
    title: `Reactivate ${nameOf(u)}?`,
    text: 'They can sign in again with their password, and their API keys work again.',
    confirm: 'Reactivate',
  }),
  signOut: (u) => ({
    title: `Sign ${nameOf(u)} out everywhere?`,
    text: 'Every session ends at once, on every device; they sign in again with their password.',
    confirm: 'Sign out everywhere',
  }),
  role: (u) => ({
    title: `Change the role of ${nameOf(u)}?`,
    text:
      u.role === 'admin'
        ? 'As a buyer they no longer manage users, keys or embedding.'
        : 'As an admin they manage users, API keys and embedding.',
    confirm: u.role === 'admin' ? 'Make buyer' : 'Make admin',
  }),
};

export function UsersSection({ selfSid }: { selfSid: string }) {
  const queryClient = useQueryClient();
  const users = useListUsersInfinite({ pageSize: 100 }, { query: cursorPaging });
  const staff = flattenPages(users.data, 'users').filter((u) => u.role !== 'vendor');
  const access = useUpdateUserAccess();
  const reset = useResetUserSessions();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string>();

  const confirm = async (p: Pending) => {
    setError(undefined);
    try {
      if (p.kind === 'signOut') await reset.mutateAsync({ sid: p.user.sid });
      else if (p.kind === 'role') await access.mutateAsync({ sid: p.user.sid, data: { role: p.role } });
      else await access.mutateAsync({ sid: p.user.sid, data: { deactivated: p.kind === 'deactivate' } });
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    const done = {
      signOut: `${nameOf(p.user)} is signed out everywhere.`,
      role: `${nameOf(p.user)} is now ${p.kind === 'role' && p.role === 'admin' ? 'an admin' : 'a buyer'}.`,
      deactivate: `${nameOf(p.user)} is deactivated.`,
      reactivate: `${nameOf(p.user)} can sign in again.`,
    }[p.kind];
    setPending(null);
    notifySuccess(done);
    await queryClient.invalidateQueries({ queryKey: getListUsersInfiniteQueryKey() });
  };

  const columns: Column<User>[] = [
    { key: 'name', header: 'Name', wrap: true, cell: nameOf },
    { key: 'email', header: 'Email', wrap: true, cell: (u) => u.email ?? '—' },
    { key: 'role', header: 'Role', cell: (u) => (u.role === 'admin' ? 'Admin' : 'Buyer') },
    { key: 'state', header: 'State', cell: stateOf },
    {
      key: 'actions',
      header: 'Actions',
      cell: (u) =>
        u.sid === selfSid ? (
          <span className="text-slate-700">You</span>
        ) : (
          <div className="flex gap-2">
            <button
              type="button"
              className={rowButton}
              aria-label={`${u.role === 'admin' ? 'Make buyer' : 'Make admin'}: ${nameOf(u)}`}
              onClick={() => {
                setPending({ kind: 'role', user: u, role: u.role === 'admin' ? 'buyer' : 'admin' });
              }}
            >
              {u.role === 'admin' ? 'Make buyer' : 'Make admin'}
            </button>
            <button
              type="button"
              className={rowButton}
              aria-label={`${u.deactivated ? 'Reactivate' : 'Deactivate'}: ${nameOf(u)}`}
              onClick={() => {
                setPending({ kind: u.deactivated ? 'reactivate' : 'deactivate', user: u });
              }}
            >
              {u.deactivated ? 'Reactivate' : 'Deactivate'}
            </button>
            {u.deactivated ? null : (
              <button
                type="button"
                className={rowButton}
                aria-label={`Sign out everywhere: ${nameOf(u)}`}
                onClick={() => {
                  setPending({ kind: 'signOut', user: u });
                }}
              >
                Sign out everywhere
              </button>
            )}
          </div>
        ),
    },
  ];
  const question = pending ? QUESTIONS[pending.kind](pending.user) : null;

  return (
    <section aria-labelledby="users-heading" className="mt-8 max-w-5xl space-y-4">
      <h2 id="users-heading" className="text-lg font-semibold">
        Users
      </h2>
      <InviteForm />
      <QueryStatus query={users} label="the users" isEmpty={staff.length === 0} empty={<p>No users yet.</p>}>
        <ResourceTable
          caption="Your organization’s users"
          columns={columns}
          rows={staff}
          rowKey={(u) => u.sid}
          pages={users}
        />
      </QueryStatus>
      <ConfirmDialog
        open={pending !== null}
        title={question?.title ?? ''}
        confirmLabel={question?.confirm ?? ''}
        pending={access.isPending || reset.isPending}
        error={error}
        tone={pending?.kind === 'reactivate' || pending?.kind === 'role' ? 'primary' : 'danger'}
        onConfirm={() => {
          if (pending) void confirm(pending);
        }}
        onCancel={() => {
          setPending(null);
          setError(undefined);
        }}
      >
        <p>{question?.text}</p>
      </ConfirmDialog>
    </section>
  );
}
