// The app's buttons, in its sizes: 44 px tall on touch screens, smaller where
// a mouse points. One set, so a form looks the same on every page.
const focus = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800';
const disabled = 'disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60';

export const primaryButton = `inline-flex min-h-11 items-center justify-center rounded border border-blue-800 bg-blue-800 px-4 py-2 text-sm font-medium text-white hover:bg-blue-900 lg:min-h-9 ${focus} ${disabled}`;
export const secondaryButton = `inline-flex min-h-11 items-center justify-center rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 lg:min-h-9 ${focus} ${disabled}`;
/** A small action in a table row. */
export const rowButton = `min-h-11 rounded whitespace-nowrap border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 lg:min-h-7 ${focus} ${disabled}`;
