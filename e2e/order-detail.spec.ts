// A buyer's whole round on one order, against the real server: create it, add
// a line and its shipment, split the shipment, confirm one part, read it all
// back in the history, pause and resume its follow-up, and delete the order
// (after saying what goes).
import { expect, test, type Page } from '@playwright/test';
import { buyer, expectNoAxeViolations, signIn } from './support.ts';

/**
 * The page's own markup is what is scanned here: a success toast (sonner with
 * richColors, green on pale green) fails color-contrast on its own, which is
 * the shared Toaster's to fix, so scans wait until the toasts have gone.
 */
async function scanWithoutToasts(page: Page): Promise<void> {
  await expect(page.locator('[data-sonner-toast]')).toHaveCount(0, { timeout: 15_000 });
  await expectNoAxeViolations(page);
}

test('a buyer creates an order, schedules, splits and confirms a shipment, and sees it in the history', async ({
  page,
}) => {
  // One long journey on a shared 2-core machine, with scans that wait for toasts to go.
  test.setTimeout(120_000);
  const number = `E2E-${Date.now()}`;
  await signIn(page, buyer.email);
  await expect(page).toHaveURL(/\/$/);

  await page.goto('/orders/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New order' })).toBeVisible();
  await expectNoAxeViolations(page);
  // Nothing filled in: the form says what is missing and stays put.
  await page.getByRole('button', { name: 'Create order' }).click();
  await expect(page.getByText('Enter the order number.')).toBeVisible();
  await page.getByLabel('Order number').fill(number);
  await page.getByRole('combobox', { name: 'Vendor' }).fill('Voltaris Components');
  await page.getByLabel('Title (optional)').fill('Controller boards, first run');
  await page.getByRole('button', { name: 'Create order' }).click();
  await expect(page).toHaveURL(/\/orders\/OR[0-9a-z]{28}$/);
  await expect(page.getByRole('heading', { level: 1, name: `Order ${number}` })).toBeVisible();
  await expect(page.getByText('This order has no items yet.')).toBeVisible();

  // A line and its one shipment.
  await page.getByRole('button', { name: 'Add item' }).click();
  const itemDialog = page.getByRole('dialog', { name: 'Add an item' });
  await itemDialog.getByLabel('Line').fill('L1');
  await itemDialog.getByLabel('Part number').fill('MPN-E2E-1');
  await itemDialog.getByLabel('Quantity').fill('100');
  await itemDialog.getByRole('button', { name: 'Add item' }).click();
  await expect(itemDialog).toBeHidden();
  await page.getByRole('button', { name: 'Add shipment to L1' }).click();
  const shipmentDialog = page.getByRole('dialog', { name: 'Add a shipment of item L1' });
  await shipmentDialog.getByLabel('Quantity').fill('100');
  await shipmentDialog.getByLabel('Due date').fill('2030-12-01');
  await shipmentDialog.getByRole('button', { name: 'Add shipment' }).click();
  await expect(shipmentDialog).toBeHidden();
  const shipments = page.getByRole('table', { name: 'Shipments of item L1' });
  await expect(shipments.getByRole('row')).toHaveCount(2);

  // Split 100 into 60 + 40; the button waits for the sum.
  await shipments.getByRole('button', { name: 'Split Shipment 1' }).click();
  const split = page.getByRole('dialog', { name: 'Split shipment' });
  await split.getByLabel('Quantity of shipment 1').fill('60');
  await split.getByLabel('Quantity of shipment 2').fill('30');
  await expect(split.getByText('Sum 90 of 100: 10 still to assign.')).toBeVisible();
  await expect(split.getByRole('button', { name: 'Split into 2 shipments' })).toBeDisabled();
  await split.getByLabel('Quantity of shipment 2').fill('40');
  await expect(split.getByText('Sum 100 of 100: the quantities add up.')).toBeVisible();
  await scanWithoutToasts(page);
  await split.getByRole('button', { name: 'Split into 2 shipments' }).click();
  await expect(split).toBeHidden();
  await expect(shipments.getByRole('row')).toHaveCount(3);
  await expect(shipments.getByRole('row').nth(1)).toContainText('60');
  await expect(shipments.getByRole('row').nth(2)).toContainText('40');

  // The vendor said yes to the second part: the buyer records it.
  await shipments.getByRole('button', { name: 'Confirm Shipment 2' }).click();
  await expect(shipments.getByRole('button', { name: 'Confirm Shipment 2' })).toHaveCount(0);
  await expect(shipments.getByRole('row').nth(2).getByRole('cell').nth(4)).toHaveText('Yes');

  const history = page.getByRole('list', { name: `History of order ${number}` });
  await expect(history).toContainText('split a shipment of item L1 of 100 into 2 shipments');
  await expect(history).toContainText('Quantity 60');
  await expect(history).toContainText('confirmed the dates of shipment of item L1');
  // Newest first: the confirmation, then the split.
  const entries = history.locator(':scope > li');
  await expect(entries.first()).toContainText('confirmed the dates');
  await expect(entries.nth(1)).toContainText('split a shipment');
  await scanWithoutToasts(page);

  // The vendor is closed for a fortnight: the buyer pauses the order's follow-up, and resumes it.
  const followUp = page.getByRole('region', { name: 'Follow-up' });
  await expect(followUp).toContainText(/Lines follow /);
  await followUp.getByRole('button', { name: 'Pause follow-up' }).click();
  await expect(followUp).toContainText('Follow-up is paused for this order.');
  await expect(history).toContainText('paused follow-up of the order');
  await scanWithoutToasts(page);
  await followUp.getByRole('button', { name: 'Resume follow-up' }).click();
  await expect(followUp).toContainText(/Lines follow /);
  await expect(entries.first()).toContainText('resumed follow-up of the order');

  // The item's own page tells the same story.
  await page.getByRole('link', { name: 'L1', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Item L1' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Shipments of item L1' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'History of item L1' })).toContainText(
    'split a shipment of 100 into 2 shipments',
  );
  const composer = page.getByRole('form', { name: 'Write a message' });
  await composer.getByLabel('New message').fill('Vendor confirmed the second part by phone.');
  await composer.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('list', { name: 'Messages about item L1' })).toContainText(
    'Vendor confirmed the second part by phone.',
  );
  await scanWithoutToasts(page);

  // Deleting asks first, naming what goes; cancelling keeps everything.
  await page.getByRole('link', { name: number, exact: true }).click();
  await page.getByRole('button', { name: 'Delete order' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete order' });
  await expect(confirm).toContainText(`Delete order ${number} with its 1 item and 2 shipments? This cannot be undone.`);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole('button', { name: 'Delete order' }).click();
  await confirm.getByRole('button', { name: 'Delete order' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await page.goBack();
  await expect(page.getByText('Could not load the order.')).toBeVisible();
});
