import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demo.ts';

export const buyer = DEMO_LOGINS.find((l) => l.role === 'buyer')!;
export const vendor = DEMO_LOGINS.find((l) => l.role === 'vendor')!;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in (landing on the home page, which must finish first) and opens the orders page. */
export async function signInToOrders(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/orders');
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  // An email shown in the Mailbox is in a sandboxed frame (no scripts), where axe cannot run and would wait
  // forever: the page around it is scanned, the frame is not.
  if ((await page.locator('iframe[sandbox]').count()) > 0)
    builder.options({ iframes: false }).exclude('iframe[sandbox]');
  const results = await builder.analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}

/**
 * Every table on the page fits its region's width: none scrolls sideways, so no row's actions hide past the right
 * edge, whatever the values in it (a long order number breaks rather than widens its column).
 */
export async function expectTablesFit(page: Page, what: string): Promise<void> {
  const scrolling = await page
    .getByRole('region')
    .filter({ has: page.getByRole('table') })
    .evaluateAll((regions) =>
      regions
        .filter((r) => r.scrollWidth > r.clientWidth + 1)
        .map((r) => `${r.getAttribute('aria-label') ?? '?'} (${String(r.scrollWidth)} > ${String(r.clientWidth)})`),
    );
  expect(scrolling, `${what}: tables that scroll sideways`).toEqual([]);
}
