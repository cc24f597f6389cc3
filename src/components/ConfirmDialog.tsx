// Modal dialogs on the native <dialog>: showModal() traps focus, makes the
// page behind inert, closes on Escape, and the browser returns focus to the
// control that opened it.
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal dialog with a title; its content is mounted only while open, so forms start fresh each time. */
export function ModalDialog({
  open,
  onClose,
  title,
  children,
  wide,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
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
      onCancel={(event) => {
        // Escape: let the owner decide (it holds `open`), so state and DOM never disagree.
        event.preventDefault();
        onClose();
      }}
      className={`m-auto w-[calc(100%-2rem)] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 ${wide ? 'max-w-3xl' : 'max-w-lg'}`}
    >
      {open ? (
        <div className="p-5">
          <h2 id={titleId} className="mb-3 text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * Asks before something that cannot be undone, or that changes many records
 * at once. `children` says exactly what goes or changes ("Delete order PO-123
 * with its 3 items and 5 shipments? This cannot be undone."). `tone` is
 * 'danger' (red, the default) for what destroys, 'primary' for a change.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  pending = false,
  error,
  onConfirm,
  onCancel,
  tone = 'danger',
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  pending?: boolean;
  /** Why the last attempt failed, shown in the dialog. */
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
  tone?: 'danger' | 'primary';
}) {
  const confirmClass = tone === 'danger' ? 'bg-red-800 hover:bg-red-900' : 'bg-blue-800 hover:bg-blue-900';
  return (
    <ModalDialog open={open} onClose={onCancel} title={title}>
      <div className="text-slate-800">{children}</div>
      {error ? (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <div className="mt-5 flex justify-end gap-3">
        {/* Cancel comes first, so it is what showModal() focuses: Enter never deletes (or changes) by accident. */}
        <button
          type="button"
          onClick={onCancel}
          className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          disabled={pending}
          className={`rounded px-3 py-2 text-sm font-medium text-white disabled:opacity-60 ${confirmClass}`}
        >
          {pending ? (pendingLabel ?? `${confirmLabel}…`) : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
