// Choose a file, see its first rows and how its columns will be read, fix the
// mapping, send it. The mapping is saved (or an equal saved one reused) and
// sent with the file, so the server reads the columns exactly as shown here.
import { useId, useMemo, useRef, useState } from 'react';
import { isApiError } from '../../api/http';
import { Dropzone } from '../../components/Dropzone';
import { previewFile } from '../../lib/import-preview/client';
import { ACCEPTED_EXTENSIONS, formatBytes, MAX_UPLOAD_BYTES } from '../../lib/import-preview/content';
import { BOM_PART_FIELDS, fieldLabel, REQUIRED } from '../../lib/import-preview/fields';
import { datePart, NUMERIC_DATE, readNumericDate, type DateOrder } from '../../lib/import-preview/date-order';
import {
  buildPreview,
  checkMapping,
  dateQuestions,
  initialMapping,
  keptColumns,
  numbersLines,
  savedColumns,
  savedDateOrders,
  type ColumnMapping as Mapping,
} from '../../lib/import-preview/mapping';
import type { RawPreview } from '../../lib/import-preview/read';
import { ColumnMapping } from './ColumnMapping';
import type { KindInfo } from './kinds';
import { PreviewTable, previewSummary } from './PreviewTable';
import { CheckSummary } from './CheckSummary';
import { type AnyUpload, useCheckUpload, useCreateUpload, useSavedMappings, useSaveMapping } from './upload-api';
import { formatCount, formatDate } from '../../lib/format';

type Reading = { file: File; raw: RawPreview | null };

/** The missing-columns label of a BOM without a part column (checkMapping), asked about in words of its own. */
const bomPartLabel = BOM_PART_FIELDS.map((key) => fieldLabel('bom', key)).join(' or ');

export function ImportForm({ info, onUploaded }: { info: KindInfo; onUploaded: (upload: AnyUpload) => void }) {
  const { kind } = info;
  const [reading, setReading] = useState<Reading | null>(null);
  const [edits, setEdits] = useState<Mapping>({});
  const [dateAnswers, setDateAnswers] = useState<Record<string, DateOrder>>({});
  const [sheetChoice, setSheetChoice] = useState<string | null>(null);
  const sheetSelectId = useId();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const latest = useRef<File | null>(null);
  const headingId = useId();
  const saved = useSavedMappings(kind);
  const savedByColumn = useMemo(() => savedColumns(saved.mappings), [saved.mappings]);
  const savedOrders = useMemo(() => savedDateOrders(saved.mappings), [saved.mappings]);
  const saveMapping = useSaveMapping();
  const createUpload = useCreateUpload(kind);
  const checkUpload = useCheckUpload(kind);
  const resetCheck = checkUpload.reset;

  const raw = reading?.raw ?? null;
  const preview = useMemo(
    () => (raw?.ok ? buildPreview(kind, raw, savedByColumn, sheetChoice) : null),
    [raw, kind, savedByColumn, sheetChoice],
  );
  const initial = useMemo(
    () => (preview ? initialMapping(kind, preview.columns, savedByColumn) : null),
    [preview, kind, savedByColumn],
  );
  const mapping: Mapping = useMemo(() => ({ ...initial?.mapping, ...edits }), [initial, edits]);
  const problems = preview ? checkMapping(kind, preview.columns, mapping) : null;
  const questions = preview ? dateQuestions(preview, mapping, savedOrders) : [];
  const kept = preview ? keptColumns(kind, preview.columns, mapping) : [];
  const unanswered = questions.filter((q) => dateAnswers[q.column.normalized] === undefined);
  const blocked = !problems || problems.missing.length > 0 || problems.duplicates.length > 0 || unanswered.length > 0;

  function choose(file: File) {
    resetCheck();
    latest.current = file;
    setReading({ file, raw: null });
    setEdits({});
    setDateAnswers({});
    setSheetChoice(null);
    setSendError(null);
    void previewFile(file).then((result) => {
      // A file chosen since wins: its preview is the one to show.
      if (latest.current === file) setReading({ file, raw: result });
    });
  }

  function clear() {
    resetCheck();
    latest.current = null;
    setReading(null);
    setEdits({});
    setDateAnswers({});
    setSheetChoice(null);
    setSendError(null);
  }

  /** The mapping as saved for this file (or an equal saved one), with the answers of columns still asked about. */
  async function savedMappingSid(file: File, shown: NonNullable<typeof preview>): Promise<string> {
    // Only the answers of columns still asked about: a column remapped since is no longer a date.
    const answers = Object.fromEntries(
      questions.flatMap((q) => {
        const answer = dateAnswers[q.column.normalized];
        return answer ? [[q.column.normalized, answer]] : [];
      }),
    );
    return saveMapping(kind, file.name, shown.columns, mapping, saved.mappings, answers);
  }

  /** What the import would do, from the server, before anything is written (CheckSummary shows it or its error). */
  async function check() {
    if (!reading || !preview || blocked) return;
    try {
      const fieldMappingSid = await savedMappingSid(reading.file, preview);
      await checkUpload.check({
        file: reading.file,
        fileType: preview.fileType,
        fieldMappingSid,
        sheetName: preview.sheetName,
      });
    } catch {
      // Shown by CheckSummary (the check's error) or, for the mapping, on the next try.
    }
  }

  async function send() {
    if (!reading || !preview || blocked) return;
    setSending(true);
    setSendError(null);
    try {
      const fieldMappingSid = await savedMappingSid(reading.file, preview);
      // The sheet shown is the sheet read: the server takes the same one, chosen or not.
      const upload = await createUpload({
        file: reading.file,
        fileType: preview.fileType,
        fieldMappingSid,
        sheetName: preview.sheetName,
      });
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
              {preview.sheets.length > 1 ? (
                <div className="flex flex-wrap items-center gap-2">
                  <label htmlFor={sheetSelectId} className="font-medium">
                    Sheet
                  </label>
                  <select
                    id={sheetSelectId}
                    value={preview.sheetName ?? ''}
                    onChange={(event) => {
                      resetCheck();
                      setSheetChoice(event.target.value);
                      setEdits({});
                      setDateAnswers({});
                    }}
                    className="min-h-9 rounded border border-slate-400 px-2"
                  >
                    {preview.sheets.map((s) => (
                      <option key={s.name} value={s.name}>
                        {s.name} ({s.exact ? '' : 'about '}
                        {formatCount(s.rowCount)} {s.rowCount === 1 ? 'row' : 'rows'})
                      </option>
                    ))}
                  </select>
                  {sheetChoice === null ? (
                    <span className="text-sm text-slate-700">
                      Chosen as the sheet listing the required columns; pivot and summary sheets are passed over.
                    </span>
                  ) : null}
                </div>
              ) : null}

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
                      resetCheck();
                      setEdits((current) => ({ ...current, [column]: type }));
                    }}
                  />
                ) : null}
              </div>

              {kept.length > 0 ? (
                <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800">
                  {kept.length === 1 ? 'One column has' : `${String(kept.length)} columns have`} no field of ours and{' '}
                  {kept.length === 1 ? 'is' : 'are'} kept on each line as{' '}
                  {kept.length === 1 ? 'a custom field' : 'custom fields'}, shown as columns on the order page:{' '}
                  {kept.map((name) => `“${name}”`).join(', ')}. Choose “Not imported” to leave one out.
                </p>
              ) : null}

              {numbersLines(kind, mapping) ? (
                <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800">
                  No column is imported as the item or the line number, so each row becomes a line of its order,
                  numbered 1, 2, 3… in the order of the file. Importing the same file again numbers them the same.
                </p>
              ) : null}

              {questions.map((q) => (
                <DateOrderQuestion
                  key={q.column.normalized}
                  question={q}
                  answer={dateAnswers[q.column.normalized]}
                  onAnswer={(order) => {
                    resetCheck();
                    setDateAnswers((current) => ({ ...current, [q.column.normalized]: order }));
                  }}
                />
              ))}

              {problems && (problems.missing.length > 0 || problems.duplicates.length > 0) ? (
                <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
                  <p className="font-medium">Fix the columns before importing:</p>
                  <ul className="mt-1 list-disc pl-5">
                    {problems.missing.map((label) => (
                      <li key={label}>
                        {label === bomPartLabel
                          ? 'No column says which part each line is, so its quantities would belong to no part. Choose the column that holds the MPN, the part number (Custom ID), the value or the description.'
                          : `No column is imported as ${label}.`}
                      </li>
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

              <CheckSummary kind={kind} check={checkUpload} />

              <div className="flex flex-wrap gap-3">
                <button
                  type="button"
                  onClick={() => void check()}
                  disabled={blocked || sending || saved.isPending || checkUpload.isPending}
                  className="min-h-11 rounded border border-blue-800 bg-white px-4 py-2 font-medium text-blue-800 hover:bg-blue-50 disabled:opacity-60"
                >
                  {checkUpload.isPending ? 'Checking…' : 'Check what will change'}
                </button>
                <button
                  type="button"
                  onClick={() => void send()}
                  disabled={blocked || sending || saved.isPending || checkUpload.isPending}
                  className="min-h-11 rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60"
                >
                  {sending
                    ? 'Sending…'
                    : `Import ${preview.exact ? '' : 'about '}${formatCount(preview.dataRowCount)} ${
                        preview.dataRowCount === 1 ? 'row' : 'rows'
                      }`}
                </button>
              </div>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** "03/04/2026" read day first and month first, for the two answers; null when it is no numeric date. */
function readings(example: string): Record<DateOrder, string> | null {
  const m = NUMERIC_DATE.exec(datePart(example));
  if (!m) return null;
  const show = (order: DateOrder) => {
    const { year, month, day } = readNumericDate(m, order);
    return formatDate(`${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  };
  return { dayFirst: show('dayFirst'), monthFirst: show('monthFirst') };
}

/** Asks whether a date column that reads either way writes the day or the month first; saved with the mapping. */
function DateOrderQuestion({
  question,
  answer,
  onAnswer,
}: {
  question: { column: { name: string; normalized: string }; example: string };
  answer: DateOrder | undefined;
  onAnswer: (order: DateOrder) => void;
}) {
  const name = useId();
  const read = readings(question.example);
  const options: { order: DateOrder; label: string }[] = [
    { order: 'dayFirst', label: `Day first${read ? ` (${read.dayFirst})` : ''}` },
    { order: 'monthFirst', label: `Month first${read ? ` (${read.monthFirst})` : ''}` },
  ];
  return (
    <fieldset className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <legend className="px-1 font-medium">
        Dates in “{question.column.name}”, such as {question.example}, can be read two ways. Which is it?
      </legend>
      <div className="mt-1 flex flex-wrap gap-x-6 gap-y-2">
        {options.map((o) => (
          <label key={o.order} className="flex min-h-6 items-center gap-2">
            <input
              type="radio"
              name={name}
              value={o.order}
              checked={answer === o.order}
              onChange={() => {
                onAnswer(o.order);
              }}
              className="size-4"
            />
            {o.label}
          </label>
        ))}
      </div>
      <p className="mt-1 text-amber-900">The answer is saved with the mapping for your next file.</p>
    </fieldset>
  );
}
