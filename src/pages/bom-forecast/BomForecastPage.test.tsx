import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bom, BomForecast, BomForecastSupply, BomLine, BomLineSupply } from '../../api/generated/model';
import { renderRoutes } from '../../test/render';
import { mswServer } from '../../test/setup';
import { dismissToasts } from '../../test/toasts';
import BomForecastPage from './BomForecastPage';

const routes = [{ path: '/clear-to-build/:sid', Component: BomForecastPage }];

const BOM: Bom = {
  sid: 'BO1',
  created: '2026-11-01T00:00:00Z',
  updated: '2026-11-01T00:00:00Z',
  uniqueName: 'CTRL-BOARD-A',
  version: '1',
  approved: false,
  lineCount: 4,
  clearToBuild: 4,
  limitingPart: 'R-10K',
};

const line = (over: Partial<BomLine> & Pick<BomLine, 'sid' | 'uniqueName'>): BomLine => ({
  created: '2026-11-01T00:00:00Z',
  updated: '2026-11-01T00:00:00Z',
  bomSid: 'BO1',
  organizationSid: 'OG1',
  requiredQuantity: '1',
  version: '1',
  mpn: null,
  alternativeMpns: [],
  manufacturerName: null,
  description: null,
  referenceDesignators: [over.uniqueName ?? ''],
  value: null,
  footprint: null,
  doNotPlace: false,
  lineNumber: null,
  inventoryQuantity: 0,
  orderedQuantity: 0,
  confirmedQuantity: 0,
  unconfirmedQuantity: 0,
  pastDueQuantity: 0,
  ctb: 0,
  ...over,
});

/** The BOM's lines as the list has them; the forecast below has the same lines by sid. */
const LINES: BomLine[] = [
  line({
    sid: 'BL1',
    uniqueName: 'R1',
    requiredQuantity: '2',
    mpn: 'R-10K',
    description: '10k 1% 0603',
    referenceDesignators: ['R1', 'R2'],
    inventoryQuantity: 9,
    orderedQuantity: 165,
    confirmedQuantity: 140,
    unconfirmedQuantity: 25,
    pastDueQuantity: 100,
    ctb: 4,
  }),
  line({ sid: 'BL2', uniqueName: 'C3', value: '100nF', footprint: '0402', inventoryQuantity: 3, ctb: 3 }),
  line({ sid: 'BL3', uniqueName: 'U1', mpn: 'U-1', inventoryQuantity: 20, ctb: 20 }),
  line({ sid: 'BL4', uniqueName: 'J1', mpn: 'J-1', doNotPlace: true }),
];

const supply = (sid: string, arrivalDate: string, extra: Partial<BomForecastSupply> = {}): BomForecastSupply => ({
  itemGroupSid: sid,
  orderSid: `OR${sid}`,
  orderUniqueName: `PO-${sid}`,
  vendorName: 'Voltaris',
  quantity: '6',
  arrivalDate,
  basis: 'delivery' as const,
  pastDue: false,
  confirmed: true,
  linked: false,
  ...extra,
});

function forecast(includeUnconfirmed: boolean): BomForecast {
  return {
    bomSid: 'BO1',
    today: '2026-12-05',
    includeUnconfirmed,
    alone: false,
    priority: 2,
    target: { sid: 'CT1', quantity: '8', date: '2027-01-02' },
    points: [
      { date: '2026-12-05', clearToBuild: 2, atRisk: false, usesUnconfirmed: false, limitingLineSids: ['BL1'] },
      {
        date: '2026-12-12',
        clearToBuild: includeUnconfirmed ? 5 : 2,
        atRisk: false,
        usesUnconfirmed: includeUnconfirmed,
        limitingLineSids: ['BL1'],
      },
    ],
    lines: [
      {
        sid: 'BL1',
        partNumber: 'R-10K',
        quantity: '2',
        doNotPlace: false,
        onHand: '4',
        available: '10',
        clearToBuild: 5,
        shortage: '6',
        supplyCount: 7,
      },
      {
        sid: 'BL2',
        partNumber: 'C3',
        quantity: '1',
        doNotPlace: false,
        onHand: '3',
        available: '9',
        clearToBuild: 9,
        shortage: '0',
        supplyCount: 1,
      },
      {
        sid: 'BL3',
        partNumber: 'U-1',
        quantity: '1',
        doNotPlace: false,
        onHand: '20',
        available: '20',
        clearToBuild: 20,
        shortage: '0',
        supplyCount: 0,
      },
      {
        sid: 'BL4',
        partNumber: 'J-1',
        quantity: '1',
        doNotPlace: true,
        onHand: '0',
        available: '0',
        clearToBuild: null,
        shortage: '0',
        supplyCount: 0,
      },
    ],
  };
}

/** Each line's listed supply, as getBomLineSupply answers for the lines named. */
const SUPPLY: Record<string, BomLineSupply> = {
  BL1: {
    sid: 'BL1',
    supply: [supply('1', '2026-12-10', { confirmed: false }), supply('2', '2026-12-01', { pastDue: true })],
    // Five more than the answer lists: the schedule has them.
    supplyCount: 7,
    excludedSupply: [],
  },
  BL2: {
    sid: 'BL2',
    supply: [supply('3', '2026-12-20', { linked: true })],
    supplyCount: 1,
    excludedSupply: [
      { itemGroupSid: '9', orderSid: 'OR9', orderUniqueName: 'PO-9', manufacturerPartNumber: 'C100N-X' },
    ],
  },
  BL3: { sid: 'BL3', supply: [], supplyCount: 0, excludedSupply: [] },
  BL4: { sid: 'BL4', supply: [], supplyCount: 0, excludedSupply: [] },
};

function serve() {
  const asked: URLSearchParams[] = [];
  mswServer.use(
    http.get('*/v1/boms/:sid', () => HttpResponse.json(BOM)),
    http.get('*/v1/clearToBuilds', () =>
      HttpResponse.json({
        clearToBuilds: [
          {
            sid: 'CB1',
            created: '2026-11-30T01:30:00Z',
            updated: '2026-11-30T01:30:00Z',
            organizationSid: 'OG1',
            referenceSid: 'BO1',
            buildDate: '2026-11-30T00:00:00Z',
            buildQuantity: '3',
            type: 'actual',
          },
          {
            sid: 'CB2',
            created: '2026-11-30T01:30:00Z',
            updated: '2026-11-30T01:30:00Z',
            organizationSid: 'OG1',
            referenceSid: 'BO1',
            buildDate: '2027-02-22T00:00:00Z',
            buildQuantity: '9',
            type: 'expected',
          },
        ],
        page: { previousPageToken: null, nextPageToken: null },
      }),
    ),
    http.get('*/v1/bomLines', ({ request }) => {
      linesAsked.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        bomLines: LINES,
        page: { previousPageToken: null, nextPageToken: null },
        totalCount: 4,
      });
    }),
    http.get('*/v1/boms/:sid/forecast', ({ request }) => {
      const params = new URL(request.url).searchParams;
      asked.push(params);
      return HttpResponse.json(forecast(params.get('includeUnconfirmed') !== 'false'));
    }),
    http.get('*/v1/boms/:sid/lineSupply', ({ request }) => {
      const params = new URL(request.url).searchParams;
      supplyAsked.push(params);
      return HttpResponse.json({ lines: params.getAll('lineSid').flatMap((sid) => SUPPLY[sid] ?? []) });
    }),
  );
  return asked;
}

let linesAsked: URLSearchParams[] = [];
let supplyAsked: URLSearchParams[] = [];

describe('BomForecastPage', () => {
  beforeEach(() => {
    linesAsked = [];
    supplyAsked = [];
  });

  it('shows what the BOM can build now and by week, its limiting part, and each line’s standing', async () => {
    const asked = serve();
    renderRoutes(routes, '/clear-to-build/BO1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Clear to build: CTRL-BOARD-A' })).toBeTruthy();
    const weeks = await screen.findByRole('table', { name: 'Clear to build week by week' });
    const rows = within(weeks).getAllByRole('row');
    expect(rows[1].textContent).toContain('5 Dec 2026');
    expect(rows[1].textContent).toContain('R-10K');
    // From a limiting part, one click to the shipments that supply it (the schedule has their promises and flags).
    expect(within(rows[1]).getByRole('link', { name: 'R-10K' }).getAttribute('href')).toBe('/schedule?q=R-10K');
    expect(rows[2].textContent).toContain('5unconfirmed');
    expect(screen.getByText('8 by 2 Jan 2027')).toBeTruthy();
    expect(screen.getByRole('img', { name: /2 units today, 5 by 12 Dec 2026, against a target of 8/ })).toBeTruthy();
    expect(screen.getByText(/this BOM is number 2 in that order/)).toBeTruthy();
    // One table of the lines: the BOM as it stands, with its forecast at the target date beside each line.
    const lines = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    expect(screen.queryByRole('table', { name: /^Lines (at|by) / })).toBeNull();
    expect(within(lines).getByRole('columnheader', { name: 'Units by 2 Jan 2027' })).toBeTruthy();
    expect(
      screen.getByText(/Units by 2 Jan 2027, status and open orders are the forecast at the target date/),
    ).toBeTruthy();
    // Each line's open orders come with the page's supply read.
    await within(lines).findByRole('link', { name: 'PO-1' });
    const status = (part: string) => within(lines).getByRole('row', { name: new RegExp(part) }).textContent;
    expect(status('R-10K')).toContain('Short 6');
    expect(status('R-10K')).toContain('(unconfirmed)');
    expect(status('R-10K')).toContain('(past due)');
    expect(
      within(within(lines).getByRole('row', { name: /R-10K/ }))
        .getAllByRole('cell')
        .slice(4, 6)
        .map((c) => c.textContent),
    ).toEqual(['4', '5']);
    // On phones the rows stack as cards: each figure is headed by its column's name (generated from data-label).
    expect(
      within(within(lines).getByRole('row', { name: /R-10K/ }))
        .getAllByRole('cell')
        .map((c) => c.dataset.label ?? null),
    ).toEqual([
      null,
      'Per unit',
      'Stock',
      'On order',
      'Units from stock',
      'Units by 2 Jan 2027',
      'Status',
      'Open orders',
      null,
    ]);
    expect(status('100nF')).toContain('Expected by 20 Dec 2026');
    expect(status('U-1')).toContain('In stock');
    expect(status('J-1')).toContain('Not placed');
    expect(within(lines).getByRole('link', { name: 'PO-1' }).getAttribute('href')).toBe('/orders/OR1');
    expect(within(lines).getByRole('link', { name: '5 more on the schedule' }).getAttribute('href')).toBe(
      '/schedule?q=R-10K',
    );
    expect(within(lines).getAllByRole('link', { name: /more on the schedule/ })).toHaveLength(1);
    expect(asked[0].get('weeks')).toBe('12');
    expect(asked[0].get('includeUnconfirmed')).toBe('true');
    // The supply is read for the lines the page shows, in one request for the page.
    expect(supplyAsked.map((p) => p.getAll('lineSid'))).toEqual([['BL1', 'BL2', 'BL3', 'BL4']]);
  });

  it('leaves unconfirmed supply out, or sees the BOM alone, when asked', async () => {
    const asked = serve();
    const { router } = renderRoutes(routes, '/clear-to-build/BO1');
    const unconfirmed = await screen.findByRole('checkbox', { name: 'Count supply the vendor has not confirmed' });
    await userEvent.click(unconfirmed);
    await waitFor(() => {
      expect(asked.at(-1)?.get('includeUnconfirmed')).toBe('false');
    });
    expect(router.state.location.search).toBe('?unconfirmed=out');
    await userEvent.click(screen.getByRole('checkbox', { name: /This BOM alone/ }));
    await waitFor(() => {
      expect(asked.at(-1)?.get('alone')).toBe('true');
    });
    // The lines' supply is listed as the BOM alone counts it too.
    await waitFor(() => {
      expect(supplyAsked.at(-1)?.get('alone')).toBe('true');
    });
    expect(router.state.location.search).toBe('?unconfirmed=out&alone=1');
  });

  it('says when the forecast could not be loaded, and still lists the lines to edit', async () => {
    serve();
    mswServer.use(
      http.get('*/v1/boms/:sid/forecast', () =>
        HttpResponse.json({ code: 'not_found', message: 'No such bom.' }, { status: 404 }),
      ),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the forecast.');
    const lines = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    const row = await within(lines).findByRole('row', { name: /R-10K/ });
    expect(within(row).getAllByRole('cell')[5].textContent).toBe('…');
    expect(within(row).getByRole('button', { name: 'Edit line R1' })).toBeTruthy();
    expect(within(lines).getByRole('columnheader', { name: 'Units by the target' })).toBeTruthy();
  });
  it('reads a long page’s supply 100 lines at a time, so no address grows past what proxies allow', async () => {
    serve();
    const many = Array.from({ length: 150 }, (_, i) => line({ sid: `BM${String(i)}`, uniqueName: `R${String(i)}` }));
    mswServer.use(
      http.get('*/v1/bomLines', () =>
        HttpResponse.json({ bomLines: many, page: { previousPageToken: null, nextPageToken: null }, totalCount: 150 }),
      ),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    await waitFor(() => {
      expect(supplyAsked.map((p) => p.getAll('lineSid').length).sort((a, b) => a - b)).toEqual([50, 100]);
    });
    expect(supplyAsked.flatMap((p) => p.getAll('lineSid')).sort()).toEqual(many.map((l) => l.sid).sort());
  });

  it('says which lines’ open orders could not be loaded when one of a page’s requests fails', async () => {
    serve();
    const many = Array.from({ length: 150 }, (_, i) => line({ sid: `BM${String(i)}`, uniqueName: `Q${String(i)}` }));
    const base = forecast(true);
    // The first hundred answer only when let through: a line still loading is not said to have failed.
    let letThrough = () => {};
    const gate = new Promise<void>((resolve) => {
      letThrough = resolve;
    });
    mswServer.use(
      http.get('*/v1/bomLines', () =>
        HttpResponse.json({ bomLines: many, page: { previousPageToken: null, nextPageToken: null }, totalCount: 150 }),
      ),
      http.get('*/v1/boms/:sid/forecast', () =>
        HttpResponse.json({
          ...base,
          lines: many.map((l) => ({ ...base.lines[2], sid: l.sid, partNumber: `P-${l.uniqueName}` })),
        }),
      ),
      http.get('*/v1/boms/:sid/lineSupply', async ({ request }) => {
        const named = new URL(request.url).searchParams.getAll('lineSid');
        if (named.includes('BM149')) {
          return HttpResponse.json({ code: 'internal', message: 'Something went wrong.' }, { status: 500 });
        }
        await gate;
        return HttpResponse.json({
          lines: named.map((sid) => ({ sid, supply: [], supplyCount: 0, excludedSupply: [] })),
        });
      }),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    const lines = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    const row = (name: string) => within(lines).getByRole('row', { name: new RegExp(`^${name} `) });
    await waitFor(() => {
      expect(row('Q120').textContent).toContain('Open orders could not be loaded.');
    });
    expect(row('Q5').textContent).not.toContain('could not be loaded');
    letThrough();
    await waitFor(() => {
      expect(row('Q5').textContent).toContain('No open orders');
    });
    expect(row('Q5').textContent).not.toContain('could not be loaded');
  });

  it('says when the lines’ open orders could not be loaded, and keeps the forecast beside them', async () => {
    serve();
    mswServer.use(
      http.get('*/v1/boms/:sid/lineSupply', () =>
        HttpResponse.json({ code: 'internal', message: 'Something went wrong.' }, { status: 500 }),
      ),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    const lines = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    const row = await within(lines).findByRole('row', { name: /R-10K/ });
    expect(await within(row).findByText('Open orders could not be loaded.')).toBeTruthy();
    expect(row.textContent).toContain('Short 6');
    // Without its supply read, a line that needs supply is expected, without a date.
    expect(within(lines).getByRole('row', { name: /100nF/ }).textContent).toContain('Expected');
    expect(within(lines).getByRole('row', { name: /100nF/ }).textContent).not.toContain('Expected by');
  });

  it('says the lines are at the last week shown when the BOM has no target', async () => {
    serve();
    mswServer.use(http.get('*/v1/boms/:sid/forecast', () => HttpResponse.json({ ...forecast(true), target: null })));
    renderRoutes(routes, '/clear-to-build/BO1');
    const lines = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    expect(await within(lines).findByRole('columnheader', { name: 'Units by 12 Dec 2026' })).toBeTruthy();
    expect(
      screen.getByText(
        /Units by 12 Dec 2026, status and open orders are the forecast at the last week shown, as no target is set/,
      ),
    ).toBeTruthy();
  });

  it('names the first five limiting parts of a tie and counts the rest', async () => {
    serve();
    const base = forecast(true);
    const tied = Array.from({ length: 8 }, (_, i) => ({
      ...base.lines[0],
      sid: `BT${String(i)}`,
      partNumber: `P-${String(i)}`,
    }));
    mswServer.use(
      http.get('*/v1/boms/:sid/forecast', () =>
        HttpResponse.json({
          ...base,
          lines: [...base.lines, ...tied],
          points: base.points.map((p) => ({ ...p, clearToBuild: 0, limitingLineSids: tied.map((l) => l.sid) })),
        }),
      ),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    const today = await screen.findByText(/^Limiting parts today$/);
    const named = today.nextElementSibling as HTMLElement;
    expect(
      within(named)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['P-0', 'P-1', 'P-2', 'P-3', 'P-4']);
    expect(named.textContent).toContain('and 3 more');
  });

  it('links an order line to a line by hand, leaves one out, and undoes either', async () => {
    serve();
    const calls: string[] = [];
    const searched: (string | null)[] = [];
    mswServer.use(
      http.put('*/v1/bomLines/:sid/supplyLinks/:itemGroupSid', async ({ params, request }) => {
        const body = (await request.json()) as { linked: boolean };
        calls.push(`PUT ${String(params.sid)} ${String(params.itemGroupSid)} ${String(body.linked)}`);
        return HttpResponse.json({
          bomLineSid: params.sid,
          itemGroupSid: params.itemGroupSid,
          linked: body.linked,
          created: '2026-12-05T10:00:00Z',
        });
      }),
      http.delete('*/v1/bomLines/:sid/supplyLinks/:itemGroupSid', ({ params }) => {
        calls.push(`DELETE ${String(params.sid)} ${String(params.itemGroupSid)}`);
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('*/v1/itemGroups', ({ request }) => {
        searched.push(new URL(request.url).searchParams.get('q'));
        const group = (sid: string, delivered: boolean) => ({
          sid,
          orderSid: `OR${sid}`,
          itemSid: `IT${sid}`,
          quantity: '40',
          dueDate: '2026-12-18',
          delivered,
          status: 'active',
          context: { orderUniqueName: `PO-${sid}`, manufacturerPartNumber: 'RES10K-ALT', vendorName: 'Voltaris' },
        });
        return HttpResponse.json({
          itemGroups: [group('7', false), group('8', true)],
          page: { previousPageToken: null, nextPageToken: null },
        });
      }),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    const lines = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    await within(lines).findByRole('button', { name: 'Not this part: PO-1 does not supply R-10K' });
    const user = userEvent.setup();

    // An order line of the part that is not it: left out.
    await user.click(within(lines).getByRole('button', { name: 'Not this part: PO-1 does not supply R-10K' }));
    await waitFor(() => {
      expect(calls).toEqual(['PUT BL1 1 false']);
    });
    // A link made by hand, and an order line left out by hand, each undone.
    const c100 = within(lines).getByRole('row', { name: /100nF/ });
    expect(c100.textContent).toContain('(linked by hand)');
    expect(c100.textContent).toContain('PO-9 · C100N-X');
    await user.click(within(c100).getByRole('button', { name: 'Unlink PO-3 from C3' }));
    await user.click(within(c100).getByRole('button', { name: 'Count again: PO-9 for C3' }));
    await waitFor(() => {
      expect(calls.slice(1)).toEqual(['DELETE BL2 3', 'DELETE BL2 9']);
    });
    await dismissToasts();

    // An open order line under another MPN, found and linked; a delivered one is not offered.
    await user.click(within(lines).getByRole('button', { name: 'Link an order line to R-10K' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link an order line to R-10K' });
    await user.type(within(dialog).getByRole('searchbox', { name: 'Find an open order line' }), 'ALT');
    const found = await within(dialog).findByRole('list', { name: 'Open order lines found' });
    expect(within(found).getAllByRole('listitem')).toHaveLength(1);
    expect(found.textContent).toContain('PO-7 · RES10K-ALT');
    expect(searched.at(-1)).toBe('ALT');
    await user.click(within(found).getByRole('button', { name: 'Link PO-7 to R-10K' }));
    await waitFor(() => {
      expect(calls.at(-1)).toBe('PUT BL1 7 true');
    });
    await waitFor(() => {
      expect(screen.queryByRole('dialog', { name: 'Link an order line to R-10K' })).toBeNull();
    });
  });

  it('lists the BOM lines with their part, stock and what is on order, sorted and narrowed through the list', async () => {
    serve();
    renderRoutes(routes, '/clear-to-build/BO1');
    const table = await screen.findByRole('table', { name: 'Lines of the bill of materials' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[1].textContent).toContain('R-10K');
    expect(rows[1].textContent).toContain('R1, R2');
    expect(rows[1].textContent).toContain('140 confirmed · 25 not · 100 past due');
    expect(rows[2].textContent).toContain('100nF 0402');
    expect(rows[4].textContent).toContain('do not place');
    expect(screen.getByRole('heading', { name: 'Bill of materials: 4 lines' })).toBeTruthy();
    expect(screen.getByText('Draft: not approved')).toBeTruthy();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Fewest units first');
    await waitFor(() => {
      expect(linesAsked.at(-1)?.get('orderBy')).toBe('ctb');
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'Nothing on order');
    await waitFor(() => {
      expect(linesAsked.at(-1)?.get('orderedQuantityLessThanEqualTo')).toBe('0');
    });
  });

  it('adds a line with its part, and asks for a quantity it can read', async () => {
    serve();
    const posted: unknown[] = [];
    mswServer.use(
      http.post('*/v1/bomLines', async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(LINES[0], { status: 201 });
      }),
    );
    renderRoutes(routes, '/clear-to-build/BO1');
    await userEvent.click(await screen.findByRole('button', { name: 'Add a line' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a line' });
    await userEvent.type(within(dialog).getByLabelText('Line'), 'U7');
    const quantity = within(dialog).getByLabelText('Quantity per unit');
    await userEvent.clear(quantity);
    await userEvent.type(quantity, 'two');
    await userEvent.type(within(dialog).getByLabelText('Manufacturer part number'), 'MCU-42');
    await userEvent.type(within(dialog).getByLabelText('Reference designators'), 'U7, U8');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add line' }));
    expect(await within(dialog).findByText('Enter a quantity per unit, e.g. 2.')).toBeTruthy();
    expect(posted).toEqual([]);
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add line' }));
    await waitFor(() => {
      expect(posted).toEqual([
        {
          bomSid: 'BO1',
          uniqueName: 'U7',
          requiredQuantity: '2',
          mpn: 'MCU-42',
          value: null,
          footprint: null,
          description: null,
          referenceDesignators: ['U7', 'U8'],
          doNotPlace: false,
        },
      ]);
    });
    await dismissToasts();
  });
  it('shows the past weeks from the daily records: units from stock, and what was expected then', async () => {
    serve();
    renderRoutes(routes, '/clear-to-build/BO1');
    const table = await screen.findByRole('table', { name: 'Clear to build in the past weeks' });
    const row = await within(table).findByRole('row', { name: /30 Nov 2026/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '9 by 22 Feb 2027']);

    let recorded = 0;
    mswServer.use(
      http.post('*/v1/boms/:sid/clearToBuilds/today', () => {
        recorded++;
        return HttpResponse.json({ clearToBuilds: [], page: { previousPageToken: null, nextPageToken: null } });
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: "Record today's figures" }));
    await waitFor(() => {
      expect(recorded).toBe(1);
    });
    expect(await screen.findByRole('button', { name: "Record today's figures" })).toHaveProperty('disabled', false);
    await dismissToasts();
  });
});
