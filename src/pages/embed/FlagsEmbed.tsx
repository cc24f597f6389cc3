// Open flags, embedded: what is late or unanswered, newest first. Filters from
// the address: vendor, type (newDelay, pastDue, …).
import { useListFlags } from '../../api/generated/hooks/flags/flags';
import { FlagType, type Flag, type ListFlagsParams } from '../../api/generated/model';
import { FLAG_LABELS } from '../../components/flag-labels';
import { useSearchParam } from '../../components/location';
import { formatDate, plural } from '../../lib/format';
import { EmbedFrame, EmbedStatus, EmbedTable, type Column } from './EmbedFrame';

const COLUMNS: readonly Column<Flag>[] = [
  { header: 'Flag', cell: (f) => FLAG_LABELS[f.type] },
  { header: 'Order', cell: (f) => f.orderUniqueName ?? '—' },
  { header: 'Line', cell: (f) => f.itemUniqueName ?? '—' },
  { header: 'Vendor', cell: (f) => f.vendorName ?? '—' },
  { header: 'Due', cell: (f) => formatDate(f.dueDate) },
  { header: 'Raised', cell: (f) => formatDate(f.created) },
  { header: 'What happened', cell: (f) => f.message ?? '' },
];

const isFlagType = (value: string | null): value is FlagType =>
  value !== null && (Object.values(FlagType) as string[]).includes(value);

export function FlagsEmbed() {
  const vendorSid = useSearchParam('vendor') ?? undefined;
  const type = useSearchParam('type');
  const params: ListFlagsParams = {
    status: 'open',
    pageSize: 100,
    ...(vendorSid && { vendorSid }),
    ...(isFlagType(type) && { flag: type }),
  };
  const query = useListFlags(params);
  const flags = query.data?.flags ?? [];
  const search = new URLSearchParams({ status: 'open', ...(vendorSid && { vendor: vendorSid }) }).toString();
  return (
    <EmbedFrame
      title={isFlagType(type) ? `Open flags: ${FLAG_LABELS[type]}` : 'Open flags'}
      summary={query.data ? plural(flags.length, 'flag') : undefined}
      appPath={`/flags?${search}`}
    >
      <EmbedStatus query={query} what="the flags" isEmpty={flags.length === 0} empty="No open flags. Nothing is late.">
        <EmbedTable caption="Open flags, newest first" columns={COLUMNS} rows={flags} rowKey={(f) => f.sid} />
      </EmbedStatus>
    </EmbedFrame>
  );
}
