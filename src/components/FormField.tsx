// Form pieces every create/edit form shares: a labelled field with its error,
// a form-level alert, plain-words messages for the generated zod schemas, and
// the server's `{ code, message, field }` put next to the field it names.
import { keepPreviousData } from '@tanstack/react-query';
import { useDeferredValue, type ReactNode } from 'react';
import type { FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import * as z from 'zod/mini';
import { useListVendors } from '../api/generated/hooks/vendors/vendors';
import { isApiError } from '../api/http';
import { inputClass } from './input-class';

export { inputClass };

export interface FieldA11y {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A label, the control (rendered by `children` with its id and ARIA wiring), a hint and the error. */
export function FormField({
  id,
  label,
  error,
  hint,
  className,
  announce = false,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  className?: string;
  /** The error is read out as it appears (a form that keeps the focus on its button, not on the field). */
  announce?: boolean;
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role={announce ? 'alert' : undefined} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A message for the whole form (a server answer no single field explains), with an optional action. */
export function FormAlert({ message, action }: { message: string | undefined; action?: ReactNode }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <p>{message}</p>
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}

/** Text the user must give: trimmed, not blank (`missing` says what to do), at most `max` characters. */
export function requiredText(missing: string, max: number) {
  return z.string().check(z.trim(), z.minLength(1, missing), z.maxLength(max, `Use at most ${max} characters.`));
}

/** `register(name, blankIsNull)`: an empty or blank input is sent as null, other text trimmed. */
export const blankIsNull = {
  setValueAs: (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  },
};

/**
 * Plain words for the generated schemas' checks (which carry no messages of
 * their own); a check with its own message keeps it.
 */
export const formIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `Use at most ${String(issue.maximum)} characters.`;
      if (issue.origin === 'number') return `Enter ${String(issue.maximum)} or less.`;
      return undefined;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'This field is required.' : `Use at least ${String(issue.minimum)} characters.`;
      if (issue.origin === 'number') return `Enter ${String(issue.minimum)} or more.`;
      return undefined;
    case 'invalid_format':
      if (issue.format === 'regex') return 'Enter a number, like 100 or 12.5.';
      if (issue.format === 'date') return 'Enter a date.';
      if (issue.format === 'datetime') return 'Enter a date and time.';
      if (issue.format === 'email') return 'Enter an email address, like buyer@example.com.';
      if (issue.format === 'url') return 'Enter a URL, like https://example.com.';
      return undefined;
    case 'invalid_value':
      return 'Choose one of the options.';
    case 'invalid_type':
      return 'This field is required.';
    default:
      return undefined;
  }
};

/**
 * Shows a failed request's message next to the field it names (when the form
 * has that field), else returns it for a form-level alert.
 */
export function serverErrorFor<T extends FieldValues>(
  error: unknown,
  fields: readonly Path<T>[],
  setError: UseFormSetError<T>,
  /** Server field names the form shows under another field: `{ vendorSid: 'vendorName' }`. */
  aliases: Partial<Record<string, Path<T>>> = {},
): string | undefined {
  if (!isApiError(error)) return error instanceof Error ? error.message : 'Something went wrong. Try again.';
  if (error.status === 0) return 'The server could not be reached. Check your connection and try again.';
  const aliased = error.field === undefined ? undefined : aliases[error.field];
  // A field an alias names is one of the form's, listed in `fields` or not.
  const field = aliased ?? fields.find((f) => f === error.field);
  if (field) {
    setError(field, { type: 'server', message: error.message }, { shouldFocus: true });
    return undefined;
  }
  return error.message;
}

/**
 * The vendor of an order: type to search the organization's vendors (listVendors)
 * and pick one, or type a new name, which the server adds as a new vendor.
 */
export function VendorField({
  id,
  value,
  error,
  input,
}: {
  id: string;
  /** The field's current text (from `watch`). */
  value: string;
  error?: string;
  input: UseFormRegisterReturn;
}) {
  const typed = value.trim();
  const search = useDeferredValue(typed.slice(0, 100));
  const vendors = useListVendors(
    { q: search || undefined, pageSize: 20 },
    { query: { placeholderData: keepPreviousData, staleTime: 60_000 } },
  );
  const names = vendors.data?.vendors.map((v) => v.name) ?? [];
  const settled = search === typed.slice(0, 100) && !vendors.isFetching;
  let hint = 'Pick one of your vendors from the suggestions, or type the name of a new one.';
  if (vendors.isError) hint = 'Vendor suggestions could not be loaded; type the vendor name.';
  else if (typed && settled && !names.includes(typed)) hint = `No vendor is named “${typed}” yet: saving adds it.`;
  const listId = `${id}-suggestions`;
  return (
    <FormField id={id} label="Vendor" error={error} hint={hint}>
      {(a11y) => (
        <>
          <input {...a11y} list={listId} autoComplete="off" className={inputClass} {...input} />
          <datalist id={listId}>
            {names.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </>
      )}
    </FormField>
  );
}
