// Settings → Follow-up, vendors: the exceptions to the organization's
// follow-up (vendors paused, or on a cadence of their own), and any vendor's
// pause and cadence, picked by name. Unlike the rest of these settings, every
// staff member may change them, buyers as well as admins (as on an order's page).
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  getGetVendorFollowUpQueryKey,
  getListVendorFollowUpsInfiniteQueryKey,
  getListVendorFollowUpsQueryKey,
  useGetVendorFollowUp,
  useListVendorFollowUpsInfinite,
  useUpdateVendorFollowUp,
} from '../../api/generated/hooks/follow-up/follow-up';
import type { Cadence, FollowUpChoiceUpdate, VendorFollowUp } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { cursorPaging, flattenPages } from '../../api/paging';
import { FormAlert } from '../../components/FormField';
import { FollowUpChoiceForm, invalidateOrderFollowUps } from '../../components/FollowUpChoiceForm';
import { QueryStatus } from '../../components/QueryStatus';
import { ResourceTable, type Column } from '../../components/ResourceTable';
import { notifySuccess } from '../../components/toast';
import { VendorFilter } from '../../components/VendorFilter';
import { rowButton } from '../../components/buttons';
import { cadenceName, useCadences, useOrganizationSettings } from './settings-api';

const EXCEPTIONS_PARAMS = { pageSize: 100 };

/** "Paused", or the vendor's own cadence; a paused vendor's cadence is what it follows once resumed. */
function followUpText(v: VendorFollowUp): string {
  const own = v.cadenceSid ? cadenceName({ sid: v.cadenceSid, title: v.cadenceTitle }) : null;
  if (v.paused) return own ? `Paused (then ${own})` : 'Paused';
  return own ?? 'Organization’s cadence';
}

/** What the engine does with the vendor's orders (those without a cadence of their own). */
function vendorSentence(v: VendorFollowUp, organizationCadence: string): string {
  if (v.paused) return `Follow-up is paused for ${v.vendorName}: none of its orders are asked.`;
  const follows = v.cadenceSid
    ? cadenceName({ sid: v.cadenceSid, title: v.cadenceTitle })
    : `the organization's cadence (${organizationCadence})`;
  return `Orders of ${v.vendorName} follow ${follows}, unless an order has a cadence of its own.`;
}

function savedMessage(change: FollowUpChoiceUpdate, saved: VendorFollowUp): string {
  if (change.paused === true) return `Follow-up paused for ${saved.vendorName}: none of its orders are asked.`;
  if (change.paused === false) return `Follow-up resumed for ${saved.vendorName}.`;
  return saved.cadenceSid
    ? `Orders of ${saved.vendorName} now follow ${cadenceName({ sid: saved.cadenceSid, title: saved.cadenceTitle })}.`
    : `Orders of ${saved.vendorName} now follow the organization's cadence.`;
}

/** The organization's cadence in words ("Standard", "default tiers"); "…" until its settings are read. */
function organizationCadenceName(cadenceSid: string | null | undefined, cadences: readonly Cadence[]): string {
  if (cadenceSid === undefined) return '…';
  const cadence = cadences.find((c) => c.sid === cadenceSid);
  return cadence ? cadenceName(cadence) : 'default tiers';
}

/** The chosen vendor's pause and cadence. */
function VendorFollowUpEditor({
  vendorSid,
  cadences,
  organizationCadence,
  onSaved,
}: {
  vendorSid: string;
  cadences: readonly Cadence[];
  /** The organization's cadence in words: "Standard", "default tiers", "…" while loading. */
  organizationCadence: string;
  onSaved: (saved: VendorFollowUp) => Promise<unknown>;
}) {
  const followUp = useGetVendorFollowUp(vendorSid);
  const update = useUpdateVendorFollowUp();
  const current = followUp.data;

  const save = async (change: FollowUpChoiceUpdate) => {
    const saved = await update.mutateAsync({ sid: vendorSid, data: change });
    notifySuccess(savedMessage(change, saved));
    void onSaved(saved);
  };

  return (
    <div className="mt-3 max-w-3xl rounded border border-slate-200 bg-white p-4">
      <QueryStatus
        query={followUp}
        label="the vendor's follow-up"
        skeleton={<div aria-hidden="true" className="h-20 animate-pulse rounded bg-slate-200" />}
      >
        {current ? (
          <>
            <p className="mb-3 text-sm font-medium text-slate-800">{vendorSentence(current, organizationCadence)}</p>
            <FollowUpChoiceForm
              paused={current.paused}
              cadenceSid={current.cadenceSid}
              cadenceTitle={current.cadenceTitle}
              cadences={cadences}
              cadenceLabel={`Cadence of ${current.vendorName}`}
              nextLevelLabel={`Organization's (${organizationCadence})`}
              saving={update.isPending}
              error={update.error}
              onSave={save}
            />
          </>
        ) : null}
      </QueryStatus>
    </div>
  );
}

export function VendorFollowUpSection({ organizationSid }: { organizationSid: string }) {
  const queryClient = useQueryClient();
  const exceptions = useListVendorFollowUpsInfinite(EXCEPTIONS_PARAMS, { query: cursorPaging });
  const rows = flattenPages(exceptions.data, 'vendorFollowUps');
  const cadences = useCadences();
  const settings = useOrganizationSettings(organizationSid);
  const resume = useUpdateVendorFollowUp();
  const [resumeError, setResumeError] = useState<string>();
  const [chosen, setChosen] = useState<{ sid: string; name?: string }>({ sid: '' });
  const heading = useRef<HTMLHeadingElement>(null);
  const editorHeading = useRef<HTMLHeadingElement>(null);

  const cadenceList = cadences.data?.cadences ?? [];
  const organizationCadence = organizationCadenceName(settings.data?.cadenceSid, cadenceList);

  /** After a vendor's change: the list of exceptions, the vendor's own record and its orders' follow-up. */
  const afterChange = (saved: VendorFollowUp) => {
    queryClient.setQueryData(getGetVendorFollowUpQueryKey(saved.vendorSid), saved);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: getListVendorFollowUpsInfiniteQueryKey() }),
      queryClient.invalidateQueries({ queryKey: getListVendorFollowUpsQueryKey() }),
      invalidateOrderFollowUps(queryClient),
    ]);
  };

  const resumeVendor = async (vendor: VendorFollowUp) => {
    // aria-disabled rather than disabled keeps the focus on the pressed button while saving.
    if (resume.isPending) return;
    setResumeError(undefined);
    let saved: VendorFollowUp;
    try {
      saved = await resume.mutateAsync({ sid: vendor.vendorSid, data: { paused: false } });
    } catch (error) {
      setResumeError(
        isApiError(error) && error.status !== 0
          ? error.message
          : `Follow-up of ${vendor.vendorName} could not be resumed. Try again.`,
      );
      return;
    }
    notifySuccess(`Follow-up resumed for ${saved.vendorName}.`);
    // Its Resume button goes away (its row too, without a cadence of its own).
    heading.current?.focus();
    await afterChange(saved);
  };

  const columns: Column<VendorFollowUp>[] = [
    { key: 'vendor', header: 'Vendor', wrap: true, cell: (v) => v.vendorName },
    { key: 'followUp', header: 'Follow-up', wrap: true, cell: followUpText },
    {
      key: 'actions',
      header: 'Actions',
      cell: (v) => (
        <div className="flex gap-2">
          {v.paused ? (
            <button
              type="button"
              className={`${rowButton} aria-disabled:cursor-not-allowed aria-disabled:opacity-50`}
              aria-label={`Resume follow-up of ${v.vendorName}`}
              aria-disabled={resume.isPending}
              onClick={() => void resumeVendor(v)}
            >
              Resume
            </button>
          ) : null}
          <button
            type="button"
            className={rowButton}
            aria-label={`Change follow-up of ${v.vendorName}`}
            onClick={() => {
              setChosen({ sid: v.vendorSid, name: v.vendorName });
              editorHeading.current?.focus();
            }}
          >
            Change
          </button>
        </div>
      ),
    },
  ];

  return (
    <section aria-labelledby="vendor-follow-up-heading" className="mt-8">
      <h2
        id="vendor-follow-up-heading"
        ref={heading}
        tabIndex={-1}
        className="text-lg font-semibold focus:outline-none"
      >
        Vendors
      </h2>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-slate-700">
        A paused vendor is sent no automated update requests about any of its orders. A vendor may also follow a cadence
        of its own instead of the organization&rsquo;s; an order&rsquo;s own cadence, chosen on its page, still comes
        first. Buyers and admins can change these.
      </p>
      <FormAlert message={resumeError} />
      <QueryStatus
        query={exceptions}
        label="vendors whose follow-up differs"
        isEmpty={rows.length === 0}
        empty="Every vendor follows the organization's cadence."
      >
        <ResourceTable
          caption="Vendors whose follow-up differs"
          columns={columns}
          rows={rows}
          rowKey={(v) => v.vendorSid}
          pages={exceptions}
        />
      </QueryStatus>

      <h3 ref={editorHeading} tabIndex={-1} className="mt-6 mb-2 font-semibold focus:outline-none">
        Pause a vendor or choose its cadence
      </h3>
      <VendorFilter
        value={chosen.sid}
        selectedName={chosen.name}
        noneLabel="Choose a vendor"
        onChange={(sid) => {
          setChosen({ sid });
        }}
      />
      {chosen.sid ? (
        <VendorFollowUpEditor
          // A fresh form for each vendor: no unsaved choice or error carries over.
          key={chosen.sid}
          vendorSid={chosen.sid}
          cadences={cadenceList}
          organizationCadence={organizationCadence}
          onSaved={afterChange}
        />
      ) : null}
    </section>
  );
}
