// One line in the vendor portal: what the buyer asked (quantity, due date),
// what the vendor promised, and the answers (confirm, change the date, write
// to the buyer, split, cannot supply), each a large touch target.
import { primaryButton as appPrimaryButton, secondaryButton as appSecondaryButton } from '../../components/buttons';
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState } from 'react';
import {
  getListItemGroupsInfiniteQueryKey,
  useUpdateItemGroup,
} from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup, ItemGroupsList } from '../../api/generated/model';
import { notifySuccess } from '../../components/toast';
import { canSplit } from '../../lib/item-groups';
import { vendorDate, vendorNumber } from './vendor-locale';
import { conflictText, failureText, isVersionConflict, lineLabel, promiseText } from './lines';
import { usePortalSettings } from './portal-settings';

// The split form (and its form library) loads only when a vendor splits.
const SplitDialog = lazy(async () => ({ default: (await import('../../components/SplitDialog')).SplitDialog }));
// The other forms open on a tap too: they load then, and the first load stays small for phones.
const CannotSupplyForm = lazy(async () => ({ default: (await import('./CannotSupplyForm')).CannotSupplyForm }));
const ShipDateForm = lazy(async () => ({ default: (await import('./ShipDateForm')).ShipDateForm }));
const ProposeDateForm = lazy(async () => ({ default: (await import('./ProposeDateForm')).ProposeDateForm }));
const LineMessageForm = lazy(async () => ({ default: (await import('./LineMessageForm')).LineMessageForm }));

// Full width on a phone, where the vendor answers with a thumb.
export const primaryButton = `${appPrimaryButton} w-full sm:w-auto`;
export const secondaryButton = `${appSecondaryButton} w-full sm:w-auto`;

function FormLoading() {
  return <p className="mt-3 text-sm text-slate-700">Opening the form…</p>;
}

type Notice = { kind: 'conflict' | 'error'; text: string };

/** A proposal the customer has not decided on yet, in the vendor's words. */
function pendingText(pending: NonNullable<NonNullable<ItemGroup['context']>['pendingProposal']>): string {
  if (pending.kind === 'split') return `You proposed splitting it into ${String(pending.shipmentCount)} shipments`;
  return pending.shipDate ? `You proposed ship date ${vendorDate(pending.shipDate)}` : 'You proposed new dates';
}

export function PortalLine({
  group,
  busy: orderBusy,
  notice: orderNotice,
}: {
  group: ItemGroup;
  /** The order's "Confirm all" is being sent. */
  busy: boolean;
  /** What the order's last "Confirm all" has to say about this line. */
  notice?: string;
}) {
  const queryClient = useQueryClient();
  const { approval, customer } = usePortalSettings();
  const update = useUpdateItemGroup();
  const heading = useRef<HTMLHeadingElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const [splitting, setSplitting] = useState(false);
  const [writing, setWriting] = useState(false);
  const messageButton = useRef<HTMLButtonElement>(null);
  const [declining, setDeclining] = useState(false);
  const declineButton = useRef<HTMLButtonElement>(null);
  const [saving, setSaving] = useState(false);
  // The line's version when the date or decline form opened: a buyer's change that a live update brings in
  // while the vendor writes makes the save a conflict, so the vendor answers what the line now says.
  const [formVersion, setFormVersion] = useState(group.version);
  const label = lineLabel(group);
  // Names unique on the page: line 10 is in many orders.
  const named = `${label} of order ${group.context?.orderUniqueName ?? group.orderSid}`;
  const busy = saving || orderBusy;

  const refresh = () => queryClient.invalidateQueries({ queryKey: getListItemGroupsInfiniteQueryKey() });

  /** Sends one change; true when it was taken. A conflict or failure is shown next to the line. */
  const send = async (
    data:
      { confirmed: true; shipDate?: string; deliveryDate?: null } | { cannotSupply: true; cannotSupplyReason: string },
    version = group.version,
  ): Promise<boolean> => {
    setNotice(undefined);
    try {
      const saved = await update.mutateAsync({ sidOrUniqueName: group.sid, data: { ...data, version } });
      // The saved line at once, before the list reads again: a form opened next starts from its new version.
      queryClient.setQueriesData<InfiniteData<ItemGroupsList>>(
        { queryKey: getListItemGroupsInfiniteQueryKey() },
        (cached) =>
          cached && {
            ...cached,
            pages: cached.pages.map((page) => ({
              ...page,
              itemGroups: page.itemGroups.map((g) =>
                g.sid === saved.sid ? { ...g, ...saved, context: g.context } : g,
              ),
            })),
          },
      );
      return true;
    } catch (error) {
      setNotice(
        isVersionConflict(error)
          ? { kind: 'conflict', text: conflictText(label) }
          : { kind: 'error', text: failureText(error) },
      );
      return false;
    } finally {
      void refresh();
    }
  };

  const confirm = async () => {
    if (busy) return;
    setSaving(true);
    const ok = await send({ confirmed: true });
    setSaving(false);
    if (!ok) return;
    notifySuccess(`Line ${label} confirmed. The buyer sees it now.`);
    heading.current?.focus();
  };

  const declare = async (reason: string) => {
    if (busy) return false;
    setSaving(true);
    const ok = await send({ cannotSupply: true, cannotSupplyReason: reason }, formVersion);
    setSaving(false);
    if (ok) {
      setDeclining(false);
      notifySuccess(`Line ${label}: the buyer is told you cannot supply it, and why.`);
      heading.current?.focus();
    }
    return ok;
  };

  const openForm = () => {
    if (busy) return;
    setFormVersion(group.version);
    setEditing(true);
  };

  const closeForm = () => {
    setEditing(false);
    // The button that opened the form takes the focus back.
    requestAnimationFrame(() => changeButton.current?.focus());
  };

  /** Sends the new ship date (confirming it); its form then posts the reason, if any, to the buyer. */
  const saveDate = async (shipDate: string) => {
    if (busy) return false;
    setSaving(true);
    // A delivery date before the new ship date (one a confirmation recorded) no longer stands: the new date is the
    // promise, and the buyer's flags go by it.
    const staleDelivery = group.deliveryDate !== null && group.deliveryDate < shipDate;
    const ok = await send({ shipDate, confirmed: true, ...(staleDelivery ? { deliveryDate: null } : {}) }, formVersion);
    setSaving(false);
    return ok;
  };

  const dateSaved = (shipDate: string, reason: { sent: boolean; error?: string }) => {
    if (reason.error) {
      setNotice({ kind: 'error', text: `The new date was sent, but your reason could not be: ${reason.error}` });
    }
    setEditing(false);
    notifySuccess(
      `Line ${label}: ship date ${vendorDate(shipDate)} sent${reason.sent ? ' with your reason' : ''}. The buyer sees it now.`,
    );
    heading.current?.focus();
  };

  /** A proposal the customer in approval mode took (its form said so). */
  const proposed = () => {
    void refresh();
    setEditing(false);
    heading.current?.focus();
  };

  const shown = notice ?? (orderNotice ? { kind: 'conflict' as const, text: orderNotice } : undefined);
  const part = [group.context?.manufacturerPartNumber, group.context?.description].filter(Boolean).join(' · ');

  return (
    <li className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-busy={busy || undefined}>
      <h3
        ref={heading}
        tabIndex={-1}
        className="text-base font-semibold wrap-break-word focus:outline-none focus-visible:outline-2 focus-visible:outline-blue-800"
      >
        Line {label}
      </h3>
      {part ? <p className="mt-1 text-sm wrap-break-word text-slate-800">{part}</p> : null}
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800">
        <span>Quantity {vendorNumber(group.quantity)}</span>
        <span>{group.dueDate ? `Due ${vendorDate(group.dueDate)}` : 'No due date'}</span>
      </p>
      <p className="mt-1 text-sm font-medium text-slate-900">{promiseText(group)}</p>
      {group.context?.pendingProposal ? (
        <p className="mt-1 text-sm text-amber-900">
          {pendingText(group.context.pendingProposal)}: waiting for {customer} to accept it.
        </p>
      ) : null}

      {shown ? (
        <p
          role="alert"
          className={`mt-3 rounded border p-3 text-sm ${shown.kind === 'conflict' ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-red-200 bg-red-50 text-red-900'}`}
        >
          {shown.text}
        </p>
      ) : null}

      {editing && approval ? (
        <Suspense fallback={<FormLoading />}>
          <ProposeDateForm
            group={group}
            label={label}
            named={named}
            customer={customer}
            busy={busy}
            buttonClass={primaryButton}
            secondaryClass={secondaryButton}
            onSent={proposed}
            onCancel={closeForm}
          />
        </Suspense>
      ) : editing ? (
        <Suspense fallback={<FormLoading />}>
          <ShipDateForm
            named={named}
            initialDate={group.shipDate ?? group.dueDate ?? ''}
            busy={busy}
            saving={saving}
            buttonClass={primaryButton}
            secondaryClass={secondaryButton}
            onSave={saveDate}
            reasonTo={{ itemSid: group.itemSid, label }}
            onSaved={dateSaved}
            onCancel={closeForm}
          />
        </Suspense>
      ) : (
        <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center">
          {group.confirmed ? (
            <p className="inline-flex min-h-11 items-center text-sm font-medium text-green-800">Confirmed ✓</p>
          ) : (
            <button
              type="button"
              aria-label={`Confirm line ${named}`}
              aria-disabled={busy || undefined}
              onClick={() => void confirm()}
              className={primaryButton}
            >
              {saving ? 'Confirming…' : 'Confirm'}
            </button>
          )}
          <button
            ref={changeButton}
            type="button"
            aria-label={`Change date of line ${named}`}
            aria-disabled={busy || undefined}
            onClick={openForm}
            className={secondaryButton}
          >
            Change date
          </button>
          <button
            ref={messageButton}
            type="button"
            aria-label={`Message about line ${named}`}
            aria-expanded={writing}
            onClick={() => {
              setWriting((was) => !was);
            }}
            className={secondaryButton}
          >
            Message
          </button>
          {group.cannotSupply ? null : (
            <button
              ref={declineButton}
              type="button"
              aria-label={`Cannot supply line ${named}`}
              aria-expanded={declining}
              aria-disabled={busy || undefined}
              onClick={() => {
                if (busy) return;
                if (!declining) setFormVersion(group.version);
                setDeclining(!declining);
              }}
              className={secondaryButton}
            >
              Cannot supply
            </button>
          )}
          {canSplit(group) ? (
            <button
              type="button"
              aria-label={`Split line ${named}`}
              aria-disabled={busy || undefined}
              onClick={() => {
                if (!busy) setSplitting(true);
              }}
              className={secondaryButton}
            >
              Split
            </button>
          ) : null}
        </div>
      )}

      {declining ? (
        <Suspense fallback={<FormLoading />}>
          <CannotSupplyForm
            named={named}
            busy={busy}
            buttonClass={primaryButton}
            secondaryClass={secondaryButton}
            onSend={declare}
            onClose={() => {
              setDeclining(false);
              requestAnimationFrame(() => declineButton.current?.focus());
            }}
          />
        </Suspense>
      ) : null}

      {writing ? (
        <Suspense fallback={<FormLoading />}>
          <LineMessageForm
            itemGroupSid={group.sid}
            label={label}
            named={named}
            buttonClass={primaryButton}
            secondaryClass={secondaryButton}
            onClose={() => {
              setWriting(false);
              requestAnimationFrame(() => messageButton.current?.focus());
            }}
          />
        </Suspense>
      ) : null}

      {splitting ? (
        <Suspense fallback={null}>
          <SplitDialog
            open
            dueDateFixed
            propose={approval ? customer : undefined}
            itemGroup={group}
            onClose={() => {
              setSplitting(false);
            }}
          />
        </Suspense>
      ) : null}
    </li>
  );
}
