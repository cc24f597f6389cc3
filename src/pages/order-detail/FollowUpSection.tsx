// The order's follow-up: whether and on which cadence its vendor is asked
// (paused or chosen here, by staff), its open flags (resolved or dismissed here
// with a note, as on the flags page), when its vendor is next asked, and the
// update requests that went out about it.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useState } from 'react';
import { useBulkUpdateFlags } from '../../api/generated/hooks/flag-triage/flag-triage';
import { useListFlags } from '../../api/generated/hooks/flags/flags';
import { useListUpdateRequests } from '../../api/generated/hooks/update-requests/update-requests';
import type { Flag, ItemGroup, UpdateRequest } from '../../api/generated/model';
import { ACTIONS, FlagActionDialog, flagCount, type PlannedAction } from '../../components/FlagActionDialog';
import { FLAG_LABELS } from '../../components/flag-labels';
import { lineName } from '../../components/flag-line';
import { refreshAfterChange } from '../../components/flags-cache';
import { RequestUpdateNowButton } from '../../components/RequestUpdateNowButton';
import { notifySuccess } from '../../components/toast';
import { formatDateTime } from '../../lib/format';
import { OrderFollowUpControls } from './OrderFollowUpControls';
import { plural } from '../../lib/format';

const smallButton =
  'min-h-11 rounded border border-slate-300 bg-white px-2 py-1 text-sm font-medium hover:bg-slate-100 lg:min-h-8';

const REQUEST_STATUS: Record<UpdateRequest['status'], string> = {
  sent: 'Sent',
  reminded: 'Reminded',
  answered: 'Answered',
  expired: 'Expired',
  skipped: 'Skipped',
};

/** The earliest next request among the order's open lines, and how many lines it asks about. */
function nextRequest(groups: readonly ItemGroup[]): { at: string; lines: number } | null {
  let at: string | null = null;
  let lines = 0;
  for (const g of groups) {
    const next = g.context?.nextUpdateRequestAt;
    if (!next) continue;
    if (at === null || next < at) {
      at = next;
      lines = 1;
    } else if (next === at) lines++;
  }
  return at === null ? null : { at, lines };
}

function requestSummary(r: UpdateRequest): string {
  if (r.status === 'skipped') return r.skipReason ?? 'Not sent.';
  const to = r.recipients.length ? `to ${r.recipients.join(', ')}` : '';
  const reminders = r.lines.filter((l) => l.kind === 'reminder').length;
  const lines = plural(r.lines.length, 'line');
  return `${lines}${reminders ? ` (${String(reminders)} reminded)` : ''} ${to}`.trim();
}

export function FollowUpSection({ orderSid, groups }: { orderSid: string; groups: readonly ItemGroup[] }) {
  const queryClient = useQueryClient();
  const flags = useListFlags({ orderSid, status: 'open', pageSize: 100 });
  const requests = useListUpdateRequests({ orderSid, sortOrder: 'Desc', pageSize: 5 });
  const bulk = useBulkUpdateFlags();
  const [planned, setPlanned] = useState<PlannedAction | null>(null);
  const openFlags = flags.data?.flags ?? [];
  const next = nextRequest(groups);
  const recent = requests.data?.updateRequests ?? [];

  const plan = (action: 'resolve' | 'dismiss', chosen: Flag[]) => {
    setPlanned({ action, flags: chosen });
  };

  return (
    <section aria-labelledby="follow-up-heading" className="mt-8">
      <h2 id="follow-up-heading" tabIndex={-1} className="mb-2 text-lg font-semibold">
        Follow-up
      </h2>
      <OrderFollowUpControls orderSid={orderSid} />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <p className="text-sm text-slate-700">
          {next
            ? `Next update request ${formatDateTime(next.at)}, about ${plural(next.lines, 'line')}.`
            : 'No update request is planned for this order (its lines are received, canceled or paused, or requests are off).'}
        </p>
        <RequestUpdateNowButton target={{ orderSid }} label="Request an update now" className={smallButton} />
      </div>

      <h3 className="mb-1 font-semibold">Open flags</h3>
      {flags.isPending ? (
        <p className="text-sm text-slate-600">Loading flags…</p>
      ) : flags.isError ? (
        <p className="text-sm text-red-800">The flags could not be loaded.</p>
      ) : openFlags.length === 0 ? (
        <p className="text-sm text-slate-600">No open flags on this order.</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-200 rounded border border-slate-200">
            {openFlags.map((f) => (
              <li key={f.sid} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 text-sm">
                <span className="font-semibold">{FLAG_LABELS[f.type]}</span>
                <span className="min-w-0 grow">
                  {f.message ?? ''} <span className="text-slate-600">· {lineName(f)}</span>
                </span>
                <span className="flex gap-2">
                  <button
                    type="button"
                    className={smallButton}
                    aria-label={`Resolve ${FLAG_LABELS[f.type]} on ${lineName(f)}`}
                    onClick={() => {
                      plan('resolve', [f]);
                    }}
                  >
                    Resolve
                  </button>
                  <button
                    type="button"
                    className={smallButton}
                    aria-label={`Dismiss ${FLAG_LABELS[f.type]} on ${lineName(f)}`}
                    onClick={() => {
                      plan('dismiss', [f]);
                    }}
                  >
                    Dismiss
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm">
            <Link
              to={`/flags?orderSid=${encodeURIComponent(orderSid)}`}
              className="inline-flex min-h-6 items-center text-blue-800 underline"
            >
              See this order&rsquo;s flags on the flags page
            </Link>
          </p>
        </>
      )}

      <h3 className="mb-1 mt-4 font-semibold">Update requests</h3>
      {requests.isPending ? (
        <p className="text-sm text-slate-600">Loading update requests…</p>
      ) : recent.length === 0 ? (
        <p className="text-sm text-slate-600">No update request has gone out about this order yet.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {recent.map((r) => (
            <li key={r.sid}>
              <span className="font-medium">{REQUEST_STATUS[r.status]}</span> {formatDateTime(r.created)}:{' '}
              {requestSummary(r)}
            </li>
          ))}
        </ul>
      )}

      <FlagActionDialog
        planned={planned}
        send={(variables) => bulk.mutateAsync(variables)}
        onCancel={() => {
          if (!bulk.isPending) setPlanned(null);
        }}
        onDone={(action, changed) => {
          setPlanned(null);
          notifySuccess(`${flagCount(changed.length)} ${ACTIONS[action].past}.`);
          void refreshAfterChange(queryClient, changed);
          document.getElementById('follow-up-heading')?.focus();
        }}
      />
    </section>
  );
}
