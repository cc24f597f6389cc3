import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithClient } from '../../test/render';
import { mswServer } from '../../test/setup';
import { InventoryDialog } from './InventoryDialog';

/** The local date-time text a datetime-local input takes, `ms` from now. */
function localInput(ms: number): string {
  const at = new Date(Date.now() + ms - new Date().getTimezoneOffset() * 60_000);
  return at.toISOString().slice(0, 16);
}

let posted: unknown[];

beforeEach(() => {
  posted = [];
  mswServer.use(
    http.get('*/v1/inventoryCounts', () =>
      HttpResponse.json({ inventoryCounts: [], page: { previousPageToken: null, nextPageToken: null } }),
    ),
    http.post('*/v1/inventoryCounts', async ({ request }) => {
      posted.push(await request.json());
      return HttpResponse.json(
        {
          code: 'invalid_request',
          field: 'recordingDate',
          message: 'recordingDate is in the future (2026-12-09T10:00:00.000Z): a count records the stock on hand.',
        },
        { status: 400 },
      );
    }),
  );
});

const render = () =>
  renderWithClient(<InventoryDialog part="R-10K" onClose={() => undefined} onCounted={() => undefined} />);

describe('the inventory count form', () => {
  it('refuses a count time in the future before sending it', async () => {
    const user = userEvent.setup();
    render();
    await user.type(await screen.findByLabelText('On hand'), '120');
    await user.type(screen.getByLabelText(/Counted at/), localInput(3 * 86_400_000));
    await user.click(screen.getByRole('button', { name: 'Record count' }));
    expect(
      await screen.findByText('Enter a time that has passed: a count is of the stock on hand when it was counted.'),
    ).toBeTruthy();
    expect(screen.getByLabelText(/Counted at/).getAttribute('aria-invalid')).toBe('true');
    expect(posted).toEqual([]);
  });

  it('shows the server’s refusal of the time under its field', async () => {
    const user = userEvent.setup();
    render();
    await user.type(await screen.findByLabelText('On hand'), '120');
    await user.type(screen.getByLabelText(/Counted at/), localInput(-3_600_000));
    await user.click(screen.getByRole('button', { name: 'Record count' }));
    expect(await screen.findByText(/recordingDate is in the future/)).toBeTruthy();
    expect(screen.getByLabelText(/Counted at/).getAttribute('aria-invalid')).toBe('true');
    expect(posted).toHaveLength(1);
  });
});
