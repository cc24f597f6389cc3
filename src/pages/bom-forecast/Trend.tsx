// A BOM's trend over the past weeks, from its daily clear-to-build records
// (written each day by the server): what it could build from stock that day,
// and what it was then expected to build by its target's date. Newest first.
import { useQueryClient } from '@tanstack/react-query';
import { useRecordBomClearToBuilds } from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import {
  getListClearToBuildsQueryKey,
  useListClearToBuilds,
} from '../../api/generated/hooks/clear-to-builds/clear-to-builds';
import type { ClearToBuild } from '../../api/generated/model';
import { QueryStatus } from '../../components/QueryStatus';
import { notifyError, notifySuccess } from '../../components/toast';
import { HeaderRow, TableRegion } from './tables';
import { formatCount, formatDate } from '../../lib/format';

/** Days of records shown. */
const TREND_DAYS = 84;

interface TrendDay {
  day: string;
  actual?: number;
  expected?: { quantity: number; by: string };
}

/** The records by the day they were written: the day's actual figure, and the expectation worked out that day. */
export function trendDays(records: readonly ClearToBuild[]): TrendDay[] {
  const days = new Map<string, TrendDay>();
  const dayOf = (day: string) => {
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { day }));
    return entry;
  };
  for (const r of records) {
    if (!r.buildDate) continue;
    if (r.type === 'actual') dayOf(r.buildDate.slice(0, 10)).actual = Number(r.buildQuantity);
    else dayOf(r.created.slice(0, 10)).expected = { quantity: Number(r.buildQuantity), by: r.buildDate.slice(0, 10) };
  }
  return [...days.values()].sort((a, b) => b.day.localeCompare(a.day));
}

export function Trend({ bomSid, today }: { bomSid: string; today: string }) {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - TREND_DAYS * 86_400_000).toISOString();
  const records = useListClearToBuilds({ sid: [bomSid], startDate: since, pageSize: 200 });
  const days = trendDays(records.data?.clearToBuilds ?? []).filter((d) => d.day <= today);
  const queryClient = useQueryClient();
  const record = useRecordBomClearToBuilds({
    mutation: {
      onSuccess: () => {
        notifySuccess("Today's figures are recorded.");
        void queryClient.invalidateQueries({ queryKey: getListClearToBuildsQueryKey() });
      },
      onError: () => {
        notifyError("Today's figures could not be recorded. Try again.");
      },
    },
  });
  return (
    <section aria-labelledby="bom-trend" className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="bom-trend" className="text-lg font-semibold">
          The past weeks
        </h2>
        {/* The server records them every night; this records today's now (after a count or a new promise). */}
        <button
          type="button"
          disabled={record.isPending}
          onClick={() => {
            record.mutate({ sidOrUniqueName: bomSid });
          }}
          className="min-h-11 rounded border border-slate-400 px-4 font-medium disabled:opacity-60"
        >
          {record.isPending ? 'Recording…' : "Record today's figures"}
        </button>
      </div>
      <QueryStatus
        query={records}
        label="the past figures"
        isEmpty={days.length === 0}
        empty="No figures recorded yet: they are written every night, or now with Record today's figures."
      >
        <TableRegion label="Clear to build in the past weeks" className="max-h-80 overflow-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Clear to build in the past weeks</caption>
            <HeaderRow
              columns={[
                ['Day', false],
                ['Units from stock', true],
                ['Expected then', true],
              ]}
            />
            <tbody>
              {days.map((d) => (
                <tr key={d.day} className="border-t border-slate-200">
                  <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-normal">
                    {formatDate(d.day)}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {d.actual === undefined ? '—' : formatCount(d.actual)}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                    {d.expected ? `${formatCount(d.expected.quantity)} by ${formatDate(d.expected.by)}` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </QueryStatus>
    </section>
  );
}
