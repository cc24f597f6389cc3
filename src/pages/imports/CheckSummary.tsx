// What the import of a file will do, from its check (useCheckUpload) before
// anything is written: the records it creates, updates and leaves as they
// are, the rows it rejects and why, the vendors it creates, the columns kept
// as custom fields; or why it would refuse the file.
import { useId } from 'react';
import type { UploadCheck, UploadCheckRecords, UploadCheckRecordsRecord } from '../../api/generated/model';
import { isApiError } from '../../api/http';
import { RejectedRowsTable } from '../../components/RejectedRowsTable';
import type { ImportKind } from '../../lib/import-preview/fields';
import type { UploadCheckState } from './upload-api';
import { formatCount } from '../../lib/format';

/** Each record type as the app calls it: items are lines, item groups shipments. */
const NAMES: Record<UploadCheckRecordsRecord, readonly [one: string, many: string]> = {
  order: ['order', 'orders'],
  item: ['line', 'lines'],
  itemGroup: ['shipment', 'shipments'],
  bom: ['BOM', 'BOMs'],
  bomLine: ['BOM line', 'BOM lines'],
  inventoryCount: ['inventory count', 'inventory counts'],
};

const counted = (n: number, [one, many]: readonly [string, string]) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "a, b and c" */
function listed(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

type Change = 'created' | 'updated' | 'deleted' | 'unchanged';

function changed(records: readonly UploadCheckRecords[], change: Change): string {
  return listed(records.filter((r) => r[change] > 0).map((r) => counted(r[change], NAMES[r.record])));
}

/** "Will create 12 orders, 40 lines and 40 shipments; will update 3 shipments; 2 rows rejected." */
function checkSentence(check: UploadCheck): string {
  const parts: string[] = [];
  const create = changed(check.records, 'created');
  const update = changed(check.records, 'updated');
  const remove = changed(check.records, 'deleted');
  const same = changed(check.records, 'unchanged');
  if (create) parts.push(`will create ${create}`);
  if (update) parts.push(`will update ${update}`);
  if (remove) parts.push(`will delete ${remove}`);
  if (same) parts.push(`${same} unchanged`);
  if (!create && !update && !remove) parts.unshift('will change nothing');
  if (check.rejectedRowCount > 0) parts.push(`${counted(check.rejectedRowCount, ['row', 'rows'])} rejected`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function errorText(error: unknown): string {
  if (isApiError(error) || error instanceof Error) return error.message;
  return 'Try again.';
}

const BOX = 'rounded border p-3 text-sm';

export function CheckSummary({
  kind,
  check,
}: {
  kind: ImportKind;
  check: Pick<UploadCheckState, 'data' | 'error' | 'isPending'>;
}) {
  const headingId = useId();
  if (check.isPending) {
    return (
      <p role="status" className={`${BOX} border-slate-300 bg-slate-50 text-slate-800`}>
        Checking the file…
      </p>
    );
  }
  if (check.error) {
    return (
      <div role="alert" className={`${BOX} border-red-200 bg-red-50 text-red-900`}>
        <p className="font-medium">The file could not be checked.</p>
        <p className="mt-1">{errorText(check.error)}</p>
      </div>
    );
  }
  const result = check.data;
  if (!result) return null;

  if (!result.ok) {
    return (
      <section aria-labelledby={headingId} className="space-y-3">
        <div role="alert" className={`${BOX} border-red-200 bg-red-50 text-red-900`}>
          <h3 id={headingId} className="font-medium">
            The import would refuse this file; nothing would be imported.
          </h3>
          {result.message ? <p className="mt-1">{result.message}</p> : null}
        </div>
        <RejectedRows check={result} />
      </section>
    );
  }

  const deletes = result.records.some((r) => r.deleted > 0);
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className={`${BOX} border-slate-300 bg-white`}>
        <h3 id={headingId} className="font-semibold">
          What the import will do
        </h3>
        <p className="mt-1">{checkSentence(result)}</p>
        <p className="mt-1 text-slate-700">
          {counted(result.totalRows, ['data row', 'data rows'])}
          {result.sheetName ? ` on sheet “${result.sheetName}”` : ''}: {formatCount(result.importedRowCount)} to import,{' '}
          {formatCount(result.rejectedRowCount)} rejected. Nothing has been written yet.
        </p>
        <table className="mt-2 text-left tabular-nums">
          <caption className="sr-only">Records the import will create and update</caption>
          <thead className="text-slate-700">
            <tr>
              <th scope="col" className="py-1 pr-4 font-semibold">
                Record
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-semibold">
                New
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-semibold">
                Updated
              </th>
              {deletes ? (
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  Deleted
                </th>
              ) : null}
              <th scope="col" className="py-1 text-right font-semibold">
                Unchanged
              </th>
            </tr>
          </thead>
          <tbody>
            {result.records.map((r) => (
              <tr key={r.record} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-4 font-normal">
                  {NAMES[r.record][1].charAt(0).toUpperCase() + NAMES[r.record][1].slice(1)}
                </th>
                <td className="py-1 pr-4 text-right">{formatCount(r.created)}</td>
                <td className="py-1 pr-4 text-right">{formatCount(r.updated)}</td>
                {deletes ? <td className="py-1 pr-4 text-right">{formatCount(r.deleted)}</td> : null}
                <td className="py-1 text-right">{formatCount(r.unchanged)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {deletes ? (
          <p className="mt-2 text-slate-700">
            A BOM is made exactly the file’s: its lines the file no longer has are deleted.
          </p>
        ) : null}
      </div>

      {kind === 'openOrder' ? <OpenOrderNotes check={result} /> : null}
      <RejectedRows check={result} />
    </section>
  );
}

/** Vendors created, custom fields kept, numbered lines, shipments marked delivered. */
function OpenOrderNotes({ check }: { check: UploadCheck }) {
  const more = check.vendorsToCreateTotal - check.vendorsToCreate.length;
  return (
    <>
      {check.vendorsToCreateTotal > 0 ? (
        <div className={`${BOX} border-slate-300 bg-slate-50 text-slate-800`}>
          <p className="font-medium">
            {check.vendorsToCreateTotal === 1
              ? 'One vendor is new and will be created:'
              : `${formatCount(check.vendorsToCreateTotal)} vendors are new and will be created:`}
          </p>
          <ul aria-label="New vendors" className="mt-1 list-disc pl-5">
            {check.vendorsToCreate.map((v) => (
              <li key={v.name}>
                {v.name}
                {v.code ? <span className="text-slate-700"> (code {v.code})</span> : null}
              </li>
            ))}
          </ul>
          {more > 0 ? <p className="mt-1">and {formatCount(more)} more.</p> : null}
          <p className="mt-1 text-slate-700">
            Check the spelling: a vendor named a little differently from one you have becomes a new vendor.
          </p>
        </div>
      ) : null}
      {check.customFields.length > 0 ? (
        <p className={`${BOX} border-slate-300 bg-slate-50 text-slate-800`}>
          Kept on each line as {check.customFields.length === 1 ? 'a custom field' : 'custom fields'}:{' '}
          {check.customFields.map((name) => `“${name}”`).join(', ')}.
        </p>
      ) : null}
      {check.numberedLines ? (
        <p className={`${BOX} border-slate-300 bg-slate-50 text-slate-800`}>
          The file has no item or line column: each row becomes a line of its order, numbered 1, 2, 3… in file order.
        </p>
      ) : null}
      {check.itemGroupsMarkedDelivered !== null && check.itemGroupsMarkedDelivered > 0 ? (
        <p className={`${BOX} border-amber-300 bg-amber-50 text-amber-950`}>
          {counted(check.itemGroupsMarkedDelivered, ['open shipment', 'open shipments'])} not in the file will be marked
          delivered.
        </p>
      ) : null}
    </>
  );
}

function RejectedRows({ check }: { check: UploadCheck }) {
  const headingId = useId();
  if (check.rejectedRows.length === 0) return null;
  const shown = check.rejectedRows.length;
  return (
    <div>
      <h3 id={headingId} className="font-semibold">
        Rejected rows
      </h3>
      <p className="mb-2 text-sm text-slate-700">
        {shown < check.rejectedRowCount
          ? `The first ${formatCount(shown)} of ${formatCount(check.rejectedRowCount)} rows the import would reject.`
          : `${counted(check.rejectedRowCount, ['row', 'rows'])} the import would reject.`}{' '}
        {check.ok ? 'The other rows are imported; fix these and import the file again to add them.' : ''}
      </p>
      <RejectedRowsTable
        caption="Rejected rows with their problems"
        region={{ labelledBy: headingId }}
        // A row may have more than one problem (a refused file's logs): its place keeps keys apart.
        rows={check.rejectedRows.map((row, i) => ({ ...row, key: `${String(row.rowNumber)}-${String(i)}` }))}
      />
    </div>
  );
}
