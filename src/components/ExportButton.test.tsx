import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  getCreateFileExportMockHandler,
  getGetFileExportDownloadUrlMockHandler,
  getGetFileExportMockHandler,
} from '../api/generated/hooks/file-exports/file-exports.msw';
import type { CreateFileExportRequest, FileExport } from '../api/generated/model';
import { renderRoutes } from '../test/render';
import { mswServer } from '../test/setup';
import { ExportButton } from './ExportButton';

const SID = 'FE8ghcjdwj7f4wf7w37crmbphrpyxp';
const URL_OF_FILE = 'http://localhost:3000/files/FIfile?expires=1999999999&signature=abc';

function fileExport(changes: Partial<FileExport> = {}): FileExport {
  return {
    sid: SID,
    created: '2026-03-02T10:00:00Z',
    updated: '2026-03-02T10:00:00Z',
    deleteAfter: '2026-03-09T10:00:00Z',
    status: 'processing',
    fileType: 'csv',
    fieldMappingSid: null,
    query: { entity: 'itemGroups' },
    failureMessage: null,
    ...changes,
  };
}

const routes = [
  {
    path: '/schedule',
    element: (
      <ExportButton
        entity="itemGroups"
        filters={{
          pageSize: 200,
          statusNot: 'canceled',
          orderBy: 'dueDate',
          sortOrder: 'Asc',
          vendorSid: 'VEacme',
          confirmed: false,
          q: undefined,
          sid: ['IGa', 'IGb'],
        }}
      />
    ),
  },
];

async function choose(format: 'CSV' | 'Excel') {
  const user = userEvent.setup();
  await user.click(screen.getByText('Export'));
  await user.click(screen.getByRole('button', { name: `Export ${format}` }));
}

describe('ExportButton', () => {
  it('creates the export with the view’s filters, polls until completed and links the file', async () => {
    const sent: CreateFileExportRequest[] = [];
    let checks = 0;
    let linkAsked = 0;
    mswServer.use(
      getCreateFileExportMockHandler(async ({ request }) => {
        const body = (await request.json()) as CreateFileExportRequest;
        sent.push(body);
        return fileExport({ fileType: 'xlsx', query: body.query as unknown as Record<string, unknown> });
      }),
      getGetFileExportMockHandler(({ params }) => {
        expect(params.sid).toBe(SID);
        checks++;
        return fileExport({ fileType: 'xlsx', status: checks < 3 ? 'processing' : 'completed' });
      }),
      getGetFileExportDownloadUrlMockHandler(() => {
        linkAsked++;
        return { url: URL_OF_FILE, expires: new Date(Date.now() + 15 * 60_000).toISOString() };
      }),
    );
    renderRoutes(routes, '/schedule');
    await choose('Excel');

    expect(sent).toEqual([
      {
        query: {
          entity: 'itemGroups',
          fileType: 'xlsx',
          filters: {
            statusNot: 'canceled',
            orderBy: 'dueDate',
            sortOrder: 'Asc',
            vendorSid: 'VEacme',
            confirmed: false,
            sid: ['IGa', 'IGb'],
          },
        },
      },
    ]);
    const status = screen.getByRole('status');
    await waitFor(() => {
      expect(status.textContent).toBe('Preparing your Excel export…');
    });
    const link = await screen.findByRole('link', { name: 'Download the Excel file' }, { timeout: 4_000 });
    expect(link.getAttribute('href')).toBe(URL_OF_FILE);
    expect(status.textContent).toContain('Your Excel export is ready.');
    expect(status.contains(link)).toBe(true);
    // Settled: the status is asked no more, and the link once.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(checks).toBe(3);
    expect(linkAsked).toBe(1);
    // The menu closed and gave the focus back to its button.
    expect(screen.getByText('Export').closest('details')?.open).toBe(false);
    expect(document.activeElement).toBe(screen.getByText('Export').closest('summary'));
  });

  it('says when the export failed', async () => {
    mswServer.use(
      getCreateFileExportMockHandler(fileExport()),
      getGetFileExportMockHandler(
        fileExport({ status: 'failed', failureMessage: 'The view has more than 200,000 rows' }),
      ),
    );
    renderRoutes(routes, '/schedule');
    await choose('CSV');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The CSV export failed: The view has more than 200,000 rows. Try again, or narrow the filters.',
    );
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('shows the server’s message when the export cannot be started', async () => {
    mswServer.use(
      http.post('*/v1/fileExports', () =>
        HttpResponse.json(
          {
            code: 'invalid_request',
            message: 'query.filters.colour is not a filter of the itemGroups list.',
            field: 'query.filters.colour',
          },
          { status: 400 },
        ),
      ),
    );
    renderRoutes(routes, '/schedule');
    await choose('CSV');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The export could not be started: query.filters.colour is not a filter of the itemGroups list.',
    );
  });
});
