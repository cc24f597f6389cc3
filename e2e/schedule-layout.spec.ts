// The schedule's layout on a 1280 px laptop and a 375 px phone: the grid
// scrolls sideways in its own region with the order and part columns kept in
// view, cut text ends in an ellipsis and is available whole, the row marker is
// explained, and every control is a target of at least 24 by 24 px.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

/** The demo's longest vendor name: longer than the vendor column is allowed to get. */
const LONG_VENDOR = 'Meridian Semiconductor Distribution';

async function openSchedule(page: Page, vendorName?: string) {
  await signIn(page, buyer.email);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto('/schedule');
  const grid = page.getByRole('grid', { name: 'Shipments' });
  if (vendorName) {
    await page.getByLabel('Vendor').selectOption({ label: vendorName });
    await expect(page).toHaveURL(/vendor=VE/);
  }
  // The previous view's rows stay on screen (busy) until the new view's arrive; the first page can take a
  // while on a busy machine.
  await expect(grid).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
  await expect(grid.locator('[aria-rowindex="2"]')).toBeVisible();
  return grid;
}

/** A column header by its visible name (an editable column's also says "(editable)" to screen readers). */
function header(grid: Locator, name: string) {
  return grid.getByRole('columnheader', { name: new RegExp(`^${name}( \\(editable\\))?$`) });
}

function cell(page: Page, row: number, col: number) {
  return page.locator(`[data-cell="${String(row)}:${String(col)}"]`);
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('no bounding box: the element is not rendered');
  return found;
}

type Box = NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;

/** The box lies wholly inside the region (a pixel of rounding allowed). */
function expectInside(inner: Box, outer: Box, what: string) {
  expect(inner.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x - 1);
  expect(inner.x + inner.width, `${what}: right edge`).toBeLessThanOrEqual(outer.x + outer.width + 1);
}

/** What the page shows at the middle of the box: the grid cell there, if any. */
async function cellAt(page: Page, b: Box) {
  return page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.closest('[data-cell]')?.getAttribute('data-cell') ?? null,
    [b.x + b.width / 2, b.y + b.height / 2],
  );
}

// Column indices: 0 select, 1 order, 2 vendor, 3 part, …, 9 confirmed, 10 attention, 11 open flags, 12 actions.
const ORDER = 1;
const VENDOR = 2;
const PART = 3;

test.describe('at 1280 by 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the last columns are reached by scrolling the grid sideways while order and part stay in view', async ({
    page,
  }) => {
    const grid = await openSchedule(page);
    const region = await box(grid);
    const headers = ['Confirmed', 'Attention', 'Open flags', 'Actions'].map((name) => header(grid, name));
    // The columns are wider than a laptop's screen: the grid, not the page, scrolls sideways.
    const widths = await grid.evaluate((g) => ({ scroll: g.scrollWidth, client: g.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect((await box(headers[3])).x).toBeGreaterThan(region.x + region.width);

    const orderBefore = await box(cell(page, 0, ORDER));
    const partBefore = await box(cell(page, 0, PART));
    await grid.evaluate((g) => {
      g.scrollLeft = g.scrollWidth;
    });
    expect(await grid.evaluate((g) => g.scrollLeft)).toBeGreaterThan(0);

    for (const [i, header] of headers.entries()) {
      expectInside(await box(header), region, ['Confirmed', 'Attention', 'Open flags', 'Actions'][i]);
    }
    expectInside(await box(cell(page, 0, 12)), region, 'actions cell');

    // Order stays where it was; part, once the vendor column has slid under, stays right beside it. Both are
    // in view and on top of the columns scrolled under them, their headers above them.
    const order = await box(cell(page, 0, ORDER));
    const part = await box(cell(page, 0, PART));
    expect(order.x).toBeCloseTo(orderBefore.x, 0);
    expect(part.x).toBeLessThan(partBefore.x);
    expect(part.x).toBeCloseTo(order.x + order.width, 0);
    for (const [col, name, b] of [
      [ORDER, 'Order', order],
      [PART, 'Part', part],
    ] as const) {
      expectInside(b, region, `${name} cell`);
      expect(await cellAt(page, b)).toBe(`0:${String(col)}`);
      expect((await box(header(grid, name))).x).toBeCloseTo(b.x, 0);
    }
  });

  test('the keyboard brings a column into view, clear of the sticky columns', async ({ page }) => {
    // The last column: the row's actions, after the next request.
    const ACTIONS = 13;
    const grid = await openSchedule(page);
    const region = await box(grid);
    await cell(page, 0, VENDOR).click();
    await page.keyboard.press('End');
    await expect(cell(page, 0, ACTIONS)).toBeFocused();
    expectInside(await box(cell(page, 0, ACTIONS)), region, 'actions cell');
    // Back to the vendor: the grid scrolls back so the sticky order column does not hide it.
    for (let col = ACTIONS; col > VENDOR; col--) await page.keyboard.press('ArrowLeft');
    await expect(cell(page, 0, VENDOR)).toBeFocused();
    expect(await cellAt(page, await box(cell(page, 0, VENDOR)))).toBe(`0:${String(VENDOR)}`);
  });

  test('a long vendor name is cut with an ellipsis and shown whole on hover and focus; the row marker is explained', async ({
    page,
  }) => {
    // An axe run over the page.
    test.setTimeout(60_000);
    const grid = await openSchedule(page, LONG_VENDOR);
    const vendor = cell(page, 0, VENDOR);
    const text = vendor.locator(':scope > *');
    await expect(vendor).toHaveText(LONG_VENDOR);
    const cut = await text.evaluate((el) => ({
      overflow: getComputedStyle(el).textOverflow,
      cut: el.scrollWidth > el.clientWidth,
      shown: el.getBoundingClientRect().width,
    }));
    expect(cut).toMatchObject({ overflow: 'ellipsis', cut: true });
    // The whole name: the hover title, and the cell's text for assistive technology.
    await expect(text).toHaveAttribute('title', LONG_VENDOR);
    await expect(grid.getByRole('gridcell', { name: LONG_VENDOR }).first()).toBeAttached();
    // Focused, the cell shows the whole name over its neighbours.
    await vendor.focus();
    const whole = await text.evaluate((el) => ({
      cut: el.scrollWidth > el.clientWidth,
      shown: el.getBoundingClientRect().width,
    }));
    expect(whole.cut).toBe(false);
    expect(whole.shown).toBeGreaterThan(cut.shown);

    // The legend says what the red bar at a row's start means, and the grid is described by it.
    const legend = page.getByText('Red bar:');
    await expect(legend).toBeVisible();
    await expect(grid).toHaveAccessibleDescription(/Red bar: the shipment needs attention/);
    const marked = grid.locator('[data-marker="attention"]').first();
    await expect(marked).toBeVisible();
    expect(await marked.evaluate((el) => getComputedStyle(el).borderLeftColor)).not.toBe('rgba(0, 0, 0, 0)');
    await expectNoAxeViolations(page);
  });
});

test.describe('at 375 by 812', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('the key columns are in view, the grid scrolls in its own region, and every control is 24 by 24 px or more', async ({
    page,
  }) => {
    // Two axe runs over the page.
    test.setTimeout(60_000);
    const grid = await openSchedule(page);
    await grid.scrollIntoViewIfNeeded();
    const region = await box(grid);
    // The page itself does not scroll sideways: only the grid does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expectInside(region, { x: 0, y: 0, width: 375, height: 812 }, 'grid');
    for (const name of ['Order', 'Vendor', 'Part']) {
      expectInside(await box(header(grid, name)), region, `${name} header`);
    }
    for (const col of [ORDER, VENDOR, PART]) {
      expectInside(await box(cell(page, 0, col)), region, `cell 0:${String(col)}`);
    }
    // Scrolled sideways, order and part stay in view.
    await grid.evaluate((g) => {
      g.scrollLeft = g.scrollWidth;
    });
    for (const col of [ORDER, PART]) {
      const b = await box(cell(page, 0, col));
      expectInside(b, region, `cell 0:${String(col)} scrolled`);
      expect(await cellAt(page, b)).toBe(`0:${String(col)}`);
    }

    // Every control on the page: 24 by 24 CSS px at least (WCAG 2.2 target size), each one's bounding box
    // measured in one pass. The skip link is visually hidden (1 by 1 px) until focused, when it is a
    // full-size link: measured focused.
    const measured = await page
      .locator('button, a[href], input:not([type="hidden"]), select, textarea, summary')
      .evaluateAll((elements) =>
        elements
          .filter((el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0)
          .map((el) => {
            let r = el.getBoundingClientRect();
            if (r.width <= 1 && r.height <= 1 && el instanceof HTMLElement) {
              el.focus();
              r = el.getBoundingClientRect();
              el.blur();
            }
            const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
            return { what: `${el.tagName.toLowerCase()} "${name}"`, width: r.width, height: r.height };
          }),
      );
    expect(measured.length).toBeGreaterThan(20);
    const small = measured
      .filter((m) => m.width < 24 || m.height < 24)
      .map((m) => `${m.what}: ${m.width.toFixed(1)} × ${m.height.toFixed(1)}`);
    expect(small).toEqual([]);
    // The filter form's primary action is a 44 px touch target on a phone.
    expect((await box(page.getByRole('button', { name: 'Search', exact: true }))).height).toBeGreaterThanOrEqual(44);

    await expectNoAxeViolations(page);
    // And axe's own target-size rule (WCAG 2.2, 2.5.8).
    const targets = await new AxeBuilder({ page }).withRules(['target-size']).analyze();
    expect(targets.violations.map((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
  });
});

test('a signed-out visit to /orders or /schedule asks for nothing but the session', async ({ page }) => {
  const refused: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/v1/') && url.pathname !== '/v1/session' && response.status() === 401) {
      refused.push(url.pathname);
    }
  });
  for (const path of ['/orders', '/schedule']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login\?next=/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  expect(refused).toEqual([]);
});
