// What the follow-up engine sent: every update request, newest first, with
// the order it asked about, who it went to (or why it was skipped), its lines
// and its state. The filters live in the URL, so a link or a reload keeps
// them; each row, and a chosen vendor, can be asked again at once.
import { keepPreviousData } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useGetOrder } from '../../api/generated/hooks/orders/orders';
import { useListUpdateRequestsInfinite } from '../../api/generated/hooks/update-requests/update-requests';
import { useListUsers } from '../../api/generated/hooks/users/users';
import { useListVendors } from '../../api/generated/hooks/vendors/vendors';
import type { ListUpdateRequestsParams, UpdateRequest, UpdateRequestStatus, User } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { VENDOR_PAGE_SIZE, VendorFilter, vendorsQuery } from '../../components/VendorFilter';
import { formatCount, formatDateTime } from '../../lib/format';
import { RequestUpdateNowButton } from '../../components/RequestUpdateNowButton';
import { plural } from '../../lib/format';

const STATUSES: readonly UpdateRequestStatus[] = ['sent', 'reminded', 'answered', 'expired', 'skipped'];

const STATUS_LABELS: Record<UpdateRequestStatus, string> = {
  sent: 'Sent',
  reminded: 'Reminded',
  answered: 'Answered',
  expired: 'Expired',
  skipped: 'Skipped',
};

const STATUS_STYLES: Record<UpdateRequestStatus, string> = {
  sent: 'bg-blue-100 text-blue-900',
  reminded: 'bg-amber-100 text-amber-900',
  answered: 'bg-green-100 text-green-900',
  expired: 'bg-slate-200 text-slate-900',
  skipped: 'bg-red-100 text-red-900',
};

interface View {
  /** One state, or '' for every state. */
  status: UpdateRequestStatus | '';
  /** The vendor's sid, or '' for every vendor. */
  vendor: string;
  /** The order's sid, or '' for every order. */
  order: string;
}

/** A sid from the URL: 1 to 255 characters, else none. */
const sid = (raw: string | null): string => (raw !== null && raw.length <= 255 ? raw : '');

function parseView(params: URLSearchParams): View {
  const status = params.get('status');
  return {
    status: STATUSES.find((s) => s === status) ?? '',
    vendor: sid(params.get('vendor')),
    order: sid(params.get('orderSid')),
  };
}

/** The URL query of a view; what is not set is left out so links stay short. */
function viewSearch(view: View): URLSearchParams {
  const out = new URLSearchParams();
  if (view.status) out.set('status', view.status);
  if (view.vendor) out.set('vendor', view.vendor);
  if (view.order) out.set('orderSid', view.order);
  return out;
}

function listQuery(view: View): ListUpdateRequestsParams {
  return {
    ...(view.status ? { status: view.status } : {}),
    ...(view.vendor ? { vendorSid: view.vendor } : {}),
    ...(view.order ? { orderSid: view.order } : {}),
    sortOrder: 'Desc',
    pageSize: 50,
  };
}

/** "2 lines, 1 reminder": how many lines the request asked about, and how many of them were reminders. */
function linesText(r: UpdateRequest): string {
  const reminders = r.lines.filter((l) => l.kind === 'reminder').length;
  return `${plural(r.lines.length, 'line')}${reminders ? `, ${plural(reminders, 'reminder')}` : ''}`;
}

function StatusBadge({ request }: { request: UpdateRequest }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLES[request.status]}`}>
      {STATUS_LABELS[request.status]}
      {request.status === 'answered' && request.answered ? ` ${formatDateTime(request.answered)}` : ''}
    </span>
  );
}

function personName(user: User | undefined): string {
  if (!user) return 'A person';
  return [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email || 'A person';
}

const selectClass = 'mt-1 min-h-11 w-full rounded border border-slate-400 bg-white px-2 py-1 lg:min-h-9 lg:w-auto';

export default function UpdateRequestsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseView(searchParams), [searchParams]);
  const setView = useCallback(
    (next: View) => {
      setSearchParams(viewSearch(next), { replace: true });
    },
    [setSearchParams],
  );
  const listHeading = useRef<HTMLHeadingElement>(null);

  const params = useMemo(() => listQuery(view), [view]);
  // The previous rows stay on screen (dimmed) while a changed filter loads.
  const query = useListUpdateRequestsInfinite(params, {
    query: { ...cursorPaging, placeholderData: keepPreviousData },
  });
  const rows = useMemo(() => flattenPages(query.data, 'updateRequests'), [query.data]);
  const busy = query.isPlaceholderData;

  // The same list the vendor filter shows (one request for both): it names the chosen vendor.
  const vendors = useListVendors({ pageSize: VENDOR_PAGE_SIZE }, { query: vendorsQuery });
  const vendorName = view.vendor
    ? (rows.find((r) => r.vendorSid === view.vendor)?.vendorName ??
      vendors.data?.vendors.find((v) => v.sid === view.vendor)?.name ??
      undefined)
    : undefined;

  // The order filter names its order (the rows tell it too, while the order loads; none may match).
  const order = useGetOrder(view.order, { query: { enabled: view.order !== '', staleTime: 60_000 } });
  const orderName =
    order.data?.uniqueName ??
    (view.order ? rows.find((r) => r.orderSid === view.order)?.orderUniqueName : undefined) ??
    undefined;

  // Who asked for a request by hand: the organization's people, by sid.
  const users = useListUsers({ pageSize: 500 }, { query: { staleTime: 5 * 60_000 } });
  const byUser = useMemo(() => new Map((users.data?.users ?? []).map((u) => [u.sid, u])), [users.data]);

  const columns: Column<UpdateRequest>[] = [
    { key: 'sent', header: 'Sent', cell: (r) => formatDateTime(r.created) },
    {
      key: 'order',
      header: 'Order',
      longWords: true,
      cell: (r) =>
        r.orderSid ? (
          <Link
            to={`/orders/${r.orderSid}`}
            className="inline-flex min-h-6 items-center font-medium text-blue-800 underline"
          >
            {r.orderUniqueName ?? 'Order'}
          </Link>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    { key: 'vendor', header: 'Vendor', wrap: true, cell: (r) => r.vendorName ?? '—' },
    {
      key: 'to',
      header: 'To',
      text: true,
      cell: (r) =>
        r.status === 'skipped' ? (
          <span className="text-red-900">{r.skipReason ?? 'No email went out.'}</span>
        ) : r.recipients.length > 0 ? (
          <>
            <span className="break-all">{r.recipients.join(', ')}</span>{' '}
            <Link
              to={`/mailbox?updateRequest=${encodeURIComponent(r.sid)}`}
              aria-label={`See ${r.recipients.length === 1 ? 'email' : 'emails'} about ${r.orderUniqueName ?? 'this request'}`}
              className="inline-flex min-h-6 items-center whitespace-nowrap text-blue-800 underline"
            >
              See {r.recipients.length === 1 ? 'email' : 'emails'}
            </Link>
          </>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    // May break ("6 lines, / 1 reminder"): the row's action stays in view at 1280 px.
    { key: 'lines', header: 'Lines', wrap: true, cell: linesText },
    { key: 'status', header: 'Status', cell: (r) => <StatusBadge request={r} /> },
    {
      key: 'by',
      header: 'By',
      wrap: true,
      cell: (r) => (r.requestedBy === null ? 'Automation' : personName(byUser.get(r.requestedBy))),
    },
    {
      key: 'actions',
      header: 'Actions',
      wide: true,
      pinned: true,
      cell: (r) =>
        r.orderSid ? (
          <RequestUpdateNowButton
            target={{ orderSid: r.orderSid }}
            label="Ask again now"
            ariaLabel={`Ask again now about ${r.orderUniqueName ?? 'this order'}`}
            question={`Email ${r.vendorName ?? 'the vendor'} now about the open lines of ${r.orderUniqueName ?? 'this order'}, instead of waiting for the next scheduled request?`}
          />
        ) : null,
    },
  ];

  const filtered = view.status !== '' || view.vendor !== '' || view.order !== '';
  const emptyMessage = filtered ? (
    <>
      <p className="font-medium">No update requests match these filters.</p>
      <button
        type="button"
        onClick={() => {
          setView({ status: '', vendor: '', order: '' });
          listHeading.current?.focus();
        }}
        className="mt-3 min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 lg:min-h-9"
      >
        Clear filters
      </button>
    </>
  ) : (
    <p className="font-medium">
      No update requests yet: the follow-up engine sends them on each line&rsquo;s cadence, and you can ask a vendor
      now.
    </p>
  );

  return (
    <>
      <PageHeader title="Update requests">
        {view.vendor ? (
          <RequestUpdateNowButton
            target={{ vendorSid: view.vendor }}
            label={`Ask ${vendorName ?? 'this vendor'} now about all open lines`}
            question={`Email ${vendorName ?? 'this vendor'} now about all of its open lines, instead of waiting for each line's next scheduled request?`}
            className="min-h-11 rounded bg-blue-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-900 lg:min-h-9"
          />
        ) : null}
      </PageHeader>

      <form
        role="search"
        aria-label="Filter update requests"
        className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-3 rounded border border-slate-200 bg-white p-3"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="flex grow flex-col text-sm lg:grow-0">
          <span className="font-medium">Status</span>
          <select
            value={view.status}
            onChange={(e) => {
              setView({ ...view, status: STATUSES.find((s) => s === e.target.value) ?? '' });
            }}
            className={selectClass}
          >
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <VendorFilter
          value={view.vendor}
          selectedName={vendorName}
          onChange={(vendor) => {
            setView({ ...view, vendor });
          }}
        />
      </form>

      {view.order ? (
        <p className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded border border-blue-200 bg-blue-50 p-3 text-sm">
          <span>
            Only order{' '}
            <Link to={`/orders/${view.order}`} className="font-medium text-blue-800 underline">
              {orderName ?? (order.isError ? 'not found' : '…')}
            </Link>
          </span>
          <button
            type="button"
            onClick={() => {
              setView({ ...view, order: '' });
              listHeading.current?.focus();
            }}
            className="min-h-11 rounded border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100 lg:min-h-8"
          >
            Clear order
          </button>
        </p>
      ) : null}

      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 ref={listHeading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          Requests sent
        </h2>
        {rows.length > 0 && !busy ? <p className="text-sm text-slate-700">Showing {formatCount(rows.length)}</p> : null}
      </div>

      <QueryStatus query={query} label="update requests" isEmpty={rows.length === 0} empty={emptyMessage}>
        <div className={busy ? 'opacity-60' : undefined} aria-busy={busy || undefined}>
          <ResourceTable
            caption="Update requests"
            columns={columns}
            rows={rows}
            rowKey={(r) => r.sid}
            pages={query}
            stacked
          />
        </div>
      </QueryStatus>
    </>
  );
}
