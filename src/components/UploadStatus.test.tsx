import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getListOpenOrderUploadLogsMockHandler } from '../api/generated/hooks/open-order-upload-logs/open-order-upload-logs.msw';
import { getGetRejectedRowsDownloadUrlMockHandler } from '../api/generated/hooks/upload-rejected-rows/upload-rejected-rows.msw';
import {
  getGetOpenOrderUploadDownloadUrlMockHandler,
  getGetOpenOrderUploadMockHandler,
} from '../api/generated/hooks/upload-an-open-order-file/upload-an-open-order-file.msw';
import type { OpenOrderUpload, UploadLog } from '../api/generated/model';
import { renderRoutes } from '../test/render';
import { openOrderUpload } from '../test/records';
import { mswServer } from '../test/setup';
import { UploadStatus } from './UploadStatus';

const SID = 'UP8ghcjdwj7f4wf7w37crmbphrpyxp';
const routes = [
  {
    path: '/imports',
    element: <UploadStatus kind="openOrder" sid={SID} result={{ to: '/orders', label: 'See the orders' }} />,
  },
];

function upload(changes: Partial<OpenOrderUpload>): OpenOrderUpload {
  return openOrderUpload({ sid: SID, fileName: 'open-orders.csv', ...changes });
}

const completed = upload({
  status: 'completed',
  rowCountTotal: 100,
  rowsProcessed: 100,
  rowCountCreated: 60,
  rowCountUpdated: 38,
  rowCountSuccess: 98,
  rowCountFailure: 2,
  hasRejectedRowsFile: true,
});

function log(rowNumber: number, column: string | null, value: string | null, message: string): UploadLog {
  return { sid: `UL${rowNumber}`, created: '2026-03-02T10:00:05Z', uploadSid: SID, rowNumber, column, value, message };
}

const noPage = { previousPageToken: null, nextPageToken: null };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('UploadStatus', () => {
  it('polls with a growing interval while processing, shows the progress, and stops at completed', async () => {
    const answers = [upload({}), upload({ rowCountTotal: 100, rowsProcessed: 40 }), completed];
    const seen: number[] = [];
    const started = Date.now();
    mswServer.use(
      getGetOpenOrderUploadMockHandler(() => {
        seen.push(Date.now() - started);
        return answers[Math.min(seen.length - 1, answers.length - 1)];
      }),
      getListOpenOrderUploadLogsMockHandler({ openOrderUploadLogs: [], page: noPage }),
    );
    renderRoutes(routes, '/imports');

    expect(await screen.findByText('Reading the file…')).toBeTruthy();
    const progress = await screen.findByRole('progressbar', { name: 'Rows processed' });
    // Real timers: the checks come 0.5 s and 1 s apart, more on a busy machine.
    await waitFor(
      () => {
        expect(progress.getAttribute('value')).toBe('40');
      },
      { timeout: 5_000 },
    );
    expect(progress.getAttribute('max')).toBe('100');
    expect(screen.getByText('40 of 100 rows')).toBeTruthy();
    expect(screen.getByText('Processing')).toBeTruthy();

    expect(await screen.findByText('Imported 98 of 100 rows; 2 rejected.', {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('Completed')).toBeTruthy();
    const counts = screen.getAllByRole('definition').map((d) => d.textContent);
    expect(counts).toEqual(['60', '38', '2']);
    expect(screen.getByRole('link', { name: 'See the orders' }).getAttribute('href')).toBe('/orders');

    // The second check came 0.5 s after the status was first asked for, the third 1 s after the second's answer.
    expect(seen).toHaveLength(3);
    expect(seen[1]).toBeGreaterThanOrEqual(450);
    expect(seen[2] - seen[1]).toBeGreaterThanOrEqual(950);
    // Settled: no more checks.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(seen).toHaveLength(3);
  });

  it('estimates the time left from the rate since the first rows were processed, and drops it when settled', async () => {
    // Answers about 0, 0.5, 1.5 and 3.5 s in: 290 rows in 1.5 s leave 700 rows for about 3.6 s.
    const answers = [
      upload({ rowCountTotal: 1000, rowsProcessed: 10 }),
      upload({ rowCountTotal: 1000, rowsProcessed: 20 }),
      upload({ rowCountTotal: 1000, rowsProcessed: 300 }),
      completed,
    ];
    let checks = 0;
    mswServer.use(
      getGetOpenOrderUploadMockHandler(() => answers[Math.min(checks++, answers.length - 1)]),
      getListOpenOrderUploadLogsMockHandler({ openOrderUploadLogs: [], page: noPage }),
    );
    renderRoutes(routes, '/imports');

    expect(await screen.findByText('20 of 1,000 rows', {}, { timeout: 3_000 })).toBeTruthy();
    // Half a second after the first rows: too soon to say.
    expect(screen.queryByText(/left$/)).toBeNull();
    expect(await screen.findByText('a few seconds left', {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.getByText('300 of 1,000 rows')).toBeTruthy();
    expect(await screen.findByText('Imported 98 of 100 rows; 2 rejected.', {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.queryByText(/left$/)).toBeNull();
  });

  it('does not poll while the tab is hidden, and resumes when it shows again', async () => {
    let checks = 0;
    mswServer.use(
      getGetOpenOrderUploadMockHandler(() => {
        checks++;
        return upload({ rowCountTotal: 100, rowsProcessed: 10 });
      }),
    );
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    renderRoutes(routes, '/imports');
    await screen.findByText('10 of 100 rows');
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(checks).toBe(1);
    visibility.mockReturnValue('visible');
    await waitFor(
      () => {
        expect(checks).toBeGreaterThan(1);
      },
      { timeout: 3_000 },
    );
  });

  it('lists the rejected rows and downloads the list of problems as CSV, escaped against formulas', async () => {
    mswServer.use(
      getGetOpenOrderUploadMockHandler(completed),
      getListOpenOrderUploadLogsMockHandler(({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('openOrderUploadSid')).toBe(SID);
        return url.searchParams.get('pageToken') === 'p2'
          ? {
              openOrderUploadLogs: [
                log(14, 'Due Date', '31/31/2026', 'Due Date is not a date (accepted: YYYY-MM-DD…).'),
              ],
              page: { previousPageToken: 'p1', nextPageToken: null },
            }
          : {
              openOrderUploadLogs: [log(12, 'Qty', '=1+2', 'Quantity is not a number.')],
              page: { previousPageToken: null, nextPageToken: 'p2' },
            };
      }),
    );
    let saved: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved = blob as Blob;
      return 'blob:rejects';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    renderRoutes(routes, '/imports');

    const table = await screen.findByRole('table', { name: 'Rejected rows' });
    const first = within(table).getAllByRole('row')[1];
    expect(
      within(first)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['12', 'Qty', '=1+2', 'Quantity is not a number.']);
    expect(screen.getByRole('heading', { name: 'Rejected rows (2)' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Download the list of problems (CSV)' }));
    await waitFor(() => {
      expect(clicked).toEqual([{ href: 'blob:rejects', download: 'open-orders-problems.csv' }]);
    });
    expect(saved).not.toBeNull();
    const text = await (saved as unknown as Blob).text();
    // Both pages of logs, not only the one on screen; the byte order mark is for spreadsheet programs.
    expect(text).toBe(
      '\uFEFFRow,Column,Value,Problem\r\n' +
        "12,Qty,'=1+2,Quantity is not a number.\r\n" +
        '14,Due Date,31/31/2026,Due Date is not a date (accepted: YYYY-MM-DD…).\r\n',
    );
    // Loading them for the file also shows them.
    expect(within(table).getAllByRole('row')).toHaveLength(3);
  });

  it('says why a failed upload imported nothing, and offers the original file', async () => {
    mswServer.use(
      getGetOpenOrderUploadMockHandler(
        upload({
          status: 'failed',
          failureMessage: 'No column is Quantity (a column named "Quantity", "Qty", …).',
          fileName: 'broken.csv',
        }),
      ),
      getListOpenOrderUploadLogsMockHandler({ openOrderUploadLogs: [], page: noPage }),
      getGetOpenOrderUploadDownloadUrlMockHandler({
        url: 'http://localhost:3000/files/FIfile?token=t',
        expires: '2026-03-02T11:00:00Z',
      }),
    );
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    renderRoutes(routes, '/imports');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Nothing was imported.No column is Quantity (a column named "Quantity", "Qty", …).');
    expect(screen.getByText('Failed')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'See the orders' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Download the original file' }));
    await waitFor(() => {
      expect(assign).toHaveBeenCalledWith('http://localhost:3000/files/FIfile?token=t');
    });
  });

  it('offers the rejected rows as a file to fix when the server wrote one, and not otherwise', async () => {
    mswServer.use(
      getGetOpenOrderUploadMockHandler(completed),
      getListOpenOrderUploadLogsMockHandler({
        openOrderUploadLogs: [log(12, 'Qty', 'ten', 'Quantity is not a number.')],
        page: noPage,
      }),
      getGetRejectedRowsDownloadUrlMockHandler(({ request }) => {
        expect(new URL(request.url).searchParams.get('openOrderUploadSid')).toBe(SID);
        return { url: 'http://localhost:3000/files/FIrejects?token=t', expires: '2026-03-02T11:00:00Z' };
      }),
    );
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    const view = renderRoutes(routes, '/imports');
    await userEvent.click(await screen.findByRole('button', { name: 'Download rejected rows to fix (CSV)' }));
    await waitFor(() => {
      expect(assign).toHaveBeenCalledWith('http://localhost:3000/files/FIrejects?token=t');
    });
    view.unmount();

    mswServer.use(getGetOpenOrderUploadMockHandler({ ...completed, hasRejectedRowsFile: false }));
    renderRoutes(routes, '/imports');
    await screen.findByRole('button', { name: 'Download the list of problems (CSV)' });
    expect(screen.queryByRole('button', { name: 'Download rejected rows to fix (CSV)' })).toBeNull();
  });
});
