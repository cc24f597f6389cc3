// An order's or a vendor's own follow-up choice (tag followUp): pause or
// resume the automated update requests about its lines, and the cadence they
// follow, or none of its own (the next level's: order → vendor → organization
// → default tiers). The order page and Settings → Follow-up share it; the
// owner saves, this holds the unsaved cadence and shows the server's answer.
import type { QueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useListCadences } from '../api/generated/hooks/cadences/cadences';
import type { Cadence, FollowUpChoiceUpdate } from '../api/generated/model';
import { isApiError } from '../api/http';
import { FormAlert, FormField, inputClass } from './FormField';

/** Every cadence of the organization (a handful: one page of 500 holds them); one request for every select. */
const CADENCES_PARAMS = { pageSize: 500 };

export function useCadences() {
  return useListCadences(CADENCES_PARAMS);
}

/** A cadence as the admin named it; one without a title by its sid. */
export function cadenceName(cadence: Pick<Cadence, 'sid' | 'title'>): string {
  return cadence.title?.trim() || cadence.sid;
}

/**
 * After a vendor's choice changed: what every order of it follows changed too.
 * Order follow-up keys are `/v1/orders/<sid>/followUp`, with no shared prefix.
 */
export function invalidateOrderFollowUps(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) => {
      const [path] = queryKey;
      return typeof path === 'string' && path.startsWith('/v1/orders/') && path.endsWith('/followUp');
    },
  });
}

function saveError(error: unknown): string {
  if (!isApiError(error)) return 'The change could not be saved. Try again.';
  if (error.status === 0) return 'The server could not be reached. Check your connection and try again.';
  return error.message;
}

const choiceButton =
  'min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium whitespace-nowrap hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 lg:min-h-9';

export function FollowUpChoiceForm({
  paused,
  cadenceSid,
  cadenceTitle,
  cadences,
  cadenceLabel,
  nextLevelLabel,
  saving,
  error,
  onSave,
}: {
  paused: boolean;
  /** The own cadence, or null to follow the next level's. */
  cadenceSid: string | null;
  cadenceTitle: string | null;
  cadences: readonly Cadence[];
  /** The select's label: "Cadence of this order". */
  cadenceLabel: string;
  /** The select's option for null: "Vendor's or organization's (Standard)". */
  nextLevelLabel: string;
  saving: boolean;
  /** The last save's failure, `{ code, message, field }` from the API. */
  error: unknown;
  /** Saves the change; rejects when it failed (the failure comes back as `error`). */
  onSave: (change: FollowUpChoiceUpdate) => Promise<unknown>;
}) {
  const selectId = useId();
  const current = cadenceSid ?? '';
  // The choice follows the saved one until the user picks another.
  const [picked, setPicked] = useState<string>();
  // Which change is on its way, for the pressed button's label.
  const [sending, setSending] = useState<keyof FollowUpChoiceUpdate>();
  const value = picked ?? current;
  const cadenceError = isApiError(error) && error.field === 'cadenceSid' ? error.message : undefined;
  const formError = error && !cadenceError ? saveError(error) : undefined;

  const save = async (change: FollowUpChoiceUpdate) => {
    // aria-disabled rather than disabled keeps the focus on the pressed button while saving.
    if (saving) return;
    setSending('paused' in change ? 'paused' : 'cadenceSid');
    try {
      await onSave(change);
      setPicked(undefined);
    } catch {
      // Shown from `error`.
    } finally {
      setSending(undefined);
    }
  };

  return (
    <div className="space-y-3">
      <FormAlert message={formError} />
      <div className="flex flex-wrap items-start gap-x-6 gap-y-3">
        <button
          type="button"
          aria-disabled={saving}
          onClick={() => void save({ paused: !paused })}
          className={`${choiceButton} sm:mt-6`}
        >
          {sending === 'paused' ? (paused ? 'Resuming…' : 'Pausing…') : paused ? 'Resume follow-up' : 'Pause follow-up'}
        </button>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (value !== current) void save({ cadenceSid: value || null });
          }}
          className="flex flex-wrap items-start gap-2"
        >
          <FormField id={selectId} label={cadenceLabel} error={cadenceError} className="min-w-56">
            {(a11y) => (
              <select
                {...a11y}
                value={value}
                disabled={saving}
                onChange={(e) => {
                  setPicked(e.target.value);
                }}
                className={`${inputClass} min-h-11 lg:min-h-9`}
              >
                <option value="">{nextLevelLabel}</option>
                {/* Its own cadence, when the list does not hold it (deleted meanwhile, or not loaded). */}
                {current && !cadences.some((c) => c.sid === current) ? (
                  <option value={current}>{cadenceName({ sid: current, title: cadenceTitle })}</option>
                ) : null}
                {cadences.map((c) => (
                  <option key={c.sid} value={c.sid}>
                    {cadenceName(c)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <button type="submit" aria-disabled={saving || value === current} className={`${choiceButton} sm:mt-6`}>
            {sending === 'cadenceSid' ? 'Saving…' : 'Save cadence'}
          </button>
        </form>
      </div>
    </div>
  );
}
