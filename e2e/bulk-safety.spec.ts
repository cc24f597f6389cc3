// Bulk changes are safe, against the real server and the demo data: a change
// of many shipments asks first, saying how many; the toast after it offers an
// undo that puts every row back (what a reload shows); and delivered or
// canceled shipments offer no Split.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../server/seed/demo.ts';
import { expectNoAxeViolations, signIn } from './support.ts';

const [ada] = DEMO_LOGINS.filter((l) => l.role === 'buyer');

interface Group {
  sid: string;
  orderSid: string;
  version: number;
  status: 'active' | 'canceled';
  delivered: boolean;
  confirmed: boolean;
  dueDate: string | null;
  shipDate: string | null;
  deliveryDate: string | null;
}

/** The schedule of one vendor, its rows on screen; the vendor's sid from the URL. */
async function openSchedule(page: Page, vendorName: string): Promise<{ grid: Locator; vendorSid: string }> {
  await signIn(page, ada.email);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto('/schedule');
  await page.getByLabel('Vendor').selectOption({ label: vendorName });
  await expect(page).toHaveURL(/vendor=VE/);
  const grid = page.getByRole('grid', { name: 'Shipments' });
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  await expect(grid.locator('[aria-rowindex="2"]')).toBeVisible();
  return { grid, vendorSid: new URL(page.url()).searchParams.get('vendor') ?? '' };
}

/** The vendor's shipments as the server has them, in the grid's order (canceled ones too when asked). */
async function vendorGroups(page: Page, vendorSid: string, withCanceled = false): Promise<Group[]> {
  const status = withCanceled ? '' : '&statusNot=canceled';
  const r = await page.request.get(
    `/v1/itemGroups?vendorSid=${vendorSid}${status}&orderBy=dueDate&sortOrder=Asc&pageSize=100`,
  );
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { itemGroups: Group[]; page: { nextPageToken: string | null } };
  // All of them fit in the grid's first page: "Select all loaded" selects every one.
  expect(body.page.nextPageToken).toBeNull();
  return body.itemGroups;
}

/** A row's cell under the column whose header starts with `header`. */
async function cellOf(grid: Locator, sid: string, header: string): Promise<Locator> {
  const headers = await grid.getByRole('columnheader').allTextContents();
  const col = headers.findIndex((h) => h.startsWith(header));
  expect(col, `a ${header} column`).toBeGreaterThan(0);
  return grid.locator(`[data-sid="${sid}"] [data-cell$=":${String(col)}"]`);
}

const dates = (g: Group) => ({
  sid: g.sid,
  confirmed: g.confirmed,
  dueDate: g.dueDate,
  shipDate: g.shipDate,
  deliveryDate: g.deliveryDate,
});

test('confirming every loaded shipment asks first with the count, and Undo puts every row back', async ({ page }) => {
  test.setTimeout(90_000);
  const { grid, vendorSid } = await openSchedule(page, 'Granite Peak Enclosures');
  const before = await vendorGroups(page, vendorSid);
  const unconfirmed = before.filter((g) => !g.confirmed);
  const n = unconfirmed.length;
  expect(n, 'the demo vendor has more than 5 unconfirmed shipments').toBeGreaterThan(5);
  // One the confirmation will give a delivery date: no ship date, no delivery date, a due date.
  const bare = unconfirmed.find((g) => !g.shipDate && !g.deliveryDate && g.dueDate);
  expect(bare).toBeDefined();
  const bareSid = bare?.sid ?? '';

  await page.getByLabel('Select all loaded shipments').check();
  const editor = page.getByRole('region', { name: 'Change selected shipments' });
  await expect(editor.getByText(`${String(before.length)} shipments selected`)).toBeVisible();
  await editor.getByRole('button', { name: 'Confirm selected' }).click();

  // Asked first, with the count; Cancel is where focus starts, so Enter changes nothing.
  const dialog = page.getByRole('dialog', { name: `Confirm ${String(n)} shipments` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Confirm ${String(n)} shipments?`);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoAxeViolations(page);
  // Nothing is written while the question is open.
  expect((await vendorGroups(page, vendorSid)).map(dates)).toEqual(before.map(dates));
  await dialog.getByRole('button', { name: `Confirm ${String(n)} shipments` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Confirmed ${String(n)} shipments.` })).toBeVisible();

  // Saved: each confirmed, and one without dates has its due date as the delivery date, in the row too.
  const after = await vendorGroups(page, vendorSid);
  expect(after.filter((g) => !g.confirmed)).toEqual([]);
  const confirmedBare = after.find((g) => g.sid === bareSid);
  expect(confirmedBare?.deliveryDate).toBe(bare?.dueDate);
  await expect(await cellOf(grid, bareSid, 'Confirmed')).toHaveText('Yes');
  await expect(await cellOf(grid, bareSid, 'Delivery')).not.toHaveText('—');

  // The toast offers the undo; it puts all of them back.
  const undo = page.locator('[data-sonner-toast]').getByRole('button', { name: 'Undo' });
  await expect(undo).toBeVisible();
  await undo.click();
  await expect(
    page.getByRole('status').filter({ hasText: `Undone: ${String(n)} shipments restored as they were.` }),
  ).toBeVisible();

  await page.reload();
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  await expect(grid.locator('[aria-rowindex="2"]')).toBeVisible();
  const restored = await vendorGroups(page, vendorSid);
  expect(restored.map(dates)).toEqual(before.map(dates));
  // Two writes on each changed row (the change and its undo); the others untouched.
  expect(restored.map((g) => g.version)).toEqual(before.map((g) => (g.confirmed ? g.version : g.version + 2)));
  await expect(await cellOf(grid, bareSid, 'Confirmed')).toHaveText('No');
  await expect(await cellOf(grid, bareSid, 'Delivery')).toHaveText('—');
});

test('delivered and canceled shipments offer no Split, on the schedule and on the order', async ({ page }) => {
  const { grid, vendorSid } = await openSchedule(page, 'Tidewater Cable & Harness');
  const groups = await vendorGroups(page, vendorSid, true);
  const delivered = groups.find((g) => g.delivered && g.status === 'active');
  const canceled = groups.find((g) => g.status === 'canceled');
  const open = groups.find((g) => !g.delivered && g.status === 'active');
  expect([delivered, canceled, open].map(Boolean), 'the demo vendor has each kind').toEqual([true, true, true]);

  // The schedule lists the delivered one (not the canceled), without a Split button; an open one has it.
  const deliveredRow = grid.locator(`[data-sid="${delivered?.sid ?? ''}"]`);
  await expect(deliveredRow).toBeVisible();
  await expect(deliveredRow.getByRole('button', { name: /^Split/ })).toHaveCount(0);
  await expect(grid.locator(`[data-sid="${open?.sid ?? ''}"]`).getByRole('button', { name: /^Split/ })).toHaveCount(1);

  // On its order, the canceled shipment's row has its other actions but no Split.
  await page.goto(`/orders/${canceled?.orderSid ?? ''}`);
  const canceledRow = page
    .getByRole('table', { name: /^Shipments of item / })
    .getByRole('row')
    .filter({ hasText: '(canceled)' })
    .first();
  await expect(canceledRow.getByRole('button', { name: /^Edit/ })).toBeVisible();
  await expect(canceledRow.getByRole('button', { name: /^Split/ })).toHaveCount(0);
  await expect(canceledRow.getByRole('button', { name: /^Delete/ })).toBeVisible();
});
