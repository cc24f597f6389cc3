// The buyer's unread messages as the portal shows them (NewMessages loads this
// only when there are some): each names its order and line; "Mark as read"
// clears them, and each order's conversation (under its lines) is where to answer.
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { getCountMessagesQueryKey, useMarkMessagesRead } from '../../api/generated/hooks/message-inbox/message-inbox';
import type { Message } from '../../api/generated/model';
import { MessageEntry } from '../../components/MessageEntry';
import { notifyError, notifySuccess } from '../../components/toast';
import { secondaryButton } from './PortalLine';
import { failureText } from './lines';
import { vendorCount } from './vendor-locale';

export function NewMessagesList({
  customer,
  messages,
  listKey,
}: {
  customer: string;
  messages: Message[];
  /** The unread list's query, read again once they are marked. */
  listKey: QueryKey;
}) {
  const queryClient = useQueryClient();
  const mark = useMarkMessagesRead();
  const markRead = async () => {
    try {
      const counts = await mark.mutateAsync({ data: { messageSids: messages.map((m) => m.sid) } });
      queryClient.setQueryData(getCountMessagesQueryKey(), counts);
      await queryClient.invalidateQueries({ queryKey: listKey });
      notifySuccess('Marked as read.');
    } catch (error) {
      notifyError(`Could not mark them read: ${failureText(error)}`);
    }
  };
  return (
    <section aria-labelledby="new-messages-heading" className="mb-6 rounded-lg border border-blue-200 bg-white p-4">
      <h2 id="new-messages-heading" className="text-lg font-semibold">
        {vendorCount(messages.length, 'new message')} from {customer}
      </h2>
      <ol aria-label={`New messages from ${customer}`} className="mt-3 space-y-2">
        {messages.map((m) => (
          <li key={m.sid}>
            <MessageEntry message={m} within="inbox" />
          </li>
        ))}
      </ol>
      <p className="mt-2 text-sm text-slate-700">Answer in the order’s messages, under its lines.</p>
      <button
        type="button"
        onClick={() => void markRead()}
        disabled={mark.isPending}
        className={`mt-2 ${secondaryButton}`}
      >
        {mark.isPending ? 'Marking…' : 'Mark as read'}
      </button>
    </section>
  );
}
