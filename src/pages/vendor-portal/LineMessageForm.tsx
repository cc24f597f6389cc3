// A message from the vendor to the buyer about one line ("the lead time
// grows", "we can ship half now"): posted on the line's item, where the buyer
// reads it on the order and item pages.
import { useId, useState } from 'react';
import { useCreateMessage } from '../../api/generated/hooks/messages/messages';
import { AttachmentPicker, useAttachments } from '../../components/AttachmentPicker';
import { inputClass } from '../../components/input-class';
import { notifySuccess } from '../../components/toast';
import { failureText } from './lines';

export function LineMessageForm({
  itemGroupSid,
  label,
  named,
  buttonClass,
  secondaryClass,
  onClose,
}: {
  /** The line the message is about: the buyer's conversation names it. */
  itemGroupSid: string;
  /** "10 / shipment 2", for the words. */
  label: string;
  /** "10 / shipment 2 of order PO-1", unique on the page, for the form's name. */
  named: string;
  buttonClass: string;
  secondaryClass: string;
  onClose: () => void;
}) {
  const id = useId();
  const message = useCreateMessage();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const attachments = useAttachments();

  const send = async () => {
    if (message.isPending) return;
    const content = text.trim();
    if (!content) {
      setError('Write your message first.');
      return;
    }
    if (attachments.uploading) {
      setError('Wait until the files are uploaded, or remove them.');
      return;
    }
    setError(undefined);
    const attachmentSids = attachments.sids;
    try {
      await message.mutateAsync({
        data: { content, itemGroupSids: [itemGroupSid], ...(attachmentSids.length ? { attachmentSids } : {}) },
      });
      notifySuccess(`Message about line ${label} sent. The buyer sees it now.`);
      onClose();
    } catch (e) {
      setError(`Could not send the message: ${failureText(e)}`);
    }
  };

  return (
    <form
      noValidate
      aria-label={`Message about line ${named}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      className="mt-3 space-y-3 rounded border border-slate-200 bg-slate-50 p-3"
    >
      <div>
        <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-800">
          Message to the buyer
        </label>
        <textarea
          id={`${id}-text`}
          // The field the vendor asked for by opening the form.
          autoFocus
          rows={3}
          maxLength={4000}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`${inputClass} min-h-11`}
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-800">
            {error}
          </p>
        ) : null}
      </div>
      <AttachmentPicker attachments={attachments} />
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" aria-disabled={message.isPending || undefined} className={buttonClass}>
          {message.isPending ? 'Sending…' : 'Send message'}
        </button>
        <button
          type="button"
          onClick={() => {
            if (!message.isPending) onClose();
          }}
          className={secondaryClass}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
