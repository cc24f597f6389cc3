// Splitting one shipment (item group) into several whose quantities add up to
// the original's: the first keeps the item group, the others are new. The form
// starts adding up (the whole quantity in the first row); what is typed into
// the other rows is taken from the first until the user types there too.
// Delivered and canceled shipments are not split.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { getListItemEventsInfiniteQueryKey } from '../api/generated/hooks/item-events/item-events';
import { getListItemGroupEventsInfiniteQueryKey } from '../api/generated/hooks/item-group-events/item-group-events';
import { useCreateItemGroupProposal } from '../api/generated/hooks/item-group-proposals/item-group-proposals';
import { useSplitItemGroup } from '../api/generated/hooks/item-group-splits/item-group-splits';
import {
  getGetItemGroupQueryKey,
  getListItemGroupsInfiniteQueryKey,
  getListItemGroupsQueryKey,
} from '../api/generated/hooks/item-groups/item-groups';
import { getListOrderEventsInfiniteQueryKey } from '../api/generated/hooks/order-events/order-events';
import {
  getGetOrderQueryKey,
  getListOrdersInfiniteQueryKey,
  getListOrdersQueryKey,
} from '../api/generated/hooks/orders/orders';
import type { ItemGroup, SplitItemGroupRequest } from '../api/generated/model';
import { SplitItemGroupBody } from '../api/generated/zod/item-group-splits/item-group-splits.zod';
import { GetItemGroupResponse } from '../api/generated/zod/item-groups/item-groups.zod';
import { isApiError } from '../api/http';
import { fromMicros, parseQuantityMicros } from '../lib/decimal';
import { formatDate } from '../lib/format';
import { canSplit } from '../lib/item-groups';
import { ModalDialog } from './ConfirmDialog';
import { blankIsNull, FormAlert, formIssueMessage, inputClass, serverErrorFor } from './FormField';
import { notifySuccess } from './toast';

const MAX_SHIPMENTS = 50;

/**
 * Everything a change to an item group can make stale: item group lists (the
 * schedule's too), the group itself, the histories it appears in, and the
 * order's summary counts.
 */
export function invalidateItemGroupQueries(
  queryClient: QueryClient,
  group: { orderSid: string; itemSid: string; sid?: string },
): Promise<unknown> {
  const keys = [
    getListItemGroupsInfiniteQueryKey(),
    getListItemGroupsQueryKey(),
    getListItemEventsInfiniteQueryKey(group.itemSid),
    getListOrderEventsInfiniteQueryKey(group.orderSid),
    getGetOrderQueryKey(group.orderSid),
    getListOrdersInfiniteQueryKey(),
    getListOrdersQueryKey(),
    ...(group.sid ? [getGetItemGroupQueryKey(group.sid), getListItemGroupEventsInfiniteQueryKey(group.sid)] : []),
  ];
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

type SplitValues = SplitItemGroupRequest;

/** Where the split stands: whether it may be sent, and the words that say so. */
function splitCheck(total: string, quantities: (string | null | undefined)[]): { ok: boolean; message: string } {
  const target = parseQuantityMicros(total) ?? 0n;
  const parsed = quantities.map(parseQuantityMicros);
  const sum = parsed.reduce<bigint>((acc, q) => acc + (q ?? 0n), 0n);
  const head = `Sum ${fromMicros(sum)} of ${fromMicros(target)}`;
  if (parsed.some((q) => q === null)) return { ok: false, message: `${head}: enter a quantity in every row.` };
  if (parsed.some((q) => q === 0n)) return { ok: false, message: `${head}: every shipment needs more than zero.` };
  if (sum < target) return { ok: false, message: `${head}: ${fromMicros(target - sum)} still to assign.` };
  if (sum > target) return { ok: false, message: `${head}: ${fromMicros(sum - target)} too many.` };
  return { ok: true, message: `${head}: the quantities add up.` };
}

/** The whole quantity in the first row and an empty second: the sum is the original's from the start. */
function defaults(group: ItemGroup): SplitValues {
  const row = { quantity: '', dueDate: group.dueDate, shipDate: group.shipDate };
  return { version: group.version, shipments: [{ ...row, quantity: group.quantity }, row] };
}

function SplitForm({
  itemGroup,
  onClose,
  onSplit,
  dueDateFixed = false,
  propose,
}: {
  itemGroup: ItemGroup;
  onClose: () => void;
  onSplit?: (groups: ItemGroup[]) => void;
  dueDateFixed?: boolean;
  /** The customer's name where a vendor's split waits for its approval: the split is sent as a proposal. */
  propose?: string;
}) {
  const queryClient = useQueryClient();
  // The shipment being split: the one given, or the server's current one after a conflict.
  const [base, setBase] = useState(itemGroup);
  const [formError, setFormError] = useState<string>();
  const [conflict, setConflict] = useState<ItemGroup>();
  const split = useSplitItemGroup();
  const proposal = useCreateItemGroupProposal();
  const sumId = useId();
  // Until the user types into the first row, it holds what the other rows leave of the original quantity.
  const [firstTyped, setFirstTyped] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    reset,
    setError,
    setValue,
    getValues,
    formState: { errors },
  } = useForm<SplitValues>({
    resolver: zodResolver(SplitItemGroupBody, { error: formIssueMessage }),
    defaultValues: defaults(itemGroup),
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'shipments' });
  /** The first row takes what the others leave (never below zero), unless the user typed its quantity. */
  const rebalance = () => {
    if (firstTyped) return;
    const target = parseQuantityMicros(base.quantity) ?? 0n;
    const others = getValues('shipments')
      .slice(1)
      .reduce<bigint>((acc, r) => acc + (parseQuantityMicros(r.quantity) ?? 0n), 0n);
    setValue('shipments.0.quantity', fromMicros(target > others ? target - others : 0n));
  };
  const rows = useWatch({ control, name: 'shipments' });
  const check = splitCheck(
    base.quantity,
    rows.map((r) => r.quantity),
  );

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setConflict(undefined);
    // Dates left as they were are not sent, so the server keeps the original's (a vendor may not send a due date).
    const shipments = values.shipments.map((s) => ({
      quantity: s.quantity,
      ...(s.dueDate !== base.dueDate ? { dueDate: s.dueDate } : {}),
      ...(s.shipDate !== base.shipDate ? { shipDate: s.shipDate } : {}),
    }));
    try {
      if (propose !== undefined) {
        await proposal.mutateAsync({
          data: {
            itemGroupSid: base.sid,
            version: base.version,
            shipments: shipments.map(({ quantity, shipDate }) => ({ quantity, ...(shipDate ? { shipDate } : {}) })),
          },
        });
        await invalidateItemGroupQueries(queryClient, base);
        notifySuccess(
          `Split into ${String(shipments.length)} shipments sent to ${propose} for approval. The line stays as it is until they accept it.`,
        );
        onClose();
        return;
      }
      const result = await split.mutateAsync({ sid: base.sid, data: { version: base.version, shipments } });
      await invalidateItemGroupQueries(queryClient, base);
      notifySuccess(`Split into ${result.itemGroups.length} shipments.`);
      onSplit?.(result.itemGroups);
      onClose();
    } catch (error) {
      if (isApiError(error) && error.status === 409 && error.code === 'version_conflict') {
        const current = GetItemGroupResponse.safeParse(error.current);
        setConflict(current.success ? { ...base, ...current.data } : base);
        void invalidateItemGroupQueries(queryClient, base);
        return;
      }
      const fieldNames = values.shipments.flatMap((_, i) => [
        `shipments.${i}.quantity` as const,
        `shipments.${i}.dueDate` as const,
        `shipments.${i}.shipDate` as const,
      ]);
      setFormError(serverErrorFor(error, fieldNames, setError));
    }
  });

  const reload = () => {
    if (!conflict) return;
    setBase(conflict);
    setConflict(undefined);
    setFirstTyped(false);
    reset(defaults(conflict));
  };

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <p className="text-sm text-slate-700">
        Quantity {base.quantity}, due {formatDate(base.dueDate)}
        {base.shipDate ? `, ship ${formatDate(base.shipDate)}` : ''}. The first row keeps this shipment; the others
        become new shipments, not yet confirmed. What you give the new shipments is taken from the first row until you
        change the first row yourself.
      </p>
      {conflict ? (
        <FormAlert
          message={`This shipment was changed by someone else since you opened it: it is now quantity ${conflict.quantity}, due ${formatDate(conflict.dueDate)}. Nothing was split.`}
          action={
            <button type="button" onClick={reload} className="rounded bg-red-800 px-3 py-1.5 text-sm text-white">
              Reload the shipment
            </button>
          }
        />
      ) : null}
      <FormAlert message={formError} />
      {/* On a phone each shipment is a block of its own (a row of four inputs does not fit 375 px); the inputs
          keep their names, and a visible label says which is which. */}
      <table className="w-full text-sm max-sm:block">
        <caption className="sr-only">New shipments</caption>
        <thead className="text-left text-slate-700 max-sm:hidden">
          <tr>
            <th scope="col" className="py-1 pr-2 font-semibold">
              Shipment
            </th>
            <th scope="col" className="py-1 pr-2 font-semibold">
              Quantity
            </th>
            <th scope="col" className="py-1 pr-2 font-semibold">
              Due date
            </th>
            <th scope="col" className="py-1 pr-2 font-semibold">
              Ship date
            </th>
            <th scope="col" className="py-1 font-semibold">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody className="max-sm:block">
          {fields.map((field, i) => {
            const rowErrors = errors.shipments?.[i];
            const errorText = [rowErrors?.quantity, rowErrors?.dueDate, rowErrors?.shipDate]
              .map((e) => e?.message)
              .filter(Boolean)
              .join(' ');
            const errorId = `split-row-${field.id}-error`;
            const a11y = (invalid: boolean) => ({
              'aria-invalid': invalid ? true : undefined,
              'aria-describedby': invalid ? errorId : undefined,
            });
            return (
              <tr
                key={field.id}
                className="border-t border-slate-100 align-top max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-3 max-sm:gap-y-2 max-sm:py-3"
              >
                <th
                  scope="row"
                  className="py-2 pr-2 text-left font-normal max-sm:col-span-2 max-sm:p-0 max-sm:font-medium"
                >
                  {i === 0 ? 'This one' : `New ${i}`}
                  {errorText ? (
                    <p id={errorId} className="mt-1 text-xs text-red-800">
                      {errorText}
                    </p>
                  ) : null}
                </th>
                <td className="py-2 pr-2 max-sm:p-0">
                  <span aria-hidden="true" className="block text-xs text-slate-700 sm:hidden">
                    Quantity
                  </span>
                  <input
                    aria-label={`Quantity of shipment ${i + 1}`}
                    inputMode="decimal"
                    className={`${inputClass} mt-0 w-28 max-sm:w-full`}
                    {...a11y(Boolean(rowErrors?.quantity))}
                    {...register(`shipments.${i}.quantity`, {
                      onChange: () => {
                        if (i === 0) setFirstTyped(true);
                        else rebalance();
                      },
                    })}
                  />
                </td>
                <td className="py-2 pr-2 max-sm:p-0">
                  <span aria-hidden="true" className="block text-xs text-slate-700 sm:hidden">
                    Due date
                  </span>
                  {dueDateFixed ? (
                    // The buyer's date: every shipment keeps it (the form's value stays the original's).
                    <span className="inline-block py-1.5 whitespace-nowrap">{formatDate(base.dueDate)}</span>
                  ) : (
                    <input
                      type="date"
                      aria-label={`Due date of shipment ${i + 1}`}
                      className={`${inputClass} mt-0 max-sm:w-full`}
                      {...a11y(Boolean(rowErrors?.dueDate))}
                      {...register(`shipments.${i}.dueDate`, blankIsNull)}
                    />
                  )}
                </td>
                <td className="py-2 pr-2 max-sm:p-0">
                  <span aria-hidden="true" className="block text-xs text-slate-700 sm:hidden">
                    Ship date
                  </span>
                  <input
                    type="date"
                    aria-label={`Ship date of shipment ${i + 1}`}
                    className={`${inputClass} mt-0 max-sm:w-full`}
                    {...a11y(Boolean(rowErrors?.shipDate))}
                    {...register(`shipments.${i}.shipDate`, blankIsNull)}
                  />
                </td>
                <td className="py-2 max-sm:flex max-sm:items-end max-sm:p-0">
                  <button
                    type="button"
                    onClick={() => {
                      remove(i);
                      // Without the first row, the next one (typed by the user) comes first: it stays as typed.
                      if (i === 0) setFirstTyped(true);
                      else rebalance();
                    }}
                    disabled={fields.length <= 2}
                    aria-label={`Remove shipment ${i + 1}`}
                    className="rounded border border-slate-300 px-2 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 max-sm:min-h-11 max-sm:w-full"
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => {
          append({ quantity: '', dueDate: base.dueDate, shipDate: base.shipDate });
        }}
        disabled={fields.length >= MAX_SHIPMENTS}
        className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50"
      >
        Add a shipment
      </button>
      <p
        id={sumId}
        aria-live="polite"
        className={`rounded p-2 text-sm ${check.ok ? 'bg-green-50 text-green-900' : 'bg-amber-50 text-amber-950'}`}
      >
        {check.message}
      </p>
      <div className="flex justify-end gap-3">
        <button
          type="button"
          onClick={onClose}
          className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={!check.ok || split.isPending || proposal.isPending || conflict !== undefined}
          aria-describedby={sumId}
          className="rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60"
        >
          {split.isPending || proposal.isPending
            ? 'Sending…'
            : propose !== undefined
              ? `Propose ${fields.length} shipments`
              : `Split into ${fields.length} shipments`}
        </button>
      </div>
    </form>
  );
}

export interface SplitDialogProps {
  itemGroup: ItemGroup;
  open: boolean;
  onClose: () => void;
  /** Called with the shipments after the split, the original first. */
  onSplit?: (groups: ItemGroup[]) => void;
  /** The due date is shown, not edited: a vendor splits its line but never moves the buyer's date. */
  dueDateFixed?: boolean;
  /** The customer's name where the split waits for its approval (sent as a proposal). */
  propose?: string;
}

/** The split as a modal dialog; the form starts afresh each time it opens. */
export function SplitDialog({ itemGroup, open, onClose, onSplit, dueDateFixed, propose }: SplitDialogProps) {
  const name = itemGroup.uniqueName ? ` ${itemGroup.uniqueName}` : '';
  return (
    <ModalDialog open={open} onClose={onClose} title={`Split shipment${name}`} wide>
      {canSplit(itemGroup) ? (
        <SplitForm
          itemGroup={itemGroup}
          onClose={onClose}
          onSplit={onSplit}
          dueDateFixed={dueDateFixed}
          propose={propose}
        />
      ) : (
        <>
          <p role="alert" className="text-sm text-slate-800">
            This shipment is {itemGroup.delivered ? 'delivered' : 'canceled'}: it cannot be split.
          </p>
          <div className="mt-5 flex justify-end">
            <button
              type="button"
              onClick={onClose}
              className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100"
            >
              Close
            </button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
