// The inbox: every message across orders, newest first, with the vendors'
// new ones marked; "Unread only" narrows to those (kept in the address). A
// message opens its order's conversation, where it is marked read. Above
// them, the held email waiting to be matched by hand, when there is any.
import { Link } from 'react-router';
import { useAddressParams } from '../../components/address-params';
import { useCountMessages, useListMessagesInfinite } from '../../api/generated/hooks/message-inbox/message-inbox';
import type { Message } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { LoadMore } from '../../components/LoadMore';
import { concernLabel, MessageEntry } from '../../components/MessageEntry';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { plural } from '../../lib/format';
import { HeldMail } from './HeldMail';

/** Where a message is read in full: its order's conversation, or its item's when it has no order link. */
function threadPath(message: Message): string | null {
  const concern = message.concerns[0];
  if (!concern) return null;
  return `/orders/${encodeURIComponent(concern.orderSid)}#messages`;
}

export default function InboxPage() {
  const [params, setParam] = useAddressParams();
  const unreadOnly = params.get('unread') === 'true';
  const counts = useCountMessages();
  const list = useListMessagesInfinite({ pageSize: 50, unread: unreadOnly }, { query: cursorPaging });
  const messages = flattenPages(list.data, 'messages');
  const unread = counts.data?.unread;
  return (
    <>
      <PageHeader title="Inbox" />
      <HeldMail />
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading" className="mb-2 text-lg font-semibold">
          Messages
        </h2>
        <div className="mb-4 flex flex-wrap items-center gap-4">
          <p role="status" className="text-sm text-slate-800">
            {unread === undefined ? '' : unread === 0 ? 'No unread messages.' : `${plural(unread, 'unread message')}.`}
          </p>
          <label className="inline-flex min-h-11 items-center gap-2 text-sm lg:min-h-8">
            <input
              type="checkbox"
              className="size-6"
              checked={unreadOnly}
              onChange={(e) => {
                setParam('unread', e.target.checked ? 'true' : null);
              }}
            />
            Unread only
          </label>
        </div>
        <QueryStatus
          query={list}
          label="messages"
          isEmpty={messages.length === 0}
          empty={
            <p className="text-slate-700">
              {unreadOnly
                ? 'You have read every message.'
                : 'No messages yet. Messages buyers and vendors write about orders and lines appear here.'}
            </p>
          }
        >
          <ol aria-label="Messages, newest first" className="space-y-2">
            {messages.map((m) => {
              const path = threadPath(m);
              const where = m.concerns[0] ? concernLabel(m.concerns[0], 'inbox') : null;
              return (
                <li key={m.sid}>
                  <MessageEntry message={m} within="inbox" />
                  {path ? (
                    <Link to={path} className="mt-1 inline-block py-1 text-sm text-blue-800 underline">
                      Open the conversation{where ? ` about ${where}` : ''}
                    </Link>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <LoadMore pages={list} label="Older messages" />
        </QueryStatus>
      </section>
    </>
  );
}
