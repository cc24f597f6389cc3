// For a customer in approval mode: the vendor's proposals it turned down in
// the last two weeks, with its reason, so the vendor knows the line still
// stands as it was and can answer again.
import { useListItemGroupProposals } from '../../api/generated/hooks/item-group-proposals/item-group-proposals';
import type { ItemGroupProposal } from '../../api/generated/model';
import { vendorDate } from './vendor-locale';

const RECENT_MS = 14 * 86_400_000;

function proposalText(p: ItemGroupProposal): string {
  if (p.kind === 'split') return `splitting it into ${String(p.shipments?.length ?? 0)} shipments`;
  return p.shipDate ? `ship date ${vendorDate(p.shipDate)}` : 'new dates';
}

function lineText(p: ItemGroupProposal): string {
  const line = [p.context.itemUniqueName, p.context.lineUniqueName].filter(Boolean).join(' / ');
  return `Line ${line || p.itemGroupSid} of order ${p.context.orderUniqueName ?? p.orderSid}`;
}

export function RejectedProposals({ customer }: { customer: string }) {
  const rejected = useListItemGroupProposals({ status: 'rejected', pageSize: 50 }, { query: { staleTime: 60_000 } });
  // Recent as of when the list was read.
  const now = rejected.dataUpdatedAt;
  const recent = (rejected.data?.itemGroupProposals ?? []).filter(
    (p) => p.decided !== null && now - Date.parse(p.decided) < RECENT_MS,
  );
  if (recent.length === 0) return null;
  return (
    <section aria-labelledby="rejected-heading" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 id="rejected-heading" className="text-base font-semibold text-amber-950">
        Not accepted by {customer}
      </h2>
      <ul className="mt-2 space-y-2 text-sm text-amber-950">
        {recent.map((p) => (
          <li key={p.sid} className="wrap-break-word">
            {lineText(p)}: you proposed {proposalText(p)}.{' '}
            {p.decisionReason ? `Their reason: ${p.decisionReason}` : 'They gave no reason.'} The line stays as it was.
          </li>
        ))}
      </ul>
    </section>
  );
}
