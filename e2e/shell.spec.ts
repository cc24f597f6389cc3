// The built app in a real Chromium: every page renders, is reachable from the
// navigation, says plainly when the API is not there, and has no axe violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const PAGES = [
  { path: '/orders', heading: 'Orders' },
  { path: '/schedule', heading: 'Schedule' },
  { path: '/flags', heading: 'Flags' },
  { path: '/imports', heading: 'Imports' },
  { path: '/clear-to-build', heading: 'Clear to build' },
  { path: '/settings', heading: 'Settings' },
  { path: '/portal', heading: 'Your open lines' },
  { path: '/orders/OR0000000000000000000000000001', heading: 'Order' },
  { path: '/items/IT0000000000000000000000000001', heading: 'Item' },
  { path: '/login', heading: 'Sign in to Factor' },
  { path: '/no/such/page', heading: 'Page not found' },
];

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}

for (const { path, heading } of PAGES) {
  test(`${path} renders "${heading}" with no axe violations`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // Wait until the page has settled: no loading skeleton left.
    await expect(page.getByTestId('loading')).toHaveCount(0, { timeout: 15_000 });
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });
}

test('without an API the orders page says so and offers a retry', async ({ page }) => {
  await page.goto('/orders');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not load orders.', { timeout: 15_000 });
  await expect(alert).toContainText('No API is configured');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('the navigation reaches every main page and marks where the user is', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/orders$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Schedule', 'Flags', 'Imports', 'Clear to build', 'Settings', 'Orders']) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  }
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/schedule');
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
});

test('pages are served with security headers and refuse framing', async ({ request }) => {
  const response = await request.get('/orders');
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('the login form validates before sending and keeps what was typed', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill('buyer@example.com');
  await page.getByLabel('Password').fill('secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // No API yet: the form says the server answered with an error and keeps the input.
  await expect(page.getByRole('alert')).toContainText('No API is configured');
  await expect(page.getByLabel('Email')).toHaveValue('buyer@example.com');
});
