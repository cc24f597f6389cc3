// Who follows the order (members, added from the organization's users) and
// who has been invited to.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import { useListOrderInvitesInfinite } from '../../api/generated/hooks/order-invites/order-invites';
import {
  getListOrderMembersInfiniteQueryKey,
  useCreateOrderMember,
  useDeleteOrderMember,
  useListOrderMembersInfinite,
} from '../../api/generated/hooks/order-members/order-members';
import { getListOrderEventsInfiniteQueryKey } from '../../api/generated/hooks/order-events/order-events';
import { useListUsers } from '../../api/generated/hooks/users/users';
import type { OrderMemberType, User } from '../../api/generated/model';
import { CreateOrderMemberBody } from '../../api/generated/zod/order-members/order-members.zod';
import { isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { FormAlert, FormField, formIssueMessage, inputClass, serverErrorFor } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore, stickyFirstColumn } from '../../components/ResourceTable';
import { notifyError, notifySuccess } from '../../components/toast';
import { formatDateTime } from '../../lib/format';

const TYPE_TEXT: Record<OrderMemberType, string> = {
  tracking: 'Follows the order',
  updating: 'Answers update requests',
};

const AddMemberForm = z.extend(z.pick(CreateOrderMemberBody, { type: true }), {
  memberSid: z.string().check(z.minLength(1, 'Choose a person to add.')),
});
type AddMemberValues = z.input<typeof AddMemberForm>;

function userName(user: User | undefined, fallback: string | null): string {
  if (!user) return fallback ?? 'Unknown user';
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name ? (user.email ? `${name} (${user.email})` : name) : (user.email ?? user.sid);
}

function AddMember({ orderSid, candidates }: { orderSid: string; candidates: User[] }) {
  const queryClient = useQueryClient();
  const create = useCreateOrderMember();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<AddMemberValues>({
    resolver: zodResolver(AddMemberForm, { error: formIssueMessage }),
    defaultValues: { memberSid: '', type: 'tracking' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await create.mutateAsync({ data: { ...values, orderSid } });
      notifySuccess(
        `Added ${userName(
          candidates.find((u) => u.sid === values.memberSid),
          null,
        )} to the order.`,
      );
      reset();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: getListOrderMembersInfiniteQueryKey() }),
        queryClient.invalidateQueries({ queryKey: getListOrderEventsInfiniteQueryKey(orderSid) }),
      ]);
    } catch (error) {
      setFormError(serverErrorFor(error, ['memberSid', 'type'], setError));
    }
  });
  return (
    <form
      noValidate
      aria-label="Add a member"
      onSubmit={(e) => void onSubmit(e)}
      className="mt-3 flex flex-wrap items-start gap-3"
    >
      <div className="w-full">
        <FormAlert message={formError} />
      </div>
      <FormField
        id="member-user"
        label="Person"
        error={errors.memberSid?.message}
        className="w-full sm:w-auto sm:min-w-64"
      >
        {(a11y) => (
          <select {...a11y} className={inputClass} {...register('memberSid')}>
            <option value="">Choose a person…</option>
            {candidates.map((u) => (
              <option key={u.sid} value={u.sid}>
                {userName(u, null)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="member-type" label="Role on this order" error={errors.type?.message} className="w-full sm:w-auto">
        {(a11y) => (
          <select {...a11y} className={inputClass} {...register('type')}>
            <option value="tracking">{TYPE_TEXT.tracking}</option>
            <option value="updating">{TYPE_TEXT.updating}</option>
          </select>
        )}
      </FormField>
      <button
        type="submit"
        disabled={isSubmitting}
        className="min-h-11 rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60 sm:mt-6 lg:min-h-9"
      >
        {isSubmitting ? 'Adding…' : 'Add member'}
      </button>
    </form>
  );
}

export function MembersSection({ orderSid }: { orderSid: string }) {
  const queryClient = useQueryClient();
  const members = useListOrderMembersInfinite({ orderSid: [orderSid], pageSize: 100 }, { query: cursorPaging });
  const invites = useListOrderInvitesInfinite({ orderSid, pageSize: 100 }, { query: cursorPaging });
  const users = useListUsers({ pageSize: 500 }, { query: { staleTime: 5 * 60_000 } });
  const remove = useDeleteOrderMember();
  const memberRows = flattenPages(members.data, 'orderMembers');
  const inviteRows = flattenPages(invites.data, 'orderInvites');
  const byUser = new Map((users.data?.users ?? []).map((u) => [u.sid, u]));
  const memberSids = new Set(memberRows.map((m) => m.memberSid));
  const candidates = (users.data?.users ?? []).filter((u) => !memberSids.has(u.sid));

  const removeMember = async (sid: string, name: string) => {
    try {
      await remove.mutateAsync({ sid });
      notifySuccess(`Removed ${name} from the order.`);
    } catch (error) {
      notifyError(isApiError(error) ? error.message : `Could not remove ${name}.`);
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: getListOrderMembersInfiniteQueryKey() }),
      queryClient.invalidateQueries({ queryKey: getListOrderEventsInfiniteQueryKey(orderSid) }),
    ]);
  };

  return (
    <section aria-labelledby="members-heading" className="mt-8">
      <h2 id="members-heading" className="mb-2 text-lg font-semibold">
        Members
      </h2>
      <QueryStatus
        query={members}
        label="members"
        isEmpty={memberRows.length === 0}
        empty="Nobody follows this order yet. Add a member below."
      >
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
          {memberRows.map((m) => {
            const name = userName(m.memberSid ? byUser.get(m.memberSid) : undefined, m.memberSid);
            return (
              <li key={m.sid} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                <span className="min-w-0 break-words">
                  <span className="font-medium">{name}</span>{' '}
                  <span className="text-slate-600">· {TYPE_TEXT[m.type]}</span>
                </span>
                <button
                  type="button"
                  aria-label={`Remove ${name}`}
                  disabled={remove.isPending}
                  onClick={() => void removeMember(m.sid, name)}
                  className="min-h-6 rounded border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-50"
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
        <LoadMore pages={members} />
      </QueryStatus>
      {users.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-900">
          The people of your organization could not be loaded: {users.error.message}{' '}
          <button type="button" className="min-h-6 underline" onClick={() => void users.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <AddMember orderSid={orderSid} candidates={candidates} />
      )}

      <h3 className="mb-2 mt-6 font-semibold">Invitations</h3>
      <QueryStatus
        query={invites}
        label="invitations"
        isEmpty={inviteRows.length === 0}
        empty="No one has been invited to this order."
      >
        <div className="rounded border border-slate-200 bg-white">
          {/* Sideways scrolling stays inside this region, which can take the focus so a keyboard scrolls it too. */}
          <div role="region" aria-label="Invitations to this order" tabIndex={0} className="overflow-x-auto rounded-t">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Invitations to this order</caption>
              <thead className="bg-slate-100 text-left text-slate-700">
                <tr>
                  <th scope="col" className={`px-3 py-2 font-semibold ${stickyFirstColumn.header}`}>
                    Email
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Role
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Invited
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Accepted
                  </th>
                </tr>
              </thead>
              <tbody>
                {inviteRows.map((i) => (
                  <tr key={i.sid} className="group border-t border-slate-100">
                    <td className={`px-3 py-2 ${stickyFirstColumn.cell}`}>{i.email}</td>
                    <td className="px-3 py-2">{TYPE_TEXT[i.type]}</td>
                    <td className="px-3 py-2">{formatDateTime(i.created)}</td>
                    <td className="px-3 py-2">{i.accepted ? formatDateTime(i.accepted) : 'Not yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore pages={invites} />
        </div>
      </QueryStatus>
    </section>
  );
}
