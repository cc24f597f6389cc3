// Changes many selected shipments at once through the bulk endpoint: confirm,
// shift a date by N days, or set a date. Each batch of 500 is one transaction
// on the server (all or nothing), and the user is told exactly what changed.
// More than ASK_ABOVE rows ask first, saying how many; a change that went
// through can be undone for a few seconds from its toast: the rows' earlier
// values are sent back through the same endpoint with the versions the save
// produced, so a row changed since then is not overwritten.
import { useState } from 'react';
import { bulkUpdateItemGroups, useBulkUpdateItemGroups } from '../../api/generated/hooks/item-groups/item-groups';
import type { ItemGroup, ItemGroupBulkUpdate } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { notifyError, notifySuccess } from '../../components/toast';
import { notifyWithUndo } from '../../components/toast-undo';
import { isCalendarDate } from '../../lib/dates';
import {
  ASK_ABOVE,
  bulkQuestion,
  bulkSummary,
  bulkUpdates,
  dateFields,
  fieldLabels,
  undoSummary,
  undoUpdates,
  type BulkAction,
  type DateField,
} from './edits';
import { rowName } from './use-row-edits';

const batchSize = 500;
/** How long the toast offers to undo a bulk change. */
const UNDO_MS = 10_000;

export interface BulkOutcome {
  saved: ItemGroup[];
  message: string;
  failed: boolean;
}

/** A bulk change ready to send: the action, its request, the rows left alone, and the rows as they were. */
interface Planned {
  action: BulkAction;
  updates: ItemGroupBulkUpdate[];
  skipped: number;
  before: ItemGroup[];
}

function isDateField(value: string): value is DateField {
  return (dateFields as string[]).includes(value);
}

/** Sends the updates in batches; what was saved, and the error that stopped the rest (if any). */
async function sendInBatches(
  updates: ItemGroupBulkUpdate[],
  send: (batch: ItemGroupBulkUpdate[]) => Promise<ItemGroup[]>,
): Promise<{ saved: ItemGroup[]; error?: unknown }> {
  const saved: ItemGroup[] = [];
  try {
    for (let i = 0; i < updates.length; i += batchSize) {
      saved.push(...(await send(updates.slice(i, i + batchSize))));
    }
    return { saved };
  } catch (error) {
    return { saved, error };
  }
}

/** The shipment a version conflict names, as the user knows it. */
function conflictName(error: unknown, rows: ItemGroup[]): string | null {
  if (!isApiError(error)) return null;
  const current = error.current;
  const sid = typeof current === 'object' && current !== null ? (current as { sid?: unknown }).sid : undefined;
  const row = rows.find((g) => g.sid === sid);
  return row ? rowName(row) : null;
}

/**
 * Puts the saved rows back as they were and says how it went; lives outside
 * the editor, which is gone (selection cleared) by the time Undo is chosen.
 */
async function undoBulk(before: ItemGroup[], saved: ItemGroup[], onDone: (outcome: BulkOutcome) => void) {
  const updates = undoUpdates(before, saved);
  const result = await sendInBatches(updates, (batch) => bulkUpdateItemGroups(batch));
  if (result.error === undefined) {
    const message = undoSummary(result.saved.length, 0, '');
    notifySuccess(message);
    onDone({ saved: result.saved, message, failed: false });
    return;
  }
  const error = result.error;
  let why: string;
  if (isApiError(error) && error.status === 409) {
    const name = conflictName(error, before);
    const what = result.saved.length > 0 ? 'its batch was not' : 'nothing was';
    why = `${name ?? 'one of them'} was changed after your change, so ${what} put back`;
  } else {
    why = isApiError(error) ? error.message : 'the server could not be reached';
  }
  const message = undoSummary(result.saved.length, updates.length - result.saved.length, why);
  notifyError(message);
  onDone({ saved: result.saved, message, failed: true });
}

export function BulkEditor({
  rows,
  onDone,
  onClear,
}: {
  /** The selected rows, as loaded. */
  rows: ItemGroup[];
  /** Called after a bulk change, and again after its undo. */
  onDone: (outcome: BulkOutcome) => void;
  onClear: () => void;
}) {
  const bulk = useBulkUpdateItemGroups();
  const [field, setField] = useState<DateField>('dueDate');
  const [days, setDays] = useState('7');
  const [date, setDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  /** A change of many rows waiting for the user's yes. */
  const [asking, setAsking] = useState<Planned | null>(null);

  const run = async ({ action, updates, skipped, before }: Planned) => {
    const { saved, error } = await sendInBatches(updates, (batch) => bulk.mutateAsync({ data: batch }));
    if (error === undefined) {
      const message = bulkSummary(action, saved.length, skipped);
      onDone({ saved, message, failed: false });
      if (saved.length > 0) {
        notifyWithUndo(message, 'Undo', () => void undoBulk(before, saved, onDone), UNDO_MS);
      } else {
        notifySuccess(message);
      }
      return;
    }
    const why = isApiError(error)
      ? error.status === 409
        ? 'someone changed some of these shipments after you loaded them, so that batch was not saved. The rows are reloaded: check them and try again'
        : error.message
      : 'the server could not be reached';
    const done = saved.length > 0 ? `${bulkSummary(action, saved.length, 0)} ` : '';
    const message = `${done}${String(updates.length - saved.length)} not saved: ${why}.`;
    notifyError(message);
    onDone({ saved, message, failed: true });
  };

  /** Sends the change at once when it touches few rows; asks first when it touches many. */
  const start = (action: BulkAction) => {
    setProblem(null);
    const planned = { action, ...bulkUpdates(rows, action), before: rows };
    if (planned.updates.length > ASK_ABOVE) setAsking(planned);
    else void run(planned);
  };
  const question = asking ? bulkQuestion(asking.action, asking.updates.length, asking.skipped) : null;

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
        onClick={() => {
          start({ kind: 'confirm' });
        }}
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
            else start({ kind: 'shift', field, days: shiftBy });
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
            else start({ kind: 'set', field, date });
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
      <ConfirmDialog
        open={asking !== null}
        title={question?.title ?? ''}
        confirmLabel={question?.confirmLabel ?? ''}
        tone="primary"
        onCancel={() => {
          setAsking(null);
        }}
        onConfirm={() => {
          if (!asking) return;
          setAsking(null);
          void run(asking);
        }}
      >
        <p>{question?.question}</p>
      </ConfirmDialog>
    </section>
  );
}
