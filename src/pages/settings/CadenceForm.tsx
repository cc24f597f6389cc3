// Creates a custom cadence or edits one, in a dialog: how often the vendor is
// asked (in days; the API counts seconds), how many requests at most, when an
// unanswered vendor counts as unresponsive, and how requests are sent.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import { useCreateCadence, useUpdateCadence } from '../../api/generated/hooks/cadences/cadences';
import type { Cadence } from '../../api/generated/model';
import { CreateCadenceBody, createCadenceBodyMessageTypeMax } from '../../api/generated/zod/cadences/cadences.zod';
import { ModalDialog } from '../../components/ConfirmDialog';
import {
  blankIsNull,
  FormAlert,
  FormField,
  formIssueMessage,
  inputClass,
  requiredText,
  serverErrorFor,
} from '../../components/FormField';
import { notifySuccess } from '../../components/toast';
import { primaryButton, secondaryButton } from '../../components/buttons';
import { cadenceName, describeDelay, invalidateCadences } from './settings-api';

const DAY_SECONDS = 86_400;
const MAX_DAYS = 365;

const MESSAGE_TYPES: Record<string, string> = { email: 'Email' };

/** A count the user may leave blank: empty, or a whole number from 1 (at most nine digits: within the API's range). */
const optionalCount = (message: string) => z.string().check(z.trim(), z.regex(/^(|[1-9]\d{0,8})$/, message));

const DAYS_MESSAGE = `Enter a whole number of days, from 1 to ${MAX_DAYS}.`;

/** The form: the contract's title, and the numbers as the text typed (converted on submit). */
function cadenceForm(daysRequired: boolean) {
  return z.extend(z.pick(CreateCadenceBody, { title: true }), {
    everyDays: z.string().check(
      z.trim(),
      z.regex(daysRequired ? /^[1-9]\d{0,2}$/ : /^(|[1-9]\d{0,2})$/, DAYS_MESSAGE),
      z.refine((v) => v === '' || Number(v) <= MAX_DAYS, DAYS_MESSAGE),
    ),
    maxAttempts: optionalCount('Enter a whole number, 1 or more, or leave it blank for no limit.'),
    unresponsiveAfterBusinessDays: optionalCount(
      'Enter a whole number of business days, 1 or more, or leave it blank.',
    ),
    messageType: requiredText('Choose how requests are sent.', createCadenceBodyMessageTypeMax),
  });
}
type CadenceValues = z.input<ReturnType<typeof cadenceForm>>;
type CadenceOutput = z.output<ReturnType<typeof cadenceForm>>;
const FIELDS = ['title', 'everyDays', 'maxAttempts', 'unresponsiveAfterBusinessDays', 'messageType'] as const;

/** A delay the form can show in whole days; other delays (hours, none) stay as they are unless changed. */
function wholeDays(delaySeconds: string | null): string {
  if (delaySeconds === null || !/^\d+$/.test(delaySeconds)) return '';
  const seconds = Number(delaySeconds);
  return seconds > 0 && seconds % DAY_SECONDS === 0 && seconds / DAY_SECONDS <= MAX_DAYS
    ? String(seconds / DAY_SECONDS)
    : '';
}

function valuesOf(cadence: Cadence | undefined): CadenceValues {
  return {
    title: cadence?.title ?? null,
    everyDays: cadence ? wholeDays(cadence.delaySeconds) : '7',
    maxAttempts: cadence?.maxAttempts ?? '',
    unresponsiveAfterBusinessDays: cadence?.unresponsiveAfterBusinessDays ?? '',
    messageType: cadence?.messageType ?? 'email',
  };
}

const orNull = (value: string) => (value === '' ? null : value);
const toSeconds = (days: string) => String(Number(days) * DAY_SECONDS);

function CadenceFormBody({ cadence, onDone }: { cadence?: Cadence; onDone: () => void }) {
  const queryClient = useQueryClient();
  const id = useId();
  const create = useCreateCadence();
  const update = useUpdateCadence();
  const [formError, setFormError] = useState<string>();
  // An edited cadence whose delay is not whole days keeps it unless the user types days.
  const keepsDelay = cadence !== undefined && wholeDays(cadence.delaySeconds) === '';
  // The select also gets its starting option as defaultValue: a select with no option marked
  // may read as changed by the user before react-hook-form fills it in (seen in happy-dom).
  const [initial] = useState(() => valuesOf(cadence));
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CadenceValues, unknown, CadenceOutput>({
    resolver: zodResolver(cadenceForm(!keepsDelay), { error: formIssueMessage }),
    defaultValues: initial,
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      if (cadence) {
        const saved = await update.mutateAsync({
          sid: cadence.sid,
          data: {
            title: values.title ?? null,
            ...(values.everyDays ? { delaySeconds: toSeconds(values.everyDays) } : {}),
            maxAttempts: orNull(values.maxAttempts),
            messageType: values.messageType,
          },
        });
        notifySuccess(`Cadence ${cadenceName(saved)} saved.`);
      } else {
        const saved = await create.mutateAsync({
          data: {
            title: values.title ?? null,
            delaySeconds: toSeconds(values.everyDays),
            maxAttempts: orNull(values.maxAttempts),
            unresponsiveAfterBusinessDays: orNull(values.unresponsiveAfterBusinessDays),
            messageType: values.messageType,
          },
        });
        notifySuccess(`Cadence ${cadenceName(saved)} created.`);
      }
      await invalidateCadences(queryClient);
      onDone();
    } catch (error) {
      setFormError(serverErrorFor(error, FIELDS, setError, { delaySeconds: 'everyDays' }));
    }
  });

  const messageTypes = { ...MESSAGE_TYPES };
  if (cadence?.messageType && !(cadence.messageType in messageTypes)) {
    messageTypes[cadence.messageType] = cadence.messageType;
  }

  return (
    <form
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      aria-label={cadence ? `Edit cadence ${cadenceName(cadence)}` : 'New cadence'}
      className="space-y-4"
    >
      <FormAlert message={formError} />
      <FormField
        id={`${id}-title`}
        label="Name (optional)"
        hint="How buyers know it, e.g. “Escalation”."
        error={errors.title?.message}
      >
        {(a11y) => <input {...a11y} autoComplete="off" className={inputClass} {...register('title', blankIsNull)} />}
      </FormField>
      <FormField
        id={`${id}-days`}
        label="Every N days"
        hint={
          keepsDelay
            ? `Now: ${describeDelay(cadence.delaySeconds)}. Leave blank to keep it, or enter days to change it.`
            : 'Days between two requests to the vendor; a request due on a day off goes out the next business day.'
        }
        error={errors.everyDays?.message}
      >
        {(a11y) => (
          <input {...a11y} inputMode="numeric" autoComplete="off" className={inputClass} {...register('everyDays')} />
        )}
      </FormField>
      <FormField
        id={`${id}-attempts`}
        label="Most requests (optional)"
        hint="Requests without an answer after which the cadence stops asking; blank for no limit."
        error={errors.maxAttempts?.message}
      >
        {(a11y) => (
          <input {...a11y} inputMode="numeric" autoComplete="off" className={inputClass} {...register('maxAttempts')} />
        )}
      </FormField>
      {cadence ? (
        <div>
          <p className="text-sm font-medium text-slate-800">Unresponsive after</p>
          <p className="mt-1 text-sm text-slate-700">
            {cadence.unresponsiveAfterBusinessDays === null
              ? 'The organization’s default.'
              : `${cadence.unresponsiveAfterBusinessDays} business days without an answer.`}{' '}
            Set when the cadence is created; it cannot be changed.
          </p>
        </div>
      ) : (
        <FormField
          id={`${id}-unresponsive`}
          label="Unresponsive after, in business days (optional)"
          hint="Business days without an answer before the vendor is flagged as unresponsive; blank for the organization’s default."
          error={errors.unresponsiveAfterBusinessDays?.message}
        >
          {(a11y) => (
            <input
              {...a11y}
              inputMode="numeric"
              autoComplete="off"
              className={inputClass}
              {...register('unresponsiveAfterBusinessDays')}
            />
          )}
        </FormField>
      )}
      <FormField id={`${id}-type`} label="Sent as" error={errors.messageType?.message}>
        {(a11y) => (
          <select {...a11y} className={inputClass} defaultValue={initial.messageType} {...register('messageType')}>
            {Object.entries(messageTypes).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="flex flex-wrap justify-end gap-3 pt-2">
        <button type="button" onClick={onDone} className={secondaryButton}>
          Cancel
        </button>
        <button type="submit" disabled={isSubmitting} className={primaryButton}>
          {isSubmitting ? 'Saving…' : cadence ? 'Save cadence' : 'Create cadence'}
        </button>
      </div>
    </form>
  );
}

/** The dialog; its form is mounted only while open, so it starts from the cadence each time. */
export function CadenceDialog({ open, cadence, onClose }: { open: boolean; cadence?: Cadence; onClose: () => void }) {
  return (
    <ModalDialog open={open} onClose={onClose} title={cadence ? `Edit ${cadenceName(cadence)}` : 'New cadence'}>
      <CadenceFormBody cadence={cadence} onDone={onClose} />
    </ModalDialog>
  );
}
