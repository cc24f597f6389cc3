// Creates a cadence transition or edits one, in a dialog: the fields follow
// the chosen condition and action, and a rule the engine could not act on
// (no number, a webhook that is not https) is refused before it is sent.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import {
  getListCadenceTransitionsInfiniteQueryKey,
  useCreateCadenceTransition,
  useUpdateCadenceTransition,
} from '../../api/generated/hooks/cadence-transition/cadence-transition';
import type { Cadence, CadenceTransition } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { ModalDialog } from '../../components/ConfirmDialog';
import { FLAG_LABELS, FLAG_TYPES } from '../../components/flag-labels';
import { FormAlert, FormField, formIssueMessage, inputClass, serverErrorFor } from '../../components/FormField';
import { notifySuccess } from '../../components/toast';
import { primaryButton, secondaryButton } from '../../components/buttons';
import { cadenceName } from './settings-api';
import {
  ACTION_LABELS,
  CONDITION_LABELS,
  TRANSITION_FIELD_ALIASES,
  TRANSITION_FIELDS,
  transitionBody,
  TransitionForm,
  transitionValues,
  type TransitionOutput,
  type TransitionValues,
} from './transition-rules';

const numberInput = { inputMode: 'numeric', autoComplete: 'off', className: inputClass } as const;

function TransitionFormBody({
  transition,
  cadences,
  onDone,
}: {
  transition?: CadenceTransition;
  cadences: Cadence[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const create = useCreateCadenceTransition();
  const update = useUpdateCadenceTransition();
  const [formError, setFormError] = useState<string>();
  // The version the next save is based on: the server's current one after a conflict.
  const [version, setVersion] = useState(transition?.version);
  // The selects also get their starting option as defaultValue: a select with no option marked
  // may read as changed by the user before react-hook-form fills it in (seen in happy-dom).
  const [initial] = useState(() => transitionValues(transition, cadences.length === 1 ? cadences[0].sid : ''));
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<TransitionValues, unknown, TransitionOutput>({
    resolver: zodResolver(TransitionForm, { error: formIssueMessage }),
    defaultValues: initial,
  });
  const condition = useWatch({ control, name: 'condition' });
  const action = useWatch({ control, name: 'action' });
  const watched = useWatch({ control, name: 'cadenceSid' });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      if (transition && version !== undefined) {
        await update.mutateAsync({
          sid: transition.sid,
          data: { currentVersion: String(version), ...transitionBody(values) },
        });
        notifySuccess('Transition saved.');
      } else {
        await create.mutateAsync({ data: { cadenceSid: values.cadenceSid, ...transitionBody(values) } });
        notifySuccess('Transition created.');
      }
      await queryClient.invalidateQueries({ queryKey: getListCadenceTransitionsInfiniteQueryKey() });
      onDone();
    } catch (error) {
      if (isApiError(error) && error.status === 409 && error.code === 'version_conflict') {
        const current = error.current as Partial<CadenceTransition> | undefined;
        if (typeof current?.version === 'number') setVersion(current.version);
        setFormError(
          'Someone else changed this transition while you were editing it. Save again to replace their change with yours, or cancel to keep theirs.',
        );
        await queryClient.invalidateQueries({ queryKey: getListCadenceTransitionsInfiniteQueryKey() });
        return;
      }
      setFormError(serverErrorFor(error, TRANSITION_FIELDS, setError, TRANSITION_FIELD_ALIASES));
    }
  });

  const watchedCadence = cadences.find((c) => c.sid === watched);
  const flagTypesErrorId = `${id}-flag-types-error`;

  return (
    <form
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      aria-label={transition ? 'Edit transition' : 'New transition'}
      className="space-y-4"
    >
      <FormAlert message={formError} />
      {transition ? (
        <div>
          <p className="text-sm font-medium text-slate-800">On the cadence</p>
          <p className="mt-1 text-sm text-slate-700">
            {watchedCadence ? cadenceName(watchedCadence) : watched} (a transition stays with its cadence)
          </p>
        </div>
      ) : (
        <FormField
          id={`${id}-cadence`}
          label="On the cadence"
          hint="The rule watches the lines that follow this cadence."
          error={errors.cadenceSid?.message}
        >
          {(a11y) => (
            <select {...a11y} className={inputClass} defaultValue={initial.cadenceSid} {...register('cadenceSid')}>
              <option value="">Choose a cadence…</option>
              {cadences.map((c) => (
                <option key={c.sid} value={c.sid}>
                  {cadenceName(c)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}

      <FormField id={`${id}-condition`} label="When" error={errors.condition?.message}>
        {(a11y) => (
          <select {...a11y} className={inputClass} defaultValue={initial.condition} {...register('condition')}>
            {Object.entries(CONDITION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </FormField>

      {condition === 'MaxAttempts' ? (
        <FormField
          id={`${id}-max-attempts`}
          label="Requests without an answer"
          hint="Fires once this many requests went out since the vendor last answered."
          error={errors.maxAttempts?.message}
        >
          {(a11y) => <input {...a11y} {...numberInput} {...register('maxAttempts')} />}
        </FormField>
      ) : null}

      {condition === 'ItemGroupBusinessDays' ? (
        <FormField
          id={`${id}-business-days`}
          label="Business days before the line’s date"
          hint="Fires when the line’s date (its ship date, else its due date) is this close or has passed."
          error={errors.businessDays?.message}
        >
          {(a11y) => <input {...a11y} {...numberInput} {...register('businessDays')} />}
        </FormField>
      ) : null}

      {condition === 'FlagCreated' ? (
        <>
          <fieldset aria-describedby={errors.flagTypes ? flagTypesErrorId : undefined}>
            <legend className="text-sm font-medium text-slate-800">Kinds of flag</legend>
            <div className="mt-1 grid gap-1 sm:grid-cols-2">
              {FLAG_TYPES.map((type) => (
                <label key={type} className="flex min-h-11 items-center gap-2 text-sm lg:min-h-8">
                  <input type="checkbox" value={type} className="size-6 shrink-0" {...register('flagTypes')} />
                  {FLAG_LABELS[type]}
                </label>
              ))}
            </div>
            {errors.flagTypes ? (
              <p id={flagTypesErrorId} className="mt-1 text-sm text-red-800">
                {errors.flagTypes.message}
              </p>
            ) : null}
          </fieldset>
          <FormField
            id={`${id}-flag-patterns`}
            label="Other flag types (optional)"
            hint="Patterns (regular expressions) of other flag types, separated by commas, e.g. ^urgent$."
            error={errors.flagPatterns?.message}
          >
            {(a11y) => <input {...a11y} autoComplete="off" className={inputClass} {...register('flagPatterns')} />}
          </FormField>
        </>
      ) : null}

      {condition === 'BusinessDaysInState' ? (
        <>
          <FormField
            id={`${id}-total-days`}
            label="Business days on this cadence"
            hint="Fires once the line has followed this cadence for this long. Give this, the next, or both."
            error={errors.totalBusinessDaysInState?.message}
          >
            {(a11y) => <input {...a11y} {...numberInput} {...register('totalBusinessDaysInState')} />}
          </FormField>
          <FormField
            id={`${id}-after-final`}
            label="Business days after the final attempt"
            hint="Fires this long after the cadence’s last request (its most requests) went unanswered."
            error={errors.businessDaysAfterFinalAttempt?.message}
          >
            {(a11y) => <input {...a11y} {...numberInput} {...register('businessDaysAfterFinalAttempt')} />}
          </FormField>
        </>
      ) : null}

      <FormField id={`${id}-action`} label="Then" error={errors.action?.message}>
        {(a11y) => (
          <select {...a11y} className={inputClass} defaultValue={initial.action} {...register('action')}>
            {Object.entries(ACTION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </FormField>

      {action === 'SwitchCadence' ? (
        <FormField id={`${id}-target`} label="Switch to" error={errors.targetCadenceSid?.message}>
          {(a11y) => (
            <select
              {...a11y}
              className={inputClass}
              defaultValue={initial.targetCadenceSid}
              {...register('targetCadenceSid')}
            >
              <option value="">Choose a cadence…</option>
              {cadences.map((c) => (
                <option key={c.sid} value={c.sid}>
                  {cadenceName(c)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : (
        <FormField
          id={`${id}-url`}
          label="Webhook URL"
          hint="Called with a signed POST when the rule fires: https:// to a public address (http://localhost while developing)."
          error={errors.url?.message}
        >
          {(a11y) => (
            <input
              {...a11y}
              type="url"
              inputMode="url"
              autoComplete="off"
              className={inputClass}
              {...register('url')}
            />
          )}
        </FormField>
      )}

      <div className="flex flex-wrap justify-end gap-3 pt-2">
        <button type="button" onClick={onDone} className={secondaryButton}>
          Cancel
        </button>
        <button type="submit" disabled={isSubmitting} className={primaryButton}>
          {isSubmitting ? 'Saving…' : transition ? 'Save transition' : 'Create transition'}
        </button>
      </div>
    </form>
  );
}

export function TransitionDialog({
  open,
  transition,
  cadences,
  onClose,
}: {
  open: boolean;
  transition?: CadenceTransition;
  cadences: Cadence[];
  onClose: () => void;
}) {
  return (
    <ModalDialog open={open} onClose={onClose} title={transition ? 'Edit transition' : 'New transition'}>
      <TransitionFormBody transition={transition} cadences={cadences} onDone={onClose} />
    </ModalDialog>
  );
}
