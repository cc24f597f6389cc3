// The buyer's queue of vendor proposals (approval mode): each vendor's new
// dates or split, with what changes, why, and whether it moves past the due
// date; accepted or rejected one by one, or several at once (all or nothing,
// as the server decides them). Shows nothing when nothing waits, so pages of
// an organization without approval mode look as they did.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import {
  useAcceptItemGroupProposal,
  useDecideItemGroupProposals,
  useListItemGroupProposalsInfinite,
  useRejectItemGroupProposal,
} from '../api/generated/hooks/item-group-proposals/item-group-proposals';
import type { ItemGroupProposal } from '../api/generated/model';
import { errorMessage, isApiError } from '../api/http';
import { cursorPaging, flattenPages } from '../api/paging';
import { formatDate, formatDateTime, plural } from '../lib/format';
import { inputClass } from './input-class';
import { LoadMore } from './LoadMore';
import { notifySuccess } from './toast';

const button =
  'inline-flex min-h-11 items-center justify-center rounded px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800 disabled:opacity-60 sm:min-h-9';
const primary = `${button} bg-blue-800 text-white hover:bg-blue-900`;
const secondary = `${button} border border-slate-300 bg-white text-slate-900 hover:bg-slate-100`;

/** "10", or "10 / shipment 2": the line as the vendor portal names it too. */
function lineName(p: ItemGroupProposal): string {
  const line = p.context.itemUniqueName ?? p.itemGroupSid;
  const shipment = p.context.lineUniqueName;
  return shipment && shipment !== '1' ? `${line} / shipment ${shipment}` : line;
}

/** Stands for the chosen proposals where a proposal's sid goes (no sid is written so). */
const SELECTED = '(selected)';

const named = (p: ItemGroupProposal) => `line ${lineName(p)} of order ${p.context.orderUniqueName ?? p.orderSid}`;

/** What the proposal changes, in words: only the dates that move, or the shipments of a split. */
export function proposalChange(p: ItemGroupProposal): string {
  if (p.kind === 'split') {
    const shipments = p.shipments ?? [];
    const parts = shipments.map(
      (s) => `${s.quantity} ${s.shipDate ? `shipping ${formatDate(s.shipDate)}` : 'undated'}`,
    );
    return `Split into ${String(shipments.length)} shipments: ${parts.join(', ')}`;
  }
  const moves: string[] = [];
  if (p.shipDate !== p.before.shipDate) {
    moves.push(
      `Ship date ${p.before.shipDate ? formatDate(p.before.shipDate) : 'not set'} → ${formatDate(p.shipDate)}`,
    );
  }
  if (p.deliveryDate !== p.before.deliveryDate) {
    moves.push(
      `Delivery date ${p.before.deliveryDate ? formatDate(p.before.deliveryDate) : 'not set'} → ${p.deliveryDate ? formatDate(p.deliveryDate) : 'cleared'}`,
    );
  }
  return moves.join('; ') || 'The same dates, confirmed';
}

/** A reason for the vendor, asked before a rejection is sent. */
function RejectForm({
  label,
  busy,
  onSend,
  onCancel,
}: {
  label: string;
  busy: boolean;
  onSend: (reason: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  return (
    <form
      aria-label={label}
      className="mt-3 space-y-2 rounded border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSend(reason.trim());
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Reason for the vendor (optional)
      </label>
      <input
        id={id}
        type="text"
        maxLength={2000}
        // The field the buyer asked for by choosing Reject.
        autoFocus
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
        }}
        className={`${inputClass} min-h-11 sm:min-h-9`}
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={busy} className={primary}>
          {busy ? 'Sending…' : 'Send rejection'}
        </button>
        <button type="button" onClick={onCancel} className={secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ProposalQueue({ orderSid }: { orderSid?: string }) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const params = { status: 'pending' as const, pageSize: 50, ...(orderSid ? { orderSid } : {}) };
  const query = useListItemGroupProposalsInfinite(params, { query: cursorPaging });
  const accept = useAcceptItemGroupProposal();
  const reject = useRejectItemGroupProposal();
  const decide = useDecideItemGroupProposals();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  /** The proposal whose rejection is being written, or SELECTED for the chosen ones. */
  const [rejecting, setRejecting] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const busy = accept.isPending || reject.isPending || decide.isPending;
  const proposals = flattenPages(query.data, 'itemGroupProposals');

  if (query.isError) {
    return (
      <p role="alert" className="mb-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        Could not load the vendor proposals: {errorMessage(query.error)}
      </p>
    );
  }
  if (proposals.length === 0) return null;

  const chosen = proposals.filter((p) => selected.has(p.sid));

  /** After any decision: every list the lines, flags and history show is read again. */
  const refresh = () => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== '/v1/session' });

  /** The next proposal's heading takes the focus, or the queue's when none is left. */
  const focusAfter = (sids: string[]) => {
    const rest = proposals.filter((p) => !sids.includes(p.sid));
    requestAnimationFrame(() => {
      const next = rest[0] ? document.getElementById(`${headingId}-${rest[0].sid}`) : null;
      (next ?? heading.current)?.focus();
    });
  };

  const decided = (sids: string[]) => {
    setSelected((was) => new Set([...was].filter((sid) => !sids.includes(sid))));
    setErrors({});
    setRejecting(undefined);
    focusAfter(sids);
    void refresh();
  };

  const acceptOne = async (p: ItemGroupProposal) => {
    if (busy) return;
    try {
      await accept.mutateAsync({ sid: p.sid });
      notifySuccess(
        p.kind === 'split'
          ? `Accepted: ${named(p)} is now ${String(p.shipments?.length ?? 0)} shipments.`
          : `Accepted: ${named(p)} now ships ${formatDate(p.shipDate)}.`,
      );
      decided([p.sid]);
    } catch (error) {
      setErrors({ [p.sid]: errorMessage(error) });
      void refresh();
    }
  };

  const rejectOne = async (p: ItemGroupProposal, reason: string) => {
    try {
      await reject.mutateAsync({ sid: p.sid, data: reason ? { reason } : {} });
      notifySuccess(`Rejected: ${named(p)} stays as it was. The vendor sees it in the portal.`);
      decided([p.sid]);
    } catch (error) {
      setErrors({ [p.sid]: errorMessage(error) });
      void refresh();
    }
  };

  const decideChosen = async (decision: 'accept' | 'reject', reason = '') => {
    if (busy || chosen.length === 0) return;
    try {
      await decide.mutateAsync({
        data: {
          decisions: chosen.map((p) => ({
            sid: p.sid,
            decision,
            ...(decision === 'reject' && reason ? { reason } : {}),
          })),
        },
      });
      notifySuccess(`${decision === 'accept' ? 'Accepted' : 'Rejected'}: ${plural(chosen.length, 'proposal')}.`);
      decided(chosen.map((p) => p.sid));
    } catch (error) {
      // The batch is all or nothing: the server names the proposal that stopped it.
      const field = isApiError(error) ? (error.field ?? '') : '';
      const index = /^decisions\.(\d+)/.exec(field)?.[1];
      const culprit = index === undefined ? undefined : chosen[Number(index)];
      setErrors({
        [SELECTED]: culprit
          ? `Nothing was decided: ${named(culprit)} could not be. ${errorMessage(error)}`
          : `Nothing was decided. ${errorMessage(error)}`,
      });
      void refresh();
    }
  };

  const allChosen = chosen.length === proposals.length;

  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-lg border border-amber-300 bg-amber-50/60 p-3 sm:p-4">
      <h2
        ref={heading}
        id={headingId}
        tabIndex={-1}
        className="text-lg font-semibold focus:outline-none focus-visible:outline-2 focus-visible:outline-blue-800"
      >
        Vendor proposals ({proposals.length}
        {query.hasNextPage ? '+' : ''} waiting)
      </h2>
      <p className="mt-1 text-sm text-slate-800">
        Vendors proposed these dates and splits; the lines keep theirs until you accept.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label className="inline-flex min-h-11 items-center gap-2 text-sm sm:min-h-9">
          <input
            type="checkbox"
            checked={allChosen}
            onChange={() => {
              setSelected(allChosen ? new Set() : new Set(proposals.map((p) => p.sid)));
            }}
            className="size-6 shrink-0"
          />
          Select all
        </label>
        <button
          type="button"
          disabled={busy || chosen.length === 0}
          onClick={() => void decideChosen('accept')}
          className={primary}
        >
          Accept selected ({chosen.length})
        </button>
        <button
          type="button"
          disabled={busy || chosen.length === 0}
          aria-expanded={rejecting === SELECTED}
          onClick={() => {
            setRejecting(SELECTED);
          }}
          className={secondary}
        >
          Reject selected ({chosen.length})
        </button>
      </div>
      {rejecting === SELECTED ? (
        <RejectForm
          label={`Reject ${plural(chosen.length, 'proposal')}`}
          busy={busy}
          onSend={(reason) => void decideChosen('reject', reason)}
          onCancel={() => {
            setRejecting(undefined);
          }}
        />
      ) : null}
      {errors[SELECTED] ? (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {errors[SELECTED]}
        </p>
      ) : null}
      <ul className="mt-3 space-y-3">
        {proposals.map((p) => {
          const part = [p.context.manufacturerPartNumber, p.context.description].filter(Boolean).join(' · ');
          return (
            <li key={p.sid} className="rounded border border-slate-200 bg-white p-3">
              <div className="flex items-start gap-3">
                <input
                  type="checkbox"
                  aria-label={`Select proposal for ${named(p)}`}
                  checked={selected.has(p.sid)}
                  onChange={() => {
                    setSelected((was) => {
                      const next = new Set(was);
                      if (next.has(p.sid)) next.delete(p.sid);
                      else next.add(p.sid);
                      return next;
                    });
                  }}
                  className="size-6 shrink-0"
                />
                <div className="min-w-0 flex-1">
                  <h3
                    id={`${headingId}-${p.sid}`}
                    tabIndex={-1}
                    className="text-sm font-semibold wrap-break-word focus:outline-none focus-visible:outline-2 focus-visible:outline-blue-800"
                  >
                    Order {p.context.orderUniqueName ?? p.orderSid}, line {lineName(p)}
                    {p.context.vendorName ? ` · ${p.context.vendorName}` : ''}
                  </h3>
                  {part ? <p className="text-sm wrap-break-word text-slate-700">{part}</p> : null}
                  <p className="mt-1 text-sm font-medium wrap-break-word text-slate-900">{proposalChange(p)}</p>
                  {p.context.movesPastDue ? (
                    <p className="mt-1 text-sm font-medium text-red-800">
                      Past the due date {formatDate(p.before.dueDate)}: accepting raises a New delay flag.
                    </p>
                  ) : null}
                  <p className="mt-1 text-sm wrap-break-word text-slate-700">
                    {p.reason ? `Reason: ${p.reason}. ` : ''}Proposed by {p.proposedByName}, {formatDateTime(p.created)}
                    .
                  </p>
                  {errors[p.sid] ? (
                    <p role="alert" className="mt-2 rounded border border-red-200 bg-red-50 p-2 text-sm text-red-900">
                      {errors[p.sid]}
                    </p>
                  ) : null}
                  {rejecting === p.sid ? (
                    <RejectForm
                      label={`Reject proposal for ${named(p)}`}
                      busy={busy}
                      onSend={(reason) => void rejectOne(p, reason)}
                      onCancel={() => {
                        setRejecting(undefined);
                      }}
                    />
                  ) : (
                    <div className="mt-2 flex flex-wrap gap-2">
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`Accept proposal for ${named(p)}`}
                        onClick={() => void acceptOne(p)}
                        className={primary}
                      >
                        Accept
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`Reject proposal for ${named(p)}`}
                        onClick={() => {
                          setRejecting(p.sid);
                        }}
                        className={secondary}
                      >
                        Reject
                      </button>
                    </div>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
      <LoadMore pages={query} label="Load more proposals" />
    </section>
  );
}
