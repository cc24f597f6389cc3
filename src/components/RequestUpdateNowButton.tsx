// "Request an update now": a button that asks the vendor about the named lines
// at once (item groups, an order or a vendor), instead of at their next
// scheduled request. It confirms first, then tells what went out (or why
// nothing did), and the lists of update requests and of the outbox refresh.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import {
  getListItemGroupsInfiniteQueryKey,
  getListItemGroupsQueryKey,
} from '../api/generated/hooks/item-groups/item-groups';
import { getListOutboxEmailsInfiniteQueryKey } from '../api/generated/hooks/outbox-emails/outbox-emails';
import {
  getListUpdateRequestsInfiniteQueryKey,
  getListUpdateRequestsQueryKey,
} from '../api/generated/hooks/update-requests/update-requests';
import { useRequestUpdatesNow } from '../api/generated/hooks/follow-up/follow-up';
import type { RequestUpdatesNowResult } from '../api/generated/model';
import { isApiError } from '../api/http';
import { ConfirmDialog } from './ConfirmDialog';
import { notifyError, notifyInfo, notifySuccess } from './toast';
import { plural } from '../lib/format';

/** What to ask about: exactly one of some lines (item groups), an order or a vendor. */
export type RequestUpdateTarget = { itemGroupSids: string[] } | { orderSid: string } | { vendorSid: string };

/** The request body of a target: only its one key, whatever else the object carries. */
function bodyOf(target: RequestUpdateTarget) {
  if ('itemGroupSids' in target) return { itemGroupSids: target.itemGroupSids };
  if ('orderSid' in target) return { orderSid: target.orderSid };
  return { vendorSid: target.vendorSid };
}

function defaultQuestion(target: RequestUpdateTarget): string {
  if ('itemGroupSids' in target)
    return `Email the vendor now about ${target.itemGroupSids.length === 1 ? 'this line' : `these ${plural(target.itemGroupSids.length, 'line')}`}, instead of waiting for the next scheduled request?`;
  if ('orderSid' in target)
    return "Email the vendor now about this order's open lines, instead of waiting for the next scheduled request?";
  return "Email the vendor now about all of its open lines, instead of waiting for each line's next scheduled request?";
}

/** The toasts that tell what a request-now did: who was asked about how much, and why any was skipped. */
export function announceResult(result: RequestUpdatesNowResult): void {
  const sent = result.updateRequests.filter((r) => r.status !== 'skipped');
  const skipped = result.updateRequests.filter((r) => r.status === 'skipped');
  const reasons = [...new Set(skipped.map((r) => r.skipReason ?? 'No email went out.'))];
  if (sent.length === 0) {
    if (reasons.length > 0) notifyError(reasons.join(' '));
    else notifyInfo('Nothing to ask about: there are no open lines.');
    return;
  }
  const vendors = [...new Set(sent.flatMap((r) => (r.vendorName ? [r.vendorName] : [])))];
  const who = vendors.length === 1 ? vendors[0] : vendors.length > 1 ? plural(vendors.length, 'vendor') : 'the vendor';
  // The lines of the requests that went out; when none was skipped, the server's own count.
  const lines = skipped.length === 0 ? result.lineCount : sent.reduce((n, r) => n + r.lines.length, 0);
  notifySuccess(`Asked ${who} about ${plural(lines, 'line')} in ${plural(sent.length, 'request')}`);
  if (reasons.length > 0) notifyInfo(`Not sent: ${reasons.join(' ')}`);
}

function failure(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0)
      return 'Nothing was sent: the server could not be reached. Check your connection and try again.';
    return `Nothing was sent: ${error.message}`;
  }
  return 'Nothing was sent: something went wrong. Try again.';
}

export function RequestUpdateNowButton({
  target,
  label,
  className,
  ariaLabel,
  question,
}: {
  target: RequestUpdateTarget;
  /** The button's text, e.g. "Ask again now". */
  label: string;
  className?: string;
  /** A fuller name for screen readers when the label repeats on every row ("Ask again now about PO-1001"). */
  ariaLabel?: string;
  /** What the confirmation asks; by default it is said from the target. */
  question?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const request = useRequestUpdatesNow();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const confirm = async () => {
    setError(undefined);
    try {
      const result = await request.mutateAsync({ data: bodyOf(target) });
      setOpen(false);
      announceResult(result);
      await Promise.all(
        [
          getListUpdateRequestsInfiniteQueryKey(),
          getListUpdateRequestsQueryKey(),
          getListOutboxEmailsInfiniteQueryKey(),
          // The lines' next request moved.
          getListItemGroupsInfiniteQueryKey(),
          getListItemGroupsQueryKey(),
        ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
    } catch (e) {
      setError(failure(e));
    }
  };

  return (
    <>
      <button
        type="button"
        aria-label={ariaLabel}
        // No lines chosen: nothing to ask about.
        disabled={'itemGroupSids' in target && target.itemGroupSids.length === 0}
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
        className={
          className ??
          'min-h-11 rounded border border-slate-300 bg-white px-2.5 text-sm font-medium whitespace-nowrap hover:bg-slate-100 disabled:opacity-60 lg:min-h-8'
        }
      >
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title="Request an update now?"
        confirmLabel="Ask now"
        pendingLabel="Asking…"
        pending={request.isPending}
        error={error}
        tone="primary"
        onConfirm={() => void confirm()}
        onCancel={() => {
          // A request being sent is waited for, so what happened is always told.
          if (request.isPending) return;
          setOpen(false);
        }}
      >
        <p>{question ?? defaultQuestion(target)}</p>
      </ConfirmDialog>
    </>
  );
}
