import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import * as z from 'zod/mini';
import { useListItemCustomFields } from '../../api/generated/hooks/item-custom-fields/item-custom-fields';
import { useListItemEventsInfinite } from '../../api/generated/hooks/item-events/item-events';
import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import { useGetItem } from '../../api/generated/hooks/items/items';
import { useCreateMessage } from '../../api/generated/hooks/messages/messages';
import {
  getListItemMessagesInfiniteQueryKey,
  useListItemMessagesInfinite,
} from '../../api/generated/hooks/messages-for-items/messages-for-items';
import { useGetOrder } from '../../api/generated/hooks/orders/orders';
import type { Item } from '../../api/generated/model';
import { CreateMessageBody } from '../../api/generated/zod/messages/messages.zod';
import { cursorPaging, flattenPages } from '../../api/paging';
import { EventTimeline } from '../../components/EventTimeline';
import { FormAlert, FormField, formIssueMessage, inputClass, serverErrorFor } from '../../components/FormField';
import { ItemGroupsTable, ShipmentDialog } from '../../components/ItemGroupEditor';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { formatDateTime } from '../../lib/format';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

function ItemFacts({ item }: { item: Item }) {
  const order = useGetOrder(item.orderSid);
  const customFields = useListItemCustomFields({ itemSid: item.sid, pageSize: 100 });
  const orderName = order.data?.uniqueName ?? item.orderSid;
  return (
    <dl className="mb-6 grid grid-cols-2 gap-4 rounded border border-slate-200 bg-white p-4 break-words sm:grid-cols-4">
      <Fact label="Order">
        <Link
          to={`/orders/${encodeURIComponent(item.orderSid)}`}
          className="inline-flex min-h-6 items-center text-blue-800 underline"
        >
          {orderName}
        </Link>
      </Fact>
      <Fact label="Vendor">{order.data?.vendorName ?? '—'}</Fact>
      <Fact label="Part number">{item.manufacturerPartNumber ?? '—'}</Fact>
      <Fact label="Quantity">{item.quantity}</Fact>
      <Fact label="Description">{item.description ?? item.title ?? '—'}</Fact>
      <Fact label="Price per unit">{item.pricePerUnit ?? '—'}</Fact>
      <Fact label="Status">{item.status === 'active' ? 'Active' : 'Canceled'}</Fact>
      <Fact label="Updated">{formatDateTime(item.updated)}</Fact>
      {(customFields.data?.itemCustomFields ?? []).map((f) => (
        <Fact key={f.sid} label={f.name ?? 'Custom field'}>
          {f.value ?? '—'}
        </Fact>
      ))}
    </dl>
  );
}

const MessageForm = z.object({
  content: CreateMessageBody.shape.content.check(z.trim(), z.minLength(1, 'Write a message first.')),
});
type MessageValues = z.input<typeof MessageForm>;

function PostMessage({ itemSid }: { itemSid: string }) {
  const queryClient = useQueryClient();
  const create = useCreateMessage();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<MessageValues>({
    resolver: zodResolver(MessageForm, { error: formIssueMessage }),
    defaultValues: { content: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await create.mutateAsync({ data: { content: values.content, itemSids: [itemSid] } });
      reset();
      notifySuccess('Message posted.');
      await queryClient.invalidateQueries({ queryKey: getListItemMessagesInfiniteQueryKey(itemSid) });
    } catch (error) {
      setFormError(serverErrorFor(error, ['content'], setError));
    }
  });
  return (
    <form noValidate aria-label="Post a message" onSubmit={(e) => void onSubmit(e)} className="mt-3 space-y-2">
      <FormAlert message={formError} />
      <FormField id="message-content" label="New message" error={errors.content?.message}>
        {(a11y) => <textarea {...a11y} rows={3} className={inputClass} {...register('content')} />}
      </FormField>
      <button
        type="submit"
        disabled={isSubmitting}
        className="min-h-11 rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60 lg:min-h-9"
      >
        {isSubmitting ? 'Posting…' : 'Post message'}
      </button>
    </form>
  );
}

export default function ItemDetailPage() {
  const { sid = '' } = useParams();
  const item = useGetItem(sid);
  const groups = useListItemGroupsInfinite({ itemSid: sid, pageSize: 500 }, { query: cursorPaging });
  const events = useListItemEventsInfinite(sid, { pageSize: 50, sortOrder: 'Desc' }, { query: cursorPaging });
  const messages = useListItemMessagesInfinite(sid, { pageSize: 50 }, { query: cursorPaging });
  const [adding, setAdding] = useState(false);
  const groupRows = flattenPages(groups.data, 'itemGroups');
  const eventRows = flattenPages(events.data, 'itemEvents');
  const messageRows = flattenPages(messages.data, 'messages');
  const name = item.data ? (item.data.uniqueName ?? item.data.sid) : '';

  const addButton = (
    <button
      type="button"
      onClick={() => {
        setAdding(true);
      }}
      className="min-h-11 rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-900 lg:min-h-9"
    >
      Add shipment
    </button>
  );

  return (
    <>
      <PageHeader title={item.data ? `Item ${name}` : 'Item'} />
      <QueryStatus query={item} label="the item">
        {item.data ? <ItemFacts item={item.data} /> : null}
      </QueryStatus>

      <section aria-labelledby="shipments-heading" className="mt-6">
        <div className="mb-2 flex items-center justify-between gap-4">
          <h2 id="shipments-heading" className="text-lg font-semibold">
            Shipments
          </h2>
          {item.data && groupRows.length > 0 ? addButton : null}
        </div>
        <QueryStatus
          query={groups}
          label="shipments"
          isEmpty={groupRows.length === 0}
          empty={
            <>
              <p className="mb-3">No shipments are scheduled for this item yet.</p>
              {item.data ? addButton : null}
            </>
          }
        >
          {item.data ? (
            <ItemGroupsTable item={item.data} groups={groupRows} caption={`Shipments of item ${name}`} />
          ) : null}
          <LoadMore pages={groups} />
        </QueryStatus>
        {item.data ? (
          <ShipmentDialog
            open={adding}
            onClose={() => {
              setAdding(false);
            }}
            item={item.data}
          />
        ) : null}
      </section>

      <section aria-labelledby="messages-heading" className="mt-8">
        <h2 id="messages-heading" className="mb-2 text-lg font-semibold">
          Messages
        </h2>
        <QueryStatus
          query={messages}
          label="messages"
          isEmpty={messageRows.length === 0}
          empty="No messages about this item yet. Write the first one below."
        >
          <ol aria-label="Messages about this item" className="space-y-2">
            {messageRows.map((m) => (
              <li key={m.sid} className="rounded border border-slate-200 bg-white p-3">
                <p className="text-sm">
                  <span className="font-semibold">{m.author ?? 'Unknown sender'}</span>{' '}
                  <span className="text-slate-600">
                    · <time dateTime={m.created}>{formatDateTime(m.created)}</time>
                  </span>
                </p>
                <p className="mt-1 whitespace-pre-wrap text-sm">{m.content}</p>
              </li>
            ))}
          </ol>
          <LoadMore pages={messages} />
        </QueryStatus>
        <PostMessage itemSid={sid} />
      </section>

      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <EventTimeline query={events} events={eventRows} label={`History of item ${name}`} />
      </section>
    </>
  );
}
