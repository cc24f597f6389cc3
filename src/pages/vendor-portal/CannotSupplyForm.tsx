// The vendor's answer that it cannot supply a line, with its reason (the
// buyer needs it to look elsewhere). It stands until the vendor confirms or
// gives a date; the buyer gets a Cannot Supply flag.
import { useId, useState } from 'react';
import { inputClass } from '../../components/input-class';

export function CannotSupplyForm({
  named,
  busy,
  buttonClass,
  secondaryClass,
  onSend,
  onClose,
}: {
  /** "10 / shipment 2 of order PO-1", unique on the page, for the form's name. */
  named: string;
  busy: boolean;
  buttonClass: string;
  secondaryClass: string;
  /** Sends the answer (a failure is shown next to the line); the line closes the form once it is taken. */
  onSend: (reason: string) => Promise<unknown>;
  /** Cancel. */
  onClose: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  const send = async () => {
    if (busy) {
      // Not lost in silence: the line's last change is still being saved.
      setError('Your last change to this line is still being saved: send again in a moment.');
      return;
    }
    const text = reason.trim();
    if (!text) {
      setError('Say why, so the buyer can look elsewhere in time.');
      return;
    }
    setError(undefined);
    await onSend(text);
  };

  return (
    <form
      noValidate
      aria-label={`Cannot supply line ${named}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      className="mt-3 space-y-3 rounded border border-red-200 bg-red-50 p-3"
    >
      <div>
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
          Why can you not supply it?
        </label>
        <textarea
          id={`${id}-reason`}
          // The field the vendor asked for by opening the form.
          autoFocus
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className={`${inputClass} min-h-11`}
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-800">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="mt-1 text-sm text-slate-700">
            For example: discontinued, no capacity, a part we cannot source. The buyer is told at once.
          </p>
        )}
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" aria-disabled={busy || undefined} className={buttonClass}>
          {busy ? 'Sending…' : 'Send: cannot supply'}
        </button>
        <button
          type="button"
          onClick={() => {
            if (!busy) onClose();
          }}
          className={secondaryClass}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
