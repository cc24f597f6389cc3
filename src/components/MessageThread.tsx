// A conversation about an order or an item, on its page and in the vendor
// portal: the messages oldest first, each with its author, side, time and the
// line it is about; the other side's new ones marked and then marked read;
// and a composer that can name the lines a message concerns. Plain state
// rather than a form library: the portal loads this too, within its budget.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { getCountMessagesQueryKey, useMarkMessagesRead } from '../api/generated/hooks/message-inbox/message-inbox';
import { useCreateMessage } from '../api/generated/hooks/messages/messages';
import {
  getListItemMessagesInfiniteQueryKey,
  useListItemMessagesInfinite,
} from '../api/generated/hooks/messages-for-items/messages-for-items';
import {
  getListOrderMessagesInfiniteQueryKey,
  useListOrderMessagesInfinite,
} from '../api/generated/hooks/messages-for-orders/messages-for-orders';
import type { Message } from '../api/generated/model';
import { errorMessage, isApiError } from '../api/http';
import { cursorPaging, flattenPages } from '../api/paging';
import { inputClass } from './input-class';
import { LoadMore } from './LoadMore';
import { MessageEntry } from './MessageEntry';
import { QueryStatus } from './QueryStatus';
import { notifySuccess } from './toast';
import { AttachmentPicker, useAttachments } from './AttachmentPicker';

/** A line the composer can name: an item group of the thread's order or item. */
export interface ThreadLine {
  sid: string;
  label: string;
}

const MAX_MESSAGE = 100_000;

/** Marks the other side's new messages read once they are shown; the inbox count follows. */
function useMarkShownRead(messages: readonly Message[]) {
  const queryClient = useQueryClient();
  const mark = useMarkMessagesRead();
  const sent = useRef(new Set<string>());
  const key = messages
    .filter((m) => !m.read)
    .map((m) => m.sid)
    .join(',');
  useEffect(() => {
    const sids = key ? key.split(',').filter((sid) => !sent.current.has(sid)) : [];
    if (sids.length === 0) return;
    for (const sid of sids) sent.current.add(sid);
    // Marked as read on the server; this view keeps its "New" marks until it is read again.
    mark.mutate(
      { data: { messageSids: sids.slice(0, 500) } },
      {
        onSuccess: (counts) => {
          queryClient.setQueryData(getCountMessagesQueryKey(), counts);
        },
      },
    );
    // mark is stable enough: a new mutation object must not mark the same messages again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, queryClient]);
}

function Composer({
  scope,
  lines,
  onPosted,
  recipient,
}: {
  scope: { kind: 'order' | 'item'; sid: string };
  lines: readonly ThreadLine[];
  onPosted: () => Promise<unknown>;
  recipient: string;
}) {
  const id = useId();
  const create = useCreateMessage();
  const [content, setContent] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const attachments = useAttachments();
  const post = async () => {
    const text = content.trim();
    if (!text) {
      setError('Write a message first.');
      textarea.current?.focus();
      return;
    }
    if (attachments.uploading) {
      setError('Wait until the files are uploaded, or remove them.');
      return;
    }
    setError(undefined);
    const target =
      chosen.length > 0
        ? { itemGroupSids: chosen }
        : scope.kind === 'order'
          ? { orderSids: [scope.sid] }
          : { itemSids: [scope.sid] };
    try {
      const attachmentSids = attachments.sids;
      await create.mutateAsync({
        data: { content: text, ...target, ...(attachmentSids.length ? { attachmentSids } : {}) },
      });
      setContent('');
      setChosen([]);
      attachments.clear();
      notifySuccess(`Message sent. ${recipient} sees it now.`);
      await onPosted();
    } catch (failure) {
      setError(isApiError(failure) ? failure.message : errorMessage(failure));
      textarea.current?.focus();
    }
  };
  const errorId = `${id}-error`;
  return (
    <form
      noValidate
      aria-label="Write a message"
      onSubmit={(e) => {
        e.preventDefault();
        void post();
      }}
      className="mt-3 space-y-2"
    >
      <label htmlFor={`${id}-content`} className="block text-sm font-medium">
        New message
      </label>
      <textarea
        ref={textarea}
        id={`${id}-content`}
        rows={3}
        maxLength={MAX_MESSAGE}
        value={content}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          setContent(e.target.value);
        }}
        className={inputClass}
      />
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {lines.length > 1 ? (
        <fieldset className="text-sm">
          <legend className="font-medium">
            About which lines? (optional{chosen.length ? `, ${chosen.length} chosen` : ''})
          </legend>
          {/* A long order scrolls within a few rows, so the text and the send button stay near on a phone. */}
          <div className="mt-1 flex max-h-48 flex-wrap gap-x-4 overflow-y-auto">
            {lines.map((line) => (
              <label key={line.sid} className="inline-flex min-h-11 items-center gap-2 lg:min-h-8">
                <input
                  type="checkbox"
                  className="size-6"
                  checked={chosen.includes(line.sid)}
                  onChange={(e) => {
                    const checked = e.target.checked;
                    setChosen((current) =>
                      checked ? [...current, line.sid] : current.filter((sid) => sid !== line.sid),
                    );
                  }}
                />
                {line.label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <AttachmentPicker attachments={attachments} />
      <button
        type="submit"
        disabled={create.isPending}
        className="min-h-11 rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60 lg:min-h-9"
      >
        {create.isPending ? 'Sending…' : 'Send message'}
      </button>
    </form>
  );
}

/** The thread of an order (its lines' messages included) or of an item (its shipments' included). */
export function MessageThread({
  scope,
  lines = [],
  recipient,
}: {
  scope: { kind: 'order' | 'item'; sid: string; name: string };
  /** Lines the composer offers to name; none or one: the message is about the whole order or item. */
  lines?: readonly ThreadLine[];
  /** Who reads what is sent: "The vendor", "Voltaris Components", "The buyer". */
  recipient: string;
}) {
  const queryClient = useQueryClient();
  const params = { pageSize: 100 };
  const orderThread = useListOrderMessagesInfinite(scope.sid, params, {
    query: { ...cursorPaging, enabled: scope.kind === 'order' },
  });
  const itemThread = useListItemMessagesInfinite(scope.sid, params, {
    query: { ...cursorPaging, enabled: scope.kind === 'item' },
  });
  const thread = scope.kind === 'order' ? orderThread : itemThread;
  const messages: Message[] = flattenPages(thread.data, 'messages');
  useMarkShownRead(messages);
  // Opened from the inbox (…#messages): the conversation is where the reader goes, once it has loaded.
  const loaded = thread.data !== undefined;
  useEffect(() => {
    if (loaded && window.location.hash === '#messages') document.getElementById('messages')?.scrollIntoView();
  }, [loaded]);
  const key =
    scope.kind === 'order'
      ? getListOrderMessagesInfiniteQueryKey(scope.sid, params)
      : getListItemMessagesInfiniteQueryKey(scope.sid, params);
  return (
    <>
      <QueryStatus
        query={thread}
        label="messages"
        isEmpty={messages.length === 0}
        empty={<p className="text-sm text-slate-700">No messages yet. Write the first one below.</p>}
      >
        <ol aria-label={`Messages about ${scope.kind} ${scope.name}`} className="space-y-2">
          {messages.map((m) => (
            <li key={m.sid}>
              <MessageEntry message={m} within={scope.kind} />
            </li>
          ))}
        </ol>
        <LoadMore pages={thread} label="Newer messages" />
      </QueryStatus>
      <Composer
        scope={scope}
        lines={lines}
        recipient={recipient}
        onPosted={() => queryClient.invalidateQueries({ queryKey: key })}
      />
    </>
  );
}
