// The follow-up engine's own rules: how often a line's vendor is asked when
// no custom cadence applies. Fixed in the engine, shown here so an admin
// knows what "Default tiers" means before choosing a cadence.

const TIERS: { away: string; asked: string }[] = [
  { away: '81 or more', asked: 'Every 8 weeks (40 business days)' },
  { away: '31 to 80', asked: 'Every 4 weeks (20 business days)' },
  { away: '16 to 30', asked: 'Every 2 weeks (10 business days)' },
  { away: '8 to 15', asked: 'Weekly (5 business days)' },
  { away: '7 or fewer', asked: 'One request, on the ship date' },
  { away: 'No date, or the date has passed', asked: 'Weekly (5 business days)' },
];

export function DefaultTiersSection() {
  return (
    <section aria-labelledby="default-tiers-heading" className="mt-8">
      <h2 id="default-tiers-heading" className="text-lg font-semibold">
        Default cadence tiers
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Without a custom cadence, a line&apos;s vendor is asked for an update by how many business days are left until
        the line&apos;s date: the vendor&apos;s ship date when known, else the due date.
      </p>
      <div className="mt-3 max-w-2xl overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Default cadence tiers</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                Business days until the line&apos;s date
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                The vendor is asked
              </th>
            </tr>
          </thead>
          <tbody>
            {TIERS.map((tier) => (
              <tr key={tier.away} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  {tier.away}
                </th>
                <td className="px-3 py-2">{tier.asked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">
        A request with no answer within one business day gets one reminder the next business day.
      </p>
    </section>
  );
}
