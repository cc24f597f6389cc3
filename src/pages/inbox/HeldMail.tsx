// Held email: replies that could not be matched on arrival (no reply token or
// known conversation, a forged token, a sender who is not a contact). A buyer
// reads each one and matches it to the order lines it is about, where it
// becomes a message as any reply does, or dismisses it. Nothing is attached to
// an order until someone chooses the lines.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  getListInboundEmailsQueryKey,
  useDismissHeldInboundEmail,
  useListInboundEmails,
  useMatchHeldInboundEmail,
} from '../../api/generated/hooks/inbound-email-replies/inbound-email-replies';
import type { InboundEmail } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { primaryButton, secondaryButton } from '../../components/buttons';
import { ConfirmDialog, ModalDialog } from '../../components/ConfirmDialog';
import { OpenLineSearch, openLineText } from '../../components/OpenLineSearch';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { formatDateTime, plural } from '../../lib/format';

const failure = (error: unknown) => (isApiError(error) ? error.message : 'The server could not be reached.');

/** The open order lines found by order, item or MPN, to choose the ones the email is about. */
function LinePicker({ email, onDone }: { email: InboundEmail; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string>();
  const match = useMatchHeldInboundEmail();
  const toggle = (sid: string, label: string) => {
    const next = new Map(chosen);
    if (next.has(sid)) next.delete(sid);
    else next.set(sid, label);
    setChosen(next);
  };
  const submit = async () => {
    setError(undefined);
    try {
      await match.mutateAsync({ sid: email.sid, data: { itemGroupSids: [...chosen.keys()] } });
      await queryClient.invalidateQueries({ queryKey: getListInboundEmailsQueryKey() });
      notifySuccess(`The email from ${email.fromEmail} is now a message on ${plural(chosen.size, 'line')}.`);
      onDone();
    } catch (e) {
      setError(failure(e));
    }
  };
  return (
    <div className="space-y-3">
      <OpenLineSearch
        label="Find the order lines it is about"
        // An order number in the subject (as "PO-24007: partial shipment") starts the search.
        initialText={/\b[A-Z]{1,6}-?\d{3,}\b/.exec(email.subject)?.[0] ?? ''}
      >
        {(open) => (
          <fieldset>
            <legend className="sr-only">Open order lines found</legend>
            <ul className="max-h-72 divide-y divide-slate-200 overflow-y-auto rounded border border-slate-200">
              {open.map((g) => {
                const { name, details } = openLineText(g);
                return (
                  <li key={g.sid}>
                    <label className="flex min-h-11 items-center gap-3 px-3 py-2 text-sm">
                      <input
                        type="checkbox"
                        className="size-6 shrink-0"
                        checked={chosen.has(g.sid)}
                        onChange={() => {
                          toggle(g.sid, name);
                        }}
                      />
                      <span>
                        <span className="font-medium">{name}</span>
                        {details}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        )}
      </OpenLineSearch>
      {chosen.size > 0 ? <p className="text-sm text-slate-800">Chosen: {[...chosen.values()].join(', ')}</p> : null}
      {error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap justify-end gap-3">
        <button type="button" className={secondaryButton} onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className={primaryButton}
          disabled={chosen.size === 0 || match.isPending}
          onClick={() => void submit()}
        >
          {match.isPending
            ? 'Matching…'
            : chosen.size === 0
              ? 'Choose a line first'
              : `Match to ${plural(chosen.size, 'line')}`}
        </button>
      </div>
    </div>
  );
}

function HeldEmail({ email }: { email: InboundEmail }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [matching, setMatching] = useState(false);
  const [dismissing, setDismissing] = useState(false);
  const [error, setError] = useState<string>();
  const dismiss = useDismissHeldInboundEmail();
  const onDismiss = async () => {
    setError(undefined);
    try {
      await dismiss.mutateAsync({ sid: email.sid });
      setDismissing(false);
      await queryClient.invalidateQueries({ queryKey: getListInboundEmailsQueryKey() });
      notifySuccess(`The email from ${email.fromEmail} was dismissed.`);
    } catch (e) {
      setError(failure(e));
    }
  };
  const subject = email.subject.trim() || '(no subject)';
  return (
    <li>
      <article aria-labelledby={headingId} className="rounded border border-amber-300 bg-amber-50 p-4">
        <h3 id={headingId} className="font-semibold wrap-break-word">
          {subject}
        </h3>
        <p className="mt-1 text-sm wrap-break-word text-slate-800">
          From {email.fromEmail} · {formatDateTime(email.date)}
        </p>
        <p className="mt-1 text-sm text-amber-950">Held: {email.holdReason ?? 'it could not be matched.'}</p>
        <details className="mt-2">
          <summary className="inline-block cursor-pointer py-1 text-sm text-blue-800 underline">Read the email</summary>
          <pre className="mt-2 max-h-64 overflow-auto rounded border border-slate-200 bg-white p-3 text-sm whitespace-pre-wrap">
            {email.content ?? ''}
          </pre>
        </details>
        <div className="mt-3 flex flex-wrap gap-3">
          <button
            type="button"
            className={primaryButton}
            aria-label={`Match to order lines… “${subject}” from ${email.fromEmail}`}
            onClick={() => {
              setMatching(true);
            }}
          >
            Match to order lines…
          </button>
          <button
            type="button"
            className={secondaryButton}
            aria-label={`Dismiss “${subject}” from ${email.fromEmail}`}
            onClick={() => {
              setDismissing(true);
            }}
          >
            Dismiss
          </button>
        </div>
      </article>
      {matching && (
        <ModalDialog
          open
          wide
          title={`Match “${subject}” to order lines`}
          onClose={() => {
            setMatching(false);
          }}
        >
          <p className="mb-3 text-sm text-slate-700">
            It becomes a message on the lines you choose, from {email.fromEmail}. A vendor&apos;s counts as its answer
            there and raises a Direct Reply flag.
          </p>
          <LinePicker
            email={email}
            onDone={() => {
              setMatching(false);
            }}
          />
        </ModalDialog>
      )}
      <ConfirmDialog
        open={dismissing}
        title="Dismiss this email?"
        confirmLabel="Dismiss"
        pendingLabel="Dismissing…"
        pending={dismiss.isPending}
        error={error}
        onConfirm={() => {
          void onDismiss();
        }}
        onCancel={() => {
          setError(undefined);
          setDismissing(false);
        }}
      >
        <p>
          “{subject}” from {email.fromEmail} is attached to nothing and leaves this list. Dismiss mail that concerns no
          order, such as a newsletter.
        </p>
      </ConfirmDialog>
    </li>
  );
}

/** The held email of the organization, newest first; nothing at all when none is held. */
export function HeldMail() {
  const held = useListInboundEmails({ status: 'held', pageSize: 50 });
  const emails = held.data?.inboundEmails ?? [];
  // Nothing while it loads, and nothing when none is held: the messages below do not move for a section that is empty.
  if (held.isPending || (held.isSuccess && emails.length === 0)) return null;
  return (
    <section aria-labelledby="held-mail-heading" className="mb-8">
      <h2 id="held-mail-heading" className="text-lg font-semibold">
        Held email{emails.length ? ` (${String(emails.length)})` : ''}
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        Replies that could not be matched to an order on arrival. Match each to the lines it is about, or dismiss it.
      </p>
      <QueryStatus query={held} label="held email" isEmpty={false}>
        <ul className="space-y-3">
          {emails.map((email) => (
            <HeldEmail key={email.sid} email={email} />
          ))}
        </ul>
      </QueryStatus>
    </section>
  );
}
