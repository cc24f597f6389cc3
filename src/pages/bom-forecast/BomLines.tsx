// A BOM's lines as the BOM stands today: each line's part (MPN, or value and
// footprint, with its designators), quantity per unit, stock, what is on order
// split into confirmed, unconfirmed and past due, and the units its stock
// builds; beside them, from the forecast, the units it allows by the target
// date, its standing (in stock, expected by a date, short) and the open order
// lines that supply it. Sorted and narrowed as the bomLines list allows, kept
// in the address. Lines are added, edited and deleted here, and a part's stock
// is counted here (with its history).
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useAddressParams } from '../../components/address-params';
import * as z from 'zod/mini';
import {
  useCreateBomLine,
  useDeleteBomLine,
  useListBomLinesInfinite,
  useUpdateBomLine,
} from '../../api/generated/hooks/bom-lines/bom-lines';
import type {
  BomForecast,
  BomForecastLine,
  BomLine,
  BomLineSupply,
  BomLineOrderBy,
  ListBomLinesParams,
} from '../../api/generated/model';
import { cursorPaging, flattenPages } from '../../api/paging';
import { ConfirmDialog, ModalDialog } from '../../components/ConfirmDialog';
import { ExportButton } from '../../components/ExportButton';
import { FormAlert, FormField, formIssueMessage, inputClass, serverErrorFor } from '../../components/FormField';
import { LoadMore } from '../../components/LoadMore';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { formatCount, formatDate } from '../../lib/format';
import { InventoryDialog } from './InventoryDialog';
import { LineSupply } from './LineSupply';
import { lineStatus } from './line-status';
import { type LineSupplyRead, useLineSupply } from './line-supply-query';
import { useInvalidateBom } from './invalidate';
import {
  STACKED_BODY,
  STACKED_CELL,
  STACKED_ROW,
  STACKED_TABLE,
  STACKED_UNSTICK,
} from '../../components/stacked-table';
import { stickyLastColumn } from '../../components/ResourceTable';
import { HeaderRow, TableRegion } from './tables';

/** The lines table's column headings, which head each cell on phones too (data-label). */
const COLUMN = {
  perUnit: 'Per unit',
  stock: 'Stock',
  onOrder: 'On order',
  unitsFromStock: 'Units from stock',
  status: 'Status',
  openOrders: 'Open orders',
} as const;

const SORTS: { value: string; label: string; orderBy?: BomLineOrderBy; desc?: boolean }[] = [
  { value: '', label: 'As imported' },
  { value: 'ctb', label: 'Fewest units first', orderBy: 'ctb' },
  { value: 'required', label: 'Most needed per unit first', orderBy: 'requiredQuantity', desc: true },
  { value: 'ordered', label: 'Least on order first', orderBy: 'orderedQuantity' },
  { value: 'stock', label: 'Least stock first', orderBy: 'inventoryQuantity' },
];
const FILTERS: { value: string; label: string; params: Partial<ListBomLinesParams> }[] = [
  { value: '', label: 'All lines', params: {} },
  { value: 'no-stock', label: 'No stock', params: { inventoryCountLessThanEqualTo: '0' } },
  { value: 'not-ordered', label: 'Nothing on order', params: { orderedQuantityLessThanEqualTo: '0' } },
];

/** The part as a buyer reads it: its MPN, else value and footprint, else the line's name. */
export function partLabel(line: Pick<BomLine, 'mpn' | 'value' | 'footprint' | 'uniqueName'>): string {
  if (line.mpn) return line.mpn;
  const valueFootprint = [line.value, line.footprint].filter(Boolean).join(' ');
  return valueFootprint || (line.uniqueName ?? 'this line');
}

function useLineListChoices() {
  const [params, setParam] = useAddressParams();
  return {
    sort: SORTS.find((s) => s.value === (params.get('lineSort') ?? '')) ?? SORTS[0],
    filter: FILTERS.find((f) => f.value === (params.get('lines') ?? '')) ?? FILTERS[0],
    setSort: (v: string) => {
      setParam('lineSort', v);
    },
    setFilter: (v: string) => {
      setParam('lines', v);
    },
  };
}

const lineForm = z.object({
  uniqueName: z
    .string()
    .check(z.trim(), z.minLength(1, 'Give the line a name (its reference, e.g. R1).'), z.maxLength(255)),
  requiredQuantity: z.string().check(z.trim(), z.regex(/^\d{1,15}(\.\d{1,6})?$/, 'Enter a quantity per unit, e.g. 2.')),
  mpn: z.string().check(z.maxLength(255)),
  value: z.string().check(z.maxLength(255)),
  footprint: z.string().check(z.maxLength(255)),
  description: z.string().check(z.maxLength(2000)),
  referenceDesignators: z.string().check(z.maxLength(20000)),
  doNotPlace: z.boolean(),
});
type LineFormValues = z.infer<typeof lineForm>;

/** "R1, R2 R3" as ["R1", "R2", "R3"]. */
const designators = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function LineForm({ bomSid, line, onClose }: { bomSid: string; line?: BomLine; onClose: () => void }) {
  const id = useId();
  const invalidate = useInvalidateBom(bomSid);
  const create = useCreateBomLine();
  const update = useUpdateBomLine();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LineFormValues>({
    resolver: zodResolver(lineForm, { error: formIssueMessage }),
    defaultValues: {
      uniqueName: line?.uniqueName ?? '',
      requiredQuantity: line?.requiredQuantity ?? '1',
      mpn: line?.mpn ?? '',
      value: line?.value ?? '',
      footprint: line?.footprint ?? '',
      description: line?.description ?? '',
      referenceDesignators: (line?.referenceDesignators ?? []).join(', '),
      doNotPlace: line?.doNotPlace ?? false,
    },
  });
  const onSubmit = async (values: LineFormValues) => {
    setFormError(undefined);
    const part = {
      requiredQuantity: values.requiredQuantity,
      mpn: orNull(values.mpn),
      value: orNull(values.value),
      footprint: orNull(values.footprint),
      description: orNull(values.description),
      referenceDesignators: designators(values.referenceDesignators),
      doNotPlace: values.doNotPlace,
    };
    try {
      if (line) {
        await update.mutateAsync({ sidOrUniqueName: line.sid, data: part });
        notifySuccess(`Line ${line.uniqueName} saved.`);
      } else {
        await create.mutateAsync({ data: { bomSid, uniqueName: values.uniqueName, ...part } });
        notifySuccess(`Line ${values.uniqueName} added.`);
      }
      await invalidate();
      onClose();
    } catch (error) {
      setFormError(
        serverErrorFor<LineFormValues>(
          error,
          ['uniqueName', 'requiredQuantity', 'mpn', 'value', 'footprint', 'description', 'referenceDesignators'],
          setError,
        ),
      );
    }
  };
  const text = (name: keyof Omit<LineFormValues, 'doNotPlace'>, label: string, hint?: string, disabled = false) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]?.message} hint={hint}>
      {(a11y) => <input {...a11y} {...register(name)} className={inputClass} disabled={disabled} />}
    </FormField>
  );
  return (
    <form onSubmit={(e) => void handleSubmit(onSubmit)(e)} noValidate className="space-y-3">
      <FormAlert message={formError} />
      <div className="grid gap-3 sm:grid-cols-2">
        {text('uniqueName', 'Line', line ? 'A line keeps its name.' : undefined, line !== undefined)}
        {text('requiredQuantity', 'Quantity per unit')}
        {text('mpn', 'Manufacturer part number', 'Leave empty for a part named by value and footprint.')}
        {text('description', 'Description')}
        {text('value', 'Value', 'e.g. 10k, 100nF')}
        {text('footprint', 'Footprint', 'e.g. 0603')}
      </div>
      {text('referenceDesignators', 'Reference designators', 'Separated by commas or spaces: R1, R2, R3.')}
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" className="size-6" {...register('doNotPlace')} />
        <span className="font-medium">Do not place (listed, not fitted; it does not limit the build)</span>
      </label>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="min-h-11 rounded border border-slate-400 px-4">
          Cancel
        </button>
        <button
          type="submit"
          disabled={isSubmitting}
          className="min-h-11 rounded bg-blue-800 px-4 font-medium text-white disabled:opacity-60"
        >
          {line ? 'Save line' : 'Add line'}
        </button>
      </div>
    </form>
  );
}

function OnOrder({ line }: { line: BomLine }) {
  if (!line.orderedQuantity) return <span className="text-slate-700">None</span>;
  return (
    <span className="tabular-nums">
      {formatCount(line.orderedQuantity)}
      <span className="block text-xs text-slate-700">
        {formatCount(line.confirmedQuantity ?? 0)} confirmed · {formatCount(line.unconfirmedQuantity ?? 0)} not
        {line.pastDueQuantity ? (
          <span className="text-red-800"> · {formatCount(line.pastDueQuantity)} past due</span>
        ) : null}
      </span>
    </span>
  );
}

/** The open orders cell: the line's listed supply once read, else a mark (or that it could not be read). */
function SupplyCell({
  bomSid,
  at,
  supplied,
  failed,
}: {
  bomSid: string;
  at: BomForecastLine;
  supplied?: BomLineSupply;
  failed: boolean;
}) {
  if (!supplied) {
    return <span className="text-slate-700">{failed ? 'Open orders could not be loaded.' : '…'}</span>;
  }
  return <LineSupply bomSid={bomSid} line={{ ...supplied, partNumber: at.partNumber }} />;
}

/** The line's forecast columns: units by the date, standing, supply; a mark while the forecast is not there. */
function ForecastCells({
  bomSid,
  at,
  forecast,
  supply,
  unitsLabel,
}: {
  bomSid: string;
  at?: BomForecastLine;
  forecast?: BomForecast;
  supply: LineSupplyRead;
  /** The units column's heading, which the cell shows on phones. */
  unitsLabel: string;
}) {
  if (!at) {
    // Loading, failed (the page says which), or a line added since the forecast was read.
    const mark = forecast ? 'Not in the forecast yet' : '…';
    return (
      <>
        <td data-label={unitsLabel} className={`px-3 py-2 text-right text-slate-700 ${STACKED_CELL}`}>
          …
        </td>
        <td colSpan={2} data-label={COLUMN.status} className={`px-3 py-2 text-slate-700 ${STACKED_CELL}`}>
          {mark}
        </td>
      </>
    );
  }
  const supplied = supply.bySid.get(at.sid);
  const status = lineStatus(at, supplied);
  return (
    <>
      <td data-label={unitsLabel} className={`px-3 py-2 text-right tabular-nums ${STACKED_CELL}`}>
        {at.clearToBuild === null ? '—' : formatCount(at.clearToBuild)}
      </td>
      <td data-label={COLUMN.status} className={`min-w-28 px-3 py-2 font-medium ${status.tone} ${STACKED_CELL}`}>
        {status.text}
      </td>
      <td data-label={COLUMN.openOrders} className={`min-w-56 px-3 py-2 max-sm:col-span-2 ${STACKED_CELL}`}>
        <SupplyCell bomSid={bomSid} at={at} supplied={supplied} failed={supply.failed.has(at.sid)} />
      </td>
    </>
  );
}

function LineRow({
  line,
  bomSid,
  at,
  forecast,
  supply,
  unitsLabel,
  onEdit,
  onDelete,
  onCount,
}: {
  line: BomLine;
  bomSid: string;
  at?: BomForecastLine;
  forecast?: BomForecast;
  supply: LineSupplyRead;
  unitsLabel: string;
  onEdit: () => void;
  onDelete: () => void;
  onCount: () => void;
}) {
  const part = partLabel(line);
  return (
    <tr className={`border-t border-slate-200 align-top ${STACKED_ROW}`}>
      <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-medium max-sm:col-span-2 max-sm:pb-0">
        {line.uniqueName}
      </th>
      <td className="min-w-48 px-3 py-2 max-sm:col-span-2">
        <span className="font-medium">{part}</span>
        {line.doNotPlace && (
          <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs font-medium text-slate-800">do not place</span>
        )}
        {line.description && <span className="block text-xs text-slate-700">{line.description}</span>}
        {line.referenceDesignators?.length ? (
          <span className="block text-xs text-slate-700">{line.referenceDesignators.join(', ')}</span>
        ) : null}
      </td>
      <td data-label={COLUMN.perUnit} className={`px-3 py-2 text-right tabular-nums ${STACKED_CELL}`}>
        {line.requiredQuantity}
      </td>
      <td data-label={COLUMN.stock} className={`px-3 py-2 text-right tabular-nums ${STACKED_CELL}`}>
        <button
          type="button"
          onClick={onCount}
          className="min-h-11 min-w-11 px-1 text-right text-blue-800 underline max-sm:px-0 max-sm:text-left"
          aria-label={`Stock of ${part}: ${formatCount(line.inventoryQuantity ?? 0)}. Count it or see its history`}
        >
          {formatCount(line.inventoryQuantity ?? 0)}
        </button>
      </td>
      <td data-label={COLUMN.onOrder} className={`px-3 py-2 text-right ${STACKED_CELL}`}>
        <OnOrder line={line} />
      </td>
      <td data-label={COLUMN.unitsFromStock} className={`px-3 py-2 text-right tabular-nums ${STACKED_CELL}`}>
        {line.ctb === null || line.ctb === undefined || line.doNotPlace ? '—' : formatCount(line.ctb)}
      </td>
      <ForecastCells bomSid={bomSid} at={at} forecast={forecast} supply={supply} unitsLabel={unitsLabel} />
      {/* Stacked: the row is wide with its forecast beside it. Kept in view at the right edge while the table scrolls
          sideways; on phones, side by side under the card. */}
      <td className={`px-3 py-2 ${stickyLastColumn.cell} ${STACKED_UNSTICK} max-sm:col-span-2 max-sm:py-0`}>
        <div className="flex flex-col items-start max-sm:flex-row max-sm:gap-4">
          <button type="button" onClick={onEdit} className="min-h-11 px-2 text-blue-800 underline">
            Edit<span className="sr-only"> line {line.uniqueName}</span>
          </button>
          <button type="button" onClick={onDelete} className="min-h-11 px-2 text-red-800 underline">
            Delete<span className="sr-only"> line {line.uniqueName}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}

/** The date the forecast columns are at: the target's, or the last week's without a target. */
function forecastDate(forecast: BomForecast | undefined): string | null {
  if (!forecast) return null;
  return forecast.target?.date ?? forecast.points[forecast.points.length - 1]?.date ?? null;
}

export function BomLines({ bomSid, forecast, alone }: { bomSid: string; forecast?: BomForecast; alone: boolean }) {
  const choices = useLineListChoices();
  const invalidate = useInvalidateBom(bomSid);
  const remove = useDeleteBomLine();
  const [editing, setEditing] = useState<BomLine | 'new'>();
  const [deleting, setDeleting] = useState<BomLine>();
  const [counting, setCounting] = useState<BomLine>();
  const listed: ListBomLinesParams = {
    bomSid,
    ...(choices.sort.orderBy ? { orderBy: choices.sort.orderBy, sortOrder: choices.sort.desc ? 'Desc' : 'Asc' } : {}),
    ...choices.filter.params,
  };
  const query = useListBomLinesInfinite({ ...listed, pageSize: 200, includeTotalCount: true }, { query: cursorPaging });
  const lines = flattenPages(query.data, 'bomLines');
  const supply = useLineSupply(
    bomSid,
    (query.data?.pages ?? []).map((page) => page.bomLines.map((l) => l.sid)),
    alone,
  );
  const total = query.data?.pages[0]?.totalCount;
  const forecastLines = new Map((forecast?.lines ?? []).map((l) => [l.sid, l]));
  const date = forecastDate(forecast);
  const unitsLabel = date ? `Units by ${formatDate(date)}` : 'Units by the target';
  const sortId = useId();
  const filterId = useId();
  return (
    <section aria-labelledby="bom-lines" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="bom-lines" className="text-lg font-semibold">
          Bill of materials{total === undefined ? '' : `: ${formatCount(total)} ${total === 1 ? 'line' : 'lines'}`}
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          {/* The file adds each line's shortage at the target and what to order, by the part's usual vendor. */}
          <ExportButton entity="bomLines" filters={listed} label="Export with shortages" />
          <button
            type="button"
            onClick={() => {
              setEditing('new');
            }}
            className="min-h-11 rounded bg-blue-800 px-4 font-medium text-white"
          >
            Add a line
          </button>
        </div>
      </div>
      <div className="flex flex-wrap gap-4">
        <label htmlFor={sortId} className="text-sm font-medium">
          Sort
          <select
            id={sortId}
            className={`${inputClass} min-h-11`}
            value={choices.sort.value}
            onChange={(e) => {
              choices.setSort(e.target.value);
            }}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={filterId} className="text-sm font-medium">
          Show
          <select
            id={filterId}
            className={`${inputClass} min-h-11`}
            value={choices.filter.value}
            onChange={(e) => {
              choices.setFilter(e.target.value);
            }}
          >
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {forecast && date && (
        <p className="text-sm text-slate-700">
          Stock and units from stock are today&rsquo;s. Units by {formatDate(date)}, status and open orders are the
          forecast {forecast.target ? 'at the target date' : 'at the last week shown, as no target is set'}.
        </p>
      )}
      <QueryStatus
        query={query}
        label="the lines"
        isEmpty={lines.length === 0}
        empty={choices.filter.value ? 'No line matches.' : 'This BOM has no lines yet. Add one, or import a BOM file.'}
      >
        <TableRegion label="Lines of the bill of materials">
          <table className={`min-w-full text-sm ${STACKED_TABLE}`}>
            <caption className="sr-only">Lines of the bill of materials</caption>
            <HeaderRow
              stacked
              pinnedLast
              columns={[
                ['Line', false],
                ['Part', false],
                [COLUMN.perUnit, true],
                [COLUMN.stock, true],
                [COLUMN.onOrder, true],
                [COLUMN.unitsFromStock, true],
                [unitsLabel, true],
                [COLUMN.status, false],
                [COLUMN.openOrders, false],
                ['Actions', false],
              ]}
            />
            <tbody className={STACKED_BODY}>
              {lines.map((line) => (
                <LineRow
                  key={line.sid}
                  line={line}
                  bomSid={bomSid}
                  at={forecastLines.get(line.sid)}
                  forecast={forecast}
                  supply={supply}
                  unitsLabel={unitsLabel}
                  onEdit={() => {
                    setEditing(line);
                  }}
                  onDelete={() => {
                    setDeleting(line);
                  }}
                  onCount={() => {
                    setCounting(line);
                  }}
                />
              ))}
            </tbody>
          </table>
        </TableRegion>
        <LoadMore pages={query} />
      </QueryStatus>
      <ModalDialog
        open={editing !== undefined}
        onClose={() => {
          setEditing(undefined);
        }}
        title={editing === 'new' || editing === undefined ? 'Add a line' : `Edit line ${editing.uniqueName}`}
        wide
      >
        <LineForm
          bomSid={bomSid}
          line={editing === 'new' ? undefined : editing}
          onClose={() => {
            setEditing(undefined);
          }}
        />
      </ModalDialog>
      <ConfirmDialog
        open={deleting !== undefined}
        title="Delete this line?"
        confirmLabel="Delete line"
        pending={remove.isPending}
        error={remove.error ? 'The line could not be deleted. Try again.' : undefined}
        onCancel={() => {
          remove.reset();
          setDeleting(undefined);
        }}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(
            { sidOrUniqueName: deleting.sid },
            {
              onSuccess: () => {
                notifySuccess(`Line ${deleting.uniqueName} deleted.`);
                setDeleting(undefined);
                void invalidate();
              },
            },
          );
        }}
      >
        Delete line {deleting?.uniqueName} ({deleting ? partLabel(deleting) : ''}) from this BOM? This cannot be undone.
      </ConfirmDialog>
      {counting && (
        <InventoryDialog
          part={partLabel(counting)}
          onClose={() => {
            setCounting(undefined);
          }}
          onCounted={() => void invalidate()}
        />
      )}
    </section>
  );
}
