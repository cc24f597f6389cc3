// One message as a thread, the inbox and the portal's new messages show it:
// author, side, time, what it is about, and whether it is new to the reader.
// Apart from MessageThread: the portal shows new messages without loading the
// composer.
import type { Message, MessageConcern } from '../api/generated/model';
import { formatDateTime } from '../lib/format';
import { formatBytes } from '../lib/import-preview/content';

/** "Line 10", "Line 10 / shipment 2", or the order itself, as a concern reads inside its own thread. */
export function concernLabel(concern: MessageConcern, within: 'order' | 'item' | 'inbox'): string | null {
  const item = concern.itemUniqueName ?? concern.itemSid;
  // A shipment without a name of its own is named by its line: a sid means nothing to a reader.
  const group = concern.itemGroupUniqueName;
  const shipment = group === null ? null : /^\d+$/.test(group) ? `shipment ${group}` : group;
  const line = item === null ? null : shipment ? `Line ${item} / ${shipment}` : `Line ${item}`;
  if (within === 'inbox') return [concern.orderUniqueName ?? concern.orderSid, line].filter(Boolean).join(' · ');
  if (within === 'item') return shipment;
  return line;
}

function sideOf(message: Message): string {
  if (message.authorRole === 'vendor') return message.concerns[0]?.vendorName ?? 'Vendor';
  if (message.authorRole === null) return 'by email';
  return message.authorRole === 'admin' ? 'Admin' : 'Buyer';
}

/** One message as a thread or the inbox shows it. */
export function MessageEntry({ message, within }: { message: Message; within: 'order' | 'item' | 'inbox' }) {
  const about = [...new Set(message.concerns.map((c) => concernLabel(c, within)).filter(Boolean))];
  return (
    <article
      className={`rounded border p-3 ${message.read ? 'border-slate-200 bg-white' : 'border-blue-300 bg-blue-50'}`}
    >
      <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="font-semibold">{message.author ?? 'Unknown sender'}</span>
        <span className="text-slate-700">{sideOf(message)}</span>
        <span className="text-slate-600">
          <time dateTime={message.created}>{formatDateTime(message.created)}</time>
        </span>
        {message.read ? null : <span className="rounded bg-blue-800 px-1.5 text-xs font-semibold text-white">New</span>}
      </p>
      {about.length ? <p className="mt-0.5 text-sm text-slate-700">About {about.join(', ')}</p> : null}
      <p className="mt-1 text-sm wrap-break-word whitespace-pre-wrap">{message.content}</p>
      {message.attachments.length ? (
        <ul aria-label="Attached files" className="mt-1 flex flex-wrap gap-x-4 text-sm">
          {message.attachments.map((a) => (
            <li key={a.sid}>
              {/* A signed link that expires: the page reads the message again for a fresh one. */}
              <a href={a.url} download={a.name} className="inline-block py-1 break-all text-blue-800 underline">
                {a.name}
              </a>{' '}
              <span className="text-slate-700">({formatBytes(a.size)})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
