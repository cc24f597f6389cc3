// Adds an item (a line) to the order, or edits one.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import { getListItemEventsInfiniteQueryKey } from '../../api/generated/hooks/item-events/item-events';
import {
  getGetItemQueryKey,
  getListItemsInfiniteQueryKey,
  getListItemsQueryKey,
  useCreateItem,
  useUpdateItem,
} from '../../api/generated/hooks/items/items';
import { getListOrderEventsInfiniteQueryKey } from '../../api/generated/hooks/order-events/order-events';
import { getGetOrderQueryKey, getListOrdersInfiniteQueryKey } from '../../api/generated/hooks/orders/orders';
import type { Item } from '../../api/generated/model';
import { CreateItemBody } from '../../api/generated/zod/items/items.zod';
import { ModalDialog } from '../../components/ConfirmDialog';
import {
  blankIsNull,
  FormAlert,
  FormField,
  formIssueMessage,
  inputClass,
  serverErrorFor,
} from '../../components/FormField';
import { notifySuccess } from '../../components/toast';

const ItemForm = z.pick(CreateItemBody, {
  uniqueName: true,
  manufacturerPartNumber: true,
  description: true,
  quantity: true,
  pricePerUnit: true,
  status: true,
});
type ItemValues = z.input<typeof ItemForm>;
const FIELDS = ['uniqueName', 'manufacturerPartNumber', 'description', 'quantity', 'pricePerUnit', 'status'] as const;

function valuesOf(item: Item | undefined): ItemValues {
  return {
    uniqueName: item?.uniqueName ?? null,
    manufacturerPartNumber: item?.manufacturerPartNumber ?? null,
    description: item?.description ?? null,
    quantity: item?.quantity ?? '',
    pricePerUnit: item?.pricePerUnit ?? null,
    status: item?.status ?? 'active',
  };
}

/** Lists, the item and the histories an item change makes stale. */
export function invalidateItemQueries(
  queryClient: ReturnType<typeof useQueryClient>,
  orderSid: string,
  itemSid?: string,
): Promise<unknown> {
  const keys = [
    getListItemsInfiniteQueryKey(),
    getListItemsQueryKey(),
    getListOrderEventsInfiniteQueryKey(orderSid),
    getGetOrderQueryKey(orderSid),
    getListOrdersInfiniteQueryKey(),
    ...(itemSid ? [getGetItemQueryKey(itemSid), getListItemEventsInfiniteQueryKey(itemSid)] : []),
  ];
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

function ItemFormBody({ orderSid, item, onDone }: { orderSid: string; item?: Item; onDone: () => void }) {
  const queryClient = useQueryClient();
  const id = useId();
  const create = useCreateItem();
  const update = useUpdateItem();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ItemValues>({
    resolver: zodResolver(ItemForm, { error: formIssueMessage }),
    defaultValues: valuesOf(item),
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      if (item) {
        await update.mutateAsync({ sidOrUniqueName: item.sid, data: values });
        notifySuccess('Item saved.');
      } else {
        const created = await create.mutateAsync({ data: { ...values, orderSid } });
        const name = created.uniqueName ? `Item ${created.uniqueName}` : 'The item';
        notifySuccess(`${name} was added. Schedule its shipments next.`);
      }
      await invalidateItemQueries(queryClient, orderSid, item?.sid);
      onDone();
    } catch (error) {
      setFormError(serverErrorFor(error, FIELDS, setError));
    }
  });

  const field = (name: (typeof FIELDS)[number]) => ({ id: `${id}-${name}`, error: errors[name]?.message });
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-3">
      <FormAlert message={formError} />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField {...field('uniqueName')} label="Line" hint="The line's name or number on the order.">
          {(a11y) => <input {...a11y} className={inputClass} {...register('uniqueName', blankIsNull)} />}
        </FormField>
        <FormField {...field('manufacturerPartNumber')} label="Part number">
          {(a11y) => <input {...a11y} className={inputClass} {...register('manufacturerPartNumber', blankIsNull)} />}
        </FormField>
        <FormField {...field('quantity')} label="Quantity">
          {(a11y) => <input {...a11y} inputMode="decimal" className={inputClass} {...register('quantity')} />}
        </FormField>
        <FormField {...field('pricePerUnit')} label="Price per unit (optional)">
          {(a11y) => (
            <input {...a11y} inputMode="decimal" className={inputClass} {...register('pricePerUnit', blankIsNull)} />
          )}
        </FormField>
        <FormField {...field('description')} label="Description (optional)" className="sm:col-span-2">
          {(a11y) => <textarea {...a11y} rows={2} className={inputClass} {...register('description', blankIsNull)} />}
        </FormField>
        {item ? (
          <FormField {...field('status')} label="Status">
            {(a11y) => (
              <select {...a11y} className={inputClass} {...register('status')}>
                <option value="active">Active</option>
                <option value="canceled">Canceled</option>
              </select>
            )}
          </FormField>
        ) : null}
      </div>
      <div className="flex justify-end gap-3 pt-2">
        <button
          type="button"
          onClick={onDone}
          className="min-h-11 rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 lg:min-h-9"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={isSubmitting}
          className="min-h-11 rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60 lg:min-h-9"
        >
          {isSubmitting ? 'Saving…' : item ? 'Save item' : 'Add item'}
        </button>
      </div>
    </form>
  );
}

export function ItemDialog({
  open,
  onClose,
  orderSid,
  item,
}: {
  open: boolean;
  onClose: () => void;
  orderSid: string;
  item?: Item;
}) {
  const title = item ? `Edit item ${item.uniqueName ?? ''}`.trim() : 'Add an item';
  return (
    <ModalDialog open={open} onClose={onClose} title={title}>
      <ItemFormBody orderSid={orderSid} item={item} onDone={onClose} />
    </ModalDialog>
  );
}
