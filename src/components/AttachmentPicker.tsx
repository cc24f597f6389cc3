// Files to attach to the next message: each is uploaded as soon as it is
// chosen (the server judges it by its bytes), listed with its size, and can be
// removed before sending. The message then names the uploads it carries.
import { useId, useRef, useState } from 'react';
import { useUploadMessageAttachment } from '../api/generated/hooks/message-inbox/message-inbox';
import { isApiError } from '../api/http';
import { createMessageBodyAttachmentSidsMax } from '../api/generated/zod/messages/messages.zod';
import { formatBytes } from '../lib/import-preview/content';

/** As the server allows (attachment-type.ts): a file's size is not part of the spec's schema. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = createMessageBodyAttachmentSidsMax;
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.xlsx,.xls,.docx,.txt,.csv';

export interface PickedFile {
  /** A key for the list while it uploads. */
  key: string;
  name: string;
  size: number;
  /** The upload's sid once stored. */
  sid?: string;
  error?: string;
}

/** The files chosen so far; `ready` once every one is stored and none was refused. */
export function useAttachments() {
  const [files, setFiles] = useState<PickedFile[]>([]);
  return {
    files,
    setFiles,
    sids: files.flatMap((f) => (f.sid ? [f.sid] : [])),
    uploading: files.some((f) => !f.sid && !f.error),
    clear: () => {
      setFiles([]);
    },
  };
}

export function AttachmentPicker({ attachments }: { attachments: ReturnType<typeof useAttachments> }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadMessageAttachment();
  const { files, setFiles } = attachments;
  const update = (key: string, change: Partial<PickedFile>) => {
    setFiles((current) => current.map((f) => (f.key === key ? { ...f, ...change } : f)));
  };
  const add = (chosen: FileList | null) => {
    const list = [...(chosen ?? [])];
    if (input.current) input.current.value = '';
    const room = MAX_ATTACHMENTS - files.length;
    const picked = list.slice(0, Math.max(room, 0)).map((file, i) => ({
      file,
      entry: {
        key: `${Date.now()}-${i}-${file.name}`,
        name: file.name,
        size: file.size,
        ...(file.size > MAX_ATTACHMENT_BYTES ? { error: `larger than ${formatBytes(MAX_ATTACHMENT_BYTES)}` } : {}),
      },
    }));
    const skipped = list.length - picked.length;
    setFiles((current) => [
      ...current,
      ...picked.map((p) => p.entry),
      ...(skipped > 0
        ? [
            {
              key: `${Date.now()}-skipped`,
              name: `${skipped} more`,
              size: 0,
              error: `at most ${MAX_ATTACHMENTS} files`,
            },
          ]
        : []),
    ]);
    for (const { file, entry } of picked) {
      if (entry.error) continue;
      upload.mutateAsync({ data: { file } }).then(
        (stored) => {
          update(entry.key, { sid: stored.sid });
        },
        (failure: unknown) => {
          update(entry.key, { error: isApiError(failure) ? failure.message : 'it could not be sent' });
        },
      );
    }
  };
  return (
    <div className="text-sm">
      <label htmlFor={`${id}-files`} className="font-medium">
        Attach files (optional)
      </label>
      <p id={`${id}-hint`} className="text-slate-700">
        PDF, images, spreadsheets, documents or text; up to {MAX_ATTACHMENTS} files of{' '}
        {formatBytes(MAX_ATTACHMENT_BYTES)}.
      </p>
      <input
        ref={input}
        id={`${id}-files`}
        type="file"
        multiple
        accept={ACCEPT}
        aria-describedby={`${id}-hint`}
        disabled={files.length >= MAX_ATTACHMENTS}
        onChange={(e) => {
          add(e.target.files);
        }}
        className="mt-1 block min-h-11 w-full max-w-md text-sm lg:min-h-9"
      />
      {files.length ? (
        <ul aria-label="Files to attach" className="mt-1 space-y-1">
          {files.map((f) => (
            <li key={f.key} className="flex flex-wrap items-center gap-2">
              <span className="break-all">{f.name}</span>
              {f.size ? <span className="text-slate-700">({formatBytes(f.size)})</span> : null}
              {f.error ? (
                <span role="alert" className="text-red-800">
                  Not attached: {f.error}
                </span>
              ) : f.sid ? (
                <span className="text-slate-700">ready</span>
              ) : (
                <span className="text-slate-700">uploading…</span>
              )}
              <button
                type="button"
                aria-label={`Remove ${f.name}`}
                onClick={() => {
                  setFiles((current) => current.filter((c) => c.key !== f.key));
                }}
                className="min-h-11 rounded border border-slate-300 px-2 hover:bg-slate-100 lg:min-h-8"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
