// What a vendor contact sees, often on a phone from an emailed link: its open
// lines (the server scopes the list to the vendor's session), grouped by order
// as in the update-request email, each answered with one tap: confirm, change
// the ship date, split, or cannot supply. Arriving from a request's link, the
// lines it asked about come first, with one button to confirm them all.
// Buyer-only facts (flags, risk, next request) are never shown.
import { lazy, Suspense, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useGetUpdateRequest } from '../../api/generated/hooks/follow-up/follow-up';
import { useListItemGroupsInfinite } from '../../api/generated/hooks/item-groups/item-groups';
import { useGetSession } from '../../api/generated/hooks/session/session';
import type { ItemGroup, UpdateRequest } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { useSearchParam } from '../../components/location';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { groupByOrder, PORTAL_LIST_PARAMS, vendorNames, type OrderLines } from './lines';
import { PortalLine, primaryButton, secondaryButton } from './PortalLine';
import { CustomerSwitcher } from './CustomerSwitcher';
import { PortalSettingsContext, usePortalSettings } from './portal-settings';
import { NewMessages } from './NewMessages';
import { confirmable, useConfirmAll } from './use-confirm-all';
import { vendorCount, vendorDate } from './vendor-locale';

// At the page's foot, below the lines: it loads after them.
const PasswordSection = lazy(async () => ({ default: (await import('./PasswordSection')).PasswordSection }));
// Only for a customer in approval mode: loaded then.
const OrderThread = lazy(() => import('./OrderThread'));
const RejectedProposals = lazy(async () => ({ default: (await import('./RejectedProposals')).RejectedProposals }));

/**
 * How many orders show their lines at first (below the request's own), and how many lines they may hold between
 * them: the first order opens whatever its size, the next ones while they fit. A phone renders a few lines quickly;
 * eighty at once block it for a second.
 */
const OPEN_ORDERS = 3;
const OPEN_LINES = 12;

/** How many of the orders open at first. */
function openCount(orders: OrderLines[]): number {
  let lines = 0;
  let open = 0;
  for (const order of orders.slice(0, OPEN_ORDERS)) {
    lines += order.lines.length;
    if (open > 0 && lines > OPEN_LINES) break;
    open++;
  }
  return open;
}

/** An order's conversation under its lines, loaded when the vendor opens it. */
function OrderMessages({ order }: { order: OrderLines }) {
  const { customer } = usePortalSettings();
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <div className="mt-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => {
          setOpen((current) => !current);
        }}
        className={secondaryButton}
      >
        {open ? 'Hide' : 'Show'} messages about order {order.orderUniqueName}
      </button>
      <div id={regionId} className="mt-3">
        {open ? (
          <Suspense fallback={<p role="status">Loading the messages…</p>}>
            <OrderThread
              orderSid={order.orderSid}
              orderUniqueName={order.orderUniqueName}
              lines={order.lines}
              customer={customer}
            />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}

function OrderSection({
  order,
  idPrefix,
  title,
  busy: requestBusy = false,
  notice,
  folded = false,
}: {
  order: OrderLines;
  /** Shown as its heading and counts until opened: a vendor with many orders gets a short page to start from. */
  folded?: boolean;
  /** Keeps ids unique when an order shows in two places (the request's lines, and the others). */
  idPrefix: string;
  title: string;
  /** The request's "Confirm all" is being sent. */
  busy?: boolean;
  /** What the request's last "Confirm all" has to say about one of its lines. */
  notice?: { sid: string; text: string };
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { confirmAll, saving, error, conflict } = useConfirmAll(heading);
  const open = confirmable(order.lines);
  const headingId = `${idPrefix}-${order.orderSid}`;
  const busy = saving || requestBusy;
  const shown = conflict ?? notice;
  const [opened, setOpened] = useState(!folded);
  const unanswered = order.lines.filter((g) => !g.confirmed && !g.cannotSupply).length;

  return (
    <section aria-labelledby={headingId} className="min-w-0">
      <div className="mb-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
        <h2
          ref={heading}
          id={headingId}
          tabIndex={-1}
          className="text-lg font-semibold wrap-break-word focus:outline-none focus-visible:outline-2 focus-visible:outline-blue-800"
        >
          {title}
        </h2>
        {/* One unconfirmed line has its own Confirm button; "all" is for two or more. */}
        {open.length > 1 ? (
          <button
            type="button"
            aria-disabled={busy || undefined}
            onClick={() =>
              void confirmAll(
                open,
                `${open.length} lines of order ${order.orderUniqueName} confirmed. The buyer sees them now.`,
              )
            }
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
      {opened ? (
        <>
          <ul className="space-y-3" aria-labelledby={headingId}>
            {order.lines.map((g) => (
              <PortalLine key={g.sid} group={g} busy={busy} notice={shown?.sid === g.sid ? shown.text : undefined} />
            ))}
          </ul>
          <OrderMessages order={order} />
        </>
      ) : (
        <button
          type="button"
          aria-expanded={false}
          onClick={() => {
            setOpened(true);
            // The button goes; the focus goes to the order's heading, just above its lines.
            requestAnimationFrame(() => heading.current?.focus());
          }}
          className={secondaryButton}
        >
          Show the {vendorCount(order.lines.length, 'line')} of order {order.orderUniqueName}
          {unanswered > 0 ? ` (${unanswered} to answer)` : ''}
        </button>
      )}
    </section>
  );
}

/** An order's heading; "lines not in this request" when the request's own lines of it show above. */
function orderTitle(order: OrderLines, askedOrders: Set<string>): string {
  return askedOrders.has(order.orderSid)
    ? `Order ${order.orderUniqueName}, lines not in this request`
    : `Order ${order.orderUniqueName}`;
}

/**
 * The orders past the first few, behind one button that says what is in them: a long page is slow to show on a
 * phone and hard to find one's way in. Shown, each order is still folded until opened.
 */
function MoreOrders({ orders, askedOrders }: { orders: OrderLines[]; askedOrders: Set<string> }) {
  const [shown, setShown] = useState(false);
  if (!shown) {
    const lines = orders.flatMap((o) => o.lines);
    const unanswered = lines.filter((g) => !g.confirmed && !g.cannotSupply).length;
    return (
      <button
        type="button"
        aria-expanded={false}
        onClick={() => {
          setShown(true);
          // The button goes; the focus goes to the first order it showed.
          requestAnimationFrame(() => document.getElementById(`order-${orders[0].orderSid}`)?.focus());
        }}
        className={secondaryButton}
      >
        Show {vendorCount(orders.length, 'more order')} ({vendorCount(lines.length, 'line')}
        {unanswered > 0 ? `, ${unanswered} to answer` : ''})
      </button>
    );
  }
  return orders.map((order) => (
    <OrderSection key={order.orderSid} order={order} folded idPrefix="order" title={orderTitle(order, askedOrders)} />
  ));
}

/**
 * The lines the update request in the link asked about, first, with one button that confirms them all; what the
 * request still waits for, or that it is all answered.
 */
function RequestSection({ request, lines }: { request: UpdateRequest; lines: ItemGroup[] }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { confirmAll, saving, error, conflict } = useConfirmAll(heading);
  const open = confirmable(lines);
  const unanswered = lines.filter((g) => !g.confirmed && !g.cannotSupply).length;
  const orders = groupByOrder(lines);
  const asked = vendorDate(request.created);
  return (
    <section
      aria-labelledby="asked-heading"
      className="min-w-0 space-y-4 rounded-lg border-2 border-blue-200 bg-blue-50/40 p-3 sm:p-4"
    >
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
        <div className="min-w-0">
          <h2
            ref={heading}
            id="asked-heading"
            tabIndex={-1}
            className="text-lg font-semibold wrap-break-word focus:outline-none focus-visible:outline-2 focus-visible:outline-blue-800"
          >
            Asked on {asked}
          </h2>
          <p className="text-sm text-slate-800">
            {lines.length === 0
              ? 'The lines of this request are closed or no longer open. Your other open lines are below.'
              : unanswered === 0
                ? `You have answered all ${vendorCount(lines.length, 'line')} of this request. Thank you!`
                : `${unanswered} of ${vendorCount(lines.length, 'line')} still to answer.`}
          </p>
        </div>
        {open.length > 1 ? (
          <button
            type="button"
            aria-disabled={saving || undefined}
            onClick={() =>
              void confirmAll(
                open,
                `All ${open.length} lines of your update request confirmed. The buyer sees them now.`,
              )
            }
            className={primaryButton}
          >
            {saving ? 'Confirming…' : `Confirm all ${open.length} lines of this request`}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      {orders.map((order) => (
        <OrderSection
          key={order.orderSid}
          order={order}
          idPrefix="asked"
          title={`Order ${order.orderUniqueName}`}
          busy={saving}
          notice={conflict}
        />
      ))}
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
  const request = useSearchParam('request');
  const session = useGetSession({ query: { staleTime: 5 * 60_000, retryOnMount: false } });
  const organizationSid = session.data?.organization.sid;
  const query = useListItemGroupsInfinite(PORTAL_LIST_PARAMS, { query: cursorPaging });
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  // Every page is loaded, so that each order shows all of its lines.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  // The lines render in the background: a deferred value renders in slices that leave the phone's main thread free
  // between them, so the page answers taps while its lines appear. The skeleton shows until they have.
  const data = useDeferredValue(query.data);
  const catchingUp = data === undefined && query.data !== undefined;
  const listState = {
    // Until the session is in, what goes above the lines (the customer switch) is not known: no skeleton yet,
    // which would move when it comes.
    isPending: query.isPending || catchingUp || session.data === undefined,
    isError: query.isError,
    error: query.error,
    refetch: query.refetch,
  };
  const rows = flattenPages(data, 'itemGroups').filter((g) => !g.delivered);
  // The request in the link: its lines first. Not found (another vendor's, a mistyped link): all lines as usual.
  const asked = useGetUpdateRequest(request ?? '', {
    query: { enabled: request !== null, staleTime: 5 * 60_000, retry: false },
  });
  const askedSids = new Set(asked.data?.lines.map((l) => l.itemGroupSid) ?? []);
  const askedLines = rows.filter((g) => askedSids.has(g.sid));
  const orders = groupByOrder(rows.filter((g) => !askedSids.has(g.sid)));
  const askedOrders = new Set(askedLines.map((g) => g.orderSid));
  const opening = openCount(orders);
  const vendors = vendorNames(rows);
  const customers = session.data?.organizations ?? [];
  // The customer's public face comes with the session: no second request before the page can say whose it is.
  const current = customers.find((o) => o.sid === organizationSid);
  const organizationName = current?.name ?? session.data?.organization.name ?? null;
  const logo = current?.logo100x100;
  const approval = current?.vendorChangesNeedApproval ?? false;
  const customer = organizationName ?? 'the buyer';
  const settings = useMemo(() => ({ approval, customer }), [approval, customer]);

  return (
    <PortalSettingsContext.Provider value={settings}>
      <div className="mx-auto max-w-3xl min-w-0">
        <div className="flex min-w-0 items-start gap-3">
          {logo ? (
            <img src={logo} alt="" width={48} height={48} className="size-12 shrink-0 rounded object-contain" />
          ) : null}
          <div className="min-w-0 flex-1">
            <PageHeader title={organizationName ? `Update requests from ${organizationName}` : 'Update requests'} />
          </div>
        </div>
        {/* Its line is kept while the lines load, so that nothing below moves when they come. */}
        <p className="-mt-2 mb-4 min-h-5 text-sm wrap-break-word text-slate-700">
          {vendors.length > 0 ? `You are answering as ${vendors.join(', ')}` : null}
        </p>
        {organizationSid && customers.length > 1 ? (
          <CustomerSwitcher current={organizationSid} organizations={customers} />
        ) : null}
        {approval ? (
          <>
            <p className="mb-4 text-sm text-slate-700">
              {customer} approves new dates and splits: they are sent as proposals, and each line keeps its dates until{' '}
              {customer} accepts.
            </p>
            <Suspense fallback={null}>
              <RejectedProposals customer={customer} />
            </Suspense>
          </>
        ) : null}
        {session.data ? <NewMessages customer={customer} /> : null}
        {request && asked.isError ? (
          <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            The update request in your link could not be found. All your open lines are below.
          </p>
        ) : null}
        <QueryStatus
          query={listState}
          label="your lines"
          isEmpty={rows.length === 0 && !hasNextPage}
          empty="Nothing is waiting for your answer. Thank you!"
          skeleton={session.data === undefined ? <></> : <Skeleton />}
        >
          <div className="space-y-8">
            {asked.data ? <RequestSection request={asked.data} lines={askedLines} /> : null}
            {asked.data && orders.length > 0 ? (
              <p className="text-base font-semibold text-slate-900">Your other open lines</p>
            ) : null}
            {orders.slice(0, opening).map((order) => (
              <OrderSection
                key={order.orderSid}
                order={order}
                idPrefix="order"
                title={orderTitle(order, askedOrders)}
              />
            ))}
            {orders.length > opening ? <MoreOrders orders={orders.slice(opening)} askedOrders={askedOrders} /> : null}
          </div>
          {/* Every page loads by itself; a page that failed is asked for again here. */}
          {isFetchNextPageError ? (
            <button type="button" onClick={() => void fetchNextPage()} className={`${secondaryButton} mt-4`}>
              Load the rest of your lines
            </button>
          ) : isFetchingNextPage ? (
            <p role="status" className="mt-4 text-sm text-slate-700">
              Loading the rest of your lines…
            </p>
          ) : null}
        </QueryStatus>
        {/* Below the lines, once they are in: it never moves while they load. */}
        {!listState.isPending && session.data?.role === 'vendor' && session.data.user.email ? (
          <Suspense fallback={null}>
            <PasswordSection
              user={{ ...session.data.user, email: session.data.user.email }}
              buttonClass={primaryButton}
              secondaryClass={secondaryButton}
            />
          </Suspense>
        ) : null}
      </div>
    </PortalSettingsContext.Provider>
  );
}
