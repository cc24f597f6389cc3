// Someone else changed a record while this user was editing it. Nothing is
// overwritten silently: both values are shown and the user decides.
import { useEffect, useId, useRef } from 'react';

export interface ConflictField {
  label: string;
  mine: string;
  theirs: string;
}

export function ConflictDialog({
  open,
  subject,
  fields,
  onKeepMine,
  onTakeTheirs,
}: {
  open: boolean;
  /** What was edited, in words: "PO-1042 · MPN-55 shipment". */
  subject: string;
  fields: ConflictField[];
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="m-auto max-w-lg rounded-lg border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40"
      // Escape means "I did not decide": the server's value stays, as with "Take theirs".
      onCancel={(e) => {
        e.preventDefault();
        onTakeTheirs();
      }}
    >
      <div className="p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          Someone else changed this shipment
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          {subject} was changed after you loaded it. Your change was not saved. Choose which value to keep.
        </p>
        <table className="mt-4 w-full text-sm">
          <caption className="sr-only">Your value and the current value</caption>
          <thead>
            <tr className="text-left">
              <th scope="col" className="py-1 pr-3 font-medium">
                Field
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Yours
              </th>
              <th scope="col" className="py-1 font-medium">
                Now on the server
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.label} className="border-t border-slate-200">
                <th scope="row" className="py-1 pr-3 text-left font-normal">
                  {f.label}
                </th>
                <td className="py-1 pr-3 font-medium">{f.mine}</td>
                <td className="py-1 font-medium">{f.theirs}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-5 flex justify-end gap-2">
          <button
            type="button"
            onClick={onTakeTheirs}
            className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium"
          >
            Take theirs
          </button>
          <button
            type="button"
            onClick={onKeepMine}
            className="rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white"
          >
            Keep mine
          </button>
        </div>
      </div>
    </dialog>
  );
}
