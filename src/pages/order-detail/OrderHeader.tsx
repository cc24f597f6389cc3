// The order's own fields: read, or edited in place (number, title, vendor).
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import * as z from 'zod/mini';
import { getListOrderEventsInfiniteQueryKey } from '../../api/generated/hooks/order-events/order-events';
import {
  getGetOrderQueryKey,
  getListOrdersInfiniteQueryKey,
  getListOrdersQueryKey,
  useUpdateOrder,
} from '../../api/generated/hooks/orders/orders';
import type { Order } from '../../api/generated/model';
import { UpdateOrderBody, updateOrderBodyVendorNameMax } from '../../api/generated/zod/orders/orders.zod';
import { isApiError } from '../../api/http';
import {
  blankIsNull,
  FormAlert,
  FormField,
  formIssueMessage,
  inputClass,
  requiredText,
  serverErrorFor,
  VendorField,
} from '../../components/FormField';
import { notifySuccess } from '../../components/toast';
import { formatDate, formatDateTime } from '../../lib/format';

const EditOrderForm = z.extend(z.pick(UpdateOrderBody, { uniqueName: true, title: true }), {
  vendorName: requiredText('An order needs a vendor.', updateOrderBodyVendorNameMax),
});
type EditOrderValues = z.input<typeof EditOrderForm>;
const FIELDS = ['uniqueName', 'title', 'vendorName'] as const;

function valuesOf(order: Order): EditOrderValues {
  return { uniqueName: order.uniqueName, title: order.title, vendorName: order.vendorName ?? '' };
}

function EditOrder({ order, onDone, onReload }: { order: Order; onDone: () => void; onReload: () => Promise<Order> }) {
  const queryClient = useQueryClient();
  const update = useUpdateOrder();
  const [formError, setFormError] = useState<string>();
  const [stale, setStale] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<EditOrderValues, unknown, z.output<typeof EditOrderForm>>({
    resolver: zodResolver(EditOrderForm, { error: formIssueMessage }),
    defaultValues: valuesOf(order),
  });
  const vendorName = useWatch({ control, name: 'vendorName' });
  // The "Edit order" button goes away while editing: focus moves into the form instead of being lost.
  useEffect(() => {
    setFocus('uniqueName');
  }, [setFocus]);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setStale(false);
    try {
      const saved = await update.mutateAsync({
        sidOrUniqueName: order.sid,
        // The vendor is sent only when it changed: the server then finds or adds the vendor by name.
        data: {
          uniqueName: values.uniqueName,
          title: values.title,
          ...(values.vendorName !== order.vendorName ? { vendorName: values.vendorName } : {}),
        },
      });
      queryClient.setQueryData(getGetOrderQueryKey(order.sid), { ...order, ...saved });
      await Promise.all(
        [
          getGetOrderQueryKey(order.sid),
          getListOrderEventsInfiniteQueryKey(order.sid),
          getListOrdersInfiniteQueryKey(),
          getListOrdersQueryKey(),
        ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
      notifySuccess(`Order ${saved.uniqueName ?? saved.sid} saved.`);
      onDone();
    } catch (error) {
      const message = serverErrorFor(error, FIELDS, setError, { vendorSid: 'vendorName' });
      if (isApiError(error) && error.status === 409 && message) {
        setStale(true);
        setFormError(`${message} Reload the order to see its current values; your changes were not saved.`);
        return;
      }
      setFormError(message);
    }
  });

  return (
    <form
      noValidate
      aria-label="Edit order"
      onSubmit={(e) => void onSubmit(e)}
      className="mb-6 space-y-4 rounded border border-slate-200 bg-white p-4"
    >
      <FormAlert
        message={formError}
        action={
          stale ? (
            <button
              type="button"
              onClick={() => {
                void onReload().then((fresh) => {
                  reset(valuesOf(fresh));
                  setStale(false);
                  setFormError(undefined);
                });
              }}
              className="rounded bg-red-800 px-3 py-1.5 text-sm text-white"
            >
              Reload the order
            </button>
          ) : undefined
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField id="edit-order-number" label="Order number" error={errors.uniqueName?.message}>
          {(a11y) => <input {...a11y} className={inputClass} {...register('uniqueName', blankIsNull)} />}
        </FormField>
        <VendorField
          id="edit-order-vendor"
          value={vendorName}
          error={errors.vendorName?.message}
          input={register('vendorName')}
        />
        <FormField id="edit-order-title" label="Title" error={errors.title?.message}>
          {(a11y) => <input {...a11y} className={inputClass} {...register('title', blankIsNull)} />}
        </FormField>
      </div>
      <div className="flex gap-3">
        <button
          type="submit"
          disabled={isSubmitting}
          className="min-h-11 rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60 lg:min-h-9"
        >
          {isSubmitting ? 'Saving…' : 'Save order'}
        </button>
        <button
          type="button"
          onClick={onDone}
          className="min-h-11 rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 lg:min-h-9"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

/** The order's fields, or the form that edits them. */
export function OrderHeader({
  order,
  editing,
  onDone,
  onReload,
}: {
  order: Order;
  editing: boolean;
  onDone: () => void;
  onReload: () => Promise<Order>;
}) {
  if (editing) return <EditOrder order={order} onDone={onDone} onReload={onReload} />;
  const summary = order.summary;
  return (
    <dl className="mb-6 grid grid-cols-2 gap-4 rounded border border-slate-200 bg-white p-4 break-words sm:grid-cols-4">
      <Fact label="Vendor">{order.vendorName ?? '—'}</Fact>
      <Fact label="Title">{order.title ?? '—'}</Fact>
      <Fact label="Next due">{formatDate(summary?.nextDueDate)}</Fact>
      <Fact label="Confirmed">{summary ? `${Math.round(summary.confirmedShare * 100)}% of shipments` : '—'}</Fact>
      <Fact label="Open flags">{summary?.openFlagCount ?? '—'}</Fact>
      <Fact label="Created">{formatDateTime(order.created)}</Fact>
      <Fact label="Updated">{formatDateTime(order.updated)}</Fact>
    </dl>
  );
}
