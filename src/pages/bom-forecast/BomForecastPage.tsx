import { Fragment, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAddressParams } from '../../components/address-params';
import { useApproveBom } from '../../api/generated/hooks/bom-approval/bom-approval';
import { useGetBomForecast } from '../../api/generated/hooks/bom-forecasts/bom-forecasts';
import { useDeleteBom, useGetBom } from '../../api/generated/hooks/boms/boms';
import type { Bom, BomForecast, BomForecastPoint } from '../../api/generated/model';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { formatCount, formatDate } from '../../lib/format';
import { BomLines } from './BomLines';
import { ForecastChart } from './ForecastChart';
import { shipmentsOfPart } from './LineSupply';
import { useInvalidateBom } from './invalidate';
import { HeaderRow, TableRegion } from './tables';
import { Trend } from './Trend';

/** The page's two choices, kept in the address: unconfirmed supply counts unless left out; shared parts are shared. */
function useForecastChoices() {
  const [params, setParam] = useAddressParams();
  return {
    includeUnconfirmed: params.get('unconfirmed') !== 'out',
    alone: params.get('alone') === '1',
    setIncludeUnconfirmed: (on: boolean) => {
      setParam('unconfirmed', on ? null : 'out');
    },
    setAlone: (on: boolean) => {
      setParam('alone', on ? '1' : null);
    },
  };
}

function Choice({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="flex min-h-11 items-center gap-2 text-sm">
      <input
        type="checkbox"
        className="size-6 shrink-0"
        checked={checked}
        onChange={(e) => {
          onChange(e.target.checked);
        }}
      />
      <span className="font-medium">{label}</span>
    </label>
  );
}

/** Limiting parts named at a point: a tie at zero can be hundreds of lines, so the first few and a count. */
const LIMITING_NAMED = 5;

/** Each line's part number by line sid: points name their limiting lines, a 2,000-line BOM's every week. */
function usePartBySid(forecast: BomForecast): Map<string, string> {
  return useMemo(() => new Map(forecast.lines.map((l) => [l.sid, l.partNumber])), [forecast]);
}

/**
 * The lines that limit a point, each part a link to its shipments on the schedule (with their promises and flags):
 * one click from "what holds us back" to who has to deliver it.
 */
function LimitingParts({ lineSids, partBySid }: { lineSids: readonly string[]; partBySid: Map<string, string> }) {
  if (lineSids.length === 0) return <>—</>;
  const parts = [...new Set(lineSids.map((sid) => partBySid.get(sid) ?? sid))];
  const named = parts.slice(0, LIMITING_NAMED);
  return (
    <>
      {named.map((part, i) => (
        <Fragment key={part}>
          {i > 0 && ', '}
          <Link to={shipmentsOfPart(part)} className="inline-flex min-h-6 items-center text-blue-800 underline">
            {part}
          </Link>
        </Fragment>
      ))}
      {parts.length > named.length && ` and ${formatCount(parts.length - named.length)} more`}
    </>
  );
}

function Marks({ point }: { point: BomForecastPoint }) {
  return (
    <>
      {point.atRisk && <span className="ml-2 rounded bg-red-100 px-1.5 text-xs font-medium text-red-900">at risk</span>}
      {point.usesUnconfirmed && (
        <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">unconfirmed</span>
      )}
    </>
  );
}

function Summary({ forecast }: { forecast: BomForecast }) {
  const partBySid = usePartBySid(forecast);
  const now = forecast.points[0];
  const last = forecast.points[forecast.points.length - 1];
  const target = forecast.target;
  return (
    <dl className="grid gap-4 rounded border border-slate-200 bg-white p-4 sm:grid-cols-3">
      <div>
        <dt className="text-sm text-slate-600">Can build today</dt>
        <dd className="text-2xl font-semibold tabular-nums">
          {formatCount(now.clearToBuild)}
          <Marks point={now} />
        </dd>
      </div>
      <div>
        <dt className="text-sm text-slate-600">Expected by {formatDate(last.date)}</dt>
        <dd className="text-2xl font-semibold tabular-nums">
          {formatCount(last.clearToBuild)}
          <Marks point={last} />
        </dd>
      </div>
      <div>
        <dt className="text-sm text-slate-600">Target</dt>
        <dd className="font-medium">
          {target ? `${formatCount(Number(target.quantity))} by ${formatDate(target.date)}` : 'None set'}
        </dd>
      </div>
      <div className="sm:col-span-3">
        <dt className="text-sm text-slate-600">
          Limiting {now.limitingLineSids.length === 1 ? 'part' : 'parts'} today
        </dt>
        <dd className="font-medium">
          <LimitingParts lineSids={now.limitingLineSids} partBySid={partBySid} />
        </dd>
      </div>
    </dl>
  );
}

function WeekTable({ forecast }: { forecast: BomForecast }) {
  const partBySid = usePartBySid(forecast);
  return (
    <TableRegion label="Clear to build week by week">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Clear to build week by week</caption>
        <HeaderRow
          columns={[
            ['Week of', false],
            ['Units', true],
            ['Limited by', false],
          ]}
        />
        <tbody>
          {forecast.points.map((point) => (
            <tr key={point.date} className="border-t border-slate-200">
              <td className="whitespace-nowrap px-3 py-2">{formatDate(point.date)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                {formatCount(point.clearToBuild)}
                <Marks point={point} />
              </td>
              <td className="px-3 py-2">
                <LimitingParts lineSids={point.limitingLineSids} partBySid={partBySid} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** Approve a draft BOM; delete it (an approved BOM is archived: its history stays). */
function BomActions({ bom }: { bom: Bom }) {
  const navigate = useNavigate();
  const invalidate = useInvalidateBom(bom.sid);
  const approve = useApproveBom();
  const remove = useDeleteBom();
  const [asking, setAsking] = useState<'approve' | 'delete'>();
  const close = () => {
    approve.reset();
    remove.reset();
    setAsking(undefined);
  };
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      <span
        className={`rounded px-2 py-1 text-sm font-medium ${bom.approved ? 'bg-green-100 text-green-900' : 'bg-amber-100 text-amber-900'}`}
      >
        {bom.approved ? 'Approved' : 'Draft: not approved'}
      </span>
      {!bom.approved && (
        <button
          type="button"
          onClick={() => {
            setAsking('approve');
          }}
          className="min-h-11 rounded bg-blue-800 px-4 font-medium text-white"
        >
          Approve
        </button>
      )}
      <button
        type="button"
        onClick={() => {
          setAsking('delete');
        }}
        className="min-h-11 rounded border border-red-800 px-4 font-medium text-red-800"
      >
        {bom.approved ? 'Archive' : 'Delete'}
      </button>
      <ConfirmDialog
        open={asking === 'approve'}
        title="Approve this BOM?"
        confirmLabel="Approve"
        tone="primary"
        pending={approve.isPending}
        error={approve.error ? 'The BOM could not be approved. Reload and try again.' : undefined}
        onCancel={close}
        onConfirm={() => {
          approve.mutate(
            { sidOrUniqueName: bom.sid },
            {
              onSuccess: () => {
                notifySuccess(`${bom.uniqueName} approved.`);
                close();
                void invalidate();
              },
            },
          );
        }}
      >
        Approve {bom.uniqueName} for building? Once approved, deleting it archives it instead.
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'delete'}
        title={bom.approved ? 'Archive this BOM?' : 'Delete this BOM?'}
        confirmLabel={bom.approved ? 'Archive' : 'Delete'}
        pending={remove.isPending}
        error={remove.error ? 'The BOM could not be removed. Try again.' : undefined}
        onCancel={close}
        onConfirm={() => {
          remove.mutate(
            { sidOrUniqueName: bom.sid },
            {
              onSuccess: () => {
                notifySuccess(bom.approved ? `${bom.uniqueName} archived.` : `${bom.uniqueName} deleted.`);
                close();
                void invalidate();
                void navigate('/clear-to-build');
              },
            },
          );
        }}
      >
        {bom.approved
          ? `Archive ${bom.uniqueName}? It leaves the lists and the forecasts of other BOMs; its history stays.`
          : `Delete ${bom.uniqueName} with its ${String(bom.lineCount ?? 0)} lines? This cannot be undone.`}
      </ConfirmDialog>
    </div>
  );
}

export default function BomForecastPage() {
  const { sid = '' } = useParams();
  const choices = useForecastChoices();
  const bom = useGetBom(sid);
  const forecast = useGetBomForecast(sid, {
    weeks: 12,
    includeUnconfirmed: choices.includeUnconfirmed,
    alone: choices.alone,
  });
  return (
    <>
      <PageHeader title={bom.data ? `Clear to build: ${bom.data.uniqueName}` : 'Clear to build'} />
      <p className="mb-4 text-sm">
        <Link to="/clear-to-build" className="inline-block py-1 text-blue-800 underline">
          All bills of materials
        </Link>
      </p>
      {bom.data && <BomActions bom={bom.data} />}
      <fieldset className="mb-4 flex flex-wrap gap-x-6">
        <legend className="sr-only">What the forecast counts</legend>
        <Choice
          label="Count supply the vendor has not confirmed"
          checked={choices.includeUnconfirmed}
          onChange={choices.setIncludeUnconfirmed}
        />
        <Choice
          label="This BOM alone (ignore other BOMs' claims on shared parts)"
          checked={choices.alone}
          onChange={choices.setAlone}
        />
      </fieldset>
      <QueryStatus query={forecast} label="the forecast">
        {forecast.data && (
          <div className="space-y-6">
            <Summary forecast={forecast.data} />
            <section aria-labelledby="forecast-chart">
              <h2 id="forecast-chart" className="mb-2 text-lg font-semibold">
                Units you can build, week by week
              </h2>
              <ForecastChart forecast={forecast.data} />
              <p className="mt-2 text-sm text-slate-700">
                Supply counts from its delivery date, else its estimated arrival, else its due date; past-due supply
                counts as arriving today (at risk).{' '}
                {forecast.data.alone
                  ? 'This BOM is seen alone: parts it shares are all its own.'
                  : `Parts shared with other BOMs go first to the BOM whose target falls due first, up to its target; this BOM is number ${String(forecast.data.priority)} in that order.`}
              </p>
              <div className="mt-4">
                <WeekTable forecast={forecast.data} />
              </div>
            </section>
          </div>
        )}
      </QueryStatus>
      {/* One table of the lines: the BOM as it stands, with each line's forecast at the target beside it. It stays
          editable while the forecast loads or fails. */}
      <div className="mt-6">
        <BomLines bomSid={sid} forecast={forecast.data} alone={choices.alone} />
      </div>
      {forecast.data && (
        <div className="mt-6">
          <Trend bomSid={sid} today={forecast.data.today} />
        </div>
      )}
    </>
  );
}
