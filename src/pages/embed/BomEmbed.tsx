// Clear to build, embedded: a BOM's units buildable now and expected by each
// week, and the lines that limit it; or, without a BOM, every BOM's figure.
import { useGetBomForecast } from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import { useGetBom, useListBoms } from '../../api/generated/hooks/boms/boms';
import type { Bom, BomForecastLine, BomForecastPoint } from '../../api/generated/model';
import { formatDate, plural } from '../../lib/format';
import { EmbedFrame, EmbedStatus, EmbedTable, type Column } from './EmbedFrame';

const LINE_COLUMNS: readonly Column<BomForecastLine>[] = [
  { header: 'Part', cell: (l) => l.partNumber },
  { header: 'Per build', cell: (l) => l.quantity, numeric: true },
  { header: 'On hand', cell: (l) => l.onHand, numeric: true },
  { header: 'Clear to build', cell: (l) => (l.doNotPlace ? 'Not placed' : (l.clearToBuild ?? '—')), numeric: true },
  { header: 'Short', cell: (l) => (Number(l.shortage) > 0 ? l.shortage : '—'), numeric: true },
  { header: 'Open supply', cell: (l) => plural(l.supplyCount, 'line'), numeric: true },
];

const POINT_COLUMNS: readonly Column<BomForecastPoint>[] = [
  { header: 'By', cell: (p) => formatDate(p.date) },
  { header: 'Units', cell: (p) => p.clearToBuild, numeric: true },
  {
    header: 'Note',
    cell: (p) =>
      [p.atRisk ? 'counts past-due supply' : '', p.usesUnconfirmed ? 'counts unconfirmed supply' : '']
        .filter(Boolean)
        .join('; '),
  },
];

export function BomEmbed({ sid }: { sid: string }) {
  const bom = useGetBom(sid);
  const forecast = useGetBomForecast(sid);
  const lines = forecast.data?.lines ?? [];
  const points = forecast.data?.points ?? [];
  const limiting = new Set(points[0]?.limitingLineSids ?? []);
  return (
    <EmbedFrame
      title={bom.data ? `Clear to build: ${bom.data.uniqueName}` : 'Clear to build'}
      summary={bom.data?.clearToBuild === undefined ? undefined : `${plural(bom.data.clearToBuild, 'unit')} now`}
      appPath={`/clear-to-build/${encodeURIComponent(sid)}`}
    >
      <EmbedStatus query={forecast} what="the forecast" isEmpty={lines.length === 0} empty="This BOM has no lines yet.">
        <h2 className="mt-1 text-sm font-semibold">Expected</h2>
        <EmbedTable
          caption="Units clear to build by date"
          columns={POINT_COLUMNS}
          rows={points.slice(0, 12)}
          rowKey={(p) => p.date}
        />
        <h2 className="mt-3 text-sm font-semibold">
          Lines{limiting.size ? `, ${plural(limiting.size, 'limiting part')} first` : ''}
        </h2>
        <EmbedTable
          caption="BOM lines with what limits the build"
          columns={LINE_COLUMNS}
          rows={[...lines].sort((a, b) => Number(limiting.has(b.sid)) - Number(limiting.has(a.sid)))}
          rowKey={(l) => l.sid}
        />
      </EmbedStatus>
    </EmbedFrame>
  );
}

const BOM_COLUMNS: readonly Column<Bom>[] = [
  { header: 'BOM', cell: (b) => b.uniqueName },
  { header: 'Lines', cell: (b) => b.lineCount ?? '—', numeric: true },
  { header: 'Clear to build now', cell: (b) => b.clearToBuild ?? '—', numeric: true },
  { header: 'Limiting part', cell: (b) => b.limitingPart ?? '—' },
];

export function BomsEmbed() {
  const query = useListBoms({ pageSize: 100 });
  const boms = query.data?.boms ?? [];
  return (
    <EmbedFrame
      title="Clear to build"
      summary={query.data ? plural(boms.length, 'BOM') : undefined}
      appPath="/clear-to-build"
    >
      <EmbedStatus query={query} what="the BOMs" isEmpty={boms.length === 0} empty="No BOMs yet.">
        <EmbedTable
          caption="BOMs and the units clear to build"
          columns={BOM_COLUMNS}
          rows={boms}
          rowKey={(b) => b.sid}
        />
      </EmbedStatus>
    </EmbedFrame>
  );
}
