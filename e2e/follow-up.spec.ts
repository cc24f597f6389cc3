// The follow-up engine from a buyer's chair, against the real server: an
// admin edits a cadence, adds a line due in three days, moves the follow-up
// clock a week, finds the update request in the Mailbox and a Past Due flag
// on the flags page, resolves it with a note, and sees it gone from the order
// page. The clock is the demo organization's, so it goes back to real time
// at the end whatever happened, and this file's tests run one at a time.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../server/seed/demo.ts';
import { expectNoAxeViolations, expectTablesFit, signIn } from './support.ts';

const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;

test.describe.configure({ mode: 'serial' });

/** Toasts (the shared Toaster) are left out of scans: they come and go. */
async function scanWithoutToasts(page: Page): Promise<void> {
  await expect(page.locator('[data-sonner-toast]')).toHaveCount(0, { timeout: 15_000 });
  await expectNoAxeViolations(page);
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Whether the day `offsetDays` from now is a Saturday or Sunday where the demo organization is (Berlin). */
const isWeekendInBerlin = (offsetDays: number) =>
  ['Sat', 'Sun'].includes(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'short' }).format(
      new Date(Date.now() + offsetDays * 86_400_000),
    ),
  );

async function clockBackToRealTime(page: Page): Promise<void> {
  await page.goto('/settings');
  const back = page.getByRole('button', { name: 'Back to real time' });
  await expect(page.getByRole('heading', { name: 'Follow-up clock (development only)' })).toBeVisible();
  if (await back.isEnabled()) {
    await back.click();
    await expect(page.getByText('(real time)')).toBeVisible({ timeout: 30_000 });
  }
}

test('a buyer edits a cadence, moves the clock a week, reads the mailbox and resolves a past due flag', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // One unbroken word, as an ERP may number its orders: the tables it shows in break it rather than widen.
  const number = `E2EFOLLOWUPORDERNUMBER${Date.now()}`;
  await signIn(page, admin.email);
  await expect(page).toHaveURL(/\/$/);
  try {
    // A cadence edited in Settings → Follow-up.
    await page.goto('/settings');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await page.getByRole('button', { name: 'Edit Default follow-up' }).click();
    const form = page.getByRole('form', { name: 'Edit cadence Default follow-up' });
    await form.getByLabel('Every N days').fill('3');
    await form.getByRole('button', { name: /Save/ }).click();
    await expect(form).toBeHidden();
    await expect(page.getByRole('row', { name: /Default follow-up/ })).toContainText('3');
    await scanWithoutToasts(page);

    // A line of Voltaris (whose contact has a portal login), due in three days.
    await page.goto('/orders/new');
    await page.getByLabel('Order number').fill(number);
    await page.getByRole('combobox', { name: 'Vendor' }).fill('Voltaris Components');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Order ${number}` })).toBeVisible();
    const orderSid = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Add item' }).click();
    const itemDialog = page.getByRole('dialog', { name: 'Add an item' });
    await itemDialog.getByLabel('Line').fill('10');
    await itemDialog.getByLabel('Part number').fill('MPN-FU-1');
    await itemDialog.getByLabel('Quantity').fill('25');
    await itemDialog.getByRole('button', { name: 'Add item' }).click();
    await expect(itemDialog).toBeHidden();
    await page.getByRole('button', { name: 'Add shipment to 10' }).click();
    const shipmentDialog = page.getByRole('dialog', { name: 'Add a shipment of item 10' });
    await shipmentDialog.getByLabel('Quantity').fill('25');
    await shipmentDialog.getByLabel('Due date').fill(isoDay(3));
    await shipmentDialog.getByRole('button', { name: 'Add shipment' }).click();
    await expect(shipmentDialog).toBeHidden();

    // A week passes, to a business morning: nothing is sent on a day off, so from a weekend it goes on to Monday.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Move forward 1 week' }).click();
    await expect(page.getByText(/7 days ahead of real time/)).toBeVisible({ timeout: 60_000 });
    for (let ahead = 7; isWeekendInBerlin(ahead);) {
      await page.getByRole('button', { name: 'Move forward 1 day' }).click();
      ahead++;
      await expect(page.getByText(new RegExp(`${ahead} days ahead of real time`))).toBeVisible({ timeout: 60_000 });
    }

    // The update request for the new line went to Voltaris; its email is in the Mailbox, as the vendor sees it.
    await page.goto(`/update-requests?orderSid=${orderSid}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Update requests' })).toBeVisible();
    await expect(page.getByRole('link', { name: `See email about ${number}` })).toBeVisible();
    await expectTablesFit(page, 'update requests');
    await scanWithoutToasts(page);
    await page.getByRole('link', { name: `See email about ${number}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
    await page.getByRole('link', { name: new RegExp(`${number}: please confirm 1 line`) }).click();
    const email = page.frameLocator('iframe[title]');
    await expect(email.getByText('MPN-FU-1')).toBeVisible();
    await scanWithoutToasts(page);

    // The line is past due now: its flag is on the flags page; resolving it takes it off the open list.
    await page.goto('/flags');
    await expect(page.getByRole('heading', { level: 1, name: 'Flags' })).toBeVisible();
    const flagName = new RegExp(`^Resolve Past due flag on ${number}`);
    await expect(page.getByRole('button', { name: flagName })).toBeVisible();
    await expectTablesFit(page, 'flags');
    await page.getByRole('button', { name: flagName }).click();
    const dialog = page.getByRole('dialog', { name: /Resolve 1 flag/ });
    await dialog.getByLabel('Note (optional)').fill('Called Mara: it ships Monday.');
    await dialog.getByRole('button', { name: /Resolve/ }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: flagName })).toHaveCount(0);
    await scanWithoutToasts(page);

    // The order page no longer shows it.
    await page.goto(`/orders/${orderSid}`);
    const followUp = page.getByRole('region', { name: 'Follow-up' });
    await expect(followUp.getByText('No open flags on this order.')).toBeVisible();
    await expect(followUp.getByText(/to sales@voltaris.example/)).toBeVisible();
    await scanWithoutToasts(page);
  } finally {
    await clockBackToRealTime(page);
  }
});
