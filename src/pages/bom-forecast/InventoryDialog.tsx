// A part's stock: record a count (what is on the shelf now, or on a day
// given) and see the counts before it, newest first. The latest count is the
// part's stock for clear to build.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import {
  getListInventoryCountsQueryKey,
  useCreateInventoryCount,
  useListInventoryCounts,
} from '../../api/generated/hooks/inventory-counts/inventory-counts';
import { ModalDialog } from '../../components/ConfirmDialog';
import { FormAlert, FormField, formIssueMessage, inputClass, serverErrorFor } from '../../components/FormField';
import { QueryStatus } from '../../components/QueryStatus';
import { notifySuccess } from '../../components/toast';
import { formatCount, formatDateTime } from '../../lib/format';

const countForm = z.object({
  count: z.string().check(z.trim(), z.regex(/^\d{1,15}$/, 'Enter the number on hand, a whole number, e.g. 120.')),
  /** A local date and time from the input, or empty for now; not ahead of now (the server takes a day ahead). */
  recordedAt: z
    .string()
    .check(
      z.refine(
        (value) => !value || new Date(value).getTime() <= Date.now() + 60_000,
        'Enter a time that has passed: a count is of the stock on hand when it was counted.',
      ),
    ),
});
type CountFormValues = z.infer<typeof countForm>;

/** The counts shown; older ones stay in the API's history. */
const HISTORY_SHOWN = 10;

function History({ part }: { part: string }) {
  const history = useListInventoryCounts({ uniqueName: part, pageSize: HISTORY_SHOWN });
  const counts = history.data?.inventoryCounts ?? [];
  return (
    <section aria-labelledby="count-history" className="mt-5">
      <h3 id="count-history" className="mb-2 font-semibold">
        Counts, newest first
      </h3>
      <QueryStatus query={history} label="the counts" isEmpty={counts.length === 0} empty="Never counted: stock is 0.">
        <ol className="divide-y divide-slate-200 rounded border border-slate-200">
          {counts.map((c, index) => (
            <li key={c.sid} className="flex justify-between gap-3 px-3 py-2 text-sm">
              <span>
                {formatDateTime(c.recordingDate)}
                {index === 0 && <span className="ml-2 font-medium text-green-900">current stock</span>}
              </span>
              <span className="font-medium tabular-nums">{formatCount(c.count)}</span>
            </li>
          ))}
        </ol>
      </QueryStatus>
    </section>
  );
}

function CountForm({ part, onCounted }: { part: string; onCounted: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const create = useCreateInventoryCount();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CountFormValues>({
    resolver: zodResolver(countForm, { error: formIssueMessage }),
    defaultValues: { count: '', recordedAt: '' },
  });
  const onSubmit = async (values: CountFormValues) => {
    setFormError(undefined);
    try {
      await create.mutateAsync({
        data: {
          uniqueName: part,
          count: Number(values.count),
          recordingDate: values.recordedAt ? new Date(values.recordedAt).toISOString() : null,
        },
      });
      notifySuccess(`Counted ${formatCount(Number(values.count))} of ${part}.`);
      reset();
      await queryClient.invalidateQueries({ queryKey: getListInventoryCountsQueryKey() });
      onCounted();
    } catch (error) {
      setFormError(serverErrorFor<CountFormValues>(error, ['count'], setError, { recordingDate: 'recordedAt' }));
    }
  };
  return (
    <form onSubmit={(e) => void handleSubmit(onSubmit)(e)} noValidate className="space-y-3">
      <FormAlert message={formError} />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField id={`${id}-count`} label="On hand" error={errors.count?.message}>
          {(a11y) => <input {...a11y} {...register('count')} inputMode="numeric" className={inputClass} />}
        </FormField>
        <FormField id={`${id}-at`} label="Counted at" error={errors.recordedAt?.message} hint="Leave empty for now.">
          {(a11y) => <input {...a11y} {...register('recordedAt')} type="datetime-local" className={inputClass} />}
        </FormField>
      </div>
      <div className="flex justify-end">
        <button
          type="submit"
          disabled={isSubmitting}
          className="min-h-11 rounded bg-blue-800 px-4 font-medium text-white disabled:opacity-60"
        >
          Record count
        </button>
      </div>
    </form>
  );
}

export function InventoryDialog({
  part,
  onClose,
  onCounted,
}: {
  part: string;
  onClose: () => void;
  onCounted: () => void;
}) {
  return (
    <ModalDialog open onClose={onClose} title={`Stock of ${part}`}>
      <CountForm part={part} onCounted={onCounted} />
      <History part={part} />
      <div className="mt-5 flex justify-end">
        <button type="button" onClick={onClose} className="min-h-11 rounded border border-slate-400 px-4">
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
