import type { BomForecast } from '../../api/generated/model';
import { formatCount, formatDate } from '../../lib/format';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 40 };

/**
 * The forecast as bars, one per week, with the target as a dashed line. Drawn
 * as SVG here (a few hundred bytes) rather than with a charting library: the
 * chart is one bar series. Its numbers are in the table below it, for screen
 * readers and for reading exact values; the image says what it shows.
 */
export function ForecastChart({ forecast }: { forecast: BomForecast }) {
  return (
    <figure>
      <Bars forecast={forecast} />
      <figcaption>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
          <Key swatch="bg-blue-700" text="Stock and confirmed supply" />
          <Key swatch="bg-amber-600" text="Counts unconfirmed supply" />
          <Key swatch="bg-red-700" text="Counts past-due supply (at risk)" />
          {forecast.target && <Key swatch="h-0 border-t-2 border-dashed border-slate-900" text="Target" />}
        </ul>
      </figcaption>
    </figure>
  );
}

function Key({ swatch, text }: { swatch: string; text: string }) {
  return (
    <li className="flex items-center gap-2">
      <span aria-hidden="true" className={`inline-block w-4 ${swatch.startsWith('h-0') ? swatch : `h-3 ${swatch}`}`} />
      {text}
    </li>
  );
}

function Bars({ forecast }: { forecast: BomForecast }) {
  const points = forecast.points;
  const target = forecast.target ? Number(forecast.target.quantity) : null;
  const highest = Math.max(1, target ?? 0, ...points.map((p) => p.clearToBuild));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / points.length;
  const y = (value: number) => PAD.top + plotHeight - (value / highest) * plotHeight;
  const first = points[0];
  const last = points[points.length - 1];
  const label = `Bar chart: ${formatCount(first.clearToBuild)} units today, ${formatCount(last.clearToBuild)} by ${formatDate(last.date)}${target === null ? '' : `, against a target of ${formatCount(target)}`}. The table below gives each week.`;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
      className="h-auto w-full max-w-3xl rounded border border-slate-200 bg-white"
    >
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="stroke-slate-400" />
      <text
        x={PAD.left - 6}
        y={y(highest)}
        textAnchor="end"
        dominantBaseline="middle"
        className="fill-slate-700 text-[11px]"
      >
        {formatCount(highest)}
      </text>
      <text x={PAD.left - 6} y={y(0)} textAnchor="end" dominantBaseline="middle" className="fill-slate-700 text-[11px]">
        0
      </text>
      {points.map((p, i) => {
        const x = PAD.left + i * slot + slot * 0.15;
        const top = y(p.clearToBuild);
        return (
          <g key={p.date}>
            <rect
              x={x}
              y={top}
              width={slot * 0.7}
              height={Math.max(0, y(0) - top)}
              className={p.atRisk ? 'fill-red-700' : p.usesUnconfirmed ? 'fill-amber-600' : 'fill-blue-700'}
            />
            {i % 2 === 0 && (
              <text x={x + slot * 0.35} y={HEIGHT - 10} textAnchor="middle" className="fill-slate-700 text-[10px]">
                {formatDate(p.date).replace(/ \d{4}$/, '')}
              </text>
            )}
          </g>
        );
      })}
      {target !== null && (
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={y(target)}
          y2={y(target)}
          strokeDasharray="6 4"
          className="stroke-slate-900"
          strokeWidth={1.5}
        />
      )}
    </svg>
  );
}
