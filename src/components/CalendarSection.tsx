// The organization's calendar and update-request emails (organization
// settings): the time zone and business days the follow-up engine counts in,
// the holidays it skips, whether it sends requests by itself, and who they
// come from. One form, saved with the version it was read at.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import * as z from 'zod/mini';
import type { OrganizationSettings } from '../api/generated/model';
import {
  UpdateOrganizationSettingsBody,
  updateOrganizationSettingsBodyDefaultTimeZoneMax,
  updateOrganizationSettingsBodyHolidaysMax,
  updateOrganizationSettingsBodyReplyToMax,
} from '../api/generated/zod/organization-settings/organization-settings.zod';
import {
  blankIsNull,
  FormAlert,
  FormField,
  formIssueMessage,
  inputClass,
  requiredText,
  serverErrorFor,
} from './FormField';
import { QueryStatus } from './QueryStatus';
import { notifySuccess } from './toast';
import { HolidaysField } from './HolidaysField';
import { primaryButton } from './buttons';
import {
  CONFLICT_MESSAGE,
  isVersionConflict,
  reloadOrganizationSettings,
  useOrganizationSettings,
  useSaveOrganizationSettings,
} from './organization-settings';

const WEEKDAYS = [
  { value: '1', label: 'Monday' },
  { value: '2', label: 'Tuesday' },
  { value: '3', label: 'Wednesday' },
  { value: '4', label: 'Thursday' },
  { value: '5', label: 'Friday' },
  { value: '6', label: 'Saturday' },
  { value: '7', label: 'Sunday' },
] as const;

const CalendarForm = z.extend(z.pick(UpdateOrganizationSettingsBody, { senderName: true }), {
  defaultTimeZone: requiredText('Choose a time zone.', updateOrganizationSettingsBodyDefaultTimeZoneMax),
  // Checkboxes give the weekdays as text: "1" is Monday.
  businessWeekdays: z.array(z.string()).check(z.minLength(1, 'Choose at least one business day.')),
  holidays: z
    .array(z.string())
    .check(
      z.maxLength(
        updateOrganizationSettingsBodyHolidaysMax,
        `Keep at most ${updateOrganizationSettingsBodyHolidaysMax} holidays: remove past ones first.`,
      ),
    ),
  sendAutomatedUpdateRequests: z.boolean(),
  // The settings' version the values came from: a change saved elsewhere since (a live refresh) is refused, not
  // overwritten.
  version: z.number(),
  replyTo: z.nullable(
    z
      .email('Enter an email address, like buyers@example.com, or leave it blank.')
      .check(z.maxLength(updateOrganizationSettingsBodyReplyToMax, 'Use a shorter email address.')),
  ),
});
type CalendarValues = z.input<typeof CalendarForm>;
type CalendarOutput = z.output<typeof CalendarForm>;
const FIELDS = [
  'defaultTimeZone',
  'businessWeekdays',
  'holidays',
  'sendAutomatedUpdateRequests',
  'senderName',
  'replyTo',
] as const;

function valuesOf(settings: OrganizationSettings): CalendarValues {
  return {
    defaultTimeZone: settings.defaultTimeZone ?? '',
    businessWeekdays: settings.businessWeekdays.map(String),
    holidays: [...settings.holidays].sort(),
    sendAutomatedUpdateRequests: settings.sendAutomatedUpdateRequests,
    senderName: settings.senderName,
    replyTo: settings.replyTo,
    version: settings.version,
  };
}

/** The IANA zones this browser knows, with the saved one even if it does not. */
function useTimeZones(saved: string | null): string[] {
  return useMemo(() => {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    zones.add('UTC');
    if (saved) zones.add(saved);
    return [...zones].sort();
  }, [saved]);
}

function CalendarFormBody({
  organizationSid,
  settings,
  admin,
  onConflict,
  onSaved,
}: {
  organizationSid: string;
  settings: OrganizationSettings;
  admin: boolean;
  onConflict: () => Promise<void>;
  onSaved: () => void;
}) {
  const save = useSaveOrganizationSettings(organizationSid);
  const zones = useTimeZones(settings.defaultTimeZone);
  const [formError, setFormError] = useState<string>();
  // The time zone select also gets its starting option as defaultValue: a select with no option
  // marked may read as changed by the user before react-hook-form fills it in (seen in happy-dom).
  const [initial] = useState(() => valuesOf(settings));
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    reset,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<CalendarValues, unknown, CalendarOutput>({
    resolver: zodResolver(CalendarForm, { error: formIssueMessage }),
    defaultValues: initial,
  });
  const holidays = useWatch({ control, name: 'holidays' });
  // An untouched form follows a change saved elsewhere; one being edited keeps its values (its save is then refused).
  useEffect(() => {
    if (isDirty || isSubmitting || settings.version <= getValues('version')) return;
    reset(valuesOf(settings));
  }, [settings, isDirty, isSubmitting, reset, getValues]);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      const saved = await save.mutateAsync({
        version: values.version,
        data: {
          defaultTimeZone: values.defaultTimeZone,
          businessWeekdays: values.businessWeekdays.map(Number).sort((a, b) => a - b),
          holidays: [...new Set(values.holidays)].sort(),
          sendAutomatedUpdateRequests: values.sendAutomatedUpdateRequests,
          senderName: values.senderName ?? null,
          replyTo: values.replyTo,
        },
      });
      reset(valuesOf(saved));
      onSaved();
      notifySuccess('Calendar and email settings saved.');
    } catch (error) {
      if (isVersionConflict(error)) {
        await onConflict();
        return;
      }
      setFormError(serverErrorFor(error, FIELDS, setError));
    }
  });

  const weekdaysErrorId = 'calendar-weekdays-error';

  return (
    <form
      noValidate
      aria-label="Calendar and emails"
      onSubmit={(e) => void onSubmit(e)}
      className="max-w-3xl rounded border border-slate-200 bg-white p-4 sm:p-6"
    >
      <FormAlert message={formError} />
      {/* A disabled fieldset: a buyer sees the values, and cannot change them. */}
      <fieldset disabled={!admin} className="min-w-0 space-y-5">
        <FormField
          id="calendar-time-zone"
          label="Time zone"
          hint="Business days, holidays and the morning requests go out are counted in this time zone."
          error={errors.defaultTimeZone?.message}
        >
          {(a11y) => (
            <select
              {...a11y}
              className={inputClass}
              defaultValue={initial.defaultTimeZone}
              {...register('defaultTimeZone')}
            >
              <option value="">Choose a time zone…</option>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </FormField>

        <fieldset aria-describedby={errors.businessWeekdays ? weekdaysErrorId : undefined}>
          <legend className="text-sm font-medium text-slate-800">Business days</legend>
          <div className="mt-1 grid grid-cols-2 gap-x-4 sm:grid-cols-4">
            {WEEKDAYS.map((day) => (
              <label key={day.value} className="flex min-h-11 items-center gap-2 text-sm lg:min-h-8">
                <input
                  type="checkbox"
                  value={day.value}
                  className="size-6 shrink-0"
                  aria-invalid={errors.businessWeekdays ? true : undefined}
                  {...register('businessWeekdays')}
                />
                {day.label}
              </label>
            ))}
          </div>
          {errors.businessWeekdays ? (
            <p id={weekdaysErrorId} className="mt-1 text-sm text-red-800">
              {errors.businessWeekdays.message}
            </p>
          ) : null}
        </fieldset>

        <HolidaysField
          holidays={holidays}
          readOnly={!admin}
          error={errors.holidays?.message}
          onChange={(next) => {
            setValue('holidays', next, { shouldDirty: true, shouldValidate: true });
          }}
        />

        <fieldset className="space-y-4">
          <legend className="text-sm font-medium text-slate-800">Update request emails</legend>
          <div>
            <label className="flex min-h-11 items-center gap-2 text-sm lg:min-h-8">
              <input
                type="checkbox"
                className="size-6 shrink-0"
                aria-describedby="calendar-automatic-hint"
                {...register('sendAutomatedUpdateRequests')}
              />
              Send update requests automatically
            </label>
            <p id="calendar-automatic-hint" className="text-xs text-slate-600">
              Off: the follow-up engine still raises flags, but sends no update request by itself.
            </p>
          </div>
          <FormField
            id="calendar-sender-name"
            label="Sender name (optional)"
            hint="The name update requests come from; the organization’s name when blank."
            error={errors.senderName?.message}
          >
            {(a11y) => (
              <input {...a11y} autoComplete="off" className={inputClass} {...register('senderName', blankIsNull)} />
            )}
          </FormField>
          <FormField
            id="calendar-reply-to"
            label="Reply-to address (optional)"
            hint="Where vendors’ replies to update requests go."
            error={errors.replyTo?.message}
          >
            {(a11y) => (
              <input
                {...a11y}
                type="email"
                autoComplete="email"
                className={inputClass}
                {...register('replyTo', blankIsNull)}
              />
            )}
          </FormField>
        </fieldset>
      </fieldset>
      {admin ? (
        <div className="mt-5 flex flex-wrap items-center gap-3">
          <button type="submit" disabled={isSubmitting} className={primaryButton}>
            {isSubmitting ? 'Saving…' : 'Save calendar'}
          </button>
          {isDirty ? <span className="text-sm text-slate-700">Unsaved changes</span> : null}
        </div>
      ) : null}
    </form>
  );
}

export function CalendarSection({ organizationSid, admin }: { organizationSid: string; admin: boolean }) {
  const queryClient = useQueryClient();
  const settings = useOrganizationSettings(organizationSid);
  // A conflict reloads the settings and starts the form afresh from them.
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<string>();

  return (
    <section aria-labelledby="calendar-heading" className="mt-8">
      <h2 id="calendar-heading" className="text-lg font-semibold">
        Calendar
      </h2>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-slate-700">
        The days the follow-up engine works and counts, and how its emails go out.
        {admin ? null : ' Only an admin can change them.'}
      </p>
      {notice ? (
        <div className="mb-3 max-w-3xl">
          <FormAlert message={notice} />
        </div>
      ) : null}
      <QueryStatus query={settings} label="the calendar">
        {settings.data ? (
          <CalendarFormBody
            key={generation}
            organizationSid={organizationSid}
            settings={settings.data}
            admin={admin}
            onSaved={() => {
              setNotice(undefined);
            }}
            onConflict={async () => {
              await reloadOrganizationSettings(queryClient, organizationSid);
              setGeneration((g) => g + 1);
              setNotice(CONFLICT_MESSAGE);
            }}
          />
        ) : null}
      </QueryStatus>
    </section>
  );
}
