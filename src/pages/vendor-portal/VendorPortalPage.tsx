// What a vendor contact sees, often on a phone from an emailed link: its open
// lines (the server scopes the list to the vendor's session), grouped by order
// as in the update-request email, each answered with one tap: confirm, change
// the ship date, or split. Buyer-only facts (flags, risk, next request) are
// never shown.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  getListItemGroupsInfiniteQueryKey,
  useBulkUpdateItemGroups,
  useListItemGroupsInfinite,
} from '../../api/generated/hooks/item-groups/item-groups';
import { useGetPublicOrganization } from '../../api/generated/hooks/organizations/organizations';
import { useGetSession } from '../../api/generated/hooks/session/session';
import type { ItemGroup } from '../../api/generated/model';
import { GetItemGroupResponse } from '../../api/generated/zod/item-groups/item-groups.zod';
import { isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import {
  conflictText,
  failureText,
  groupByOrder,
  isVersionConflict,
  lineLabel,
  vendorNames,
  type OrderLines,
} from './lines';
import { PortalLine, primaryButton } from './PortalLine';

const LIST_PARAMS = { statusNot: 'canceled', pageSize: 200, orderBy: 'dueDate', sortOrder: 'Asc' } as const;

function OrderSection({ order }: { order: OrderLines }) {
  const queryClient = useQueryClient();
  const bulk = useBulkUpdateItemGroups();
  const heading = useRef<HTMLHeadingElement>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  // After a conflict: the line that changed, and what to say next to it.
  const [conflict, setConflict] = useState<{ sid: string; text: string }>();
  const open = order.lines.filter((g) => !g.confirmed);
  const headingId = `order-${order.orderSid}`;

  const confirmAll = async (lines: ItemGroup[]) => {
    if (saving) return;
    setSaving(true);
    setError(undefined);
    setConflict(undefined);
    try {
      await bulk.mutateAsync({ data: lines.map((g) => ({ sid: g.sid, version: g.version, confirmed: true })) });
      notifySuccess(`${lines.length} lines of order ${order.orderUniqueName} confirmed. The buyer sees them now.`);
      heading.current?.focus();
    } catch (e) {
      if (isVersionConflict(e)) {
        // The whole batch was refused; the server names the line that changed.
        const current = isApiError(e) ? GetItemGroupResponse.safeParse(e.current) : undefined;
        const changed = (current?.success ? lines.find((g) => g.sid === current.data.sid) : undefined) ?? lines[0];
        setConflict({ sid: changed.sid, text: conflictText(lineLabel(changed)) });
      } else {
        setError(failureText(e));
      }
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: getListItemGroupsInfiniteQueryKey() });
    }
  };

  return (
    <section aria-labelledby={headingId} className="min-w-0">
      <div className="mb-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
        <h2
          ref={heading}
          id={headingId}
          tabIndex={-1}
          className="text-lg font-semibold wrap-break-word focus:outline-none focus-visible:outline-2 focus-visible:outline-blue-800"
        >
          Order {order.orderUniqueName}
        </h2>
        {/* One unconfirmed line has its own Confirm button; "all" is for two or more. */}
        {open.length > 1 ? (
          <button
            type="button"
            aria-disabled={saving || undefined}
            onClick={() => void confirmAll(open)}
            className={primaryButton}
          >
            {saving ? 'Confirming…' : `Confirm all ${open.length} lines of order ${order.orderUniqueName}`}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mb-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <ul className="space-y-3" aria-labelledby={headingId}>
        {order.lines.map((g) => (
          <PortalLine
            key={g.sid}
            group={g}
            busy={saving}
            notice={conflict?.sid === g.sid ? conflict.text : undefined}
          />
        ))}
      </ul>
    </section>
  );
}

function Skeleton() {
  return (
    <>
      {[0, 1, 2].map((i) => (
        <div key={i} aria-hidden="true" className="h-36 animate-pulse rounded-lg bg-slate-200" />
      ))}
    </>
  );
}

export default function VendorPortalPage() {
  const [searchParams] = useSearchParams();
  const request = searchParams.get('request');
  const session = useGetSession({ query: { staleTime: 5 * 60_000, retryOnMount: false } });
  const organizationSid = session.data?.organization.sid;
  const organization = useGetPublicOrganization(organizationSid ?? '', {
    query: { enabled: organizationSid !== undefined, staleTime: 5 * 60_000 },
  });
  const query = useListItemGroupsInfinite(LIST_PARAMS, { query: cursorPaging });
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  // Every page is loaded, so that each order shows all of its lines.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const rows = flattenPages(query.data, 'itemGroups').filter((g) => !g.delivered);
  const orders = groupByOrder(rows);
  const vendors = vendorNames(rows);
  const organizationName = organization.data?.name ?? session.data?.organization.name ?? null;
  const logo = organization.data?.logo100x100;

  return (
    <div className="mx-auto max-w-3xl min-w-0">
      <div className="flex min-w-0 items-start gap-3">
        {logo ? (
          <img src={logo} alt="" width={48} height={48} className="size-12 shrink-0 rounded object-contain" />
        ) : null}
        <div className="min-w-0 flex-1">
          <PageHeader title={organizationName ? `Update requests from ${organizationName}` : 'Update requests'} />
        </div>
      </div>
      {vendors.length > 0 ? (
        <p className="-mt-2 mb-4 text-sm wrap-break-word text-slate-700">You are answering as {vendors.join(', ')}</p>
      ) : null}
      {request ? (
        <p className="mb-4 rounded border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950">
          Answering your update request
        </p>
      ) : null}
      <QueryStatus
        query={query}
        label="your lines"
        isEmpty={rows.length === 0 && !hasNextPage}
        empty="Nothing is waiting for your answer. Thank you!"
        skeleton={<Skeleton />}
      >
        <div className="space-y-8">
          {orders.map((order) => (
            <OrderSection key={order.orderSid} order={order} />
          ))}
        </div>
        <LoadMore pages={query} label="Load more lines" />
      </QueryStatus>
    </div>
  );
}
