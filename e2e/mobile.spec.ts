// Every buyer page (the schedule aside) on a 375 px phone: no axe violation,
// no sideways scrolling of the document (a table scrolls inside its own
// focusable region), a header well under a third of the screen, and every
// control at least 24×24 CSS px (WCAG 2.2 target size; primary actions 44 px).
// The navigation folds into a menu that works from the keyboard. At 1280×800
// axe passes on the same pages, and the orders page does not shift while it
// loads (cumulative layout shift below 0.1, measured by a PerformanceObserver
// registered before the page starts).
//
// SHOTS_DIR=/some/dir saves a screenshot of each page as it is checked.
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demo.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import { buyer, expectTablesFit, signIn, vendor } from './support.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
/** The closed header's height on a phone: one row, well under a third of the screen. */
const HEADER_MAX = 64;
const TARGET_MIN = 24;
const PRIMARY_MIN = 44;

// ------------------------------------------------------------------ checks

async function expectNoAxeViolations(page: Page, { soft = false } = {}): Promise<void> {
  const results = await new AxeBuilder({ page })
    // WCAG 2.2 AA adds the target-size rule to what the other specs scan for.
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  (soft ? expect.soft(summary) : expect(summary)).toEqual([]);
}

interface Layout {
  scrollWidth: number;
  headerHeight: number | null;
  /** Controls smaller than the minimum, described. */
  small: string[];
  /** Links exempt as inline links in a sentence, described. */
  inline: string[];
}

/** Measures the page in the browser: document width, header height, control sizes. */
function measureLayout(min: number): Layout {
  const describe = (el: Element, rect: DOMRect) => {
    const name = el.getAttribute('aria-label') ?? ((el.textContent ?? '').trim().slice(0, 40) || el.tagName);
    return `<${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? ` type=${el.type}` : ''}> "${name}" ${Math.round(rect.width)}×${Math.round(rect.height)}`;
  };
  /**
   * WCAG 2.2's inline exception, narrowly: a link laid out inline inside a
   * paragraph that has words of its own besides its links (a link in a sentence).
   */
  const inSentence = (el: Element) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const paragraph = el.parentElement?.closest('p');
    if (!paragraph) return false;
    const clone = paragraph.cloneNode(true) as HTMLElement;
    for (const link of clone.querySelectorAll('a, button')) link.remove();
    return /\p{L}{2,}/u.test(clone.textContent ?? '');
  };
  const small: string[] = [];
  const inline: string[] = [];
  const targets = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]',
  );
  for (const el of targets) {
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    const rect = el.getBoundingClientRect();
    // Visually hidden (the skip link until it has the focus) is not a target on screen.
    if (rect.width <= 1 && rect.height <= 1) continue;
    if (rect.width >= min && rect.height >= min) continue;
    if (inSentence(el)) inline.push(describe(el, rect));
    else small.push(describe(el, rect));
  }
  const header = document.querySelector('header');
  return {
    scrollWidth: document.scrollingElement?.scrollWidth ?? Number.NaN,
    headerHeight: header ? header.getBoundingClientRect().height : null,
    small,
    inline,
  };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  const size = page.viewportSize() ?? PHONE;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  // The whole page, a screenful per file (at most six).
  for (let i = 0; i * size.height < height && i < 6; i++) {
    await page.screenshot({
      path: join(dir, `${size.width}-${name}-${i + 1}.png`),
      fullPage: true,
      clip: { x: 0, y: i * size.height, width: size.width, height: Math.min(size.height, height - i * size.height) },
    });
  }
}

/**
 * What every page must be on a phone. Soft assertions: every page is checked
 * and every failure reported, not only the first page's.
 */
async function expectUsableOnPhone(page: Page, name: string, { header = true } = {}): Promise<void> {
  await screenshot(page, name);
  await expectNoAxeViolations(page, { soft: true });
  const layout = await page.evaluate(measureLayout, TARGET_MIN);
  if (layout.inline.length > 0) {
    test.info().annotations.push({ type: `${name}: inline links`, description: layout.inline.join('; ') });
  }
  expect.soft(layout.scrollWidth, `${name}: the document scrolls sideways`).toBeLessThanOrEqual(PHONE.width + 1);
  expect.soft(layout.small, `${name}: controls smaller than ${TARGET_MIN}×${TARGET_MIN}`).toEqual([]);
  if (header) {
    expect.soft(layout.headerHeight, `${name}: the app header is missing`).not.toBeNull();
    expect.soft(layout.headerHeight ?? Infinity, `${name}: the app header`).toBeLessThan(PHONE.height / 3);
    expect.soft(layout.headerHeight ?? Infinity, `${name}: the app header`).toBeLessThanOrEqual(HEADER_MAX);
  }
}

/** A primary action: at least 44×44 on a phone. */
async function expectPrimarySize(target: Locator): Promise<void> {
  const box = await target.boundingBox();
  expect(box, 'the primary action is on screen').not.toBeNull();
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(PRIMARY_MIN);
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(PRIMARY_MIN);
}

/** The page has its heading, nothing is loading and nothing failed (a page's data can take a while on a busy machine). */
async function expectReady(page: Page, heading: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('loading')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
}

// ------------------------------------------------------------------ pages

interface BuyerPage {
  name: string;
  open: (page: Page, links: DetailLinks) => Promise<void>;
}

interface DetailLinks {
  order: string;
  item: string;
}

async function openOrders(page: Page): Promise<void> {
  await page.goto('/orders');
  await expectReady(page, 'Orders');
  const table = page.getByRole('table', { name: 'Orders' });
  await expect(table.getByRole('row')).toHaveCount(51, { timeout: 15_000 });
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
}

/** An order of the demo with items, and its first item. */
async function detailLinks(page: Page): Promise<DetailLinks> {
  await openOrders(page);
  const order = await page.getByRole('table', { name: 'Orders' }).getByRole('link').first().getAttribute('href');
  if (!order) throw new Error('The orders table links to no order.');
  await page.goto(order);
  const items = page.getByRole('table', { name: 'Items of this order' });
  await expect(items.getByRole('row').nth(1)).toBeVisible({ timeout: 15_000 });
  const item = await items.getByRole('link').first().getAttribute('href');
  if (!item) throw new Error('The order links to no item.');
  return { order, item };
}

const BUYER_PAGES: BuyerPage[] = [
  {
    name: 'home',
    open: async (page) => {
      await page.goto('/');
      await expectReady(page, 'Today');
      await expect(page.getByRole('link', { name: /Shipments past due/ })).toBeVisible();
    },
  },
  { name: 'orders', open: openOrders },
  {
    name: 'order-detail',
    open: async (page, links) => {
      await page.goto(links.order);
      await expectReady(page, /^Order /);
      await expect(page.getByRole('table', { name: 'Items of this order' }).getByRole('row').nth(1)).toBeVisible();
      await expect(
        page
          .getByRole('list', { name: /^History of order / })
          .getByRole('listitem')
          .first(),
      ).toBeVisible();
    },
  },
  {
    name: 'order-new',
    open: async (page) => {
      await page.goto('/orders/new');
      await expectReady(page, 'New order');
    },
  },
  {
    name: 'item-detail',
    open: async (page, links) => {
      await page.goto(links.item);
      await expectReady(page, /^Item /);
      await expect(
        page
          .getByRole('table', { name: /^Shipments of item / })
          .getByRole('row')
          .nth(1),
      ).toBeVisible();
    },
  },
  {
    name: 'imports',
    open: async (page) => {
      await page.goto('/imports');
      await expectReady(page, 'Imports');
    },
  },
  {
    name: 'flags',
    open: async (page) => {
      await page.goto('/flags');
      await expectReady(page, 'Flags');
      await expect(page.getByRole('table', { name: 'Open flags' }).getByRole('row').nth(1)).toBeVisible();
    },
  },
  {
    name: 'inbox',
    open: async (page) => {
      await page.goto('/inbox');
      await expectReady(page, 'Inbox');
      await expect(
        page.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').first(),
      ).toBeVisible();
    },
  },
  {
    name: 'update-requests',
    open: async (page) => {
      await page.goto('/update-requests');
      await expectReady(page, 'Update requests');
      await expect(page.getByRole('table', { name: 'Update requests' }).getByRole('row').nth(1)).toBeVisible();
    },
  },
  {
    name: 'mailbox',
    open: async (page) => {
      await page.goto('/mailbox');
      await expectReady(page, 'Mailbox');
      await expect(page.getByRole('list', { name: 'Emails' }).getByRole('listitem').first()).toBeVisible();
    },
  },
  {
    name: 'clear-to-build',
    open: async (page) => {
      await page.goto('/clear-to-build');
      await expectReady(page, 'Clear to build');
      // The demo's BOMs are listed: their links are measured, not an empty state.
      await expect(page.getByRole('table', { name: 'Bills of materials' }).getByRole('row').nth(1)).toBeVisible();
    },
  },
  {
    name: 'bom-forecast',
    open: async (page) => {
      await page.goto('/clear-to-build');
      await expectReady(page, 'Clear to build');
      await page.getByRole('link', { name: 'CTRL-BOARD-A' }).click();
      await expectReady(page, 'Clear to build: CTRL-BOARD-A');
      await expect(page.getByRole('table', { name: 'Clear to build week by week' })).toBeVisible();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      await page.goto('/settings');
      await expectReady(page, 'Settings');
    },
  },
  {
    name: 'admin',
    open: async (page) => {
      await page.goto('/admin');
      await expectReady(page, 'Administration');
    },
  },
  {
    name: 'not-found',
    open: async (page) => {
      await page.goto('/no/such/page');
      await expectReady(page, 'Page not found');
    },
  },
];

/** Presses `key` until `target` has the focus (at most 25 times), as a keyboard user would. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 25; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

// ------------------------------------------------------------------ phone

test.describe('on a 375 px phone', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test('the login page is usable', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Factor' })).toBeVisible();
    await expectUsableOnPhone(page, 'login', { header: false });
    await expectPrimarySize(page.getByRole('button', { name: 'Sign in' }));
  });

  test('every buyer page is usable', async ({ page }) => {
    // Eleven pages, each scanned by axe, on a shared 2-core machine.
    test.setTimeout(240_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, buyer.email);
    await expect(page).toHaveURL(/\/$/);
    const links = await detailLinks(page);
    for (const { name, open } of BUYER_PAGES) {
      await test.step(name, async () => {
        await open(page, links);
        await expectUsableOnPhone(page, name);
      });
    }
    expect(errors).toEqual([]);
  });

  test('the administration page is usable by an admin', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, 'iris.novak@helix-medical.example');
    await expect(page).toHaveURL(/\/$/);
    await page.goto('/admin');
    await expectReady(page, 'Administration');
    await expect(page.getByRole('form', { name: 'New API key' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Allowed origins' })).toBeVisible();
    await expectUsableOnPhone(page, 'admin (admin)');
  });

  test('the orders page keeps its table in view and its panels usable', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, buyer.email);
    // Signed in before the next navigation, which would otherwise cut the sign-in request short.
    await expect(page).toHaveURL(/\/$/);
    await openOrders(page);
    await expectPrimarySize(page.getByRole('link', { name: 'New order' }));
    // The table scrolls sideways in its own region, which the keyboard can reach; the order number stays in view.
    const region = page.getByRole('region', { name: 'Orders table' });
    await expect(region).toHaveAttribute('tabindex', '0');
    const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const firstLink = page.getByRole('table', { name: 'Orders' }).getByRole('link').first();
    const linkBox = await firstLink.boundingBox();
    expect(linkBox?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((linkBox?.x ?? Infinity) + (linkBox?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);

    // The saved views and the filters beyond the search fold behind two buttons; opened, they pass too.
    const views = page.getByRole('button', { name: 'Saved views' });
    const filters = page.getByRole('button', { name: /^Filters/ });
    await expect(views).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('heading', { name: 'Saved views' })).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Confirmed' })).toBeHidden();
    await views.click();
    await filters.click();
    await expect(views).toHaveAttribute('aria-expanded', 'true');
    await expect(filters).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('heading', { name: 'Saved views' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Confirmed' }).selectOption('no');
    await expect(page).toHaveURL(/confirmed=no/);
    await expect(filters).toHaveText(/Filters \(1 set\)/);
    await page.getByText('Columns', { exact: true }).click();
    await expect(page.getByRole('button', { name: 'Move Vendor left' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Orders' })).not.toHaveAttribute('aria-busy', 'true');
    await expectUsableOnPhone(page, 'orders-panels');
  });

  test('flags, update requests, BOMs and cadences show each row as a card: all of it in view, each value headed', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, buyer.email);
    await expect(page).toHaveURL(/\/$/);
    const pages = [
      { path: '/flags', heading: 'Flags', region: 'Open flags', action: /^Resolve / },
      {
        path: '/update-requests',
        heading: 'Update requests',
        region: 'Update requests',
        action: /^Ask again now about /,
      },
      { path: '/clear-to-build', heading: 'Clear to build', region: 'Bills of materials', action: null },
      { path: '/settings', heading: 'Settings', region: 'Cadences', action: null },
    ];
    for (const { path, heading, region: regionName, action } of pages) {
      await test.step(`${path}: ${regionName}`, async () => {
        await page.goto(path);
        await expectReady(page, heading);
        const region = page.getByRole('region', { name: regionName, exact: true });
        const firstRow = region.locator('tbody tr').first();
        await expect(firstRow).toBeVisible();
        if (action) await expect(region.getByRole('button', { name: action }).first()).toBeVisible();
        // Nothing to scroll sideways: the row fits the phone, down to its last cell (its actions, where it has some).
        const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(sizes.scroll, `${path}: the table scrolls sideways`).toBeLessThanOrEqual(sizes.client + 1);
        const box = await firstRow.locator('td').last().boundingBox();
        expect((box?.x ?? Infinity) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
        // The column headings are hidden; each value is headed by its column's name instead.
        const headed = await firstRow.evaluate((row) =>
          [...row.querySelectorAll('td[data-label]')].map((cell) => getComputedStyle(cell, '::before').content),
        );
        expect(headed.length, `${path}: cells headed by their column`).toBeGreaterThanOrEqual(4);
        expect(headed.every((content) => content.length > 2 && content !== 'none')).toBe(true);
        await expectUsableOnPhone(page, `${path} as cards`);
      });
    }
  });

  test('the schedule shows its first rows on the first screen, its saved views and filters behind buttons', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, buyer.email);
    // Signed in before the next navigation, which would otherwise cut the sign-in request short.
    await expect(page).toHaveURL(/\/$/);
    await page.goto('/schedule');
    await expectReady(page, 'Schedule');
    const grid = page.getByRole('grid', { name: 'Shipments' });
    await expect(grid).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
    const row = (n: number) => grid.locator(`[role="row"][aria-rowindex="${String(n + 1)}"]`);
    await expect(row(1)).toBeVisible();
    // Nothing opened, nothing scrolled: the first row starts within the first screen.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const first = await row(1).boundingBox();
    expect(first, 'the first row is laid out').not.toBeNull();
    expect(first?.y ?? Infinity).toBeLessThan(PHONE.height);
    // And more than a sliver of it (with the panels open, as they all were before they folded, its top is a few
    // pixels above the screen's end): the first five rows whole.
    const fifth = await row(5).boundingBox();
    expect((fifth?.y ?? Infinity) + (fifth?.height ?? 0), 'the fifth row ends on the first screen').toBeLessThanOrEqual(
      PHONE.height,
    );

    // The saved views and the filters beyond the search fold behind two buttons; opened, they pass too.
    const views = page.getByRole('button', { name: 'Saved views' });
    const filters = page.getByRole('button', { name: /^Filters/ });
    await expectPrimarySize(views);
    await expectPrimarySize(filters);
    await expect(views).toHaveAttribute('aria-expanded', 'false');
    await expect(filters).toHaveAttribute('aria-expanded', 'false');
    await expect(filters).toHaveText(/^Filters\W*$/);
    await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Saved views' })).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Vendor' })).toBeHidden();
    await expect(page.getByRole('checkbox', { name: 'Only past due' })).toBeHidden();
    await views.click();
    await filters.click();
    await expect(views).toHaveAttribute('aria-expanded', 'true');
    await expect(filters).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('heading', { name: 'Saved views' })).toBeVisible();
    for (const name of ['Due from', 'Due to']) await expect(page.getByLabel(name)).toBeVisible();
    for (const name of ['Only unconfirmed', 'Only past due', 'Only with open flags']) {
      await expect(page.getByRole('checkbox', { name })).toBeVisible();
    }
    await page.getByRole('combobox', { name: 'Vendor' }).selectOption({ index: 1 });
    await expect(page).toHaveURL(/vendor=VE/);
    await expect(filters).toHaveText(/Filters \(1 set\)/);
    await expect(grid).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
    await expectUsableOnPhone(page, 'schedule-panels');
  });

  test('the vendor portal is usable', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, vendor.email);
    await expect(page).toHaveURL(/\/portal$/);
    await expectReady(page, /^Update requests from /);
    await expect(page.getByRole('button', { name: /^Change date of line / }).first()).toBeVisible();
    await expectUsableOnPhone(page, 'vendor-portal');
  });

  test('the navigation menu opens and closes from the keyboard and reaches every page', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, buyer.email);
    await expect(page).toHaveURL(/\/$/);
    // A fresh load: the keyboard starts at the top of the page.
    await page.goto('/orders');
    await expectReady(page, 'Orders');
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    const header = page.getByRole('banner');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    await expectPrimarySize(menu);

    await tabTo(page, menu);
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(nav).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Orders' })).toHaveAttribute('aria-current', 'page');
    await screenshot(page, 'menu-open');
    // Tab goes into the menu, in order; Escape closes it and gives the focus back to its button.
    await page.keyboard.press('Tab');
    await expect(nav.getByRole('link', { name: 'Today' })).toBeFocused();
    await tabTo(page, header.getByRole('button', { name: 'Sign out' }));
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();

    for (const name of ['Schedule', 'Flags', 'Imports', 'Clear to build', 'Settings', 'Orders']) {
      await test.step(name, async () => {
        // From wherever the last page left the focus (its heading), back to the menu button.
        await tabTo(page, menu, 'Shift+Tab');
        await page.keyboard.press(' ');
        await expect(menu).toHaveAttribute('aria-expanded', 'true');
        const link = nav.getByRole('link', { name });
        await tabTo(page, link);
        await page.keyboard.press('Enter');
        await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
        // Going to a page closes the menu, and the header is one row again.
        await expect(menu).toHaveAttribute('aria-expanded', 'false');
        await expect(nav).toBeHidden();
        const box = await header.boundingBox();
        expect(box?.height ?? Infinity).toBeLessThanOrEqual(HEADER_MAX);
        await menu.click();
        await expect(link).toHaveAttribute('aria-current', 'page');
        await menu.click();
        await expect(nav).toBeHidden();
        await page.getByRole('heading', { level: 1, name }).focus();
      });
    }

    // The page shown already: choosing it closes the menu and the focus returns to the button, not lost.
    await tabTo(page, menu, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await tabTo(page, nav.getByRole('link', { name: 'Orders' }));
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
  });
});

// ------------------------------------------------------------------ desktop

test.describe('at 1024×768, a small laptop or a tablet held sideways', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('a table wider than the screen keeps each row’s actions in view while it scrolls sideways', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, buyer.email);
    await expect(page).toHaveURL(/\/$/);
    const visit = (path: string, heading: string) => async () => {
      await page.goto(path);
      await expectReady(page, heading);
    };
    const pages = [
      { name: 'flags', open: visit('/flags', 'Flags'), region: 'Open flags', action: /^Resolve / },
      {
        // Its columns wrap enough to fit 1024 px: narrower, it scrolls.
        name: 'update requests',
        width: 800,
        open: visit('/update-requests', 'Update requests'),
        region: 'Update requests',
        action: /^Ask again now about /,
      },
      {
        name: 'a BOM’s lines',
        open: async () => {
          await visit('/clear-to-build', 'Clear to build')();
          await page.getByRole('link', { name: 'CTRL-BOARD-A' }).click();
          await expectReady(page, 'Clear to build: CTRL-BOARD-A');
        },
        region: 'Lines of the bill of materials',
        action: /^Edit line /,
      },
    ];
    for (const { name, open, region: regionName, action, width } of pages) {
      await test.step(name, async () => {
        await page.setViewportSize({ width: width ?? 1024, height: 768 });
        await open();
        const region = page.getByRole('region', { name: regionName, exact: true });
        const button = region.getByRole('button', { name: action }).first();
        await expect(button).toBeVisible();
        // The table is wider than its region here, so it scrolls; the actions stay at its right edge, unscrolled
        // and scrolled to the end alike.
        const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(sizes.scroll).toBeGreaterThan(sizes.client);
        for (const scrollLeft of [0, sizes.scroll]) {
          await region.evaluate((el, left) => {
            el.scrollLeft = left;
          }, scrollLeft);
          const [regionBox, buttonBox] = await Promise.all([region.boundingBox(), button.boundingBox()]);
          expect(buttonBox, `${name}: the row's action`).not.toBeNull();
          expect(regionBox).not.toBeNull();
          if (!buttonBox || !regionBox) return;
          expect(buttonBox.x).toBeGreaterThanOrEqual(regionBox.x);
          expect(buttonBox.x + buttonBox.width).toBeLessThanOrEqual(regionBox.x + regionBox.width);
        }
        // The button is not covered by the scrolled cells: a click reaches it.
        await button.click({ trial: true });
      });
    }
  });
});

test.describe('at 1280×800', () => {
  test.use({ viewport: DESKTOP });

  test('every buyer page and the login page have no axe violations', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Factor' })).toBeVisible();
    await expectNoAxeViolations(page);
    await signIn(page, buyer.email);
    await expect(page).toHaveURL(/\/$/);
    // The full navigation shows in the header; the menu button is for narrow screens only.
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    const links = await detailLinks(page);
    for (const { name, open } of BUYER_PAGES) {
      await test.step(name, async () => {
        await open(page, links);
        await screenshot(page, name);
        await expectNoAxeViolations(page);
        // Every table fits a 1280 px screen: no row's actions hide past its right edge.
        await expectTablesFit(page, name);
      });
    }
  });

  test('the vendor portal has no axe violations', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, vendor.email);
    await expectReady(page, /^Update requests from /);
    await expect(page.getByRole('button', { name: /^Change date of line / }).first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

// ------------------------------------------------------------------ layout shift

declare global {
  interface Window {
    __layoutShifts?: { value: number; hadRecentInput: boolean; startTime: number; sources: string[] }[];
    __layoutShiftObserver?: PerformanceObserver;
  }
}

/** Registered before the page's first byte: records every layout shift and the nodes that moved. */
function observeLayoutShifts(): void {
  interface LayoutShift extends PerformanceEntry {
    value: number;
    hadRecentInput: boolean;
    sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
  }
  const shifts: NonNullable<Window['__layoutShifts']> = [];
  window.__layoutShifts = shifts;
  const describe = (node: Node | null): string => {
    const el = node instanceof Element ? node : node?.parentElement;
    if (!el) return '(removed node)';
    const cls = el.getAttribute('class')?.slice(0, 60) ?? '';
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} class="${cls}"> "${(el.textContent ?? '').trim().slice(0, 30)}"`;
  };
  const rect = (r: DOMRectReadOnly) =>
    `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LayoutShift[]) {
      shifts.push({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        startTime: entry.startTime,
        sources: entry.sources.map((s) => `${describe(s.node)} ${rect(s.previousRect)} → ${rect(s.currentRect)}`),
      });
    }
  });
  observer.observe({ type: 'layout-shift', buffered: true });
  window.__layoutShiftObserver = observer;
}

/** The shifts so far, once the frames in flight have been painted and reported. */
async function layoutShifts(page: Page) {
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const pending = window.__layoutShiftObserver?.takeRecords() ?? [];
    const shifts = window.__layoutShifts ?? [];
    for (const entry of pending as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
      shifts.push({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        startTime: entry.startTime,
        sources: [],
      });
    }
    return shifts.filter((s) => !s.hadRecentInput);
  });
}

/** Lighthouse's CLS: the largest sum in a session window (gaps under 1 s, at most 5 s long). */
function sessionWindowCls(shifts: { value: number; startTime: number }[]): number {
  let best = 0;
  let current = 0;
  let start = -Infinity;
  let last = -Infinity;
  for (const s of shifts) {
    if (s.startTime - last > 1000 || s.startTime - start > 5000) {
      current = 0;
      start = s.startTime;
    }
    current += s.value;
    last = s.startTime;
    best = Math.max(best, current);
  }
  return best;
}

/** Saved views of their own for the second buyer, as many as a regular has: the list wraps over several lines. */
const SAVED_VIEWS = [
  'Voltaris, waiting for confirmation',
  'Late shipments this week',
  'Flagged and not confirmed',
  'Brightline by due date',
  'Created this month',
  'Pinecrest, everything open',
  'Due next month, unconfirmed',
  'Controller boards',
  'Sensor hub pilot build',
  'Harnesses and cables',
  'Oldest first',
  'Everything with open flags',
];
const otherBuyer = DEMO_LOGINS.filter((l) => l.role === 'buyer')[1];

test.describe('the orders page while it loads', () => {
  // A browser of its own that shows scrollbars as a desktop browser does (the
  // others hide them): a scrollbar appearing mid-load moves the page too.
  let browser: Browser;
  test.beforeAll(async () => {
    browser = await chromium.launch({ ...chromiumLaunchOptions(), ignoreDefaultArgs: ['--hide-scrollbars'] });
  });
  test.afterAll(async () => {
    await browser.close();
  });

  const cases = [
    { viewport: DESKTOP, last: 'saved views' },
    { viewport: DESKTOP, last: 'orders' },
    { viewport: PHONE, last: 'saved views' },
    { viewport: PHONE, last: 'orders' },
  ] as const;

  for (const { viewport, last } of cases) {
    test(`does not shift at ${viewport.width}×${viewport.height} when the ${last} answer last`, async ({ baseURL }) => {
      test.setTimeout(60_000);
      if (!otherBuyer) throw new Error('The demo has a second buyer.');
      const phone = viewport.width === PHONE.width;
      const context = await browser.newContext({ baseURL, viewport, isMobile: phone, hasTouch: phone });
      const page = await context.newPage();
      try {
        await signIn(page, otherBuyer.email, DEMO_PASSWORD);
        await expect(page).toHaveURL(/\/$/);
        const origin = new URL(page.url()).origin;
        for (const [i, name] of SAVED_VIEWS.entries()) {
          const response = await page.request.post('/v1/savedViews', {
            headers: { origin },
            data: { page: 'orders', name, search: `confirmed=no&sort=created&dir=${i % 2 ? 'asc' : 'desc'}&q=${i}` },
          });
          // Another case of this file may have saved it first.
          expect([201, 409]).toContain(response.status());
        }

        // One answer is held until the rest of the page is on screen: the order the network picks, made certain.
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const heldUrl = last === 'orders' ? /\/v1\/orders\?/ : /\/v1\/savedViews\?/;
        await page.route(heldUrl, async (route) => {
          await held;
          await route.continue();
        });
        await page.addInitScript(observeLayoutShifts);
        await page.goto('/orders');
        await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
        const rows = page.locator('table tbody tr');
        const applyButtons = page.locator('button[aria-label^="Apply "]');
        if (last === 'orders') await expect(applyButtons).toHaveCount(SAVED_VIEWS.length);
        else await expect(rows).toHaveCount(50, { timeout: 15_000 });
        await layoutShifts(page);
        release();

        await expect(rows).toHaveCount(50, { timeout: 15_000 });
        await expect(applyButtons).toHaveCount(SAVED_VIEWS.length);
        await expect(page.getByRole('table', { name: 'Orders' })).not.toHaveAttribute('aria-busy', 'true');
        await expect(page.getByTestId('loading')).toHaveCount(0);
        const shifts = await layoutShifts(page);
        const total = shifts.reduce((sum, s) => sum + s.value, 0);
        const cls = sessionWindowCls(shifts);
        const report = [
          `CLS ${cls.toFixed(4)} (all shifts ${total.toFixed(4)}) at ${viewport.width}×${viewport.height}, ${last} last`,
          ...shifts.map(
            (s) => `  ${Math.round(s.startTime)} ms ${s.value.toFixed(4)}\n    ${s.sources.join('\n    ')}`,
          ),
        ].join('\n');
        console.log(report);
        test.info().annotations.push({ type: 'CLS', description: report });
        expect(total, report).toBeLessThan(0.1);
      } finally {
        await context.close();
      }
    });
  }
});
