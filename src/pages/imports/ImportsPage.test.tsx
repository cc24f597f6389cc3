import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as XLSX from '@e965/xlsx';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  getCreateFieldMappingMockHandler,
  getListFieldMappingsMockHandler,
} from '../../api/generated/hooks/field-mappings/field-mappings.msw';
import {
  getCreateMappedFieldMockHandler,
  getListMappedFieldsMockHandler,
} from '../../api/generated/hooks/mapped-fields/mapped-fields.msw';
import { getListBomUploadsMockHandler } from '../../api/generated/hooks/bom-uploads/bom-uploads.msw';
import { getCheckOpenOrderUploadMockHandler } from '../../api/generated/hooks/upload-checks/upload-checks.msw';
import { getListOpenOrderUploadLogsMockHandler } from '../../api/generated/hooks/open-order-upload-logs/open-order-upload-logs.msw';
import { getListOpenOrderUploadsMockHandler } from '../../api/generated/hooks/open-order-uploads/open-order-uploads.msw';
import {
  getCreateOpenOrderUploadMockHandler,
  getDeleteOpenOrderUploadMockHandler,
  getGetOpenOrderUploadMockHandler,
} from '../../api/generated/hooks/upload-an-open-order-file/upload-an-open-order-file.msw';
import type { CreateMappedFieldRequest, FieldMapping, MappedField } from '../../api/generated/model';
import { readPreview } from '../../lib/import-preview/read';
import { readWorkbookPreview } from '../../lib/import-preview/read-workbook';
import { renderRoutes } from '../../test/render';
import { openOrderUpload as upload } from '../../test/records';
import { mswServer } from '../../test/setup';
import ImportsPage from './ImportsPage';

const routes = [{ path: '/imports', Component: ImportsPage }];
const noPage = { previousPageToken: null, nextPageToken: null };

/**
 * happy-dom runs no module workers: this stand-in answers the page's preview
 * requests with the workers' own reading code, in the same message shape.
 */
class InProcessWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private readonly read: typeof readPreview;
  constructor(url: URL) {
    this.read = url.pathname.endsWith('workbook.worker.ts') ? readWorkbookPreview : readPreview;
  }
  postMessage({ id, file }: { id: number; file: Blob }) {
    void this.read(file).then((preview) => {
      this.onmessage?.({ data: { id, preview } });
    });
  }
  terminate() {
    // Nothing runs between messages.
  }
}

function mapping(sid: string, name: string, created = '2026-02-01T00:00:00Z'): FieldMapping {
  return { sid, name, created, updated: created, organizationSid: 'OGdemo', importAllowed: true, exportAllowed: false };
}

function mapped(fieldMappingSid: string, name: string, mappedFieldType: string): MappedField {
  const at = '2026-02-01T00:00:00Z';
  return { sid: `MF${name}`, created: at, updated: at, fieldMappingSid, name, mappedFieldType };
}

/** The organization's saved mappings and their mapped fields, answered by fieldMappingSid. */
function savedMappings(mappings: FieldMapping[], fields: MappedField[]) {
  mswServer.use(
    getListFieldMappingsMockHandler({ fieldMappings: mappings, page: noPage }),
    getListMappedFieldsMockHandler(({ request }) => {
      const sid = new URL(request.url).searchParams.get('fieldMappingSid');
      return { mappedFields: fields.filter((f) => f.fieldMappingSid === sid), page: noPage };
    }),
  );
}

const ERP_EXPORT = [
  'Open Purchase Order Report,,,,',
  'Run date: 3/1/2026,,,,',
  'Cust PO,Vendor,Part Number,Qty,Notes',
  'PO-1001,Northwind,CAP-100N,"1,000",first',
  'PO-1001,Northwind,RES-10K,10,',
  ',,,,',
  'PO-1002,Contoso,BRK-7,25,rush',
  'Total,,,1035,',
].join('\r\n');

async function drop(text: string, name = 'orders.csv', label = 'Open-order file') {
  const file = new File([text], name, { type: 'text/csv' });
  const input = screen.getByRole('group', { name: label }).querySelector('input[type=file]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
  await userEvent.upload(input, file);
  return file;
}

const select = (column: string) => screen.getByRole<HTMLSelectElement>('combobox', { name: column });

beforeEach(() => {
  vi.stubGlobal('Worker', InProcessWorker);
  savedMappings([], []);
  mswServer.use(getListOpenOrderUploadsMockHandler({ openOrderUploads: [], page: noPage }));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ImportsPage', () => {
  it('previews the file from the header row found below its title lines', async () => {
    renderRoutes(routes, '/imports');
    await drop(ERP_EXPORT);
    const preview = await screen.findByRole('table', { name: /^Preview/ });
    expect(
      screen.getByText('CSV, UTF-8, comma-separated; header on row 3 (2 lines above it skipped); 3 data rows.'),
    ).toBeTruthy();
    const rows = within(preview).getAllByRole('row');
    expect(
      within(rows[0])
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Row 3', 'Cust PO', 'Vendor', 'Part Number', 'Qty', 'Notes']);
    // Blank and totals rows are left out, as the server leaves them out; row numbers are the file's.
    expect(rows.slice(1).map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['4', '5', '7']);
    expect(within(rows[1]).getAllByRole('cell')[3].textContent).toBe('1,000');
  });

  it('pre-fills the mapping from the header synonyms and from the saved mapping', async () => {
    savedMappings(
      [mapping('FMsaved', 'Open-order import (last-month.csv)'), mapping('FMbom', 'BOM import (board.csv)')],
      [mapped('FMsaved', 'Cust PO', 'orderUniqueName'), mapped('FMbom', 'Notes', 'description')],
    );
    renderRoutes(routes, '/imports');
    await drop(ERP_EXPORT);
    await screen.findByRole('table', { name: 'Column mapping' });
    await waitFor(() => {
      expect(select('Cust PO').value).toBe('orderUniqueName');
    });
    expect(select('Cust PO').getAttribute('aria-describedby')).toBeTruthy();
    const hint = (column: string) => document.getElementById(select(column).getAttribute('aria-describedby') ?? '');
    expect(hint('Cust PO')?.textContent).toBe('from your saved mapping');
    expect(select('Vendor').value).toBe('vendorName');
    expect(select('Part Number').value).toBe('itemUniqueName');
    expect(select('Qty').value).toBe('quantity');
    expect(hint('Qty')?.textContent).toBe('recognised column name');
    // Another kind's mapping (a BOM's "Notes") is not used for open orders: a column no field holds is kept
    // on the line as a custom field, and the page says so.
    expect(select('Notes').value).toBe('customField');
    expect(hint('Notes')?.textContent).toBe('no field of ours: kept on each line, shown as a column');
    expect(screen.getByText(/One column has no field of ours and is kept on each line/).textContent).toContain(
      '“Notes”',
    );
    expect(screen.getByRole('button', { name: 'Import 3 rows' })).toHaveProperty('disabled', false);
  });

  it('keeps the form ready while a mapping a colleague saved since is read', async () => {
    savedMappings(
      [mapping('FMsaved', 'Open-order import (last-month.csv)')],
      [mapped('FMsaved', 'Cust PO', 'orderUniqueName')],
    );
    const { queryClient } = renderRoutes(routes, '/imports');
    await drop(ERP_EXPORT);
    await waitFor(() => {
      expect(select('Cust PO').value).toBe('orderUniqueName');
    });
    const importButton = screen.getByRole('button', { name: 'Import 3 rows' });
    expect(importButton).toHaveProperty('disabled', false);
    // A colleague's import saves another mapping; its fields are slow to come.
    let answer: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (answer = resolve));
    mswServer.use(
      getListFieldMappingsMockHandler({
        fieldMappings: [
          mapping('FMnew', 'Open-order import (colleague.csv)', '2026-03-01T00:00:00Z'),
          mapping('FMsaved', 'Open-order import (last-month.csv)'),
        ],
        page: noPage,
      }),
      http.get('*/v1/mappedFields', async ({ request }) => {
        const sid = new URL(request.url).searchParams.get('fieldMappingSid');
        if (sid === 'FMnew') await slow;
        const fields = sid === 'FMsaved' ? [mapped('FMsaved', 'Cust PO', 'orderUniqueName')] : [];
        return HttpResponse.json({ mappedFields: fields, page: noPage });
      }),
    );
    await queryClient.invalidateQueries();
    await waitFor(() => {
      expect(queryClient.isFetching({ predicate: (q) => JSON.stringify(q.queryKey).includes('FMnew') })).toBe(1);
    });
    expect(screen.getByRole('button', { name: 'Import 3 rows' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: 'Check what will change' })).toHaveProperty('disabled', false);
    expect(select('Cust PO').value).toBe('orderUniqueName');
    // Its fields come: nothing is left in flight after the test.
    answer();
    await waitFor(() => {
      expect(queryClient.isFetching()).toBe(0);
    });
  });

  it('tells what a required field lacks before anything is sent', async () => {
    renderRoutes(routes, '/imports');
    await drop(['PO Number,Part Number,Amount', 'PO-1,P-1,4'].join('\n'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No column is imported as Quantity.');
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toHaveProperty('disabled', true);

    await userEvent.selectOptions(select('Amount'), 'Quantity');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toHaveProperty('disabled', false);

    await userEvent.selectOptions(select('PO Number'), 'Quantity');
    expect((await screen.findByRole('alert')).textContent).toContain(
      '“PO Number” and “Amount” are all imported as Quantity; keep one.',
    );
    expect(screen.getByRole('alert').textContent).toContain('No column is imported as Order Unique Name.');
  });

  it('asks which column names the part when a BOM has quantities but no part column', async () => {
    mswServer.use(getListBomUploadsMockHandler({ bomUploads: [], page: noPage }));
    renderRoutes(routes, '/imports?kind=boms');
    await drop(['Qty,Designator,Notes', '2,"R1, R2",pull-up 10k 0603'].join('\n'), 'board.csv', 'BOM file');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No column says which part each line is');
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toHaveProperty('disabled', true);
    // Other columns of a BOM are not kept as custom fields: BOM lines have none.
    expect(select('Notes').value).toBe('ignore');

    await userEvent.selectOptions(select('Notes'), 'Description');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toHaveProperty('disabled', false);
  });

  it('offers the field a misspelled column name is near, without taking it', async () => {
    renderRoutes(routes, '/imports');
    await drop(['PO Number,Part Number,Quantitiy,Notes', 'PO-1,P-1,4,rush'].join('\n'));
    // Not taken: the column stays out and Quantity is missing until the user accepts the offer.
    expect((await screen.findByRole('alert')).textContent).toContain('No column is imported as Quantity.');
    expect(select('Quantitiy').value).toBe('ignore');
    const offer = screen.getByRole('button', { name: 'Use Quantity?' });
    expect(offer.getAttribute('aria-describedby')).toBe(
      within(screen.getByRole('rowheader', { name: 'Quantitiy' }))
        .getByText('Quantitiy')
        .getAttribute('id'),
    );
    // A column named like no field gets no offer.
    expect(screen.getAllByRole('button', { name: /^Use / })).toHaveLength(1);

    await userEvent.click(offer);
    expect(select('Quantitiy').value).toBe('quantity');
    expect(document.getElementById(select('Quantitiy').getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'chosen by you',
    );
    expect(screen.queryByRole('button', { name: 'Use Quantity?' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toHaveProperty('disabled', false);
  });

  it('asks whether an ambiguous date column is day or month first, and saves the answer with the mapping', async () => {
    const createdFields: CreateMappedFieldRequest[] = [];
    mswServer.use(
      getCreateFieldMappingMockHandler(() => mapping('FMdates', 'Open-order import (orders.csv)')),
      getCreateMappedFieldMockHandler(async ({ request }) => {
        const body = (await request.json()) as CreateMappedFieldRequest;
        createdFields.push(body);
        return mapped(body.fieldMappingSid, body.name, body.mappedFieldType);
      }),
      getCreateOpenOrderUploadMockHandler(() => upload({ fieldMappingSid: 'FMdates' })),
      getGetOpenOrderUploadMockHandler(() => upload()),
    );
    renderRoutes(routes, '/imports');
    await drop(['PO Number,Line,Qty,Need By,Ship', 'PO-1,1,4,03/04/2026,25/03/2026', 'PO-1,2,5,05.06.26,'].join('\n'));
    // "Ship" has a value above 12 in the first place: it is settled, and only "Need By" is asked about.
    const question = await screen.findByRole('group', { name: /Dates in “Need By”, such as 03\/04\/2026/ });
    expect(screen.getAllByRole('group', { name: /^Dates in / })).toHaveLength(1);
    const importButton = screen.getByRole('button', { name: 'Import 2 rows' });
    expect(importButton).toHaveProperty('disabled', true);
    const dayFirst = within(question).getByRole('radio', { name: 'Day first (3 Apr 2026)' });
    expect(within(question).getByRole('radio', { name: 'Month first (4 Mar 2026)' })).toBeTruthy();
    await userEvent.click(dayFirst);
    expect(importButton).toHaveProperty('disabled', false);
    await userEvent.click(importButton);
    await waitFor(() => {
      expect(createdFields).toHaveLength(5);
    });
    expect(createdFields.find((f) => f.name === 'Need By')).toMatchObject({
      mappedFieldType: 'dueDate',
      dateOrder: 'dayFirst',
    });
    expect(createdFields.find((f) => f.name === 'Ship')?.dateOrder).toBe(null);
  });

  it('offers the sheets of a workbook, starts with the one listing the lines, and sends the sheet shown', async () => {
    let sent: FormData | null = null;
    mswServer.use(
      getCreateFieldMappingMockHandler(() => mapping('FMsheet', 'Open-order import (report.xlsx)')),
      getCreateMappedFieldMockHandler(async ({ request }) => {
        const body = (await request.json()) as CreateMappedFieldRequest;
        return mapped(body.fieldMappingSid, body.name, body.mappedFieldType);
      }),
      getCreateOpenOrderUploadMockHandler(async ({ request }) => {
        sent = await request.formData();
        return upload({ fieldMappingSid: 'FMsheet' });
      }),
      getGetOpenOrderUploadMockHandler(() => upload()),
    );
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ['Row Labels', 'Sum of Qty'],
        ['PO-1', 9],
      ]),
      'Pivot',
    );
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ['PO Number', 'Line', 'Qty'],
        ['PO-1', 1, 4],
        ['PO-1', 2, 5],
      ]),
      'Open lines',
    );
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ['PO Number', 'Line', 'Qty'],
        ['PO-9', 1, 7],
      ]),
      'Closed',
    );
    const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    renderRoutes(routes, '/imports');
    const input = screen.getByRole('group', { name: 'Open-order file' }).querySelector('input[type=file]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
    await userEvent.upload(input, new File([bytes], 'report.xlsx'));
    const sheet = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Sheet' });
    expect(sheet.value).toBe('Open lines');
    expect([...sheet.options].map((o) => o.textContent)).toEqual([
      'Pivot (2 rows)',
      'Open lines (3 rows)',
      'Closed (2 rows)',
    ]);
    await userEvent.selectOptions(sheet, 'Closed');
    await userEvent.click(await screen.findByRole('button', { name: 'Import 1 row' }));
    await waitFor(() => {
      expect(sent).not.toBe(null);
    });
    expect((sent as unknown as FormData).get('sheetName')).toBe('Closed');
  });

  it('says that rows are numbered as lines when no column is the item or the line', async () => {
    renderRoutes(routes, '/imports');
    await drop(['PO Number,Vendor,Qty', 'PO-1,Acme,4', 'PO-1,Acme,5'].join('\n'));
    expect(await screen.findByText(/each row becomes a line of its order, numbered 1, 2, 3…/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import 2 rows' })).toHaveProperty('disabled', false);
    await userEvent.selectOptions(select('Vendor'), 'Line Number');
    expect(screen.queryByText(/each row becomes a line of its order/)).toBeNull();
  });

  it('checks what the import will do before anything is written, and forgets it when the mapping changes', async () => {
    const checked: FormData[] = [];
    mswServer.use(
      getCreateFieldMappingMockHandler(() => mapping('FMchecked', 'Open-order import (orders.csv)')),
      getCreateMappedFieldMockHandler(async ({ request }) => {
        const body = (await request.json()) as CreateMappedFieldRequest;
        return mapped(body.fieldMappingSid, body.name, body.mappedFieldType);
      }),
      getCheckOpenOrderUploadMockHandler(async ({ request }) => {
        checked.push(await request.formData());
        return {
          ok: true,
          kind: 'openOrder',
          message: null,
          fileName: 'orders.csv',
          fileType: 'csv',
          sheetName: null,
          totalRows: 2,
          importedRowCount: 2,
          rejectedRowCount: 0,
          rejectedRows: [],
          records: [
            { record: 'order', created: 1, updated: 0, unchanged: 0, deleted: 0 },
            { record: 'item', created: 2, updated: 0, unchanged: 0, deleted: 0 },
            { record: 'itemGroup', created: 2, updated: 0, unchanged: 0, deleted: 0 },
          ],
          numberedLines: true,
          customFields: [],
          vendorsToCreate: [{ name: 'V001', code: 'V001' }],
          vendorsToCreateTotal: 1,
          itemGroupsMarkedDelivered: null,
        };
      }),
    );
    renderRoutes(routes, '/imports');
    await drop(['PO Number,Vendor Code,Qty', 'PO-1,V001,4', 'PO-1,V001,5'].join('\n'));
    await userEvent.click(await screen.findByRole('button', { name: 'Check what will change' }));
    const summary = await screen.findByRole('region', { name: 'What the import will do' });
    expect(within(summary).getByText(/Will create 1 order, 2 lines and 2 shipments/)).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'New vendors' })).getAllByText(/V001/).length).toBeGreaterThan(0);
    // The check reads the file with the mapping the import will use, and writes nothing: no upload was sent.
    expect(checked).toHaveLength(1);
    expect(checked[0].get('fieldMappingSid')).toBe('FMchecked');

    await userEvent.selectOptions(select('Vendor Code'), 'Vendor Name');
    expect(screen.queryByRole('region', { name: 'What the import will do' })).toBeNull();
  });

  it('saves the fixed mapping, sends its sid with the file, and watches the upload', async () => {
    const createdMappings: unknown[] = [];
    const createdFields: CreateMappedFieldRequest[] = [];
    let sent: FormData | null = null;
    let polls = 0;
    mswServer.use(
      getCreateFieldMappingMockHandler(async ({ request }) => {
        createdMappings.push(await request.json());
        return mapping('FMcreated', 'Open-order import (orders.csv)');
      }),
      getCreateMappedFieldMockHandler(async ({ request }) => {
        const body = (await request.json()) as CreateMappedFieldRequest;
        createdFields.push(body);
        return mapped(body.fieldMappingSid, body.name, body.mappedFieldType);
      }),
      getCreateOpenOrderUploadMockHandler(async ({ request }) => {
        sent = await request.formData();
        return upload({ fieldMappingSid: 'FMcreated' });
      }),
      getGetOpenOrderUploadMockHandler(() => {
        polls++;
        return upload({
          status: 'completed',
          rowCountTotal: 3,
          rowsProcessed: 3,
          rowCountCreated: 3,
          rowCountSuccess: 3,
          rowCountFailure: 0,
        });
      }),
      getListOpenOrderUploadLogsMockHandler({ openOrderUploadLogs: [], page: noPage }),
    );
    const { router } = renderRoutes(routes, '/imports');
    const file = await drop(ERP_EXPORT);
    await screen.findByRole('table', { name: 'Column mapping' });
    // "Cust PO" is not a name the server knows (so it would be kept as a custom field): the user maps it.
    expect(select('Cust PO').value).toBe('customField');
    await userEvent.selectOptions(select('Cust PO'), 'Order Unique Name');
    expect(document.getElementById(select('Cust PO').getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'chosen by you',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Import 3 rows' }));

    expect(await screen.findByText('Imported 3 of 3 rows.')).toBeTruthy();
    expect(createdMappings).toEqual([
      { name: 'Open-order import (orders.csv)', importAllowed: true, exportAllowed: false },
    ]);
    expect(createdFields.map((f) => [f.fieldMappingSid, f.name, f.mappedFieldType])).toEqual(
      expect.arrayContaining([
        ['FMcreated', 'Cust PO', 'orderUniqueName'],
        ['FMcreated', 'Vendor', 'vendorName'],
        ['FMcreated', 'Part Number', 'itemUniqueName'],
        ['FMcreated', 'Qty', 'quantity'],
        ['FMcreated', 'Notes', 'customField'],
      ]),
    );
    expect(createdFields).toHaveLength(5);
    const form = sent as unknown as FormData;
    expect(form.get('fieldMappingSid')).toBe('FMcreated');
    expect(form.get('fileType')).toBe('csv');
    const sentFile = form.get('file');
    expect(sentFile instanceof Blob ? await sentFile.text() : null).toBe(await file.text());
    expect(router.state.location.search).toBe('?kind=open-orders&upload=UPnew00000000000000000000000000');
    expect(screen.getByRole('link', { name: 'See the orders' }).getAttribute('href')).toBe('/orders');
    // The form is ready for the next file.
    expect(screen.queryByRole('table', { name: 'Column mapping' })).toBeNull();
    expect(polls).toBeGreaterThanOrEqual(1);
  });

  it('sends a saved mapping that already reads the file this way, instead of saving a copy', async () => {
    savedMappings(
      [mapping('FMsame', 'Open-order import (february.csv)')],
      [
        mapped('FMsame', 'Cust PO', 'orderUniqueName'),
        mapped('FMsame', 'Vendor', 'vendorName'),
        mapped('FMsame', 'Part Number', 'itemUniqueName'),
        mapped('FMsame', 'Qty', 'quantity'),
        mapped('FMsame', 'Notes', 'ignore'),
      ],
    );
    let created = 0;
    let sent: FormData | null = null;
    mswServer.use(
      getCreateFieldMappingMockHandler(() => {
        created++;
        return mapping('FMcopy', 'copy');
      }),
      getCreateOpenOrderUploadMockHandler(async ({ request }) => {
        sent = await request.formData();
        return upload({ fieldMappingSid: 'FMsame' });
      }),
      getGetOpenOrderUploadMockHandler(upload({ rowCountTotal: 3, rowsProcessed: 1 })),
    );
    renderRoutes(routes, '/imports');
    await drop(ERP_EXPORT);
    await waitFor(() => {
      expect(select('Cust PO').value).toBe('orderUniqueName');
    });
    await userEvent.click(screen.getByRole('button', { name: 'Import 3 rows' }));
    expect(await screen.findByText('1 of 3 rows')).toBeTruthy();
    expect((sent as unknown as FormData).get('fieldMappingSid')).toBe('FMsame');
    expect(created).toBe(0);
  });

  it('shows the server’s refusal and keeps the file to try again', async () => {
    mswServer.use(
      getCreateFieldMappingMockHandler(mapping('FMcreated', 'x')),
      getCreateMappedFieldMockHandler(mapped('FMcreated', 'x', 'ignore')),
      // The generated handler answers 202; a refusal is a plain handler.
      http.post('*/v1/openOrderUploads', () =>
        HttpResponse.json(
          { code: 'payload_too_large', message: 'uploads may be 50 MB at most.', field: 'file' },
          { status: 413 },
        ),
      ),
    );
    renderRoutes(routes, '/imports');
    await drop(['PO Number,Part Number,Qty', 'PO-1,P-1,4'].join('\n'));
    await userEvent.click(await screen.findByRole('button', { name: 'Import 1 row' }));
    expect((await screen.findByRole('alert')).textContent).toBe('uploads may be 50 MB at most.');
    expect(screen.getByRole('button', { name: 'Import 1 row' })).toHaveProperty('disabled', false);
  });

  it('refuses a file whose content is not CSV, whatever its name', async () => {
    renderRoutes(routes, '/imports');
    await drop('%PDF-1.7\nbinary', 'orders.csv');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The file is a PDF document, not CSV text or an Excel workbook (.csv, .xlsx, .xls).',
    );
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
  });

  it('lists past uploads and deletes one after asking', async () => {
    let uploads = [
      upload({
        sid: 'UPold',
        status: 'completed',
        fileName: 'january.csv',
        rowCountTotal: 120,
        rowCountCreated: 100,
        rowCountUpdated: 15,
        rowCountFailure: 5,
      }),
    ];
    let deleted: string | null = null;
    mswServer.use(
      getListOpenOrderUploadsMockHandler(({ request }) => {
        // Newest first, as a history reads.
        expect(new URL(request.url).searchParams.get('sortOrder')).toBe('Desc');
        return { openOrderUploads: uploads, page: noPage };
      }),
      getDeleteOpenOrderUploadMockHandler(({ params }) => {
        deleted = String(params.sid);
        uploads = [];
      }),
    );
    renderRoutes(routes, '/imports');
    const table = await screen.findByRole('table', { name: 'Past open orders imports' });
    const row = within(table).getAllByRole('row')[1];
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(1, 8),
    ).toEqual(['Ada Buyer', 'january.csv', '✓ Completed', '120', '100', '15', '5']);
    expect(within(row).getByRole('link', { name: 'Show january.csv' }).getAttribute('href')).toBe(
      '/imports?kind=open-orders&upload=UPold',
    );
    await userEvent.click(within(row).getByRole('button', { name: 'Delete january.csv' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this import?' });
    expect(dialog.textContent).toContain('The orders it imported stay.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('No files imported yet.')).toBeTruthy();
    expect(deleted).toBe('UPold');
  });
});
