// Whether the follow-up engine asks the vendor about this order's lines, and
// on which cadence: what applies, in one sentence, and the order's own pause
// and cadence. Staff only: the API refuses vendors (403), so a vendor's
// session shows nothing and asks for nothing.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  getGetOrderFollowUpQueryKey,
  useGetOrderFollowUp,
  useUpdateOrderFollowUp,
} from '../../api/generated/hooks/follow-up/follow-up';
import { getListItemGroupsInfiniteQueryKey } from '../../api/generated/hooks/item-groups/item-groups';
import { getListOrderEventsInfiniteQueryKey } from '../../api/generated/hooks/order-events/order-events';
import { useGetOrganizationSettings } from '../../api/generated/hooks/organization-settings/organization-settings';
import { useGetSession } from '../../api/generated/hooks/session/session';
import type { Cadence, FollowUpChoiceUpdate, OrderFollowUp } from '../../api/generated/model';
import { cadenceName, FollowUpChoiceForm, useCadences } from '../../components/FollowUpChoiceForm';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';

const WHOSE_CADENCE = { order: "this order's", vendor: "the vendor's", organization: "the organization's" } as const;

/** What applies to the order's lines, in one sentence. */
function appliedSentence(followUp: OrderFollowUp): string {
  const { applies, vendor } = followUp;
  const vendorName = vendor?.vendorName ?? 'the vendor';
  if (applies.state === 'paused') {
    if (applies.pausedBy === 'vendor') return `Follow-up is paused for ${vendorName}: none of its orders are asked.`;
    // Resuming the order alone would not be enough: say so.
    return vendor?.paused
      ? `Follow-up is paused for this order, and for ${vendorName}: none of its orders are asked.`
      : 'Follow-up is paused for this order.';
  }
  if (applies.state === 'custom' && applies.cadenceSid) {
    const name = cadenceName({ sid: applies.cadenceSid, title: applies.cadenceTitle });
    return applies.cadenceFrom
      ? `Lines follow ${name}, ${WHOSE_CADENCE[applies.cadenceFrom]} cadence.`
      : `Lines follow ${name}.`;
  }
  return 'Lines follow the default cadence.';
}

/**
 * What the order would follow without a cadence of its own: the vendor's, else
 * the organization's, else the default tiers. Undefined while the organization's
 * cadence is needed and not known yet.
 */
function nextLevelCadence(
  followUp: OrderFollowUp,
  cadences: readonly Cadence[],
  organizationCadenceSid: string | null | undefined,
): string | undefined {
  const { vendor, applies } = followUp;
  if (vendor?.cadenceSid) return `${cadenceName({ sid: vendor.cadenceSid, title: vendor.cadenceTitle })}, the vendor's`;
  // Without its own cadence or a pause, what applies is already the next level's.
  if (followUp.cadenceSid === null && applies.state !== 'paused') {
    return applies.cadenceFrom === 'organization' && applies.cadenceSid
      ? `${cadenceName({ sid: applies.cadenceSid, title: applies.cadenceTitle })}, the organization's`
      : 'default tiers';
  }
  if (organizationCadenceSid === undefined) return undefined;
  const organizationCadence = cadences.find((c) => c.sid === organizationCadenceSid);
  return organizationCadence ? `${cadenceName(organizationCadence)}, the organization's` : 'default tiers';
}

/** The select's option for "no cadence of its own": "Vendor's or organization's (Standard, the organization's)". */
function nextLevelLabel(
  followUp: OrderFollowUp,
  cadences: readonly Cadence[],
  settings: { data?: { cadenceSid: string | null }; isError: boolean },
): string {
  const next = nextLevelCadence(followUp, cadences, settings.data?.cadenceSid);
  if (next) return `Vendor's or organization's (${next})`;
  // The organization's cadence could not be read: the option still says what it means.
  return settings.isError ? "Vendor's or organization's" : "Vendor's or organization's (…)";
}

function needsOrganizationCadence(followUp: OrderFollowUp | undefined): boolean {
  if (!followUp || followUp.vendor?.cadenceSid) return false;
  return followUp.cadenceSid !== null || followUp.applies.state === 'paused';
}

function StaffControls({ orderSid, organizationSid }: { orderSid: string; organizationSid: string }) {
  const queryClient = useQueryClient();
  const followUp = useGetOrderFollowUp(orderSid);
  const cadences = useCadences();
  const update = useUpdateOrderFollowUp();
  const current = followUp.data;
  // Asked for only when the select's "next level" option needs it.
  const settings = useGetOrganizationSettings(organizationSid, {
    query: { enabled: needsOrganizationCadence(current), staleTime: 60_000 },
  });
  const cadenceList = cadences.data?.cadences ?? [];

  const save = async (change: FollowUpChoiceUpdate) => {
    const saved = await update.mutateAsync({ sidOrUniqueName: orderSid, data: change });
    queryClient.setQueryData(getGetOrderFollowUpQueryKey(orderSid), saved);
    const done =
      change.paused === true
        ? `Follow-up paused for ${saved.orderUniqueName}.`
        : change.paused === false
          ? `Follow-up resumed for ${saved.orderUniqueName}. ${appliedSentence(saved)}`
          : `Cadence saved. ${appliedSentence(saved)}`;
    notifySuccess(done);
    // The lines' next request moved, and the change is in the order's history.
    void Promise.all(
      [getListItemGroupsInfiniteQueryKey({ orderSid }), getListOrderEventsInfiniteQueryKey(orderSid)].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
  };

  return (
    <div className="mb-4 rounded border border-slate-200 bg-white p-3">
      <QueryStatus
        query={{
          ...followUp,
          isPending: followUp.isPending || cadences.isPending,
          isError: followUp.isError || cadences.isError,
          error: followUp.error ?? cadences.error,
          refetch: () => Promise.all([followUp.refetch(), cadences.refetch()]),
        }}
        label="the order's follow-up"
        skeleton={<div aria-hidden="true" className="h-20 animate-pulse rounded bg-slate-200" />}
      >
        {current ? (
          <>
            <p className="mb-3 text-sm font-medium text-slate-800">
              {appliedSentence(current)}
              {current.applies.pausedBy === 'vendor' ? (
                <span className="font-normal">
                  {' '}
                  Resume it in{' '}
                  <Link to="/settings" className="text-blue-800 underline">
                    Settings → Follow-up
                  </Link>
                  .
                </span>
              ) : null}
            </p>
            <FollowUpChoiceForm
              paused={current.paused}
              cadenceSid={current.cadenceSid}
              cadenceTitle={current.cadenceTitle}
              cadences={cadenceList}
              cadenceLabel="Cadence of this order"
              nextLevelLabel={nextLevelLabel(current, cadenceList, settings)}
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

export function OrderFollowUpControls({ orderSid }: { orderSid: string }) {
  // The session as the layout already asked for it.
  const session = useGetSession({ query: { staleTime: 5 * 60_000, retryOnMount: false } });
  if (!session.data || session.data.role === 'vendor') return null;
  return <StaffControls orderSid={orderSid} organizationSid={session.data.organization.sid} />;
}
