import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  getCheckBomUploadMockHandler,
  getCheckOpenOrderUploadMockHandler,
} from '../../api/generated/hooks/upload-checks/upload-checks.msw';
import type { UploadCheck } from '../../api/generated/model';
import type { ImportKind } from '../../lib/import-preview/fields';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import { CheckSummary } from './CheckSummary';
import { useCheckUpload } from './upload-api';

/** The page's wiring in small: a button that checks a file, and the summary of the answer. */
function Harness({ kind }: { kind: ImportKind }) {
  const check = useCheckUpload(kind);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          const file = new File(['PO Number,Qty\nPO-1,1\n'], 'orders.csv', { type: 'text/csv' });
          check.check({ file, fileType: 'csv', fieldMappingSid: 'FMsaved', sheetName: null }).catch(() => undefined);
        }}
      >
        Check
      </button>
      <CheckSummary kind={kind} check={check} />
    </>
  );
}

const render = (kind: ImportKind = 'openOrder') =>
  renderRoutes([{ path: '/', Component: () => <Harness kind={kind} /> }], '/');

function answer(overrides: Partial<UploadCheck> = {}): UploadCheck {
  return {
    ok: true,
    kind: 'openOrder',
    message: null,
    fileName: 'orders.csv',
    fileType: 'csv',
    sheetName: null,
    totalRows: 57,
    importedRowCount: 55,
    rejectedRowCount: 2,
    rejectedRows: [
      { rowNumber: 11, column: 'Qty', value: 'abc', message: 'Quantity "abc" is not a number.' },
      { rowNumber: 14, column: 'Part Number', value: '', message: 'Item Unique Name is blank.' },
    ],
    records: [
      { record: 'order', created: 12, updated: 0, unchanged: 1, deleted: 0 },
      { record: 'item', created: 40, updated: 3, unchanged: 0, deleted: 0 },
      { record: 'itemGroup', created: 40, updated: 0, unchanged: 15, deleted: 0 },
    ],
    numberedLines: true,
    customFields: ['Buyer Note', 'Colour'],
    vendorsToCreate: [
      { name: 'Brightline Optics', code: 'V001' },
      { name: 'Northwind Components', code: null },
    ],
    vendorsToCreateTotal: 102,
    itemGroupsMarkedDelivered: 4,
    ...overrides,
  };
}

describe('CheckSummary', () => {
  it('says "Checking the file…" while the check runs, then what the import will do', async () => {
    let release: () => void = () => undefined;
    const sent: FormData[] = [];
    mswServer.use(
      getCheckOpenOrderUploadMockHandler(async ({ request }) => {
        sent.push(await request.formData());
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return answer();
      }),
    );
    render();
    expect(screen.queryByRole('status')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect((await screen.findByRole('status')).textContent).toBe('Checking the file…');
    release();

    const summary = await screen.findByRole('region', { name: 'What the import will do' });
    expect(screen.queryByRole('status')).toBeNull();
    // The same form an upload sends.
    expect(sent[0].get('fieldMappingSid')).toBe('FMsaved');
    expect(sent[0].get('fileType')).toBe('csv');
    expect((sent[0].get('file') as File).name).toBe('orders.csv');

    expect(
      within(summary).getByText(
        'Will create 12 orders, 40 lines and 40 shipments; will update 3 lines; 1 order and 15 shipments unchanged; 2 rows rejected.',
      ),
    ).toBeTruthy();
    expect(
      within(summary).getByText(/57 data rows: 55 to import, 2 rejected\. Nothing has been written yet\./),
    ).toBeTruthy();
    const counts = within(summary).getByRole('table', { name: 'Records the import will create and update' });
    expect(
      within(counts)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['RecordNewUpdatedUnchanged', 'Orders1201', 'Lines4030', 'Shipments40015']);

    const rejected = screen.getByRole('table', { name: 'Rejected rows with their problems' });
    expect(
      within(rejected)
        .getAllByRole('row')
        .slice(1)
        .map((r) =>
          within(r)
            .getAllByRole('cell')
            .map((c) => c.textContent),
        ),
    ).toEqual([
      ['11', 'Qty', 'abc', 'Quantity "abc" is not a number.'],
      ['14', 'Part Number', '—', 'Item Unique Name is blank.'],
    ]);
    expect(screen.getByText('2 rows the import would reject.', { exact: false })).toBeTruthy();

    expect(screen.getByText('102 vendors are new and will be created:')).toBeTruthy();
    const vendors = screen.getByRole('list', { name: 'New vendors' });
    expect(
      within(vendors)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Brightline Optics (code V001)', 'Northwind Components']);
    expect(screen.getByText('and 100 more.')).toBeTruthy();
    expect(screen.getByText('Kept on each line as custom fields: “Buyer Note”, “Colour”.')).toBeTruthy();
    expect(screen.getByText(/each row becomes a line of its order, numbered 1, 2, 3…/)).toBeTruthy();
    expect(screen.getByText('4 open shipments not in the file will be marked delivered.')).toBeTruthy();
  });

  it('shows a file the import would refuse, with the rows its failure names', async () => {
    mswServer.use(
      getCheckOpenOrderUploadMockHandler(
        answer({
          ok: false,
          message: 'Rows 2 and 3 name the same item group "A" of item P1 on order PO-1.',
          totalRows: 2,
          importedRowCount: 0,
          rejectedRowCount: 1,
          rejectedRows: [
            { rowNumber: 3, column: 'Item Group', value: 'A', message: 'Item group "A" is also on row 2.' },
          ],
          records: [],
          customFields: [],
          vendorsToCreate: [],
          vendorsToCreateTotal: 0,
          numberedLines: false,
          itemGroupsMarkedDelivered: null,
        }),
      ),
    );
    render();
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The import would refuse this file; nothing would be imported.');
    expect(alert.textContent).toContain('Rows 2 and 3 name the same item group "A"');
    expect(screen.queryByRole('table', { name: 'Records the import will create and update' })).toBeNull();
    const rejected = screen.getByRole('table', { name: 'Rejected rows with their problems' });
    expect(within(rejected).getAllByRole('row')).toHaveLength(2);
  });

  it('shows why the file could not be checked', async () => {
    mswServer.use(
      http.post('*/v1/openOrderUploads/check', () =>
        HttpResponse.json(
          {
            code: 'invalid_request',
            message: 'fieldMappingSid names no field mapping of yours.',
            field: 'fieldMappingSid',
          },
          { status: 400 },
        ),
      ),
    );
    render();
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The file could not be checked.fieldMappingSid names no field mapping of yours.');
  });

  it('names a BOM’s records and the lines it would delete, and no open-order notes', async () => {
    mswServer.use(
      getCheckBomUploadMockHandler(
        answer({
          kind: 'bom',
          totalRows: 6,
          importedRowCount: 6,
          rejectedRowCount: 0,
          rejectedRows: [],
          records: [
            { record: 'bom', created: 0, updated: 1, unchanged: 0, deleted: 0 },
            { record: 'bomLine', created: 0, updated: 1, unchanged: 4, deleted: 1 },
          ],
          customFields: [],
          vendorsToCreate: [],
          vendorsToCreateTotal: 0,
          numberedLines: false,
          itemGroupsMarkedDelivered: null,
        }),
      ),
    );
    render('bom');
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    const summary = await screen.findByRole('region', { name: 'What the import will do' });
    expect(
      within(summary).getByText('Will update 1 BOM and 1 BOM line; will delete 1 BOM line; 4 BOM lines unchanged.'),
    ).toBeTruthy();
    const counts = within(summary).getByRole('table', { name: 'Records the import will create and update' });
    expect(
      within(counts)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['RecordNewUpdatedDeletedUnchanged', 'BOMs0100', 'BOM lines0114']);
    expect(screen.queryByRole('table', { name: 'Rejected rows with their problems' })).toBeNull();
    expect(screen.queryByText(/vendors? (is|are) new/)).toBeNull();
  });
});
