// The outbox the follow-up automation wrote: update requests and flag
// notices, newest first, with their delivery state. Without SMTP the mail
// stays here, so this is where to read what a vendor would get. The chosen
// email (the URL's `email`) shows as its recipient sees it: the HTML in a
// sandboxed frame (no scripts, no access to this page), or the plain text.
// On a narrow screen the list and the email take turns.
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Link, useSearchParams } from 'react-router';
import { withParam } from '../../components/address-params';
import { useGetOutboxEmail, useListOutboxEmailsInfinite } from '../../api/generated/hooks/outbox-emails/outbox-emails';
import type { OutboxEmail, OutboxEmailDetail, OutboxEmailStatus } from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { LoadMore } from '../../components/ResourceTable';
import { formatCount, formatDateTime } from '../../lib/format';

const STATUS_LABELS: Record<OutboxEmailStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
};

const STATUS_STYLES: Record<OutboxEmailStatus, string> = {
  queued: 'bg-amber-100 text-amber-900',
  sent: 'bg-green-100 text-green-900',
  failed: 'bg-red-100 text-red-900',
};

const KIND_LABELS: Record<string, string> = {
  updateRequest: 'Update request',
  flagNotice: 'Flag notice',
  vendorLink: 'New portal link',
  messageNotice: 'Message',
  userInvite: 'Invitation',
};

/** The portal link of an email's plain text, when it is live (a development server's Mailbox). */
function livePortalLink(email: OutboxEmailDetail): string | null {
  if (!email.portalLinksLive) return null;
  return /https?:\/\/\S+\/portal\/link#token=[^\s&]+(?:&request=[^\s&]+)?/.exec(email.textBody)?.[0] ?? null;
}

const buttonClass =
  'min-h-11 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 lg:min-h-9';

function StatusBadge({ status }: { status: OutboxEmailStatus }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/**
 * The recipient filter: the server matches the whole address (in any case), so
 * it applies on Enter or "Filter", not while typing; emptying the box lists every email again.
 */
function RecipientFilter({ value, onChange }: { value: string; onChange: (to: string) => void }) {
  const hintId = useId();
  const [text, setText] = useState(value);
  // The URL changed from elsewhere (a link, "Clear filter"): the box follows.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  return (
    <form
      role="search"
      aria-label="Filter the mailbox"
      className="mb-3 flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(text.trim());
      }}
    >
      <label className="flex grow flex-col text-sm sm:grow-0">
        <span className="font-medium">Recipient address</span>
        <input
          type="search"
          value={text}
          maxLength={320}
          placeholder="sales@vendor.example"
          autoComplete="off"
          aria-describedby={hintId}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value === '' && value !== '') onChange('');
          }}
          className="mt-1 min-h-11 w-full rounded border border-slate-400 px-2 py-1 sm:w-72 lg:min-h-9"
        />
      </label>
      <button type="submit" className={buttonClass}>
        Filter
      </button>
      <p id={hintId} className="w-full text-xs text-slate-700">
        The whole address, as the email was sent to it.
      </p>
    </form>
  );
}

function EmailList({ emails, selected, search }: { emails: OutboxEmail[]; selected: string; search: URLSearchParams }) {
  return (
    <ul aria-label="Emails" className="divide-y divide-slate-200">
      {emails.map((e) => {
        const current = e.sid === selected;
        return (
          <li key={e.sid}>
            <Link
              to={{ search: withParam(search, 'email', e.sid).toString() }}
              aria-current={current ? 'true' : undefined}
              data-email={e.sid}
              className={`block px-3 py-2.5 text-sm focus:outline-2 focus:-outline-offset-2 focus:outline-blue-700 ${current ? 'bg-blue-50' : 'hover:bg-slate-50'}`}
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className="min-w-0 truncate font-medium">{e.toAddress}</span>
                <span className="shrink-0 text-xs whitespace-nowrap text-slate-700">{formatDateTime(e.created)}</span>
              </span>
              <span className="mt-0.5 flex items-start justify-between gap-2">
                <span className="min-w-0 wrap-break-word text-slate-800">{e.subject || '(no subject)'}</span>
                <StatusBadge status={e.status} />
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-x-3 sm:flex-row">
      <dt className="w-24 shrink-0 font-medium text-slate-700">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </div>
  );
}

function EmailView({ email }: { email: OutboxEmailDetail }) {
  const hasHtml = email.htmlBody.trim() !== '';
  const [plain, setPlain] = useState(!hasHtml);
  const portalLink = livePortalLink(email);
  return (
    <>
      <dl className="mb-3 space-y-1 text-sm">
        <Field label="To">{email.toAddress}</Field>
        <Field label="Reply-To">{email.replyTo ?? '—'}</Field>
        <Field label="Subject">{email.subject || '(no subject)'}</Field>
        <Field label="Status">
          <StatusBadge status={email.status} />{' '}
          <span className="text-slate-700">
            {email.status === 'sent' && email.sent
              ? `on ${formatDateTime(email.sent)}`
              : email.status === 'queued'
                ? 'not sent: it waits in the outbox (no mail server is set up, or the next attempt is due)'
                : ''}
            {email.attempts > 0
              ? ` · ${email.attempts === 1 ? '1 attempt' : `${formatCount(email.attempts)} attempts`}`
              : ''}
          </span>
        </Field>
        {email.lastError ? (
          <Field label="Last error">
            <span className="text-red-900">{email.lastError}</span>
          </Field>
        ) : null}
        <Field label="Kind">{KIND_LABELS[email.kind] ?? email.kind}</Field>
      </dl>
      {portalLink ? (
        <p className="mb-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          This server sends no mail, so the email's portal link works here.{' '}
          <a href={portalLink} className="font-medium text-blue-900 underline">
            Open the portal as {email.toAddress}
          </a>{' '}
          (it signs you out and in as the vendor, and uses the link up).
        </p>
      ) : null}
      {hasHtml ? (
        <div className="mb-2 flex justify-end">
          <button
            type="button"
            aria-pressed={plain}
            onClick={() => {
              setPlain((was) => !was);
            }}
            className={buttonClass}
          >
            Plain text
          </button>
        </div>
      ) : null}
      {plain ? (
        <pre className="max-h-[70vh] overflow-auto rounded border border-slate-200 bg-white p-3 text-sm whitespace-pre-wrap wrap-break-word">
          {email.textBody}
        </pre>
      ) : (
        // No scripts, no same origin, no forms, no pop-ups: the HTML is shown, never run.
        <iframe
          title={`The email “${email.subject}” as ${email.toAddress} sees it`}
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={email.htmlBody}
          className="h-[70vh] min-h-96 w-full rounded border border-slate-200 bg-white"
        />
      )}
    </>
  );
}

function ReadingPane({
  sid,
  headingRef,
  onBack,
}: {
  sid: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onBack: () => void;
}) {
  const detail = useGetOutboxEmail(sid, { query: { enabled: sid !== '', staleTime: 60_000 } });
  return (
    <section
      aria-labelledby="mailbox-email-heading"
      className="min-w-0 rounded border border-slate-200 bg-white p-3 sm:p-4"
    >
      <button type="button" onClick={onBack} className={`${buttonClass} mb-3 lg:hidden`}>
        <span aria-hidden="true">← </span>Back to the mailbox
      </button>
      <h2
        id="mailbox-email-heading"
        ref={headingRef}
        tabIndex={-1}
        className="mb-3 text-lg font-semibold wrap-break-word focus:outline-none"
      >
        {detail.data ? detail.data.subject || '(no subject)' : 'Email'}
      </h2>
      <QueryStatus query={detail} label="the email">
        {detail.data ? <EmailView key={detail.data.sid} email={detail.data} /> : null}
      </QueryStatus>
    </section>
  );
}

export default function MailboxPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const selected = searchParams.get('email') ?? '';
  const to = searchParams.get('to') ?? '';
  // The emails of one update request (its page links here).
  const updateRequest = searchParams.get('updateRequest') ?? '';
  const listHeading = useRef<HTMLHeadingElement>(null);
  const paneHeading = useRef<HTMLHeadingElement>(null);

  const query = useListOutboxEmailsInfinite(
    { ...(to ? { toAddress: to } : {}), ...(updateRequest ? { updateRequestSid: updateRequest } : {}), pageSize: 50 },
    { query: { ...cursorPaging, placeholderData: keepPreviousData } },
  );
  const emails = flattenPages(query.data, 'outboxEmails');
  const busy = query.isPlaceholderData;

  // Choosing an email takes the focus to it (on a phone the list makes way for
  // it); going back returns the focus to the email in the list.
  const [previous, setPrevious] = useState(selected);
  const [focusTo, setFocusTo] = useState<{ email: string } | null>(null);
  if (previous !== selected) {
    setPrevious(selected);
    setFocusTo({ email: selected || previous });
  }
  useEffect(() => {
    if (!focusTo) return;
    if (selected) paneHeading.current?.focus();
    else {
      const link = [...document.querySelectorAll<HTMLElement>('[data-email]')].find(
        (a) => a.dataset.email === focusTo.email,
      );
      (link ?? listHeading.current)?.focus();
    }
  }, [focusTo, selected]);

  const setTo = (next: string) => {
    setSearchParams((params) => withParam(params, 'to', next), { replace: true });
  };

  const empty =
    to || updateRequest ? (
      <>
        <p className="font-medium">
          {to
            ? `No emails to ${to}${updateRequest ? ' for this update request' : ''}.`
            : 'No emails for this update request.'}
        </p>
        <button
          type="button"
          onClick={() => {
            setSearchParams((params) => withParam(withParam(params, 'to', ''), 'updateRequest', ''), { replace: true });
            listHeading.current?.focus();
          }}
          className={`${buttonClass} mt-3`}
        >
          Clear filter
        </button>
      </>
    ) : (
      <p className="font-medium">No emails yet: the follow-up engine writes here when it asks vendors for updates.</p>
    );

  return (
    <>
      <PageHeader title="Mailbox" />
      <p className="-mt-2 mb-3 text-sm text-slate-700">
        What the follow-up automation emailed (or will email, once a mail server is set up), newest first.
      </p>
      {/* Columns of minmax(0, …): a long address or subject truncates instead of widening the page. */}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <div className={selected ? 'hidden lg:block' : undefined}>
          <RecipientFilter value={to} onChange={setTo} />
          {updateRequest ? (
            <p className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded border border-blue-200 bg-blue-50 p-3 text-sm">
              <span>Only the emails of one update request.</span>
              <button
                type="button"
                onClick={() => {
                  setSearchParams((params) => withParam(params, 'updateRequest', ''), { replace: true });
                  listHeading.current?.focus();
                }}
                className={buttonClass}
              >
                Show every email
              </button>
            </p>
          ) : null}
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 ref={listHeading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
              Emails
            </h2>
            {emails.length > 0 && !busy ? (
              <p className="text-sm text-slate-700">Showing {formatCount(emails.length)}</p>
            ) : null}
          </div>
          <QueryStatus query={query} label="emails" isEmpty={emails.length === 0} empty={empty}>
            <div
              aria-busy={busy || undefined}
              className={`rounded border border-slate-200 bg-white ${busy ? 'opacity-60' : ''}`}
            >
              <EmailList emails={emails} selected={selected} search={searchParams} />
              <LoadMore pages={query} />
            </div>
          </QueryStatus>
        </div>
        {selected ? (
          <ReadingPane
            sid={selected}
            headingRef={paneHeading}
            onBack={() => {
              setSearchParams((params) => withParam(params, 'email', ''));
            }}
          />
        ) : (
          <p className="hidden rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700 lg:block">
            Choose an email to read it as its recipient sees it.
          </p>
        )}
      </div>
    </>
  );
}
