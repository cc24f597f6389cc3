import { useId, useMemo } from 'react';
import {
  CUSTOM_FIELD,
  FIELDS,
  fieldLabel,
  IGNORE,
  type ImportKind,
  matchHeader,
} from '../../lib/import-preview/fields';
import type { ColumnMapping as Mapping, FilePreview, MappingSource } from '../../lib/import-preview/mapping';

const SOURCE_TEXT: Record<MappingSource, string> = {
  saved: 'from your saved mapping',
  recognised: 'recognised column name',
  kept: 'no field of ours: kept on each line, shown as a column',
  none: 'not recognised',
};

/**
 * One select per column of the file: which field it fills, or none. A column whose name is a
 * near miss of a field's ("Quantitiy") is not taken as that field; a button offers it instead.
 */
export function ColumnMapping({
  kind,
  preview,
  mapping,
  sources,
  edited,
  onChange,
}: {
  kind: ImportKind;
  preview: FilePreview;
  mapping: Mapping;
  sources: Record<string, MappingSource>;
  /** Columns whose field the user chose. */
  edited: ReadonlySet<string>;
  onChange: (normalized: string, type: string) => void;
}) {
  const idPrefix = useId();
  const example = (index: number) => preview.rows.find((r) => r.cells[index]?.trim())?.cells[index] ?? '';
  const suggestions = useMemo(() => {
    const byColumn = new Map<string, string>();
    for (const column of preview.columns) {
      const match = matchHeader(kind, column.name);
      if (match !== null && 'suggestion' in match) byColumn.set(column.normalized, match.suggestion);
    }
    return byColumn;
  }, [kind, preview.columns]);
  const used = new Set(Object.values(mapping));
  // Offered while the column is left out and the field is free: never over the user's choice.
  const suggestionFor = (normalized: string, value: string) => {
    const key = suggestions.get(normalized);
    return key !== undefined && value === IGNORE && !edited.has(normalized) && !used.has(key) ? key : null;
  };
  return (
    <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Column mapping</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              Column in the file
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
              Example
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Imported as
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((column, i) => {
            const nameId = `${idPrefix}-name-${i}`;
            const hintId = `${idPrefix}-hint-${i}`;
            const value = mapping[column.normalized] ?? IGNORE;
            const suggestion = suggestionFor(column.normalized, value);
            return (
              <tr key={column.normalized} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 text-left font-medium break-words">
                  <span id={nameId}>{column.name}</span>
                  {/* On a phone the example sits under the name instead of in a column of its own. */}
                  <span aria-hidden="true" className="block font-mono text-xs font-normal text-slate-700 sm:hidden">
                    {example(column.index)}
                  </span>
                </th>
                <td className="hidden max-w-xs truncate px-3 py-2 font-mono text-xs sm:table-cell">
                  {example(column.index)}
                </td>
                <td className="px-3 py-2">
                  <select
                    aria-labelledby={nameId}
                    aria-describedby={hintId}
                    value={value}
                    onChange={(event) => {
                      onChange(column.normalized, event.target.value);
                    }}
                    className="min-h-9 w-full max-w-56 rounded border border-slate-300 bg-white px-2 py-1 sm:w-auto"
                  >
                    <option value={IGNORE}>Not imported</option>
                    {FIELDS[kind].map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.label}
                      </option>
                    ))}
                    {kind === 'openOrder' ? <option value={CUSTOM_FIELD}>Custom field “{column.name}”</option> : null}
                  </select>{' '}
                  <span id={hintId} className="block text-xs text-slate-700 sm:inline">
                    {edited.has(column.normalized)
                      ? 'chosen by you'
                      : SOURCE_TEXT[sources[column.normalized] ?? 'none']}
                  </span>
                  {suggestion !== null ? (
                    <>
                      {' '}
                      <button
                        type="button"
                        aria-describedby={nameId}
                        onClick={() => {
                          onChange(column.normalized, suggestion);
                        }}
                        className="rounded border border-blue-800 px-2 py-0.5 text-xs text-blue-800 hover:bg-blue-50"
                      >
                        Use {fieldLabel(kind, suggestion)}?
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
