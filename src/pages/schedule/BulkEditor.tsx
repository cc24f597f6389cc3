// Changes many selected shipments at once through the bulk endpoint: confirm,
// shift a date by N days, or set a date. Each batch of 500 is one transaction
// on the server (all or nothing), and the user is told exactly what changed.
import { useState } from 'react';
import { useBulkUpdateItemGroups } from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { isCalendarDate } from '../../lib/dates';
import { bulkSummary, bulkUpdates, dateFields, fieldLabels, type BulkAction, type DateField } from './edits';

const batchSize = 500;

export interface BulkOutcome {
  saved: ItemGroup[];
  message: string;
  failed: boolean;
}

function isDateField(value: string): value is DateField {
  return (dateFields as string[]).includes(value);
}

export function BulkEditor({
  rows,
  onDone,
  onClear,
}: {
  /** The selected rows, as loaded. */
  rows: ItemGroup[];
  onDone: (outcome: BulkOutcome) => void;
  onClear: () => void;
}) {
  const bulk = useBulkUpdateItemGroups();
  const [field, setField] = useState<DateField>('dueDate');
  const [days, setDays] = useState('7');
  const [date, setDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (action: BulkAction) => {
    setProblem(null);
    const { updates, skipped } = bulkUpdates(rows, action);
    const saved: ItemGroup[] = [];
    try {
      for (let i = 0; i < updates.length; i += batchSize) {
        saved.push(...(await bulk.mutateAsync({ data: updates.slice(i, i + batchSize) })));
      }
      onDone({ saved, message: bulkSummary(action, saved.length, skipped), failed: false });
    } catch (error) {
      const why = isApiError(error)
        ? error.status === 409
          ? 'someone changed some of these shipments after you loaded them, so that batch was not saved. The rows are reloaded: check them and try again'
          : error.message
        : 'the server could not be reached';
      const done = saved.length > 0 ? `${bulkSummary(action, saved.length, 0)} ` : '';
      onDone({ saved, message: `${done}${String(updates.length - saved.length)} not saved: ${why}.`, failed: true });
    }
  };

  const shiftBy = Number(days);
  const shiftValid = /^-?\d{1,4}$/.test(days.trim()) && shiftBy !== 0;
  const n = rows.length;
  return (
    <section
      aria-label="Change selected shipments"
      className="mb-3 flex flex-wrap items-end gap-x-6 gap-y-3 rounded border border-blue-200 bg-blue-50 p-3 text-sm"
    >
      <p className="font-medium" aria-live="polite">
        {n === 1 ? '1 shipment selected' : `${String(n)} shipments selected`}
      </p>
      <button
        type="button"
        disabled={bulk.isPending}
        onClick={() => void run({ kind: 'confirm' })}
        className="rounded bg-blue-800 px-3 py-1.5 font-medium text-white disabled:opacity-60"
      >
        Confirm selected
      </button>
      <fieldset className="flex items-end gap-2">
        <legend className="sr-only">Date to change</legend>
        <label className="flex flex-col">
          <span className="font-medium">Date</span>
          <select
            value={field}
            onChange={(e) => {
              if (isDateField(e.target.value)) setField(e.target.value);
            }}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          >
            {dateFields.map((f) => (
              <option key={f} value={f}>
                {fieldLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="font-medium">Shift by days</span>
          <input
            type="number"
            step={1}
            min={-3650}
            max={3650}
            value={days}
            onChange={(e) => {
              setDays(e.target.value);
            }}
            className="mt-1 w-24 rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <button
          type="button"
          disabled={bulk.isPending}
          onClick={() => {
            if (!shiftValid) setProblem('Enter a whole number of days other than 0, e.g. 7 or -3.');
            else void run({ kind: 'shift', field, days: shiftBy });
          }}
          className="rounded border border-slate-400 bg-white px-3 py-1.5 font-medium disabled:opacity-60"
        >
          Shift
        </button>
        <label className="flex flex-col">
          <span className="font-medium">Set to</span>
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
            }}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <button
          type="button"
          disabled={bulk.isPending}
          onClick={() => {
            if (!isCalendarDate(date)) setProblem('Choose the date to set.');
            else void run({ kind: 'set', field, date });
          }}
          className="rounded border border-slate-400 bg-white px-3 py-1.5 font-medium disabled:opacity-60"
        >
          Set date
        </button>
      </fieldset>
      <button type="button" onClick={onClear} className="px-2 py-1.5 font-medium text-blue-900 underline">
        Clear selection
      </button>
      {bulk.isPending ? <p role="status">Saving…</p> : null}
      {problem ? (
        <p role="alert" className="w-full text-red-900">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
