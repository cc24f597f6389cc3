// Shipments (item groups) of one item: the table with its actions (edit,
// confirm, split — not for delivered or canceled ones —, delete) and the form
// that adds or edits one. The order and item pages both show it.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import {
  useCreateItemGroup,
  useDeleteItemGroup,
  useUpdateItemGroup,
} from '../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup, ItemGroupRisk } from '../api/generated/model';
import { CreateItemGroupBody, GetItemGroupResponse } from '../api/generated/zod/item-groups/item-groups.zod';
import { isApiError } from '../api/http';
import { formatDate } from '../lib/format';
import { ConfirmDialog, ModalDialog } from './ConfirmDialog';
import { ConflictDialog } from './ConflictDialog';
import { blankIsNull, FormAlert, FormField, formIssueMessage, inputClass, serverErrorFor } from './FormField';
import { canSplit, confirmationText } from '../lib/item-groups';
import { invalidateItemGroupQueries, SplitDialog } from './SplitDialog';
import { notifyError, notifySuccess } from './toast';

const RISK_TEXT: Record<ItemGroupRisk, string> = {
  pastDue: 'Past due',
  promiseAfterDue: 'Promised after the due date',
  unconfirmedDueSoon: 'Due soon, not confirmed',
};

/** Why a shipment needs attention, in words ("On track" when it does not; "—" when the answer carries no context). */
export function riskText(group: ItemGroup): string {
  if (!group.context) return '—';
  return group.context.risk ? RISK_TEXT[group.context.risk] : 'On track';
}

/** "shipment S-2" or "shipment of 40 due 1 Dec 2026", for sentences. */
export function shipmentName(group: ItemGroup): string {
  return group.uniqueName
    ? `shipment ${group.uniqueName}`
    : `shipment of ${group.quantity} due ${formatDate(group.dueDate)}`;
}

const ShipmentForm = z.pick(CreateItemGroupBody, {
  uniqueName: true,
  quantity: true,
  dueDate: true,
  shipDate: true,
  trackingNumber: true,
});
type ShipmentValues = z.input<typeof ShipmentForm>;
const SHIPMENT_FIELDS = ['uniqueName', 'quantity', 'dueDate', 'shipDate', 'trackingNumber'] as const;

function valuesOf(group: ItemGroup | undefined): ShipmentValues {
  return {
    uniqueName: group?.uniqueName ?? null,
    quantity: group?.quantity ?? '',
    dueDate: group?.dueDate ?? null,
    shipDate: group?.shipDate ?? null,
    trackingNumber: group?.trackingNumber ?? null,
  };
}

const FIELD_LABELS: Record<(typeof SHIPMENT_FIELDS)[number], string> = {
  uniqueName: 'Shipment name',
  quantity: 'Quantity',
  dueDate: 'Due date',
  shipDate: 'Ship date',
  trackingNumber: 'Tracking number',
};

/** The fields where the user's values and the server's differ, as the conflict dialog shows them. */
function conflictFields(mine: ShipmentValues, current: ItemGroup) {
  const theirs = valuesOf(current);
  const show = (f: (typeof SHIPMENT_FIELDS)[number], v: string | null | undefined) =>
    v === null || v === undefined || v === '' ? 'none' : f === 'dueDate' || f === 'shipDate' ? formatDate(v) : v;
  return SHIPMENT_FIELDS.filter((f) => (mine[f] ?? null) !== (theirs[f] ?? null)).map((f) => ({
    label: FIELD_LABELS[f],
    mine: show(f, mine[f]),
    theirs: show(f, theirs[f]),
  }));
}

function ShipmentFormBody({
  item,
  group,
  onDone,
}: {
  item: { sid: string; orderSid: string };
  /** The shipment to edit; without one, a new shipment of the item. */
  group?: ItemGroup;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const create = useCreateItemGroup();
  const update = useUpdateItemGroup();
  const [version, setVersion] = useState(group?.version);
  const [formError, setFormError] = useState<string>();
  const [conflict, setConflict] = useState<{ current: ItemGroup; mine: ShipmentValues }>();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ShipmentValues>({
    resolver: zodResolver(ShipmentForm, { error: formIssueMessage }),
    defaultValues: valuesOf(group),
  });

  const save = async (values: ShipmentValues, baseVersion: number | undefined) => {
    setFormError(undefined);
    try {
      if (group) {
        await update.mutateAsync({ sidOrUniqueName: group.sid, data: { ...values, version: baseVersion } });
        notifySuccess('Shipment saved.');
      } else {
        await create.mutateAsync({ data: { ...values, itemSid: item.sid } });
        notifySuccess('Shipment added.');
      }
      await invalidateItemGroupQueries(queryClient, { orderSid: item.orderSid, itemSid: item.sid, sid: group?.sid });
      onDone();
    } catch (error) {
      if (group && isApiError(error) && error.status === 409 && error.code === 'version_conflict') {
        const parsed = GetItemGroupResponse.safeParse(error.current);
        // Nothing is overwritten silently: both values are shown and the user decides.
        setConflict({ current: parsed.success ? { ...group, ...parsed.data } : group, mine: values });
        return;
      }
      setFormError(serverErrorFor(error, SHIPMENT_FIELDS, setError));
    }
  };
  const onSubmit = handleSubmit((values) => save(values, version));

  const field = (name: (typeof SHIPMENT_FIELDS)[number]) => ({ id: `${id}-${name}`, error: errors[name]?.message });
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-3">
      <FormAlert message={formError} />
      <ConflictDialog
        open={conflict !== undefined}
        subject={group ? `The ${shipmentName(group)}` : 'This shipment'}
        fields={conflict ? conflictFields(conflict.mine, conflict.current) : []}
        onKeepMine={() => {
          if (!conflict) return;
          setConflict(undefined);
          setVersion(conflict.current.version);
          void save(conflict.mine, conflict.current.version);
        }}
        onTakeTheirs={() => {
          if (!conflict) return;
          setConflict(undefined);
          setVersion(conflict.current.version);
          reset(valuesOf(conflict.current));
        }}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField {...field('quantity')} label="Quantity">
          {(a11y) => <input {...a11y} inputMode="decimal" className={inputClass} {...register('quantity')} />}
        </FormField>
        <FormField {...field('uniqueName')} label="Shipment name (optional)">
          {(a11y) => <input {...a11y} className={inputClass} {...register('uniqueName', blankIsNull)} />}
        </FormField>
        <FormField {...field('dueDate')} label="Due date">
          {(a11y) => <input {...a11y} type="date" className={inputClass} {...register('dueDate', blankIsNull)} />}
        </FormField>
        <FormField {...field('shipDate')} label="Ship date">
          {(a11y) => <input {...a11y} type="date" className={inputClass} {...register('shipDate', blankIsNull)} />}
        </FormField>
        <FormField {...field('trackingNumber')} label="Tracking number (optional)">
          {(a11y) => <input {...a11y} className={inputClass} {...register('trackingNumber', blankIsNull)} />}
        </FormField>
      </div>
      <div className="flex justify-end gap-3 pt-2">
        <button
          type="button"
          onClick={onDone}
          className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={isSubmitting || conflict !== undefined}
          className="rounded bg-blue-800 px-3 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60"
        >
          {isSubmitting ? 'Saving…' : group ? 'Save shipment' : 'Add shipment'}
        </button>
      </div>
    </form>
  );
}

/** Adds a shipment to an item, or edits one, in a dialog. */
export function ShipmentDialog({
  open,
  onClose,
  item,
  group,
}: {
  open: boolean;
  onClose: () => void;
  item: { sid: string; orderSid: string; uniqueName: string | null };
  group?: ItemGroup;
}) {
  const of = item.uniqueName ? ` of item ${item.uniqueName}` : '';
  return (
    <ModalDialog open={open} onClose={onClose} title={group ? `Edit ${shipmentName(group)}` : `Add a shipment${of}`}>
      <ShipmentFormBody item={item} group={group} onDone={onClose} />
    </ModalDialog>
  );
}

type Action = { kind: 'edit' | 'split' | 'delete'; group: ItemGroup };

const actionButton =
  'rounded border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-50';

/** The shipments of one item with their dates, confirmation and risk, and what can be done to each. */
export function ItemGroupsTable({
  item,
  groups,
  caption,
}: {
  item: { sid: string; orderSid: string; uniqueName: string | null };
  groups: ItemGroup[];
  caption: string;
}) {
  const queryClient = useQueryClient();
  // The last shipment acted on stays while its dialog closes, so the browser can hand focus back.
  const [action, setAction] = useState<Action>();
  const [openKind, setOpenKind] = useState<Action['kind']>();
  const [deleteError, setDeleteError] = useState<string>();
  const confirm = useUpdateItemGroup();
  const remove = useDeleteItemGroup();
  const open = (kind: Action['kind'], group: ItemGroup) => {
    setAction({ kind, group });
    setOpenKind(kind);
  };
  const close = () => {
    setOpenKind(undefined);
    setDeleteError(undefined);
  };
  const itemName = item.uniqueName ? ` of item ${item.uniqueName}` : '';

  const markConfirmed = async (group: ItemGroup) => {
    try {
      const saved = await confirm.mutateAsync({
        sidOrUniqueName: group.sid,
        data: { confirmed: true, version: group.version },
      });
      // Confirmed without a date: the server records the due date as the delivery date.
      const recorded =
        saved.deliveryDate && saved.deliveryDate !== group.deliveryDate
          ? ` Delivery date ${formatDate(saved.deliveryDate)} recorded.`
          : '';
      notifySuccess(`Confirmed ${shipmentName(group)}.${recorded}`);
    } catch (error) {
      notifyError(
        isApiError(error) && error.status === 409
          ? 'Someone else changed this shipment meanwhile; the list now shows its current values. Check them and confirm again.'
          : isApiError(error)
            ? error.message
            : 'Confirming failed. Try again.',
      );
    }
    await invalidateItemGroupQueries(queryClient, group);
  };

  const deleteGroup = async (group: ItemGroup) => {
    setDeleteError(undefined);
    try {
      await remove.mutateAsync({ sidOrUniqueName: group.sid });
      close();
      notifySuccess(`Deleted ${shipmentName(group)}.`);
      await invalidateItemGroupQueries(queryClient, group);
    } catch (error) {
      setDeleteError(isApiError(error) ? error.message : 'Deleting failed. Try again.');
    }
  };

  return (
    <>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="min-w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                Shipment
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                Quantity
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Due
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Ship date
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Estimated arrival
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Confirmed
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Delivery date
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Risk
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => {
              const label = g.uniqueName ?? `Shipment ${i + 1}`;
              const risky = Boolean(g.context?.risk);
              return (
                <tr key={g.sid} className="border-t border-slate-100">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {label}
                    {g.status === 'canceled' ? <span className="ml-2 text-xs text-slate-600">(canceled)</span> : null}
                  </th>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{g.quantity}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDate(g.dueDate)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDate(g.shipDate)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDate(g.estimatedArrivalDate)}</td>
                  <td className="px-3 py-2">
                    {g.cannotSupply ? (
                      <span className="font-medium text-red-800">
                        Cannot supply{g.cannotSupplyReason ? `: ${g.cannotSupplyReason}` : ''}
                      </span>
                    ) : (
                      confirmationText(g)
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDate(g.deliveryDate)}</td>
                  <td className={`px-3 py-2 ${risky ? 'font-medium text-red-800' : ''}`}>{riskText(g)}</td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-1">
                      <button
                        type="button"
                        className={actionButton}
                        aria-label={`Edit ${label}`}
                        onClick={() => {
                          open('edit', g);
                        }}
                      >
                        Edit
                      </button>
                      {g.confirmed ? null : (
                        <button
                          type="button"
                          className={actionButton}
                          aria-label={`Confirm ${label}`}
                          disabled={confirm.isPending}
                          onClick={() => void markConfirmed(g)}
                        >
                          Confirm
                        </button>
                      )}
                      {canSplit(g) ? (
                        <button
                          type="button"
                          className={actionButton}
                          aria-label={`Split ${label}`}
                          onClick={() => {
                            open('split', g);
                          }}
                        >
                          Split
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className={`${actionButton} text-red-800`}
                        aria-label={`Delete ${label}`}
                        onClick={() => {
                          open('delete', g);
                        }}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {action ? (
        <>
          <ShipmentDialog open={openKind === 'edit'} onClose={close} item={item} group={action.group} />
          <SplitDialog open={openKind === 'split'} onClose={close} itemGroup={action.group} />
        </>
      ) : null}
      <ConfirmDialog
        open={openKind === 'delete'}
        title="Delete shipment"
        confirmLabel="Delete shipment"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={deleteError}
        onCancel={close}
        onConfirm={() => {
          if (action) void deleteGroup(action.group);
        }}
      >
        {action ? (
          <p>
            Delete {shipmentName(action.group)}
            {itemName} (quantity {action.group.quantity})? This cannot be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
