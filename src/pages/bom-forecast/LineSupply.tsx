// The open order lines that supply a BOM line, as its forecast lists them: the first by arrival with their
// promises, how many more the schedule has, those left out by hand, and a way to link one by hand.
import { Link } from 'react-router';
import type { BomForecastSupply } from '../../api/generated/model';
import { formatCount, formatDate } from '../../lib/format';
import type { SuppliedLine } from './line-supply-query';
import { ExcludedSupply, LinkSupply, SupplyLinkButton } from './SupplyLinks';

function SupplyItem({ bomSid, line, supply: s }: { bomSid: string; line: SuppliedLine; supply: BomForecastSupply }) {
  return (
    <li>
      <Link to={`/orders/${s.orderSid}`} className="inline-block py-1 font-medium text-blue-800 underline">
        {s.orderUniqueName ?? s.orderSid}
      </Link>
      {s.vendorName ? ` · ${s.vendorName}` : ''} · {s.quantity} on {formatDate(s.arrivalDate)}
      {s.pastDue && <span className="ml-1 text-red-800">(past due)</span>}
      {!s.confirmed && <span className="ml-1 text-amber-900">(unconfirmed)</span>}
      {s.linked && <span className="ml-1 text-slate-700">(linked by hand)</span>}{' '}
      <SupplyLinkButton bomSid={bomSid} line={line} supply={s} />
    </li>
  );
}

/** A part's shipments on the schedule (its search matches part numbers as the forecast does), with promises and flags. */
export const shipmentsOfPart = (partNumber: string) => `/schedule?${new URLSearchParams({ q: partNumber }).toString()}`;

export function LineSupply({ bomSid, line }: { bomSid: string; line: SuppliedLine }) {
  // The answer lists the first few by arrival; the schedule, searched for the part, has them all.
  const unlisted = line.supplyCount - line.supply.length;
  return (
    <>
      {line.supplyCount === 0 ? (
        <span className="text-slate-700">No open orders</span>
      ) : (
        <ul className="space-y-1">
          {line.supply.map((s) => (
            <SupplyItem key={s.itemGroupSid} bomSid={bomSid} line={line} supply={s} />
          ))}
        </ul>
      )}
      {unlisted > 0 && (
        <Link
          to={shipmentsOfPart(line.partNumber)}
          className="inline-flex min-h-6 items-center text-blue-800 underline"
        >
          {formatCount(unlisted)} more on the schedule
        </Link>
      )}
      <ExcludedSupply bomSid={bomSid} line={line} />
      <div>
        <LinkSupply bomSid={bomSid} line={line} />
      </div>
    </>
  );
}
