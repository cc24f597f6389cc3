// The built app in a real Chromium against the real server: every page
// renders for the role that uses it and has no axe violations.
import { expect, test } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn, signInToOrders, vendor } from './support.ts';

const STAFF_PAGES = [
  { path: '/', heading: 'Today' },
  { path: '/orders', heading: 'Orders' },
  { path: '/schedule', heading: 'Schedule' },
  { path: '/flags', heading: 'Flags' },
  { path: '/inbox', heading: 'Inbox' },
  { path: '/update-requests', heading: 'Update requests' },
  { path: '/mailbox', heading: 'Mailbox' },
  { path: '/imports', heading: 'Imports' },
  { path: '/clear-to-build', heading: 'Clear to build' },
  { path: '/settings', heading: 'Settings' },
  { path: '/admin', heading: 'Administration' },
  { path: '/no/such/page', heading: 'Page not found' },
];

test('the login page has no axe violations', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Factor' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('every staff page renders with data and no axe violations', async ({ page }) => {
  // Twelve pages, each scanned by axe, on a shared 2-core machine.
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  for (const { path, heading } of STAFF_PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByTestId('loading')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expectNoAxeViolations(page);
  }
  expect(errors).toEqual([]);
});

test('order and item detail pages render from the demo data without axe violations', async ({ page }) => {
  await signInToOrders(page, buyer.email);
  const table = page.getByRole('table', { name: 'Orders' });
  await table.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Order PO-/ })).toBeVisible();
  const items = page.getByRole('table', { name: 'Items of this order' });
  await expect(items.getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('list', { name: /^History of order PO-/ }).getByText(/created the order/)).toBeVisible();
  await expectNoAxeViolations(page);
  await items.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Item / })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: /^Shipments of item / })
      .getByRole('row')
      .nth(1),
  ).toBeVisible();
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the unsubscribe page opens without a session and says when a link is not valid', async ({ page }) => {
  await page.goto('/unsubscribe?organization=OGnone&email=someone%40example.com&signature=forged');
  await expect(page.getByRole('heading', { level: 1, name: 'Unsubscribe' })).toBeVisible();
  await expect(page.getByText(/not valid/)).toBeVisible();
  await expect(page).toHaveURL(/\/unsubscribe\?/);
  await expectNoAxeViolations(page);
});

test('the vendor portal has no axe violations', async ({ page }) => {
  await signIn(page, vendor.email);
  await expect(page.getByRole('heading', { level: 1, name: /^Update requests from / })).toBeVisible();
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the navigation reaches every main page and marks where the user is', async ({ page }) => {
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of [
    'Orders',
    'Schedule',
    'Flags',
    'Requests',
    'Mailbox',
    'Imports',
    'Clear to build',
    'Settings',
    'Today',
  ]) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  }
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await signIn(page, buyer.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // A fresh page load: the skip link is the first stop of the keyboard.
  await page.goto('/schedule');
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
});

test('pages and the API are served with security headers and refuse framing', async ({ request }) => {
  for (const path of ['/orders', '/v1/session']) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  }
  expect((await request.get('/v1/session')).status()).toBe(401);
});

test('the login form validates before sending', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
});
