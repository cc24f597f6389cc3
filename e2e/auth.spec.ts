// Signing in against the real server and its demo data.
import { expect, test } from '@playwright/test';
import { buyer, signIn, signInToOrders, vendor } from './support.ts';

test('a buyer signs in to what needs attention today, and opens the demo orders', async ({ page }) => {
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // The demo's past-due shipments are counted, and the figure opens them on the schedule.
  const pastDue = page.getByRole('link', { name: /Shipments past due/ });
  await expect(pastDue).toHaveText(/^[1-9]\d*/);
  await expect(pastDue).toHaveAttribute('href', '/schedule?pastDue=1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
  const table = page.getByRole('table', { name: 'Orders' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(51);
  await expect(table.getByRole('link', { name: /^PO-\d+$/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a wrong password shows an error and keeps the email', async ({ page }) => {
  await signIn(page, buyer.email, 'not the password');
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Email')).toHaveValue(buyer.email);
});

test('an unknown email gets the same answer as a wrong password', async ({ page }) => {
  await signIn(page, 'nobody@nowhere.example', 'whatever');
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.');
});

test('a vendor signs in to its portal and sees only its own lines', async ({ page }) => {
  await signIn(page, vendor.email);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Update requests from / })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Change date of line / }).first()).toBeVisible();
  // Ask the API as this vendor: every line it answers belongs to an order of the vendor's own.
  const session = (await (await page.request.get('/v1/session')).json()) as { vendorSids: string[] };
  expect(session.vendorSids.length).toBeGreaterThan(0);
  const groups = (await (await page.request.get('/v1/itemGroups?pageSize=500')).json()) as {
    itemGroups: { orderSid: string }[];
  };
  expect(groups.itemGroups.length).toBeGreaterThan(0);
  const orderSids = [...new Set(groups.itemGroups.map((g) => g.orderSid))];
  for (const sid of orderSids) {
    const order = (await (await page.request.get(`/v1/orders/${sid}`)).json()) as { vendorSid: string };
    expect(session.vendorSids).toContain(order.vendorSid);
  }
  const allOrders = (await (await page.request.get('/v1/orders?pageSize=500')).json()) as {
    orders: { vendorSid: string }[];
  };
  expect(allOrders.orders.every((o) => session.vendorSids.includes(o.vendorSid))).toBe(true);
  // Buyer pages send a vendor back to its portal.
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/portal$/);
});

test('the session survives a reload, ends on sign-out, and login returns to the page asked for', async ({ page }) => {
  await page.goto('/flags');
  await expect(page).toHaveURL(/\/login\?next=%2Fflags/);
  await page.getByLabel('Email').fill(buyer.email);
  await page.getByLabel('Password').fill('factor-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/flags$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Flags' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/login\?next=%2Forders/);
});

test('a session ended elsewhere sends the user to login and back', async ({ page }) => {
  await signInToOrders(page, buyer.email);
  await expect(page.getByRole('table', { name: 'Orders' })).toBeVisible();
  // Revoke the session from outside the page, as an expiry or another tab's sign-out would.
  await page.request.post('/v1/session/logout', { headers: { origin: new URL(page.url()).origin } });
  // The sign-out is announced live: the open page leaves for sign-in at once, remembering where it was.
  await expect(page).toHaveURL(/\/login\?next=%2Forders/);
  await expect(page.getByText('Your session has ended. Sign in to continue where you were.')).toBeVisible();
});
