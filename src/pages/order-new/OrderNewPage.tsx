// A new purchase order: its number, title and vendor; items and shipments are
// added on the order's page, where this form leads.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import * as z from 'zod/mini';
import {
  getListOrdersInfiniteQueryKey,
  getListOrdersQueryKey,
  useCreateOrder,
} from '../../api/generated/hooks/orders/orders';
import {
  CreateOrderBody,
  createOrderBodyUniqueNameMax,
  createOrderBodyVendorNameMax,
} from '../../api/generated/zod/orders/orders.zod';
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
import { PageHeader } from '../../components/PageHeader';
import { notifySuccess } from '../../components/toast';

/** The contract's create body, with what a buyer must give: the order number and the vendor. */
const NewOrderForm = z.extend(z.pick(CreateOrderBody, { title: true }), {
  uniqueName: requiredText('Enter the order number.', createOrderBodyUniqueNameMax),
  vendorName: requiredText('Choose a vendor or type the name of a new one.', createOrderBodyVendorNameMax),
});
type NewOrderValues = z.input<typeof NewOrderForm>;
const FIELDS = ['uniqueName', 'title', 'vendorName'] as const;

export default function OrderNewPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const createOrder = useCreateOrder();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<NewOrderValues, unknown, z.output<typeof NewOrderForm>>({
    resolver: zodResolver(NewOrderForm, { error: formIssueMessage }),
    defaultValues: { uniqueName: '', title: null, vendorName: '' },
  });

  const vendorName = useWatch({ control, name: 'vendorName' });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      const order = await createOrder.mutateAsync({ data: values });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: getListOrdersInfiniteQueryKey() }),
        queryClient.invalidateQueries({ queryKey: getListOrdersQueryKey() }),
      ]);
      notifySuccess(`Order ${order.uniqueName ?? order.sid} created. Add its items next.`);
      await navigate(`/orders/${encodeURIComponent(order.sid)}`);
    } catch (error) {
      setFormError(serverErrorFor(error, FIELDS, setError, { vendorSid: 'vendorName' }));
    }
  });

  return (
    <>
      <PageHeader title="New order" />
      <form
        noValidate
        onSubmit={(e) => void onSubmit(e)}
        aria-label="New order"
        className="max-w-xl space-y-4 rounded border border-slate-200 bg-white p-4 sm:p-6"
      >
        <FormAlert message={formError} />
        <FormField
          id="order-unique-name"
          label="Order number"
          hint="Your purchase order number, unique in your organization."
          error={errors.uniqueName?.message}
        >
          {(a11y) => <input {...a11y} autoComplete="off" className={inputClass} {...register('uniqueName')} />}
        </FormField>
        <VendorField
          id="order-vendor"
          value={vendorName}
          error={errors.vendorName?.message}
          input={register('vendorName')}
        />
        <FormField id="order-title" label="Title (optional)" error={errors.title?.message}>
          {(a11y) => <input {...a11y} className={inputClass} {...register('title', blankIsNull)} />}
        </FormField>
        <div className="flex items-center gap-4 pt-2">
          <button
            type="submit"
            disabled={isSubmitting}
            className="min-h-11 rounded bg-blue-800 px-4 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60 lg:min-h-9"
          >
            {isSubmitting ? 'Creating…' : 'Create order'}
          </button>
          <Link
            to="/orders"
            className="inline-flex min-h-11 items-center px-1 text-sm text-blue-800 underline lg:min-h-9"
          >
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
