// The BOM list: each BOM's units today, what it is expected to build by its
// target (its latest daily record), and the part that limits it.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Bom } from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import ClearToBuildPage from './ClearToBuildPage';

const routes = [{ path: '/clear-to-build', Component: ClearToBuildPage }];

const bom = (sid: string, uniqueName: string, figures: Partial<Bom>): Bom => ({
  sid,
  uniqueName,
  created: '2026-11-01T08:00:00Z',
  updated: '2026-12-01T08:00:00Z',
  version: '1',
  approved: false,
  lineCount: 2,
  clearToBuild: 0,
  limitingPart: null,
  expectedClearToBuild: null,
  ...figures,
});

describe('ClearToBuildPage', () => {
  it('lists each BOM with what it builds today, what it is expected to build by its target, and its limiting part', async () => {
    mswServer.use(
      http.get('*/v1/boms', () =>
        HttpResponse.json({
          boms: [
            bom('BO1', 'CTRL-BOARD-A', {
              approved: true,
              clearToBuild: 3,
              limitingPart: 'R-10K',
              expectedClearToBuild: { date: '2027-01-02', quantity: 8 },
            }),
            bom('BO2', 'SENSOR-HUB-B', {}),
          ],
          page: { previousPageToken: null, nextPageToken: null },
        }),
      ),
    );
    renderRoutes(routes, '/clear-to-build');
    const table = await screen.findByRole('table', { name: 'Bills of materials' });
    const row = (name: string) => within(table).getByRole('row', { name: new RegExp(name) });
    expect(within(table).getByRole('columnheader', { name: 'Expected by target' })).toBeTruthy();
    expect(row('CTRL-BOARD-A').textContent).toContain('8 by 2 Jan 2027');
    expect(row('CTRL-BOARD-A').textContent).toContain('R-10K');
    expect(within(row('CTRL-BOARD-A')).getByRole('link', { name: 'CTRL-BOARD-A' }).getAttribute('href')).toBe(
      '/clear-to-build/BO1',
    );
    // Before its first daily record a BOM has no expected figure yet.
    const cells = within(row('SENSOR-HUB-B')).getAllByRole('cell');
    expect(cells[4].textContent).toBe('—');
  });

  it('narrows the list to the BOMs that can build at most a number of units today, kept in the address', async () => {
    const asked: (string | null)[] = [];
    mswServer.use(
      http.get('*/v1/boms', ({ request }) => {
        const atMost = new URL(request.url).searchParams.get('ctbLessThanEqualTo');
        asked.push(atMost);
        return HttpResponse.json({
          boms: atMost === null ? [bom('BO1', 'CTRL-BOARD-A', { clearToBuild: 3 })] : [],
          page: { previousPageToken: null, nextPageToken: null },
        });
      }),
    );
    const { router } = renderRoutes(routes, '/clear-to-build');
    await screen.findByRole('table', { name: 'Bills of materials' });
    const input = screen.getByRole('textbox', { name: 'Can build today at most' });
    await userEvent.type(input, 'x');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter a whole number of units/)).toBeTruthy();
    expect(asked.every((a) => a === null)).toBe(true);
    await userEvent.clear(input);
    await userEvent.type(input, '0');
    await waitFor(() => {
      expect(asked.at(-1)).toBe('0');
    });
    expect(router.state.location.search).toBe('?canBuildAtMost=0');
    expect(await screen.findByText('Every bill of materials can build more than 0 today.')).toBeTruthy();
  });
});
