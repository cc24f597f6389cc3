// Home: what needs a buyer's attention today, from one read (getAttention).
// Each figure opens the list that counts it the same way; the latest delays,
// vendor answers and today's requests are listed here.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useGetAttention } from '../../api/generated/hooks/attention/attention';
import type { Attention } from '../../api/generated/model';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';

const FIELD_LABELS: Record<string, string> = {
  deliveryDate: 'delivery date',
  estimatedArrivalDate: 'estimated arrival',
  shipDate: 'ship date',
  dueDate: 'due date',
  confirmed: 'confirmation',
  quantity: 'quantity',
  cannotSupply: 'cannot supply',
  shipped: 'shipped',
  trackingNumber: 'tracking number',
  cannotSupplyReason: 'reason',
  note: 'note',
};

const STATUS_LABELS: Record<string, string> = {
  sent: 'sent',
  reminded: 'reminded',
  answered: 'answered',
  expired: 'expired',
  skipped: 'not sent',
};

/** Fields a vendor's answer touches without telling the buyer anything by themselves. */
const BOOKKEEPING = new Set(['lastUpdateDate', 'vendorChangedAt']);

/** What a vendor's answer did: the fields it changed, or a confirmation that nothing changed. */
function answerText(changes: readonly string[]): string {
  const told = changes.filter((c) => !BOOKKEEPING.has(c));
  return told.length ? `Changed ${told.map((c) => FIELD_LABELS[c] ?? c).join(', ')}` : 'Confirmed, no change';
}

/** One figure: a number and what it counts, opening its list. Figures that call for action stand out. */
function Figure({ to, count, label, urgent }: { to: string; count: number; label: string; urgent?: boolean }) {
  const tone = count > 0 && urgent ? 'border-red-300 bg-red-50 text-red-950' : 'border-slate-200 bg-white';
  const className = `flex h-full min-h-24 flex-col justify-between gap-1 rounded border p-3 hover:border-blue-700 focus-visible:outline-2 focus-visible:outline-blue-700 sm:p-4 ${tone}`;
  const content = (
    <>
      <span className="text-2xl font-semibold tabular-nums sm:text-3xl">{formatCount(count)}</span>
      <span className="text-sm font-medium text-blue-800 underline sm:text-base">{label}</span>
    </>
  );
  // A list further down this page is reached by its anchor; the others open their page.
  return (
    <li>
      {to.startsWith('#') ? (
        <a href={to} className={className}>
          {content}
        </a>
      ) : (
        <Link to={to} className={className}>
          {content}
        </Link>
      )}
    </li>
  );
}

function Figures({ attention: a }: { attention: Attention }) {
  const dueSoon = new URLSearchParams({ dueFrom: a.dueSoonFrom, dueTo: a.dueSoonTo, unconfirmed: '1' });
  return (
    <section aria-labelledby="home-figures">
      <h2 id="home-figures" className="sr-only">
        Figures
      </h2>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Figure to="/schedule?pastDue=1" count={a.pastDue} label="Shipments past due" urgent />
        <Figure
          to={`/schedule?${dueSoon.toString()}`}
          count={a.dueSoonUnconfirmed}
          label="Due in two weeks, not confirmed"
          urgent
        />
        <Figure to="#home-delays" count={a.delays} label="Delays since yesterday" urgent />
        <Figure to="/flags" count={a.openFlags} label="Open flags" />
        <Figure to="/inbox?unread=true" count={a.unreadReplies} label="Unread replies" urgent />
        <Figure to="/update-requests?status=sent" count={a.requestsSent} label="Requests waiting for an answer" />
        <Figure to="/update-requests?status=reminded" count={a.requestsReminded} label="Reminded, still no answer" />
        <Figure to="#home-boms" count={a.bomsShort.length} label="BOMs short of their target" urgent />
        <Figure to="#home-requests" count={a.requestsToday} label="Update requests today" />
      </ul>
    </section>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  // An order number or BOM name may be one long word: it breaks inside the word rather than widen a phone's page.
  return (
    <section aria-labelledby={id} className="rounded border border-slate-200 bg-white p-4 wrap-anywhere">
      <h2 id={id} tabIndex={-1} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

const orderLink = (orderSid: string | null, name: string | null) =>
  orderSid ? (
    <Link to={`/orders/${orderSid}`} className="inline-block py-1 font-medium text-blue-800 underline">
      {name ?? orderSid}
    </Link>
  ) : (
    <span>{name ?? 'No order'}</span>
  );

function Delays({ attention: a }: { attention: Attention }) {
  return (
    <Panel id="home-delays" title="Delays since yesterday">
      {a.latestDelays.length === 0 ? (
        <p className="text-slate-700">No shipment moved later since yesterday.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {a.latestDelays.map((d) => (
            <li key={d.itemGroupSid} className="py-2">
              {orderLink(d.orderSid, d.orderUniqueName)}
              {d.vendorName ? ` · ${d.vendorName}` : ''}
              {d.partNumber ? ` · ${d.partNumber}` : ''}
              <br />
              <span>
                {FIELD_LABELS[d.field] ?? d.field} {formatDate(d.before)} → <strong>{formatDate(d.after)}</strong>
              </span>
              <span className="text-sm text-slate-700">
                {' '}
                ({d.actorName ?? 'someone'}, {formatDateTime(d.changed)})
              </span>
            </li>
          ))}
        </ul>
      )}
      {a.delays > a.latestDelays.length && (
        <p className="mt-2 text-sm text-slate-700">
          The latest {a.latestDelays.length} of {formatCount(a.delays)}.{' '}
          <Link to="/flags" className="inline-block py-1 text-blue-800 underline">
            See the flags
          </Link>
        </p>
      )}
    </Panel>
  );
}

function Answers({ attention: a }: { attention: Attention }) {
  return (
    <Panel id="home-answers" title="Latest vendor answers">
      {a.latestAnswers.length === 0 ? (
        <p className="text-slate-700">No vendor answered in the last 30 days.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {a.latestAnswers.map((e) => (
            <li key={e.eventSid} className="py-2">
              <span className="font-medium">{e.actorName ?? 'A vendor'}</span> ·{' '}
              {orderLink(e.orderSid, e.orderUniqueName)}
              <br />
              <span className="text-sm text-slate-700">
                {answerText(e.changes)} · {formatDateTime(e.time)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function ShortBoms({ attention: a }: { attention: Attention }) {
  return (
    <Panel id="home-boms" title="BOMs short of their target">
      {a.bomsShort.length === 0 ? (
        <p className="text-slate-700">Every BOM with a target is expected to reach it.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {a.bomsShort.map((b) => (
            <li key={b.sid} className="py-2">
              <Link to={`/clear-to-build/${b.sid}`} className="inline-block py-1 font-medium text-blue-800 underline">
                {b.uniqueName}
              </Link>
              : {formatCount(Number(b.expected))} expected of {formatCount(Number(b.target))} by{' '}
              {formatDate(b.targetDate)}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function TodaysRequests({ attention: a }: { attention: Attention }) {
  return (
    <Panel id="home-requests" title="Today’s update requests">
      {a.latestRequestsToday.length === 0 ? (
        <p className="text-slate-700">No update request went out today yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {a.latestRequestsToday.map((r) => (
            <li key={r.sid} className="py-2">
              {orderLink(r.orderSid, r.orderUniqueName)}
              {r.vendorName ? ` · ${r.vendorName}` : ''} · {formatCount(r.lineCount)}{' '}
              {r.lineCount === 1 ? 'line' : 'lines'} · {STATUS_LABELS[r.status] ?? r.status}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-sm">
        <Link to="/update-requests" className="inline-block py-1 text-blue-800 underline">
          All update requests
        </Link>{' '}
        ·{' '}
        <Link to="/mailbox" className="inline-block py-1 text-blue-800 underline">
          Mailbox
        </Link>
      </p>
    </Panel>
  );
}

export default function HomePage() {
  const attention = useGetAttention();
  return (
    <>
      <PageHeader title="Today" />
      <QueryStatus query={attention} label="what needs attention">
        {attention.data && (
          <div className="space-y-6">
            <p className="text-slate-700">What needs attention on {formatDate(attention.data.today)}.</p>
            <Figures attention={attention.data} />
            <div className="grid gap-6 lg:grid-cols-2">
              <Delays attention={attention.data} />
              <Answers attention={attention.data} />
              <ShortBoms attention={attention.data} />
              <TodaysRequests attention={attention.data} />
            </div>
          </div>
        )}
      </QueryStatus>
    </>
  );
}
