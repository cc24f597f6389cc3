import { expect, test, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../server/seed/demo.ts';
import { expectNoAxeViolations, signIn } from './support.ts';

const [ada, ben] = DEMO_LOGINS.filter((l) => l.role === 'buyer');

async function openSchedule(page: Page, email: string, vendorName: string, extra = '') {
  await signIn(page, email);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/schedule${extra}`);
  await page.getByLabel('Vendor').selectOption({ label: vendorName });
  await expect(page).toHaveURL(/vendor=VE/);
  const grid = page.getByRole('grid', { name: 'Shipments' });
  // The previous view's rows stay on screen (busy) until the vendor's arrive.
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  await expect(grid.locator('[aria-rowindex="2"]')).toBeVisible();
  return grid;
}

function cell(page: Page, row: number, col: number) {
  return page.locator(`[data-cell="${String(row)}:${String(col)}"]`);
}

// Column indices: 0 select, 1 order, 2 vendor, 3 part, 4 quantity, 5 due, 6 ship, 7 delivery, 8 est. arrival, 9 confirmed.
const shipDate = 6;

test('bulk-confirms 50 shipments chosen from the keyboard and says so', async ({ page }) => {
  // Fifty reads of the saved rows after the change.
  test.setTimeout(60_000);
  const grid = await openSchedule(page, ada.email, 'Voltaris Components', '?unconfirmed=1');
  await expect(cell(page, 0, 1)).toBeVisible();
  // The same view from the API, to know which 50 rows the grid shows first.
  const vendorSid = new URL(page.url()).searchParams.get('vendor') ?? '';
  const view = await page.request.get(
    `/v1/itemGroups?vendorSid=${vendorSid}&confirmed=false&statusNot=canceled&orderBy=dueDate&sortOrder=Asc&pageSize=50`,
  );
  const firstFifty = ((await view.json()) as { itemGroups: { sid: string }[] }).itemGroups.map((g) => g.sid);
  expect(firstFifty).toHaveLength(50);
  await expect(grid.locator('[aria-rowindex="2"]')).toHaveAttribute('data-sid', firstFifty[0]);

  // The vendor cell: clicking the order cell would follow its link.
  await cell(page, 0, 2).click();
  await page.keyboard.press('Space');
  for (let i = 0; i < 49; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+Space');
  const editor = page.getByRole('region', { name: 'Change selected shipments' });
  await expect(editor.getByText('50 shipments selected')).toBeVisible();
  await editor.getByRole('button', { name: 'Confirm selected' }).click();
  // More than a handful: asked first, with the count.
  const ask = page.getByRole('dialog', { name: 'Confirm 50 shipments' });
  await ask.getByRole('button', { name: 'Confirm 50 shipments' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Confirmed 50 shipments.' })).toBeVisible();

  for (const sid of firstFifty) {
    const saved = (await (await page.request.get(`/v1/itemGroups/${sid}`)).json()) as { confirmed: boolean };
    expect(saved.confirmed).toBe(true);
  }
  // The unconfirmed view no longer shows them.
  await page.reload();
  await expect(grid.locator('[aria-rowindex="2"]')).not.toHaveAttribute('data-sid', firstFifty[0]);
  await expectNoAxeViolations(page);
});

test('two buyers edit the same shipment: the second sees both values and keeps theirs on purpose', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const pageA = await first.newPage();
    const pageB = await second.newPage();
    await openSchedule(pageA, ada.email, 'Pinecrest Circuits');
    await openSchedule(pageB, ben.email, 'Pinecrest Circuits');
    const sid = await pageA.locator('[role="grid"] [aria-rowindex="2"]').getAttribute('data-sid');
    await expect(pageB.locator('[role="grid"] [aria-rowindex="2"]')).toHaveAttribute('data-sid', sid ?? '');

    // Ben opens the ship date's editor; Ada moves the date meanwhile (live updates bring it to Ben's page under
    // his open editor); Ben then saves his own date, typed against the version he saw.
    await cell(pageB, 0, shipDate).click();
    await pageB.keyboard.press('Enter');
    await cell(pageA, 0, shipDate).click();
    await pageA.keyboard.press('Enter');
    await pageA.locator('[role="grid"] input[type="date"]').fill('2027-03-01');
    await pageA.keyboard.press('Enter');
    await expect(cell(pageA, 0, shipDate)).toContainText('2027');

    await pageB.locator('[role="grid"] input[type="date"]').fill('2027-04-15');
    await pageB.keyboard.press('Enter');
    const dialog = pageB.getByRole('dialog', { name: 'Someone else changed this shipment' });
    await expect(dialog).toBeVisible();
    const values = dialog.getByRole('row', { name: /Ship date/ });
    await expect(values.getByRole('cell').nth(0)).toContainText('15');
    await expect(values.getByRole('cell').nth(1)).toContainText('1');
    await expectNoAxeViolations(pageB);
    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    await expect(dialog).toBeHidden();
    await expect(cell(pageB, 0, shipDate)).toContainText('15');

    // Ada reloads and sees Ben's value: nothing was overwritten silently, and the history has both changes.
    await pageA.reload();
    await expect(cell(pageA, 0, shipDate)).toContainText('15');
    const history = await pageA.request.get(`/v1/itemGroups/${sid ?? ''}/events`);
    const shipDates = (
      (await history.json()) as { itemGroupEvents: { event: { after?: { shipDate?: string } } }[] }
    ).itemGroupEvents
      .map((e) => e.event.after?.shipDate)
      .filter(Boolean);
    expect(shipDates).toEqual(expect.arrayContaining(['2027-03-01', '2027-04-15']));
  } finally {
    await first.close();
    await second.close();
  }
});

test('a bad value is refused in the cell, and Escape leaves the cell as it was', async ({ page }) => {
  await openSchedule(page, ada.email, 'Brightline Electronics Supply');
  await cell(page, 0, 4).click();
  await page.keyboard.press('Enter');
  const input = page.locator('[role="grid"] input[type="text"]');
  await input.fill('0');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('grid').getByRole('alert')).toHaveText('A quantity must be more than zero.');
  await page.keyboard.press('Escape');
  await expect(input).toBeHidden();
  await expect(cell(page, 0, 4)).toBeFocused();
});
