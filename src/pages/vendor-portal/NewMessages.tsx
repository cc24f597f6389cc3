// The buyer's messages the vendor has not read, above its lines. The list
// itself loads only when there are some: most visits have none, and the
// portal's first load is budgeted.
import { lazy, Suspense } from 'react';
import { getListMessagesQueryKey, useListMessages } from '../../api/generated/hooks/message-inbox/message-inbox';

const NewMessagesList = lazy(async () => ({ default: (await import('./NewMessagesList')).NewMessagesList }));

const PARAMS = { unread: true, pageSize: 20 };

export function NewMessages({ customer }: { customer: string }) {
  const unread = useListMessages(PARAMS);
  const messages = unread.data?.messages ?? [];
  if (messages.length === 0) return null;
  return (
    <Suspense fallback={null}>
      <NewMessagesList customer={customer} messages={messages} listKey={getListMessagesQueryKey(PARAMS)} />
    </Suspense>
  );
}
