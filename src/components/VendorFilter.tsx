import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useListVendors } from '../api/generated/hooks/vendors/vendors';
import { isApiError } from '../api/http';

/** Vendors asked for at once; an organization with more gets a search box to narrow the list. */
export const VENDOR_PAGE_SIZE = 100;
/** The vendor filter's list: vendors change rarely. */
export const vendorsQuery = { staleTime: 5 * 60_000 };

/**
 * The vendor filter: a select of the organization's vendors by name. When
 * they do not fit one page, a "Find vendor" box asks the server for the
 * vendors whose name contains the text.
 */
export function VendorFilter({
  value,
  selectedName,
  onChange,
  noneLabel = 'All vendors',
}: {
  /** The selected vendor's sid, or '' for every vendor. */
  value: string;
  /** The selected vendor's name when known from elsewhere (its orders, its flags), for when the list does not hold it. */
  selectedName: string | undefined;
  onChange: (sid: string) => void;
  /** The option for '' where it means no vendor chosen rather than every vendor: "Choose a vendor". */
  noneLabel?: string;
}) {
  const hintId = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(text.trim());
    }, 300);
    return () => {
      clearTimeout(timer);
    };
  }, [text]);

  const vendors = useListVendors(
    { pageSize: VENDOR_PAGE_SIZE, ...(q ? { q } : {}) },
    { query: { ...vendorsQuery, placeholderData: keepPreviousData } },
  );
  const list = vendors.data?.vendors ?? [];
  const more = Boolean(vendors.data?.page.nextPageToken);
  const searching = more || text !== '' || q !== '';
  const selectedListed = value === '' || list.some((v) => v.sid === value);

  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-end">
      {searching && (
        <label className="flex flex-col text-sm">
          <span className="font-medium">Find vendor</span>
          <input
            type="search"
            value={text}
            maxLength={100}
            placeholder="Part of the name"
            onChange={(e) => {
              setText(e.target.value);
            }}
            className="mt-1 min-h-11 w-full rounded border border-slate-400 px-2 py-1 lg:min-h-9 lg:w-44"
          />
        </label>
      )}
      <label className="flex flex-col text-sm">
        <span className="font-medium">Vendor</span>
        <select
          value={value}
          aria-describedby={more || vendors.isError ? hintId : undefined}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          className="mt-1 min-h-11 w-full rounded border border-slate-400 px-2 py-1 lg:min-h-9 lg:w-56"
        >
          <option value="">{noneLabel}</option>
          {!selectedListed && <option value={value}>{selectedName ?? 'The selected vendor'}</option>}
          {list.map((v) => (
            <option key={v.sid} value={v.sid}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {vendors.isError ? (
        <p id={hintId} role="alert" className="text-sm text-red-900">
          Could not load vendors:{' '}
          {isApiError(vendors.error) && vendors.error.status === 0
            ? 'the server could not be reached.'
            : vendors.error.message}{' '}
          <button
            type="button"
            onClick={() => void vendors.refetch()}
            className="min-h-6 rounded border border-red-800 px-2 py-0.5 font-medium"
          >
            Try again
          </button>
        </p>
      ) : (
        more && (
          <p id={hintId} className="text-sm text-slate-700">
            The first {VENDOR_PAGE_SIZE} vendors by name; type in “Find vendor” to narrow.
          </p>
        )
      )}
    </div>
  );
}
