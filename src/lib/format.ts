// Dates as the user reads them: in their locale and time zone.

// One formatter of each kind for the whole app, made at first use: making one
// per cell is what costs. The first Intl object of a page also loads the
// browser's locale data (about 30 ms, four times that on a phone), which
// prepareFormats() lets the app do while it waits for the network.
let dateFormat: Intl.DateTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;

const dates = () => (dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }));
const dateTimes = () =>
  (dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }));

/** Makes the formatters now, so the first table that shows dates does not pay for the locale data. */
export function prepareFormats(): void {
  dates();
  dateTimes();
}

/** A calendar date (YYYY-MM-DD) shown in the user's locale; "—" when absent. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  // A calendar date has no time zone: build it at local midnight so it never shifts a day.
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : dates().format(date);
}

/** A timestamp shown in the user's locale and time zone; "—" when absent. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimes().format(date);
}
