// Approval mode across both roles, against the real server: the demo's second
// customer (Helix Medical Devices) approves vendor dates and splits. Its buyer
// finds the update request emailed to Voltaris in the Mailbox; the vendor opens
// the link on a phone, proposes a ship date past the due date for one line and
// a split of another; the buyer accepts the first on the schedule's queue
// (the line moves and New Delay is raised) and rejects the second with a
// reason, which the vendor then reads in the portal. Voltaris serves Northwind
// too: its portal switches between the two customers.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../server/seed/demo.ts';
import { expectNoAxeViolations, signIn, vendor } from './support.ts';

const HELIX = 'Helix Medical Devices';
const helixBuyer = DEMO_LOGINS.find((l) => l.organization === HELIX && l.role === 'buyer')!;
const PHONE = { width: 375, height: 812 };

/** The Helix buyer's schedule with the proposals queue. */
async function openQueue(page: Page) {
  await signIn(page, helixBuyer.email);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/schedule');
  return page.getByRole('region', { name: /^Vendor proposals/ });
}

test('a vendor proposes, the buyer of a customer in approval mode accepts one and rejects the other', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await signIn(page, helixBuyer.email);
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/mailbox?to=${encodeURIComponent(vendor.email)}`);
  await page
    .getByRole('list', { name: 'Emails' })
    .getByRole('link', { name: /please confirm/ })
    .first()
    .click();
  const link = await page.getByRole('link', { name: `Open the portal as ${vendor.email}` }).getAttribute('href');
  expect(link).toMatch(/\/portal\/link#token=vl_/);

  // The vendor, on a phone, from the emailed link: Helix's request, in Helix's words.
  const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const portal = await phone.newPage();
  await portal.goto(link ?? '');
  await expect(portal.getByRole('heading', { level: 1, name: `Update requests from ${HELIX}` })).toBeVisible();
  await expect(portal.getByText(`${HELIX} approves new dates and splits`)).toBeVisible();
  await expectNoAxeViolations(portal);

  // A ship date past the due date, with a reason: sent for approval, and the line says it waits.
  const change = portal.getByRole('button', { name: /^Change date of line / }).first();
  const dated = ((await change.getAttribute('aria-label')) ?? '').replace(/^Change date of line /, '');
  await change.click();
  const form = portal.getByRole('form', { name: `New ship date of line ${dated}` });
  await form.getByLabel('New ship date').fill('2030-06-14');
  await form.getByLabel('Reason (optional)').fill('Wafer allocation moved.');
  await form.getByRole('button', { name: 'Send for approval' }).click();
  await expect(form).toBeHidden();
  await expect(portal.getByText(/sent with your reason to Helix Medical Devices for approval/)).toBeVisible();
  const datedLine = portal
    .getByRole('listitem')
    .filter({ has: portal.getByRole('button', { name: `Change date of line ${dated}`, exact: true }) });
  await expect(datedLine).toContainText(`waiting for ${HELIX} to accept it`);

  // A split of another line into two shipments: proposed, not made.
  const splitButton = portal.getByRole('button', { name: /^Split line / }).nth(1);
  const splitName = ((await splitButton.getAttribute('aria-label')) ?? '').replace(/^Split line /, '');
  expect(splitName).not.toBe(dated);
  await splitButton.click();
  const dialog = portal.getByRole('dialog');
  const first = dialog.getByLabel('Quantity of shipment 1');
  const whole = Number(await first.inputValue());
  await dialog.getByLabel('Quantity of shipment 2').fill(String(Math.floor(whole / 2)));
  await dialog.getByRole('button', { name: 'Propose 2 shipments' }).click();
  await expect(dialog).toBeHidden();
  const splitLine = portal
    .getByRole('listitem')
    .filter({ has: portal.getByRole('button', { name: `Split line ${splitName}`, exact: true }) });
  await expect(splitLine).toContainText('You proposed splitting it into 2 shipments');

  // Voltaris serves Northwind too: the portal switches customer, and back.
  const customer = portal.getByRole('combobox', { name: 'Customer' });
  await customer.selectOption({ label: 'Northwind Robotics (as Voltaris Components)' });
  await expect(
    portal.getByRole('heading', { level: 1, name: 'Update requests from Northwind Robotics' }),
  ).toBeVisible();
  await expect(portal.getByText(`${HELIX} approves new dates`)).toHaveCount(0);
  await portal.getByRole('combobox', { name: 'Customer' }).selectOption({ label: `${HELIX} (as Voltaris Components)` });
  await expect(portal.getByRole('heading', { level: 1, name: `Update requests from ${HELIX}` })).toBeVisible();

  // The buyer: both proposals wait on the schedule; the date is accepted, the split rejected with a reason.
  const queue = await openQueue(page);
  await expect(queue).toBeVisible();
  await expectNoAxeViolations(page);
  const orderOfDated = dated.split(' of order ')[1];
  const lineOfDated = dated.split(' of order ')[0];
  await queue.getByRole('button', { name: `Accept proposal for line ${lineOfDated} of order ${orderOfDated}` }).click();
  await expect(page.getByText(/^Accepted/)).toBeVisible();
  const orderOfSplit = splitName.split(' of order ')[1];
  const lineOfSplit = splitName.split(' of order ')[0];
  await queue.getByRole('button', { name: `Reject proposal for line ${lineOfSplit} of order ${orderOfSplit}` }).click();
  await queue.getByLabel('Reason for the vendor').fill('We need the whole quantity at once.');
  await queue.getByRole('button', { name: 'Send rejection' }).click();
  await expect(queue).toBeHidden();

  // The accepted date is the line's now, past its due date: New Delay on the order, the vendor's change in its history.
  await page.goto(`/orders?q=${encodeURIComponent(orderOfDated)}`);
  await page.getByRole('table', { name: 'Orders' }).getByRole('link', { name: orderOfDated, exact: true }).click();
  // The order page reads several lists at once; on a loaded two-core machine the first answers can take seconds.
  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderOfDated}` })).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByRole('button', { name: /^Resolve New delay on / }).first()).toBeVisible({ timeout: 15_000 });
  const history = page.getByRole('list', { name: `History of order ${orderOfDated}` });
  await expect(history).toContainText(/Ship date: .*2030/);
  await expectNoAxeViolations(page);

  // The vendor reads the rejection and its reason; the line is as it was.
  await portal.reload();
  const rejected = portal.getByRole('region', { name: `Not accepted by ${HELIX}` });
  await expect(rejected).toContainText('We need the whole quantity at once.');
  await expect(splitLine).not.toContainText('You proposed splitting');
  await expect(datedLine).not.toContainText('waiting for');
  await expectNoAxeViolations(portal);
  await phone.close();
});
