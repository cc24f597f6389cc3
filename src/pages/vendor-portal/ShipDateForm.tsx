// A new ship date for one line, with an optional reason (the buyer reads it on
// the item). The date input is the browser's own picker.
import { useId, useState } from 'react';
import { useCreateMessage } from '../../api/generated/hooks/messages/messages';
import { inputClass } from '../../components/input-class';
import { formatDate } from '../../lib/format';
import { failureText } from './lines';

export function ShipDateForm({
  named,
  initialDate,
  busy,
  saving,
  saveLabel = 'Save date',
  buttonClass,
  secondaryClass,
  onSave,
  reasonTo,
  onSaved,
  onCancel,
}: {
  /** "10 / shipment 2 of order PO-1", unique on the page, for the form's name. */
  named: string;
  initialDate: string;
  busy: boolean;
  saving: boolean;
  /** The send button's words: "Send for approval" where the customer approves new dates. */
  saveLabel?: string;
  buttonClass: string;
  secondaryClass: string;
  /**
   * Sends the date (and the reason, without `reasonTo`); true when it was taken. False leaves the form open: the line
   * shows what happened.
   */
  onSave: (shipDate: string, reason: string) => Promise<boolean>;
  /** Where the reason goes as a message to the buyer once the date is taken: the line's item. */
  reasonTo?: { itemSid: string; label: string };
  /** After the date, and the reason as a message, were sent. */
  onSaved?: (shipDate: string, reason: { sent: boolean; error?: string }) => void;
  onCancel: () => void;
}) {
  const message = useCreateMessage();
  const id = useId();
  const [shipDate, setShipDate] = useState(initialDate);
  const [reason, setReason] = useState('');
  const [dateError, setDateError] = useState<string>();

  const save = async () => {
    if (busy || message.isPending) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(shipDate)) {
      setDateError('Enter the new ship date.');
      return;
    }
    setDateError(undefined);
    const note = reason.trim();
    if (!(await onSave(shipDate, note))) return;
    if (!reasonTo || !note) {
      onSaved?.(shipDate, { sent: note !== '' && !reasonTo });
      return;
    }
    try {
      await message.mutateAsync({
        data: {
          content: `New ship date for line ${reasonTo.label}: ${formatDate(shipDate)}. Reason: ${note}`,
          itemSids: [reasonTo.itemSid],
        },
      });
      onSaved?.(shipDate, { sent: true });
    } catch (error) {
      onSaved?.(shipDate, { sent: false, error: failureText(error) });
    }
  };

  return (
    <form
      noValidate
      aria-label={`New ship date of line ${named}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      className="mt-3 space-y-3 rounded border border-slate-200 bg-slate-50 p-3"
    >
      <div>
        <label htmlFor={`${id}-date`} className="block text-sm font-medium text-slate-800">
          New ship date
        </label>
        <input
          id={`${id}-date`}
          type="date"
          // The field the vendor asked for by opening the form.
          autoFocus
          required
          value={shipDate}
          onChange={(e) => {
            setShipDate(e.target.value);
          }}
          aria-invalid={dateError ? true : undefined}
          aria-describedby={dateError ? `${id}-date-error` : undefined}
          className={`${inputClass} min-h-11 max-w-full`}
        />
        {dateError ? (
          <p id={`${id}-date-error`} className="mt-1 text-sm text-red-800">
            {dateError}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
          Reason (optional)
        </label>
        <input
          id={`${id}-reason`}
          type="text"
          maxLength={2000}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
          }}
          className={`${inputClass} min-h-11`}
        />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" aria-disabled={busy || undefined} className={buttonClass}>
          {saving || message.isPending ? 'Sending…' : saveLabel}
        </button>
        <button
          type="button"
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!busy) onCancel();
          }}
          className={secondaryClass}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
