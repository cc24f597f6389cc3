import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getListItemGroupsResponseMock } from '../../api/generated/hooks/item-groups/item-groups.msw';
import { getGetSessionQueryKey } from '../../api/generated/hooks/session/session';
import { getGetSessionResponseMock } from '../../api/generated/hooks/session/session.msw';
import { getListVendorsMockHandler } from '../../api/generated/hooks/vendors/vendors.msw';
import type { ItemGroup, ItemGroupBulkUpdate, UpdateItemGroupRequest } from '../../api/generated/model';
import { createQueryClient } from '../../app/query-client';
import { prefetchSession } from '../../components/RequireSession';
import { Toaster } from '../../components/toast';
import { mswServer } from '../../test/setup';
import { renderRoutes } from '../../test/render';
import { prefetchSchedule } from './prefetch';
import SchedulePage from './SchedulePage';

const routes = [
  {
    path: '/schedule',
    Component: () => (
      <>
        <SchedulePage />
        <Toaster />
      </>
    ),
  },
];

function group(n: number, overrides: Partial<ItemGroup> = {}): ItemGroup {
  return {
    sid: `IG${String(n).padStart(28, '0')}`,
    created: '2026-11-02T09:30:00Z',
    updated: '2026-11-02T09:30:00Z',
    itemSid: `IT${String(n).padStart(28, '0')}`,
    quantity: '10',
    dueDate: '2026-12-01',
    shipDate: null,
    deliveryDate: null,
    shipped: false,
    delivered: false,
    trackingNumber: null,
    version: 1,
    lastUpdateDate: null,
    estimatedArrivalDate: null,
    uniqueName: null,
    orderSid: `OR${String(n).padStart(28, '0')}`,
    organizationSid: 'OGdemo',
    status: 'active',
    confirmed: false,
    cannotSupply: false,
    cannotSupplyReason: null,
    vendorChangedAt: null,
    context: {
      orderUniqueName: `PO-${String(n)}`,
      vendorSid: 'VEvoltaris',
      vendorName: `Vendor ${String(n)}`,
      itemUniqueName: '10',
      manufacturerPartNumber: `MPN-${String(n)}`,
      description: null,
      openFlagCount: n,
      nextUpdateRequestAt: null,
      risk: null,
    },
    ...overrides,
  };
}

/** The list answers with `rows`; asked by sid, it answers those rows (as the server does after an edit). */
function serveList(rows: () => ItemGroup[], seen: URLSearchParams[] = []) {
  mswServer.use(
    // The page reads the signed-in user (whose "last looked" marks the vendors' changes).
    http.get('*/v1/session', () => HttpResponse.json(getGetSessionResponseMock({ role: 'buyer' }))),
    getListVendorsMockHandler({
      vendors: [{ sid: 'VEvoltaris', name: 'Voltaris', email: null, created: '', updated: '' }],
      page: { previousPageToken: null, nextPageToken: null },
    }),
    // No vendor proposals wait (approval mode off): the queue shows nothing.
    http.get('*/v1/itemGroupProposals', () =>
      HttpResponse.json({ itemGroupProposals: [], page: { previousPageToken: null, nextPageToken: null } }),
    ),
    http.get('*/v1/savedViews', () =>
      HttpResponse.json({ savedViews: [], page: { previousPageToken: null, nextPageToken: null } }),
    ),
    http.get('*/v1/itemGroups', ({ request }) => {
      const params = new URL(request.url).searchParams;
      seen.push(params);
      const sids = params.getAll('sid');
      const answer = sids.length > 0 ? rows().filter((g) => sids.includes(g.sid)) : rows();
      return HttpResponse.json(
        getListItemGroupsResponseMock({
          itemGroups: answer,
          page: { previousPageToken: null, nextPageToken: null },
        }),
      );
    }),
  );
}

async function grid() {
  return screen.findByRole('grid', { name: 'Shipments' });
}

function cell(gridEl: HTMLElement, row: number, col: number): HTMLElement {
  const found = gridEl.querySelector<HTMLElement>(`[data-cell="${String(row)}:${String(col)}"]`);
  if (!found) throw new Error(`no cell ${String(row)}:${String(col)}`);
  return found;
}

// Column indices: 0 select, 1 order, 2 vendor, 3 part, 4 quantity, 5 due, 6 ship, 7 delivery, 8 est. arrival, 9 confirmed.
const due = 5;

// happy-dom does no layout: give the grid the size a screen would, so the virtualizer renders rows,
// and report it as a browser's ResizeObserver does, once for each element it starts to observe.
const layout = ['clientHeight', 'clientWidth'] as const;
const original = layout.map((key) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, key));
const originalResizeObserver = globalThis.ResizeObserver;
class FirstLayoutResizeObserver {
  #callback: ResizeObserverCallback;
  #stopped = false;
  constructor(callback: ResizeObserverCallback) {
    this.#callback = callback;
  }
  observe(target: Element) {
    requestAnimationFrame(() => {
      if (!this.#stopped) this.#callback([{ target } as ResizeObserverEntry], this);
    });
  }
  unobserve() {}
  disconnect() {
    this.#stopped = true;
  }
}
beforeAll(() => {
  globalThis.ResizeObserver = FirstLayoutResizeObserver;
  for (const key of layout) {
    Object.defineProperty(HTMLElement.prototype, key, {
      configurable: true,
      get(this: HTMLElement) {
        return this.getAttribute('role') === 'grid' ? 800 : 0;
      },
    });
  }
});
afterAll(() => {
  globalThis.ResizeObserver = originalResizeObserver;
  layout.forEach((key, i) => {
    const descriptor = original[i];
    if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
  });
});

describe('SchedulePage', () => {
  it('asks for the view in the URL and keeps filter changes in the URL; risk is said in words', async () => {
    const seen: URLSearchParams[] = [];
    serveList(() => [group(1, { context: { ...group(1).context!, risk: 'pastDue' } }), group(2)], seen);
    const { router } = renderRoutes(routes, '/schedule?unconfirmed=1&q=MPN&vendor=VEvoltaris&dueFrom=2026-11-01');
    const g = await grid();
    expect(Object.fromEntries(seen[0])).toMatchObject({
      q: 'MPN',
      confirmed: 'false',
      vendorSid: 'VEvoltaris',
      dueDateFrom: '2026-11-01',
      orderBy: 'dueDate',
      sortOrder: 'Asc',
      statusNot: 'canceled',
    });
    const rows = within(g).getAllByRole('row');
    expect(within(rows[1]).getByText('Past due')).toBeTruthy();
    expect(within(rows[2]).queryByText('Past due')).toBeNull();
    expect(within(rows[1]).getByRole('link', { name: 'PO-1' })).toBeTruthy();

    await userEvent.click(screen.getByLabelText('Only with open flags'));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?q=MPN&vendor=VEvoltaris&dueFrom=2026-11-01&unconfirmed=1&flagged=1');
    });
    await waitFor(() => {
      expect(seen[seen.length - 1].get('hasOpenFlags')).toBe('true');
    });
  });

  it('folds the saved views and the filters beyond the search behind two buttons on a narrow screen', async () => {
    serveList(() => [group(1)]);
    const { router } = renderRoutes(routes, '/schedule?unconfirmed=1&q=MPN&vendor=VEvoltaris&dueFrom=2026-11-01');
    await grid();
    const panelOf = (button: HTMLElement) => {
      const panel = document.getElementById(button.getAttribute('aria-controls') ?? '');
      if (!panel) throw new Error('the button controls no element');
      return panel;
    };
    // happy-dom applies no stylesheet: a folded panel is told by its classes (hidden below lg, shown from lg on).
    const views = screen.getByRole('button', { name: 'Saved views' });
    expect(views.getAttribute('aria-expanded')).toBe('false');
    expect(within(panelOf(views)).getByRole('heading', { name: 'Saved views' })).toBeTruthy();
    expect(panelOf(views).className).toBe('hidden lg:block');

    // The count leaves the search out: it stays in view, folded or not.
    const filters = screen.getByRole('button', { name: 'Filters (3 set)' });
    expect(filters.getAttribute('aria-expanded')).toBe('false');
    const more = panelOf(filters);
    expect(more.className.split(' ')).toEqual(expect.arrayContaining(['hidden', 'lg:contents']));
    expect(within(more).getByLabelText('Vendor')).toBeTruthy();
    expect(within(more).getByLabelText('Due from')).toBeTruthy();
    expect(within(more).getByLabelText('Only past due')).toBeTruthy();
    expect(within(more).queryByRole('searchbox')).toBeNull();
    expect(screen.getByRole('searchbox').closest('form')?.contains(more)).toBe(true);

    await userEvent.click(views);
    await userEvent.click(filters);
    expect(views.getAttribute('aria-expanded')).toBe('true');
    expect(panelOf(views).className).toBe('');
    expect(filters.getAttribute('aria-expanded')).toBe('true');
    expect(more.className.split(' ')).not.toContain('hidden');
    expect(more.className.split(' ')).toContain('grid');

    await userEvent.click(within(more).getByLabelText('Only past due'));
    await waitFor(() => {
      expect(router.state.location.search).toContain('pastDue=1');
    });
    expect(filters.textContent).toContain('Filters (4 set)');
    // Folded again, the filters keep their values.
    await userEvent.click(filters);
    expect(filters.getAttribute('aria-expanded')).toBe('false');
    expect(more.className.split(' ')).toContain('hidden');
    expect(within(more).getByLabelText<HTMLInputElement>('Only past due').checked).toBe(true);
  });

  it('explains the row marker in a legend and gives cut text in full', async () => {
    const long = 'Meridian Semiconductor Distribution of Very Long Names';
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    serveList(() => []);
    mswServer.use(
      http.get('*/v1/itemGroups', async () => {
        await answered;
        return HttpResponse.json(
          getListItemGroupsResponseMock({
            itemGroups: [
              group(1, { context: { ...group(1).context!, risk: 'pastDue', vendorName: long } }),
              group(2, { context: { ...group(2).context!, risk: null } }),
            ],
            page: { previousPageToken: null, nextPageToken: null },
          }),
        );
      }),
    );
    renderRoutes(routes, '/schedule');
    // The help and the legend show while the rows load, so nothing moves when they come.
    expect(await screen.findByText('Loading shipments…')).toBeTruthy();
    const legend = screen.getByText(/the shipment needs attention/).closest('p');
    expect(legend?.textContent).toMatch(/^Red bar: the shipment needs attention/);
    answer();
    const g = await grid();
    // The grid is described by them: how to use it from the keyboard, and what the red bar means.
    const description = document.getElementById(g.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toContain('Arrow keys move, Enter edits, Escape cancels, Space selects.');
    expect(description?.contains(legend ?? null)).toBe(true);
    expect(cell(g, 0, 0).getAttribute('data-marker')).toBe('attention');
    expect(cell(g, 1, 0).getAttribute('data-marker')).toBeNull();
    // Cut text: the whole of it in the cell (for assistive technology) and as its title (on hover).
    expect(cell(g, 0, 2).textContent).toBe(long);
    expect(within(cell(g, 0, 2)).getByTitle(long)).toBeTruthy();
    expect(
      within(cell(g, 0, 1))
        .getByRole('link', { name: 'PO-1' })
        .getAttribute('title'),
    ).toBe('PO-1');
    expect(
      within(cell(g, 0, 3))
        .getByRole('link', { name: 'MPN-1' })
        .getAttribute('title'),
    ).toBe('MPN-1');
    // The vendor column stops at its widest (12rem) and cuts the rest; order and part stay in view.
    const tracks = (g.querySelector('[role="row"][aria-rowindex="2"]') as HTMLElement).style.gridTemplateColumns;
    expect(tracks).toContain('min(12rem, 18vw)');
    expect(cell(g, 0, 1).className).toContain('sticky');
    expect(cell(g, 0, 3).className).toContain('sticky');
    expect(cell(g, 0, 2).className).not.toContain('sticky');
  });

  it('marks the rows the vendor changed since the buyer last looked, until the buyer marks them seen', async () => {
    const lastLooked = new Date(Date.now() - 3_600_000).toISOString();
    localStorage.setItem('factor:vendor-changes-seen:USada', lastLooked);
    serveList(() => [
      group(1, { vendorChangedAt: new Date(Date.now() - 60_000).toISOString() }),
      group(2, { vendorChangedAt: new Date(Date.now() - 7_200_000).toISOString() }),
      group(3, { vendorChangedAt: null }),
    ]);
    mswServer.use(
      http.get('*/v1/session', () =>
        HttpResponse.json(
          getGetSessionResponseMock({ role: 'buyer', user: { ...getGetSessionResponseMock().user, sid: 'USada' } }),
        ),
      ),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    expect(screen.getByText(/the vendor changed the shipment since you last looked/).closest('p')?.textContent).toMatch(
      /^Blue dot:/,
    );
    await waitFor(() => {
      expect(cell(g, 0, 0).getAttribute('data-vendor-changed')).toBe('true');
    });
    expect(within(cell(g, 0, 0)).getByText('Changed by the vendor since you last looked.')).toBeTruthy();
    expect(cell(g, 1, 0).getAttribute('data-vendor-changed')).toBeNull();
    expect(cell(g, 2, 0).getAttribute('data-vendor-changed')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Mark 1 vendor change as seen' }));
    expect(cell(g, 0, 0).getAttribute('data-vendor-changed')).toBeNull();
    expect(screen.queryByRole('button', { name: /vendor change/ })).toBeNull();
    expect(Date.parse(localStorage.getItem('factor:vendor-changes-seen:USada') ?? '')).toBeGreaterThan(
      Date.parse(lastLooked),
    );
  });

  it("counts the last week's vendor changes as new on a first visit", async () => {
    localStorage.removeItem('factor:vendor-changes-seen:USben');
    serveList(() => [
      group(1, { vendorChangedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }),
      group(2, { vendorChangedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() }),
    ]);
    mswServer.use(
      http.get('*/v1/session', () =>
        HttpResponse.json(
          getGetSessionResponseMock({ role: 'buyer', user: { ...getGetSessionResponseMock().user, sid: 'USben' } }),
        ),
      ),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    await waitFor(() => {
      expect(cell(g, 0, 0).getAttribute('data-vendor-changed')).toBe('true');
    });
    expect(cell(g, 1, 0).getAttribute('data-vendor-changed')).toBeNull();
    expect(screen.getByRole('button', { name: 'Mark 1 vendor change as seen' })).toBeTruthy();
  });

  it('edits a date from the keyboard, sends the row version, and shows the saved value', async () => {
    let rows = [group(1), group(2)];
    serveList(() => rows);
    const sent: UpdateItemGroupRequest[] = [];
    mswServer.use(
      http.patch('*/v1/itemGroups/:sid', async ({ request, params }) => {
        const body = (await request.json()) as UpdateItemGroupRequest;
        sent.push(body);
        rows = rows.map((g) => (g.sid === params.sid ? ({ ...g, ...body, version: g.version + 1 } as ItemGroup) : g));
        return HttpResponse.json(rows.find((g) => g.sid === params.sid));
      }),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    cell(g, 0, 1).focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowDown}');
    expect(document.activeElement).toBe(cell(g, 1, due));
    await userEvent.keyboard('{Enter}');
    const input = within(g).getByLabelText('Due date of PO-2 · MPN-2');
    await userEvent.clear(input);
    await userEvent.type(input, '2026-12-24{Enter}');
    await waitFor(() => {
      expect(sent).toEqual([{ dueDate: '2026-12-24', version: 1 }]);
    });
    await waitFor(() => {
      expect(cell(g, 1, due).textContent).toContain('2026');
    });
    expect(document.activeElement).toBe(cell(g, 1, due));

    // Escape leaves the value as it was and sends nothing.
    await userEvent.keyboard('{Enter}');
    await userEvent.type(within(g).getByLabelText('Due date of PO-2 · MPN-2'), '{Escape}');
    expect(sent).toHaveLength(1);
    expect(within(g).queryByLabelText('Due date of PO-2 · MPN-2')).toBeNull();

    // A bad quantity is refused in the cell, with the reason, and nothing is sent.
    await userEvent.keyboard('{ArrowLeft}{Enter}');
    const qty = within(g).getByLabelText('Quantity of PO-2 · MPN-2');
    await userEvent.clear(qty);
    await userEvent.type(qty, '0{Enter}');
    expect(within(g).getByRole('alert').textContent).toBe('A quantity must be more than zero.');
    expect(sent).toHaveLength(1);
  });

  it('rolls an edit back with a message when the server refuses it', async () => {
    serveList(() => [group(1)]);
    mswServer.use(
      http.patch('*/v1/itemGroups/:sid', () =>
        HttpResponse.json(
          { code: 'forbidden', message: 'Vendors cannot change the due date', field: 'dueDate' },
          { status: 403 },
        ),
      ),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    cell(g, 0, 9).focus();
    expect(cell(g, 0, 9).textContent).toBe('No');
    await userEvent.keyboard('{Enter}');
    expect(
      await screen.findByText(
        /Confirmed of PO-1 · MPN-1 was not saved \(Yes\): Vendors cannot change the due date\. It is back to No\./,
      ),
    ).toBeTruthy();
    expect(cell(g, 0, 9).textContent).toBe('No');
  });

  it('shows both values on a stale version and keeps mine on top of the new version', async () => {
    const theirs = group(1, { dueDate: '2027-01-15', version: 4 });
    let stored = group(1);
    serveList(() => [stored]);
    const sent: UpdateItemGroupRequest[] = [];
    mswServer.use(
      http.patch('*/v1/itemGroups/:sid', async ({ request }) => {
        const body = (await request.json()) as UpdateItemGroupRequest;
        sent.push(body);
        if (body.version === 1) {
          return HttpResponse.json(
            { code: 'version_conflict', message: 'The record changed.', current: { ...theirs, context: undefined } },
            { status: 409 },
          );
        }
        stored = { ...theirs, dueDate: body.dueDate ?? null, version: 5 };
        return HttpResponse.json(stored);
      }),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    cell(g, 0, due).focus();
    await userEvent.keyboard('{Enter}');
    const input = within(g).getByLabelText('Due date of PO-1 · MPN-1');
    await userEvent.clear(input);
    await userEvent.type(input, '2026-12-24{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this shipment' });
    const values = within(dialog).getByRole('row', { name: /Due date/ });
    expect(
      within(values)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([expect.stringContaining('24'), expect.stringContaining('15')]);
    // Theirs is what the grid shows while the user decides.
    expect(cell(g, 0, due).textContent).toContain('15');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => {
      expect(sent).toEqual([
        { dueDate: '2026-12-24', version: 1 },
        { dueDate: '2026-12-24', version: 4 },
      ]);
    });
    await waitFor(() => {
      expect(cell(g, 0, due).textContent).toContain('24');
    });
  });

  it('sends the version seen when the editor opened: a change refreshed in under it is a conflict, own saves are not', async () => {
    let stored = group(1);
    serveList(() => [stored]);
    const sent: UpdateItemGroupRequest[] = [];
    mswServer.use(
      http.patch('*/v1/itemGroups/:sid', async ({ request }) => {
        const body = (await request.json()) as UpdateItemGroupRequest;
        sent.push(body);
        if (body.version !== stored.version) {
          return HttpResponse.json(
            { code: 'version_conflict', message: 'The record changed.', current: { ...stored, context: undefined } },
            { status: 409 },
          );
        }
        stored = { ...stored, ...body, version: stored.version + 1 } as ItemGroup;
        return HttpResponse.json(stored);
      }),
    );
    const { queryClient } = renderRoutes(routes, '/schedule');
    const g = await grid();

    // Two edits of one's own, one after the other: the second goes on the version the first produced.
    cell(g, 0, due).focus();
    await userEvent.keyboard('{Enter}');
    await userEvent.clear(within(g).getByLabelText('Due date of PO-1 · MPN-1'));
    await userEvent.type(within(g).getByLabelText('Due date of PO-1 · MPN-1'), '2026-12-24{Enter}');
    await waitFor(() => {
      expect(cell(g, 0, due).textContent).toContain('24');
    });
    await userEvent.keyboard('{Enter}');
    await userEvent.clear(within(g).getByLabelText('Due date of PO-1 · MPN-1'));
    await userEvent.type(within(g).getByLabelText('Due date of PO-1 · MPN-1'), '2026-12-28{Enter}');
    await waitFor(() => {
      expect(sent).toEqual([
        { dueDate: '2026-12-24', version: 1 },
        { dueDate: '2026-12-28', version: 2 },
      ]);
    });
    expect(screen.queryByRole('dialog')).toBeNull();

    // The editor opens on version 3; a colleague's change arrives (as a live update refreshes the list) before Enter.
    await userEvent.keyboard('{Enter}');
    const input = within(g).getByLabelText('Due date of PO-1 · MPN-1');
    stored = { ...stored, dueDate: '2027-01-15', version: 4 };
    // Awaits the list's read again: the row under the editor is now version 4.
    await queryClient.invalidateQueries();
    await userEvent.clear(input);
    await userEvent.type(input, '2027-02-01{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this shipment' });
    expect(sent.at(-1)).toEqual({ dueDate: '2027-02-01', version: 3 });
    expect(stored.dueDate).toBe('2027-01-15');
    expect(within(within(dialog).getByRole('row', { name: /Due date/ })).getAllByRole('cell')[1].textContent).toContain(
      '15',
    );
  });

  it('selects rows with Space and confirms them in bulk, saying what changed', async () => {
    let rows = [group(1), group(2, { confirmed: true }), group(3), group(4)];
    serveList(() => rows);
    const sent: ItemGroupBulkUpdate[][] = [];
    mswServer.use(
      http.patch('*/v1/itemGroups/bulk', async ({ request }) => {
        const body = (await request.json()) as ItemGroupBulkUpdate[];
        sent.push(body);
        rows = rows.map((g) => {
          const change = body.find((b) => b.sid === g.sid);
          return change ? ({ ...g, ...change, version: g.version + 1 } as ItemGroup) : g;
        });
        return HttpResponse.json(rows.filter((g) => body.some((b) => b.sid === g.sid)));
      }),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    cell(g, 0, 1).focus();
    await userEvent.keyboard(' {ArrowDown} {ArrowDown} ');
    expect(within(g).getAllByRole('row', { selected: true })).toHaveLength(3);
    const editor = screen.getByRole('region', { name: 'Change selected shipments' });
    expect(within(editor).getByText('3 shipments selected')).toBeTruthy();
    await userEvent.click(within(editor).getByRole('button', { name: 'Confirm selected' }));
    await waitFor(() => {
      expect(sent).toEqual([
        [
          { sid: group(1).sid, version: 1, confirmed: true },
          { sid: group(3).sid, version: 1, confirmed: true },
        ],
      ]);
    });
    expect(
      (await screen.findAllByText('Confirmed 2 shipments. 1 shipment left as they were (already confirmed).')).length,
    ).toBeGreaterThan(0);
    await waitFor(() => {
      expect(cell(g, 2, 9).textContent).toBe('Yes');
    });
    expect(screen.queryByRole('region', { name: 'Change selected shipments' })).toBeNull();
  });

  it('shifts the selected due dates by N days', async () => {
    let rows = [group(1, { dueDate: '2026-12-30' }), group(2, { dueDate: '2027-02-27' })];
    serveList(() => rows);
    const sent: ItemGroupBulkUpdate[][] = [];
    mswServer.use(
      http.patch('*/v1/itemGroups/bulk', async ({ request }) => {
        const body = (await request.json()) as ItemGroupBulkUpdate[];
        sent.push(body);
        rows = rows.map((g) => {
          const change = body.find((b) => b.sid === g.sid);
          return change ? ({ ...g, ...change, version: g.version + 1 } as ItemGroup) : g;
        });
        return HttpResponse.json(rows);
      }),
    );
    renderRoutes(routes, '/schedule');
    await grid();
    await userEvent.click(screen.getByLabelText('Select all loaded shipments'));
    const editor = screen.getByRole('region', { name: 'Change selected shipments' });
    const days = within(editor).getByLabelText('Shift by days');
    await userEvent.clear(days);
    await userEvent.type(days, '3');
    await userEvent.click(within(editor).getByRole('button', { name: 'Shift' }));
    await waitFor(() => {
      expect(sent).toEqual([
        [
          { sid: group(1).sid, version: 1, dueDate: '2027-01-02' },
          { sid: group(2).sid, version: 1, dueDate: '2027-03-02' },
        ],
      ]);
    });
    expect((await screen.findAllByText('Moved the due date of 2 shipments by +3 days.')).length).toBeGreaterThan(0);
  });

  it('opens the split dialog for the row from the keyboard', async () => {
    serveList(() => [group(1), group(2)]);
    renderRoutes(routes, '/schedule');
    const g = await grid();
    cell(g, 1, 1).focus();
    await userEvent.keyboard('{End}{Enter}');
    const dialog = await screen.findByRole('dialog', { name: /Split shipment/ });
    expect(within(dialog).getAllByRole('textbox').length).toBeGreaterThan(0);
  });
});

describe('SchedulePage paging and prefetch', () => {
  it('asks for a first page of 100 shipments, then the rest in pages of 200', async () => {
    const seen: URLSearchParams[] = [];
    serveList(() => []);
    mswServer.use(
      http.get('*/v1/itemGroups', ({ request }) => {
        const params = new URL(request.url).searchParams;
        seen.push(params);
        // A short first page with more to come: its end is on screen, so the next page is asked for at once.
        const next = params.get('pageToken') === 'after-3';
        return HttpResponse.json(
          getListItemGroupsResponseMock({
            itemGroups: next ? [group(4), group(5)] : [group(1), group(2), group(3)],
            page: { previousPageToken: null, nextPageToken: next ? null : 'after-3' },
          }),
        );
      }),
    );
    renderRoutes(routes, '/schedule');
    const g = await grid();
    await waitFor(() => {
      expect(within(g).getAllByRole('row')).toHaveLength(6);
    });
    expect(seen.map((p) => [p.get('pageSize'), p.get('pageToken')])).toEqual([
      ['100', null],
      ['200', 'after-3'],
    ]);
    // Apart from its size and cursor, the next page is the same view.
    expect(seen[1].get('orderBy')).toBe('dueDate');
    expect(seen[1].get('statusNot')).toBe('canceled');
  });

  it('renders the rows on screen until the grid is scrolled, and rows ahead of the screen from then on', async () => {
    serveList(() => Array.from({ length: 60 }, (_, i) => group(i + 1)));
    renderRoutes(routes, '/schedule');
    const g = await grid();
    // The grid is 800 px high here: 20 rows of 40 px, and no more, until it scrolls.
    await waitFor(() => {
      expect(within(g).getAllByRole('row')).toHaveLength(1 + 20);
    });
    fireEvent.scroll(g);
    await waitFor(() => {
      expect(within(g).getAllByRole('row')).toHaveLength(1 + 28);
    });
  });

  it('prefetches nothing for a signed-out visitor, and the first page for a signed-in buyer', async () => {
    const asked: string[] = [];
    const signedIn = { value: false };
    mswServer.use(
      http.get('*/v1/session', () =>
        signedIn.value
          ? HttpResponse.json(getGetSessionResponseMock({ role: 'buyer' }))
          : HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
      ),
      http.get('*/v1/*', ({ request }) => {
        const url = new URL(request.url);
        asked.push(
          `${url.pathname}${url.pathname === '/v1/itemGroups' ? `?pageSize=${url.searchParams.get('pageSize') ?? ''}` : ''}`,
        );
        return HttpResponse.json({ page: { previousPageToken: null, nextPageToken: null } });
      }),
    );
    const url = new URL('http://localhost:3000/schedule');

    // As the router does on entering /schedule: the layout asks for the session, the page prefetches.
    const signedOut = createQueryClient();
    const session = prefetchSession(signedOut);
    prefetchSchedule(signedOut, url);
    await session;
    expect(signedOut.getQueryState(getGetSessionQueryKey())?.status).toBe('error');
    expect(
      signedOut
        .getQueryCache()
        .getAll()
        .map((q) => q.queryKey),
    ).toEqual([getGetSessionQueryKey()]);
    expect(asked).toEqual([]);

    signedIn.value = true;
    const buyer = createQueryClient();
    void prefetchSession(buyer);
    prefetchSchedule(buyer, url);
    await waitFor(() => {
      expect([...asked].sort()).toEqual(['/v1/itemGroups?pageSize=100', '/v1/savedViews', '/v1/vendors']);
    });
  });
});
