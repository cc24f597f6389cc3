// The organization's holidays inside the calendar form: a list of dates with
// add and remove, and a preset that adds a country's public holidays of a
// year (getPublicHolidays). Nothing is saved until the form is.
import { useId, useState } from 'react';
import { useGetPublicHolidays } from '../api/generated/hooks/follow-up/follow-up';
import { inputClass } from './FormField';
import { isCalendarDate } from '../lib/dates';
import { formatDate } from '../lib/format';
import { rowButton, secondaryButton } from './buttons';

const COUNTRIES: Record<string, string> = {
  US: 'United States',
  GB: 'United Kingdom',
  DE: 'Germany',
  FR: 'France',
  NL: 'Netherlands',
  IT: 'Italy',
  ES: 'Spain',
  PL: 'Poland',
  CZ: 'Czechia',
  CN: 'China',
  JP: 'Japan',
  IN: 'India',
  MX: 'Mexico',
  CA: 'Canada',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The dates of `list` and `added`, once each, in order. */
function merged(list: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...list, ...added])].sort();
}

function PublicHolidaysPreset({
  holidays,
  onAdd,
}: {
  holidays: readonly string[];
  onAdd: (dates: string[], message: string) => void;
}) {
  const id = useId();
  const thisYear = new Date().getFullYear();
  const [country, setCountry] = useState('');
  const [year, setYear] = useState(thisYear);
  // Asked as soon as a country is chosen, so the button can say what it adds.
  const preset = useGetPublicHolidays(
    { country: country || 'US', year },
    { query: { enabled: country !== '', staleTime: Infinity } },
  );
  const dates = preset.data?.holidays.map((h) => h.date) ?? [];
  const fresh = dates.filter((d) => !holidays.includes(d));
  const place = COUNTRIES[country] ?? country;
  const statusId = `${id}-status`;

  let status = 'Choose a country to see its public holidays.';
  if (country && preset.isFetching) status = `Loading the public holidays of ${place}…`;
  else if (country && preset.isError) status = `The public holidays could not be loaded: ${preset.error.message}`;
  else if (country && preset.isSuccess) {
    status = dates.length
      ? `${place} ${year}: ${plural(dates.length, 'public holiday')}, ${fresh.length ? `${fresh.length} not in the list yet` : 'all in the list already'}.`
      : `No public holidays are known for ${place} in ${year}.`;
  }

  return (
    <fieldset className="mt-4 rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">Add public holidays</legend>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-full sm:w-auto">
          <label htmlFor={`${id}-country`} className="block text-sm text-slate-800">
            Country
          </label>
          <select
            id={`${id}-country`}
            className={inputClass}
            value={country}
            aria-describedby={statusId}
            onChange={(e) => {
              setCountry(e.target.value);
            }}
          >
            <option value="">Choose a country…</option>
            {Object.entries(COUNTRIES).map(([code, name]) => (
              <option key={code} value={code}>
                {name} ({code})
              </option>
            ))}
          </select>
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor={`${id}-year`} className="block text-sm text-slate-800">
            Year
          </label>
          <select
            id={`${id}-year`}
            className={inputClass}
            value={year}
            onChange={(e) => {
              setYear(Number(e.target.value));
            }}
          >
            {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2, thisYear + 3].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className={secondaryButton}
          aria-describedby={statusId}
          disabled={!preset.isSuccess || preset.isFetching || fresh.length === 0}
          onClick={() => {
            onAdd(fresh, `Added ${plural(fresh.length, 'public holiday')} of ${place} ${year}. Save to keep them.`);
          }}
        >
          Add public holidays
        </button>
      </div>
      <p id={statusId} className="mt-2 text-sm text-slate-700">
        {status}
      </p>
    </fieldset>
  );
}

/** The holidays list; `onChange` gets the whole new list, sorted. */
export function HolidaysField({
  holidays,
  onChange,
  error,
  readOnly,
}: {
  holidays: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
  readOnly: boolean;
}) {
  const id = useId();
  const [date, setDate] = useState('');
  const [dateError, setDateError] = useState<string>();
  // What the last add or remove did, for screen readers (the list changes silently otherwise).
  const [announcement, setAnnouncement] = useState('');
  const errorId = `${id}-error`;
  const dateErrorId = `${id}-date-error`;

  const addDate = () => {
    if (!isCalendarDate(date)) {
      setDateError('Enter a date to add.');
      return;
    }
    setDateError(undefined);
    if (holidays.includes(date)) {
      setAnnouncement(`${formatDate(date)} is already a holiday.`);
      return;
    }
    onChange(merged(holidays, [date]));
    setDate('');
    setAnnouncement(`Added ${formatDate(date)}. Save to keep it.`);
  };

  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">Holidays</legend>
      <p className="mt-1 text-sm text-slate-700">
        No request goes out on a holiday, and holidays do not count as business days.
      </p>
      {holidays.length ? (
        <ul aria-label="Holidays" className="mt-2 flex flex-wrap gap-2">
          {holidays.map((day) => (
            <li
              key={day}
              className="flex items-center gap-1 rounded border border-slate-300 bg-slate-50 py-0.5 pr-0.5 pl-2 text-sm"
            >
              <span className="whitespace-nowrap">{formatDate(day)}</span>
              {readOnly ? null : (
                <button
                  type="button"
                  className={`${rowButton} border-transparent`}
                  aria-label={`Remove ${formatDate(day)}`}
                  onClick={() => {
                    onChange(holidays.filter((d) => d !== day));
                    setAnnouncement(`Removed ${formatDate(day)}. Save to keep the change.`);
                  }}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-700">No holidays.</p>
      )}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {readOnly ? null : (
        <>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            <div className="w-full sm:w-auto">
              <label htmlFor={`${id}-date`} className="block text-sm text-slate-800">
                Date
              </label>
              <input
                id={`${id}-date`}
                type="date"
                className={inputClass}
                value={date}
                aria-invalid={dateError ? true : undefined}
                aria-describedby={dateError ? dateErrorId : undefined}
                onChange={(e) => {
                  setDate(e.target.value);
                }}
                onKeyDown={(e) => {
                  // Enter adds the date rather than saving the whole form.
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addDate();
                  }
                }}
              />
            </div>
            <button type="button" className={secondaryButton} onClick={addDate}>
              Add date
            </button>
          </div>
          {dateError ? (
            <p id={dateErrorId} className="mt-1 text-sm text-red-800">
              {dateError}
            </p>
          ) : null}
          <PublicHolidaysPreset
            holidays={holidays}
            onAdd={(dates, message) => {
              onChange(merged(holidays, dates));
              setAnnouncement(message);
            }}
          />
        </>
      )}
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </fieldset>
  );
}
