// A new ship date as a proposal, for a customer in approval mode: the line
// keeps its date until the buyer accepts. The same form as a direct change;
// loaded on a tap like it.
import { useState } from 'react';
import { useCreateItemGroupProposal } from '../../api/generated/hooks/item-group-proposals/item-group-proposals';
import type { ItemGroup } from '../../api/generated/model';
import { notifySuccess } from '../../components/toast';
import { conflictText, failureText, isVersionConflict } from './lines';
import { vendorDate } from './vendor-locale';
import { ShipDateForm } from './ShipDateForm';

export function ProposeDateForm({
  group,
  label,
  named,
  customer,
  busy,
  buttonClass,
  secondaryClass,
  onSent,
  onCancel,
}: {
  group: ItemGroup;
  /** "10 / shipment 2", for messages. */
  label: string;
  named: string;
  customer: string;
  busy: boolean;
  buttonClass: string;
  secondaryClass: string;
  /** The proposal was taken (and the vendor told so). */
  onSent: () => void;
  onCancel: () => void;
}) {
  const propose = useCreateItemGroupProposal();
  const [error, setError] = useState<string>();
  // The line as the form opened: a buyer's change refreshed in meanwhile makes the proposal a conflict, not a blind one.
  const [seenVersion] = useState(group.version);

  const send = async (shipDate: string, reason: string) => {
    if (busy || propose.isPending) return false;
    setError(undefined);
    // A delivery date before the new ship date no longer stands: the proposal clears it.
    const staleDelivery = group.deliveryDate !== null && group.deliveryDate < shipDate;
    try {
      await propose.mutateAsync({
        data: {
          itemGroupSid: group.sid,
          version: seenVersion,
          shipDate,
          ...(staleDelivery ? { deliveryDate: null } : {}),
          ...(reason ? { reason } : {}),
        },
      });
      notifySuccess(
        `Line ${label}: ship date ${vendorDate(shipDate)} sent${reason ? ' with your reason' : ''} to ${customer} for approval. The line keeps its date until they accept it.`,
      );
      onSent();
      return true;
    } catch (failure) {
      setError(isVersionConflict(failure) ? conflictText(label) : failureText(failure));
      return false;
    }
  };

  return (
    <>
      {error ? (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <ShipDateForm
        named={named}
        initialDate={group.shipDate ?? group.dueDate ?? ''}
        busy={busy || propose.isPending}
        saving={propose.isPending}
        saveLabel="Send for approval"
        buttonClass={buttonClass}
        secondaryClass={secondaryClass}
        onSave={send}
        onCancel={onCancel}
      />
    </>
  );
}
