// A file drop area with a real "Choose file" button: drag and drop for the
// mouse, the button (and its Enter/Space) for the keyboard and screen
// readers. Files of another type or over the size limit are refused here,
// with a message, before anything is sent.
import { useId, useState } from 'react';
import { type FileRejection, useDropzone } from 'react-dropzone';
import { extensionOf, formatBytes } from '../lib/import-preview/content';

/** MIME types browsers give spreadsheet files, for the file dialog's filter. */
const SPREADSHEET_TYPES: Record<string, string[]> = {
  'text/csv': ['.csv'],
  'application/vnd.ms-excel': ['.xls', '.csv'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
};

function refusal(rejection: FileRejection, extensions: readonly string[], maxBytes: number): string {
  const { file, errors } = rejection;
  const name = `"${file.name}"`;
  if (errors.some((e) => e.code === 'file-too-large')) {
    return `${name} is ${formatBytes(file.size)}; files may be ${formatBytes(maxBytes)} at most.`;
  }
  if (errors.some((e) => e.code === 'too-many-files')) return 'Drop one file at a time.';
  return `${name} is not a ${extensions.join(', ')} file. Choose a CSV or Excel file.`;
}

export function Dropzone({
  label,
  extensions,
  maxBytes,
  disabled = false,
  onFile,
}: {
  /** What the file is for, e.g. "Open-order file": names the button's input and the region. */
  label: string;
  /** Accepted file name extensions, with their dot, lower case: [".csv", ".xlsx", ".xls"]. */
  extensions: readonly string[];
  maxBytes: number;
  disabled?: boolean;
  onFile: (file: File) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const errorId = useId();
  const accept = Object.fromEntries(
    Object.entries(SPREADSHEET_TYPES)
      .map(([type, exts]) => [type, exts.filter((e) => extensions.includes(e))] as const)
      .filter(([, exts]) => exts.length > 0),
  );
  const { getRootProps, getInputProps, isDragActive, isDragReject, open } = useDropzone({
    accept,
    maxSize: maxBytes,
    multiple: false,
    disabled,
    // The button below opens the dialog: the region itself is not a second, unlabelled control.
    noClick: true,
    noKeyboard: true,
    // A browser may call a .txt file text/csv: the name's extension decides too (checked on drop, not during a drag).
    validator: (file) =>
      extensions.includes(extensionOf(file.name)) ? null : { code: 'file-invalid-type', message: 'wrong extension' },
    onDropAccepted: (files) => {
      setError(null);
      onFile(files[0]);
    },
    onDropRejected: (rejections) => {
      setError(refusal(rejections[0], extensions, maxBytes));
    },
  });
  return (
    <div>
      <div
        {...getRootProps({
          role: 'group',
          'aria-label': label,
          'aria-describedby': error ? `${hintId} ${errorId}` : hintId,
        })}
        className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed p-8 text-center ${
          isDragReject
            ? 'border-red-700 bg-red-50'
            : isDragActive
              ? 'border-blue-700 bg-blue-50'
              : 'border-slate-300 bg-white'
        } ${disabled ? 'opacity-60' : ''}`}
      >
        {/* The input only carries the chosen file: people use the button, so assistive technology skips it. */}
        <input {...getInputProps({ 'aria-hidden': true })} />
        <p className="font-medium text-slate-800">
          {isDragActive
            ? isDragReject
              ? 'This file type cannot be imported.'
              : 'Drop the file here.'
            : 'Drop a file here, or'}
        </p>
        <button
          type="button"
          onClick={open}
          disabled={disabled}
          className="rounded bg-blue-800 px-4 py-2 text-sm font-medium text-white hover:bg-blue-900 disabled:opacity-60"
        >
          Choose file
        </button>
        <p id={hintId} className="text-sm text-slate-700">
          {extensions.map((e) => e.slice(1).toUpperCase()).join(', ')} · up to {formatBytes(maxBytes)}
        </p>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="mt-2 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
    </div>
  );
}
