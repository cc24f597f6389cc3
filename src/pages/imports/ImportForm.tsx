// Choose a file, see its first rows and how its columns will be read, fix the
// mapping, send it. The mapping is saved (or an equal saved one reused) and
// sent with the file, so the server reads the columns exactly as shown here.
import { useId, useMemo, useRef, useState } from 'react';
import { isApiError } from '../../api/http';
import { Dropzone } from '../../components/Dropzone';
import { previewFile } from '../../lib/import-preview/client';
import { ACCEPTED_EXTENSIONS, formatBytes, MAX_UPLOAD_BYTES } from '../../lib/import-preview/content';
import { fieldLabel, REQUIRED } from '../../lib/import-preview/fields';
import {
  buildPreview,
  checkMapping,
  initialMapping,
  savedColumns,
  type ColumnMapping as Mapping,
} from '../../lib/import-preview/mapping';
import type { RawPreview } from '../../lib/import-preview/read';
import { ColumnMapping } from './ColumnMapping';
import type { KindInfo } from './kinds';
import { PreviewTable, previewSummary } from './PreviewTable';
import { type AnyUpload, useCreateUpload, useSavedMappings, useSaveMapping } from './upload-api';

type Reading = { file: File; raw: RawPreview | null };

export function ImportForm({ info, onUploaded }: { info: KindInfo; onUploaded: (upload: AnyUpload) => void }) {
  const { kind } = info;
  const [reading, setReading] = useState<Reading | null>(null);
  const [edits, setEdits] = useState<Mapping>({});
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const latest = useRef<File | null>(null);
  const headingId = useId();
  const saved = useSavedMappings(kind);
  const savedByColumn = useMemo(() => savedColumns(saved.mappings), [saved.mappings]);
  const saveMapping = useSaveMapping();
  const createUpload = useCreateUpload(kind);

  const raw = reading?.raw ?? null;
  const preview = useMemo(() => (raw?.ok ? buildPreview(kind, raw, savedByColumn) : null), [raw, kind, savedByColumn]);
  const initial = useMemo(
    () => (preview ? initialMapping(kind, preview.columns, savedByColumn) : null),
    [preview, kind, savedByColumn],
  );
  const mapping: Mapping = useMemo(() => ({ ...initial?.mapping, ...edits }), [initial, edits]);
  const problems = preview ? checkMapping(kind, preview.columns, mapping) : null;
  const blocked = !problems || problems.missing.length > 0 || problems.duplicates.length > 0;

  function choose(file: File) {
    latest.current = file;
    setReading({ file, raw: null });
    setEdits({});
    setSendError(null);
    void previewFile(file).then((result) => {
      // A file chosen since wins: its preview is the one to show.
      if (latest.current === file) setReading({ file, raw: result });
    });
  }

  function clear() {
    latest.current = null;
    setReading(null);
    setEdits({});
    setSendError(null);
  }

  async function send() {
    if (!reading || !preview || blocked) return;
    setSending(true);
    setSendError(null);
    try {
      const fieldMappingSid = await saveMapping(kind, reading.file.name, preview.columns, mapping, saved.mappings);
      const upload = await createUpload({ file: reading.file, fileType: preview.fileType, fieldMappingSid });
      clear();
      onUploaded(upload);
    } catch (error) {
      setSendError(
        isApiError(error) || error instanceof Error ? error.message : 'The file could not be sent. Try again.',
      );
    } finally {
      setSending(false);
    }
  }

  const required = REQUIRED[kind].map((group) => group.map((key) => fieldLabel(kind, key)).join(' or ')).join('; ');

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-lg font-semibold">
        Import {info.tab.toLowerCase()}
      </h2>
      <Dropzone
        label={info.fileLabel}
        extensions={ACCEPTED_EXTENSIONS}
        maxBytes={MAX_UPLOAD_BYTES}
        disabled={sending}
        onFile={choose}
      />

      {reading ? (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-3">
            <p>
              <span className="font-medium">{reading.file.name}</span>{' '}
              <span className="text-slate-700">({formatBytes(reading.file.size)})</span>
            </p>
            <button type="button" onClick={clear} disabled={sending} className="text-sm text-blue-800 underline">
              Remove
            </button>
          </div>

          {!raw ? (
            <p role="status">Reading the first rows…</p>
          ) : !raw.ok ? (
            <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-900">
              {raw.message}
            </p>
          ) : !preview ? (
            <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-900">
              The file has no rows to import.
            </p>
          ) : (
            <>
              <div>
                <h3 className="font-semibold">Preview</h3>
                <p className="mb-2 text-sm text-slate-700">{previewSummary(preview)}</p>
                {preview.recognised === 0 ? (
                  <p className="mb-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
                    No column name was recognised, so row {preview.header.rowNumber} is taken as the header. Choose
                    below what each column holds.
                  </p>
                ) : null}
                <PreviewTable preview={preview} />
              </div>

              <div>
                <h3 className="font-semibold">Columns</h3>
                <p className="mb-2 text-sm text-slate-700">
                  Check what each column is imported as. Required: {required}. The mapping is saved for your next file.
                </p>
                {initial ? (
                  <ColumnMapping
                    kind={kind}
                    preview={preview}
                    mapping={mapping}
                    sources={initial.sources}
                    edited={new Set(Object.keys(edits))}
                    onChange={(column, type) => {
                      setEdits((current) => ({ ...current, [column]: type }));
                    }}
                  />
                ) : null}
              </div>

              {problems && (problems.missing.length > 0 || problems.duplicates.length > 0) ? (
                <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
                  <p className="font-medium">Fix the columns before importing:</p>
                  <ul className="mt-1 list-disc pl-5">
                    {problems.missing.map((label) => (
                      <li key={label}>No column is imported as {label}.</li>
                    ))}
                    {problems.duplicates.map((d) => (
                      <li key={d.field}>
                        {d.columns.map((c) => `“${c}”`).join(' and ')} are all imported as {d.field}; keep one.
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}

              {sendError ? (
                <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
                  {sendError}
                </p>
              ) : null}

              <button
                type="button"
                onClick={() => void send()}
                disabled={blocked || sending || saved.isPending}
                className="rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60"
              >
                {sending
                  ? 'Sending…'
                  : `Import ${preview.exact ? '' : 'about '}${preview.dataRowCount.toLocaleString()} ${
                      preview.dataRowCount === 1 ? 'row' : 'rows'
                    }`}
              </button>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
